"""Exports on crafted people: each destination's layout parses back (quoting, delimiter, BOM,
gzip), ids keyed by the destination's own id (one row per id, ambiguous ids never sent), the
backstamp, contactability drops, a delta after a skipped delivery day, byte-identical re-delivery,
and erased values absent from every file. Real ingest, identity, profile, segment and export steps."""

import csv
import datetime as dt
import gzip
import hashlib
import io
import json

import duckdb
import pytest
import yaml

from assets.export import export_day
from assets.warehouse_setup import prepare_warehouse
from pipelines.identity_admin import add_suppressions
from resources.export_targets import ExportTargets
from resources.project_config import load_config
from tests.deliveries import D1, phone, uid
from tests.segments.test_segments import order

D2, D3 = D1 + dt.timedelta(days=1), D1 + dt.timedelta(days=2)


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def destinations(outbox) -> dict:
    def local(name):
        return {"type": "local", "path": str(outbox / name)}

    return {
        "destinations": {
            "msg": {
                "target": local("msg"),
                "segments": ["one_time_buyer", "prospect"],
                "file_name": "msg_{segment}_{date:%Y%m%d}.csv",
                "columns": [
                    {"header": "customer_id", "attribute": "customer_id"},
                    {"header": "line_uid", "attribute": "line_uid"},
                    {"header": "tags", "template": "seg_{segment}_{date:%Y%m%d}"},
                ],
                "require_any": ["customer_id", "line_uid"],
            },
            "mail": {
                "target": local("mail"),
                "segments": ["prospect"],
                "file_name": "mail_{segment}_{date:%Y%m%d}.csv",
                "columns": [
                    {"header": "user.Email", "attribute": "email"},
                    {"header": "user.Identifier", "attribute": "email_md5"},
                    {"header": "user.CustomAttribute.segment_code", "template": "{segment}"},
                ],
                "require_any": ["email"],
                "quote_all": True,
            },
            "crm": {
                "target": local("crm"),
                "id_key": "crm_id",
                "mode": "delta",
                "change_values": {"joined": "add", "left": "remove"},
                "segments": ["one_time_buyer", "prospect"],
                "file_name": "crm_{segment}_{date:%Y%m%d}.csv.gz",
                "compression": "gzip",
                "encoding": "utf-8-sig",
                "columns": [
                    {"header": "contactid", "key": "crm_id"},
                    {"header": "segmentcode", "template": "{segment}"},
                    {"header": "action", "fact": "change"},
                ],
                "backstamp": {
                    "file_name": "crm_backstamp_{date:%Y%m%d}.csv.gz",
                    "columns": [
                        {"header": "contactid", "key": "crm_id"},
                        {"header": "profile", "fact": "profile_id"},
                        {"header": "emailmd5", "attribute": "email_md5"},
                        {"header": "lifecycle", "fact": "lifecycle"},
                        {"header": "status", "fact": "member_status"},
                        {"header": "action", "fact": "change"},
                    ],
                },
            },
            "generic": {
                "target": local("generic"),
                "segments": ["prospect"],
                "file_name": "cdh_{segment}_{date:%Y-%m-%d}.csv",
                "delimiter": ";",
                "quote_header": True,
                "columns": [
                    {"header": "profile id", "fact": "profile_id"},
                    {"header": "lifecycle", "fact": "lifecycle"},
                    {"header": "bound", "fact": "member_status"},
                ],
            },
        }
    }


@pytest.fixture
def shop(graph):
    """D1: P1 (LINE + customer C1 + CRM X1, one order), P2 (LINE + CRM X2, prospect), P3 (CRM X3
    only, prospect), P4 (LINE only, no e-mail); D2: P2's first order; D3: P3's first order."""
    root = graph.project.root
    (root / "config" / "destinations.yaml").write_text(yaml.safe_dump(destinations(graph.project.outbox)))
    path = root / "config" / "segments.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["custom"], doc["triggers"] = [], []
    path.write_text(yaml.safe_dump(doc))
    graph.cfg = load_config(root / "config")
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "customer_id": "C1", "email": "p1@example.com"},
            {"line_uid": uid(2), "customer_id": "C2", "email": "p2@example.com"},
            {"line_uid": uid(4)},
        ],
        [order("O1", "C1", 1)],
        crm=[
            {"contactid": "X1", "emailaddress1": "p1@example.com"},
            {"contactid": "X2", "emailaddress1": "P2@Example.com "},
            {"contactid": "X3", "emailaddress1": "p3@example.com", "mobilephone": phone(3)},
        ],
    )
    graph.deliver(D2, [], [order("O2", "C2", 0)])
    graph.deliver(D3, [], [{**order("O3", "", 0), "phone": phone(3)}])
    graph.run_through_segments(D1, D2, D3)
    return graph


def export(graph, *days):
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        return [f for day in days for f in export_day(con, ExportTargets(), graph.cfg, day)]


def read(graph, destination: str, name: str, delimiter=",") -> tuple[bytes, list[dict]]:
    raw = (graph.project.outbox / destination / name).read_bytes()
    data = gzip.decompress(raw) if name.endswith(".gz") else raw
    text = data.decode("utf-8-sig")
    return data, list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_each_layout_parses_back(shop):
    export(shop, D1)
    p = shop.profiles(D1)
    data, rows = read(shop, "msg", "msg_one_time_buyer_20261101.csv")
    assert data.startswith(b"customer_id,line_uid,tags\n")
    assert rows == [{"customer_id": "C1", "line_uid": uid(1), "tags": "seg_one_time_buyer_20261101"}]
    data, rows = read(shop, "mail", "mail_prospect_20261101.csv")
    assert data.startswith(b'"user.Email","user.Identifier","user.CustomAttribute.segment_code"\n"')
    assert sorted(r["user.Email"] for r in rows) == ["p2@example.com", "p3@example.com"]
    assert {r["user.Identifier"] for r in rows} == {md5("p2@example.com"), md5("p3@example.com")}
    data, rows = read(shop, "crm", "crm_prospect_20261101.csv.gz")
    assert data.startswith("\ufeffcontactid,segmentcode,action\n".encode())  # BOM, then the header
    assert sorted(r["contactid"] for r in rows) == ["X2", "X3"] and {r["action"] for r in rows} == {"add"}
    data, rows = read(shop, "generic", "cdh_prospect_2026-11-01.csv", delimiter=";")
    assert data.startswith(b'"profile id";"lifecycle";"bound"\np_')  # quoted header, plain values
    assert {r["profile id"] for r in rows} == {p[uid(2)], p["X3"], p[uid(4)]}


def test_backstamp_is_one_row_per_crm_id_with_the_profile(shop):
    export(shop, D1)
    p = shop.profiles(D1)
    _, rows = read(shop, "crm", "crm_backstamp_20261101.csv.gz")
    assert sorted(rows, key=lambda r: r["contactid"]) == [
        {"contactid": "X1", "profile": p[uid(1)], "emailmd5": md5("p1@example.com"),
         "lifecycle": "one_time_buyer", "status": "bound_member", "action": "add"},
        {"contactid": "X2", "profile": p[uid(2)], "emailmd5": md5("p2@example.com"),
         "lifecycle": "prospect", "status": "bound_member", "action": "add"},
        {"contactid": "X3", "profile": p["X3"], "emailmd5": md5("p3@example.com"),
         "lifecycle": "prospect", "status": "unbound_member", "action": "add"},
    ]  # fmt: skip


def test_contactability_drops_are_counted(shop):
    files = {(f.destination, f.segment): f for f in export(shop, D1)}
    # prospects: P2, P3 (CRM only: no customer id, no LINE uid), P4 (no e-mail)
    assert (files["msg", "prospect"].profiles, files["msg", "prospect"].dropped) == (2, 1)
    assert (files["mail", "prospect"].profiles, files["mail", "prospect"].dropped) == (2, 1)
    assert (files["crm", "prospect"].profiles, files["crm", "prospect"].dropped) == (2, 1)  # P4: no CRM id
    [(profiles, dropped)] = shop.project.sql(
        "SELECT profiles, dropped FROM export.deliveries WHERE destination = 'mail' AND day = ?", [D1]
    )
    assert (profiles, dropped) == (2, 1)


def test_delta_after_a_skipped_day_compares_with_the_last_delivered_file(shop):
    export(shop, D1)  # D2's segments are computed but nothing is delivered that day
    files = {(f.destination, f.segment): f for f in export(shop, D3)}
    assert files["crm", "one_time_buyer"].since_day == D1
    _, rows = read(shop, "crm", "crm_one_time_buyer_20261103.csv.gz")
    assert sorted((r["contactid"], r["action"]) for r in rows) == [("X2", "add"), ("X3", "add")]
    _, rows = read(shop, "crm", "crm_prospect_20261103.csv.gz")
    assert sorted((r["contactid"], r["action"]) for r in rows) == [("X2", "remove"), ("X3", "remove")]
    _, rows = read(shop, "crm", "crm_backstamp_20261103.csv.gz")
    assert sorted((r["contactid"], r["lifecycle"], r["action"]) for r in rows) == [
        ("X2", "one_time_buyer", "add"),
        ("X3", "one_time_buyer", "add"),
    ]  # X1 did not change: not sent again
    manifest = json.loads((shop.project.outbox / "crm" / "manifest_crm_20261103.json").read_text())
    by_name = {f["name"]: f for f in manifest["files"]}
    assert by_name["crm_prospect_20261103.csv.gz"]["left"] == 2
    assert by_name["crm_prospect_20261103.csv.gz"]["since"] == "2026-11-01"


def test_redelivering_a_day_gives_identical_bytes_and_no_duplicates(shop):
    export(shop, D1)
    export(shop, D3)
    outbox = shop.project.outbox
    before = {p: p.read_bytes() for p in outbox.rglob("*") if p.is_file()}
    counts = shop.project.sql(
        "SELECT count(*) FROM export.deliveries UNION ALL SELECT count(*) FROM export.sent_rows"
    )
    export(shop, D3)
    after = {p: p.read_bytes() for p in outbox.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in outbox.rglob("*") if p.name.endswith(".part")]
    assert (
        shop.project.sql(
            "SELECT count(*) FROM export.deliveries UNION ALL SELECT count(*) FROM export.sent_rows"
        )
        == counts
    )


def test_erased_values_are_in_no_export_file(shop):
    export(shop, D1)
    with duckdb.connect(str(shop.project.settings.warehouse)) as con:
        prepare_warehouse(con, shop.cfg)
        # erased, and the identity step has not run since: the export itself holds them back
        add_suppressions(con, shop.cfg, "email", ["p1@example.com"], "request")
    files = export(shop, D3)
    texts = []
    for path in shop.project.outbox.rglob("*_20261103.csv*"):
        data = path.read_bytes()
        texts.append((gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8-sig"))
    everything = "\n".join(texts)
    for value in ("p1@example.com", md5("p1@example.com"), uid(1), "C1"):
        assert value not in everything
    # the CRM, which has the contact, is told to drop it: its id alone, with nothing else
    assert [line for line in everything.splitlines() if "X1" in line] == [
        "X1,one_time_buyer,remove",
        "X1,,,,,remove",
    ]
    assert sum(f.suppressed for f in files if f.destination in ("msg", "crm")) >= 3


def test_an_id_held_by_several_profiles_is_never_sent(shop):
    cfg_path = shop.project.root / "config" / "destinations.yaml"
    doc = yaml.safe_load(cfg_path.read_text())
    doc["destinations"] = {"byemail": {**doc["destinations"]["crm"], "id_key": "email", "mode": "full"}}
    byemail = doc["destinations"]["byemail"]
    byemail["columns"] = [{"header": "email", "key": "email"}, {"header": "seg", "template": "{segment}"}]
    byemail["backstamp"]["columns"] = [
        {"header": "email", "key": "email"},
        {"header": "profile", "fact": "profile_id"},
    ]
    cfg_path.write_text(yaml.safe_dump(doc))
    shop.cfg = load_config(shop.project.root / "config")
    # one shared address on two LINE accounts whose customer ids differ: two profiles hold it
    with duckdb.connect(str(shop.project.settings.warehouse)) as con:
        con.execute(
            "INSERT INTO raw.record_numbers SELECT source, 'extra', (SELECT max(record_no) + 1 FROM "
            "raw.record_numbers) FROM raw.record_numbers WHERE record_id = ?",
            [uid(1)],
        )
        extra = "(SELECT record_no FROM raw.record_numbers WHERE record_id = 'extra')"
        con.execute(
            "INSERT INTO identity.record_keys_history (source, kind, key, priority, link, value, "
            "valid_from, valid_to, record_no, value_hash) SELECT source, kind, key, priority, "
            f"link, value, valid_from, valid_to, {extra}, value_hash FROM identity.record_keys_history "
            "WHERE record_no = (SELECT record_no FROM raw.record_numbers WHERE record_id = ?) "
            "AND key = 'email'",
            [uid(1)],
        )
        con.execute(
            "INSERT INTO identity.record_profiles_history (source, kind, profile_no, "
            "first_seen_day, valid_from, valid_to, record_no) SELECT source, kind, "
            f"identity.profile_number($pid), first_seen_day, valid_from, valid_to, {extra} "
            "FROM identity.record_profiles_history "
            "WHERE record_no = (SELECT record_no FROM raw.record_numbers WHERE record_id = $uid)",
            {"pid": shop.profiles(D1)[uid(4)], "uid": uid(4)},
        )
    files = {f.segment: f for f in export(shop, D1)}
    _, rows = read(shop, "crm", "crm_backstamp_20261101.csv.gz")
    emails = [r["email"] for r in rows]
    assert "p1@example.com" not in emails and "p2@example.com" in emails
    assert len(emails) == len(set(emails))
    assert files[""].ambiguous == 2  # the address, once for each profile holding it

"""Identity on hand-built records with known answers, on a real DuckDB file: long chains, junk
hubs, family phones, merges that keep the older id, and ids that do not depend on load order."""

import csv
import datetime as dt
import gzip
import io

import duckdb
import pytest

from assets.identity import build_identity_days, parse_phone
from assets.ingest import ingest_source_day
from assets.warehouse_setup import prepare_warehouse
from resources.landing import LandingZones
from resources.project_config import load_config
from tests.conftest import make_project

D1, D2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
MAAC = ["line_uid", "customer_id", "name", "phone", "email", "updated_at"]
ORDERS = ["order_id", "customer_id", "phone", "order_datetime", "line_no", "order_total", "status"]


def uid(n: int) -> str:
    return "U" + f"{n:032x}"


def phone(n: int) -> str:
    return f"0912{n:06d}"


class Graph:
    def __init__(self, project):
        self.project = project
        self.cfg = load_config(project.settings.config_dir)
        self.landing = LandingZones(archive_dir=str(project.root / "archive"))
        self.project.landing.mkdir(parents=True, exist_ok=True)

    def deliver(self, day: dt.date, contacts: list[dict], orders: list[dict] = ()) -> None:
        for name, header, rows in (
            (f"maac_contacts_{day:%Y%m%d}.csv", MAAC, contacts),
            (f"orders_{day:%Y%m%d}.csv.gz", ORDERS, orders),
        ):
            buf = io.StringIO()
            writer = csv.DictWriter(buf, header, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        "updated_at": f"{day}T10:00:00+08:00",
                        "order_datetime": f"{day}T10:00:00+08:00",
                        "line_no": "1",
                        "order_total": "100",
                        "status": "paid",
                        **row,
                    }
                )
            data = buf.getvalue().encode()
            if name.endswith(".gz"):
                data = gzip.compress(data)
            (self.project.landing / name).write_bytes(data)

    def run(self, *days: dt.date) -> list[dict]:
        out = []
        with duckdb.connect(str(self.project.settings.warehouse)) as con:
            prepare_warehouse(con, self.cfg)
            # as in a single-run backfill: the window's files load first, then identity per day
            for day in days:
                for source in ("maac_contacts", "orders"):
                    ingest_source_day(con, self.landing, self.cfg, source, day)
            for day in days:
                out.append(build_identity_days(con, self.cfg, [day])[day])
        return out

    def profiles(self, day: dt.date) -> dict[str, str]:
        return dict(
            self.project.sql(
                "SELECT record_id, profile_id FROM identity.record_profiles_daily WHERE day = ?", [day]
            )
        )


@pytest.fixture
def graph(project):
    return Graph(project)


def test_long_chain_is_one_profile_in_few_rounds(graph):
    n = 64  # record i shares a phone with i+1 or an email with i+1, alternately: diameter 63
    graph.deliver(
        D1,
        [
            {"line_uid": uid(i), "phone": phone((i + 1) // 2), "email": f"e{i // 2}@example.com"}
            for i in range(n)
        ],
    )
    [stats] = graph.run(D1)
    assert len(set(graph.profiles(D1).values())) == 1
    assert stats["largest_cluster"] == n
    assert stats["component_rounds"] <= 10  # min-label propagation alone would need ~32


def test_junk_hub_over_the_cap_links_nobody(graph):
    graph.deliver(D1, [{"line_uid": uid(i), "phone": "0933-123-456"} for i in range(60)])
    graph.run(D1)
    assert len(set(graph.profiles(D1).values())) == 60
    audit = graph.project.sql(
        "SELECT key, value, reason, sum(records) FROM identity.skipped_values_daily "
        "WHERE day = ? GROUP BY ALL",
        [D1],
    )
    assert audit == [("phone", "+886933123456", "over_records_cap", 60)]


def test_blocklisted_and_invalid_values_link_nobody(graph):
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "phone": "0900000000", "email": "test@test.com", "customer_id": "N/A"},
            {"line_uid": uid(2), "phone": "0900-000-000", "email": " TEST@test.com", "customer_id": "n/a"},
            {"line_uid": uid(3), "phone": "12", "email": "not-an-email"},
            {"line_uid": uid(4), "phone": "12", "email": "not-an-email"},
        ],
    )
    graph.run(D1)
    assert len(set(graph.profiles(D1).values())) == 4
    reasons = dict(
        ((k, r), n)
        for k, r, n in graph.project.sql(
            "SELECT key, reason, sum(records) FROM identity.skipped_values_daily WHERE day = ? GROUP BY ALL",
            [D1],
        )
    )
    assert reasons[("phone", "blocklisted")] == 2 and reasons[("email", "blocklisted")] == 2
    assert reasons[("customer_id", "blocklisted")] == 2
    assert reasons[("phone", "invalid")] == 2 and reasons[("email", "invalid")] == 2


def test_family_phone_keeps_members_with_different_customer_ids_apart(graph):
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "customer_id": "C1", "phone": phone(7)},
            {"line_uid": uid(2), "customer_id": "C2", "phone": "+886 912 000 007"},
            {"line_uid": uid(3), "customer_id": "C2", "email": "kid@example.com"},
        ],
        orders=[{"order_id": "O1", "phone": phone(7)}, {"order_id": "O2", "customer_id": "C2"}],
    )
    [stats] = graph.run(D1)
    p = graph.profiles(D1)
    assert p[uid(1)] != p[uid(2)] and p[uid(2)] == p[uid(3)]
    assert "O1|1" not in p  # an order through the ambiguous phone attaches to nobody
    assert p["O2|1"] == p[uid(2)]
    assert stats["unattached_order_records"] == 1


def test_merge_keeps_the_older_id_and_is_recorded(graph):
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "email": "a@example.com"},
            {"line_uid": uid(2), "email": "b@example.com", "phone": phone(2)},
        ],
    )
    graph.deliver(D2, [{"line_uid": uid(3), "email": "a@example.com", "phone": phone(2)}])
    graph.run(D1, D2)
    before, after = graph.profiles(D1), graph.profiles(D2)
    assert before[uid(1)] != before[uid(2)]
    assert after[uid(1)] == after[uid(2)] == after[uid(3)] == before[uid(1)]
    merges = graph.project.sql("SELECT day, from_profile_id, into_profile_id FROM cdh.profile_merges")
    assert merges == [(D2, before[uid(2)], before[uid(1)])]


def test_ids_do_not_depend_on_the_order_days_are_run(tmp_path, monkeypatch):
    results = []
    for order in ((D1, D2), (D2, D1)):
        root = tmp_path / "-".join(map(str, order))
        monkeypatch.setenv("CDH_LANDING", str(root / "landing"))
        g = Graph(make_project(root))
        g.deliver(
            D1,
            [
                {"line_uid": uid(1), "email": "a@example.com"},
                {"line_uid": uid(2), "email": "b@example.com", "phone": phone(2)},
            ],
        )
        g.deliver(
            D2,
            [
                {"line_uid": uid(3), "email": "a@example.com", "phone": phone(2)},
                {"line_uid": uid(4), "email": "d@example.com"},
            ],
        )
        g.run(*order)
        results.append(
            (
                g.profiles(D1),
                g.profiles(D2),
                g.project.sql("SELECT * FROM identity.profile_merges_daily ORDER BY ALL"),
            )
        )
    assert results[0] == results[1]
    assert len(results[0][2]) == 1


def test_split_leaves_the_id_with_the_oldest_record(graph):
    graph.deliver(
        D1, [{"line_uid": uid(1), "email": "a@example.com"}, {"line_uid": uid(2), "email": "a@example.com"}]
    )
    # day 2: record 2 corrects its email; the link is gone
    graph.deliver(D2, [{"line_uid": uid(2), "email": "other@example.com"}])
    graph.run(D1, D2)
    before, after = graph.profiles(D1), graph.profiles(D2)
    assert before[uid(1)] == before[uid(2)]
    assert after[uid(1)] == before[uid(1)] and after[uid(2)] != before[uid(1)]


@pytest.mark.parametrize(
    "raw, e164",
    [
        ("0912-345-678", "+886912345678"),
        ("+886 912 345 678", "+886912345678"),
        ("886912345678", "+886912345678"),
        ("(02) 2345-6789", "+886223456789"),
        ("12", None),
        ("N/A", None),
    ],
)
def test_phone_normalisation(raw, e164):
    assert parse_phone(raw, "TW") == e164

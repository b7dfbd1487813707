"""Identity on hand-built records with known answers, on a real DuckDB file: long chains, junk
hubs, family phones, merges that keep the older id, and ids that do not depend on load order."""

import random

import duckdb
import pytest

from assets.identity import parse_phone
from assets.warehouse_setup import prepare_warehouse
from pipelines.sample_data import _fmt_phone
from resources.project_config import load_config
from tests.conftest import REPO, make_project
from tests.deliveries import D1, D2, Graph, phone, uid


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


def test_step_reports_cluster_sizes_and_cross_source_share(graph):
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "email": "a@example.com"},  # with the chat tool's uid(1): 2 sources
            {"line_uid": uid(2)},
            {"line_uid": uid(3), "email": "b@example.com"},
            {"line_uid": uid(4), "email": "b@example.com"},
            *[{"line_uid": uid(10 + i), "phone": phone(10)} for i in range(6)],
        ],
        caac=[{"line_uid": uid(1), "display_name": "A"}],
    )
    [stats] = graph.run(D1)
    sizes = {k: v for k, v in stats.items() if k.startswith("clusters_")}
    assert sizes == {
        "clusters_of_1": 1,
        "clusters_of_2": 2,
        "clusters_of_3_to_5": 0,
        "clusters_of_6_to_10": 1,
        "clusters_over_10": 0,
    }
    assert stats["cross_source_share"] == 0.25  # one profile of four joins two tools
    assert (stats["profiles"], stats["contact_records"], stats["largest_cluster"]) == (4, 11, 6)
    assert stats["multi_record_profiles"] == 3


def test_cluster_sizes_of_a_step_whose_previous_step_kept_none_are_counted_afresh(graph):
    """A warehouse written before steps kept their cluster-size histogram: the next incremental
    step counts every profile instead of updating a histogram it does not have."""
    graph.deliver(
        D1, [{"line_uid": uid(1), "email": "a@example.com"}, {"line_uid": uid(2), "email": "a@example.com"}]
    )
    graph.run(D1)
    graph.project.sql("DELETE FROM identity.cluster_sizes_daily")
    graph.deliver(D2, [{"line_uid": uid(3), "email": "b@example.com"}])
    [stats] = graph.run(D2)
    assert stats["mode"] == "incremental"
    assert (stats["profiles"], stats["contact_records"], stats["largest_cluster"]) == (2, 3, 2)
    assert (stats["clusters_of_1"], stats["clusters_of_2"]) == (1, 1)
    stored = graph.project.sql(
        "SELECT size, profiles FROM identity.cluster_sizes_daily WHERE day = ? ORDER BY size", [D2]
    )
    assert stored == [(1, 1), (2, 1)]


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
            {"line_uid": uid(5), "email": "Dummy@shop.example"},  # blocklisted by a pattern
        ],
    )
    graph.run(D1)
    assert len(set(graph.profiles(D1).values())) == 5
    reasons = dict(
        ((k, r), n)
        for k, r, n in graph.project.sql(
            "SELECT key, reason, sum(records) FROM identity.skipped_values_daily WHERE day = ? GROUP BY ALL",
            [D1],
        )
    )
    assert reasons[("phone", "blocklisted")] == 2 and reasons[("email", "blocklisted")] == 3
    assert reasons[("customer_id", "blocklisted")] == 2
    assert reasons[("phone", "invalid")] == 2 and reasons[("email", "invalid")] == 2
    # the md5 of a blocklisted e-mail is the same junk: no profile carries it (exports send it)
    assert reasons[("email_md5", "blocklisted")] == 3
    hashes = "SELECT count(*) FROM identity.record_keys_history WHERE key = 'email_md5'"
    assert graph.project.sql(hashes) == [(0,)]


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


def test_records_first_seen_the_same_day_rank_by_record_id_not_by_row_order(graph):
    """Eight records of one day share an email; the smallest record id is in the middle of the
    file. It anchors the profile id, so when it leaves the profile it keeps that id and the other
    seven get a new one, recorded as split from it."""
    graph.deliver(D1, [{"line_uid": uid(n), "email": "a@example.com"} for n in (9, 7, 5, 2, 3, 4, 6, 8)])
    graph.deliver(D2, [{"line_uid": uid(2), "email": "other@example.com"}])
    graph.run(D1, D2)
    before, after = graph.profiles(D1), graph.profiles(D2)
    assert len({before[uid(n)] for n in range(2, 10)}) == 1
    assert after[uid(2)] == before[uid(2)]
    assert len({after[uid(n)] for n in range(3, 10)} | {before[uid(2)]}) == 2
    splits = graph.project.sql("SELECT day, profile_id, from_profile_id, records FROM cdh.profile_splits")
    assert splits == [(D2, after[uid(3)], before[uid(2)], 7)]


def test_a_records_newest_version_is_its_last_line_of_its_latest_day(graph):
    """A record delivered twice in one file, and again the next day on an earlier line: its key
    values are those of the later line, then of the later day, whatever order the days were loaded
    in (D2's file first: its rows come before D1's in the table)."""
    graph.deliver(
        D1,
        [
            {"line_uid": uid(1), "email": "first@example.com"},
            {"line_uid": uid(2), "email": "other@example.com"},
            {"line_uid": uid(1), "email": "second@example.com"},
        ],
    )
    graph.deliver(
        D2,
        [{"line_uid": uid(1), "email": "third@example.com"}, {"line_uid": uid(2), "email": "x@example.com"}],
    )
    graph.run(D2, D1)
    emails = graph.project.sql(
        "SELECT d.day, k.value FROM (VALUES (?::DATE), (?::DATE)) AS d(day)"
        " JOIN identity.record_keys_history AS k ON k.valid_from <= d.day"
        "  AND (k.valid_to IS NULL OR k.valid_to > d.day)"
        " JOIN raw.record_numbers AS n ON n.record_no = k.record_no"
        " WHERE n.record_id = ? AND k.key = 'email' ORDER BY d.day",
        [D1, D2, uid(1)],
    )
    assert emails == [(D1, "second@example.com"), (D2, "third@example.com")]


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


def test_sql_phone_fast_path_agrees_with_libphonenumber(tmp_path):
    """The SQL rule for Taiwan mobile spellings gives libphonenumber's answer on the corpus: the
    sample generator's spellings, separators and country-code forms, and near-misses it must leave
    to libphonenumber."""
    rng = random.Random(5)
    corpus = []
    for _ in range(400):
        national = "09" + "".join(str(rng.randrange(10)) for _ in range(8))
        corpus += [_fmt_phone(national, rng) for _ in range(3)]
        n = national[1:]
        corpus += [
            national,
            f"+886{n}",
            f"886{n}",
            f"+886-{n[:3]}-{n[3:6]}-{n[6:]}",
            f"({national[:4]}) {national[4:]}",
        ]
    corpus += [
        "0912-345-67",
        "09123456789",
        "+8860912345678",
        "0812345678",
        "(02) 2345-6789",
        "+1 415 555 0100",
    ]
    con = duckdb.connect()
    prepare_warehouse(con, load_config(REPO / "config"))
    fast = dict(
        con.execute(
            "SELECT raw, identity.fast_phone(raw, 'TW') FROM unnest(?::VARCHAR[]) AS t(raw)", [corpus]
        ).fetchall()
    )
    taken = {raw: e164 for raw, e164 in fast.items() if e164 is not None}
    assert len(taken) >= 0.9 * len(set(corpus)) - 6  # the fast path takes the usual spellings
    assert {raw: parse_phone(raw, "TW") for raw in taken} == taken
    assert fast["+8860912345678"] is None and fast["0912-345-67"] is None and fast["(02) 2345-6789"] is None
    assert con.execute("SELECT identity.fast_phone('0912345678', 'JP')").fetchone() == (None,)

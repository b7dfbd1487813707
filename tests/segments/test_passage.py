"""The passage matrix and trigger lists over three crafted days with known moves, and their
independence from the order in which days were computed."""

import datetime as dt

import dagster as dg
import duckdb
import pytest

from assets.profile import build_profile_days
from assets.segments import build_segments_window
from assets.warehouse_setup import prepare_warehouse
from tests.deliveries import D1, phone, uid
from tests.segments.test_segments import LIFECYCLE, order, use_segments

D2, D3 = D1 + dt.timedelta(days=1), D1 + dt.timedelta(days=2)
TRIGGERS = [
    {"name": "became_ambassador", "from": ["repeat_buyer", "one_time_buyer"], "to": "ambassador"},
    {"name": "first_purchase", "from": ["prospect", "visitor"], "to": "one_time_buyer"},
]


def deliver_three_days(graph) -> None:
    use_segments(graph, lifecycle=LIFECYCLE[:3] + LIFECYCLE[4:], custom=[], triggers=TRIGGERS)
    graph.deliver(
        D1,
        [
            {"line_uid": uid(11), "customer_id": "C11"},
            {"line_uid": uid(12), "customer_id": "C12", "email": "p2@example.com"},
            {"line_uid": uid(13), "phone": phone(13)},
        ],
        [order("O1", "C11", 1)],
    )
    graph.deliver(
        D2,
        [{"line_uid": uid(14), "email": "p4@example.com"}],
        [order("O2", "C11", 0), order("O3", "C12", 0)],
    )
    # P1 reaches 4 orders and 6000; P3 gives P2's e-mail: the two profiles merge
    graph.deliver(
        D3,
        [{"line_uid": uid(13), "phone": phone(13), "email": "p2@example.com"}],
        [order("O4", "C11", 0, total=3000), order("O5", "C11", 0, total=3000)],
    )


def passage(graph, day) -> dict[tuple[str, str], int]:
    rows = graph.project.sql(
        "SELECT from_segment, to_segment, profiles FROM cdh.segment_passage WHERE day = ?", [day]
    )
    return {(f, t): n for f, t, n in rows}


def triggered(graph, day) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for segment, pid in graph.project.sql(
        "SELECT segment, profile_id FROM cdh.segment_members WHERE day = ? AND segment_group = 'trigger'",
        [day],
    ):
        out.setdefault(segment, set()).add(pid)
    return out


@pytest.fixture
def three_days(graph):
    deliver_three_days(graph)
    graph.run_through_segments(D1, D2, D3)
    return graph


def test_passage_counts_known_moves(three_days):
    g = three_days
    assert passage(g, D1) == {("(new)", "one_time_buyer"): 1, ("(new)", "prospect"): 2}
    assert passage(g, D2) == {
        ("one_time_buyer", "repeat_buyer"): 1,  # P1: second order
        ("prospect", "one_time_buyer"): 1,  # P2: first order
        ("prospect", "prospect"): 1,  # P3
        ("(new)", "prospect"): 1,  # P4 arrives
    }
    p2, p3 = g.profiles(D2)[uid(12)], g.profiles(D2)[uid(13)]
    survivor = g.profiles(D3)[uid(13)]
    assert survivor == g.profiles(D3)[uid(12)] and survivor in (p2, p3)
    merged_from = "one_time_buyer" if survivor == p2 else "prospect"
    gone_from = "prospect" if survivor == p2 else "one_time_buyer"
    assert passage(g, D3) == {
        ("repeat_buyer", "ambassador"): 1,  # P1
        (merged_from, "one_time_buyer"): 1,  # P2 + P3 under the surviving id
        (gone_from, "(gone)"): 1,  # the id merged away
        ("prospect", "prospect"): 1,  # P4
    }


def test_triggers_list_declared_transitions_only(three_days):
    g = three_days
    assert triggered(g, D1) == {}  # no previous day to compare with
    assert triggered(g, D2) == {"first_purchase": {g.profiles(D2)[uid(12)]}}
    expected = {"became_ambassador": {g.profiles(D3)[uid(11)]}}
    if g.profiles(D3)[uid(13)] == g.profiles(D2)[uid(13)]:  # P3's id survived: prospect -> buyer
        expected["first_purchase"] = {g.profiles(D3)[uid(13)]}
    assert triggered(g, D3) == expected


def test_backfilling_a_day_recomputes_the_next_days_passage(graph):
    deliver_three_days(graph)
    graph.run(D1, D2, D3)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        build_profile_days(con, graph.cfg, [D1, D2, D3])
        build_segments_window(con, graph.cfg, [D1])
        build_segments_window(con, graph.cfg, [D3])
    # D2 not computed yet: D3 compares with D1, where P1 was a one-time buyer
    assert passage(graph, D3)[("one_time_buyer", "ambassador")] == 1
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        build_segments_window(con, graph.cfg, [D2])  # the backfill of the missing day
    assert passage(graph, D3)[("repeat_buyer", "ambassador")] == 1
    assert ("one_time_buyer", "ambassador") not in passage(graph, D3)
    assert graph.project.sql("SELECT day, previous_day FROM segment.steps ORDER BY day") == [
        (D1, None),
        (D2, D1),
        (D3, D2),
    ]
    assert triggered(graph, D3)["became_ambassador"] == {graph.profiles(D3)[uid(11)]}


def test_the_daily_job_shows_the_matrix_and_plots_moves(graph):
    deliver_three_days(graph)
    with dg.instance_for_test() as instance:
        for day in (D1, D2, D3):
            assert graph.project.run_day(day, instance).success
        [event] = instance.fetch_materializations(
            dg.AssetRecordsFilter(
                asset_key=dg.AssetKey(["segment", "segment_members"]), asset_partitions=[D3.isoformat()]
            ),
            limit=1,
        ).records
    metadata = event.asset_materialization.metadata
    assert metadata["moved_repeat_buyer_to_ambassador"].value == 1
    assert metadata["moved_ambassador_to_gone"].value == 0  # every pair has a number, for the plots
    assert metadata["size_became_ambassador"].value == 1
    table = metadata["passage"].value
    assert (
        "| from \\ to | ambassador | repeat_buyer | one_time_buyer | prospect | visitor | (gone) |" in table
    )
    assert "| repeat_buyer | 1 | 0 | 0 | 0 | 0 | 0 |" in table

"""Segments on crafted people with known answers: lifecycle rules (orders, refunds, recency,
engagement, feeds, contactability), exclusivity, member status, feed matching with known hashes,
custom SQL segments and their validation at load. Real ingest, identity, profile and segment steps."""

import datetime as dt
import hashlib

import pytest
import yaml

from pipelines.definitions import build_definitions
from resources.project_config import ConfigError, load_config
from tests.deliveries import D1, phone, uid

LIFECYCLE = [
    {"name": "ambassador", "min_paid_orders": 4, "min_revenue": 6000, "max_days_since_order": 180},
    {"name": "repeat_buyer", "min_paid_orders": 2},
    {"name": "one_time_buyer", "min_paid_orders": 1},
    {"name": "engaged_fan", "in_segments": ["positive_sentiment"], "active_within_days": 30},
    {"name": "prospect", "contactable": ["email", "phone"]},
    {"name": "visitor"},
]
CUSTOM = [
    {"name": "big_spender", "where": "p.revenue >= 5000"},
    {
        "name": "had_refund",
        "where": "EXISTS (SELECT 1 FROM orders AS o "
        "WHERE o.profile_id = p.profile_id AND o.status = 'refunded')",
    },
    {
        "name": "unbound_fan",
        "where": "p.member_status = 'unbound_member' AND EXISTS (SELECT 1 FROM memberships AS m "
        "WHERE m.profile_id = p.profile_id AND m.segment = 'positive_sentiment')",
    },
]


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def use_segments(graph, **changes) -> None:
    path = graph.project.root / "config" / "segments.yaml"
    doc = yaml.safe_load(path.read_text())
    doc.update({"lifecycle": LIFECYCLE, "custom": CUSTOM, "triggers": [], **changes})
    path.write_text(yaml.safe_dump(doc))
    graph.cfg = load_config(graph.project.settings.config_dir)


def ago(days: int, day: dt.date = D1) -> str:
    return f"{day - dt.timedelta(days=days)}T12:00:00+08:00"


def order(order_id: str, customer: str, days_ago: int, total: int = 100, status: str = "paid", line: int = 1):
    return {"order_id": order_id, "customer_id": customer, "order_datetime": ago(days_ago),
            "order_total": str(total), "status": status, "line_no": str(line)}  # fmt: skip


@pytest.fixture
def people(graph):
    use_segments(graph)
    contacts = [
        {"line_uid": uid(1), "customer_id": "CA", "email": "a@example.com"},
        {"line_uid": uid(2), "customer_id": "CB", "email": "b@example.com"},
        {"line_uid": uid(3), "customer_id": "CC", "phone": phone(3)},
        # a capitalised, spaced e-mail: the feed hashes the normalised one
        {"line_uid": uid(4), "customer_id": "CD", "email": "  D@Example.COM "},
        {"line_uid": uid(5), "email": "e@example.com"},
        {"line_uid": uid(6), "updated_at": ago(400)},
        {"line_uid": uid(7), "customer_id": "CG", "phone": phone(7)},
        {"line_uid": uid(8), "email": "h@example.com", "updated_at": ago(60)},
    ]
    orders = [
        *[order(f"A{i}", "CA", 10 * i, total=2000) for i in range(1, 5)],  # recent: ambassador
        *[order(f"B{i}", "CB", 200 + i, total=2000) for i in range(1, 5)],  # too long ago for it
        order("C1", "CC", 5, line=1),
        order("C1", "CC", 5, status="refunded", line=2),  # a refunded line: C1 does not count
        order("C2", "CC", 3),
        order("D1", "CD", 5, status="refunded"),
        order("G1", "CG", 400),  # outside the 365-day window
    ]
    graph.deliver(D1, contacts, orders)
    feed = [md5("d@example.com"), md5("h@example.com").upper(), md5("nobody@example.com")]
    graph.deliver_feed(D1, "positive_sentiment", feed)
    graph.run_through_segments(D1)
    return graph


def members(graph, day: dt.date, group: str) -> dict[str, set[str]]:
    """segment -> record ids (line uids) of the members' records."""
    out: dict[str, set[str]] = {}
    for segment, record_id in graph.project.sql(
        "SELECT m.segment, n.record_id FROM segment.members_daily AS m "
        "JOIN identity.record_profiles_daily AS rp ON rp.day = m.day AND rp.profile_id = m.profile_id "
        "JOIN raw.record_numbers AS n ON n.record_no = rp.record_no "
        "WHERE m.day = ? AND m.segment_group = ? AND rp.source = 'maac_contacts'",
        [day, group],
    ):
        out.setdefault(segment, set()).add(record_id)
    return out


def test_lifecycle_segments_follow_the_rules(people):
    assert members(people, D1, "lifecycle") == {
        "ambassador": {uid(1)},
        "repeat_buyer": {uid(2)},  # 4 paid orders, 8000, but the last one 201 days ago
        "one_time_buyer": {uid(3)},  # C1 had a refunded line
        "engaged_fan": {uid(4)},  # in the feed, active today; its only order was refunded
        "prospect": {uid(5), uid(7), uid(8)},  # uid8 is in the feed but inactive for 60 days
        "visitor": {uid(6)},
    }


def test_every_profile_is_in_exactly_one_lifecycle_segment(people):
    rows = people.project.sql(
        "SELECT p.profile_id, count(m.segment) FROM (SELECT DISTINCT profile_id FROM "
        "identity.record_profiles_daily WHERE day = ?) AS p LEFT JOIN segment.members_daily AS m "
        "ON m.profile_id = p.profile_id AND m.day = ? AND m.segment_group = 'lifecycle' GROUP BY 1",
        [D1, D1],
    )
    assert len(rows) >= 8 and {n for _, n in rows} == {1}


def test_member_status_and_facts(people):
    status = members(people, D1, "member_status")
    assert status == {
        "bound_member": {uid(1), uid(2), uid(3), uid(4), uid(7)},
        "unbound_member": {uid(5), uid(6), uid(8)},
    }


def test_feed_matches_known_hashes_and_reports_the_rate(people):
    assert members(people, D1, "feed") == {"positive_sentiment": {uid(4), uid(8)}}
    [(rows, matched, profiles)] = people.project.sql(
        "SELECT feed_rows, matched, profiles FROM segment.feed_matches_daily WHERE day = ? "
        "AND segment = 'positive_sentiment'",
        [D1],
    )
    assert (rows, matched, profiles) == (3, 2, 2)


def test_custom_segments_read_the_profile_row_and_side_tables(people):
    assert members(people, D1, "custom") == {
        "big_spender": {uid(1), uid(2)},
        "had_refund": {uid(3), uid(4)},
        "unbound_fan": {uid(8)},
    }


def test_a_bad_custom_segment_fails_when_definitions_load(project):
    path = project.root / "config" / "segments.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["custom"] = [
        {"name": "fine", "where": "p.paid_orders > 0"},
        {"name": "typo", "where": "p.lifetime_spnd > 100"},
    ]
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError) as err:
        build_definitions(project.settings)
    message = str(err.value)
    assert message.startswith(f"{path}: custom[1].where: segment 'typo':")
    assert "lifetime_spnd" in message


@pytest.mark.parametrize(
    ("custom", "problem"),
    [
        ({"name": "x", "where": "1 = 1; DROP TABLE raw.records"}, "no ';'"),
        ({"name": "x", "where": "1 = 1 -- and more"}, "no SQL comments"),
        ({"name": "visitor", "where": "1 = 1"}, "declared twice"),
    ],
)
def test_custom_segment_declarations_are_checked(project, custom, problem):
    path = project.root / "config" / "segments.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["custom"] = [custom]
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError, match=problem):
        load_config(project.settings.config_dir)


def test_side_views_attach_orders_and_tags_to_profiles(people):
    p = people.profiles(D1)
    lines = people.project.sql(
        "SELECT profile_id, order_id, line_no, status, order_total FROM cdh.orders ORDER BY order_id, line_no"
    )
    assert len(lines) == 13
    assert (p[uid(3)], "C1", 2, "refunded", 100) in lines
    assert {pid for pid, oid, *_ in lines if oid.startswith("A")} == {p[uid(1)]}
    assert people.project.sql("SELECT count(*) FROM cdh.profile_tags") == [(0,)]

"""Every survivorship rule, value maps, merged notes and attribute groups on crafted records of one
person in two tools; provenance and N:1 on the result. Real ingest, identity and profile steps."""

import datetime as dt

import duckdb
import pytest
import yaml

from assets.profile import build_profile_days
from assets.warehouse_setup import prepare_warehouse
from resources.project_config import ConfigError, load_config
from tests.deliveries import D1, D2, phone, uid

ATTRIBUTES = [
    {"name": "customer_id", "key": "customer_id", "rule": "most_recent"},
    {"name": "line_uid", "key": "line_uid", "rule": "earliest"},
    {"name": "email", "key": "email", "rule": "most_recent"},
    {"name": "email_md5", "key": "email_md5", "rule": "most_recent"},
    {"name": "phone", "key": "phone", "rule": "most_frequent"},
    {"name": "recent_phone", "key": "phone", "rule": "most_recent"},
    {"name": "recent_name", "field": "name", "rule": "most_recent"},
    {"name": "first_name_seen", "field": "name", "rule": "earliest"},
    {
        "name": "preferred_name",
        "field": "name",
        "rule": "source_priority",
        "sources": ["caac_contacts", "maac_contacts"],
    },
    {"name": "last_seen_at", "field": "record_updated_at", "rule": "max", "type": "timestamp"},
    {"name": "first_seen_at", "field": "record_updated_at", "rule": "min", "type": "timestamp"},
    {"name": "name_max", "field": "name", "rule": "max"},  # text: compared as text
    {"name": "name_min", "field": "name", "rule": "min"},
    {"name": "note", "field": "note", "rule": "merge"},
    {"name": "gender", "field": "gender", "rule": "most_recent", "value_map": "gender"},
    {"name": "grp_name", "field": "name", "rule": "most_recent"},
    {"name": "grp_phone", "key": "phone", "rule": "most_recent"},
]
GROUPS = [{"name": "reachable_as", "attributes": ["grp_name", "grp_phone"], "rule": "most_recent"}]


def at(hour: int) -> str:
    return f"{D1}T{hour:02d}:00:00+08:00"


@pytest.fixture
def crafted(graph):
    path = graph.project.root / "config" / "profile.yaml"
    profile = yaml.safe_load(path.read_text())
    profile["attributes"], profile["groups"] = ATTRIBUTES, GROUPS
    path.write_text(yaml.safe_dump(profile, allow_unicode=True))
    # the shipped segments and destinations name attributes this profile does not declare
    config = graph.project.root / "config"
    segments = yaml.safe_load((config / "segments.yaml").read_text())
    segments["custom"] = []
    (config / "segments.yaml").write_text(yaml.safe_dump(segments))
    (config / "destinations.yaml").write_text("destinations: {}\n")
    graph.cfg = load_config(graph.project.settings.config_dir)
    graph.deliver(
        D1,
        [
            # r1, r3, r4: three LINE accounts of one person (shared email); r2: the chat tool
            {"line_uid": uid(1), "email": "a@example.com", "name": "Ming", "phone": phone(1),
             "note": "likes tea", "gender": "female", "updated_at": at(10)},
            {"line_uid": uid(3), "email": "a@example.com", "name": "Ming W", "phone": phone(1),
             "note": "likes tea", "gender": "unknown", "updated_at": at(8)},
            {"line_uid": uid(4), "email": "a@example.com", "name": "Ming Four", "gender": "robot",
             "updated_at": at(11)},
            # r9: a profile of one record (its note is padded)
            {"line_uid": uid(9), "name": "Solo", "note": "  solo note ", "gender": "male",
             "updated_at": at(10)},
        ],
        caac=[
            {"line_uid": uid(1), "display_name": "Ming C", "display_mobile": phone(2), "note": "VIP",
             "last_message_time": at(9)},
        ],
    )  # fmt: skip
    graph.run(D1)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        build_profile_days(con, graph.cfg, [D1])
    return graph


def profile_of(graph, record_id: str) -> dict:
    [pid] = {
        p
        for r, p in graph.project.sql("SELECT record_id, profile_id FROM cdh.record_profiles")
        if r == record_id
    }
    [row] = graph.project.sql_dicts("SELECT * FROM cdh.profiles WHERE profile_id = ?", [pid])
    return row


def test_each_rule_picks_its_value(crafted):
    p = profile_of(crafted, uid(1))
    assert p["recent_name"] == "Ming Four"  # newest record (11:00)
    assert p["first_name_seen"] == "Ming W"  # oldest record (08:00)
    assert p["preferred_name"] == "Ming C"  # the chat tool comes first in `sources`
    assert p["phone"] == "+886912000001"  # two records against one
    assert p["recent_phone"] == "+886912000001"  # newest record that has a phone (10:00)
    assert p["last_seen_at"] == dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC)
    assert p["first_seen_at"] == dt.datetime(2026, 11, 1, 0, 0, tzinfo=dt.UTC)
    assert p["line_uid"] == uid(3)  # earliest record's uid
    assert (p["name_max"], p["name_min"]) == ("Ming W", "Ming")  # of Ming, Ming W, Ming Four, Ming C
    assert p["email"] == "a@example.com"
    # merge: each distinct note once with its source; a profile with one note keeps it as it is
    assert p["note"] == "[maac_contacts] likes tea | [caac_contacts] VIP"
    solo = profile_of(crafted, uid(9))
    assert solo["note"] == "solo note"  # trimmed, as a merged note is
    # a profile of one record keeps that record's values under every rule
    assert (solo["recent_name"], solo["first_name_seen"], solo["preferred_name"]) == ("Solo",) * 3
    assert solo["gender"] == "Male" and solo["line_uid"] == uid(9) and solo["phone"] is None
    assert solo["last_seen_at"] == solo["first_seen_at"] == dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)
    # value map: the newest code 'robot' is unmapped (counted, left out); 'unknown' maps to nothing
    assert p["gender"] == "Female"
    assert crafted.project.sql("SELECT attribute, code, records FROM profile.unmapped_codes_daily") == [
        ("gender", "robot", 1)
    ]


def test_a_group_comes_from_one_record(crafted):
    p = profile_of(crafted, uid(1))
    # the newest record with any of the group's fields (11:00) has a name and no phone: the group
    # takes its name and no phone, not the phone of another record
    assert p["grp_name"] == "Ming Four" and p["grp_phone"] is None
    sources = crafted.project.sql(
        "SELECT DISTINCT source, record_id FROM cdh.profile_attribute_sources "
        "WHERE attribute LIKE 'grp_%' AND profile_id = ?",
        [p["profile_id"]],
    )
    assert sources == [("maac_contacts", uid(4))]


def test_provenance_and_n_to_1(crafted):
    rows = crafted.project.sql(
        "SELECT profile_id, attribute, source, record_id, candidates FROM cdh.profile_attribute_sources"
    )
    pid = profile_of(crafted, uid(1))["profile_id"]
    prov = {a: (s, r) for p, a, s, r, _ in rows if p == pid}
    candidates = {a: n for p, a, _, _, n in rows if p == pid}
    assert prov["preferred_name"] == ("caac_contacts", uid(1))
    assert prov["phone"] == ("maac_contacts", uid(1))  # tie on frequency: the newer record
    assert prov["first_name_seen"] == ("maac_contacts", uid(3))
    # the records' own timestamps: the oldest (08:00) and the newest (11:00) of all four records
    assert prov["first_seen_at"] == ("maac_contacts", uid(3))
    assert prov["last_seen_at"] == ("maac_contacts", uid(4))
    assert candidates["first_seen_at"] == candidates["last_seen_at"] == 4
    assert prov["note"][0] == "caac_contacts,maac_contacts" and prov["note"][1] is None
    dup = crafted.project.sql(
        "SELECT count(*) FROM (SELECT profile_id, attribute FROM cdh.profile_attribute_sources "
        "GROUP BY ALL HAVING count(*) > 1)"
    )
    assert dup == [(0,)]


def test_a_new_candidate_that_does_not_win_still_updates_the_count(graph):
    # day 1: one LINE record; day 2: an older chat-tool record of the same LINE uid joins it. The
    # LINE record stays the newest (most_recent keeps its uid), but the value now has two candidates
    graph.deliver(D1, [{"line_uid": uid(1), "name": "Ming", "updated_at": at(10)}])
    graph.deliver(D2, [], caac=[{"line_uid": uid(1), "display_name": "Ming C", "last_message_time": at(9)}])
    graph.run(D1, D2)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        first = build_profile_days(con, graph.cfg, [D1])[D1]
        second = build_profile_days(con, graph.cfg, [D2])[D2]  # incremental: the profile gained a member
    rows = graph.project.sql(
        "SELECT v.day, v.value, v.source, n.record_id, v.candidates FROM profile.attribute_values_daily AS v "
        "JOIN raw.record_numbers AS n USING (record_no) WHERE v.attribute = 'line_uid' ORDER BY v.day"
    )
    assert rows == [
        (D1, uid(1), "maac_contacts", uid(1), 1),
        (D2, uid(1), "maac_contacts", uid(1), 2),
    ]
    values = graph.project.sql(
        "SELECT day, count(*) FROM profile.attribute_values_daily GROUP BY day ORDER BY day"
    )
    assert (first["opened_values"], first["closed_values"]) == (values[0][1], 0)
    # the profile's values that changed (line_uid's count among them) were replaced, none lost
    assert second["mode"] == "incremental" and second["opened_values"] == second["closed_values"] > 0


def test_a_step_counts_the_profiles_it_recomputed(graph):
    # day 1: three people, two records of one of them; day 2: the two-record one's LINE record is
    # delivered again with a new name
    graph.deliver(
        D1,
        [{"line_uid": uid(n), "name": f"P{n}", "updated_at": at(10)} for n in (1, 2, 3)],
        caac=[{"line_uid": uid(2), "display_name": "P2", "last_message_time": at(9)}],
    )
    graph.deliver(D2, [{"line_uid": uid(2), "name": "P2 new", "updated_at": at(11)}])
    graph.run(D1, D2)
    with duckdb.connect(str(graph.project.settings.warehouse)) as con:
        prepare_warehouse(con, graph.cfg)
        first = build_profile_days(con, graph.cfg, [D1])[D1]
        second = build_profile_days(con, graph.cfg, [D2])[D2]
    assert (first["mode"], first["recomputed_profiles"]) == ("full", 3)
    assert (second["mode"], second["recomputed_profiles"]) == ("incremental", 1)
    steps = graph.project.sql("SELECT day, recomputed_profiles FROM profile.steps ORDER BY day")
    assert steps == [(D1, 3), (D2, 1)]


def test_group_config_errors_name_the_problem(crafted):
    path = crafted.project.root / "config" / "profile.yaml"
    profile = yaml.safe_load(path.read_text())
    profile["groups"] = [{"name": "g", "attributes": ["grp_name", "nope"], "rule": "most_recent"}]
    path.write_text(yaml.safe_dump(profile, allow_unicode=True))
    with pytest.raises(ConfigError, match="groups\\[0\\].attributes: no attribute named 'nope'"):
        load_config(crafted.project.settings.config_dir)
    profile["groups"] = [{"name": "g", "attributes": ["grp_name", "grp_phone"], "rule": "source_priority"}]
    path.write_text(yaml.safe_dump(profile, allow_unicode=True))
    with pytest.raises(ConfigError, match="source_priority needs `sources`"):
        load_config(crafted.project.settings.config_dir)

"""Three sample days through the real daily job into a tmp warehouse, checked against what the
generator wrote and its hidden truth."""

import csv
import hashlib
import json
from collections import defaultdict

from pipelines.sample_data import write_correction

SOURCES = ("maac_contacts", "caac_contacts", "shop_members", "crm_contacts", "orders", "web_segments")


def table_fingerprint(project, table: str) -> str:
    columns = "* EXCLUDE (loaded_at)" if table in ("raw.records", "ops.quarantine") else "*"
    rows = project.sql(f"SELECT {columns} FROM {table} ORDER BY ALL")
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_rows_per_source_and_day_match_what_the_generator_wrote(sample_run):
    project, manifest = sample_run.project, sample_run.manifest
    loaded = dict(
        ((s, str(d)), n)
        for s, d, n in project.sql("SELECT source, day, count(*) FROM raw.records GROUP BY ALL")
    )
    for day in sample_run.days:
        for source in SOURCES:
            expected = manifest.rows_for(source, day.isoformat())
            assert loaded.get((source, day.isoformat()), 0) == expected, (source, day)


def test_quarantine_holds_exactly_the_broken_rows_with_reasons(sample_run):
    project, manifest = sample_run.project, sample_run.manifest
    expected = {(f.name, line) for f in manifest.files for line in f.broken_lines}
    rows = project.sql("SELECT file_name, line_no, reason FROM ops.quarantine")
    assert {(f, line) for f, line, _ in rows} == expected
    assert len(expected) == 3
    reasons = {f.split("_")[0]: r for f, _, r in rows}
    assert reasons["maac"] == "expected 9 columns, found 8"
    assert "'生日'" in reasons["members"] and "not a date" in reasons["members"]
    assert "'quantity'" in reasons["orders"] and "'two' is not an integer" in reasons["orders"]


def test_truncated_gzip_is_reported_and_nothing_of_it_loads(sample_run):
    project, manifest = sample_run.project, sample_run.manifest
    corrupt = [f.name for f in manifest.files if f.corrupt]
    assert corrupt == ["crm_contact_20261103.csv.gz"]
    status = project.sql("SELECT status, error FROM ops.file_manifest WHERE file_name = ?", [corrupt[0]])
    assert [s for s, _ in status] == ["failed"]
    assert corrupt[0] in status[0][1] and "truncated gzip" in status[0][1]
    assert project.sql("SELECT count(*) FROM raw.records WHERE file_name = ?", [corrupt[0]]) == [(0,)]


def test_files_load_in_their_encodings(sample_run):
    rows = dict(
        sample_run.project.sql(
            "SELECT file_name, encoding FROM ops.file_manifest WHERE source = 'shop_members'"
        )
    )
    assert rows == {
        "members_20261101.csv": "utf-8",
        "members_20261102.csv": "cp950",
        "members_20261103.csv": "utf-8",
    }
    names = sample_run.project.sql(
        "SELECT DISTINCT fields['name'] FROM raw.records WHERE file_name = 'members_20261102.csv'"
    )
    assert any(n[0] and any("\u4e00" <= ch <= "\u9fff" for ch in n[0]) for n in names)


def test_profiles_are_unique_and_every_attribute_has_one_value(sample_run):
    project = sample_run.project
    assert project.sql("SELECT count(*) - count(DISTINCT profile_id) FROM cdh.profiles") == [(0,)]
    assert project.sql(
        "SELECT count(*) FROM (SELECT day, profile_id, attribute FROM profile.attribute_values_daily "
        "GROUP BY ALL HAVING count(*) > 1)"
    ) == [(0,)]
    n_profiles = project.sql("SELECT count(*) FROM cdh.profiles")[0][0]
    assert n_profiles == project.sql("SELECT count(DISTINCT profile_id) FROM cdh.record_profiles")[0][0]
    # labels, not codes
    tiers = {t for (t,) in project.sql("SELECT DISTINCT member_tier FROM cdh.profiles")}
    assert tiers <= {"Standard", "Gold", "Platinum", None} and len(tiers) > 1


def _profiles_by_person(sample_run):
    truth = sample_run.manifest.truth
    mapping = {
        f"{s}|{r}": p
        for s, r, p in sample_run.project.sql("SELECT source, record_id, profile_id FROM cdh.record_profiles")
    }
    per_person, per_profile = defaultdict(set), defaultdict(set)
    for record, person in truth.items():
        if record in mapping:
            per_person[person].add(mapping[record])
            per_profile[mapping[record]].add(person)
    return per_person, per_profile, mapping


def test_known_people_end_in_one_profile_and_no_profile_fuses_two(sample_run):
    per_person, per_profile, _ = _profiles_by_person(sample_run)
    assert len(per_person) == 60  # every person has loaded records
    split = {p: s for p, s in per_person.items() if len(s) > 1}
    fused = {p: s for p, s in per_profile.items() if len(s) > 1}
    assert split == {} and fused == {}


def test_family_phone_does_not_fuse_a_family(sample_run):
    per_person, _, _ = _profiles_by_person(sample_run)
    pairs = sample_run.manifest.family_pairs
    assert pairs
    for a, b in pairs:
        if a in per_person and b in per_person:
            assert per_person[a].isdisjoint(per_person[b]), (a, b)
    skipped = sample_run.project.sql(
        "SELECT DISTINCT reason FROM identity.skipped_values_daily WHERE key = 'phone'"
    )
    assert ("conflicting_customer_id",) in skipped


def test_junk_values_link_nobody(sample_run):
    _, _, mapping = _profiles_by_person(sample_run)
    junk = sample_run.manifest.junk_records
    assert len({mapping[j] for j in junk}) == len(junk) == 3
    blocked = sample_run.project.sql(
        "SELECT DISTINCT key, value FROM identity.skipped_values_daily WHERE reason = 'blocklisted' "
        "ORDER BY key"
    )
    # the junk e-mail's md5 (an identifier the exports send) is blocked with it
    md5 = hashlib.md5(b"test@test.com").hexdigest()
    assert blocked == [("email", "test@test.com"), ("email_md5", md5), ("phone", "+886900000000")]


def test_segments_are_exclusive_and_exports_parse_back(sample_run):
    project, last = sample_run.project, sample_run.days[-1]
    per_profile = project.sql(
        "SELECT profile_id, count(*) FROM cdh.segment_members WHERE day = ? "
        "AND segment_group = 'lifecycle' GROUP BY ALL",
        [last],
    )
    assert per_profile and all(n == 1 for _, n in per_profile)
    assert len(per_profile) == project.sql("SELECT count(*) FROM cdh.profiles")[0][0]

    outbox = project.outbox / "maac_import"
    manifest = json.loads((outbox / f"manifest_maac_import_{last:%Y%m%d}.json").read_text())
    bound = project.sql(
        "SELECT count(*) FROM cdh.segment_members WHERE day = ? AND segment = 'bound_member'", [last]
    )[0][0]
    for entry in manifest["files"]:
        data = (outbox / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        rows = list(csv.DictReader(data.decode().splitlines()))
        assert len(rows) == entry["rows"]
        assert all(r["tags"] == f"seg_{entry['segment']}_{last:%Y%m%d}" for r in rows)
        assert all(r["customer_id"] or r["line_uid"] for r in rows)
        if entry["segment"] == "bound_member":
            assert entry["rows"] + entry["dropped"] == bound
            assert all(r["customer_id"].startswith("C") for r in rows)
    assert not list(outbox.glob(".*part"))
    email = project.outbox / "email_tool" / f"email_tool_positive_sentiment_{last:%Y%m%d}.csv"
    header = email.read_text().splitlines()[0]
    assert header == '"user.Email","user.Identifier","user.CustomAttribute.segment_code"'


def test_feed_rows_match_profiles_through_email_md5(sample_run):
    project, last = sample_run.project, sample_run.days[-1]
    rows = project.sql(
        "SELECT segment, feed_rows, matched FROM segment.feed_matches_daily WHERE day = ? ORDER BY segment",
        [last],
    )
    assert [r[0] for r in rows] == ["newsletter_unsubscribed", "positive_sentiment"]
    # the hashes the feed can reach: md5 of every normalised email delivered up to that day
    emails = project.sql(
        "SELECT fields['email'] FROM raw.records WHERE day <= ? AND source <> "
        "'web_segments' AND fields['email'] IS NOT NULL",
        [last],
    )
    known = {hashlib.md5(e.strip().lower().encode()).hexdigest() for (e,) in emails}
    for segment, feed_rows, matched in rows:
        hashes = {
            h
            for (h,) in project.sql(
                "SELECT fields['email_md5'] FROM raw.records WHERE day = ? AND segment = ?", [last, segment]
            )
        }
        assert feed_rows == len(hashes)
        assert matched == len(hashes & known) < feed_rows  # one hash matches nobody on purpose
        assert matched > 0


# Last in this file on purpose: it re-delivers a file into the shared sample run.
def test_rerun_changes_nothing_and_a_correction_replaces_its_rows(sample_run):
    project, days = sample_run.project, sample_run.days
    tables = [
        "raw.records",
        "ops.quarantine",
        "identity.record_profiles_daily",
        "profile.attribute_values_daily",
        "segment.members_daily",
    ]
    before = {t: table_fingerprint(project, t) for t in tables}
    manifest_rows = project.sql("SELECT count(*) FROM ops.file_manifest")
    export = project.outbox / "maac_import" / f"maac_import_bound_member_{days[1]:%Y%m%d}.csv"
    export_bytes = export.read_bytes()

    project.run_days([days[1]])
    assert {t: table_fingerprint(project, t) for t in tables} == before
    assert project.sql("SELECT count(*) FROM ops.file_manifest") == manifest_rows
    assert export.read_bytes() == export_bytes

    notes = write_correction(project.landing, days[1], sample_run.manifest)
    project.run_days(days[1:])
    name = f"maac_contacts_{days[1]:%Y%m%d}.csv"
    loaded = dict(
        project.sql("SELECT record_id, fields['note'] FROM raw.records WHERE file_name = ?", [name])
    )
    assert loaded == notes
    statuses = project.sql(
        "SELECT status FROM ops.file_manifest WHERE file_name = ? ORDER BY loaded_at", [name]
    )
    assert statuses == [("superseded",), ("loaded",)]
    assert project.sql("SELECT count(*) FROM ops.quarantine WHERE file_name = ?", [name]) == [(0,)]
    day_rows = project.sql(
        "SELECT count(*) FROM raw.records WHERE day = ? AND source = 'maac_contacts'", [days[1]]
    )[0][0]
    assert day_rows == len(notes)

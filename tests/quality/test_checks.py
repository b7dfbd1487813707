"""The quality checks through the real daily job: on the sample data with the shipped thresholds
they pass; with stricter thresholds (or crafted bad data) the same checks fail, with observed
values, thresholds and masked samples in their metadata."""

import datetime as dt

import dagster as dg
import duckdb
import yaml

from assets.export import manifest_problems
from assets.quality import (
    mask,
    masked_format_failures,
    profile_suite,
    stage_profile_contacts,
    validator,
    verdicts,
    volume_verdict,
)
from assets.warehouse_setup import prepare_warehouse
from pipelines.sample_data import generate
from resources.project_config import load_config
from tests.conftest import profile_id, seed_identity

DAYS = [dt.date(2026, 11, 1), dt.date(2026, 11, 2)]


def run(project, days):
    checks = {}
    with dg.instance_for_test() as instance:
        for day in days:
            result = project.run_day(day, instance)
            assert result.success
            for e in result.get_asset_check_evaluations():
                checks[(day, e.asset_key.to_user_string(), e.check_name)] = e
    return checks


def set_quality(project, **changes):
    path = project.settings.config_dir / "quality.yaml"
    data = yaml.safe_load(path.read_text())
    for dotted, value in changes.items():
        node = data
        *parents, leaf = dotted.split("__")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    path.write_text(yaml.safe_dump(data))


def test_checks_pass_on_good_data_and_fail_on_strict_thresholds(project):
    generate(project.landing, days=2, persons=60, seed=11)
    good = run(project, DAYS)
    d1, d2 = DAYS
    for name in ("key_formats_valid", "contactability"):
        assert good[(d2, "profile/profiles", name)].passed
    assert good[(d1, "identity/record_profiles", "keys_valid_maac_contacts")].passed
    assert good[(d1, "raw/maac_contacts", "no_duplicate_records")].passed
    assert good[(d1, "raw/maac_contacts", "required_present")].passed
    contact = good[(d2, "profile/profiles", "contactability")].metadata
    share = contact["share with email: observed"].value
    assert 0.5 < share < 1 and contact["share with email: threshold"].value == 0.5
    assert str(contact["data_docs"].value).endswith("data_docs/index.html")
    # volume: day 2 (a delta) against day 1 (the first full export) in the same instance
    volume = good[(d2, "raw/maac_contacts", "volume_change")]
    assert not volume.passed and volume.severity == dg.AssetCheckSeverity.WARN
    assert (
        volume.metadata["baseline_median"].value
        == good[(d1, "raw/maac_contacts", "volume_change")].metadata["rows"].value
    )

    feeds = good[(d2, "segment/segment_members", "feed_match_rate")]
    assert feeds.passed and feeds.metadata["feeds_below"].value == "none"
    rates = {k: v.value for k, v in feeds.metadata.items() if k.endswith("match rate")}
    assert len(rates) == 2 and all(0.5 <= r <= 1 for r in rates.values())
    assert good[(d2, "export/segment_files", "manifest_checksums")].passed

    set_quality(
        project,
        profiles__contactability__email=0.99,
        sources__max_blocklisted_share=0.0,
        segments__min_feed_match_rate=min(rates.values()) + 0.001,
    )
    strict = run(project, [d1])
    contact = strict[(d1, "profile/profiles", "contactability")]
    assert not contact.passed and contact.severity == dg.AssetCheckSeverity.WARN
    assert contact.metadata["failing"].value == "share with email"
    assert contact.metadata["threshold"].value == 0.99
    assert contact.metadata["observed_value"].value < 0.99
    keys = strict[(d1, "identity/record_profiles", "keys_valid_maac_contacts")]
    assert not keys.passed and keys.metadata["failing"].value == "blocklisted share"
    # each delivered value counts once: the md5 of an e-mail is not a second value
    [(once, with_md5)] = project.sql(
        "SELECT round(avg((problem = 'blocklisted')::INT) FILTER (WHERE key <> 'email_md5'), 4),"
        "       round(avg((problem = 'blocklisted')::INT), 4)"
        " FROM (SELECT key, coalesce(problem, 'usable') AS problem"
        "       FROM quality.delivered_keys(?) WHERE source = 'maac_contacts')",
        [d1],
    )
    assert keys.metadata["blocklisted share: observed"].value == once
    assert 0 < once < with_md5  # the sample's junk accounts have blocklisted e-mails
    sample = keys.metadata["blocklisted_sample_masked"].value
    assert "***@" in sample and "test@" not in sample.lower()  # the sample data's junk emails, masked
    feeds = strict[(d1, "segment/segment_members", "feed_match_rate")]
    assert not feeds.passed and feeds.metadata["feeds_below"].value != "none"


def test_manifest_checksums_catch_a_file_changed_after_delivery(project):
    generate(project.landing, days=1, persons=20, seed=4)
    assert run(project, DAYS[:1])[(DAYS[0], "export/segment_files", "manifest_checksums")].passed
    cfg = load_config(project.settings.config_dir)
    assert manifest_problems(cfg, DAYS[0]) == []
    [victim] = sorted(project.outbox.glob("maac_import/maac_import_bound_member_*.csv"))
    victim.write_bytes(victim.read_bytes() + b"C9999,Uextra,x\n")
    (project.outbox / "email_tool" / f"email_tool_prospect_{DAYS[0]:%Y%m%d}.csv").unlink()
    problems = manifest_problems(cfg, DAYS[0])
    assert len(problems) == 2
    assert any(p.startswith("maac_import: maac_import_bound_member_20261101.csv sha256") for p in problems)
    assert any("email_tool_prospect_20261101.csv listed" in p and "missing" in p for p in problems)


def test_profile_key_formats_fail_on_crafted_bad_values_with_a_masked_sample(project):
    cfg = load_config(project.settings.config_dir)
    day = DAYS[0]
    with duckdb.connect(str(project.settings.warehouse)) as con:
        prepare_warehouse(con, cfg)
        seed_identity(con, day, [("s", "r1", profile_id(1)), ("s", "r2", profile_id(2))])
        con.execute(
            "INSERT INTO profile.attribute_values_history "
            "(valid_from, profile_no, attribute, value, source, record_no, candidates) "
            "SELECT ?, *, 's', 1, 1 FROM (VALUES (1, 'phone', '+886912345678'), (2, 'phone', "
            "'+886912345678'), (1, 'email', 'ming@example.com'), (1, 'line_uid', ?))",
            [day, "U" + "a" * 32],
        )
        stage_profile_contacts(con, cfg, day)
    found = verdicts(validator(project.settings.warehouse, cfg).validate("good", *profile_suite(cfg)))
    assert found["key_formats_valid"].passed

    with duckdb.connect(str(project.settings.warehouse)) as con:
        con.execute(
            "UPDATE profile.attribute_values_history SET value = '0912345678' "
            "WHERE profile_no = 2 AND attribute = 'phone'"
        )
        con.execute(
            "UPDATE profile.attribute_values_history SET value = 'ming at example' WHERE attribute = 'email'"
        )
        sample = masked_format_failures(con, cfg, day)
        stage_profile_contacts(con, cfg, day)
    found = verdicts(validator(project.settings.warehouse, cfg).validate("bad", *profile_suite(cfg)))
    bad = found["key_formats_valid"]
    assert not bad.passed and bad.metadata["observed_value"] == 1
    assert bad.metadata["email values not email address: observed"] == 1
    assert bad.metadata["phone values not E.164 phone: observed"] == 1
    assert sorted(sample) == ["email: min**********le", "phone: 091*****78"]
    assert not any("0912345678" in s or "ming at example" in s for s in sample)


def test_mask_never_shows_a_whole_value():
    assert mask("+886912345678") == "+88********78"
    assert mask("Ming.Wang@Example.com") == "M***@E***.com"
    assert mask("U" + "a" * 32).startswith("Uaa") and "*" * 20 in mask("U" + "a" * 32)
    assert mask("abc") == "***" and mask(None) == ""


def test_volume_verdicts():
    assert volume_verdict(100, [100, 110, 90], 0.4)[:2] == (True, dg.AssetCheckSeverity.WARN)
    ok, severity, meta = volume_verdict(50, [100, 110, 90], 0.4)
    assert (ok, severity, meta["change"]) == (False, dg.AssetCheckSeverity.WARN, -0.5)
    assert volume_verdict(0, [100], 0.4)[:2] == (False, dg.AssetCheckSeverity.ERROR)  # nothing arrived
    assert volume_verdict(5, [], 0.4)[0] is True  # no history yet

"""`cdh explain <profile_id>`: a profile's records, the values that linked them (source and day),
and the values that linked nobody, masked unless asked; on the three-day sample run."""

import os
from collections import defaultdict

from pipelines.explain import explain_profile
from tests.test_cli import cdh


def profile_of(project, source, record_id):
    return project.sql(
        "SELECT profile_id FROM cdh.record_profiles WHERE source = ? AND record_id = ?", [source, record_id]
    )[0][0]


def test_explain_shows_records_links_and_masked_values(sample_run):
    project, truth = sample_run.project, sample_run.manifest.truth
    records_of = defaultdict(list)
    for record, person in truth.items():
        source, record_id = record.split("|", 1)
        if not source.startswith("orders"):
            records_of[person].append((source, record_id))
    person, records = max(records_of.items(), key=lambda kv: (len({s for s, _ in kv[1]}), kv[0]))
    assert len({s for s, _ in records}) >= 2  # someone known to several tools
    pid = profile_of(project, *records[0])

    text = explain_profile(project.settings.warehouse, pid, None)
    assert text.startswith(f"profile {pid} as of {sample_run.days[-1]}")
    for source, record_id in records:
        assert f"{source:<15} {record_id}" in text
    linked = text.split("linked by (values shared by its records):\n", 1)[1].splitlines()[0]
    assert linked.count("/") >= 2 and "(2026-11-0" in linked  # two records, each with its delivery day
    emails = project.sql(
        "SELECT value FROM identity.profile_identifiers_daily WHERE profile_id = ? AND key = 'email'", [pid]
    )
    assert emails and all(e not in text for (e,) in emails)  # masked by default
    revealed = explain_profile(project.settings.warehouse, pid, None, show_pii=True)
    assert all(e in revealed for (e,) in emails)


def test_explain_shows_why_a_junk_value_linked_nobody(sample_run):
    project = sample_run.project
    junk = sample_run.manifest.junk_records[0]
    pid = profile_of(project, *junk.split("|", 1))
    text = explain_profile(project.settings.warehouse, pid, None)
    assert "values that linked nobody:" in text
    assert "blocklisted" in text.split("values that linked nobody:", 1)[1]


def test_explain_command(sample_run):
    project = sample_run.project
    pid = project.sql(
        "SELECT min(profile_id) FROM identity.record_profiles_daily WHERE day = ?", [sample_run.days[1]]
    )[0][0]
    env = {
        **os.environ,
        "CDH_WAREHOUSE": str(project.settings.warehouse),
        "CDH_CONFIG": str(project.settings.config_dir),
    }
    ok = cdh(["explain", pid, "--date", str(sample_run.days[1])], env, project.root)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"profile {pid} as of {sample_run.days[1]}")
    missing = cdh(["explain", "p_nobody"], env, project.root)
    assert missing.returncode != 0 and "no profile 'p_nobody'" in missing.stderr

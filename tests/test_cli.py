"""`cdh` end to end in a subprocess: runs are recorded in the Dagster instance the UI reads, the
summary is printed, and a failing run exits non-zero naming the failing step."""

import contextlib
import csv
import gzip
import hashlib
import os
import re
import subprocess
import sys

import dagster as dg

from tests.conftest import REPO


def cdh(args, env, cwd):
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextlib.contextmanager
def dagster_instance(tmp_path):
    """The Dagster instance the CLI recorded its runs in (what the UI reads)."""
    os.environ["DAGSTER_HOME"], old = str(tmp_path / "dagster_home"), os.environ.get("DAGSTER_HOME")
    try:
        with dg.DagsterInstance.get() as instance:
            yield instance
    finally:
        if old is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = old


def cli_env(tmp_path, **extra):
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CDH_CONFIG": str(REPO / "config"),
        "CDH_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "CDH_LANDING": str(tmp_path / "landing"),
        "CDH_OUTBOX": str(tmp_path / "outbox"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        **extra,
    }


def test_sample_then_run_records_the_run_for_the_ui(tmp_path):
    env = cli_env(tmp_path)
    (tmp_path / "dagster_home").mkdir()
    sample = cdh(["sample", "--days", "1", "--persons", "20"], env, tmp_path)
    assert sample.returncode == 0, sample.stderr
    assert "wrote 7 files for 1 days from 2026-11-01" in sample.stdout
    run = cdh(["run", "--date", "2026-11-01"], env, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "2026-11-01: run" in run.stdout + run.stderr
    assert "2026-11-01 segments:" in run.stdout
    assert "2026-11-01 lifecycle moves: (new)→" in run.stdout  # the first day: everyone is new
    assert str(tmp_path / "outbox" / "maac_import") in run.stdout

    with dagster_instance(tmp_path) as instance:
        runs = instance.get_runs()
        assert len(runs) == 1 and runs[0].status == dg.DagsterRunStatus.SUCCESS
        assert runs[0].tags["dagster/partition"] == "2026-11-01"
        assert instance.get_latest_materialization_event(dg.AssetKey(["profile", "profiles"])) is not None


def test_failing_run_exits_non_zero_and_names_the_step(tmp_path):
    (tmp_path / "outbox").write_text("not a folder")  # the export step cannot write its files
    env = cli_env(tmp_path, CDH_OUTBOX=str(tmp_path / "outbox" / "sub"))
    assert cdh(["sample", "--days", "1", "--persons", "10"], env, tmp_path).returncode == 0
    run = cdh(["run", "--date", "2026-11-01"], env, tmp_path)
    assert run.returncode == 1
    assert "FAILED:" in run.stderr
    assert "2026-11-01: step export__segment_files failed" in run.stderr


def test_run_needs_a_date_or_a_range(tmp_path):
    run = cdh(["run"], cli_env(tmp_path), tmp_path)
    assert run.returncode == 2 and "give --date D, or --from D1 --to D2" in run.stderr


def test_erase_then_rebuild(tmp_path):
    env = cli_env(tmp_path)
    (tmp_path / "dagster_home").mkdir()
    assert cdh(["sample", "--days", "1", "--persons", "30"], env, tmp_path).returncode == 0
    assert cdh(["run", "--date", "2026-11-01"], env, tmp_path).returncode == 0
    exported = sorted((tmp_path / "outbox" / "email_tool").glob("email_tool_*.csv"))
    rows = [r for f in exported for r in csv.DictReader(f.open(encoding="utf-8-sig"))]
    victim = next(r["user.Email"] for r in rows if r["user.Email"])
    victim_md5 = hashlib.md5(victim.encode()).hexdigest()

    bad = cdh(["erase", "fax", victim], env, tmp_path)
    assert bad.returncode == 1 and "unknown key 'fax'" in bad.stderr and victim not in bad.stderr + bad.stdout
    erased = cdh(["erase", "email", victim.upper(), "--reason", "request 7"], env, tmp_path)
    assert erased.returncode == 0, erased.stderr
    assert "1 new suppressed email value(s)" in erased.stdout
    count = int(re.search(r"re-ran 2026-11-01: (\d+) record\(s\) erased", erased.stdout).group(1))
    assert count >= 1
    for path in (tmp_path / "outbox").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8-sig")
            assert victim not in text and victim_md5 not in text, path

    rebuilt = cdh(["rebuild"], env, tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt 2026-11-01: 0 merge(s), 0 split(s)" in rebuilt.stdout
    with dagster_instance(tmp_path) as instance:
        tags = [r.tags.get("cdh/rebuild") for r in instance.get_runs()]
        assert tags.count("true") == 1 and len(tags) == 3

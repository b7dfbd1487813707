"""`cdh` end to end in a subprocess: runs are recorded in the Dagster instance the UI reads, the
summary is printed, and a failing run exits non-zero naming the failing step."""

import os
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
    assert str(tmp_path / "outbox" / "maac_import") in run.stdout

    os.environ["DAGSTER_HOME"], old = str(tmp_path / "dagster_home"), os.environ.get("DAGSTER_HOME")
    try:
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
            assert len(runs) == 1 and runs[0].status == dg.DagsterRunStatus.SUCCESS
            assert runs[0].tags["dagster/partition"] == "2026-11-01"
            checks = instance.get_latest_materialization_event(dg.AssetKey(["profile", "profiles"]))
            assert checks is not None
    finally:
        if old is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = old


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

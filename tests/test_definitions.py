"""The real Definitions load and validate, with the assets, checks, job, schedule and sensor."""

import os
import subprocess
import sys

import dagster as dg

from pipelines.definitions import DAILY_JOB
from tests.conftest import REPO

SOURCES = ["maac_contacts", "caac_contacts", "shop_members", "crm_contacts", "orders", "web_segments"]


def test_definitions_list_every_stage(project):
    defs = project.definitions()
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == {f"raw/{s}" for s in SOURCES} | {
        "identity/record_profiles",
        "profile/profiles",
        "segment/segment_members",
        "export/segment_files",
    }
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    assert ("profile/profiles", "profile_id_unique") in checks
    assert ("profile/profiles", "attributes_n_to_1") in checks
    assert ("segment/segment_members", "lifecycle_exclusive") in checks
    assert ("raw/orders", "files_loaded") in checks
    for check in ("required_present", "no_duplicate_records", "volume_change", "delivery_arrived"):
        assert ("raw/maac_contacts", check) in checks
    assert ("identity/record_profiles", "keys_valid_maac_contacts") in checks
    assert ("identity/record_profiles", "keys_valid_web_segments") not in checks  # a feed links nobody
    for check in ("key_formats_valid", "contactability"):
        assert ("profile/profiles", check) in checks
    assert ("segment/segment_members", "feed_match_rate") in checks
    assert ("export/segment_files", "manifest_checksums") in checks
    blocking = {k.name for k in graph.asset_check_keys if graph.get_check_spec(k).blocking}
    assert blocking == {"profile_id_unique", "attributes_n_to_1", "key_formats_valid", "lifecycle_exclusive"}
    assert defs.resolve_job_def(DAILY_JOB).partitions_def is not None
    assert [s.name for s in defs.schedules] == [f"{DAILY_JOB}_schedule"]
    assert [s.name for s in defs.sensors] == ["landing_sensor"]
    for node in graph.asset_nodes:  # every warehouse step shares the one-writer pool
        assert node.pools == {"duckdb"}, node.key


def test_dagster_cli_validates_the_workspace(tmp_path):
    env = {**os.environ, "CDH_WAREHOUSE": str(tmp_path / "w.duckdb"), "DAGSTER_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation successful" in done.stdout + done.stderr


def test_duckdb_memory_limit_comes_from_the_environment(project, monkeypatch):
    from pipelines.definitions import build_definitions
    from resources.settings import Settings

    monkeypatch.setenv("CDH_DUCKDB_MEMORY_LIMIT", "512MB")
    monkeypatch.setenv("CDH_WAREHOUSE", str(project.settings.warehouse))
    monkeypatch.setenv("CDH_CONFIG", str(project.settings.config_dir))
    warehouse = build_definitions(Settings.from_env()).resources["warehouse"]
    with warehouse.get_connection() as con:
        limit = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchone()
    assert limit[0] in ("488.2 MiB", "512.0 MB", "488.2MiB") and limit[1].endswith("duckdb_tmp"), limit

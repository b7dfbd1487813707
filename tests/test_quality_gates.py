"""Quality gates: the check queries catch crafted bad data, and a failing blocking check stops the
export in the same run."""

import datetime as dt

import dagster as dg
import duckdb
import pytest

import resources.warehouse as warehouse
from assets.warehouse_setup import prepare_warehouse
from pipelines.sample_data import generate
from resources.project_config import load_config
from resources.warehouse import fetch_one
from tests.conftest import profile_id, seed_identity

DAY = dt.date(2026, 11, 1)
WINDOW = {"first_day": DAY, "last_day": DAY}
P1, P2, P3 = (profile_id(n) for n in (1, 2, 3))


@pytest.fixture
def con(project):
    connection = duckdb.connect(str(project.settings.warehouse))
    prepare_warehouse(connection, load_config(project.settings.config_dir))
    seed_identity(connection, DAY, [("s", "r1", P1), ("s", "r2", P2), ("s", "r3", P3)])
    yield connection
    connection.close()


def test_lifecycle_check_finds_profiles_in_none_or_several(con):
    con.execute(
        "INSERT INTO segment.members_daily VALUES (?, 'lifecycle', 'prospect', ?), "
        "(?, 'lifecycle', 'visitor', ?)",
        [DAY, P1, DAY, P2],
    )
    assert fetch_one(con, "quality/lifecycle_not_exclusive.sql", WINDOW) == (1, 0)
    con.execute(
        "INSERT INTO segment.members_daily VALUES (?, 'lifecycle', 'prospect', ?), "
        "(?, 'lifecycle', 'visitor', ?)",
        [DAY, P3, DAY, P3],
    )
    assert fetch_one(con, "quality/lifecycle_not_exclusive.sql", WINDOW) == (0, 1)
    con.execute("DELETE FROM segment.members_daily WHERE profile_id = ? AND segment = 'visitor'", [P3])
    assert fetch_one(con, "quality/lifecycle_not_exclusive.sql", WINDOW) == (0, 0)


def test_n_to_1_check_finds_an_attribute_with_two_values(con):
    con.execute(
        "INSERT INTO profile.attribute_values_history (profile_no, attribute, value, source, record_no, "
        "candidates, valid_from) VALUES (1, 'email', 'a@example.com', 's', 1, 1, ?)",
        [DAY],
    )
    assert fetch_one(con, "quality/attributes_with_two_values.sql", WINDOW) == (0,)
    con.execute(
        "INSERT INTO profile.attribute_values_history (profile_no, attribute, value, source, record_no, "
        "candidates, valid_from) VALUES (1, 'email', 'b@example.com', 's', 2, 1, ?)",
        [DAY],
    )
    assert fetch_one(con, "quality/attributes_with_two_values.sql", WINDOW) == (1,)


def test_export_row_check_finds_a_file_that_lost_rows(con):
    con.execute(
        "INSERT INTO segment.members_daily VALUES (?, 'lifecycle', 'prospect', ?), "
        "(?, 'lifecycle', 'prospect', ?)",
        [DAY, P1, DAY, P2],
    )
    con.execute(
        "INSERT INTO export.deliveries (day, destination, segment, file_name, location, rows, dropped, "
        "sha256, delivered_at, kind, profiles) VALUES (?, 'd', 'prospect', 'f.csv', '/x', 1, 1, 'h', now(), "
        "'segment', 1)",
        [DAY],
    )
    assert fetch_one(con, "quality/export_rows_vs_segments.sql", WINDOW) is None
    con.execute("UPDATE export.deliveries SET dropped = 0")
    assert fetch_one(con, "quality/export_rows_vs_segments.sql", WINDOW) == ("d", "prospect", 1, 0, 2)


def test_failing_blocking_check_stops_the_export_in_the_same_run(project, monkeypatch):
    generate(project.landing, days=1, persons=15, start=DAY)
    real = warehouse.sql_text

    def corrupted(name: str) -> str:
        # injected on purpose: the exclusivity query reports one profile in two segments
        if name == "quality/lifecycle_not_exclusive.sql":
            return "SELECT 0, 1 WHERE $first_day IS NOT NULL AND $last_day IS NOT NULL"
        return real(name)

    monkeypatch.setattr(warehouse, "sql_text", corrupted)
    result = project.run_day(DAY, raise_on_error=False)
    assert not result.success
    check = [e for e in result.get_asset_check_evaluations() if e.check_name == "lifecycle_exclusive"]
    assert len(check) == 1 and not check[0].passed
    assert check[0].severity == dg.AssetCheckSeverity.ERROR
    assert check[0].metadata["profiles_in_several"].value == 1
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "segment/segment_members" in materialized
    assert "export/segment_files" not in materialized
    assert not (project.outbox / "maac_import").exists()
    # the run's failure says which check stopped it
    failures = [e.event_specific_data.error.message for e in result.all_events if e.is_step_failure]
    assert any("lifecycle_exclusive" in message for message in failures), failures

    monkeypatch.setattr(warehouse, "sql_text", real)  # the fix: re-running the day goes through
    again = project.run_day(DAY)
    assert again.success
    assert "export/segment_files" in {
        e.asset_key.to_user_string() for e in again.get_asset_materialization_events()
    }
    assert (project.outbox / "maac_import").is_dir()

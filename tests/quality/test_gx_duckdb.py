"""GX 1.x inside DuckDB: the pinned version, the one override it needs, and real numbers computed
by DuckDB (this file fails when a GX or duckdb-engine upgrade breaks or outgrows the override)."""

from pathlib import Path

import duckdb
import great_expectations as gx
import pytest
from great_expectations.execution_engine.sqlalchemy_execution_engine import SqlAlchemyExecutionEngine

from resources import gx_duckdb
from resources.gx_duckdb import GxValidator, gxe


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE 'x' END AS phone "
                    "FROM range(1, 13) AS r(i)")  # 12 rows, 3 without phone  # fmt: skip
    return path


def meta(check, label, **extra):
    return {"check": check, "label": label, **extra}


def test_pinned_version_and_override_installed():
    assert gx.__version__ == gx_duckdb.GX_VERSION  # an upgrade must re-check the override
    assert SqlAlchemyExecutionEngine.execute_query is gx_duckdb._execute_query_buffered


def test_expectations_get_real_numbers_from_duckdb_both_ways(warehouse):
    validator = GxValidator(warehouse)
    strict, loose = validator.validate(
        "t",
        "SELECT * FROM t",
        [
            gxe.ExpectColumnValuesToNotBeNull(column="phone", mostly=0.9, meta=meta("strict", "phone 90%")),
            gxe.ExpectColumnValuesToNotBeNull(column="phone", mostly=0.7, meta=meta("loose", "phone 70%")),
        ],
    )
    assert (strict.success, strict.unexpected_count, strict.element_count) == (False, 3, 12)
    assert (loose.success, loose.unexpected_count, round(loose.unexpected_percent)) == (True, 3, 25)


def test_unexpected_rows_counts_inside_duckdb(warehouse):
    [outcome] = GxValidator(warehouse).validate(
        "rows",
        "SELECT * FROM t",
        [
            gxe.UnexpectedRowsExpectation(
                unexpected_rows_query="SELECT id FROM {batch} "
                "WHERE NOT regexp_full_match(CAST(id AS VARCHAR), '[0-9]{{1}}')",
                meta=meta("digits", "two-digit ids"),
            )
        ],
    )  # fmt: skip
    assert (outcome.success, outcome.observed) == (False, 3)  # 10, 11, 12


def test_a_gx_error_is_a_failed_check_with_the_error(warehouse):
    [outcome] = GxValidator(warehouse).validate(
        "broken",
        "SELECT * FROM t",
        [
            gxe.UnexpectedRowsExpectation(
                unexpected_rows_query="SELECT id FROM {batch} WHERE no_such_column = 1",
                meta=meta("c", "broken"),
            )
        ],
    )
    assert outcome.success is False
    assert outcome.error and "no_such_column" in outcome.error


def test_data_docs_are_written_and_duckdb_reopens_afterwards(warehouse, tmp_path):
    validator = GxValidator(warehouse, tmp_path / "docs")
    validator.validate(
        "docs", "SELECT * FROM t", [gxe.ExpectColumnValuesToNotBeNull(column="id", meta=meta("c", "id"))]
    )
    assert validator.publish_docs() == validator.docs_index and validator.docs_index.is_file()
    assert list((tmp_path / "docs" / "validations").rglob("*.html"))
    with duckdb.connect(str(warehouse)) as con:  # NullPool: GX kept no connection open
        assert con.execute("SELECT count(*) FROM t").fetchone() == (12,)


def test_relative_paths_work_as_the_default_warehouse_path_does(warehouse, monkeypatch):
    monkeypatch.chdir(warehouse.parent)  # data/warehouse.duckdb is relative by default
    validator = GxValidator(Path(warehouse.name), Path("data_docs"))
    [outcome] = validator.validate(
        "rel", "SELECT * FROM t", [gxe.ExpectColumnValuesToNotBeNull(column="id", meta=meta("c", "id"))]
    )
    assert outcome.success and validator.publish_docs() == warehouse.parent / "data_docs" / "index.html"
    assert validator.docs_index.is_file()

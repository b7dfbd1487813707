"""Great Expectations (GX 1.x) validating **inside DuckDB**, through its SQL datasource
(SQLAlchemy + duckdb-engine): the rows never leave the database, GX sends the metric queries.

PINNED: great-expectations==1.24.1 and duckdb-engine==0.17.0 (pyproject.toml). This module holds
the one fix GX needs on DuckDB: ``SqlAlchemyExecutionEngine.execute_query`` returns a cursor result
that is read after its connection is closed, which yields no rows on duckdb-engine, so every
expectation fails with "list index out of range" (GX issues 10738 / 11579; the native DuckDB engine,
PR 12084, is not merged). :func:`_execute_query_buffered` reads the rows while the connection is
open. tests/quality/test_gx_duckdb.py fails if an upgrade breaks or no longer needs it.

Other facts this relies on: ``poolclass=NullPool`` (a pooled connection would keep the DuckDB file
open with GX's configuration and make a later ``duckdb.connect`` in this process fail with
"different configuration"); progress bars off through ``ProgressBarsConfig`` (TQDM_DISABLE does
not reach them); analytics off; an ephemeral context (nothing written but the Data Docs).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.execution_engine.sqlalchemy_execution_engine import (  # noqa: E402
    SqlAlchemyExecutionEngine,
)
from great_expectations.expectations.row_conditions import Column  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

GX_VERSION = "1.24.1"


def _execute_query_buffered(self, query):
    with self.get_connection() as connection:
        result = self._execute_query_with_recovery(connection, query)
        return result.freeze()()  # every row read now, while the connection is open


SqlAlchemyExecutionEngine.execute_query = _execute_query_buffered

__all__ = ["gxe", "Column", "Outcome", "GxValidator", "GX_VERSION"]


@dataclass
class Outcome:
    """One expectation's verdict, in the terms a check result needs."""

    check: str
    label: str
    success: bool
    observed: Any = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    element_count: int | None = None
    error: str | None = None
    meta: dict = field(default_factory=dict)


def _error(exception_info: dict | None) -> str | None:
    """GX reports failures to compute a metric nested by metric id; find the message."""
    if not exception_info:
        return None
    if exception_info.get("raised_exception"):
        return str(exception_info.get("exception_message") or "GX raised an exception")
    for value in exception_info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "GX raised an exception")
    return None


class GxValidator:
    """An ephemeral GX context on one DuckDB file; optional Data Docs in ``docs_dir``."""

    def __init__(self, warehouse: Path, docs_dir: Path | None = None) -> None:
        self._unpublished: list = []
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.docs_dir = None if docs_dir is None else Path(docs_dir).resolve()  # GX wants it absolute
        if docs_dir is not None:
            self.context.add_data_docs_site(
                site_name="cdh",
                site_config={
                    "class_name": "SiteBuilder",
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(self.docs_dir),
                    },
                },
            )
        self.datasource = self.context.data_sources.add_sql(
            name="warehouse",
            connection_string=f"duckdb:///{Path(warehouse).resolve()}",
            kwargs={"poolclass": NullPool},
        )

    def publish_docs(self) -> Path | None:
        """Build the Data Docs (HTML) for every suite validated so far; return the index page."""
        if self.docs_dir is None:
            return None
        if self._unpublished:  # render only this step's results (and the index), not all again
            self.context.build_data_docs(site_names=["cdh"], resource_identifiers=self._unpublished)
            self._unpublished = []
        return self.docs_index

    @property
    def docs_index(self) -> Path | None:
        return None if self.docs_dir is None else self.docs_dir / "index.html"

    def validate(self, suite_name: str, query: str, expectations: list) -> list[Outcome]:
        """Run ``expectations`` (each with ``meta={"check": ..., "label": ...}``) on the rows of
        ``query``. A GX error becomes a failed outcome carrying the error, never a pass."""
        name = re.sub(r"[^A-Za-z0-9_]+", "_", suite_name)
        asset = self.datasource.add_query_asset(name=name, query=query)
        batch = asset.add_batch_definition_whole_table("all")
        suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(
                name=name,
                validation_definitions=[definition],
                actions=[],  # Data Docs are built once per step by publish_docs(), not per suite
                result_format={"result_format": "SUMMARY"},
            )
        )
        try:
            run = checkpoint.run()
        except Exception as exc:  # GX itself failed: every expectation of the suite fails with it
            return [
                Outcome(e.meta.get("check", name), e.meta.get("label", ""), False, error=f"GX: {exc}")
                for e in expectations
            ]
        outcomes = []
        self._unpublished += list(run.run_results)
        for validation in run.run_results.values():
            for r in validation.results:
                meta = dict(r.expectation_config.meta or {})
                result = r.result or {}
                error = _error(r.exception_info)
                outcomes.append(
                    Outcome(
                        check=meta.get("check", name),
                        label=meta.get("label", r.expectation_config.type),
                        success=bool(r.success) and error is None,
                        observed=result.get("observed_value"),
                        unexpected_count=result.get("unexpected_count"),
                        unexpected_percent=result.get("unexpected_percent"),
                        element_count=result.get("element_count"),
                        error=error or (None if r.success or result else "GX computed no result"),
                        meta=meta,
                    )
                )
        return outcomes

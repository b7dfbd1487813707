"""The DuckDB warehouse: where its SQL lives and how it is run.

Every query is a plain .sql file under sql/<stage>/, named after what it builds. Values are bound
as parameters; the only text ever composed into SQL is identifiers taken from validated config,
and those go through :func:`quote_ident`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def sql_text(name: str) -> str:
    """The text of sql/<name>, e.g. ``sql_text("identity/components_step.sql")``."""
    return (SQL_DIR / name).read_text(encoding="utf-8")


_NAMED = re.compile(r"\$([a-z_][a-z0-9_]*)")


def _bind(text: str, params: Sequence[Any] | dict | None):
    """Named parameters: only those the statement uses (DuckDB refuses extra ones)."""
    if isinstance(params, dict):
        used = set(_NAMED.findall(text))
        return {k: v for k, v in params.items() if k in used}
    return params or []


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: Sequence[Any] | dict | None = None):
    """Execute one statement from sql/ with bound parameters; returns the connection's result.
    Named parameters (a dict) may include more names than the statement uses."""
    text = sql_text(name)
    return con.execute(text, _bind(text, params))


def run_composed(con: duckdb.DuckDBPyConnection, text: str, params: dict | None = None):
    """Execute SQL text built from a sql/ file whose placeholders were filled with validated,
    quoted identifiers (never values), binding the named parameters it uses."""
    return con.execute(text, _bind(text, params))


def run_statements(
    con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None, names: dict[str, str] | None = None
) -> None:
    """Execute a file of several statements (each ending in ';' at the end of a line) one by one,
    binding to each the named parameters it uses. `names` fills `{placeholder}`s with identifiers
    from the calling code, quoted (:func:`quote_ident`)."""
    text = sql_text(name)
    for placeholder, identifier in (names or {}).items():
        text = text.replace(f"{{{placeholder}}}", quote_ident(identifier))
    for statement in re.split(r";\s*\n", text):
        if statement.strip() and not all(
            line.strip().startswith("--") or not line.strip() for line in statement.splitlines()
        ):
            con.execute(statement, _bind(statement, params))


def fetch_all(con: duckdb.DuckDBPyConnection, name: str, params: Sequence[Any] | dict | None = None):
    return run_sql(con, name, params).fetchall()


def fetch_one(con: duckdb.DuckDBPyConnection, name: str, params: Sequence[Any] | dict | None = None):
    rows = run_sql(con, name, params).fetchall()
    return rows[0] if rows else None


def run_script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Execute a multi-statement DDL file (no parameters)."""
    con.execute(sql_text(name))


def quote_ident(name: str) -> str:
    """Quote a config-declared identifier; refuse anything that is not a plain lower-case name."""
    if not _IDENT.match(name):
        raise ValueError(f"{name!r} is not a valid identifier (lower-case letters, digits, _)")
    return f'"{name}"'


def quote_literal(name: str) -> str:
    """A config-declared *name* as a SQL string literal (same validation as identifiers)."""
    if not _IDENT.match(name):
        raise ValueError(f"{name!r} is not a valid name (lower-case letters, digits, _)")
    return f"'{name}'"


def quote_date(day: dt.date) -> str:
    """A date as a SQL literal (for the literal SQL a GX query asset needs)."""
    if not isinstance(day, dt.date):
        raise TypeError(f"{day!r} is not a date")
    return f"DATE '{day.isoformat()}'"


def quote_pattern(pattern: str) -> str:
    """A regular expression *from the code* (never user input) as a SQL string literal."""
    return "'" + pattern.replace("'", "''") + "'"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    run_script(con, "warehouse/create_tables.sql")


def delete_day(con: duckdb.DuckDBPyConnection, tables: Sequence[str], day) -> None:
    """Clear one day from daily tables before it is rebuilt (call inside the step's transaction).

    ``tables`` are constant names from the calling code, never config or user input."""
    for table in tables:
        con.execute(f"DELETE FROM {table} WHERE day = ?", [day])


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Everything inside commits together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def replay_steps(
    con: duckdb.DuckDBPyConnection, stage: str, days: Sequence[dt.date], apply: Callable[[dt.date], Any]
) -> dict[dt.date, Any]:
    """(Re)build the daily steps of a stage that keeps its state as intervals (identity, profile):
    the steps from the first of `days` on are rolled back (sql/<stage>/rollback.sql) and `days`
    plus the steps that had been built after them (sql/<stage>/later_steps.sql) are applied again
    in order, so the result never depends on the order days were run or backfilled in."""
    first = min(days)
    later = [row[0] for row in fetch_all(con, f"{stage}/later_steps.sql", {"day": first})]
    with transaction(con):
        run_statements(con, f"{stage}/rollback.sql", {"day": first})
    return {day: apply(day) for day in sorted(set(days) | set(later))}

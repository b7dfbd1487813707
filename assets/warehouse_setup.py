"""Prepares the warehouse for a step: tables, the config as config.* tables, macros and the
public cdh.* views (see sql/warehouse/ and sql/cdh/)."""

from __future__ import annotations

import datetime as dt

import duckdb

from resources.allocator import reuse_freed_buffers
from resources.project_config import ProjectConfig
from resources.warehouse import (
    ensure_schema,
    fetch_all,
    fetch_one,
    quote_ident,
    quote_literal,
    run_script,
    run_sql,
    run_statements,
    sql_text,
    transaction,
)


def config_rows(cfg: ProjectConfig) -> dict[str, list[tuple]]:
    src = cfg.sources.sources
    seg = cfg.segments
    tags = cfg.profile.tags
    return {
        "sources": [(n, s.kind, s.updated_at, i) for i, (n, s) in enumerate(src.items())],
        "source_fields": [(n, f) for n, s in src.items() for f in s.fields],
        "keys": [
            (k.name, i, k.field, k.normaliser, k.link, k.cap.records) for i, k in enumerate(cfg.identity.keys)
        ],
        "key_blocklist": [
            (k.name, kind, v)
            for k in cfg.identity.keys
            for b in [cfg.identity.blocklist_of(k)]
            for kind, values in (("value", b.values), ("pattern", b.patterns))
            for v in values
        ],
        "key_caps": [(k.name, o, m) for k in cfg.identity.keys for o, m in k.cap.distinct.items()],
        "attributes": [
            (a.name, i, a.rule, a.field, a.key, a.type, a.value_map)
            for i, a in enumerate(cfg.profile.attributes)
        ],
        "attribute_sources": [
            (a.name, s, i) for a in cfg.profile.attributes for i, s in enumerate(a.sources)
        ],
        "attribute_groups": [(a, g.name, g.rule) for g in cfg.profile.groups for a in g.attributes],
        "group_sources": [(g.name, s, i) for g in cfg.profile.groups for i, s in enumerate(g.sources)],
        "value_maps": [
            (name, source, code, label)
            for name, by_source in cfg.profile.value_maps.items()
            for source, codes in by_source.items()
            for code, label in codes.items()
        ],
        "lifecycle": [
            (s.name, i, s.min_paid_orders, s.min_revenue, s.max_days_since_order, s.active_within_days)
            for i, s in enumerate(seg.lifecycle)
        ],
        "lifecycle_contactable": [(s.name, a) for s in seg.lifecycle for a in s.contactable],
        "lifecycle_in_segments": [(s.name, f) for s in seg.lifecycle for f in s.in_segments],
        "paid_statuses": [(s,) for s in seg.paid_statuses],
        "refund_statuses": [(s,) for s in seg.refund_statuses],
        "triggers": [(t.name, t.to) for t in seg.triggers],
        "trigger_from": [(t.name, f) for t in seg.triggers for f in t.from_],
        "feeds": [(f.source, f.field, f.key) for f in seg.feeds],
        "settings": [
            (
                cfg.identity.default_region,
                seg.order_window_days,
                seg.member_status.attribute,
                seg.member_status.bound,
                seg.member_status.unbound,
                tags.field if tags else None,
                tags.separator if tags else None,
                seg.engagement_attribute,
            )
        ],
    }


def write_config_tables(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig) -> None:
    run_script(con, "warehouse/create_config_tables.sql")
    for table, rows in config_rows(cfg).items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            # `table` is one of the constant names above, never user input.
            con.executemany(f"INSERT INTO config.{table} VALUES ({marks})", rows)


_SQL_TYPES = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DECIMAL(18, 2)",
    "date": "DATE",
    "timestamp": "TIMESTAMPTZ",
}
_PUBLIC_VIEWS = (
    "record_profiles",
    "profile_merges",
    "profile_splits",
    "segment_members",
    "segment_passage",
    "profile_identifiers",
    "profile_attribute_sources",
    "profile_tags",
    "orders",
)


def attribute_columns(cfg: ProjectConfig, names: list[str] | None = None, typed: bool = True) -> str:
    """One column per profile attribute (or per attribute in `names`, as text when not `typed`),
    pivoted from rows `v` (attribute, value) grouped by profile: the `{attribute_columns}` of
    sql/cdh/profiles.sql, sql/segments/segment_profiles.sql and sql/export/export_profiles.sql."""
    types = {a.name: a.type for a in cfg.profile.attributes}
    return "".join(
        f",\n    TRY_CAST(max(v.value) FILTER (WHERE v.attribute = {quote_literal(name)})"
        f" AS {_SQL_TYPES[types[name]] if typed else 'VARCHAR'}) AS {quote_ident(name)}"
        for name in (names if names is not None else list(types))
    )


def create_public_views(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig) -> None:
    """The stable cdh.* views documented in README.md."""
    for name in _PUBLIC_VIEWS:
        run_script(con, f"cdh/{name}.sql")
    con.execute(sql_text("cdh/profiles.sql").replace("{attribute_columns}", attribute_columns(cfg)))


# Per-day snapshot tables of warehouses built before identity and profiles kept intervals; their
# state is derived data and is recomputed by the next run (`cdh rebuild`).
_SNAPSHOT_TABLES = (
    "identity.record_profiles_daily",
    "identity.profile_identifiers_daily",
    "profile.attribute_values_daily",
)


def _is_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    schema, table = name.split(".")
    kind = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchall()
    return bool(kind) and kind[0][0] == "BASE TABLE"


def drop_snapshot_tables(con: duckdb.DuckDBPyConnection) -> None:
    for name in _SNAPSHOT_TABLES:
        if _is_table(con, name):
            con.execute(f"DROP TABLE {name}")  # a constant name from above


def move_staged_key_problems(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before quality.key_problems: the unusable values of its quality.staged_keys
    move there, and the table (a copy of every delivered key value) goes."""
    if _is_table(con, "quality.staged_keys"):
        with transaction(con):
            run_statements(con, "warehouse/move_staged_key_problems.sql")


def number_profile_ids(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before profile numbers: the history tables' text profile ids become their
    numbers (sql/warehouse/profile_numbers.sql), in one transaction; an id that is not one the
    identity step writes stops it, named, before anything changes."""
    text_ids, nullable = fetch_one(con, "warehouse/profile_number_columns.sql")
    if text_ids:
        for table, ids, example in fetch_all(con, "warehouse/unnumbered_profile_ids.sql"):
            if ids:
                raise RuntimeError(
                    f"{table}: {ids} stored profile id(s) are not 'p_' and 16 hex digits (e.g. "
                    f"{example!r}; no identity step writes such ids), so they cannot become profile numbers"
                )
        with transaction(con):
            run_statements(con, "warehouse/profile_numbers.sql")
    if text_ids or nullable:
        run_script(con, "warehouse/profile_numbers_not_null.sql")


VERSIONED_KINDS = ("contacts", "orders")  # the kinds whose records a step reads as of a day


def number_records(
    con: duckdb.DuckDBPyConnection, candidates: str, params: dict | None = None, names: dict | None = None
) -> None:
    """Number the records that the sql/ file `candidates` lists in temp table to_number and that
    have no number yet (sql/ingest/number_records.sql: one rule for every numbering)."""
    run_statements(con, candidates, params, names)
    run_sql(con, "ingest/number_records.sql")


def index_record_versions(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig) -> list[str]:
    """Fill raw.records' version columns (sql/ingest/record_versions.sql) and record numbers
    (raw.record_numbers) for the contacts and orders sources that never had them: a warehouse from
    before them, a new source, a source loaded before any step indexed it, or a feed that became
    one. Once marked in raw.versioned_sources, a source's loads keep both, and this costs one small
    query. Returns the sources indexed now."""
    sources = sorted(name for name, spec in cfg.sources.sources.items() if spec.kind in VERSIONED_KINDS)
    with transaction(con):
        run_sql(con, "warehouse/unmark_versioned_sources.sql", {"sources": sources})
        todo = [row[0] for row in fetch_all(con, "warehouse/unversioned_sources.sql", {"sources": sources})]
        if todo:
            run_sql(con, "ingest/versioned_records.sql")
            run_sql(con, "warehouse/source_versioned_records.sql", {"sources": todo})
            run_sql(con, "ingest/record_versions.sql")
        found = fetch_all(con, "warehouse/unnumbered_sources.sql", {"sources": sources})
        unnumbered = [row[0] for row in found]
        if unnumbered:
            number_records(con, "warehouse/source_records_to_number.sql", {"sources": unnumbered})
            run_sql(con, "warehouse/number_source_records.sql", {"sources": unnumbered})
        if todo or unnumbered:
            marked = {"sources": sorted(set(todo) | set(unnumbered)), "now": dt.datetime.now(dt.UTC)}
            run_sql(con, "warehouse/mark_versioned_sources.sql", marked)
    return todo


def name_records_by_number(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before record numbers: its identity history rows and attribute values name
    their record by number instead of its id (once every record is numbered: index_record_versions).
    Outside a transaction: DuckDB refuses to drop a column that the same transaction updated."""
    if fetch_one(con, "warehouse/attribute_record_ids.sql")[0]:
        number_records(con, "warehouse/attribute_records_to_number.sql")
        run_statements(con, "warehouse/attribute_record_numbers.sql")
    for (table,) in fetch_all(con, "warehouse/history_without_numbers.sql"):
        number_records(con, "warehouse/history_records_to_number.sql", names={"history": table})
        run_statements(con, "warehouse/history_record_numbers.sql", names={"history": table})


def ensure_row_hashes(con: duckdb.DuckDBPyConnection) -> None:
    """The history tables' *_hash columns: added to a warehouse from before them, and computed
    for every stored row when they never were or DuckDB's hash() now gives other answers."""
    run_script(con, "warehouse/add_row_hash_columns.sql")
    canary, stored, nullable = fetch_one(con, "warehouse/row_hash_canary.sql")
    if stored != canary:
        with transaction(con):
            run_statements(con, "warehouse/fill_row_hashes.sql", {"canary": canary})
    if nullable:
        run_script(con, "warehouse/row_hashes_not_null.sql")


def prepare_warehouse(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig) -> None:
    """Tables, config tables and the macros and views that read them: the start of every step."""
    reuse_freed_buffers()  # before the step's big allocations (resources/allocator.py)
    # No statement of a step depends on the order rows are stored in (every read that returns an
    # order says ORDER BY); without order preservation DuckDB writes big temp tables from both
    # threads unsynchronised (10M records, one pair of runs: the profile step's candidates 70 -> 47 s,
    # the step 159 -> 143 s; runs on this machine vary by 10-20 s).
    con.execute("SET preserve_insertion_order = false")
    ensure_schema(con)
    drop_snapshot_tables(con)
    move_staged_key_problems(con)
    run_script(con, "warehouse/create_profile_id_macros.sql")
    number_profile_ids(con)
    index_record_versions(con, cfg)
    name_records_by_number(con)  # before the views, which read the record numbers
    run_script(con, "warehouse/create_identity_views.sql")
    write_config_tables(con, cfg)
    run_script(con, "warehouse/create_macros.sql")
    ensure_row_hashes(con)
    create_public_views(con, cfg)

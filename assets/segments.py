"""Segments, per day: exclusive lifecycle segments, member status (bound / unbound), the
web-analytics feed segments matched to profiles, custom SQL segments, the lifecycle passage
matrix (cdh.segment_passage) and the trigger lists of declared transitions.
Rules: config/segments.yaml; queries: sql/segments/."""

import datetime as dt
import re

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.warehouse_setup import attribute_columns, prepare_warehouse
from resources.project_config import ConfigError, ProjectConfig
from resources.warehouse import (
    delete_day,
    fetch_all,
    fetch_one,
    run_composed,
    run_sql,
    sql_text,
    transaction,
)

SEGMENT_DAILY_TABLES = ("segment.members_daily", "segment.feed_matches_daily", "segment.passage_daily")
# the side tables a custom predicate may read, each built only when a predicate names it
CUSTOM_SIDE_TABLES = ("orders", "tags", "identifiers", "memberships")
NEW, GONE = "(new)", "(gone)"


def _insert_custom_segments(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> None:
    custom = cfg.segments.custom
    if not custom:
        return
    text = " ".join(c.where for c in custom)
    # only the attributes the predicates name are pivoted into `p`
    named = [a.name for a in cfg.profile.attributes if re.search(rf"\b{a.name}\b", text)]
    run_composed(
        con,
        sql_text("segments/segment_profiles.sql").replace(
            "{attribute_columns}", attribute_columns(cfg, named)
        ),
        {"day": day},
    )
    for table in CUSTOM_SIDE_TABLES:
        if re.search(rf"\b{table}\b", text, re.IGNORECASE):
            run_sql(con, f"segments/custom_{table}.sql", {"day": day})
    for i, segment in enumerate(custom):
        # the predicate is SQL the data team wrote in config (checked when definitions load);
        # the segment's name is bound as a parameter
        statement = sql_text("segments/insert_custom_segment.sql").replace("{predicate}", segment.where)
        try:
            run_composed(con, statement, {"day": day, "segment": segment.name})
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            raise ConfigError(
                f"{cfg.directory / 'segments.yaml'}: custom[{i}].where: segment {segment.name!r}: {message}"
            ) from None


def build_passage_day(con: duckdb.DuckDBPyConnection, day: dt.date) -> None:
    """The passage matrix and trigger lists of `day`, against the previous computed day."""
    previous = fetch_one(con, "segments/previous_step.sql", {"day": day})[0]
    params = {"day": day, "previous_day": previous}
    run_sql(con, "segments/delete_passage.sql", params)
    run_sql(con, "segments/delete_trigger_members.sql", params)
    run_sql(con, "segments/insert_passage.sql", params)
    run_sql(con, "segments/insert_trigger_members.sql", params)
    run_sql(con, "segments/insert_step.sql", params)


def build_segments_day(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> None:
    """Replace every segment membership of `day` (one transaction), then its passage and triggers."""
    run_sql(con, "identity/records_asof.sql", {"day": day})
    run_sql(con, "segments/feed_rows.sql", {"day": day})
    run_sql(con, "segments/feed_identifiers.sql", {"day": day})
    with transaction(con):
        delete_day(con, SEGMENT_DAILY_TABLES, day)
        # feeds first: lifecycle rules may ask for feed membership; custom segments see them all
        run_sql(con, "segments/insert_feed_members.sql", {"day": day})
        run_sql(con, "segments/insert_feed_matches.sql", {"day": day})
        run_sql(con, "segments/profile_facts.sql", {"day": day})
        run_sql(con, "segments/insert_lifecycle.sql", {"day": day})
        run_sql(con, "segments/insert_member_status.sql", {"day": day})
        _insert_custom_segments(con, cfg, day)
        build_passage_day(con, day)


def build_segments_window(
    con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, days: list[dt.date], log=None
) -> None:
    """Build the window's days in order, then recompute the passage and triggers of the first
    computed day after the window (it now compares with the window's last day), so a backfill
    gives the same result as running the days in order."""
    for day in days:
        build_segments_day(con, cfg, day)
        if log:
            log.info(f"segments of {day} built")
    after = fetch_one(con, "segments/next_step.sql", {"day": days[-1]})[0]
    if after is not None:
        with transaction(con):
            build_passage_day(con, after)
        if log:
            log.info(f"passage and triggers of {after} recomputed against {days[-1]}")


def check_custom_segments(cfg: ProjectConfig) -> None:
    """Run every custom segment once on an empty in-memory warehouse built from the same config:
    a predicate naming a column or table that does not exist fails here, when definitions load,
    with the file, the segment and DuckDB's message, instead of in the morning run."""
    if not cfg.segments.custom:
        return
    with duckdb.connect(":memory:") as con:
        prepare_warehouse(con, cfg)
        build_segments_day(con, cfg, cfg.sources.start_date)


def passage_markdown(rows: list[tuple[str, str, int]], order: list[str]) -> str:
    """The passage matrix as a markdown table: rows = yesterday's segment, columns = today's."""
    counts = {(f, t): n for f, t, n in rows}
    froms = [NEW, *order]
    tos = [*order, GONE]
    lines = ["| from \\ to | " + " | ".join(tos) + " |", "|---" * (len(tos) + 1) + "|"]
    for f in froms:
        lines.append(f"| {f} | " + " | ".join(str(counts.get((f, t), 0)) for t in tos) + " |")
    return "\n".join(lines)


def build_segments_asset(cfg: ProjectConfig, partitions: dg.PartitionsDefinition, deps: list[dg.AssetKey]):
    key = dg.AssetKey(["segment", "segment_members"])
    check_custom_segments(cfg)
    lifecycle = cfg.lifecycle_names

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["profile", "profiles"]), *deps],
        group_name="segments",
        kinds={"duckdb"},
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="duckdb",
        description="cdh.segment_members: lifecycle, member status, feed, custom and trigger segments "
        "per day; cdh.segment_passage: moves between lifecycle segments since the previous day.",
        check_specs=[
            dg.AssetCheckSpec(
                "lifecycle_exclusive",
                asset=key,
                blocking=True,
                description="every profile is in exactly one lifecycle segment (exclusive and exhaustive)",
            ),
            dg.AssetCheckSpec(
                "feed_match_rate",
                asset=key,
                description="each feed's rows match profiles at least at config/quality.yaml's "
                f"segments.min_feed_match_rate ({cfg.quality.segments.min_feed_match_rate:.0%})",
            ),
        ],
    )
    def segment_members(context: dg.AssetExecutionContext, warehouse: DuckDBResource):
        days = window_days(context)
        window = {"first_day": days[0], "last_day": days[-1]}
        with warehouse.get_connection() as con:
            prepare_warehouse(con, cfg)
            build_segments_window(con, cfg, days, context.log)
            last = days[-1]
            sizes = fetch_all(con, "segments/segment_sizes.sql", {"day": last})
            feeds = fetch_all(con, "segments/feed_match_rates.sql", {"day": last})
            passage = fetch_all(con, "segments/passage.sql", {"day": last})
            in_none, in_many = fetch_one(con, "quality/lifecycle_not_exclusive.sql", window)
        floor = cfg.quality.segments.min_feed_match_rate
        low_feeds = [s for s, r, m in feeds if r and m / r < floor]
        table = "\n".join(
            ["| group | segment | profiles |", "|---|---|---|"]
            + [f"| {g} | {s} | {n} |" for g, s, n in sizes]
        )
        moves = {(f, t): n for f, t, n in passage}
        moved_metadata = {
            f"moved_{f.strip('()')}_to_{t.strip('()')}": moves.get((f, t), 0)
            for f in [NEW, *lifecycle]
            for t in [*lifecycle, GONE]
            if f != t
        }
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": sum(n for _, _, n in sizes),
                **{f"size_{s}": n for _, s, n in sizes},
                **{f"feed_match_rate_{s}": round(m / r, 4) if r else 0.0 for s, r, m in feeds},
                **{f"feed_unmatched_{s}": r - m for s, r, m in feeds},
                "segments": dg.MetadataValue.md(table),
                "passage": dg.MetadataValue.md(
                    f"Lifecycle moves into {last} (rows: before, columns: {last})\n\n"
                    + passage_markdown(passage, lifecycle)
                ),
                **moved_metadata,
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="feed_match_rate",
                    passed=not low_feeds,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={
                        "threshold": floor,
                        "feeds_below": ", ".join(low_feeds) or "none",
                        **{f"{s} match rate": round(m / r, 4) if r else 0.0 for s, r, m in feeds},
                        **{f"{s} unmatched rows": r - m for s, r, m in feeds},
                    },
                ),
                dg.AssetCheckResult(
                    check_name="lifecycle_exclusive",
                    passed=in_none == 0 and in_many == 0,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={"profiles_in_no_segment": in_none, "profiles_in_several": in_many},
                ),
            ],
        )

    return segment_members

"""Segments, per day: exclusive lifecycle segments, member status (bound / unbound) and the
web-analytics feed segments matched to profiles. Rules: config/segments.yaml; sql/segments/."""

import datetime as dt

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.warehouse_setup import prepare_warehouse
from resources.project_config import ProjectConfig
from resources.warehouse import delete_day, fetch_all, fetch_one, run_sql, transaction

SEGMENT_DAILY_TABLES = ("segment.members_daily", "segment.feed_matches_daily")


def build_segments_day(con: duckdb.DuckDBPyConnection, day: dt.date) -> None:
    run_sql(con, "identity/records_asof.sql", {"day": day})
    run_sql(con, "segments/profile_facts.sql", {"day": day})
    run_sql(con, "segments/feed_rows.sql", {"day": day})
    with transaction(con):
        delete_day(con, SEGMENT_DAILY_TABLES, day)
        for name in (
            "insert_lifecycle",
            "insert_member_status",
            "insert_feed_members",
            "insert_feed_matches",
        ):
            run_sql(con, f"segments/{name}.sql", {"day": day})


def build_segments_asset(cfg: ProjectConfig, partitions: dg.PartitionsDefinition, deps: list[dg.AssetKey]):
    key = dg.AssetKey(["segment", "segment_members"])

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["profile", "profiles"]), *deps],
        group_name="segments",
        kinds={"duckdb"},
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="duckdb",
        description="cdh.segment_members: lifecycle, member status and feed segments per day.",
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
            for day in days:
                build_segments_day(con, day)
            sizes = fetch_all(con, "segments/segment_sizes.sql", {"day": days[-1]})
            feeds = fetch_all(con, "segments/feed_match_rates.sql", {"day": days[-1]})
            in_none, in_many = fetch_one(con, "quality/lifecycle_not_exclusive.sql", window)
        floor = cfg.quality.segments.min_feed_match_rate
        low_feeds = [s for s, r, m in feeds if r and m / r < floor]
        table = "\n".join(
            ["| group | segment | profiles |", "|---|---|---|"]
            + [f"| {g} | {s} | {n} |" for g, s, n in sizes]
        )
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": sum(n for _, _, n in sizes),
                **{f"size_{s}": n for _, s, n in sizes},
                **{f"feed_match_rate_{s}": round(m / r, 4) if r else 0.0 for s, r, m in feeds},
                "segments": dg.MetadataValue.md(table),
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

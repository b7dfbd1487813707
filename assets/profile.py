"""Profile: one row per profile and one value per attribute (N:1), each chosen by the rule
declared in config/profile.yaml (sql/profile/insert_attribute_values.sql applies them)."""

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.quality import (
    check_result,
    masked_format_failures,
    numbers,
    profile_suite,
    stage_profile_contacts,
    validator,
    verdicts,
)
from assets.warehouse_setup import prepare_warehouse
from resources.project_config import ProjectConfig
from resources.warehouse import delete_day, fetch_all, fetch_one, run_sql

PROFILE_DAILY_TABLES = ("profile.attribute_values_daily", "profile.unmapped_codes_daily")


def build_profile_day(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> None:
    run_sql(con, "identity/records_asof.sql", {"day": day})
    run_sql(con, "profile/attribute_candidates.sql", {"day": day})
    if cfg.profile.groups:
        run_sql(con, "profile/group_records.sql")
        run_sql(con, "profile/keep_group_records.sql")
    con.execute("BEGIN TRANSACTION")
    try:
        delete_day(con, PROFILE_DAILY_TABLES, day)
        run_sql(con, "profile/insert_unmapped_codes.sql", {"day": day})
        run_sql(con, "profile/insert_attribute_values.sql", {"day": day})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def build_profile_asset(cfg: ProjectConfig, partitions: dg.PartitionsDefinition):
    key = dg.AssetKey(["profile", "profiles"])

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["identity", "record_profiles"])],
        group_name="profile",
        kinds={"duckdb"},
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="duckdb",
        description="cdh.profiles: one row per profile, one surviving value per attribute; "
        "provenance in cdh.profile_attribute_sources. Rules: config/profile.yaml.",
        check_specs=[
            dg.AssetCheckSpec(
                "profile_id_unique",
                asset=key,
                blocking=True,
                description="every profile id is on exactly one row of cdh.profiles",
            ),
            dg.AssetCheckSpec(
                "attributes_n_to_1",
                asset=key,
                blocking=True,
                description="no profile has two values for one attribute",
            ),
            dg.AssetCheckSpec(
                "option_codes_mapped",
                asset=key,
                description="every option-set code has a label in its value map",
            ),
            dg.AssetCheckSpec(
                "key_formats_valid",
                asset=key,
                blocking=True,
                description="(GX) every profile's phone is E.164, email an address, md5 32-hex, "
                "LINE uid U+32 hex",
            ),
            dg.AssetCheckSpec(
                "contactability",
                asset=key,
                description="(GX) share of profiles with a phone / email / LINE uid at least the floors "
                "in config/quality.yaml",
            ),
        ],
    )
    def profiles(context: dg.AssetExecutionContext, warehouse: DuckDBResource):
        days = window_days(context)
        window = {"first_day": days[0], "last_day": days[-1]}
        with warehouse.get_connection() as con:
            prepare_warehouse(con, cfg)
            for day in days:
                build_profile_day(con, cfg, day)
            n_profiles, n_values, n_unmapped = fetch_one(con, "profile/profile_stats.sql", {"day": days[-1]})
            duplicates = fetch_one(con, "quality/profile_id_duplicates.sql")[0]
            two_values = fetch_one(con, "quality/attributes_with_two_values.sql", window)[0]
            unmapped = fetch_all(con, "quality/unmapped_codes.sql", window)
            filled = dict(fetch_all(con, "profile/attribute_fill.sql", {"day": days[-1]}))
            bad_formats = masked_format_failures(con, cfg, days[-1])
            stage_profile_contacts(con, cfg, days[-1])
        # profile id unique and N:1 stay SQL (sql/quality/): GX's uniqueness runs window queries,
        # 2.5-3x slower on millions of rows; the key formats and floors run through GX:
        gx = validator(Path(warehouse.database), cfg)
        found = verdicts(gx.validate(f"profiles_{days[-1]:%Y%m%d}", *profile_suite(cfg)))
        gx.publish_docs()
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": n_profiles,
                "attribute_values": n_values,
                "unmapped_code_records": n_unmapped,
                **numbers(found),
                **{
                    f"share_with_{a.name}": round(filled.get(a.name, 0) / n_profiles, 4)
                    if n_profiles
                    else 0.0
                    for a in cfg.profile.attributes
                },
            },
            check_results=[
                check_result(
                    found.get("key_formats_valid"),
                    "key_formats_valid",
                    dg.AssetCheckSeverity.ERROR,
                    gx.docs_index,
                    failing_sample_masked=", ".join(bad_formats) or "none",
                ),
                check_result(
                    found.get("contactability"), "contactability", dg.AssetCheckSeverity.WARN, gx.docs_index
                ),
                dg.AssetCheckResult(
                    check_name="profile_id_unique",
                    passed=duplicates == 0,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={"duplicate_profile_ids": duplicates},
                ),
                dg.AssetCheckResult(
                    check_name="attributes_n_to_1",
                    passed=two_values == 0,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={"attributes_with_two_values": two_values},
                ),
                dg.AssetCheckResult(
                    check_name="option_codes_mapped",
                    passed=not unmapped,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={
                        "unmapped_records": sum(r[3] for r in unmapped),
                        "unmapped": dg.MetadataValue.md(
                            "\n".join(
                                f"- {a} from {s}: {c} distinct codes, {n} records" for a, s, c, n in unmapped
                            )
                            or "none"
                        ),
                    },
                ),
            ],
        )

    return profiles

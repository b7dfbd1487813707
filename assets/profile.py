"""Profile: one row per profile and one value per attribute (N:1), each chosen by the rule
declared in config/profile.yaml (sql/profile/attribute_survivors.sql applies them)."""

import datetime as dt
import hashlib
import json
import time
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
from resources.warehouse import fetch_all, fetch_one, replay_steps, run_sql, run_statements, transaction


def profile_fingerprint(cfg: ProjectConfig) -> str:
    """Changes whenever config/profile.yaml changes: the next step recomputes every profile."""
    rules = json.dumps(cfg.profile.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(rules.encode()).hexdigest()[:16]


def apply_profile_step(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> dict:
    """Build the profiles of `day` on top of the previous profile step: only profiles holding a
    record delivered since then, or whose members changed, are recomputed; the result equals a
    full rebuild (forced by a first step, a change of config/profile.yaml, or a full identity step
    that day). The caller has rolled back every profile step from `day` on."""
    started = time.perf_counter()
    prev, prev_fingerprint, identity_mode = fetch_one(con, "profile/previous_step.sql", {"day": day})
    if identity_mode is None:
        raise RuntimeError(f"identity has not been built for {day}: run its identity step first")
    fingerprint = profile_fingerprint(cfg)
    full = prev is None or prev_fingerprint != fingerprint or identity_mode == "full"
    params = {"day": day, "prev": prev, "full": full}
    run_sql(con, "profile/recompute_profiles.sql", params)
    run_sql(con, "profile/member_records.sql", params)
    run_sql(con, "identity/records_wanted.sql", {**params, "timestamps": True})
    run_sql(con, "profile/attribute_inputs.sql")
    run_sql(con, "profile/profile_records.sql", params)
    run_sql(con, "profile/attribute_candidates.sql", params)
    run_statements(con, "profile/narrow_records.sql")  # the fields are read: free their memory
    if cfg.profile.groups:
        run_sql(con, "profile/group_records.sql")
        run_sql(con, "profile/keep_group_records.sql")
    run_sql(con, "profile/attribute_survivors.sql")
    first = prev is None  # nothing stored to diff the survivors with
    if not first:
        run_sql(con, "profile/survivors.sql")
    mode = "full" if full else "incremental"
    with transaction(con):
        if first:
            closed, opened = 0, fetch_one(con, "profile/open_first_values.sql", params)[0]
        else:
            # value_diff keeps the rowids of the stored rows it closes: they hold within this transaction
            run_sql(con, "profile/value_diff.sql", params)
            closed, opened = fetch_one(con, "profile/value_diff_counts.sql")
            run_sql(con, "profile/close_value_rows.sql", params)
            run_sql(con, "profile/open_value_rows.sql", params)
        run_sql(con, "profile/insert_unmapped_codes.sql", params)
        recomputed = fetch_one(con, "profile/recomputed_count.sql")[0]
        seconds = round(time.perf_counter() - started, 3)
        step = {**params, "mode": mode, "fingerprint": fingerprint, "seconds": seconds}
        run_sql(con, "profile/insert_step.sql", {**step, "recomputed": recomputed})
    return {
        "mode": mode,
        "recomputed_profiles": recomputed,
        "opened_values": opened,  # new or changed survivors
        "closed_values": closed,  # stored values they replace, or whose attribute lost its value
        "seconds": seconds,
    }


def build_profile_days(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, days: list[dt.date]) -> dict:
    """(Re)build the profiles of `days`; profile steps already built after the first of them are
    rolled back and replayed in order."""
    return replay_steps(con, "profile", days, lambda day: apply_profile_step(con, cfg, day))


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
            built = build_profile_days(con, cfg, days)
            for day, step in built.items():
                context.log.info(f"profiles {day}: {step}")
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
                "mode": built[days[-1]]["mode"],
                "recomputed_profiles": built[days[-1]]["recomputed_profiles"],
                "opened_values": built[days[-1]]["opened_values"],
                "closed_values": built[days[-1]]["closed_values"],
                "step_seconds": built[days[-1]]["seconds"],
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

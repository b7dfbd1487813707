"""Identity: standardise keys, link records that share a usable key value, resolve connected
components into profiles with stable ids, and record merges. Rules: config/identity.yaml;
queries: sql/identity/."""

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import phonenumbers
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.quality import check_result, mask, numbers, staged_keys_suite, validator, verdicts
from assets.warehouse_setup import prepare_warehouse
from resources.project_config import ProjectConfig
from resources.warehouse import delete_day, fetch_all, fetch_one, run_sql

MAX_COMPONENT_ROUNDS = 200
IDENTITY_DAILY_TABLES = (
    "quality.staged_keys",
    "identity.record_profiles_daily",
    "identity.profile_identifiers_daily",
    "identity.skipped_values_daily",
    "identity.profile_merges_daily",
)


def parse_phone(raw: str, region: str) -> str | None:
    """E.164 for a valid number, else None. Digits that already start with the region's country
    code but lack the '+' (886912345678) are read as international."""
    candidates = [raw]
    digits = "".join(ch for ch in raw if ch.isdigit())
    code = str(phonenumbers.country_code_for_region(region))
    if digits.startswith(code) and not raw.strip().startswith(("+", "0")):
        candidates.append("+" + digits)
    for text in candidates:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def stage_key_values(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> None:
    """Temp tables records_asof and key_values for `day` (phones parsed once per distinct value)."""
    region = cfg.identity.default_region
    run_sql(con, "identity/records_asof.sql", {"day": day})
    raws = [r[0] for r in fetch_all(con, "identity/phones_to_parse.sql", {"region": region})]
    if raws:
        parsed_phones = pd.DataFrame({"raw": raws, "e164": [parse_phone(r, region) for r in raws]})
        con.register("parsed_phones", parsed_phones)
        run_sql(con, "identity/insert_phone_numbers.sql", {"region": region})
        con.unregister("parsed_phones")
    run_sql(con, "identity/key_values.sql", {"region": region})


def resolve(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> int:
    """Temp table `resolved` (source, record_id, profile_id) as of `day`; returns the rounds used."""
    stage_key_values(con, cfg, day)
    for name in ("value_stats", "record_nodes", "link_edges", "components_init"):
        run_sql(con, f"identity/{name}.sql")
    rounds = 0
    while True:
        rounds += 1
        run_sql(con, "identity/components_step.sql")
        changed = fetch_one(con, "identity/components_changed.sql")[0]
        run_sql(con, "identity/components_advance.sql")
        if not changed:
            break
        if rounds >= MAX_COMPONENT_ROUNDS:
            raise RuntimeError(f"connected components did not converge in {rounds} rounds")
    run_sql(con, "identity/resolved_contacts.sql")
    run_sql(con, "identity/resolved_orders.sql")
    return rounds


def build_identity_day(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> dict:
    """Resolve `day` and store its mapping, identifiers, skipped values and merges."""
    if fetch_one(con, "identity/previous_day_stored.sql", {"day": day})[0]:
        run_sql(con, "identity/previous_mapping.sql", {"day": day})
    else:
        # The day before was never resolved (first day, or an out-of-order backfill): resolve it
        # now, so merges are the same whatever order days are run in.
        resolve(con, cfg, day - dt.timedelta(days=1))
        run_sql(con, "identity/previous_mapping_from_resolved.sql")
    rounds = resolve(con, cfg, day)
    stats_row = run_sql(con, "identity/resolution_stats.sql")
    names = [d[0] for d in stats_row.description]
    stats = dict(zip(names, stats_row.fetchone(), strict=True))
    con.execute("BEGIN TRANSACTION")
    try:
        delete_day(con, IDENTITY_DAILY_TABLES, day)
        for name in (
            "insert_record_profiles",
            "insert_profile_identifiers",
            "insert_skipped_values",
            "insert_profile_merges",
            "insert_staged_keys",
        ):
            run_sql(con, f"identity/{name}.sql", {"day": day})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    stats["component_rounds"] = rounds
    stats["merges"] = fetch_one(con, "identity/merges_on_day.sql", {"day": day})[0]
    return stats


def build_identity_asset(cfg: ProjectConfig, partitions: dg.PartitionsDefinition, deps: list[dg.AssetKey]):
    key = dg.AssetKey(["identity", "record_profiles"])
    key_fields = {k.field for k in cfg.identity.keys}
    keyed_sources = [
        name
        for name, spec in cfg.sources.sources.items()
        if spec.kind != "feed" and key_fields & set(spec.fields)
    ]

    @dg.asset(
        key=key,
        deps=deps,
        group_name="identity",
        kinds={"duckdb"},
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="duckdb",
        description="Every contacts and orders record mapped to a stable profile id, as of each day "
        "(cdh.record_profiles shows the latest day). Rules: config/identity.yaml.",
        check_specs=[
            dg.AssetCheckSpec(
                "no_giant_cluster",
                asset=key,
                description="no profile holds more records than any key's records cap (a giant cluster "
                "means keys fused many people); with the cluster-size distribution",
            ),
            *[
                dg.AssetCheckSpec(
                    f"keys_valid_{source}",
                    asset=key,
                    description=f"(GX) {source}: usable key values have their format (E.164, email, md5, "
                    "LINE uid); invalid and blocklisted shares under config/quality.yaml's thresholds",
                )
                for source in keyed_sources
            ],
        ],
    )
    def record_profiles(context: dg.AssetExecutionContext, warehouse: DuckDBResource):
        days = window_days(context)
        with warehouse.get_connection() as con:
            prepare_warehouse(con, cfg)
            for day in days:
                stats = build_identity_day(con, cfg, day)
                context.log.info(f"identity {day}: {stats}")
            samples = {
                (source, problem): [
                    f"{k}: {mask(v)}"
                    for k, v in fetch_all(
                        con,
                        "quality/staged_key_samples.sql",
                        {"source": source, "day": days[-1], "problem": problem},
                    )
                ]
                for source in keyed_sources
                for problem in ("invalid", "blocklisted")
            }
        gx = validator(Path(warehouse.database), cfg)
        found = verdicts(
            gx.validate(f"keys_{days[-1]:%Y%m%d}", *staged_keys_suite(cfg, keyed_sources, days[-1]))
        )
        gx.publish_docs()
        cap = max((k.cap.records or 0) for k in cfg.identity.keys) or 50
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": stats["contact_records"]
                + stats["order_records"]
                - stats["unattached_order_records"],
                **{k: v for k, v in stats.items()},
                **numbers(found),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="no_giant_cluster",
                    passed=stats["largest_cluster"] <= cap,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={
                        "largest_cluster": stats["largest_cluster"],
                        "threshold": cap,
                        **{k: v for k, v in stats.items() if k.startswith("clusters_")},
                        "cross_source_share": stats["cross_source_share"],
                    },
                ),
                *[
                    check_result(
                        found.get(f"keys_valid_{source}"),
                        f"keys_valid_{source}",
                        dg.AssetCheckSeverity.WARN,
                        gx.docs_index,
                        day=str(days[-1]),
                        invalid_sample_masked=", ".join(samples[(source, "invalid")]) or "none",
                        blocklisted_sample_masked=", ".join(samples[(source, "blocklisted")]) or "none",
                    )
                    for source in keyed_sources
                ],
            ],
        )

    return record_profiles

"""Identity: standardise keys, link records that share a usable key value, resolve connected
components into profiles with stable ids, and record merges. Rules: config/identity.yaml;
queries: sql/identity/."""

import contextlib
import datetime as dt
import hashlib
import json
import time
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
from resources.warehouse import fetch_all, fetch_one, replay_steps, run_sql, run_statements, transaction

MAX_COMPONENT_ROUNDS = 200
# A run with this tag recomputes identity from scratch (`cdh rebuild`, or set it in the launchpad).
REBUILD_TAG = "cdh/rebuild"


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


def normalise_key_values(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, params: dict) -> None:
    """Temp table key_values for the records in temp table records_asof (phones parsed once per
    distinct raw value, cached in identity.phone_numbers), its unusable values with their raw text
    in unusable_values; records_asof loses its fields, key_values its raw text.
    `params`: the step's (its day and full: a full step reads the fields from raw.records)."""
    region = cfg.identity.default_region
    run_sql(con, "identity/phone_values.sql", {"region": region, **params})
    raws = [r[0] for r in fetch_all(con, "identity/phones_to_parse.sql")]
    if raws:
        parsed_phones = pd.DataFrame({"raw": raws, "e164": [parse_phone(r, region) for r in raws]})
        con.register("parsed_phones", parsed_phones)
        run_sql(con, "identity/insert_phone_numbers.sql", {"region": region})
        run_sql(con, "identity/parsed_phone_values.sql")
        con.unregister("parsed_phones")
    run_sql(con, "identity/key_inputs.sql")
    run_sql(con, "identity/key_values.sql", params)
    for key in cfg.identity.keys:
        for pattern in cfg.identity.blocklist_of(key).patterns:
            run_sql(
                con,
                "identity/blocklist_pattern.sql",
                {"key": key.name, "pattern": pattern, "hashed": key.normaliser == "email_md5"},
            )
    run_statements(con, "identity/narrow_records.sql")
    run_statements(con, "identity/unusable_values.sql")


def config_fingerprint(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig) -> str:
    """Changes whenever a rule that decides links changes (keys, normalisers, blocklists, caps,
    region) or a suppression is added: a step after such a change recomputes everything."""
    blocklists = {k.name: cfg.identity.blocklist_of(k).model_dump(mode="json") for k in cfg.identity.keys}
    rules = json.dumps([cfg.identity.model_dump(mode="json"), blocklists], sort_keys=True)
    suppressions = fetch_one(con, "identity/suppressions_fingerprint.sql")
    return hashlib.sha256(f"{rules}|{suppressions}".encode()).hexdigest()[:16]


def connected_components(con: duckdb.DuckDBPyConnection) -> int:
    """Labels every node of temp tables nodes/edges with its component's smallest node; returns
    the rounds used (they grow with log(n), not with the graph's diameter). The rounds stop once
    every linking value's records share a label, found by the first half of the next round."""
    run_sql(con, "identity/components_init.sql")
    run_sql(con, "identity/components_values.sql")
    rounds = 0
    while fetch_one(con, "identity/components_split.sql")[0]:
        if rounds >= MAX_COMPONENT_ROUNDS:
            raise RuntimeError(f"connected components did not converge in {rounds} rounds")
        rounds += 1
        run_sql(con, "identity/components_step.sql")
        run_sql(con, "identity/components_advance.sql")
        # the first round moves most labels: every value is read again; later, only moved ones
        run_sql(con, f"identity/components_values{'_moved' if rounds > 1 else ''}.sql")
    return rounds


def apply_step(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date, full: bool = False) -> dict:
    """Build the identity state of `day` on top of the previous processed step: only the profiles
    that the records delivered since then can change are recomputed; the result is exactly that of
    a full rebuild (forced by `full`, by a first step, or by a change of identity rules). The
    caller has rolled back every step from `day` on."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    fingerprint = config_fingerprint(con, cfg)
    previous = fetch_one(con, "identity/previous_step.sql", {"day": day})
    prev = previous[0] if previous else None
    full = full or previous is None or previous[1] != fingerprint
    # timestamps: identity reads no record timestamps (identity/records_wanted.sql)
    params = {"day": day, "prev": prev, "full": full, "timestamps": False}

    @contextlib.contextmanager
    def timed(phase: str):
        t0 = time.perf_counter()
        yield
        timings[phase] = timings.get(phase, 0.0) + time.perf_counter() - t0

    def run_phase(phase: str, names: tuple[str, ...]) -> None:
        with timed(phase):
            for name in names:
                run_sql(con, f"identity/{name}.sql", params)

    run_phase("seconds_read", ("delivered_records", "changed_records", "records_wanted"))
    with timed("seconds_standardise"):
        normalise_key_values(con, cfg, params)
    run_phase("seconds_standardise", ("erased_records",))
    # Two transactions: the key rows first, then, once the profiles are resolved and compared
    # with the stored ones, everything else. Between them the step writes only temp tables,
    # outside any transaction, so the memory of the ones it drops or replaces is freed at once
    # (inside a transaction DuckDB holds it until the commit: at 10M records the first step's peak
    # was 8.6-9.2 GiB, 5.4 GiB now). A step that stops between the two leaves key rows newer than
    # the last step: the next step of any day rolls them back first (identity/rollback.sql).
    with transaction(con):
        # key_diff keeps the rowids of the stored rows it closes: they hold within this transaction
        run_phase("seconds_standardise", ("key_diff",))
        run_phase("seconds_store_keys", ("close_key_rows", "open_key_rows"))
    if full:  # an incremental step's scope reads them again (identity/touched_values.sql)
        run_statements(con, "identity/free_key_values.sql")
    # a full step recomputes everything: every record, order and linking value is in scope,
    # without the joins that find an incremental step's scope (which first needs the new caps
    # of the touched values)
    scope = (
        ("all_nodes", "all_orders", "all_stat_carriers", "value_stats", "all_link_edges")
        if full
        else (
            "touched_values",
            "touched_stat_values",
            "carriers",
            "stat_carriers",
            "value_stats",
            "affected_nodes",
            "node_links",
            "affected_orders",
            "scope_stat_values",
            "carriers",
            "value_stats",
            "link_edges",
        )
    )
    run_phase("seconds_link_resolve", scope)
    with timed("seconds_link_resolve"):
        rounds = connected_components(con)
    run_phase("seconds_link_resolve", ("components", "resolved_contacts", "resolved_orders"))
    run_phase("seconds_store_profiles", ("old_map", "profile_moves", "detect_merges", "detect_splits"))
    with transaction(con):
        run_phase(
            "seconds_store_profiles",
            (
                "close_profile_rows",
                "open_profile_rows",
                "insert_profile_merges",
                "insert_profile_splits",
                "insert_skipped_values",
                "insert_key_problems",
            ),
        )
        with timed("seconds_store_profiles"):
            run_statements(con, "identity/purge_erased.sql")
            # the cluster-size histogram: the previous step's, updated by the recomputed profiles
            # (counted afresh in a full step, or when the previous step kept none)
            step_sizes = not full and fetch_one(con, "identity/cluster_sizes_known.sql", params)[0]
            run_sql(con, f"identity/cluster_sizes_{'step' if step_sizes else 'all'}.sql", params)
        changed, affected, merges, splits = fetch_one(con, "identity/step_counts.sql")
        stats_row = run_sql(con, "identity/resolution_stats.sql", params)
        names = [d[0] for d in stats_row.description]
        stats = dict(zip(names, stats_row.fetchone(), strict=True))
        seconds = round(time.perf_counter() - started, 3)
        run_sql(
            con,
            "identity/insert_step.sql",
            {
                **params,
                "mode": "full" if full else "incremental",
                "fingerprint": fingerprint,
                "changed": changed,
                "affected": affected,
                "erased": stats["erased_records"],
                "seconds": seconds,
            },
        )
    return {
        **stats,
        "mode": "full" if full else "incremental",
        "changed_records": changed,
        "recomputed_records": affected,
        "component_rounds": rounds,
        "merges": merges,
        "splits": splits,
        "seconds": seconds,
        **{k: round(v, 3) for k, v in timings.items()},
    }


def build_identity_days(
    con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, days: list[dt.date], full: bool = False
) -> dict[dt.date, dict]:
    """(Re)build the identity state of `days`. Steps already processed after the first of them are
    rolled back and replayed in order, so the result never depends on the order days were loaded
    or backfilled in. `full` recomputes each asked-for day from scratch."""
    asked = set(days)
    return replay_steps(con, "identity", days, lambda day: apply_step(con, cfg, day, full and day in asked))


def rebuild(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, days: list[dt.date]) -> dict:
    """Recompute `days` from scratch (e.g. after a blocklist change) and record in
    identity.rebuild_changes what merged or split on the last of them compared with the state
    before. Returns the per-day stats, the last day's with its merges and splits."""
    last = max(days)
    run_sql(con, "identity/before_rebuild.sql", {"day": last})
    built = build_identity_days(con, cfg, days, full=True)
    run_sql(con, "identity/old_map_before_rebuild.sql")
    run_sql(con, "identity/new_map_asof.sql", {"day": last})
    run_sql(con, "identity/profile_moves.sql")
    run_sql(con, "identity/detect_merges.sql")
    run_sql(con, "identity/detect_splits.sql")
    run_sql(con, "identity/insert_rebuild_changes.sql", {"rebuilt_at": dt.datetime.now(dt.UTC), "day": last})
    built[last] = {
        **built[last],
        "rebuild_merges": len(fetch_all(con, "identity/merges_found.sql")),
        "rebuild_splits": len(fetch_all(con, "identity/splits_found.sql")),
    }
    return built


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
            full = context.run.tags.get(REBUILD_TAG) == "true"
            built = rebuild(con, cfg, days) if full else build_identity_days(con, cfg, days)
            for day, day_stats in built.items():
                context.log.info(f"identity {day}: {day_stats}")
            stats = built[days[-1]]
            replayed = sorted(set(built) - set(days))
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
                "replayed_days": ", ".join(map(str, replayed)) or "none",
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

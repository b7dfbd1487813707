"""The identity engine side by side with Splink 5. Writes bench/RESULTS.md.

For each size (contacts records), on synthetic data with a hidden truth (family phones shared by
bound members with different customer ids, duplicate LINE accounts of one person, phones in four
spellings, e-mails with capitals, blocklisted test accounts, a shop phone on many CRM records):

- our full rebuild: standardise -> link -> resolve -> stable ids (one identity step), then the
  profile table for the day, timed REBUILD_RUNS times, the median run reported;
- our incremental day: 1% of the records changed or new, one identity step on top of the rebuild
  (and the profile step), timed INCREMENTAL_RUNS times on the same warehouse, the median reported;
- `cdh rebuild` of that built warehouse: the incremental day recomputed from scratch (every record,
  compared with the stored state, as after a blocklist change), which must give the same state;
- Splink 5 deterministic linkage + clustering (DuckDB backend) on the same standardised input
  (our usable key values: invalid and blocklisted values already removed) with the records cap
  applied as a frequency cap, and once more without the cap (plain linking);
- pairwise precision / recall / F1 of each against the truth, profiles vs persons, the largest
  cluster, seconds and peak memory (each phase runs in its own process; peak RSS of that process).

    uv run python -m bench.identity [--records 1000000 --records 10000000]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click
import duckdb

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "bench" / "RESULTS.md"
WORK = REPO / "bench" / "out"
DAY0, DAY1 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
RECORDS_PER_PERSON = 1.68  # measured mean of the generator below
CHANGE_EVERY = 60  # ~0.9% of records re-delivered with a new phone + ~0.1% new accounts of existing people
INCREMENTAL_RUNS = 5  # the day is timed this often, on the same warehouse; the median run is reported
# the whole rebuild (identity step + profile table) likewise, on copies of the data: five, as three
# spread by 9 s at 10M records (76.7-86.0 s), more than a change worth 1-5 s
REBUILD_RUNS = 5
CAPPED_MEMORY = "5GB"  # the capped rebuild: DuckDB's memory_limit (CDH_DUCKDB_MEMORY_LIMIT in the pipeline)
CAPPED_RUNS = 3  # the capped whole rebuild, the median run reported (one run alone was 56.6-63.5 s uncapped)


def _config():
    from resources.project_config import load_config

    return load_config(REPO / "config")


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    """The phase's connection; under BENCH_MEMORY_LIMIT, DuckDB keeps to that limit and spills."""
    limit = os.environ.get("BENCH_MEMORY_LIMIT")
    config = {"memory_limit": limit, "temp_directory": str(db.parent / "spill")} if limit else {}
    return duckdb.connect(str(db), config=config)


def _peak_gib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024, 2)


def _accuracy(con: duckdb.DuckDBPyConnection) -> dict:
    from resources.warehouse import fetch_one

    tp, predicted, true, clusters, persons, largest = fetch_one(con, "bench/pairwise_accuracy.sql")
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    return {
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "f1": round(2 * precision * recall / (precision + recall), 5) if precision + recall else 0.0,
        "profiles": clusters,
        "persons": persons,
        "largest_cluster": largest,
    }


# -- phases (each runs in a child process: `python -m bench.identity phase NAME DB RECORDS`) ------


def phase_generate(db: Path, records: int) -> dict:
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import run_script, run_sql

    db.unlink(missing_ok=True)
    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, _config())
        run_script(con, "bench/create_bench.sql")
        t0 = time.perf_counter()
        run_sql(con, "bench/generate_people.sql", {"first": 0, "persons": int(records / RECORDS_PER_PERSON)})
        run_sql(con, "bench/generate_records.sql")
        delivered = deliver(con, DAY0)
        run_sql(con, "bench/insert_truth.sql")
        n = con.execute("SELECT count(*) FROM raw.records").fetchone()[0]
        return {"records": n, "seconds": round(time.perf_counter() - t0, 2), **delivered}


def deliver(con: duckdb.DuckDBPyConnection, day: dt.date) -> dict:
    """Load bench_new into raw.records on `day`, as the ingest step would: new records numbered
    first (timed: number_seconds), the version columns kept after (version_seconds)."""
    from assets.warehouse_setup import number_records
    from resources.warehouse import run_sql

    t0 = time.perf_counter()
    number_records(con, "bench/records_to_number.sql")
    numbered = round(time.perf_counter() - t0, 2)
    run_sql(con, "bench/load_records.sql", {"day": day})
    return {"number_seconds": numbered, "version_seconds": keep_versions(con, day)}


def keep_versions(con: duckdb.DuckDBPyConnection, day: dt.date) -> float:
    """The version columns of the records of the files bench/load_records.sql delivered on `day`
    (one a source), kept as the ingest step keeps them after each file of a contacts or orders
    source (ingest/record_versions.sql): part of the load, not of the steps timed here. Returns its
    seconds."""
    from assets.warehouse_setup import VERSIONED_KINDS
    from resources.warehouse import run_sql, transaction

    t0 = time.perf_counter()
    sources = [name for name, spec in _config().sources.sources.items() if spec.kind in VERSIONED_KINDS]
    with transaction(con):
        run_sql(con, "ingest/versioned_records.sql")
        for source in sources:
            keys = {"source": source, "day": day, "file_name": f"{source}_bench.csv"}
            run_sql(con, "ingest/file_versioned_records.sql", keys)
        run_sql(con, "ingest/record_versions.sql")
    return round(time.perf_counter() - t0, 2)


def phase_rebuild(db: Path, records: int) -> dict:
    from assets.identity import build_identity_days
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import run_sql

    cfg = _config()
    with _connect(db) as con:
        prepare_warehouse(con, cfg)
        # the libphonenumber cache is filled as feeds arrive; a rebuild reads it (warm), like here
        t0 = time.perf_counter()
        stats = build_identity_days(con, cfg, [DAY0], full=True)[DAY0]
        seconds = time.perf_counter() - t0
        peak = _peak_gib()  # the step's: the accuracy scoring below peaks higher at 10M records
        run_sql(con, "bench/our_clusters.sql")
        return {"seconds": round(seconds, 2), "stats": stats, **_accuracy(con), "peak_gib": peak}


def phase_profile(db: Path, records: int) -> dict:
    from assets.profile import build_profile_days
    from assets.warehouse_setup import prepare_warehouse

    cfg = _config()
    with _connect(db) as con:
        prepare_warehouse(con, cfg)
        t0 = time.perf_counter()
        build_profile_days(con, cfg, [DAY0])
        seconds = time.perf_counter() - t0
        peak = _peak_gib()
        rows = con.execute(
            "SELECT count(*), count(DISTINCT profile_id) FROM profile.attribute_values_daily WHERE day = ?",
            [DAY0],
        ).fetchone()
        return {"seconds": round(seconds, 2), "values": rows[0], "profiles": rows[1], "peak_gib": peak}


def phase_splink_input(db: Path, records: int) -> dict:
    """Not timed against anyone: writes the standardised inputs both Splink runs read."""
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import quote_ident, quote_literal, sql_text

    cfg = _config()
    columns = "".join(
        f",\n       max(k.value) FILTER (WHERE k.key = {quote_literal(k.name)}) AS {quote_ident(k.name)}"
        for k in cfg.identity.keys
        if k.link
    )
    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, cfg)
        for cap in (True, False):
            con.execute(
                sql_text("bench/splink_input.sql").replace("{key_columns}", columns),
                {"cap": cap, "day": con.execute("SELECT max(day) FROM identity.steps").fetchone()[0]},
            )
            con.execute(f"CREATE OR REPLACE TABLE bench.splink_input_{'cap' if cap else 'nocap'} AS "
                        "SELECT * FROM bench.splink_input")  # fmt: skip
        return {"rows": con.execute("SELECT count(*) FROM bench.splink_input").fetchone()[0]}


def _splink(db: Path, table: str) -> dict:
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from resources.warehouse import run_sql

    keys = [k.name for k in _config().identity.keys if k.link]
    # Splink runs `con.sql(...)`: it gets a connection of its own
    with duckdb.connect(str(db)) as con:
        con.execute(f"CREATE OR REPLACE TABLE bench.splink_input AS SELECT * FROM bench.{table}")
        t0 = time.perf_counter()
        api = DuckDBAPI(con)
        settings = SettingsCreator(
            link_type="dedupe_only",
            blocking_rules_to_generate_predictions=[block_on(k) for k in keys],
            retain_intermediate_calculation_columns=False,
            retain_matching_columns=False,
        )
        linker = Linker(api.register(con.table("bench.splink_input")), settings, log_level="WARNING")
        pairs = linker.inference.deterministic_link()
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs)
        con.execute(f"CREATE OR REPLACE TEMP TABLE splink_clusters AS SELECT * FROM {clusters.physical_name}")
        seconds = time.perf_counter() - t0
        peak = _peak_gib()
        n_pairs = con.execute(f"SELECT count(*) FROM {pairs.physical_name}").fetchone()[0]
        run_sql(con, "bench/splink_clusters.sql")
        return {"seconds": round(seconds, 2), "pairs": n_pairs, **_accuracy(con), "peak_gib": peak}


def phase_splink_cap(db: Path, records: int) -> dict:
    return _splink(db, "splink_input_cap")


def phase_splink_nocap(db: Path, records: int) -> dict:
    return _splink(db, "splink_input_nocap")


def phase_incremental_load(db: Path, records: int) -> dict:
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import run_sql

    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, _config())
        run_sql(con, "bench/generate_updates.sql", {"day": DAY1, "every": CHANGE_EVERY})
        delivered = deliver(con, DAY1)
        run_sql(con, "bench/insert_truth.sql")
    return delivered


def phase_incremental(db: Path, records: int) -> dict:
    from assets.identity import build_identity_days
    from assets.profile import build_profile_days
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import run_sql

    cfg = _config()
    # the steps open the warehouse afresh, as the pipeline's identity step does after the ingest
    # step closed it (kept open from the load, the same day took ~1 s longer at 10M records)
    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, cfg)
        delivered = con.execute("SELECT count(*) FROM raw.records WHERE day = ?", [DAY1]).fetchone()[0]
        t0 = time.perf_counter()
        stats = build_identity_days(con, cfg, [DAY1])[DAY1]
        seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        profile = build_profile_days(con, cfg, [DAY1])[DAY1]
        profile_seconds = time.perf_counter() - t0
        peak = _peak_gib()
        run_sql(con, "bench/our_clusters.sql")
        return {
            "seconds": round(seconds, 2),
            "profile_seconds": round(profile_seconds, 2),
            "recomputed_profiles": profile["recomputed_profiles"],
            "delivered": delivered,
            "stats": stats,
            **_accuracy(con),
            "peak_gib": peak,
        }


def phase_rebuild_built(db: Path, records: int) -> dict:
    """`cdh rebuild` of the built warehouse: the incremental day's identity and profiles recomputed
    from scratch over the stored history (what a blocklist change costs), and whether the state
    equals the incremental day's."""
    from assets.identity import build_identity_days
    from assets.profile import build_profile_days
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import fetch_one

    cfg = _config()
    with _connect(db) as con:
        prepare_warehouse(con, cfg)
        before = fetch_one(con, "bench/state_fingerprint.sql", {"day": DAY1})
        t0 = time.perf_counter()
        build_identity_days(con, cfg, [DAY1], full=True)
        seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        profile = build_profile_days(con, cfg, [DAY1])[DAY1]
        profile_seconds = time.perf_counter() - t0
        peak = _peak_gib()
        after = fetch_one(con, "bench/state_fingerprint.sql", {"day": DAY1})
        return {
            "seconds": round(seconds, 2),
            "profile_seconds": round(profile_seconds, 2),
            "profile_mode": profile["mode"],
            "same_state": before == after,
            "peak_gib": peak,
        }


def phase_sample(db: Path, persons: int) -> dict:
    """The sample generator's data (`cdh sample`: 7 days) loaded and resolved day by day, scored
    against the truth the generator wrote."""
    import tempfile

    from assets.identity import build_identity_days
    from assets.ingest import ingest_source_day
    from assets.warehouse_setup import prepare_warehouse
    from pipelines.sample_data import generate
    from resources.landing import LandingZones
    from resources.warehouse import run_script, run_sql

    db.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CDH_LANDING"] = str(Path(tmp) / "landing")
        cfg = _config()
        manifest = generate(Path(tmp) / "landing", days=7, persons=persons, seed=7, start=DAY0)
        days = [DAY0 + dt.timedelta(days=i) for i in range(7)]
        zones = LandingZones(archive_dir=str(Path(tmp) / "archive"))
        truth = [(*k.split("|", 1), int(v.removeprefix("person"))) for k, v in manifest.truth.items()]
        truth += [(*k.split("|", 1), -1 - i) for i, k in enumerate(manifest.junk_records)]
        with duckdb.connect(str(db)) as con:
            prepare_warehouse(con, cfg)
            run_script(con, "bench/create_bench.sql")
            for day in days:
                for source in cfg.sources.sources:
                    ingest_source_day(con, zones, cfg, source, day)
            t0 = time.perf_counter()
            build_identity_days(con, cfg, days)
            seconds = time.perf_counter() - t0
            peak = _peak_gib()
            con.executemany("INSERT OR REPLACE INTO bench.truth VALUES (?, ?, ?)", truth)
            run_sql(con, "bench/our_clusters.sql")
            return {
                "seconds": round(seconds, 2),
                "days": len(days),
                **_accuracy(con),
                "peak_gib": peak,
            }


PHASES = {
    "generate": phase_generate,
    "rebuild": phase_rebuild,
    "profile": phase_profile,
    "splink_input": phase_splink_input,
    "splink_cap": phase_splink_cap,
    "splink_nocap": phase_splink_nocap,
    "incremental_load": phase_incremental_load,
    "incremental": phase_incremental,
    "rebuild_built": phase_rebuild_built,
}
SPLINK_PHASES = ("splink_input", "splink_cap", "splink_nocap")
SAMPLE_PHASES = ("sample", *SPLINK_PHASES)


def run_phase(name: str, db: Path, records: int, memory_limit: str | None = None) -> dict:
    # the bench's own copies and the previous phase's writes reach the disk first: their writeback
    # ran into the next timed phase (a day after copying a 6.3 GB warehouse: 13.4 s, 9.6 s of it in
    # the kernel; 10.1 s in the next run)
    os.sync()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if memory_limit:
        env["BENCH_MEMORY_LIMIT"] = memory_limit
    out = subprocess.run(
        [sys.executable, "-m", "bench.identity", "phase", name, str(db), str(records)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    if out.returncode != 0:
        raise click.ClickException(f"phase {name} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    click.echo(f"  {name}: {result.get('seconds', '')} s  {json.dumps(result, default=str)[:300]}", err=True)
    return result


def rebuild_runs(
    db: Path, records: int, runs_wanted: int = REBUILD_RUNS, memory_limit: str | None = None
) -> tuple[dict, dict]:
    """The whole rebuild (the identity step, then the profile table, each in a new process)
    `runs_wanted` times (under DuckDB's `memory_limit` if given): on copies of the generated
    warehouse, then on the warehouse itself, which the later phases go on from. The identity and
    profile results of the run with the median whole total, the rebuild's with every run's total:
    the same rebuild varies by 10-30% here (the 10M identity step alone took 47.2-61.4 s in 5 runs
    of one code), and the incremental day's share is of this total."""
    runs = []
    for i in range(runs_wanted):
        target = db if i == runs_wanted - 1 else db.with_name(f"{db.stem}_rebuild_copy.duckdb")
        if target != db:
            shutil.copyfile(db, target)
        identity = run_phase("rebuild", target, records, memory_limit)
        runs.append((identity, run_phase("profile", target, records, memory_limit)))
        if target != db:
            target.unlink()
    totals = [round(rb["seconds"] + prof["seconds"], 2) for rb, prof in runs]
    median = sorted(range(len(runs)), key=totals.__getitem__)[len(runs) // 2]
    rebuild, profile = runs[median]
    return {**rebuild, "whole_totals": totals}, profile


def incremental_runs(db: Path, records: int) -> dict:
    """The incremental day INCREMENTAL_RUNS times, each in a new process on the warehouse as the
    day's load left it (copies of it, then the warehouse itself, which rebuild_built goes on from);
    the run with the median day total (identity + profiles), with every run's total. One run
    varies by up to 40% at 10M records: 13 runs of the same code on copies of one warehouse took
    8.9-12.6 s. Three of them timed the system: 2.0, 4.8 and 9.2 s, with the same page faults, while
    the kernel reclaimed page cache. Hence five runs, not three."""
    runs = []
    for i in range(INCREMENTAL_RUNS):
        target = db if i == INCREMENTAL_RUNS - 1 else db.with_name(f"{db.stem}_day_copy.duckdb")
        if target != db:
            shutil.copyfile(db, target)
        runs.append(run_phase("incremental", target, records))
        if target != db:
            target.unlink()
    totals = [round(r["seconds"] + r["profile_seconds"], 2) for r in runs]
    median = sorted(range(len(runs)), key=totals.__getitem__)[len(runs) // 2]
    return {**runs[median], "day_totals": totals}


def _row(label: str, r: dict, rebuild_link: float | None = None) -> str:
    ratio = f"{r['seconds'] / rebuild_link:.2f}" if rebuild_link else ""
    return (
        f"| {label} | {r['seconds']:.1f} | {r['peak_gib']:.2f} | {r['precision']:.4f} | {r['recall']:.4f} | "
        f"{r['f1']:.4f} | {r['profiles']:,} | {r['persons']:,} | {r['largest_cluster']:,} | {ratio} |"
    )


def report(results: dict[int, dict]) -> str:
    lines = [
        "# Identity benchmark: our engine and Splink 5",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}; {dt.date.today()}. Regenerate with `make bench` "
        "(`uv run python -m bench.identity`). Peak memory is the peak RSS of the process that ran the phase, "
        "when its timed work ended (before the accuracy scoring).",
        "",
        "Synthetic contacts (sql/bench/): people behind 1-4 records in the LINE platform, the shop and the "
        "CRM; family phones (every 50th person shares the phone of the one before, both bound members with "
        "different customer ids); duplicate LINE accounts sharing an e-mail; phones in four spellings; "
        "e-mails with capitals and spaces; blocklisted test accounts; one shop phone typed into many "
        "unrelated CRM records. Precision/recall are pairwise over contacts records against the hidden "
        "truth.",
        "",
        "Splink runs deterministic linkage (one blocking rule per linking key) and "
        "`cluster_pairwise_predictions_at_threshold` on the same standardised input: our usable key values "
        "(normalised; invalid and blocklisted values removed). *With cap*: values over the records cap are "
        "removed too (a frequency cap: what a naive stitcher does). *Plain*: no cap.",
        "",
    ]
    for r in results.values():
        rb, inc, prof, cap = r["rebuild"], r["incremental"], r["profile"], r["splink_cap"]
        rbc, pc, rbb = r["rebuild_capped"], r["profile_capped"], r["rebuild_built"]
        st = rb["stats"]
        link = st["seconds_link_resolve"]
        day_share = (inc["seconds"] + inc["profile_seconds"]) / (rb["seconds"] + prof["seconds"])
        header = "| run | seconds | peak GiB | precision | recall | F1 | profiles | persons | largest |"
        lines += [
            f"## {r['generate']['records']:,} contacts records",
            "",
            header + " Splink s / our link+resolve s |",
            "|---|---|---|---|---|---|---|---|---|---|",
            _row("ours: full rebuild (identity step)", rb),
            _row("Splink 5 with cap: link + cluster", cap, link),
            _row("Splink 5 plain: link + cluster", r["splink_nocap"], link),
            _row(f"ours: incremental day ({inc['delivered']:,} records delivered)", inc),
            "",
            f"- Our rebuild by phase: read {st['seconds_read']} s, "
            f"standardise {st['seconds_standardise']} s, "
            f"store key values {st['seconds_store_keys']} s, **link + resolve {link} s** "
            f"({st['component_rounds']} component rounds), store profiles {st['seconds_store_profiles']} s. "
            f"Splink's link + cluster on the same capped input: {cap['seconds']} s: "
            f"ours / Splink = **{link / cap['seconds']:.2f}**.",
            f"- Profile table ({prof['values']:,} surviving values for {prof['profiles']:,} profiles): "
            f"{prof['seconds']} s, peak {prof['peak_gib']} GiB. "
            f"Whole rebuild (identity + profile table): **{rb['seconds'] + prof['seconds']:.1f} s** (the "
            f"median of {len(rb['whole_totals'])} runs, each phase in a new process: "
            f"{', '.join(f'{t} s' for t in rb['whole_totals'])}; the table's identity row and these figures "
            "are that run's).",
            f"- Incremental day: {inc['stats']['changed_records']:,} records read, "
            f"{inc['stats']['recomputed_records']:,} recomputed, {inc['stats']['merges']} merges, "
            f"{inc['stats']['splits']} splits: identity {inc['seconds']} s = "
            f"**{inc['seconds'] / rb['seconds']:.1%} of the identity rebuild**; profiles "
            f"({inc['recomputed_profiles']:,} recomputed) {inc['profile_seconds']} s; the day's identity + "
            f"profiles = **{day_share:.1%} of the whole rebuild** (the median of "
            f"{len(inc['day_totals'])} runs of the day on the same warehouse, each in a new process: "
            f"{', '.join(f'{t} s' for t in inc['day_totals'])}).",
            f"- The loads number new records and keep every record's version columns, as the ingest "
            f"step does for each file (sql/ingest/number_records.sql, sql/ingest/record_versions.sql; "
            f"part of the load, not of the steps above): numbers {r['generate']['number_seconds']} s "
            f"and versions {r['generate']['version_seconds']} s for the first load, "
            f"{r['incremental_load']['number_seconds']} s and {r['incremental_load']['version_seconds']} s "
            f"for the day's.",
            f"- `cdh rebuild` of the built warehouse (the incremental day recomputed from scratch over the "
            f"stored history, as after a blocklist change): identity {rbb['seconds']} s, profile table "
            f"({rbb['profile_mode']} step) {rbb['profile_seconds']} s, peak {rbb['peak_gib']} GiB; whole "
            f"**{rbb['seconds'] + rbb['profile_seconds']:.1f} s**; the same records, profiles and values as "
            f"the incremental day: **{'yes' if rbb['same_state'] else 'NO'}**.",
            f"- With DuckDB's memory_limit at {CAPPED_MEMORY} (`CDH_DUCKDB_MEMORY_LIMIT`; it spills to "
            f"disk): identity rebuild {rbc['seconds']} s, peak {rbc['peak_gib']} GiB; profile table "
            f"{pc['seconds']} s, peak {pc['peak_gib']} GiB; "
            f"whole rebuild **{rbc['seconds'] + pc['seconds']:.1f} s** (the median of "
            f"{len(rbc['whole_totals'])} runs: {', '.join(f'{t} s' for t in rbc['whole_totals'])}; "
            "these figures are that run's).",
            f"- Splink pairs: {cap['pairs']:,} with cap, {r['splink_nocap']['pairs']:,} plain.",
            "",
        ]
    return "\n".join(lines)


def sample_report(r: dict) -> str:
    s = r["sample"]
    return "\n".join(
        [
            "",
            f"## The sample generator's data ({s['persons']:,} persons, {s['days']} daily deliveries)",
            "",
            "`cdh sample` files (family phones, duplicate LINE accounts, junk accounts, messy spellings, "
            "malformed rows) ingested and resolved day by day (incremental steps), scored against the "
            "truth the generator wrote; Splink on the same standardised input of the last day.",
            "",
            "| run | seconds | peak GiB | precision | recall | F1 | profiles | persons | largest | |",
            "|---|---|---|---|---|---|---|---|---|---|",
            _row(f"ours: {s['days']} daily steps", s),
            _row("Splink 5 with cap: link + cluster", r["splink_cap"]),
            _row("Splink 5 plain: link + cluster", r["splink_nocap"]),
            "",
        ]
    )


@click.group(invoke_without_command=True)
@click.option("--records", multiple=True, type=int, default=[1_000_000, 10_000_000], show_default=True)
@click.option("--sample-persons", default=20_000, show_default=True, help="persons for `cdh sample` data")
@click.pass_context
def main(ctx: click.Context, records: tuple[int, ...], sample_persons: int) -> None:
    if ctx.invoked_subcommand:
        return
    WORK.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in records:
        db = WORK / f"identity_{n}.duckdb"
        click.echo(f"{n:,} records ({db})", err=True)
        results[n] = {"generate": run_phase("generate", db, n)}
        capped = WORK / f"identity_{n}_capped.duckdb"
        shutil.copyfile(db, capped)
        # Splink runs on a copy of the built warehouse: its inputs and tables (2 GB at 10M records)
        # stay out of the warehouse the incremental day then runs on, and is copied for
        splink_db = WORK / f"identity_{n}_splink.duckdb"
        for name in PHASES:
            if name == "rebuild":
                results[n]["rebuild"], results[n]["profile"] = rebuild_runs(db, n)
            elif name == "incremental":
                results[n][name] = incremental_runs(db, n)
            elif name in SPLINK_PHASES:
                if name == SPLINK_PHASES[0]:
                    shutil.copyfile(db, splink_db)
                results[n][name] = run_phase(name, splink_db, n)
                if name == SPLINK_PHASES[-1]:
                    splink_db.unlink()
            elif name not in ("generate", "profile"):
                results[n][name] = run_phase(name, db, n)
        db.unlink(missing_ok=True)
        # the same rebuild and profile table with DuckDB kept to CAPPED_MEMORY (it spills to disk)
        results[n]["rebuild_capped"], results[n]["profile_capped"] = rebuild_runs(
            capped, n, CAPPED_RUNS, CAPPED_MEMORY
        )
        capped.unlink(missing_ok=True)
        shutil.rmtree(WORK / "spill", ignore_errors=True)
    db = WORK / "identity_sample.duckdb"
    click.echo(f"sample generator, {sample_persons:,} persons ({db})", err=True)
    sample = {name: run_phase(name, db, sample_persons) for name in SAMPLE_PHASES}
    db.unlink(missing_ok=True)
    REPORT.write_text(report(results) + sample_report(sample) + "\n", encoding="utf-8")
    click.echo(f"wrote {REPORT}")


@main.command()
@click.argument("name", type=click.Choice([*PHASES, "sample"]))
@click.argument("db", type=click.Path(path_type=Path))
@click.argument("records", type=int)
def phase(name: str, db: Path, records: int) -> None:
    click.echo(json.dumps({**PHASES, "sample": phase_sample}[name](db, records), default=str))


if __name__ == "__main__":
    main()

"""Segments + exports at scale. Writes bench/SEGMENTS.md.

The identity and profile state of N profiles (default 3M) is generated straight into a warehouse
(sql/bench/generate_segment_state.sql: LINE records, CRM ids for 40%, customer ids for half,
0-6 orders each, three web-analytics feeds), then with the project's config:

- day 1: every segment (lifecycle, member status, feeds, custom, passage, triggers), then every
  destination's files (first delivery: the CRM's delta files list everyone as joined);
- day 2: 1% of the buyers place an order; segments again, then the exports (CRM: a real delta).

Each phase runs in its own process; peak memory is that process's peak RSS.

    uv run python -m bench.segments [--profiles 3000000]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import click
import duckdb

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "bench" / "SEGMENTS.md"
WORK = REPO / "bench" / "out" / "segments"
DAY1, DAY2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)


def _config():
    from resources.project_config import load_config

    return load_config(REPO / "config")


def _peak_gib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024, 2)


def phase_generate(db: Path, profiles: int) -> dict:
    from assets.warehouse_setup import prepare_warehouse
    from resources.warehouse import run_statements

    cfg = _config()
    start = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, cfg)
        run_statements(con, "bench/generate_segment_state.sql", {"day": DAY1, "profiles": profiles})
        run_statements(
            con, "bench/generate_segment_day.sql", {"day": DAY2, "previous_day": DAY1, "profiles": profiles}
        )
        orders = con.execute("SELECT count(*) FROM raw.records WHERE source = 'orders'").fetchall()[0][0]
    return {"seconds": round(time.perf_counter() - start, 1), "orders": orders}


def phase_segments(db: Path, day: dt.date) -> dict:
    from assets.segments import build_segments_window
    from assets.warehouse_setup import prepare_warehouse

    cfg = _config()
    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, cfg)
        start = time.perf_counter()
        build_segments_window(con, cfg, [day])
        seconds = time.perf_counter() - start
        memberships = con.execute(
            "SELECT count(*) FROM segment.members_daily WHERE day = ?", [day]
        ).fetchall()
        profiles = con.execute(
            "SELECT count(*) FROM segment.members_daily WHERE day = ? AND segment_group = 'lifecycle'", [day]
        ).fetchall()
    return {
        "seconds": round(seconds, 1),
        "peak_gib": _peak_gib(),
        "memberships": memberships[0][0],
        "profiles": profiles[0][0],
    }


def phase_export(db: Path, day: dt.date) -> dict:
    from assets.export import export_day
    from assets.warehouse_setup import prepare_warehouse
    from resources.export_targets import ExportTargets

    cfg = _config()
    with duckdb.connect(str(db)) as con:
        prepare_warehouse(con, cfg)
        start = time.perf_counter()
        files = export_day(con, ExportTargets(), cfg, day)
        seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 1),
        "peak_gib": _peak_gib(),
        "files": len(files),
        "rows": sum(f.rows for f in files),
        "mb": round(sum(len(f.data) for f in files) / 1e6, 1),
        "by_destination": {
            d: {
                "rows": sum(f.rows for f in files if f.destination == d),
                "mb": round(sum(len(f.data) for f in files if f.destination == d) / 1e6, 1),
            }
            for d in sorted({f.destination for f in files})
        },
    }


def run_phase(name: str, db: Path, arg: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.segments", "phase", name, str(db), arg],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "CDH_OUTBOX": str(WORK / "outbox")},
    )
    if out.returncode != 0:
        raise click.ClickException(f"phase {name} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    click.echo(f"  {name} {arg}: {json.dumps(result)[:300]}", err=True)
    return result


def report(profiles: int, r: dict) -> str:
    lines = [
        "# Segment + export benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}; {dt.date.today()}. Regenerate with `make bench` "
        "(`uv run python -m bench.segments`). Config: the project's config/ (5 lifecycle segments, member "
        "status, 3 feeds, 3 custom SQL segments, 2 triggers; 4 destinations: a messaging import, an "
        "e-mail tool, a CRM with delta segment files and a backstamp, a generic CSV). Peak memory is "
        "the peak RSS of the process that ran the phase.",
        "",
        f"{profiles:,} profiles, {r['generate']['orders']:,} order lines.",
        "",
        "| day | phase | seconds | peak GiB | output |",
        "|---|---|---|---|---|",
    ]
    for day, label in ((DAY1, "day 1 (first delivery)"), (DAY2, "day 2 (1% of buyers ordered)")):
        s, e = r[f"segments_{day}"], r[f"export_{day}"]
        lines += [
            f"| {label} | segments | {s['seconds']} | {s['peak_gib']} | {s['memberships']:,} memberships |",
            f"| {label} | export | {e['seconds']} | {e['peak_gib']} | "
            f"{e['files']} files, {e['rows']:,} rows, **{e['mb']} MB** |",
        ]
    totals = ", ".join(
        f"{day}: **{r[f'segments_{day}']['seconds'] + r[f'export_{day}']['seconds']:.0f} s**"
        for day in (DAY1, DAY2)
    )
    lines += ["", f"Segments + exports per day: {totals}.", "", "Per destination (rows, MB):", ""]
    for day in (DAY1, DAY2):
        per = r[f"export_{day}"]["by_destination"]
        lines.append(f"- {day}: " + "; ".join(f"{d} {v['rows']:,} rows {v['mb']} MB" for d, v in per.items()))
    return "\n".join(lines) + "\n"


@click.group(invoke_without_command=True)
@click.option("--profiles", type=int, default=3_000_000, show_default=True)
@click.pass_context
def main(ctx: click.Context, profiles: int) -> None:
    if ctx.invoked_subcommand:
        return
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / f"segments_{profiles}.duckdb"
    for path in (db, Path(str(db) + ".wal")):
        path.unlink(missing_ok=True)
    results = {"generate": run_phase("generate", db, str(profiles))}
    for day in (DAY1, DAY2):
        results[f"segments_{day}"] = run_phase("segments", db, day.isoformat())
        results[f"export_{day}"] = run_phase("export", db, day.isoformat())
    REPORT.write_text(report(profiles, results), encoding="utf-8")
    click.echo(f"wrote {REPORT}")


@main.command()
@click.argument("name")
@click.argument("db", type=click.Path(path_type=Path))
@click.argument("arg")
def phase(name: str, db: Path, arg: str) -> None:
    if name == "generate":
        result = phase_generate(db, int(arg))
    elif name == "segments":
        result = phase_segments(db, dt.date.fromisoformat(arg))
    else:
        result = phase_export(db, dt.date.fromisoformat(arg))
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()

"""Ingest: one asset per declared source. For each day of the run it fetches that day's files from
the source's landing zone into the raw archive and loads them into raw.records.

Idempotent per file: a file whose content (sha256) is already the loaded version is a no-op; a
changed file (a correction re-delivered under the same name) replaces exactly that file's rows, in
one transaction; a rejected file loads nothing and keeps whatever was loaded before.
"""

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.ingest_parsing import FileRejected, parse_delivery
from assets.partitions import window_days
from assets.quality import (
    CheckVerdict,
    check_result,
    numbers,
    previous_row_counts,
    staged_records_suite,
    validator,
    verdicts,
    volume_verdict,
)
from assets.warehouse_setup import VERSIONED_KINDS, index_record_versions, number_records
from resources.landing import FileChanged, LandingFile, LandingZones
from resources.project_config import ProjectConfig, SourceSpec
from resources.warehouse import ensure_schema, fetch_one, run_sql


@dataclass
class FileOutcome:
    name: str
    status: str  # loaded | unchanged | failed | waiting
    rows: int = 0
    quarantined: int = 0
    detail: str = ""


@dataclass
class SourceDayReport:
    source: str
    day: dt.date
    files: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


def day_files(
    files: list[LandingFile], spec: SourceSpec, day: dt.date
) -> list[tuple[LandingFile, str | None]]:
    """The files of `day` among a listing, with the segment name for feeds."""
    out = []
    for f in files:
        matched = spec.file_pattern.match(f.name)
        if matched and matched[0] == day:
            out.append((f, matched[1]))
    return out


def ingest_source_day(
    con: duckdb.DuckDBPyConnection,
    landing: LandingZones,
    cfg: ProjectConfig,
    source: str,
    day: dt.date,
    log=None,
) -> SourceDayReport:
    spec = cfg.sources.sources[source]
    report = SourceDayReport(source, day)
    with landing.zone(cfg.sources.landing_for(source)) as zone:
        listing = zone.list_files()
        for file, segment in day_files(listing, spec, day):
            waiting = incomplete_reason(spec, listing, file, time.time())
            if waiting:
                report.files.append(FileOutcome(file.name, "waiting", detail=waiting))
            else:
                report.files.append(_load_file(con, landing, cfg, source, spec, day, zone, file, segment))
            if log:
                f = report.files[-1]
                log.info(
                    f"{source} {day}: {f.name}: {f.status} ({f.rows} rows, {f.quarantined} quarantined)"
                    + (f" - {f.detail}" if f.status in ("waiting", "failed") else "")
                )
    return report


def incomplete_reason(spec: SourceSpec, listing: list[LandingFile], file: LandingFile, now: float) -> str:
    """Why a listed file is not (yet) complete, or "" when it is: its done marker is missing, or,
    for sources without markers, it changed within the settle time."""
    if spec.done_marker:
        names = {f.name for f in listing}
        return "" if f"{file.name}{spec.done_marker}" in names else f"no {spec.done_marker} marker yet"
    if spec.settle_seconds and now - file.mtime < spec.settle_seconds:
        return f"modified {now - file.mtime:.0f}s ago, settle time is {spec.settle_seconds}s"
    return ""


def _same_as_loaded(current: tuple, name: str, why: str) -> FileOutcome:
    if current[1] == "failed":
        return FileOutcome(name, "failed", detail=f"unchanged since rejected: {current[2]}")
    return FileOutcome(name, "unchanged", detail=why)


def _load_file(con, landing, cfg, source, spec, day, zone, file, segment) -> FileOutcome:
    keys = {"source": source, "file_name": file.name, "day": day}
    current = fetch_one(con, "ingest/current_file_version.sql", keys)
    if current and (current[3], current[4]) == (file.size, file.mtime):
        return _same_as_loaded(current, file.name, "listed with the size and mtime already loaded")

    day_dir = Path(landing.archive_dir) / source / day.isoformat()
    try:
        fetched = zone.fetch(file, day_dir / ".incoming")
        changed = zone.stat(file.name) != file  # the second look
    except FileChanged:
        changed = True
    if changed:  # grew, shrank or was replaced while we read it: wait for the next run
        shutil.rmtree(day_dir / ".incoming", ignore_errors=True)
        return FileOutcome(file.name, "waiting", detail="the file changed while it was downloaded")
    archive = landing.archive_path(source, day.isoformat(), fetched.sha256) / fetched.name
    archive.parent.mkdir(parents=True, exist_ok=True)
    os.replace(fetched.path, archive)
    shutil.rmtree(day_dir / ".incoming", ignore_errors=True)

    if current and current[0] == fetched.sha256:  # re-delivered with the same bytes
        run_sql(
            con,
            "ingest/touch_file_version.sql",
            {**keys, "sha256": fetched.sha256, "listed_mtime": file.mtime},
        )
        return _same_as_loaded(current, file.name, "same content as the loaded version")

    now = dt.datetime.now(dt.UTC)
    manifest = {
        **keys,
        "size": fetched.size,
        "sha256": fetched.sha256,
        "archived_as": str(archive),
        "loaded_at": now,
        "listed_mtime": file.mtime,
    }
    try:
        parsed = parse_delivery(archive, spec, cfg.sources.timezone)
    except FileRejected as exc:
        run_sql(
            con,
            "ingest/insert_file_manifest.sql",
            {
                **manifest,
                "rows": 0,
                "quarantined": 0,
                "status": "failed",
                "error": str(exc),
                "encoding": None,
            },
        )
        return FileOutcome(file.name, "failed", detail=str(exc))

    prefix = f"{segment}|" if segment else ""
    incoming = pd.DataFrame(
        {
            "line_no": [r[0] for r in parsed.rows],
            "record_id": [prefix + r[1] for r in parsed.rows],
            "field_names": [list(r[2].keys()) for r in parsed.rows],
            "field_values": [list(r[2].values()) for r in parsed.rows],
        }
    )
    incoming_quarantine = pd.DataFrame(parsed.quarantined, columns=["line_no", "reason", "raw_line"])
    con.register("incoming", incoming)
    con.register("incoming_quarantine", incoming_quarantine)
    try:
        con.execute("BEGIN TRANSACTION")
        versioned = spec.kind in VERSIONED_KINDS
        if versioned:  # the records whose versions change: the replaced rows' and the new ones'
            run_sql(con, "ingest/versioned_records.sql")
            run_sql(con, "ingest/file_versioned_records.sql", keys)
        run_sql(con, "ingest/delete_file_rows.sql", keys)
        run_sql(con, "ingest/delete_file_quarantine.sql", keys)
        if parsed.rows:  # (an empty frame has no column types to bind)
            if versioned:
                number_records(con, "ingest/file_records_to_number.sql", keys)
            run_sql(con, "ingest/insert_raw_records.sql", {**keys, "segment": segment, "loaded_at": now})
        if versioned:
            run_sql(con, "ingest/file_versioned_records.sql", keys)
            run_sql(con, "ingest/record_versions.sql")
        if parsed.quarantined:
            run_sql(con, "ingest/insert_quarantine.sql", {**keys, "loaded_at": now})
        run_sql(con, "ingest/supersede_file_versions.sql", keys)
        run_sql(
            con,
            "ingest/insert_file_manifest.sql",
            {
                **manifest,
                "rows": len(parsed.rows),
                "quarantined": len(parsed.quarantined),
                "status": "loaded",
                "error": None,
                "encoding": parsed.encoding,
            },
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("incoming")
        con.unregister("incoming_quarantine")
    detail = f"encoding {parsed.encoding}"
    if parsed.unmapped_headers:
        detail += f"; ignored headers {parsed.unmapped_headers}"
    return FileOutcome(file.name, "loaded", len(parsed.rows), len(parsed.quarantined), detail)


def _files_table(reports: list[SourceDayReport]) -> str:
    lines = ["| day | file | status | rows | quarantined | detail |", "|---|---|---|---|---|---|"]
    for rep in reports:
        if not rep.files:
            lines.append(f"| {rep.day} | (none) | missing | 0 | 0 | no file delivered |")
        for f in rep.files:
            detail = f.detail.replace("|", "/")
            lines.append(f"| {rep.day} | {f.name} | {f.status} | {f.rows} | {f.quarantined} | {detail} |")
    return "\n".join(lines)


_NO_REQUIRED = CheckVerdict("required_present", True, {"required_fields": "none declared"})


def build_ingest_assets(cfg: ProjectConfig, partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    return [_ingest_asset(cfg, partitions, name) for name in cfg.sources.sources]


def _ingest_asset(
    cfg: ProjectConfig, partitions: dg.PartitionsDefinition, source: str
) -> dg.AssetsDefinition:
    spec = cfg.sources.sources[source]
    quality = cfg.quality.for_source(source)
    key = dg.AssetKey(["raw", source])

    @dg.asset(
        key=key,
        group_name="ingest",
        kinds={"duckdb", "csv"},
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="duckdb",
        description=f"{spec.kind} files `{spec.pattern}` loaded into raw.records (source = '{source}').",
        check_specs=[
            dg.AssetCheckSpec(
                "files_loaded",
                asset=key,
                description="every delivered file of the day loaded (none rejected or waiting)",
            ),
            dg.AssetCheckSpec(
                "delivery_arrived",
                asset=key,
                description="at least one file arrived for every day of the run",
            ),
            dg.AssetCheckSpec(
                "quarantine_share",
                asset=key,
                description=f"quarantined rows at most {spec.max_quarantine_share:.0%} of the day's rows",
            ),
            dg.AssetCheckSpec(
                "required_present",
                asset=key,
                description=f"(GX) required fields {spec.required} present on every loaded record",
            ),
            dg.AssetCheckSpec(
                "no_duplicate_records",
                asset=key,
                description="(GX) a record id appears once in a day's delivery "
                f"(at most {quality.max_duplicate_share:.0%} repeated)",
            ),
            dg.AssetCheckSpec(
                "volume_change",
                asset=key,
                description=f"rows vs the median of the previous {quality.volume_lookback} loaded days: "
                f"a drop over {quality.volume_drop_warn:.0%} warns, no rows at all fails",
            ),
        ],
    )
    def ingest(context: dg.AssetExecutionContext, warehouse: DuckDBResource, landing: LandingZones):
        days = window_days(context)
        with warehouse.get_connection() as con:
            ensure_schema(con)
            index_record_versions(con, cfg)  # the rows loaded before their columns were kept
            reports = [ingest_source_day(con, landing, cfg, source, d, context.log) for d in days]
            rows, quarantined, files = fetch_one(
                con,
                "ingest/day_load_summary.sql",
                {
                    "source": source,
                    "first_day": days[0],
                    "last_day": days[-1],
                },
            )
        gx = validator(Path(warehouse.database), cfg)
        outcomes = [
            o
            for d in days
            for o in gx.validate(f"staged_{source}_{d:%Y%m%d}", *staged_records_suite(cfg, source, d))
        ]
        found = verdicts(outcomes)
        gx.publish_docs()
        last = reports[-1]
        history = previous_row_counts(context.instance, key, days[0].isoformat(), quality.volume_lookback)
        day_rows = rows if len(days) == 1 else sum(f.rows for f in last.files)
        volume_ok, volume_severity, volume_meta = volume_verdict(day_rows, history, quality.volume_drop_warn)
        failed = [(r.day, f) for r in reports for f in r.files if f.status in ("failed", "waiting")]
        missing = [str(r.day) for r in reports if not r.files]
        share = quarantined / (rows + quarantined) if rows + quarantined else 0.0
        for day, f in failed:
            context.log.warning(f"{source} {day}: {f.name} {f.status}: {f.detail}")
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": rows,
                "files_loaded": sum(r.count("loaded") for r in reports),
                "files_unchanged": sum(r.count("unchanged") for r in reports),
                "files_failed": sum(r.count("failed") for r in reports),
                "files_waiting": sum(r.count("waiting") for r in reports),
                "files_in_window": files,
                "days_in_run": len(days),
                **numbers(found),
                "landing_zone": cfg.sources.landing_for(source).url,
                "quarantined_rows": quarantined,
                "files": dg.MetadataValue.md(_files_table(reports)),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="files_loaded",
                    passed=not failed,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={
                        "not_loaded": len(failed),
                        "problems": dg.MetadataValue.md(
                            "\n".join(f"- {d} `{f.name}` {f.status}: {f.detail}" for d, f in failed) or "none"
                        ),
                    },
                ),
                dg.AssetCheckResult(
                    check_name="delivery_arrived",
                    passed=not missing,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={"days_without_file": ", ".join(missing) or "none"},
                ),
                check_result(
                    found.get("required_present", _NO_REQUIRED),
                    "required_present",
                    dg.AssetCheckSeverity.WARN,
                    gx.docs_index,
                ),
                check_result(
                    found.get("no_duplicate_records"),
                    "no_duplicate_records",
                    dg.AssetCheckSeverity.WARN,
                    gx.docs_index,
                ),
                dg.AssetCheckResult(
                    check_name="volume_change",
                    passed=volume_ok,
                    severity=volume_severity,
                    metadata=volume_meta,
                ),
                dg.AssetCheckResult(
                    check_name="quarantine_share",
                    passed=share <= spec.max_quarantine_share,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={
                        "observed_share": round(share, 4),
                        "threshold": spec.max_quarantine_share,
                        "quarantined_rows": quarantined,
                    },
                ),
            ],
        )

    return ingest

"""Export: for each destination and day, one file per segment in the destination's own layout,
delivered atomically to its target, then a manifest (file, rows, sha256) written last.
Re-running a day re-delivers identical bytes. Declarations: config/destinations.yaml."""

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.warehouse_setup import prepare_warehouse
from resources.export_targets import ExportTargets
from resources.project_config import (
    DestinationSpec,
    FilePattern,
    LocalTargetSpec,
    ProjectConfig,
    render_template,
)
from resources.warehouse import fetch_all, run_sql


@dataclass(frozen=True)
class ExportedFile:
    destination: str
    segment: str
    name: str
    location: str
    rows: int
    dropped: int
    sha256: str


def segment_file(
    con: duckdb.DuckDBPyConnection, spec: DestinationSpec, segment: str, day: dt.date
) -> tuple[bytes, int, int]:
    """The file's bytes, rows written and profiles dropped for lack of a required attribute."""
    attributes = sorted({c.attribute for c in spec.columns if c.attribute} | set(spec.require_any))
    members = fetch_all(
        con, "export/segment_export_rows.sql", {"day": day, "segment": segment, "attributes": attributes}
    )
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=spec.delimiter,
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if spec.quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow([c.header for c in spec.columns])
    rows = dropped = 0
    for _profile_id, attrs in members:
        attrs = attrs or {}
        if spec.require_any and not any(attrs.get(a) for a in spec.require_any):
            dropped += 1
            continue
        writer.writerow(
            [
                attrs.get(c.attribute, "") if c.attribute else render_template(c.template, day, segment)
                for c in spec.columns
            ]
        )
        rows += 1
    return buffer.getvalue().encode(spec.encoding), rows, dropped


def export_day(
    con: duckdb.DuckDBPyConnection, targets: ExportTargets, cfg: ProjectConfig, day: dt.date
) -> list[ExportedFile]:
    out: list[ExportedFile] = []
    for destination, spec in cfg.destinations.destinations.items():
        with targets.target(spec.target) as target:
            files = []
            for segment in spec.segments:
                data, rows, dropped = segment_file(con, spec, segment, day)
                name = FilePattern(spec.file_name).render(day, segment)
                location = target.put(name, data)
                if spec.done_marker:  # the receiver may take the file once its marker exists
                    target.put(name + spec.done_marker, b"")
                files.append(
                    ExportedFile(
                        destination, segment, name, location, rows, dropped, hashlib.sha256(data).hexdigest()
                    )
                )
            manifest = {
                "date": day.isoformat(),
                "destination": destination,
                "files": [
                    {
                        "name": f.name,
                        "segment": f.segment,
                        "rows": f.rows,
                        "dropped": f.dropped,
                        "sha256": f.sha256,
                    }
                    for f in files
                ],
            }
            target.put(
                f"manifest_{destination}_{day:%Y%m%d}.json",
                (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
            )
        now = dt.datetime.now(dt.UTC)
        con.execute("BEGIN TRANSACTION")
        run_sql(con, "export/delete_deliveries.sql", {"day": day, "destination": destination})
        for f in files:
            run_sql(
                con,
                "export/insert_delivery.sql",
                {
                    "day": day,
                    "destination": destination,
                    "segment": f.segment,
                    "file_name": f.name,
                    "location": f.location,
                    "rows": f.rows,
                    "dropped": f.dropped,
                    "sha256": f.sha256,
                    "delivered_at": now,
                },
            )
        con.execute("COMMIT")
        out.extend(files)
    return out


def manifest_problems(cfg: ProjectConfig, day: dt.date) -> list[str]:
    """Compare each destination's manifest with what was delivered: every file listed, with its
    sha256; for a local outbox the manifest and the files are re-read from disk."""
    problems = []
    for destination, spec in cfg.destinations.destinations.items():
        expected = {FilePattern(spec.file_name).render(day, segment) for segment in spec.segments}
        name = f"manifest_{destination}_{day:%Y%m%d}.json"
        if not isinstance(spec.target, LocalTargetSpec):
            continue  # remote: the upload verified the size; the manifest is built from the same bytes
        folder = spec.target.resolved_path()
        try:
            manifest = json.loads((folder / name).read_text())
        except (OSError, ValueError) as exc:
            problems.append(f"{destination}: manifest {name} unreadable ({exc})")
            continue
        listed = {f["name"]: f["sha256"] for f in manifest["files"]}
        for missing in sorted(expected - set(listed)):
            problems.append(f"{destination}: {missing} delivered but not in {name}")
        for file_name, sha in sorted(listed.items()):
            try:
                actual = hashlib.sha256((folder / file_name).read_bytes()).hexdigest()
            except OSError:
                problems.append(f"{destination}: {file_name} listed in {name} but missing")
                continue
            if actual != sha:
                problems.append(f"{destination}: {file_name} sha256 {actual[:12]}… ≠ manifest {sha[:12]}…")
    return problems


def build_export_asset(cfg: ProjectConfig, partitions: dg.PartitionsDefinition):
    key = dg.AssetKey(["export", "segment_files"])

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["segment", "segment_members"]), dg.AssetKey(["profile", "profiles"])],
        group_name="export",
        kinds={"csv"},
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="duckdb",
        description="Per destination and day: one file per segment in the destination's layout, "
        "and a manifest written last. Declarations: config/destinations.yaml.",
        check_specs=[
            dg.AssetCheckSpec(
                "rows_match_segments",
                asset=key,
                description="rows written + rows dropped = segment size, per file",
            ),
            dg.AssetCheckSpec(
                "manifest_checksums",
                asset=key,
                description="each manifest lists every delivered file with the sha256 of the bytes at "
                "the destination (re-read for local outboxes)",
            ),
        ],
    )
    def segment_files(
        context: dg.AssetExecutionContext, warehouse: DuckDBResource, export_targets: ExportTargets
    ):
        days = window_days(context)
        with warehouse.get_connection() as con:
            prepare_warehouse(con, cfg)
            files = [f for day in days for f in export_day(con, export_targets, cfg, day)]
            mismatches = fetch_all(
                con, "quality/export_rows_vs_segments.sql", {"first_day": days[0], "last_day": days[-1]}
            )
        checksum_problems = [p for day in days for p in manifest_problems(cfg, day)]
        table = "\n".join(
            ["| destination | file | rows | dropped |", "|---|---|---|---|"]
            + [f"| {f.destination} | {f.name} | {f.rows} | {f.dropped} |" for f in files]
        )
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": sum(f.rows for f in files),
                "files_written": len(files),
                "rows_dropped": sum(f.dropped for f in files),
                "files": dg.MetadataValue.md(table),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="rows_match_segments",
                    passed=not mismatches,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={"mismatched_files": len(mismatches)},
                ),
                dg.AssetCheckResult(
                    check_name="manifest_checksums",
                    passed=not checksum_problems,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={
                        "files_checked": len(files),
                        "problems": dg.MetadataValue.md(
                            "\n".join(f"- {p}" for p in checksum_problems) or "none"
                        ),
                    },
                ),
            ],
        )

    return segment_files

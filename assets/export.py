"""Export: for each destination and day, one file per segment in the destination's own layout
(and, when declared, a backstamp file of profile attributes keyed by the destination's own id),
delivered atomically to its target, then a manifest (file, rows, sha256) written last.

Full files list today's members; delta files list who joined and who left since the last
*delivered* file to that destination (export.sent_rows keeps what was sent). Profiles lacking
every required attribute or the destination's id are dropped and counted; a profile holding a
suppressed (erased) value is never exported; an id held by several profiles is never sent.
Re-running a day re-delivers identical bytes. Declarations: config/destinations.yaml."""

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import dagster as dg
import duckdb
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.warehouse_setup import prepare_warehouse
from resources.export_targets import ExportTargets
from resources.project_config import (
    DestinationSpec,
    ExportColumn,
    FilePattern,
    LocalTargetSpec,
    ProjectConfig,
    render_template,
)
from resources.warehouse import fetch_all, fetch_one, run_sql, transaction

BACKSTAMP = ""  # the `segment` of a backstamp file in export.deliveries and export.sent_rows
_BATCH = 100_000


@dataclass
class ExportedFile:
    destination: str
    segment: str
    name: str
    kind: str  # segment | backstamp
    mode: str  # full | delta
    data: bytes = b""
    location: str = ""
    rows: int = 0  # lines written (without the header)
    profiles: int = 0  # profiles in today's full list
    dropped: int = 0  # profiles left out: no required attribute or id, an erased value
    suppressed: int = 0
    ambiguous: int = 0  # ids left out: held by several profiles
    joined: int = 0
    left: int = 0
    since_day: dt.date | None = None
    sent: dict[str, str] = field(default_factory=dict)  # row_key -> row_values (delta only)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _identity_columns(columns: list[ExportColumn]) -> list[ExportColumn]:
    """The columns that say who a row is about (not templates, not the change marker)."""
    return [c for c in columns if c.template is None and c.fact != "change"]


def _profile_rows(
    con: duckdb.DuckDBPyConnection, spec: DestinationSpec, columns: list[ExportColumn], day, segment
) -> Iterator[tuple]:
    attributes = sorted({c.attribute for c in columns if c.attribute} | set(spec.require_any))
    result = run_sql(
        con,
        "export/profile_rows.sql",
        {"day": day, "segment": segment, "attributes": attributes, "id_key": spec.id_key or ""},
    )
    while batch := result.fetchmany(_BATCH):
        yield from batch


def _current_rows(
    con: duckdb.DuckDBPyConnection,
    spec: DestinationSpec,
    columns: list[ExportColumn],
    day: dt.date,
    segment: str | None,
    out: ExportedFile,
) -> dict[str, dict[str, str]]:
    """Today's full list: row key -> {header: value} of the identity columns, in profile order.
    A segment row's key is the row itself; a backstamp row's key is the destination id."""
    ident = _identity_columns(columns)
    rows: dict[str, dict[str, str]] = {}
    for profile_id, attrs, ids, ambiguous, lifecycle, member_status, suppressed in _profile_rows(
        con, spec, columns, day, segment
    ):
        attrs = attrs or {}
        out.ambiguous += ambiguous
        if suppressed:
            out.suppressed += 1
            out.dropped += 1
            continue
        if spec.require_any and not any(attrs.get(a) for a in spec.require_any):
            out.dropped += 1
            continue
        if spec.id_key and not ids:
            out.dropped += 1
            continue
        out.profiles += 1
        facts = {
            "profile_id": profile_id,
            "segment": segment or "",
            "lifecycle": lifecycle or "",
            "member_status": member_status or "",
        }
        for id_value in ids if spec.id_key else [None]:
            values = {
                c.header: (attrs.get(c.attribute) or "")
                if c.attribute
                else (id_value if c.key else facts[c.fact])
                for c in ident
            }
            if segment is None:
                key = id_value if spec.id_key else profile_id
            else:
                key = json.dumps(list(values.values()), ensure_ascii=False)
            rows[key] = values
    return rows


def _encode(spec: DestinationSpec, columns: list[ExportColumn], lines: list[list[str]]) -> bytes:
    quoting = csv.QUOTE_ALL if spec.quote_all else csv.QUOTE_MINIMAL
    buffer = io.StringIO(newline="")
    header = csv.writer(
        buffer,
        delimiter=spec.delimiter,
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if spec.header_quoted else csv.QUOTE_MINIMAL,
    )
    header.writerow([c.header for c in columns])
    csv.writer(buffer, delimiter=spec.delimiter, lineterminator="\n", quoting=quoting).writerows(lines)
    data = buffer.getvalue().encode(spec.encoding)
    # mtime 0: the same rows give the same bytes on every re-run
    return gzip.compress(data, mtime=0) if spec.compression == "gzip" else data


def _erased(
    con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, spec: DestinationSpec, columns: list[ExportColumn]
):
    """A test telling whether a row (header -> value) sent before holds a suppressed value: such a
    row is not sent again, not even as `left`."""
    hashes = set(fetch_all(con, "export/suppressions.sql"))
    if not hashes:
        return lambda values: False
    key_of = {a.name: a.key for a in cfg.profile.attributes if a.key}
    keyed = {
        c.header: key_of.get(c.attribute) if c.attribute else spec.id_key
        for c in columns
        if c.attribute or c.key
    }
    keyed = {h: k for h, k in keyed.items() if k}

    def erased(values: dict[str, str]) -> bool:
        return any(
            (key, hashlib.sha256(f"{key}:{values[h]}".encode()).hexdigest()) in hashes
            for h, key in keyed.items()
            if values.get(h)
        )

    return erased


def build_file(
    con: duckdb.DuckDBPyConnection,
    cfg: ProjectConfig,
    destination: str,
    spec: DestinationSpec,
    day: dt.date,
    segment: str | None,
) -> ExportedFile:
    """One file's bytes and counts: a segment file (segment given) or the backstamp (None)."""
    if segment is None:
        assert spec.backstamp is not None
        columns, pattern, kind = spec.backstamp.columns, spec.backstamp.file_name, "backstamp"
    else:
        columns, pattern, kind = spec.columns, spec.file_name, "segment"
    out = ExportedFile(
        destination, segment or BACKSTAMP, FilePattern(pattern).render(day, segment), kind, spec.mode
    )
    current = _current_rows(con, spec, columns, day, segment, out)

    def line(values: dict[str, str], change: str | None) -> list[str]:
        return [
            render_template(c.template, day, segment)
            if c.template is not None
            else (change or "")
            if c.fact == "change"
            else values[c.header]
            for c in columns
        ]

    if spec.mode == "full":
        lines = [line(values, None) for values in current.values()]
    else:
        out.since_day = fetch_one(
            con, "export/last_delivery.sql", {"day": day, "destination": destination, "segment": out.segment}
        )[0]
        before: dict[str, dict[str, str]] = {}
        if out.since_day is not None:
            before = {
                key: json.loads(values)
                for key, values in fetch_all(
                    con,
                    "export/sent_rows.sql",
                    {"day": out.since_day, "destination": destination, "segment": out.segment},
                )
            }
        joined = [(k, v) for k, v in current.items() if before.get(k) != v]
        left = sorted((k, v) for k, v in before.items() if k not in current)
        if segment is None:  # a backstamp removal names the id only; its old values are stale
            ids = {c.header for c in columns if c.key or (c.fact == "profile_id" and not spec.id_key)}
            left = [(k, {h: (x if h in ids else "") for h, x in v.items()}) for k, v in left]
        erased = _erased(con, cfg, spec, columns)
        out.suppressed += sum(1 for _, v in left if erased(v))
        left = [(k, v) for k, v in left if not erased(v)]
        out.joined, out.left = len(joined), len(left)
        lines = [line(v, spec.change_values.joined) for _, v in joined] + [
            line(v, spec.change_values.left) for _, v in left
        ]
        out.sent = {k: json.dumps(v, ensure_ascii=False, sort_keys=True) for k, v in current.items()}
    out.rows = len(lines)
    out.data = _encode(spec, columns, lines)
    return out


def _record_delivery(
    con: duckdb.DuckDBPyConnection, spec: DestinationSpec, day: dt.date, files: list[ExportedFile]
):
    if not files:
        return
    destination = files[0].destination
    now = dt.datetime.now(dt.UTC)
    with transaction(con):
        run_sql(con, "export/delete_deliveries.sql", {"day": day, "destination": destination})
        if spec.mode == "delta":
            run_sql(
                con,
                "export/delete_sent_rows.sql",
                {"day": day, "destination": destination, "keep_days": spec.keep_sent_days},
            )
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
                    "kind": f.kind,
                    "mode": f.mode,
                    "profiles": f.profiles,
                    "since_day": f.since_day,
                    "joined": f.joined,
                    "left_rows": f.left,
                    "suppressed": f.suppressed,
                    "ambiguous": f.ambiguous,
                },
            )
            if spec.mode == "delta" and f.sent:
                batch = pd.DataFrame({"row_key": list(f.sent), "row_values": list(f.sent.values())})
                con.register("sent_batch", batch)
                try:
                    run_sql(
                        con,
                        "export/insert_sent_rows.sql",
                        {"day": day, "destination": destination, "segment": f.segment},
                    )
                finally:
                    con.unregister("sent_batch")


def manifest_bytes(day: dt.date, destination: str, files: list[ExportedFile]) -> bytes:
    manifest = {
        "date": day.isoformat(),
        "destination": destination,
        "files": [
            {
                "name": f.name,
                "kind": f.kind,
                "segment": f.segment or None,
                "mode": f.mode,
                "rows": f.rows,
                "profiles": f.profiles,
                "dropped": f.dropped,
                "joined": f.joined if f.mode == "delta" else None,
                "left": f.left if f.mode == "delta" else None,
                "since": f.since_day.isoformat() if f.since_day else None,
                "bytes": len(f.data),
                "sha256": f.sha256,
            }
            for f in files
        ],
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()


def export_day(
    con: duckdb.DuckDBPyConnection, targets: ExportTargets, cfg: ProjectConfig, day: dt.date, log=None
) -> list[ExportedFile]:
    out: list[ExportedFile] = []
    for destination, spec in cfg.destinations.destinations.items():
        files = [build_file(con, cfg, destination, spec, day, segment) for segment in spec.segments]
        if spec.backstamp is not None:
            files.append(build_file(con, cfg, destination, spec, day, None))
        with targets.target(spec.target) as target:
            for f in files:
                f.location = target.put(f.name, f.data)
                if spec.done_marker:  # the receiver may take the file once its marker exists
                    target.put(f.name + spec.done_marker, b"")
                if log:
                    log.info(f"{destination}: {f.name}: {f.rows} rows, {f.dropped} profiles dropped")
            target.put(manifest_name(destination, day), manifest_bytes(day, destination, files))
        _record_delivery(con, spec, day, files)
        out.extend(files)
    return out


def manifest_name(destination: str, day: dt.date) -> str:
    return f"manifest_{destination}_{day:%Y%m%d}.json"


def expected_files(spec: DestinationSpec, day: dt.date) -> set[str]:
    names = {FilePattern(spec.file_name).render(day, s) for s in spec.segments} if spec.segments else set()
    if spec.backstamp:
        names.add(FilePattern(spec.backstamp.file_name).render(day))
    return names


def manifest_problems(cfg: ProjectConfig, day: dt.date) -> list[str]:
    """Compare each destination's manifest with what was delivered: every file listed, with its
    sha256; for a local outbox the manifest and the files are re-read from disk."""
    problems = []
    for destination, spec in cfg.destinations.destinations.items():
        name = manifest_name(destination, day)
        if not isinstance(spec.target, LocalTargetSpec):
            continue  # remote: the upload verified the size; the manifest is built from the same bytes
        folder = spec.target.resolved_path()
        try:
            manifest = json.loads((folder / name).read_text())
        except (OSError, ValueError) as exc:
            problems.append(f"{destination}: manifest {name} unreadable ({exc})")
            continue
        listed = {f["name"]: f["sha256"] for f in manifest["files"]}
        for missing in sorted(expected_files(spec, day) - set(listed)):
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
        description="Per destination and day: one file per segment (full or delta) and an optional "
        "backstamp of profile attributes, in the destination's layout, and a manifest written last. "
        "Declarations: config/destinations.yaml.",
        check_specs=[
            dg.AssetCheckSpec(
                "rows_match_segments",
                asset=key,
                description="profiles written + profiles dropped = segment size, per segment file",
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
            files = [f for day in days for f in export_day(con, export_targets, cfg, day, context.log)]
            mismatches = fetch_all(
                con, "quality/export_rows_vs_segments.sql", {"first_day": days[0], "last_day": days[-1]}
            )
        checksum_problems = [p for day in days for p in manifest_problems(cfg, day)]
        table = "\n".join(
            ["| destination | file | mode | rows | joined | left | dropped | erased | ambiguous ids |",
             "|---|---|---|---|---|---|---|---|---|"]
            + [
                f"| {f.destination} | {f.name} | {f.mode} | {f.rows} | "
                + (f"{f.joined} | {f.left}" if f.mode == "delta" else "– | –")
                + f" | {f.dropped} | {f.suppressed} | {f.ambiguous} |"
                for f in files
            ]
        )  # fmt: skip
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": sum(f.rows for f in files),
                "files_written": len(files),
                "bytes_written": sum(len(f.data) for f in files),
                "rows_dropped": sum(f.dropped for f in files),
                "rows_suppressed": sum(f.suppressed for f in files),
                "ids_ambiguous": sum(f.ambiguous for f in files),
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

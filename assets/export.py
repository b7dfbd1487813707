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
from dataclasses import dataclass
from functools import cached_property

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.partitions import window_days
from assets.warehouse_setup import attribute_columns, prepare_warehouse
from resources.export_targets import ExportTargets
from resources.project_config import (
    DestinationSpec,
    ExportColumn,
    FilePattern,
    LocalTargetSpec,
    ProjectConfig,
    render_template,
)
from resources.warehouse import (
    fetch_all,
    fetch_one,
    quote_ident,
    run_composed,
    run_sql,
    sql_text,
    transaction,
)

BACKSTAMP = ""  # the `segment` of a backstamp file in export.deliveries and export.sent_rows


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

    @cached_property
    def sha256(self) -> str:  # read once the data is final (manifest, deliveries)
        return hashlib.sha256(self.data).hexdigest()


def _identity_columns(columns: list[ExportColumn]) -> list[ExportColumn]:
    """The columns that say who a row is about (not templates, not the change marker)."""
    return [c for c in columns if c.template is None and c.fact != "change"]


def export_attributes(cfg: ProjectConfig) -> list[str]:
    """The profile attributes any destination's layout or contactability rule reads."""
    names: set[str] = set()
    for spec in cfg.destinations.destinations.values():
        columns = [*spec.columns, *(spec.backstamp.columns if spec.backstamp else [])]
        names |= {c.attribute for c in columns if c.attribute} | set(spec.require_any)
    return sorted(names)


def prepare_export_day(con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, day: dt.date) -> None:
    """What every file of the day reads, built once: export_profiles and export_ids."""
    attributes = export_attributes(cfg)
    text = sql_text("export/export_profiles.sql").replace(
        "{attribute_columns}", attribute_columns(cfg, attributes, typed=False)
    )
    run_composed(con, text, {"day": day, "attributes": attributes})
    keys = sorted({s.id_key for s in cfg.destinations.destinations.values() if s.id_key})
    run_sql(con, "export/export_ids.sql", {"day": day, "keys": keys})


def _value_sql(column: ExportColumn) -> str:
    """The SQL of an identity column over file_profiles `f` and the row's id `u.id` (attribute
    names are validated config names, quoted)."""
    if column.attribute:
        return f"coalesce(f.{quote_ident(column.attribute)}, '')"
    if column.key:
        return "u.id"
    if column.fact == "segment":
        return "coalesce($segment, '')"
    return {"profile_id": "f.profile_id", "lifecycle": "coalesce(f.lifecycle, '')"}.get(
        column.fact or "", "coalesce(f.member_status, '')"
    )


def _select_file_profiles(
    con: duckdb.DuckDBPyConnection,
    spec: DestinationSpec,
    day: dt.date,
    segment: str | None,
    out: ExportedFile,
) -> None:
    has_contact = " OR ".join(f"coalesce(e.{quote_ident(a)}, '') <> ''" for a in spec.require_any) or "true"
    run_composed(
        con,
        sql_text("export/file_profiles.sql").replace("{has_contact}", has_contact),
        {"day": day, "segment": segment, "id_key": spec.id_key or ""},
    )
    out.profiles, out.dropped, out.suppressed, out.ambiguous = fetch_one(con, "export/file_counts.sql")


def _file_lines(con: duckdb.DuckDBPyConnection, expressions: list[str], params: dict) -> list[tuple]:
    text = sql_text("export/file_lines.sql").replace("{columns}", ", ".join(expressions))
    return run_composed(con, text, params).fetchall()


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
    # mtime 0: the same rows give the same bytes on every re-run; level 6 (gzip's own default)
    # is several times faster than Python's 9 for a few percent more bytes
    return gzip.compress(data, compresslevel=6, mtime=0) if spec.compression == "gzip" else data


def _erased(
    con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, spec: DestinationSpec, ident: list[ExportColumn]
):
    """A test telling whether a row sent before (identity values) holds a suppressed value: such
    a row is not sent again, not even as `left`."""
    hashes = set(fetch_all(con, "export/suppressions.sql"))
    if not hashes:
        return lambda values: False
    key_of = {a.name: a.key for a in cfg.profile.attributes if a.key}
    keyed = [
        (i, key_of.get(c.attribute) if c.attribute else spec.id_key)
        for i, c in enumerate(ident)
        if c.attribute or c.key
    ]
    keyed = [(i, k) for i, k in keyed if k]

    def erased(values: tuple) -> bool:
        return any(
            (key, hashlib.sha256(f"{key}:{values[i]}".encode()).hexdigest()) in hashes
            for i, key in keyed
            if values[i]
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
    name = FilePattern(pattern).render(day, segment)
    out = ExportedFile(destination, segment or BACKSTAMP, name, kind, spec.mode)
    _select_file_profiles(con, spec, day, segment, out)
    params: dict = {"segment": segment, "id_key": spec.id_key or ""}
    if spec.mode == "full":  # the rows come out of SQL as they are written
        expressions = []
        for i, c in enumerate(columns):
            if c.template is not None:
                params[f"t{i}"] = render_template(c.template, day, segment)
                expressions.append(f"$t{i}")
            else:
                expressions.append(_value_sql(c))
        lines = _file_lines(con, expressions, params)
    else:
        lines = _delta_lines(con, cfg, spec, day, segment, columns, params, out)
    out.rows = len(lines)
    out.data = _encode(spec, columns, lines)
    return out


def _delta_lines(con, cfg, spec, day, segment, columns, params, out: ExportedFile) -> list[list[str]]:
    """Who joined and who left since the last file delivered to this destination (in SQL, against
    export.sent_rows); today's rows wait in pending_sent until the files are delivered."""
    ident = _identity_columns(columns)
    values_sql = ", ".join(_value_sql(c) for c in ident)
    if segment is not None:
        key_sql = f"to_json([{values_sql}])::VARCHAR"
    else:  # a backstamp row is keyed by the destination's id (or the profile id)
        key_sql = "u.id" if spec.id_key else "f.profile_id"
    text = sql_text("export/file_current.sql").replace("{key}", key_sql).replace("{values}", values_sql)
    run_composed(con, text, params)
    run_sql(con, "export/add_pending_sent.sql", {"segment": out.segment})
    out.since_day = fetch_one(
        con, "export/last_delivery.sql", {"day": day, "destination": out.destination, "segment": out.segment}
    )[0]
    compare = {
        "since": out.since_day,
        "destination": out.destination,
        "segment": out.segment,
        "width": len(ident),
    }
    joined = [tuple(v) for (v,) in fetch_all(con, "export/delta_joined.sql", compare)]
    left = [tuple(v) for (v,) in fetch_all(con, "export/delta_left.sql", compare)]
    if segment is None:  # a backstamp removal names the id only; its old values are stale
        keep = [bool(c.key or (c.fact == "profile_id" and not spec.id_key)) for c in ident]
        left = [tuple(x if k else "" for x, k in zip(v, keep, strict=True)) for v in left]
    erased = _erased(con, cfg, spec, ident)
    out.suppressed += sum(1 for v in left if erased(v))
    left = [v for v in left if not erased(v)]
    out.joined, out.left = len(joined), len(left)
    plan = [
        ("const", render_template(c.template, day, segment))
        if c.template is not None
        else ("change", None)
        if c.fact == "change"
        else ("value", ident.index(c))
        for c in columns
    ]

    def lines_of(rows, change: str) -> list[list[str]]:
        return [[v if k == "const" else change if k == "change" else row[v] for k, v in plan] for row in rows]

    return lines_of(joined, spec.change_values.joined) + lines_of(left, spec.change_values.left)


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
        if spec.mode == "delta":
            run_sql(con, "export/insert_sent_rows.sql", {"day": day, "destination": destination})


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
    prepare_export_day(con, cfg, day)
    for destination, spec in cfg.destinations.destinations.items():
        run_sql(con, "export/pending_sent.sql")
        files = [build_file(con, cfg, destination, spec, day, s) for s in spec.segments]
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

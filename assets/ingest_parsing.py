"""Reading one delivered file: decompress, detect the encoding, map headers by name, check types.

A file either parses (its good rows, plus the bad rows with line and reason for quarantine) or is
rejected whole with a :class:`FileRejected` naming the file and the problem; nothing of a rejected
file is loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from resources.project_config import ColumnSpec, SourceSpec

_TIMESTAMP_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")


class FileRejected(ValueError):
    """The whole file cannot be loaded; the message names the file and the problem."""


@dataclass
class ParsedFile:
    encoding: str
    rows: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)  # line, id, fields
    quarantined: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, raw
    unmapped_headers: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)


def _unzip(path: Path, data: bytes) -> bytes:
    """The one member of a zip archive, tested whole (CRC of every member) before it is used."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            for m in members:
                # zip-slip: a member name is data; never a path that could leave a folder
                if m.filename.startswith(("/", "\\")) or ".." in m.filename.replace("\\", "/").split("/"):
                    raise FileRejected(f"{path.name}: unsafe member name {m.filename!r} in zip archive")
            if len(members) != 1:
                raise FileRejected(f"{path.name}: expected one file in the zip archive, found {len(members)}")
            bad = archive.testzip()
            if bad is not None:
                raise FileRejected(f"{path.name}: corrupt zip archive (member {bad!r} fails its CRC)")
            return archive.read(members[0])
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise FileRejected(f"{path.name}: corrupt or truncated zip archive ({exc})") from exc


def decompress(path: Path, compression: str) -> bytes:
    data = path.read_bytes()
    if compression == "zip" or (compression == "auto" and data[:4] == b"PK\x03\x04"):
        return _unzip(path, data)
    if compression == "gzip" or (compression == "auto" and data[:2] == b"\x1f\x8b"):
        try:
            # Read to the end: a gzip cut short raises here, before a single row is used.
            return gzip.decompress(data)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise FileRejected(f"{path.name}: corrupt or truncated gzip archive ({exc})") from exc
    return data


def decode(name: str, data: bytes, encoding: str) -> tuple[str, str]:
    """Return (text, encoding used). 'auto' tries a BOM, then UTF-8, then cp950 (Big5)."""
    candidates = {
        "auto": ("utf-8-sig", "cp950") if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "cp950"),
        "utf-8": ("utf-8-sig",),
        "utf-8-sig": ("utf-8-sig",),
        "cp950": ("cp950",),
    }[encoding]
    errors = []
    for enc in candidates:
        try:
            return data.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError as exc:
            errors.append(f"not {enc} (byte {data[exc.start]:#04x} at offset {exc.start})")
    raise FileRejected(f"{name}: cannot decode: {'; '.join(errors)}")


def canonical_value(raw: str, spec: ColumnSpec, tz: ZoneInfo) -> str:
    """The value in canonical text for its type; raises ValueError with a reason."""
    value = raw.strip()
    if spec.type == "text":
        return raw
    if spec.type == "integer":
        try:
            return str(int(value.replace(",", "")))
        except ValueError:
            raise ValueError(f"{value!r} is not an integer") from None
    if spec.type == "decimal":
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        return format(number.normalize(), "f")
    if spec.type == "date":
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError(f"{value!r} is not a date")
    # timestamp: ISO 8601 (with or without offset) or a few common local layouts
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        stamp = None
        for fmt in _TIMESTAMP_FORMATS:
            try:
                stamp = dt.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        if stamp is None:
            raise ValueError(f"{value!r} is not a timestamp") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=tz)
    return stamp.isoformat()


def parse_delivery(path: Path, spec: SourceSpec, timezone: str, name: str | None = None) -> ParsedFile:
    name = name or path.name
    text, encoding = decode(name, decompress(path, spec.compression), spec.encoding)
    tz = ZoneInfo(timezone)
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRejected(f"{name}: the file is empty (no header line)") from None
    except csv.Error as exc:
        raise FileRejected(f"{name}: line 1: unreadable header ({exc})") from None
    header = [h.strip() for h in header]
    positions: dict[str, int] = {}
    for i, h in enumerate(header):
        if h in positions:
            raise FileRejected(f"{name}: column {h!r} appears twice in the header")
        positions[h] = i
    needed = set(spec.record_id) | set(spec.required)
    columns: list[tuple[int, str, ColumnSpec]] = []
    parsed = ParsedFile(encoding=encoding)
    missing_required = []
    for head, col in spec.columns.items():
        if head in positions:
            columns.append((positions[head], head, col))
        elif col.field in needed:
            missing_required.append(head)
        else:
            parsed.missing_optional.append(head)
    if missing_required:
        raise FileRejected(
            f"{name}: required column(s) {', '.join(map(repr, missing_required))} missing; "
            f"the header has {header}"
        )
    parsed.unmapped_headers = [h for h in header if h not in spec.columns]

    line_no = 1
    while True:
        start = line_no + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.quarantined.append((start, f"unreadable CSV ({exc})", lines[start - 1][:1000]))
            line_no = reader.line_num
            continue
        line_no = reader.line_num
        raw_line = "\n".join(lines[start - 1 : line_no])[:1000]
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            parsed.quarantined.append((start, f"expected {len(header)} columns, found {len(row)}", raw_line))
            continue
        fields: dict[str, str] = {}
        problem = None
        for pos, head, col in columns:
            value = row[pos]
            if not value.strip():
                if col.field in needed:
                    problem = f"column {head!r}: required value is empty"
                    break
                continue
            try:
                fields[col.field] = canonical_value(value, col, tz)
            except ValueError as exc:
                problem = f"column {head!r}: {exc}"
                break
        if problem:
            parsed.quarantined.append((start, problem, raw_line))
            continue
        record_id = "|".join(fields[f].strip() for f in spec.record_id)
        parsed.rows.append((start, record_id, fields))
    return parsed

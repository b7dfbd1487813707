"""The user's declarations (config/*.yaml), validated at load time.

Every error names the file, the key path and the problem, e.g.
``config/sources.yaml: sources.orders.pattern: the pattern needs a {date:...} placeholder``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=63)]
FieldType = Literal["text", "integer", "decimal", "date", "timestamp"]
RECORD_UPDATED_AT = "record_updated_at"


class ConfigError(ValueError):
    """A configuration problem, with the file and key it is in."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_ENV = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


def interpolate_env(value: str, environ: Mapping[str, str] | None = None) -> str:
    """Expand ``${VAR}`` and ``${VAR:-default}``; an unset variable without default is an error."""
    env = os.environ if environ is None else environ

    def expand(match: re.Match[str]) -> str:
        name, default = match.group("name"), match.group("default")
        if name in env and env[name] != "":
            return env[name]
        if default is not None:
            return default
        raise ValueError(f"environment variable {name} is not set and has no default")

    return _ENV.sub(expand, value)


_TEMPLATE_PLACEHOLDER = re.compile(r"\{(date:(?P<fmt>[^}]+)|segment)\}")


def render_template(template: str, day: dt.date, segment: str | None = None) -> str:
    """Fill ``{segment}`` and ``{date:<strftime>}`` in a file name or column template."""
    return _TEMPLATE_PLACEHOLDER.sub(
        lambda m: day.strftime(m.group("fmt")) if m.group("fmt") else (segment or ""), template
    )


def _check_template(template: str) -> str:
    leftover = _TEMPLATE_PLACEHOLDER.sub("", template)
    if "{" in leftover or "}" in leftover:
        raise ValueError("only {segment} and {date:<format>} placeholders are allowed")
    return template


class FilePattern:
    """A file-name pattern such as ``segment_{segment}_{date:%Y%m%d}.csv.gz``."""

    _PLACEHOLDER = _TEMPLATE_PLACEHOLDER
    _DATE_PARTS = {"%Y": r"\d{4}", "%m": r"\d{2}", "%d": r"\d{2}"}

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        dates = [m for m in self._PLACEHOLDER.finditer(pattern) if m.group("fmt")]
        if len(dates) != 1:
            raise ValueError("the pattern needs exactly one {date:...} placeholder, e.g. {date:%Y%m%d}")
        self.date_format = dates[0].group("fmt")
        if set(re.findall(r"%.", self.date_format)) - set(self._DATE_PARTS):
            raise ValueError("the date format may only use %Y, %m and %d")
        if "/" in pattern or "\\" in pattern:
            raise ValueError("the pattern is a file name, not a path")
        _check_template(pattern)
        self.has_segment = "{segment}" in pattern
        regex, pos = "", 0
        for m in self._PLACEHOLDER.finditer(pattern):
            regex += re.escape(pattern[pos : m.start()])
            if m.group("fmt"):
                fmt = re.escape(m.group("fmt"))
                for part, rx in self._DATE_PARTS.items():
                    fmt = fmt.replace(re.escape(part), rx).replace(part, rx)
                regex += f"(?P<date>{fmt})"
            else:
                regex += r"(?P<segment>[a-z0-9][a-z0-9_]*?)"
            pos = m.end()
        regex += re.escape(pattern[pos:])
        self._regex = re.compile(regex + r"\Z")

    def match(self, name: str) -> tuple[dt.date, str | None] | None:
        m = self._regex.match(name)
        if not m:
            return None
        try:
            day = dt.datetime.strptime(m.group("date"), self.date_format).date()
        except ValueError:
            return None
        return day, (m.group("segment") if self.has_segment else None)

    def render(self, day: dt.date, segment: str | None = None) -> str:
        return render_template(self.pattern, day, segment)


# ----------------------------------------------------------------------------- sources.yaml


class ColumnSpec(_Strict):
    field: Name
    type: FieldType = "text"


class LocalLandingSpec(_Strict):
    type: Literal["local"] = "local"
    path: str

    def resolved_path(self) -> Path:
        return Path(interpolate_env(self.path))

    @property
    def url(self) -> str:
        return str(self.resolved_path())


EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Z_][A-Z0-9_]*$")]


class _RemoteSpec(_Strict):
    """A server reached over the network. Credentials are never in config: ``user_env`` and
    ``password_env`` name the environment variables that hold them (read through Dagster's EnvVar)."""

    host: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535)
    path: str = "."
    user_env: EnvName
    password_env: EnvName | None = None
    timeout_seconds: float = Field(30, gt=0)
    retries: int = Field(4, ge=0, le=20)
    backoff_seconds: float = Field(2.0, ge=0)
    keepalive_seconds: int = Field(30, ge=0)

    def resolved_host(self) -> str:
        return interpolate_env(self.host)

    def resolved_path(self) -> str:
        return interpolate_env(self.path)

    @property
    def url(self) -> str:
        """Where the zone is, for messages and metadata: never the credentials."""
        path = self.resolved_path().strip("/")
        where = f"{self.type}://{self.resolved_host()}:{self.resolved_port()}"
        return where if path in ("", ".") else f"{where}/{path}"


class FtpsSpec(_RemoteSpec):
    type: Literal["ftps"]
    implicit: bool = False
    ca_file: str | None = None
    tls_max: Literal["1.2", "1.3"] | None = None
    listing: Literal["auto", "mlsd", "nlst"] = "auto"

    def resolved_port(self) -> int:
        return self.port or (990 if self.implicit else 21)

    @model_validator(mode="after")
    def _password(self) -> FtpsSpec:
        if self.password_env is None:
            raise ValueError(
                "password_env: FTPS needs the name of the environment variable with the password"
            )
        return self


class SftpSpec(_RemoteSpec):
    type: Literal["sftp"]
    known_hosts: str | None = None
    host_key: str | None = None
    key_file: str | None = None
    key_env: EnvName | None = None
    key_passphrase_env: EnvName | None = None
    max_concurrent_requests: int = Field(64, ge=1, le=1024)
    # bytes per read request; OpenSSH serves up to 255 KiB, a server that serves less makes short
    # reads, which still arrive complete (paramiko reads the gaps), only slower
    request_size: int = Field(252 * 1024, ge=4096, le=1 << 20)

    def resolved_port(self) -> int:
        return self.port or 22

    @field_validator("host_key")
    @classmethod
    def _host_key(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) < 2:
            raise ValueError("host_key must look like 'ssh-ed25519 AAAAC3Nz...' (type and base64 key)")
        return value

    @model_validator(mode="after")
    def _auth(self) -> SftpSpec:
        if not (self.password_env or self.key_file or self.key_env):
            raise ValueError("give password_env, key_file or key_env: how to authenticate")
        if self.key_file and self.key_env:
            raise ValueError("give key_file or key_env, not both")
        return self


LandingSpec = Annotated[LocalLandingSpec | FtpsSpec | SftpSpec, Field(discriminator="type")]


class SourceSpec(_Strict):
    kind: Literal["contacts", "orders", "feed"]
    pattern: str
    columns: dict[str, Name | ColumnSpec]
    record_id: list[Name] = Field(min_length=1)
    required: list[Name] = []
    updated_at: Name | None = None
    delimiter: str = Field(",", min_length=1, max_length=1)
    encoding: Literal["auto", "utf-8", "utf-8-sig", "cp950"] = "auto"
    compression: Literal["auto", "none", "gzip", "zip"] = "auto"
    done_marker: str | None = None
    settle_seconds: int = Field(0, ge=0)
    max_quarantine_share: float = Field(0.05, ge=0, le=1)
    landing: LandingSpec | None = None

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        FilePattern(value)
        return value

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: dict[str, Any]) -> dict[str, ColumnSpec]:
        specs = {
            header.strip(): spec if isinstance(spec, ColumnSpec) else ColumnSpec(field=spec)
            for header, spec in value.items()
        }
        fields = [s.field for s in specs.values()]
        dupes = sorted({f for f in fields if fields.count(f) > 1})
        if dupes:
            raise ValueError(f"canonical field(s) {dupes} are mapped from more than one header")
        return specs

    @model_validator(mode="after")
    def _references(self) -> SourceSpec:
        fields = {c.field for c in self.columns.values()}
        for key in ("record_id", "required"):
            missing = [f for f in getattr(self, key) if f not in fields]
            if missing:
                raise ValueError(f"{key}: {missing} not among the mapped fields {sorted(fields)}")
        if self.updated_at and self.updated_at not in fields:
            raise ValueError(f"updated_at: {self.updated_at!r} is not a mapped field")
        if self.kind == "feed" and not FilePattern(self.pattern).has_segment:
            raise ValueError("pattern: a feed's pattern needs a {segment} placeholder")
        return self

    @property
    def file_pattern(self) -> FilePattern:
        return FilePattern(self.pattern)

    @property
    def fields(self) -> dict[str, ColumnSpec]:
        """Canonical field name -> its column spec (with the header as ``header``)."""
        return {spec.field: spec for spec in self.columns.values()}


class SourcesFile(_Strict):
    start_date: dt.date
    timezone: str = "UTC"
    landing: LandingSpec
    sources: dict[Name, SourceSpec] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    def landing_for(self, source: str) -> LandingSpec:
        return self.sources[source].landing or self.landing


# ----------------------------------------------------------------------------- identity.yaml


def _check_re2(pattern: str) -> str:
    # Blocklist patterns run inside DuckDB (RE2), so they are compiled there, not by Python's re.
    try:
        duckdb.connect().execute("SELECT regexp_matches('', ?)", [pattern]).fetchall()
    except duckdb.Error as exc:
        raise ValueError(f"pattern {pattern!r} is not a valid RE2 expression: {exc}") from exc
    return pattern


class Blocklist(_Strict):
    values: list[str] = []
    patterns: list[Annotated[str, Field(min_length=1)]] = []

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        return [_check_re2(p) for p in value]


class Cap(_Strict):
    records: int | None = Field(None, ge=2)
    # a record holds one value of each key, so a value of a single record never exceeds 1
    distinct: dict[Name, Annotated[int, Field(ge=1)]] = {}


class KeySpec(_Strict):
    name: Name
    field: Name
    normaliser: Literal["id", "email", "email_md5", "md5", "line_uid", "phone"]
    blocklist: Blocklist = Blocklist()
    cap: Cap = Cap()
    link: bool = True


class IdentityFile(_Strict):
    default_region: str = Field("TW", pattern=r"^[A-Z]{2}$")
    keys: list[KeySpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys(self) -> IdentityFile:
        names = [k.name for k in self.keys]
        for i, key in enumerate(self.keys):
            if names.count(key.name) > 1:
                raise ValueError(f"keys[{i}].name: {key.name!r} is declared twice")
            for other in key.cap.distinct:
                if other not in names[:i]:
                    raise ValueError(
                        f"keys[{i}].cap.distinct: {other!r} must be a key declared before {key.name!r}"
                    )
        return self

    def hashed_from(self, key: KeySpec) -> list[KeySpec]:
        """The email keys reading the field an email_md5 key hashes (none for any other key)."""
        if key.normaliser != "email_md5":
            return []
        return [k for k in self.keys if k.normaliser == "email" and k.field == key.field]

    def blocklist_of(self, key: KeySpec) -> Blocklist:
        """The blocklist a key's values are checked against. An email_md5 key hashes the e-mail its
        field holds, so the blocklists of the email keys reading the same field are its too (the md5
        of a blocklisted e-mail is the same junk identifier); they match the e-mail before hashing."""
        emails = self.hashed_from(key)
        if not emails:
            return key.blocklist
        lists = [key.blocklist] + [k.blocklist for k in emails]
        return Blocklist(
            values=list(dict.fromkeys(v for b in lists for v in b.values)),
            patterns=list(dict.fromkeys(p for b in lists for p in b.patterns)),
        )

    def hashed_copies(self) -> set[str]:
        """The email_md5 keys whose field an email key reads too: each of their values is the hash
        of a value that key already holds, and shares the fate (invalid, blocklisted) of it."""
        return {k.name for k in self.keys if self.hashed_from(k)}


# ----------------------------------------------------------------------------- profile.yaml


class AttributeSpec(_Strict):
    name: Name
    rule: Literal["most_recent", "earliest", "source_priority", "most_frequent", "max", "min", "merge"]
    field: Name | None = None
    key: Name | None = None
    sources: list[Name] = []
    type: FieldType = "text"
    value_map: Name | None = None

    @model_validator(mode="after")
    def _origin(self) -> AttributeSpec:
        if (self.field is None) == (self.key is None):
            raise ValueError("give exactly one of `field` or `key`")
        if self.rule == "source_priority" and not self.sources:
            raise ValueError("rule source_priority needs `sources` in priority order")
        if self.rule == "merge" and self.type != "text":
            raise ValueError("rule merge combines text; its type must be text")
        return self


class GroupSpec(_Strict):
    """Attributes that must come from one record together (e.g. the parts of an address)."""

    name: Name
    attributes: list[Name] = Field(min_length=2)
    rule: Literal["most_recent", "earliest", "source_priority"]
    sources: list[Name] = []

    @model_validator(mode="after")
    def _sources(self) -> GroupSpec:
        if self.rule == "source_priority" and not self.sources:
            raise ValueError("rule source_priority needs `sources` in priority order")
        return self


class TagsSpec(_Strict):
    field: Name
    separator: str = ","


class ProfileFile(_Strict):
    attributes: list[AttributeSpec] = Field(min_length=1)
    value_maps: dict[Name, dict[Name, dict[str, str | None]]] = {}
    groups: list[GroupSpec] = []
    tags: TagsSpec | None = None

    @model_validator(mode="after")
    def _names(self) -> ProfileFile:
        names = [a.name for a in self.attributes]
        for i, attr in enumerate(self.attributes):
            if names.count(attr.name) > 1 or attr.name == "profile_id":
                raise ValueError(f"attributes[{i}].name: {attr.name!r} is declared twice or reserved")
            if attr.value_map and attr.value_map not in self.value_maps:
                raise ValueError(f"attributes[{i}].value_map: no value map named {attr.value_map!r}")
        grouped: dict[str, str] = {}
        for i, group in enumerate(self.groups):
            for name in group.attributes:
                if name not in names:
                    raise ValueError(f"groups[{i}].attributes: no attribute named {name!r}")
                if name in grouped:
                    raise ValueError(
                        f"groups[{i}].attributes: {name!r} is already in group {grouped[name]!r}"
                    )
                grouped[name] = group.name
        return self


# ----------------------------------------------------------------------------- segments.yaml


class LifecycleSegment(_Strict):
    """One exclusive lifecycle segment; a profile lands in the first whose every condition holds."""

    name: Name
    min_paid_orders: int | None = Field(None, ge=1)
    min_revenue: float | None = Field(None, ge=0)
    max_days_since_order: int | None = Field(None, ge=1)
    active_within_days: int | None = Field(None, ge=1)
    in_segments: list[Name] = []
    contactable: list[Name] = []

    @property
    def is_catch_all(self) -> bool:
        return (
            self.min_paid_orders is None
            and self.min_revenue is None
            and self.max_days_since_order is None
            and self.active_within_days is None
            and not self.in_segments
            and not self.contactable
        )


class MemberStatus(_Strict):
    attribute: Name
    bound: Name = "bound_member"
    unbound: Name = "unbound_member"


class FeedSpec(_Strict):
    source: Name
    field: Name
    key: Name


class CustomSegment(_Strict):
    """A SQL predicate over one profile row `p` (its attributes, order facts, lifecycle and member
    status on the day) and the day's side tables; checked against the warehouse schema at load."""

    name: Name
    where: str = Field(min_length=1)
    description: str | None = None

    @field_validator("where")
    @classmethod
    def _one_expression(cls, value: str) -> str:
        if ";" in value:
            raise ValueError("a predicate is one SQL expression: no ';'")
        if re.search(r"--|/\*", value):
            raise ValueError("no SQL comments in a predicate (they could hide the rest of the query)")
        return value


class TriggerSpec(_Strict):
    """Profiles that moved between lifecycle segments from the previous day to this one."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: Name
    to: Name
    from_: list[Name] = Field([], alias="from")


class SegmentsFile(_Strict):
    order_window_days: int = Field(365, ge=1)
    paid_statuses: list[str] = Field(min_length=1)
    refund_statuses: list[str] = ["refunded"]
    engagement_attribute: Name | None = None
    lifecycle: list[LifecycleSegment] = Field(min_length=1)
    member_status: MemberStatus
    feeds: list[FeedSpec] = []
    custom: list[CustomSegment] = []
    triggers: list[TriggerSpec] = []

    @model_validator(mode="after")
    def _exhaustive(self) -> SegmentsFile:
        if not self.lifecycle[-1].is_catch_all:
            raise ValueError("lifecycle: the last segment must have no conditions (it catches the rest)")
        for i, seg in enumerate(self.lifecycle[:-1]):
            if seg.is_catch_all:
                raise ValueError(f"lifecycle[{i}]: only the last segment may have no conditions")
            if seg.active_within_days and not self.engagement_attribute:
                raise ValueError(
                    f"lifecycle[{i}].active_within_days: set engagement_attribute "
                    "(the timestamp attribute that says when a profile was last active)"
                )
        if set(self.paid_statuses) & set(self.refund_statuses):
            raise ValueError("refund_statuses: a status cannot be both paid and refunded")
        lifecycle = [s.name for s in self.lifecycle]
        names = lifecycle + [self.member_status.bound, self.member_status.unbound]
        for group, items in (("custom", self.custom), ("triggers", self.triggers)):
            for i, item in enumerate(items):
                if item.name in names:
                    raise ValueError(f"{group}[{i}].name: segment {item.name!r} is declared twice")
                names.append(item.name)
        for i, trigger in enumerate(self.triggers):
            for part, values in (("to", [trigger.to]), ("from", trigger.from_)):
                unknown = [v for v in values if v not in lifecycle]
                if unknown:
                    raise ValueError(f"triggers[{i}].{part}: {unknown} are not lifecycle segments")
            if trigger.to in trigger.from_:
                raise ValueError(f"triggers[{i}].from: {trigger.to!r} is also the target segment")
        return self

    @property
    def declared_names(self) -> set[str]:
        """Every segment name known before the feeds deliver (feed segments are named by files)."""
        return (
            {s.name for s in self.lifecycle}
            | {self.member_status.bound, self.member_status.unbound}
            | {c.name for c in self.custom}
            | {t.name for t in self.triggers}
        )


# ----------------------------------------------------------------------------- destinations.yaml


class LocalTargetSpec(_Strict):
    type: Literal["local"] = "local"
    path: str

    def resolved_path(self) -> Path:
        return Path(interpolate_env(self.path))


TargetSpec = Annotated[LocalTargetSpec | FtpsSpec | SftpSpec, Field(discriminator="type")]


ExportFact = Literal["profile_id", "segment", "lifecycle", "member_status", "change"]


class ExportColumn(_Strict):
    """One column of a destination's layout: a profile attribute, the destination's own id
    (`key`, the identity key named by the destination's `id_key`), a fact of the profile on the
    day (`profile_id`, `segment`, `lifecycle`, `member_status`, or `change` in a delta file), or a
    template with {segment} and {date:<format>}."""

    header: str = Field(min_length=1)
    attribute: Name | None = None
    key: Name | None = None
    fact: ExportFact | None = None
    template: str | None = None

    @model_validator(mode="after")
    def _one(self) -> ExportColumn:
        given = [x for x in (self.attribute, self.key, self.fact, self.template) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of `attribute`, `key`, `fact` or `template`")
        if self.template is not None:
            _check_template(self.template)
        return self


class ChangeValues(_Strict):
    joined: str = "joined"
    left: str = "left"


class BackstampSpec(_Strict):
    """Chosen profile attributes back to the destination, one row per destination id."""

    file_name: str
    columns: list[ExportColumn] = Field(min_length=1)

    @field_validator("file_name")
    @classmethod
    def _file_name(cls, value: str) -> str:
        if FilePattern(value).has_segment:
            raise ValueError("a backstamp file holds every profile: no {segment} placeholder")
        return value


class DestinationSpec(_Strict):
    target: TargetSpec
    done_marker: str | None = None
    segments: list[Name] = []
    file_name: str | None = None
    columns: list[ExportColumn] = []
    id_key: Name | None = None
    require_any: list[Name] = []
    mode: Literal["full", "delta"] = "full"
    change_values: ChangeValues = ChangeValues()
    keep_sent_days: int = Field(35, ge=1)
    backstamp: BackstampSpec | None = None
    delimiter: str = Field(",", min_length=1, max_length=1)
    encoding: Literal["utf-8", "utf-8-sig"] = "utf-8"
    quote_all: bool = False
    quote_header: bool | None = None
    compression: Literal["none", "gzip"] = "none"

    @field_validator("file_name")
    @classmethod
    def _file_name(cls, value: str | None) -> str | None:
        if value is not None and not FilePattern(value).has_segment:
            raise ValueError("the file name needs a {segment} placeholder")
        return value

    @model_validator(mode="after")
    def _layouts(self) -> DestinationSpec:
        if not self.segments and self.backstamp is None:
            raise ValueError("segments: give the segments to send, a backstamp, or both")
        if self.segments and (self.file_name is None or not self.columns):
            raise ValueError("segments: segment files need `file_name` and `columns`")
        names = [self.file_name] if self.segments else []
        layouts = [("columns", self.columns)] if self.segments else []
        if self.backstamp:
            names.append(self.backstamp.file_name)
            layouts.append(("backstamp.columns", self.backstamp.columns))
        for name in names:
            if (self.compression == "gzip") != name.endswith(".gz"):
                raise ValueError(f"compression: {name!r} must end in .gz exactly when compression is gzip")
        for where, columns in layouts:
            changes = [c for c in columns if c.fact == "change"]
            if self.mode == "delta" and len(changes) != 1:
                raise ValueError(f"{where}: a delta layout needs one column with fact: change")
            if self.mode == "full" and changes:
                raise ValueError(f"{where}: fact: change belongs to delta exports (mode: delta)")
            for col in columns:
                if col.key is not None and col.key != self.id_key:
                    raise ValueError(
                        f"{where}: key {col.key!r} can only be the destination's own id (id_key)"
                    )
            if where == "backstamp.columns" and any(c.fact == "segment" for c in columns):
                raise ValueError(f"{where}: a backstamp row is not about one segment (fact: segment)")
        if self.backstamp and self.id_key and not any(c.key for c in self.backstamp.columns):
            raise ValueError(f"backstamp.columns: include the destination's id (key: {self.id_key})")
        return self

    @property
    def header_quoted(self) -> bool:
        return self.quote_all if self.quote_header is None else self.quote_header


class DestinationsFile(_Strict):
    destinations: dict[Name, DestinationSpec] = {}


# ----------------------------------------------------------------------------- the whole project


# ----------------------------------------------------------------------------- quality.yaml


class SourceQuality(_Strict):
    max_invalid_share: float = Field(0.10, ge=0, le=1)
    max_blocklisted_share: float = Field(0.10, ge=0, le=1)
    max_duplicate_share: float = Field(0.0, ge=0, le=1)
    volume_drop_warn: float = Field(0.4, gt=0, le=1)
    volume_lookback: int = Field(7, ge=1, le=90)


class ProfileQuality(_Strict):
    contactability: dict[Name, float] = {}

    @field_validator("contactability")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in value.items() if not 0 <= v <= 1]
        if bad:
            raise ValueError(f"{bad}: a floor is a share between 0 and 1")
        return value


class SegmentQuality(_Strict):
    min_feed_match_rate: float = Field(0.5, ge=0, le=1)


class QualityFile(_Strict):
    sources: SourceQuality = SourceQuality()
    per_source: dict[Name, dict[str, Any]] = {}
    profiles: ProfileQuality = ProfileQuality()
    segments: SegmentQuality = SegmentQuality()
    data_docs: bool = True

    @model_validator(mode="after")
    def _overrides(self) -> QualityFile:
        for source, override in self.per_source.items():
            try:
                SourceQuality.model_validate({**self.sources.model_dump(), **override})
            except ValidationError as exc:
                err = exc.errors()[0]
                raise ValueError(
                    f"per_source.{source}.{'.'.join(map(str, err['loc']))}: {err['msg']}"
                ) from None
        return self

    def for_source(self, source: str) -> SourceQuality:
        return SourceQuality.model_validate({**self.sources.model_dump(), **self.per_source.get(source, {})})


class ProjectConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    directory: Path
    sources: SourcesFile
    identity: IdentityFile
    profile: ProfileFile
    segments: SegmentsFile
    destinations: DestinationsFile
    quality: QualityFile = QualityFile()

    @property
    def lifecycle_names(self) -> list[str]:
        return [s.name for s in self.segments.lifecycle]


_FILES: dict[str, type[_Strict]] = {
    "sources": SourcesFile,
    "identity": IdentityFile,
    "profile": ProfileFile,
    "segments": SegmentsFile,
    "destinations": DestinationsFile,
    "quality": QualityFile,
}
_OPTIONAL = {"quality"}  # defaults apply when the file is absent


def _format_validation(path: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p not in ("function-after",))
        msg = err["msg"].removeprefix("Value error, ")
        # model-level validators say "<key>: <problem>"; fold that key into the path
        sub = re.match(r"^([A-Za-z_][\w\[\]]*(?:\.[\w\[\]]+)*): (.*)$", msg, re.S)
        if sub:
            loc = f"{loc}.{sub.group(1)}" if loc else sub.group(1)
            msg = sub.group(2)
        lines.append(f"{path}: {loc or '(top level)'}: {msg}")
    return "\n".join(lines)


def load_config(directory: str | os.PathLike[str]) -> ProjectConfig:
    """Load and validate every config file; raise ConfigError naming file, key and problem."""
    directory = Path(directory)
    parsed: dict[str, Any] = {}
    for stem, model in _FILES.items():
        path = directory / f"{stem}.yaml"
        if not path.exists() and stem in _OPTIONAL:
            continue
        if not path.exists():
            raise ConfigError(f"{path}: file not found (CDH_CONFIG points at {directory})")
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: (top level): expected a mapping of keys")
        try:
            parsed[stem] = model.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(_format_validation(path, exc)) from None
    config = ProjectConfig(directory=directory, **parsed)
    _cross_check(config)
    return config


def _cross_check(cfg: ProjectConfig) -> None:
    """References between files: every name used must be declared where it belongs."""
    d = cfg.directory
    sources = cfg.sources.sources
    keys = {k.name: k for k in cfg.identity.keys}
    attributes = {a.name for a in cfg.profile.attributes}
    contact_fields = {f for s in sources.values() if s.kind != "feed" for f in s.fields}

    for i, key in enumerate(cfg.identity.keys):
        if key.field not in contact_fields:
            raise ConfigError(
                f"{d / 'identity.yaml'}: keys[{i}].field: {key.field!r} is not a field of any "
                f"contacts or orders source in sources.yaml"
            )
    for i, attr in enumerate(cfg.profile.attributes):
        where = f"{d / 'profile.yaml'}: attributes[{i}]"
        if attr.key and attr.key not in keys:
            raise ConfigError(f"{where}.key: {attr.key!r} is not a key in identity.yaml")
        if attr.field and attr.field != RECORD_UPDATED_AT and attr.field not in contact_fields:
            raise ConfigError(f"{where}.field: {attr.field!r} is not a field of any contacts source")
        for src in attr.sources:
            if src not in sources or sources[src].kind != "contacts":
                raise ConfigError(f"{where}.sources: {src!r} is not a contacts source in sources.yaml")
    for name, maps in cfg.profile.value_maps.items():
        for src in maps:
            if src not in sources:
                raise ConfigError(f"{d / 'profile.yaml'}: value_maps.{name}.{src}: unknown source")
    tags = cfg.profile.tags
    if tags and tags.field not in contact_fields:
        raise ConfigError(f"{d / 'profile.yaml'}: tags.field: {tags.field!r} is not a contacts field")

    seg_file = d / "segments.yaml"
    if cfg.segments.member_status.attribute not in attributes:
        raise ConfigError(f"{seg_file}: member_status.attribute: not a profile attribute")
    for i, seg in enumerate(cfg.segments.lifecycle):
        for attr in seg.contactable:
            if attr not in attributes:
                raise ConfigError(f"{seg_file}: lifecycle[{i}].contactable: {attr!r} is not an attribute")
    for i, feed in enumerate(cfg.segments.feeds):
        src = sources.get(feed.source)
        if src is None or src.kind != "feed":
            raise ConfigError(f"{seg_file}: feeds[{i}].source: {feed.source!r} is not a feed source")
        if feed.field not in src.fields:
            raise ConfigError(f"{seg_file}: feeds[{i}].field: {feed.field!r} is not a field of {feed.source}")
        if feed.key not in keys:
            raise ConfigError(f"{seg_file}: feeds[{i}].key: {feed.key!r} is not a key in identity.yaml")
    if not any(s.kind == "orders" for s in sources.values()):
        raise ConfigError(f"{d / 'sources.yaml'}: sources: declare at least one orders source")

    declared = cfg.segments.declared_names
    if cfg.segments.engagement_attribute:
        spec = next((a for a in cfg.profile.attributes if a.name == cfg.segments.engagement_attribute), None)
        if spec is None or spec.type != "timestamp":
            raise ConfigError(f"{seg_file}: engagement_attribute: not a timestamp profile attribute")
    for i, seg in enumerate(cfg.segments.lifecycle):
        taken = [s for s in seg.in_segments if s in declared]
        if taken:
            raise ConfigError(
                f"{seg_file}: lifecycle[{i}].in_segments: {taken} are not feed segments "
                "(lifecycle can depend on the day's feeds only)"
            )
        if seg.in_segments and not cfg.segments.feeds:
            raise ConfigError(f"{seg_file}: lifecycle[{i}].in_segments: no feeds are declared")
    for name, dest in cfg.destinations.destinations.items():
        where = f"{d / 'destinations.yaml'}: destinations.{name}"
        columns = [*dest.columns, *(dest.backstamp.columns if dest.backstamp else [])]
        for col in columns:
            if col.attribute and col.attribute not in attributes:
                raise ConfigError(f"{where}.columns: {col.attribute!r} is not a profile attribute")
        if dest.id_key and dest.id_key not in keys:
            raise ConfigError(f"{where}.id_key: {dest.id_key!r} is not a key in identity.yaml")
        for attr in dest.require_any:
            if attr not in attributes:
                raise ConfigError(f"{where}.require_any: {attr!r} is not a profile attribute")
        if not cfg.segments.feeds:
            unknown = [s for s in dest.segments if s not in declared]
            if unknown:
                raise ConfigError(f"{where}.segments: {unknown} are not declared segments")

    quality_file = d / "quality.yaml"
    for source in cfg.quality.per_source:
        if source not in sources:
            raise ConfigError(f"{quality_file}: per_source.{source}: not a source in sources.yaml")
    for attr in cfg.quality.profiles.contactability:
        if attr not in attributes:
            raise ConfigError(f"{quality_file}: profiles.contactability.{attr}: not a profile attribute")

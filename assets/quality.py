"""Data-quality suites: what great-expectations validates (inside DuckDB, resources/gx_duckdb.py)
for each stage, and how a suite's outcomes become Dagster asset-check results: passed or not, a
severity, and metadata a person can act on (observed value, threshold, unexpected count and
percent, a *masked* sample of failing values, a link to the GX Data Docs).

The checks are declared on the assets they protect (assets/ingest.py, identity.py, profile.py);
thresholds come from config/quality.yaml. Where GX cannot express a check or is far slower, the
check is SQL in sql/quality/ and says why in one line.
"""

import datetime as dt
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from resources.project_config import ProjectConfig
from resources.warehouse import fetch_all, quote_date, quote_ident, quote_literal, quote_pattern, sql_text

if TYPE_CHECKING:
    from resources.gx_duckdb import GxValidator, Outcome


def _gx():
    """resources.gx_duckdb, imported on first use: importing great-expectations takes ~10 s here,
    which only the steps that validate should pay (not Definitions loading, sensors or the CLI)."""
    from resources import gx_duckdb

    return gx_duckdb


# What a usable (normalised) key value looks like, per normaliser (RE2, anchored).
KEY_FORMATS = {
    "phone": (r"\+[1-9][0-9]{6,14}", "E.164 phone"),
    "email": (r"[^@\s]+@[^@\s]+\.[^@\s]+", "email address"),
    "email_md5": (r"[0-9a-f]{32}", "32-hex md5"),
    "md5": (r"[0-9a-f]{32}", "32-hex md5"),
    "line_uid": (r"U[0-9a-f]{32}", "LINE uid (U + 32 hex)"),
}


def mask(value: object) -> str:
    """A value as it may be shown in logs and the UI: enough to recognise, never the whole."""
    text = "" if value is None else str(value)
    if "@" in text:
        local, _, domain = text.partition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{local[:1]}***@{(host or tld)[:1]}***{dot}{tld if host else ''}"
    if len(text) <= 4:
        return "*" * len(text)
    keep = 3 if len(text) > 8 else 1
    return f"{text[:keep]}{'*' * (len(text) - keep - 2)}{text[-2:]}"


def _literal_sql(name: str, **parts: str) -> str:
    """A GX batch query from sql/quality/: GX takes literal SQL, so values arrive quoted."""
    text = "\n".join(line for line in sql_text(name).splitlines() if not line.lstrip().startswith("--"))
    return text.format(**parts).strip().rstrip(";")


def _format_expectation(column: str, normaliser: str, check: str, label: str, and_where: str = ""):
    """No value of `column` (among the rows `and_where` keeps) lacks the normaliser's format."""
    pattern, what = KEY_FORMATS[normaliser]
    query = _literal_sql(
        "quality/unexpected_format.sql",
        column=quote_ident(column),
        pattern=quote_pattern(pattern.replace("{", "{{").replace("}", "}}")),
    )
    return _gx().gxe.UnexpectedRowsExpectation(
        unexpected_rows_query=query + and_where,
        description=f"{label}: every value is a {what}",
        meta={"check": check, "label": f"{label} values not {what}", "threshold": 0},
    )


@dataclass
class CheckVerdict:
    name: str
    passed: bool
    metadata: dict


def _observed(o: "Outcome"):
    """What was measured: a count of unexpected rows, or the share of rows that met a `mostly`."""
    if isinstance(o.observed, int | float):
        return o.observed
    if "threshold" in o.meta and o.unexpected_percent is not None:
        share = 1 - float(o.unexpected_percent) / 100
        return round(share if o.meta.get("measures") == "share_met" else 1 - share, 4)
    return o.unexpected_count


def verdicts(outcomes: list["Outcome"]) -> dict[str, CheckVerdict]:
    """Group expectation outcomes by the check they belong to; a check passes when all do. The
    metadata names each expectation's observed value, threshold, unexpected count and percent;
    a failing check leads with `observed_value` and `threshold` of its first failing expectation."""
    out: dict[str, CheckVerdict] = {}
    for o in outcomes:
        v = out.setdefault(o.check, CheckVerdict(o.check, True, {}))
        observed = _observed(o)
        if not o.success and v.passed:
            v.metadata = {
                "failing": o.label,
                "observed_value": observed if observed is not None else "error",
                "threshold": o.meta.get("threshold", 0),
                **v.metadata,
            }
        v.passed &= o.success
        if o.error:
            v.metadata[f"{o.label}: error"] = o.error[:500]
        if observed is not None:
            v.metadata[f"{o.label}: observed"] = observed
        if "threshold" in o.meta:
            v.metadata[f"{o.label}: threshold"] = o.meta["threshold"]
        if o.unexpected_count is not None:
            v.metadata[f"{o.label}: unexpected count"] = o.unexpected_count
        if o.unexpected_percent is not None:
            v.metadata[f"{o.label}: unexpected %"] = round(float(o.unexpected_percent), 3)
    return out


def numbers(found: dict[str, CheckVerdict]) -> dict[str, float]:
    """The checks' numbers as materialization metadata, so the UI plots them per day."""
    return {
        f"{v.name} {k}": val
        for v in found.values()
        for k, val in v.metadata.items()
        if isinstance(val, int | float) and not isinstance(val, bool) and k.endswith(": observed")
    }


def check_result(
    verdict: CheckVerdict | None, name: str, severity: dg.AssetCheckSeverity, docs: Path | None, **extra
) -> dg.AssetCheckResult:
    if verdict is None:  # the suite produced nothing for this check: never a silent pass
        verdict = CheckVerdict(name, False, {"error": "no validation result"})
    metadata = {**verdict.metadata, **extra}
    if docs is not None:
        metadata["data_docs"] = dg.MetadataValue.path(str(docs))
    return dg.AssetCheckResult(check_name=name, passed=verdict.passed, severity=severity, metadata=metadata)


# ------------------------------------------------------------------------------ staged records


def staged_records_suite(cfg: ProjectConfig, source: str, day: dt.date) -> tuple[str, list]:
    """Per source and day, on raw.records: required fields present; record ids not repeated."""
    spec, q = cfg.sources.sources[source], cfg.quality.for_source(source)
    columns = "".join(f", fields[{quote_literal(f)}] AS {quote_ident(f)}" for f in spec.required)
    query = _literal_sql(
        "quality/staged_records.sql",
        required_columns=columns,
        source=quote_literal(source),
        day=quote_date(day),
    )
    expectations = [
        _gx().gxe.ExpectColumnValuesToNotBeNull(
            column=f,
            meta={
                "check": "required_present",
                "label": f"share with {f}",
                "threshold": 1.0,
                "measures": "share_met",
            },
        )
        for f in spec.required
    ]
    expectations.append(
        _gx().gxe.ExpectColumnValuesToBeUnique(
            column="record_id",
            mostly=1 - q.max_duplicate_share,
            meta={
                "check": "no_duplicate_records",
                "label": "duplicate share",
                "threshold": q.max_duplicate_share,
                "measures": "share_unmet",
            },
        )
    )
    return query, expectations


def staged_keys_suite(cfg: ProjectConfig, sources: list[str], day: dt.date) -> tuple[str, list]:
    """Per source and day, on the normalised key values: each usable value has its key's format;
    the shares of invalid and of blocklisted values stay under their thresholds. One GX batch for
    all sources of the day (expectations filter by source): one validation instead of one per
    source, which is most of GX's cost on small days. The shares count each delivered value once:
    not the md5 an email_md5 key makes of an e-mail an email key holds (with it, a record with a
    blocklisted e-mail and a usable phone had 2 of 3 values blocklisted instead of 1 of 2)."""
    query = _literal_sql("quality/staged_keys.sql", day=quote_date(day))
    normalisers = sorted({k.normaliser for k in cfg.identity.keys if k.normaliser in KEY_FORMATS})
    column = _gx().Column
    copies = sorted(cfg.identity.hashed_copies())
    expectations = []
    for source in sources:
        q, check = cfg.quality.for_source(source), f"keys_valid_{source}"
        expectations += [
            _format_expectation(
                "value",
                n,
                check,
                n,
                f" AND status = 'usable' AND normaliser = {quote_literal(n)}"
                f" AND source = {quote_literal(source)}",
            )
            for n in normalisers
        ]
        for status, threshold in (("invalid", q.max_invalid_share), ("blocklisted", q.max_blocklisted_share)):
            expectations.append(
                _gx().gxe.ExpectColumnValuesToNotBeInSet(
                    column="status",
                    value_set=[status],
                    mostly=1 - threshold,
                    row_condition=(column("source") == source) & column("key").is_not_in(copies)
                    if copies
                    else column("source") == source,
                    meta={
                        "check": check,
                        "label": f"{status} share",
                        "threshold": threshold,
                        "measures": "share_unmet",
                    },
                )
            )
    return query, expectations


# ------------------------------------------------------------------------------ profiles


def _profile_attributes(cfg: ProjectConfig) -> tuple[dict[str, str], dict[str, float]]:
    """Attributes holding a key value (-> its normaliser), and the contactability floors."""
    keys = {k.name: k for k in cfg.identity.keys}
    formatted = {a.name: keys[a.key].normaliser for a in cfg.profile.attributes if a.key in keys}
    return {a: n for a, n in formatted.items() if n in KEY_FORMATS}, cfg.quality.profiles.contactability


def stage_profile_contacts(con, cfg: ProjectConfig, day: dt.date) -> None:
    """quality.profile_contacts for `day`: the profile suite's batch."""
    formatted, floors = _profile_attributes(cfg)
    columns = "".join(
        f", max(v.value) FILTER (WHERE v.attribute = {quote_literal(a)}) AS {quote_ident(a)}"
        for a in sorted(set(formatted) | set(floors))
    )
    con.execute(
        sql_text("quality/create_profile_contacts.sql").format(attribute_columns=columns), {"day": day}
    )


def profile_suite(cfg: ProjectConfig) -> tuple[str, list]:
    """On quality.profile_contacts: key formats valid (blocking); contactability floors."""
    formatted, floors = _profile_attributes(cfg)
    expectations = [_format_expectation(a, n, "key_formats_valid", a) for a, n in sorted(formatted.items())]
    expectations += [
        _gx().gxe.ExpectColumnValuesToNotBeNull(
            column=a,
            mostly=floor,
            meta={
                "check": "contactability",
                "label": f"share with {a}",
                "threshold": floor,
                "measures": "share_met",
            },
        )
        for a, floor in sorted(floors.items())
    ]
    return _literal_sql("quality/profile_contacts.sql"), expectations


def masked_format_failures(con, cfg: ProjectConfig, day: dt.date) -> list[str]:
    """A masked sample of profile key values that fail their format (for the check's metadata)."""
    out = []
    for attribute, normaliser in _profile_attributes(cfg)[0].items():
        rows = fetch_all(
            con,
            "quality/profile_format_failures.sql",
            {"day": day, "attribute": attribute, "pattern": KEY_FORMATS[normaliser][0]},
        )
        out += [f"{attribute}: {mask(v)}" for (v,) in rows]
    return out


# ------------------------------------------------------------------------------ volume


def volume_verdict(
    rows: int, history: list[int], drop_warn: float
) -> tuple[bool, dg.AssetCheckSeverity, dict]:
    """Today's row count against the median of the previous loaded days: nothing at all fails
    (ERROR); a drop of more than `drop_warn` warns."""
    baseline = statistics.median(history) if history else None
    change = None if not baseline else round(rows / baseline - 1, 4)
    metadata = {
        "rows": rows,
        "baseline_median": baseline if baseline is not None else "no history",
        "change": change if change is not None else "n/a",
        "threshold_drop": drop_warn,
        "previous_days": len(history),
    }
    if rows == 0:
        return False, dg.AssetCheckSeverity.ERROR, metadata
    if change is not None and change < -drop_warn:
        return False, dg.AssetCheckSeverity.WARN, metadata
    return True, dg.AssetCheckSeverity.WARN, metadata


def previous_row_counts(instance: dg.DagsterInstance, key: dg.AssetKey, before: str, limit: int) -> list[int]:
    """`dagster/row_count` of the latest earlier materializations of single-day partitions."""
    records = instance.fetch_materializations(dg.AssetRecordsFilter(asset_key=key), limit=200).records
    seen: dict[str, int] = {}
    for r in records:
        m = r.asset_materialization
        if m is None or m.partition is None or m.partition >= before or m.partition in seen:
            continue
        count = m.metadata.get("dagster/row_count")
        if count is not None and m.metadata.get("days_in_run", dg.IntMetadataValue(1)).value == 1:
            seen[m.partition] = int(count.value)
    return [seen[p] for p in sorted(seen)[-limit:]]


def validator(warehouse: Path, cfg: ProjectConfig) -> "GxValidator":
    docs = warehouse.parent / "data_docs" if cfg.quality.data_docs else None
    return _gx().GxValidator(warehouse, docs)

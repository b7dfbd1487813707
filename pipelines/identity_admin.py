"""`cdh erase` and `cdh rebuild`.

Erasure: key values whose records must leave profiles, side tables and exports,
and stay out of later loads. Values are normalised as the identity step normalises them and stored
only as sha256(key:value) in identity.suppressions; the next identity step (always a full one after
a suppression is added) drops the matching records and purges them from the warehouse."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import duckdb

from assets.identity import parse_phone
from resources.project_config import ProjectConfig
from resources.warehouse import fetch_all, fetch_one, run_sql

_MD5 = re.compile(r"^[0-9a-f]{32}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ErasureError(ValueError):
    pass


def normalised_value(cfg: ProjectConfig, key: str, raw: str) -> str:
    """The value as the identity step stores it for `key` (config/identity.yaml)."""
    spec = next((k for k in cfg.identity.keys if k.name == key), None)
    if spec is None:
        names = ", ".join(k.name for k in cfg.identity.keys)
        raise ErasureError(f"unknown key {key!r} (config/identity.yaml keys: {names})")
    text = raw.strip()
    if spec.normaliser == "phone":
        value = parse_phone(text, cfg.identity.default_region)
        if value is None:
            raise ErasureError(f"{key}: not a valid phone number")
        return value
    if spec.normaliser in ("email", "md5"):
        text = text.lower()
    if spec.normaliser == "email_md5":
        text = text.lower()
        text = hashlib.md5(text.encode()).hexdigest() if _EMAIL.match(text) else text
    if spec.normaliser in ("email_md5", "md5") and not _MD5.match(text):
        raise ErasureError(f"{key}: expected an email address or a 32-hex md5")
    if spec.normaliser == "email" and not _EMAIL.match(text):
        raise ErasureError(f"{key}: not an email address")
    if not text:
        raise ErasureError(f"{key}: empty value")
    return text


def suppression_hash(key: str, value: str) -> str:
    return hashlib.sha256(f"{key}:{value}".encode()).hexdigest()


def add_suppressions(
    con: duckdb.DuckDBPyConnection, cfg: ProjectConfig, key: str, values: list[str], reason: str | None
) -> int:
    """Store the hashed values (an e-mail's md5 too); returns how many values of `key` were new.
    Raises ErasureError naming the problem (never the value) before anything is stored."""
    normalised = [normalised_value(cfg, key, v) for v in values]
    pairs = {(key, v) for v in normalised}
    spec = next(k for k in cfg.identity.keys if k.name == key)
    if spec.normaliser == "email":  # its md5 (the feeds' and exports' customer number) goes too
        for other in cfg.identity.keys:
            if other.normaliser == "email_md5" and other.field == spec.field:
                pairs |= {(other.name, hashlib.md5(v.encode()).hexdigest()) for v in normalised}
    added = 0
    now = dt.datetime.now(dt.UTC)
    for pair_key, value in sorted(pairs):
        row = run_sql(
            con,
            "identity/insert_suppression.sql",
            {
                "key": pair_key,
                "value_sha256": suppression_hash(pair_key, value),
                "reason": reason,
                "added_at": now,
            },
        ).fetchall()
        added += len(row) if pair_key == key else 0
    return added


def latest_identity_day(warehouse: Path) -> dt.date | None:
    if not Path(warehouse).exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            return fetch_one(con, "identity/latest_step.sql")[0]
        except duckdb.CatalogException:
            return None


def erased_on(warehouse: Path, day: dt.date) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return fetch_one(con, "identity/erased_on_day.sql", {"day": day})[0]


def rebuild_report(warehouse: Path, day: dt.date) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return fetch_all(con, "identity/rebuild_report.sql", {"day": day})

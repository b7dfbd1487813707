"""`cdh explain`: a profile's records, what linked them and what did not (identity.profile_explain)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import duckdb

from assets.quality import mask
from resources.warehouse import fetch_all, fetch_one


def explain_profile(
    warehouse: Path, profile_id: str, day: dt.date | None, show_pii: bool = False
) -> str | None:
    """The explanation as text, or None when the profile does not exist (on that day)."""
    show = (lambda v: v) if show_pii else mask
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (as_of,) = fetch_one(con, "identity/explain_day.sql", {"profile_id": profile_id, "day": day})
        if as_of is None:
            return None
        rows = fetch_all(con, "identity/explain_profile.sql", {"profile_id": profile_id, "day": as_of})
        records = fetch_all(con, "identity/explain_records.sql", {"profile_id": profile_id, "day": as_of})
        merges = fetch_all(con, "identity/explain_merges.sql", {"profile_id": profile_id, "day": as_of})
        splits = fetch_all(con, "identity/explain_splits.sql", {"profile_id": profile_id, "day": as_of})
    out = [f"profile {profile_id} as of {as_of}: {len(records)} record(s)"]
    out += [f"  {source:<15} {record_id:<36} first delivered {first}" for source, record_id, first in records]
    by_value: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for source, record_id, delivered_on, key, value, role in rows:
        by_value[(role, key, value)].append(f"{source}/{record_id} ({delivered_on})")
    sections = {
        "links": "linked by (values shared by its records):",
        "own": "values held by one record:",
    }
    for role, title in sections.items():
        entries = [(k, v, who) for (r, k, v), who in by_value.items() if r == role]
        if entries:
            out.append(title)
            out += [f"  {k:<10} {show(v):<34} {', '.join(who)}" for k, v, who in entries]
    unused = [(r, k, v, who) for (r, k, v), who in by_value.items() if r not in sections]
    if unused:
        out.append("values that linked nobody:")
        out += [f"  {k:<10} {show(v):<34} {r:<18} {', '.join(who)}" for r, k, v, who in unused]
    if merges:
        out.append("merged into this profile:")
        out += [f"  {merge_day}  {from_id} ({n} records)" for merge_day, from_id, n in merges]
    for split_day, new_id, from_id, n in splits:
        if new_id == profile_id:
            out.append(f"split off {from_id} on {split_day} ({n} records)")
        else:
            out.append(f"{new_id} split off this profile on {split_day} ({n} records)")
    return "\n".join(out)

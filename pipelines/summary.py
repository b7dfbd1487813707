"""The short, readable summary `cdh run` and `cdh demo` end with."""

import datetime as dt

from dagster_duckdb import DuckDBResource

from resources.warehouse import fetch_all


def run_summary(warehouse: str, first_day: dt.date, last_day: dt.date) -> str:
    window = {"first_day": first_day, "last_day": last_day}
    # the same connection settings as the run's steps: DuckDB refuses a second configuration
    # for a file already open in this process
    with DuckDBResource(database=warehouse).get_connection() as con:
        days = fetch_all(con, "summary/days.sql", window)
        failed = fetch_all(con, "summary/failed_files.sql", window)
        out = [
            "day         files  failed  records  quarantined  profiles  invalid keys  blocked/capped  merges",
        ]
        for day, files, bad, records, quarantined, profiles, invalid, blocked, merges in days:
            out.append(
                f"{day}  {files:5d}  {bad:6d}  {records:7d}  {quarantined:11d}  {profiles:8d}"
                f"  {invalid:12d}  {blocked:14d}  {merges:6d}"
            )
        if failed:
            out.append("\nfiles not loaded:")
            out += [f"  {day}  {error}" for day, _name, error in failed]
        for day, *_ in days:
            sizes = fetch_all(con, "summary/segment_sizes.sql", {"day": day})
            out.append(f"\n{day} segments: " + ", ".join(f"{s}={n}" for s, n in sizes))
            moves = fetch_all(con, "summary/moves.sql", {"day": day})
            if moves:
                out.append(f"{day} lifecycle moves: " + ", ".join(f"{f}→{t} {n}" for f, t, n in moves))
            files = fetch_all(con, "summary/deliveries.sql", {"day": day})
            out.append(f"{day} exported {len(files)} files:")
            out += [f"  {path} ({rows} rows)" for path, rows in files]
    return "\n".join(out)

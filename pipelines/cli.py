"""`cdh`: the command line. Runs go through Dagster in-process and are recorded in the Dagster
instance ($DAGSTER_HOME, default data/dagster_home), so `make dev` shows them in the UI."""

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import click
from tqdm import tqdm

PROJECT_DIR = Path(__file__).resolve().parent.parent


def ensure_dagster_home() -> Path:
    """Use $DAGSTER_HOME, or data/dagster_home with the project's shipped dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or Path("data/dagster_home").resolve())
    home.mkdir(parents=True, exist_ok=True)
    shipped = PROJECT_DIR / "dagster.yaml"
    if shipped.exists() and not (home / "dagster.yaml").exists():
        shutil.copyfile(shipped, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    return home


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def run_days(days: list[dt.date], quiet: bool = True, tags: dict[str, str] | None = None) -> list[str]:
    """Run the daily job once per day, in order. Returns the failures (empty when all passed)."""
    import dagster as dg

    from pipelines.definitions import DAILY_JOB, build_definitions
    from resources.settings import Settings

    ensure_dagster_home()
    defs = build_definitions(Settings.from_env())
    job = defs.resolve_job_def(DAILY_JOB)
    run_config = {"loggers": {"console": {"config": {"log_level": "WARNING" if quiet else "INFO"}}}}
    failures = []
    with dg.DagsterInstance.get() as instance:
        for day in tqdm(days, desc="daily_job", unit="day", disable=len(days) < 2):
            result = job.execute_in_process(
                partition_key=day.isoformat(),
                instance=instance,
                raise_on_error=False,
                run_config=run_config,
                tags=tags,
            )
            if result.success:
                tqdm.write(f"{day}: run {result.run_id[:8]} succeeded")
                continue
            for event in result.all_events:
                if event.is_step_failure:
                    error = event.event_specific_data.error
                    failures.append(
                        f"{day}: step {event.step_key} failed: "
                        f"{error.message.strip() if error else 'unknown error'}"
                    )
            if not failures:
                failures.append(f"{day}: run {result.run_id} failed")
            tqdm.write(failures[-1])
            break
    return failures


@click.group()
def main() -> None:
    """Customer Data Hub: ingest, reconcile, segment and export."""


@main.command()
@click.option("--days", default=7, show_default=True, help="Number of daily deliveries.")
@click.option("--persons", default=200, show_default=True, help="Number of people behind the records.")
@click.option("--seed", default=7, show_default=True, help="Random seed: same seed, same files.")
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day (default: the partitions' start_date in config/sources.yaml).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder to write to (default: the configured local landing folder).",
)
def sample(days: int, persons: int, seed: int, start, out: Path | None) -> None:
    """Write deterministic sample deliveries (and the hidden truth next to them)."""
    from pipelines.sample_data import generate
    from resources.project_config import load_config
    from resources.settings import Settings

    cfg = load_config(Settings.from_env().config_dir)
    out = out or cfg.sources.landing.resolved_path()
    first = start.date() if start else cfg.sources.start_date
    manifest = generate(out, days=days, persons=persons, seed=seed, start=first)
    (out.parent / "sample_truth.json").write_text(manifest.to_json(), encoding="utf-8")
    click.echo(f"wrote {len(manifest.files)} files for {days} days from {first} into {out}")


@main.command()
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]), help="Run one day.")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="First day of a range.")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Last day of a range.")
@click.option("--verbose", is_flag=True, help="Show Dagster's step logs.")
def run(date_, first, last, verbose: bool) -> None:
    """Run the daily job for one day or a range of days (one run per day, in order)."""
    if date_ and (first or last) or not date_ and not (first and last):
        raise click.UsageError("give --date D, or --from D1 --to D2")
    first_day = (date_ or first).date()
    last_day = (date_ or last).date()
    if last_day < first_day:
        raise click.UsageError("--to is before --from")
    failures = run_days(_days(first_day, last_day), quiet=not verbose)
    _print_summary(first_day, last_day)
    if failures:
        click.echo("\n".join(["", "FAILED:", *failures]), err=True)
        sys.exit(1)


@main.command()
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True)
def summary(first, last) -> None:
    """Print what the warehouse holds for a range of days."""
    _print_summary(first.date(), last.date())


def _print_summary(first: dt.date, last: dt.date) -> None:
    from pipelines.summary import run_summary
    from resources.settings import Settings

    click.echo("\n" + run_summary(str(Settings.from_env().warehouse), first, last))


@main.command()
@click.argument("profile_id")
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]), help="as of this day (default: latest)")
@click.option("--show-pii", is_flag=True, help="print key values unmasked (they are masked by default)")
def explain(profile_id: str, date_, show_pii: bool) -> None:
    """Why a profile is what it is: its records, the key values that linked them (with the source
    and day each was delivered), values of its records that linked nobody and why, and merges."""
    from pipelines.explain import explain_profile
    from resources.settings import Settings

    text = explain_profile(
        Settings.from_env().warehouse, profile_id, date_.date() if date_ else None, show_pii
    )
    if text is None:
        raise click.ClickException(f"no profile {profile_id!r}" + (f" on {date_:%Y-%m-%d}" if date_ else ""))
    click.echo(text)


def _latest_identity_day() -> dt.date:
    from pipelines.identity_admin import latest_identity_day
    from resources.settings import Settings

    day = latest_identity_day(Settings.from_env().warehouse)
    if day is None:
        raise click.ClickException("no day has been run yet: run `cdh run --date D` first")
    return day


@main.command()
@click.option(
    "--date", "date_", type=click.DateTime(["%Y-%m-%d"]), help="day to rebuild (default: latest run)"
)
def rebuild(date_) -> None:
    """Recompute identity from scratch for a day (e.g. after a blocklist change) and re-run that
    day's profile, segments and exports; prints what merged or split compared with before."""
    from assets.identity import REBUILD_TAG
    from pipelines.identity_admin import rebuild_report
    from resources.settings import Settings

    day = date_.date() if date_ else _latest_identity_day()
    failures = run_days([day], tags={REBUILD_TAG: "true"})
    if failures:
        click.echo("\n".join(["FAILED:", *failures]), err=True)
        sys.exit(1)
    changes = rebuild_report(Settings.from_env().warehouse, day)
    click.echo(
        f"rebuilt {day}: {sum(c[0] == 'merge' for c in changes)} merge(s), "
        f"{sum(c[0] == 'split' for c in changes)} split(s)"
    )
    for change, profile_id, other, records in changes:
        verb = "merged into" if change == "merge" else "split off"
        click.echo(f"  {profile_id} {verb} {other} ({records} record(s))")


@main.command()
@click.argument("key")
@click.argument("values", nargs=-1)
@click.option(
    "--file", "file_", type=click.File("r", encoding="utf-8"), help="values, one per line ('-' = stdin)"
)
@click.option("--reason", help="why (e.g. a request number); stored with the hashed values")
@click.option("--no-run", is_flag=True, help="only record the suppression; the next run applies it")
def erase(key: str, values: tuple[str, ...], file_, reason: str | None, no_run: bool) -> None:
    """Erase everyone carrying these KEY values (e.g. `cdh erase email --file requests.txt`):
    their records leave profiles, side tables and exports, and later loads of them are dropped.
    Values are stored only as hashes; the latest day is re-run so the erasure takes effect."""
    import duckdb

    from assets.warehouse_setup import prepare_warehouse
    from pipelines.identity_admin import ErasureError, add_suppressions
    from resources.project_config import load_config
    from resources.settings import Settings

    settings = Settings.from_env()
    items = list(values) + ([line.strip() for line in file_ if line.strip()] if file_ else [])
    if not items:
        raise click.UsageError("give the values as arguments or with --file")
    cfg = load_config(settings.config_dir)
    with duckdb.connect(str(settings.warehouse)) as con:
        prepare_warehouse(con, cfg)
        try:
            added = add_suppressions(con, cfg, key, items, reason)
        except ErasureError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{added} new suppressed {key} value(s) ({len(items) - added} already suppressed or repeated)")
    if no_run:
        return
    day = _latest_identity_day()
    failures = run_days([day])
    if failures:
        click.echo("\n".join(["FAILED:", *failures]), err=True)
        sys.exit(1)
    from pipelines.identity_admin import erased_on

    click.echo(f"re-ran {day}: {erased_on(settings.warehouse, day)} record(s) erased")


@main.command()
@click.option("--days", default=7, show_default=True)
@click.option("--persons", default=200, show_default=True)
def demo(days: int, persons: int) -> None:
    """Sample data for N days, the daily job for each day, a corrected re-delivery of day 2
    (re-run from day 2 on), then the summary."""
    from pipelines.sample_data import generate, write_correction
    from resources.project_config import load_config
    from resources.settings import Settings

    cfg = load_config(Settings.from_env().config_dir)
    landing = cfg.sources.landing.resolved_path()
    start = cfg.sources.start_date
    manifest = generate(landing, days=days, persons=persons, start=start)
    (landing.parent / "sample_truth.json").write_text(manifest.to_json(), encoding="utf-8")
    click.echo(f"sample: {len(manifest.files)} files for {days} days in {landing}")
    all_days = _days(start, start + dt.timedelta(days=days - 1))
    failures = run_days(all_days)
    if not failures and days > 1:
        day2 = all_days[1]
        write_correction(landing, day2, manifest)
        click.echo(f"re-delivered a corrected maac_contacts file for {day2}; re-running {day2} on")
        failures = run_days(all_days[1:])
    _print_summary(all_days[0], all_days[-1])
    if failures:
        click.echo("\n".join(["", "FAILED:", *failures]), err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()

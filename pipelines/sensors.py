"""Sensors on the landing zones. They only list (never download, never open the warehouse), keep
a small cursor, and key each request by the files' names, sizes and mtimes, so a corrected
re-delivery runs again and an unchanged one does not.

- ``landing_sensor`` launches the whole daily job for a day once every source's files are there
  and complete.
- ``<source>_arrivals``, one per source on a remote (FTPS/SFTP) landing zone, loads that source's
  day as soon as its files are complete, so a vendor's delivery is visible in the UI on arrival.

A file is complete when its done marker exists (sources with ``done_marker``) or, for sources
without markers, when it is older than the settle time and looked the same on two ticks in a row.
"""

import datetime as dt
import hashlib
import json
import time

import dagster as dg

from assets.ingest import day_files, incomplete_reason
from resources.landing import LandingFile, LandingZones
from resources.project_config import ProjectConfig

LOOKBACK_DAYS = 14  # vendors keep files about 14 days


def complete_files(
    cfg: ProjectConfig, source: str, listing: list[LandingFile], day: dt.date, now: float
) -> list[LandingFile] | None:
    """The source's files of `day` if there are some and each is complete, else None."""
    spec = cfg.sources.sources[source]
    files = [f for f, _ in day_files(listing, spec, day)]
    if not files or any(incomplete_reason(spec, listing, f, now) for f in files):
        return None
    return files


def fingerprint(files: list[LandingFile]) -> str:
    text = "\n".join(f"{f.name}:{f.size}:{f.mtime}" for f in sorted(files, key=lambda f: f.name))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _previous_looks(cursor: str | None) -> dict[str, str]:
    try:
        looks = json.loads(cursor or "{}")
    except ValueError:
        return {}
    return looks if isinstance(looks, dict) else {}


def _requests(
    cfg: ProjectConfig,
    sources: list[str],
    listings: dict[str, list[LandingFile]],
    keys: list[str],
    cursor: str | None,
    make_request,
) -> dg.SensorResult:
    before, now_looks, requests, now = _previous_looks(cursor), {}, [], time.time()
    for key in keys[-LOOKBACK_DAYS:]:
        day, files, unmarked = dt.date.fromisoformat(key), [], False
        for source in sources:
            found = complete_files(cfg, source, listings[source], day, now)
            if found is None:
                break
            files += found
            unmarked |= not cfg.sources.sources[source].done_marker
        else:
            fp = now_looks[key] = fingerprint(files)
            if not unmarked or before.get(key) == fp:  # unmarked files must look the same twice
                requests.append(make_request(key, fp))
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(now_looks, sort_keys=True))


def _list(landing: LandingZones, cfg: ProjectConfig, sources: list[str]) -> dict[str, list[LandingFile]]:
    listings, by_zone = {}, {}
    for source in sources:
        spec = cfg.sources.landing_for(source)
        zone_key = spec.model_dump_json()
        if zone_key not in by_zone:
            with landing.zone(spec) as zone:
                by_zone[zone_key] = zone.list_files()
        listings[source] = by_zone[zone_key]
    return listings


def build_landing_sensor(cfg: ProjectConfig, job, partitions: dg.DailyPartitionsDefinition):
    sources = list(cfg.sources.sources)

    @dg.sensor(
        name="landing_sensor",
        job=job,
        minimum_interval_seconds=300,
        description="Starts the daily job for a day once all its source files have landed and are complete.",
    )
    def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingZones):
        return _requests(
            cfg,
            sources,
            _list(landing, cfg, sources),
            partitions.get_partition_keys(),
            context.cursor,
            lambda key, fp: dg.RunRequest(partition_key=key, run_key=f"{key}:{fp}"),
        )

    return landing_sensor


def build_arrival_sensors(cfg: ProjectConfig, job, partitions: dg.DailyPartitionsDefinition):
    """One sensor per source whose landing zone is a remote server."""
    sensors = []
    for source in cfg.sources.sources:
        spec = cfg.sources.landing_for(source)
        if spec.type == "local":
            continue
        sensors.append(_arrival_sensor(cfg, job, partitions, source, spec.url))
    return sensors


def _arrival_sensor(cfg: ProjectConfig, job, partitions, source: str, where: str):
    asset = dg.AssetKey(["raw", source])

    @dg.sensor(
        name=f"{source}_arrivals",
        job=job,
        minimum_interval_seconds=300,
        description=f"Loads {source} from {where} as soon as a day's files are complete.",
    )
    def arrivals(context: dg.SensorEvaluationContext, landing: LandingZones):
        return _requests(
            cfg,
            [source],
            _list(landing, cfg, [source]),
            partitions.get_partition_keys(),
            context.cursor,
            lambda key, fp: dg.RunRequest(
                partition_key=key, run_key=f"{source}:{key}:{fp}", asset_selection=[asset]
            ),
        )

    return arrivals

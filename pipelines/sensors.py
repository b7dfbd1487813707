"""The landing sensor: launches a day's run once every source's files for that day are there and
complete. It only lists the landing zones (never opens the warehouse) and keys each request by
the files' names, sizes and mtimes, so a corrected re-delivery runs the day again."""

import datetime as dt
import hashlib

import dagster as dg

from assets.ingest import day_files
from resources.landing import LandingFile, LandingZones
from resources.project_config import ProjectConfig

LOOKBACK_DAYS = 14  # vendors keep files about 14 days


def complete_day_files(
    cfg: ProjectConfig, listings: dict[str, list[LandingFile]], day: dt.date
) -> list[LandingFile] | None:
    """All files of `day` if every source delivered and each file is complete, else None."""
    found: list[LandingFile] = []
    for source, spec in cfg.sources.sources.items():
        listing = listings[source]
        names = {f.name for f in listing}
        files = [f for f, _ in day_files(listing, spec, day)]
        if not files:
            return None
        if spec.done_marker and any(f"{f.name}{spec.done_marker}" not in names for f in files):
            return None
        found.extend(files)
    return found


def build_landing_sensor(cfg: ProjectConfig, job, partitions: dg.DailyPartitionsDefinition):
    @dg.sensor(
        name="landing_sensor",
        job=job,
        minimum_interval_seconds=300,
        description="Starts the daily job for a day once all its source files have landed.",
    )
    def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingZones):
        listings, by_zone = {}, {}
        for source in cfg.sources.sources:
            spec = cfg.sources.landing_for(source)
            zone_key = spec.model_dump_json()
            if zone_key not in by_zone:
                by_zone[zone_key] = landing.zone(spec).list_files()
            listings[source] = by_zone[zone_key]
        keys = partitions.get_partition_keys()
        requests = []
        for key in keys[-LOOKBACK_DAYS:]:
            files = complete_day_files(cfg, listings, dt.date.fromisoformat(key))
            if files is None:
                continue
            fingerprint = hashlib.sha1(
                "\n".join(
                    f"{f.name}:{f.size}:{f.mtime}" for f in sorted(files, key=lambda f: f.name)
                ).encode()
            ).hexdigest()[:16]
            requests.append(dg.RunRequest(partition_key=key, run_key=f"{key}:{fingerprint}"))
        newest = requests[-1].partition_key if requests else context.cursor
        return dg.SensorResult(run_requests=requests, cursor=newest)

    return landing_sensor

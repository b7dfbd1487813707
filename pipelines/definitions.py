"""The composition root: the only Definitions of the project.

`dagster dev -w workspace.yaml` loads `defs`; tests call `build_definitions` with their own
settings (a tmp warehouse, a tmp config directory)."""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.export import build_export_asset
from assets.identity import build_identity_asset
from assets.ingest import build_ingest_assets
from assets.partitions import daily_partitions
from assets.profile import build_profile_asset
from assets.segments import build_segments_asset
from pipelines.sensors import build_arrival_sensors, build_landing_sensor
from resources.export_targets import ExportTargets
from resources.landing import LandingZones
from resources.project_config import load_config
from resources.settings import Settings

DAILY_JOB = "daily_job"


def build_definitions(settings: Settings) -> dg.Definitions:
    cfg = load_config(settings.config_dir)
    partitions = daily_partitions(cfg.sources.start_date, cfg.sources.timezone)
    ingest = build_ingest_assets(cfg, partitions)
    kinds = {name: spec.kind for name, spec in cfg.sources.sources.items()}
    identity_inputs = [a.key for a, name in zip(ingest, kinds, strict=True) if kinds[name] != "feed"]
    feed_inputs = [a.key for a, name in zip(ingest, kinds, strict=True) if kinds[name] == "feed"]
    assets = [
        *ingest,
        build_identity_asset(cfg, partitions, deps=identity_inputs),
        build_profile_asset(cfg, partitions),
        build_segments_asset(cfg, partitions, deps=feed_inputs),
        build_export_asset(cfg, partitions),
    ]
    daily_job = dg.define_asset_job(
        DAILY_JOB,
        selection=dg.AssetSelection.all(),
        description="Ingest the day's deliveries, resolve profiles, compute segments, export them.",
        # Every step writes the one DuckDB file (pool `duckdb`, limit 1), so steps never run in
        # parallel anyway; one process per run pays the imports (great-expectations: ~10 s) once
        # instead of once per step.
        executor_def=dg.in_process_executor,
    )
    return dg.Definitions(
        assets=assets,
        jobs=[daily_job],
        schedules=[dg.build_schedule_from_partitioned_job(daily_job, hour_of_day=7)],
        sensors=[
            build_landing_sensor(cfg, daily_job, partitions),
            *build_arrival_sensors(cfg, daily_job, partitions),
        ],
        resources={
            "warehouse": DuckDBResource(
                database=str(settings.warehouse), connection_config=settings.duckdb_config
            ),
            "landing": LandingZones(archive_dir=str(settings.archive_dir)),
            "export_targets": ExportTargets(),
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())

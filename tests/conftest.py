"""Shared fixtures: a project in a tmp folder (config copy, landing, outbox, warehouse) and a
three-day sample run through the real Definitions on a real DuckDB file."""

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import DAILY_JOB, build_definitions
from pipelines.sample_data import SampleManifest, generate
from resources.settings import Settings

REPO = Path(__file__).resolve().parent.parent
START = dt.date(2026, 11, 1)


@dataclass
class Project:
    root: Path
    settings: Settings

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    def definitions(self) -> dg.Definitions:
        return build_definitions(self.settings)

    def run_day(self, day: dt.date, instance: dg.DagsterInstance | None = None, **kwargs):
        job = self.definitions().resolve_job_def(DAILY_JOB)
        with dg.instance_for_test() if instance is None else _nullcontext(instance) as inst:
            return job.execute_in_process(partition_key=day.isoformat(), instance=inst, **kwargs)

    def run_days(self, days: list[dt.date]) -> None:
        with dg.instance_for_test() as instance:
            for day in days:
                assert self.run_day(day, instance).success, f"run for {day} failed"

    def sql(self, query: str, params=None) -> list[tuple]:
        with duckdb.connect(str(self.settings.warehouse)) as con:
            return con.execute(query, params or []).fetchall()

    def sql_dicts(self, query: str, params=None) -> list[dict]:
        with duckdb.connect(str(self.settings.warehouse)) as con:
            result = con.execute(query, params or [])
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


class _nullcontext:
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self.value

    def __exit__(self, *exc):
        return False


def make_project(root: Path, config_dir: Path | None = None) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    cfg = root / "config"
    shutil.copytree(config_dir or REPO / "config", cfg)
    return Project(root, Settings(config_dir=cfg, warehouse=root / "warehouse.duckdb"))


@pytest.fixture(autouse=True, scope="session")
def _quiet_env():
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    monkeypatch.setenv("CDH_LANDING", str(tmp_path / "landing"))
    monkeypatch.setenv("CDH_OUTBOX", str(tmp_path / "outbox"))
    return make_project(tmp_path)


@dataclass
class SampleRun:
    project: Project
    manifest: SampleManifest
    days: list[dt.date]


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> SampleRun:
    """Three sample days (60 people) run through the daily job, one run per day."""
    root = tmp_path_factory.mktemp("sample_run")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CDH_LANDING", str(root / "landing"))
        mp.setenv("CDH_OUTBOX", str(root / "outbox"))
        project = make_project(root)
        manifest = generate(project.landing, days=3, persons=60, seed=11, start=START)
        days = [START + dt.timedelta(days=i) for i in range(3)]
        project.run_days(days)
        yield SampleRun(project, manifest, days)


def profile_id(number: int) -> str:
    """The id of profile number `number`, spelt as the identity step spells ids."""
    return f"p_{number:016x}"


def seed_identity(con, day, mapping: list[tuple[str, str, str]]) -> None:
    """Processed identity and profile steps for `day` mapping (source, record_id, profile_id: 'p_'
    and 16 hex digits), for tests that craft downstream data (profile.attribute_values_history rows
    valid from `day`)."""
    con.execute("INSERT INTO identity.steps VALUES (?, NULL, 'full', 'test', 0, 0, 0, 0, now())", [day])
    con.execute("INSERT INTO profile.steps VALUES (?, NULL, 'full', 'test', 0, 0, now())", [day])
    for source, record_id, profile_id in mapping:
        con.execute(  # numbered as a load numbers a new record
            "INSERT INTO raw.record_numbers SELECT $1, $2, (SELECT coalesce(max(record_no), 0) + 1 "
            "FROM raw.record_numbers) "
            "WHERE ($1, $2) NOT IN (SELECT source, record_id FROM raw.record_numbers)",
            [source, record_id],
        )
        con.execute(
            "INSERT INTO identity.record_profiles_history (source, kind, profile_no, "
            "first_seen_day, valid_from, valid_to, record_no) SELECT $1, 'contacts', "
            "identity.profile_number($3), $4, $4, NULL, record_no FROM raw.record_numbers "
            "WHERE source = $1 AND record_id = $2",
            [source, record_id, profile_id, day],
        )


@pytest.fixture
def graph(project):
    """Hand-built deliveries ingested for real and resolved by the identity engine."""
    from tests.deliveries import Graph

    return Graph(project)

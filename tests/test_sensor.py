"""The landing sensor requests a day's run once every source delivered and each file is complete,
and requests it again when a file is re-delivered with other content."""

import datetime as dt
import json

import dagster as dg

from pipelines.sample_data import generate
from resources.landing import LandingZones


def evaluate(project, cursor=None, name="landing_sensor"):
    defs = project.definitions()
    sensor = defs.resolve_sensor_def(name)
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(
            instance=instance,
            cursor=cursor,
            definitions=defs,
            resources={"landing": LandingZones(archive_dir=str(project.root / "archive"))},
        )
        result = sensor.evaluate_tick(context)
    return result


def test_sensor_requests_complete_days_only(project):
    assert evaluate(project).run_requests == []  # nothing landed yet

    # two recent days, so they are inside the sensor's look-back whatever today is
    start = dt.date.today() - dt.timedelta(days=3)
    generate(project.landing, days=2, persons=20, start=start)
    # sources without done markers must look the same on two ticks before a day starts
    first_look = evaluate(project)
    assert first_look.run_requests == []
    first = evaluate(project, first_look.cursor)
    keys = [r.partition_key for r in first.run_requests]
    assert keys == [start.isoformat(), (start + dt.timedelta(days=1)).isoformat()]
    assert all(r.run_key.startswith(r.partition_key + ":") for r in first.run_requests)
    assert sorted(json.loads(first.cursor)) == keys  # the cursor: one fingerprint per landed day

    # a feed without its .done marker is still being uploaded: that day waits
    day2 = start + dt.timedelta(days=1)
    (project.landing / f"segment_positive_sentiment_{day2:%Y%m%d}.csv.gz.done").unlink()
    assert [r.partition_key for r in evaluate(project, first.cursor).run_requests] == [start.isoformat()]

    # a corrected re-delivery of day 1 gets a new run key, once it has stopped changing
    path = project.landing / f"maac_contacts_{start:%Y%m%d}.csv"
    path.write_bytes(path.read_bytes() + b"U" + b"a" * 32 + b",,x,,,,,,2026-11-01T00:00:00+08:00\n")
    changing = evaluate(project, first.cursor)
    assert changing.run_requests == []
    again = evaluate(project, changing.cursor)
    assert again.run_requests[0].partition_key == start.isoformat()
    assert again.run_requests[0].run_key != first.run_requests[0].run_key


def test_missing_source_keeps_the_day_waiting(project):
    start = dt.date.today() - dt.timedelta(days=2)
    generate(project.landing, days=1, persons=10, start=start)
    (project.landing / f"orders_{start:%Y%m%d}.csv.gz").unlink()
    looked = evaluate(project)
    assert evaluate(project, looked.cursor).run_requests == []

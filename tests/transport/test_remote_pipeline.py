"""The daily job reading its landing zone over FTPS and SFTP, and delivering its exports there:
the same results as from a local folder, exactly once, even when connections drop."""

import datetime as dt
import os
import time

import dagster as dg
import duckdb

from assets.ingest import ingest_source_day
from pipelines.sample_data import generate
from resources.landing import LandingZones
from resources.project_config import load_config
from resources.warehouse import ensure_schema
from tests.conftest import make_project
from tests.test_daily_pipeline import SOURCES, table_fingerprint
from tests.test_sensor import evaluate
from tests.transport.conftest import ftps_spec, set_landing, set_targets, sftp_spec

DAY = dt.date(2026, 11, 2)


def test_a_day_over_ftps_and_sftp_equals_the_same_day_from_a_local_folder(
    ftps, sftp, server_root, tmp_path, monkeypatch
):
    monkeypatch.setenv("CDH_OUTBOX", str(tmp_path / "local_outbox"))
    manifest = generate(server_root, days=2, persons=40, seed=5)
    for server, name in ((ftps, "maac_contacts_20261102.csv"), (sftp, "crm_contact_20261102.csv.gz")):
        server.log.drop_after[name] = 300  # each server cuts the connection once, mid-file

    local, over_ftps, over_sftp = (make_project(tmp_path / n) for n in ("local", "ftps", "sftp"))
    set_landing(local, {"type": "local", "path": str(server_root)})
    set_landing(over_ftps, ftps_spec(ftps))
    set_landing(over_sftp, sftp_spec(sftp))
    (server_root / "exports_ftps").mkdir()
    (server_root / "exports_sftp").mkdir()
    set_targets(over_ftps, ftps_spec(ftps, path="exports_ftps"), done_marker=".done")
    set_targets(over_sftp, sftp_spec(sftp, path="exports_sftp"), done_marker=".done")

    for project in (local, over_ftps, over_sftp):
        assert project.run_day(DAY).success

    assert ftps.log.dropped == ["maac_contacts_20261102.csv"]
    assert sftp.log.dropped == ["crm_contact_20261102.csv.gz"]
    # the same rows, loaded once: per source as many as the generator wrote
    for project in (over_ftps, over_sftp):
        for table in ("raw.records", "ops.quarantine", "cdh.profiles", "cdh.segment_members"):
            assert table_fingerprint(project, table) == table_fingerprint(local, table), table
        loaded = dict(project.sql("SELECT source, count(*) FROM raw.records GROUP BY ALL"))
        for source in SOURCES:
            assert loaded.get(source, 0) == manifest.rows_for(source, DAY.isoformat()), source

    # exports arrive under their final names with identical bytes, markers after data, and each
    # destination's manifest after all of its files
    outbox = tmp_path / "local_outbox"
    per_destination = {d.name: {p.name for p in d.iterdir()} for d in outbox.iterdir()}
    local_files = {p.name: p.read_bytes() for p in outbox.rglob("*") if p.is_file()}
    destinations = load_config(local.settings.config_dir).destinations.destinations
    assert set(per_destination) == {"maac_import", "email_tool", "crm", "analytics"}
    assert len(local_files) == sum(len(d.segments) + bool(d.backstamp) + 1 for d in destinations.values())
    for server, folder in ((ftps, "exports_ftps"), (sftp, "exports_sftp")):
        remote = {p.name: p.read_bytes() for p in (server_root / folder).iterdir()}
        assert {n: b for n, b in remote.items() if not n.endswith(".done")} == local_files
        data_files = [n for n in local_files if not n.startswith("manifest_")]
        assert {n for n in remote if n.endswith(".done")} == {f"{n}.done" for n in data_files}
        written = server.log.written
        assert all(n.startswith(".") and n.endswith(".part") for n in written)  # never a final name
        assert written[-1].startswith(".manifest_")
        for names in per_destination.values():
            [manifest] = [n for n in names if n.startswith("manifest_")]
            at = written.index(f".{manifest}.part")
            assert {f".{n}.part" for n in names if n != manifest} <= set(written[:at]), manifest


def ingest(project, source: str, day: dt.date = DAY):
    cfg = load_config(project.settings.config_dir)
    landing = LandingZones(archive_dir=str(project.root / "archive"))
    with duckdb.connect(str(project.settings.warehouse)) as con:
        ensure_schema(con)
        report = ingest_source_day(con, landing, cfg, source, day)
        rows = con.execute(
            "SELECT count(*), max(loaded_at) FROM raw.records WHERE source = ? AND day = ?", [source, day]
        ).fetchone()
    return report, rows


def test_incomplete_deliveries_wait(sftp, server_root, tmp_path):
    generate(server_root, days=2, persons=20, seed=3)
    project = make_project(tmp_path / "p")
    set_landing(project, sftp_spec(sftp))
    # a feed without its .done marker is still being written
    for marker in server_root.glob("segment_*_20261102.csv.gz.done"):
        marker.unlink()
    report, (rows, _) = ingest(project, "web_segments")
    assert report.files and {f.status for f in report.files} == {"waiting"}
    assert all(".done marker" in f.detail for f in report.files) and rows == 0

    # a source without markers waits until its file has settled
    set_landing(project, sftp_spec(sftp), settle_seconds=3600)
    report, (rows, _) = ingest(project, "maac_contacts")
    assert [f.status for f in report.files] == ["waiting"] and "settle time" in report.files[0].detail
    assert rows == 0 and sftp.log.downloads == []  # not even downloaded
    two_hours_ago = time.time() - 7200
    path = server_root / "maac_contacts_20261102.csv"
    os.utime(path, (two_hours_ago, two_hours_ago))
    # ... but a file that grows while we read it is left for the next run (the second look)
    sftp.log.grow_on_read["maac_contacts_20261102.csv"] = b"U" + b"f" * 32 + b",,,,,,,,\n"
    report, (rows, _) = ingest(project, "maac_contacts")
    assert [f.status for f in report.files] == ["waiting"] and "changed while" in report.files[0].detail
    assert rows == 0 and sftp.log.downloads == ["maac_contacts_20261102.csv"]
    os.utime(path, (two_hours_ago, two_hours_ago))  # the upload finished long ago
    report, (rows, _) = ingest(project, "maac_contacts")
    assert [f.status for f in report.files] == ["loaded"] and rows > 0


def test_identical_redelivery_is_a_no_op_and_a_changed_file_reloads(ftps, server_root, tmp_path):
    generate(server_root, days=2, persons=20, seed=3)
    project = make_project(tmp_path / "p")
    set_landing(project, ftps_spec(ftps))
    path = server_root / "caac_contacts_20261102.csv"
    os.utime(path, (time.time() - 7200, time.time() - 7200))
    report, (rows, loaded_at) = ingest(project, "caac_contacts")
    assert [f.status for f in report.files] == ["loaded"] and rows > 0
    assert ftps.log.downloads == ["caac_contacts_20261102.csv"]

    report, again = ingest(project, "caac_contacts")  # the same listing: not even downloaded
    assert [f.status for f in report.files] == ["unchanged"] and again == (rows, loaded_at)
    assert len(ftps.log.downloads) == 1

    os.utime(path, (time.time() - 60, time.time() - 60))  # re-delivered: new mtime, same bytes
    report, again = ingest(project, "caac_contacts")
    assert [f.status for f in report.files] == ["unchanged"] and again == (rows, loaded_at)
    assert len(ftps.log.downloads) == 2
    ingest(project, "caac_contacts")  # its new mtime is remembered
    assert len(ftps.log.downloads) == 2

    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8-sig")  # a correction: one row fewer
    report, (fewer, _) = ingest(project, "caac_contacts")
    assert [f.status for f in report.files] == ["loaded"] and fewer == rows - 1


def test_one_arrival_sensor_per_remote_source_only_lists(sftp, server_root, tmp_path):
    project = make_project(tmp_path / "p")
    set_landing(project, sftp_spec(sftp))
    defs = project.definitions()
    names = {s.name for s in defs.sensors}
    assert names == {"landing_sensor"} | {f"{s}_arrivals" for s in SOURCES}

    start = dt.date.today() - dt.timedelta(days=3)
    generate(server_root, days=1, persons=10, start=start)

    def tick(name, cursor=None):
        return evaluate(project, cursor, name)

    # a feed with done markers starts at once; the partition is the date in the file names
    [feed] = tick("web_segments_arrivals").run_requests
    assert feed.partition_key == start.isoformat()
    assert feed.asset_selection == [dg.AssetKey(["raw", "web_segments"])]
    # a source without markers needs two identical looks
    first = tick("maac_contacts_arrivals")
    assert first.run_requests == []
    [maac] = tick("maac_contacts_arrivals", first.cursor).run_requests
    assert maac.asset_selection == [dg.AssetKey(["raw", "maac_contacts"])]
    assert maac.run_key.startswith(f"maac_contacts:{start.isoformat()}:")
    # listing only: nothing downloaded, no warehouse opened
    assert sftp.log.downloads == [] and not project.settings.warehouse.exists()

    # the requested run loads exactly that source's day
    job = defs.resolve_job_def("daily_job")
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            partition_key=maac.partition_key, asset_selection=maac.asset_selection, instance=instance
        )
    assert result.success
    assert project.sql("SELECT DISTINCT source FROM raw.records") == [("maac_contacts",)]

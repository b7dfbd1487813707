"""The data team's morning routine in a real browser: the Dagster UI (dagster-webserver on
127.0.0.1) shows the profile asset's checks, their pass/fail status and the failing check's
observed value. Headless Debian Chromium driven by Playwright; a screenshot is kept in
test-artifacts/."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
import yaml
from playwright.sync_api import sync_playwright

from pipelines.definitions import DAILY_JOB
from pipelines.sample_data import generate
from tests.conftest import REPO, START, make_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [  # no background traffic: this machine's network is closed anyway
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_with_a_failing_check(tmp_path, monkeypatch):
    """A warehouse and Dagster home where the daily job ran once, with the contactability floor
    for email raised so that check fails (WARN)."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "CDH_LANDING": str(tmp_path / "landing"),
        "CDH_OUTBOX": str(tmp_path / "outbox"),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    project = make_project(tmp_path / "project")
    quality = project.settings.config_dir / "quality.yaml"
    data = yaml.safe_load(quality.read_text())
    data["profiles"]["contactability"]["email"] = 0.99
    quality.write_text(yaml.safe_dump(data))
    generate(tmp_path / "landing", days=1, persons=40, seed=11)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = (
            project.definitions()
            .resolve_job_def(DAILY_JOB)
            .execute_in_process(partition_key=START.isoformat(), instance=instance)
        )
    assert result.success
    [contact] = [e for e in result.get_asset_check_evaluations() if e.check_name == "contactability"]
    assert not contact.passed
    env |= {"CDH_CONFIG": str(project.settings.config_dir), "CDH_WAREHOUSE": str(project.settings.warehouse)}
    return env, contact.metadata["observed_value"].value


@pytest.fixture
def webserver(demo_with_a_failing_check):
    env, observed = demo_with_a_failing_check
    port = free_port()
    log = open(Path(env["DAGSTER_HOME"]) / "webserver.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dagster_webserver",
            "-w",
            "workspace.yaml",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:  # wait until it answers (it loads the code location first)
        try:
            urllib.request.urlopen(f"{base}/server_info", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError(
                    "dagster-webserver did not start:\n"
                    + (Path(env["DAGSTER_HOME"]) / "webserver.log").read_text()
                ) from None
            time.sleep(0.5)
    yield base, observed
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(30)
    log.close()


def test_profile_checks_with_status_and_observed_value_in_the_ui(webserver):
    base, observed = webserver
    assert Path(CHROMIUM).exists(), (
        "Debian's chromium is needed (.ci/run installs it: apt-get install chromium)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
        # only the local webserver: the page also asks for an external telemetry script
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        # the first-visit community popup stays dismissed (Dagster keeps that in localStorage)
        context.add_init_script("localStorage.setItem('communityNux', JSON.stringify('1'))")
        page = context.new_page()
        page.goto(f"{base}/assets/profile/profiles?view=checks", wait_until="networkidle")
        checks = page.get_by_text("Checks (5)")
        checks.wait_for(timeout=60_000)
        listing = page.inner_text("body")
        for name in ("profile_id_unique", "attributes_n_to_1", "key_formats_valid", "contactability"):
            assert name in listing
        rows = {
            # the nearest element around the name that shows a status: the check's row
            name: page.get_by_text(name, exact=True)
            .first.locator("xpath=ancestor::*[contains(., 'Succeeded') or contains(., 'Failed')][1]")
            .inner_text()
            for name in ("contactability", "key_formats_valid", "profile_id_unique")
        }
        assert "Failed" in rows["contactability"] and "Succeeded" not in rows["contactability"]
        for name in ("key_formats_valid", "profile_id_unique"):
            assert "Succeeded" in rows[name] and "Failed" not in rows[name]

        page.get_by_text("contactability", exact=True).first.click()
        page.get_by_text("observed_value", exact=True).first.wait_for(timeout=30_000)
        detail = page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "dagster_ui_profile_checks.png"), full_page=True)

        # the segment asset's latest materialization: the passage matrix and one number per move
        page.goto(f"{base}/assets/segment/segment_members", wait_until="networkidle")
        page.get_by_text("moved_new_to_prospect").first.wait_for(timeout=60_000)
        overview = page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "dagster_ui_segment_passage.png"), full_page=True)
        browser.close()
    assert "passage" in overview and "size_prospect" in overview
    assert "(gone)" in overview  # the matrix renders as a table: its last column
    assert "This is a non-blocking asset check" in detail
    assert "share with email" in detail and "0.99" in detail  # which expectation, and its threshold
    assert f"{observed:g}" in detail  # the failing check's observed value, as the UI shows it

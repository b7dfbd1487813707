"""Loopback FTPS and SFTP servers for a test, and projects whose landing zone or export targets
are those servers."""

import hashlib

import pytest
import yaml

from tests.conftest import Project
from tests.servers import PASSWORD, USER, start_ftps, start_sftp

USER_ENV, PASSWORD_ENV = "CDH_TEST_REMOTE_USER", "CDH_TEST_REMOTE_PASSWORD"


@pytest.fixture(autouse=True)
def remote_credentials(monkeypatch):
    monkeypatch.setenv(USER_ENV, USER)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


@pytest.fixture
def server_root(tmp_path):
    root = tmp_path / "server_root"
    root.mkdir()
    return root


@pytest.fixture
def ftps(server_root, tmp_path):
    server = start_ftps(server_root, tmp_path / "certs")
    yield server
    server.stop()


@pytest.fixture
def sftp(server_root, tmp_path):
    server = start_sftp(server_root, tmp_path / "keys")
    yield server
    server.stop()


def ftps_spec(server, **extra) -> dict:
    return {
        "type": "ftps",
        "host": "127.0.0.1",
        "port": server.port,
        "user_env": USER_ENV,
        "password_env": PASSWORD_ENV,
        "ca_file": str(server.ca_file),
        "backoff_seconds": 0.05,
        **extra,
    }


def sftp_spec(server, **extra) -> dict:
    return {
        "type": "sftp",
        "host": "127.0.0.1",
        "port": server.port,
        "user_env": USER_ENV,
        "password_env": PASSWORD_ENV,
        "host_key": server.host_key,
        "backoff_seconds": 0.05,
        **extra,
    }


def set_landing(project: Project, spec: dict, **source_options) -> None:
    """Point every source of the project at `spec`, optionally changing source options."""
    path = project.settings.config_dir / "sources.yaml"
    data = yaml.safe_load(path.read_text())
    data["landing"] = spec
    for source in data["sources"].values():
        source.update(source_options)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def set_targets(project: Project, spec: dict, **options) -> None:
    path = project.settings.config_dir / "destinations.yaml"
    data = yaml.safe_load(path.read_text())
    for destination in data["destinations"].values():
        destination["target"] = spec
        destination.update(options)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def fetch_with_one_drop(server, zone, root, tmp_path, name: str, size: int, drop_at: int):
    """Serve `size` bytes as `name`, cut the connection once at `drop_at`, fetch it through `zone`:
    the download must resume and arrive whole, in two attempts."""
    data = (hashlib.sha256(name.encode()).digest() * (size // 32 + 1))[:size]
    (root / name).write_bytes(data)
    server.log.drop_after[name] = drop_at
    with zone as z:
        [listed] = z.list_files()
        fetched = z.fetch(listed, tmp_path / "archive")
    assert server.log.dropped == [name]
    assert fetched.attempts == 2
    assert fetched.sha256 == hashlib.sha256(data).hexdigest()

"""SFTP against a real asyncssh server on loopback."""

import hashlib

import pytest

from resources.landing import LandingFile, UnsafeFileName
from resources.project_config import SftpSpec
from resources.sftp import SftpServer
from tests.transport.conftest import fetch_with_one_drop, sftp_spec


def write_file(root, name, size) -> bytes:
    data = (hashlib.sha256(name.encode()).digest() * (size // 32 + 1))[:size]
    (root / name).write_bytes(data)
    return data


def test_pinned_host_key_password_login_and_prefetching_download(sftp, server_root, tmp_path):
    data = write_file(server_root, "feed_20261101.csv.gz", 1_500_000)
    with SftpServer(SftpSpec(**sftp_spec(sftp))) as zone:
        [listed] = zone.list_files()
        assert (listed.name, listed.size) == ("feed_20261101.csv.gz", len(data))
        assert zone.stat("feed_20261101.csv.gz") == listed
        assert zone.stat("gone_20261101.csv") is None
        fetched = zone.fetch(listed, tmp_path / "archive")
    assert fetched.sha256 == hashlib.sha256(data).hexdigest() and fetched.attempts == 1


def test_unknown_host_key_is_refused_with_how_to_pin_it(sftp, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text("")
    spec = SftpSpec(**{**sftp_spec(sftp), "host_key": None, "known_hosts": str(known_hosts)})
    with pytest.raises(OSError) as err:
        SftpServer(spec).list_files()
    message = str(err.value)
    assert "unknown host key ssh-ed25519 SHA256:" in message
    assert f'host_key: "{sftp.host_key}"' in message  # exactly what to paste, once verified
    assert f"ssh-keyscan -p {sftp.port} 127.0.0.1" in message


def test_changed_host_key_is_refused(sftp):
    wrong = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    with pytest.raises(OSError, match="does NOT match the pinned/known key"):
        SftpServer(SftpSpec(**sftp_spec(sftp, host_key=wrong))).list_files()


def test_known_hosts_file_is_honoured(sftp, server_root, tmp_path):
    write_file(server_root, "a_20261101.csv", 10)
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{sftp.port} {sftp.host_key}\n")
    spec = SftpSpec(**{**sftp_spec(sftp), "host_key": None, "known_hosts": str(known_hosts)})
    with SftpServer(spec) as zone:
        assert [f.name for f in zone.list_files()] == ["a_20261101.csv"]


def test_private_key_from_file_or_environment(sftp, server_root, monkeypatch):
    write_file(server_root, "a_20261101.csv", 10)
    by_file = sftp_spec(sftp, key_file=str(sftp.client_key_file), password_env=None)
    monkeypatch.setenv("CDH_TEST_SFTP_KEY", sftp.client_key_file.read_text())
    by_env = sftp_spec(sftp, key_env="CDH_TEST_SFTP_KEY", password_env=None)
    monkeypatch.setenv("CDH_TEST_REMOTE_PASSWORD", "not-the-password")  # proves the key is used
    for spec in (by_file, by_env):
        with SftpServer(SftpSpec(**spec)) as zone:
            assert [f.name for f in zone.list_files()] == ["a_20261101.csv"]


def test_bad_password_is_a_clear_error_without_the_secret(sftp, monkeypatch):
    monkeypatch.setenv("CDH_TEST_REMOTE_PASSWORD", "wrong-Secret-42")
    with pytest.raises(OSError) as err:
        SftpServer(SftpSpec(**sftp_spec(sftp))).list_files()
    assert "authentication failed" in str(err.value) and "CDH_TEST_REMOTE_PASSWORD" in str(err.value)
    assert "wrong-Secret-42" not in str(err.value)


def test_dropped_connection_reconnects_and_resumes(sftp, server_root, tmp_path):
    zone = SftpServer(SftpSpec(**sftp_spec(sftp)))
    fetch_with_one_drop(sftp, zone, server_root, tmp_path, "big_20261101.csv", 3_000_000, 1_200_000)


def test_path_traversal_names_are_never_used_as_paths(sftp, server_root, tmp_path):
    (tmp_path / "secret.csv").write_text("do not read")
    with SftpServer(SftpSpec(**sftp_spec(sftp))) as zone:
        for evil in ("../secret.csv", "/etc/passwd", "..", "a/../../b", "..\\x"):
            with pytest.raises(UnsafeFileName):
                zone.fetch(LandingFile(evil, 11, 0.0), tmp_path / "archive")
            with pytest.raises(UnsafeFileName):
                zone.put(evil, b"x")
    assert not (tmp_path / "archive").exists() or not list((tmp_path / "archive").iterdir())
    assert sftp.log.downloads == [] and sftp.log.written == []


def test_upload_lands_under_its_final_name_only_when_complete(sftp, server_root):
    old = b"an older delivery"
    (server_root / "crm_backstamp_20261101.csv").write_bytes(old)
    data = b"contact_id,segment\n" + b"c1,repeat_buyer\n" * 80_000
    with SftpServer(SftpSpec(**sftp_spec(sftp))) as target:
        target.put("crm_backstamp_20261101.csv", data)  # replaces atomically (posix-rename)
    assert (server_root / "crm_backstamp_20261101.csv").read_bytes() == data
    assert sftp.log.written == [".crm_backstamp_20261101.csv.part"]
    assert sorted(p.name for p in server_root.iterdir()) == ["crm_backstamp_20261101.csv"]

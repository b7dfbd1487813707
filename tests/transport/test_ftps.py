"""FTPS against a real pyftpdlib server on loopback that, like vsftpd, requires the data channel
to reuse the control connection's TLS session."""

import ftplib
import hashlib
import os

import pytest
import trustme

from resources.ftps import FtpsServer, tls_context
from resources.landing import LandingFile, TransportError
from resources.project_config import FtpsSpec
from tests.servers import PASSWORD, USER, start_ftps
from tests.transport.conftest import fetch_with_one_drop, ftps_spec


def write_file(root, name, size, seed=b"x") -> bytes:
    data = hashlib.sha256(seed).digest() * (size // 32 + 1)
    (root / name).write_bytes(data[:size])
    return data[:size]


def test_data_channel_requires_session_reuse_and_ours_reuses_it(ftps, server_root, tmp_path):
    data = write_file(server_root, "feed_20261101.csv", 300_000)
    spec = FtpsSpec(**ftps_spec(ftps))
    # The server really enforces reuse: the standard library's FTP_TLS is refused.
    plain = ftplib.FTP_TLS(context=tls_context(spec), timeout=10)
    plain.connect("127.0.0.1", ftps.port)
    plain.login(USER, PASSWORD)
    plain.prot_p()
    with pytest.raises(ftplib.error_perm, match="522.*session reuse required"):
        plain.retrbinary("RETR feed_20261101.csv", lambda _: None)
    plain.close()

    with FtpsServer(spec) as zone:
        [listed] = zone.list_files()
        assert (listed.name, listed.size) == ("feed_20261101.csv", len(data))
        assert abs(listed.mtime - (server_root / "feed_20261101.csv").stat().st_mtime) < 1
        fetched = zone.fetch(listed, tmp_path / "archive")
    assert fetched.sha256 == hashlib.sha256(data).hexdigest()
    assert fetched.path.read_bytes() == data
    assert not list((tmp_path / "archive").glob(".*.part"))


def test_tls_can_be_capped_at_1_2(ftps, server_root):
    write_file(server_root, "a_20261101.csv", 10)
    with FtpsServer(FtpsSpec(**ftps_spec(ftps, tls_max="1.2"))) as zone:
        assert [f.name for f in zone.list_files()] == ["a_20261101.csv"]
        assert zone._connect().sock.version() == "TLSv1.2"
    with FtpsServer(FtpsSpec(**ftps_spec(ftps))) as zone:
        zone.list_files()
        assert zone._connect().sock.version() == "TLSv1.3"


def test_untrusted_certificate_is_refused(ftps, tmp_path):
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    for ca_file in (None, str(other_ca)):  # system CAs, and the wrong private CA
        spec = FtpsSpec(**{**ftps_spec(ftps), "ca_file": ca_file})
        with pytest.raises(TransportError, match="certificate is not trusted.*set ca_file"):
            FtpsServer(spec).list_files()


def test_bad_password_is_a_clear_error_without_the_secret(ftps, monkeypatch):
    monkeypatch.setenv("CDH_TEST_REMOTE_PASSWORD", "wrong-Secret-42")
    with pytest.raises(TransportError) as err:
        FtpsServer(FtpsSpec(**ftps_spec(ftps))).list_files()
    assert "refused the session" in str(err.value) and f"127.0.0.1:{ftps.port}" in str(err.value)
    assert "wrong-Secret-42" not in str(err.value) and USER not in str(err.value)


def test_missing_credential_names_the_variable(ftps, monkeypatch):
    monkeypatch.delenv("CDH_TEST_REMOTE_PASSWORD")
    with pytest.raises(TransportError, match="CDH_TEST_REMOTE_PASSWORD .password. is not set"):
        FtpsServer(FtpsSpec(**ftps_spec(ftps))).list_files()


def test_listing_without_mlsd_falls_back_to_nlst_size_mdtm(server_root, tmp_path, ftps):
    write_file(server_root, "a_20261101.csv", 1234)
    write_file(server_root, "b_20261101.csv.gz", 99)
    (server_root / "subfolder").mkdir()
    os.utime(server_root / "a_20261101.csv", (1_790_000_000, 1_790_000_000))
    old = start_ftps(server_root, tmp_path / "certs-old", mlsd=False)
    try:
        with FtpsServer(FtpsSpec(**ftps_spec(ftps))) as modern:
            with_mlsd = modern.list_files()
            assert modern._mlsd is True
        with FtpsServer(FtpsSpec(**ftps_spec(old))) as legacy:
            without = legacy.list_files()
            assert legacy._mlsd is False
    finally:
        old.stop()
    assert with_mlsd == without
    assert without[0] == LandingFile("a_20261101.csv", 1234, 1_790_000_000.0)
    assert [f.name for f in without] == ["a_20261101.csv", "b_20261101.csv.gz"]  # no folder


def test_dropped_connection_is_resumed_not_restarted(ftps, server_root, tmp_path):
    zone = FtpsServer(FtpsSpec(**ftps_spec(ftps)))
    fetch_with_one_drop(ftps, zone, server_root, tmp_path, "big_20261101.csv", 2_500_000, 1_000_000)


def test_retries_are_bounded(ftps, server_root, tmp_path):
    write_file(server_root, "big_20261101.csv", 500_000)
    with FtpsServer(FtpsSpec(**ftps_spec(ftps, retries=1))) as zone:
        [listed] = zone.list_files()
        ftps.log.drop_after["big_20261101.csv"] = 100_000
        zone.retries = 1

        def drop_again():
            ftps.log.drop_after["big_20261101.csv"] = 200_000

        original = zone.download

        def download(name, offset, write):
            drop_again()
            return original(name, offset, write)

        zone.download = download  # every attempt is cut
        with pytest.raises(TransportError, match="gave up after 2 attempt"):
            zone.fetch(listed, tmp_path / "archive")
    assert not list((tmp_path / "archive").iterdir())  # no partial file left


def test_upload_lands_under_its_final_name_only_when_complete(ftps, server_root):
    data = b"customer_id,line_uid\n" + b"C1,U1\n" * 50_000
    with FtpsServer(FtpsSpec(**ftps_spec(ftps))) as target:
        where = target.put("maac_import_repeat_buyer_20261101.csv", data)
    assert where.endswith("/maac_import_repeat_buyer_20261101.csv")
    assert (server_root / "maac_import_repeat_buyer_20261101.csv").read_bytes() == data
    assert ftps.log.written == [".maac_import_repeat_buyer_20261101.csv.part"]  # never the final name
    assert sorted(p.name for p in server_root.iterdir()) == ["maac_import_repeat_buyer_20261101.csv"]


def test_implicit_ftps(server_root, tmp_path):
    data = write_file(server_root, "a_20261101.csv", 70_000)
    server = start_ftps(server_root, tmp_path / "certs-implicit", implicit=True)
    try:
        with FtpsServer(FtpsSpec(**ftps_spec(server, implicit=True))) as zone:
            [listed] = zone.list_files()
            fetched = zone.fetch(listed, tmp_path / "archive")
        assert fetched.path.read_bytes() == data
        with pytest.raises(OSError):  # an explicit client cannot talk to an implicit server
            FtpsServer(FtpsSpec(**ftps_spec(server, timeout_seconds=2, retries=0))).list_files()
    finally:
        server.stop()

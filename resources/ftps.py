"""FTPS (FTP over TLS) with the standard library's ``ftplib``: a landing zone and an export target.

- Explicit FTPS (AUTH TLS, then ``PROT P`` so data is encrypted too), or implicit FTPS (TLS from the
  first byte, usually port 990).
- Data connections **reuse the control connection's TLS session**. Many servers require it
  (vsftpd ``require_ssl_reuse=YES``, the default; FileZilla Server) and answer a fresh handshake
  with 522/425; plain ``ftplib.FTP_TLS`` does not reuse the session.
- Certificates are verified (system CAs or ``ca_file``) and the host name checked; ``tls_max: "1.2"``
  caps the version for servers whose TLS 1.3 session resumption is broken.
- Listing with MLSD, falling back to NLST + SIZE + MDTM where the server does not offer MLSD.
- Passive mode, timeouts, TCP keepalive on the control connection during long transfers.
"""

from __future__ import annotations

import calendar
import ftplib
import io
import socket
import ssl
import time
from collections.abc import Callable

from resources.export_targets import ExportTarget
from resources.landing import CHUNK, LandingFile, LandingZone, TransportError, safe_file_name
from resources.project_config import FtpsSpec, interpolate_env
from resources.remote import enable_tcp_keepalive, secret, temporary_name

_NO_MLSD = ("500", "501", "502", "504")


class SessionReusingFTP_TLS(ftplib.FTP_TLS):
    """``FTP_TLS`` whose data channels resume the control channel's TLS session; optionally
    implicit (TLS before the server's greeting)."""

    implicit = False

    def connect(self, host="", port=0, timeout=-999, source_address=None):
        if not self.implicit:
            return super().connect(host, port, timeout, source_address)
        self.host, self.port = host, port
        if timeout != -999:
            self.timeout = timeout
        sock = socket.create_connection((host, port), self.timeout, source_address=source_address)
        self.af = sock.family
        self.sock = self.context.wrap_socket(sock, server_hostname=host)
        self.file = self.sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome

    def ntransfercmd(self, cmd, rest=None):
        # ftplib.FTP (not FTP_TLS) opens the plain data socket; we wrap it ourselves with the
        # control connection's session so the server sees a resumed session.
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
        return conn, size


def tls_context(spec: FtpsSpec) -> ssl.SSLContext:
    cafile = interpolate_env(spec.ca_file) if spec.ca_file else None
    context = ssl.create_default_context(cafile=cafile)  # verifies the chain and the host name
    if spec.tls_max == "1.2":
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    return context


def _mdtm(value: str) -> float:
    """An MLSD ``modify`` fact or an MDTM reply (YYYYMMDDHHMMSS[.sss], UTC) as epoch seconds."""
    value = value.strip()
    whole, _, fraction = value.partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y%m%d%H%M%S"))
    return seconds + (float(f"0.{fraction}") if fraction else 0.0)


class FtpsServer(LandingZone, ExportTarget):
    def __init__(self, spec: FtpsSpec) -> None:
        self.spec = spec
        self.description = spec.url
        self.retries = spec.retries
        self.backoff_seconds = spec.backoff_seconds
        self._ftp: SessionReusingFTP_TLS | None = None
        self._mlsd: bool | None = {"mlsd": True, "nlst": False}.get(spec.listing)

    # -- connection ------------------------------------------------------------------------------

    def _connect(self) -> SessionReusingFTP_TLS:
        if self._ftp is not None:
            return self._ftp
        spec = self.spec
        user = secret(spec.user_env, "user", self.description)
        password = secret(spec.password_env, "password", self.description)
        ftp = SessionReusingFTP_TLS(context=tls_context(spec), timeout=spec.timeout_seconds)
        ftp.implicit = spec.implicit
        try:
            ftp.connect(spec.resolved_host(), spec.resolved_port())
            enable_tcp_keepalive(ftp.sock, spec.keepalive_seconds)
            if not spec.implicit:
                ftp.auth()
            ftp.login(user, password, secure=False)  # already secured above
            ftp.prot_p()
            ftp.set_pasv(True)
            ftp.voidcmd("TYPE I")
            if spec.resolved_path() not in ("", "."):
                ftp.cwd(spec.resolved_path())
        except ssl.SSLCertVerificationError as exc:
            ftp.close()
            raise TransportError(
                f"{self.description}: the server's certificate is not trusted ({exc.verify_message}); "
                "if the vendor uses a private CA, set ca_file to its certificate"
            ) from None
        except ftplib.error_perm as exc:
            ftp.close()
            raise TransportError(f"{self.description}: the server refused the session: {exc}") from None
        except BaseException:
            ftp.close()
            raise
        self._ftp = ftp
        return ftp

    def close(self) -> None:
        if self._ftp is not None:
            try:
                self._ftp.quit()
            except (OSError, EOFError, ftplib.Error):
                pass
            self._ftp.close()
            self._ftp = None

    def is_transient(self, exc: BaseException) -> bool:
        if isinstance(exc, ftplib.error_temp):
            return True
        return super().is_transient(exc)

    # -- landing zone ----------------------------------------------------------------------------

    def list_files(self) -> list[LandingFile]:
        ftp = self._connect()
        if self._mlsd is not False:
            try:
                files = [
                    LandingFile(name, int(facts["size"]), _mdtm(facts["modify"]))
                    for name, facts in ftp.mlsd("", facts=["type", "size", "modify"])
                    if facts.get("type") == "file"
                ]
                self._mlsd = True
                return sorted(files, key=lambda f: f.name)
            except ftplib.error_perm as exc:
                if self._mlsd or not str(exc).startswith(_NO_MLSD):
                    raise
                self._mlsd = False
        files = []
        names = ftp.nlst()
        ftp.voidcmd("TYPE I")  # NLST switched to ASCII, where servers refuse SIZE
        for name in names:
            name = name.rsplit("/", 1)[-1]
            try:
                size = ftp.size(name)
                mtime = _mdtm(ftp.sendcmd(f"MDTM {name}").split(" ", 1)[1])
            except ftplib.error_perm:
                continue  # a directory, or gone since the listing
            files.append(LandingFile(name, size, mtime))
        return sorted(files, key=lambda f: f.name)

    def download(self, name: str, offset: int, write: Callable[[bytes], object]) -> None:
        ftp = self._connect()
        try:
            ftp.retrbinary(f"RETR {safe_file_name(name)}", write, blocksize=CHUNK, rest=offset or None)
        except ftplib.error_perm as exc:
            raise TransportError(f"{self.description}/{name}: {exc}") from None

    # -- export target ---------------------------------------------------------------------------

    def put(self, name: str, data: bytes) -> str:
        name = safe_file_name(name)
        tmp = temporary_name(name)

        def upload() -> None:
            ftp = self._connect()
            ftp.storbinary(f"STOR {tmp}", io.BytesIO(data), blocksize=CHUNK)
            if ftp.size(tmp) != len(data):
                raise OSError(f"{self.description}/{tmp}: upload incomplete")
            ftp.rename(tmp, name)

        self.retrying(name, upload)
        return f"{self.description.rstrip('/')}/{name}"

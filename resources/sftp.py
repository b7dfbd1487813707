"""SFTP with paramiko: a landing zone and an export target.

- The server's host key is verified before any credential is sent: against a key pinned in config
  (``host_key``) or a known_hosts file (``known_hosts``, default ~/.ssh/known_hosts). An unknown or
  changed key is refused with its fingerprint and how to pin it.
- Password or private-key authentication (key from a file or from an environment variable).
- Downloads prefetch with a bounded number of concurrent requests; keepalive on the transport;
  a dropped connection reconnects and resumes (see :meth:`LandingZone.fetch`).
- Uploads go to a temporary name and are renamed with ``posix-rename`` (atomic replace).
"""

from __future__ import annotations

import base64
import hashlib
import io
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import paramiko

from resources.export_targets import ExportTarget
from resources.landing import CHUNK, LandingFile, LandingZone, TransportError, safe_file_name
from resources.project_config import SftpSpec, interpolate_env
from resources.remote import secret, temporary_name

# Large SSH windows and packets: a download is bounded by round trips and per-packet Python work,
# not by bandwidth (measured in bench/transport.py: 50 MB on loopback 1.76 s -> 0.67 s).
WINDOW = 1 << 27
MAX_PACKET = 1 << 18
_KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


def fingerprint(key: paramiko.PKey) -> str:
    digest = base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


class SftpServer(LandingZone, ExportTarget):
    def __init__(self, spec: SftpSpec) -> None:
        self.spec = spec
        self.description = spec.url
        self.retries = spec.retries
        self.backoff_seconds = spec.backoff_seconds
        self._transport: paramiko.Transport | None = None
        self._sftp: paramiko.SFTPClient | None = None

    # -- connection ------------------------------------------------------------------------------

    def _known_keys(self) -> dict[str, paramiko.PKey]:
        spec = self.spec
        if spec.host_key:
            key_type, blob = spec.host_key.split()[:2]
            try:
                return {key_type: paramiko.PKey.from_type_string(key_type, base64.b64decode(blob))}
            except Exception as exc:
                raise TransportError(f"{self.description}: host_key cannot be read ({exc})") from None
        path = Path(interpolate_env(spec.known_hosts or "~/.ssh/known_hosts")).expanduser()
        host, port = spec.resolved_host(), spec.resolved_port()
        entry = host if port == 22 else f"[{host}]:{port}"
        keys = paramiko.HostKeys(str(path)) if path.is_file() else paramiko.HostKeys()
        return dict(keys.lookup(entry) or {})

    def _check_host_key(self, offered: paramiko.PKey, known: dict[str, paramiko.PKey]) -> None:
        name = offered.get_name()
        if known.get(name) == offered:
            return
        spec = self.spec
        pin = f"{name} {offered.get_base64()}"
        if known:
            raise TransportError(
                f"{self.description}: the server's host key {name} {fingerprint(offered)} does NOT match "
                "the pinned/known key; refusing to connect (possible man-in-the-middle). If the vendor "
                f'really changed its key, confirm the fingerprint with them and pin host_key: "{pin}"'
            )
        where = "host_key" if spec.host_key else f"known_hosts ({spec.known_hosts or '~/.ssh/known_hosts'})"
        raise TransportError(
            f"{self.description}: unknown host key {name} {fingerprint(offered)} (not in {where}); "
            f'confirm the fingerprint with the vendor, then pin it in config: host_key: "{pin}" '
            f"or run: ssh-keyscan -p {spec.resolved_port()} {spec.resolved_host()} >> known_hosts"
        )

    def _private_key(self) -> paramiko.PKey | None:
        spec = self.spec
        passphrase = secret(spec.key_passphrase_env, "key passphrase", self.description) if (
            spec.key_passphrase_env
        ) else None  # fmt: skip
        if spec.key_file:
            path = Path(interpolate_env(spec.key_file)).expanduser()
            try:
                return paramiko.PKey.from_path(path, passphrase)
            except (OSError, paramiko.SSHException) as exc:
                raise TransportError(f"{self.description}: cannot read key_file {path}: {exc}") from None
        if spec.key_env:
            text = secret(spec.key_env, "private key", self.description)
            for cls in _KEY_CLASSES:
                try:
                    return cls.from_private_key(io.StringIO(text), passphrase)
                except paramiko.SSHException:
                    continue
            raise TransportError(f"{self.description}: {spec.key_env} does not hold a readable private key")
        return None

    def _connect(self) -> paramiko.SFTPClient:
        if self._sftp is not None:
            return self._sftp
        spec = self.spec
        known = self._known_keys()
        user = secret(spec.user_env, "user", self.description)
        sock = socket.create_connection((spec.resolved_host(), spec.resolved_port()), spec.timeout_seconds)
        transport = paramiko.Transport(sock, default_window_size=WINDOW, default_max_packet_size=MAX_PACKET)
        try:
            if known:  # ask for the key type we can verify
                options = transport.get_security_options()
                preferred = [k for k in known if k in options.key_types]
                options.key_types = preferred + [k for k in options.key_types if k not in preferred]
            transport.banner_timeout = transport.auth_timeout = spec.timeout_seconds
            transport.start_client(timeout=spec.timeout_seconds)
            self._check_host_key(transport.get_remote_server_key(), known)
            key = self._private_key()
            try:
                if key is not None:
                    transport.auth_publickey(user, key)
                else:
                    transport.auth_password(user, secret(spec.password_env, "password", self.description))
            except paramiko.AuthenticationException:
                raise TransportError(
                    f"{self.description}: authentication failed (check {spec.user_env} and "
                    f"{spec.key_env or spec.key_file or spec.password_env})"
                ) from None
            transport.set_keepalive(spec.keepalive_seconds)
            sftp = paramiko.SFTPClient.from_transport(
                transport, window_size=WINDOW, max_packet_size=MAX_PACKET
            )
            sftp.get_channel().settimeout(spec.timeout_seconds)
            if spec.resolved_path() not in ("", "."):
                sftp.chdir(spec.resolved_path())
        except BaseException:
            transport.close()
            raise
        self._transport, self._sftp = transport, sftp
        return sftp

    def close(self) -> None:
        for part in (self._sftp, self._transport):
            if part is not None:
                try:
                    part.close()
                except (OSError, EOFError, paramiko.SSHException):
                    pass  # the connection is already gone: that is why we close it
        self._sftp = self._transport = None

    def is_transient(self, exc: BaseException) -> bool:
        if isinstance(exc, paramiko.AuthenticationException | paramiko.BadHostKeyException):
            return False
        if isinstance(exc, FileNotFoundError | PermissionError):
            return False
        return isinstance(exc, paramiko.SSHException) or super().is_transient(exc)

    # -- landing zone ----------------------------------------------------------------------------

    def list_files(self) -> list[LandingFile]:
        sftp = self._connect()
        return sorted(
            (
                LandingFile(a.filename, a.st_size or 0, float(a.st_mtime or 0))
                for a in sftp.listdir_attr(".")
                if a.st_mode is not None and stat.S_ISREG(a.st_mode)
            ),
            key=lambda f: f.name,
        )

    def stat(self, name: str) -> LandingFile | None:
        try:
            a = self._connect().stat(safe_file_name(name))
        except FileNotFoundError:
            return None
        return LandingFile(name, a.st_size or 0, float(a.st_mtime or 0))

    def download(self, name: str, offset: int, write: Callable[[bytes], object]) -> None:
        sftp = self._connect()
        with sftp.open(safe_file_name(name), "rb") as fh:
            size = fh.stat().st_size or 0
            fh.MAX_REQUEST_SIZE = self.spec.request_size  # (paramiko's default is 32 KiB)
            fh.seek(offset)
            fh.prefetch(size, max_concurrent_requests=self.spec.max_concurrent_requests)
            while chunk := fh.read(CHUNK):
                write(chunk)

    # -- export target ---------------------------------------------------------------------------

    def put(self, name: str, data: bytes) -> str:
        name = safe_file_name(name)
        tmp = temporary_name(name)

        def upload() -> None:
            sftp = self._connect()
            sftp.putfo(io.BytesIO(data), tmp, file_size=len(data), confirm=True)
            try:
                sftp.posix_rename(tmp, name)
            except OSError:  # server without the posix-rename extension
                try:
                    sftp.remove(name)
                except FileNotFoundError:
                    pass
                sftp.rename(tmp, name)

        self.retrying(name, upload)
        return f"{self.description.rstrip('/')}/{name}"

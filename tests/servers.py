"""Real FTPS and SFTP servers on 127.0.0.1, started by the tests themselves (no Docker).

- FTPS: pyftpdlib's TLS handler with a throwaway CA (trustme). Like vsftpd's default
  ``require_ssl_reuse=YES``, its data channel **refuses a TLS session that is not the control
  connection's** (522). Optionally without MLSD, like older servers.
- SFTP: asyncssh in a background thread, password or public-key auth, a chroot folder.

Both can drop the connection once in the middle of a named file's download (a crash injected on
purpose) and record which names were opened for writing, so tests can see that receivers only
ever saw temporary names being written.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import trustme
from OpenSSL._util import lib as _openssl
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.filesystems import AbstractedFS
from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler
from pyftpdlib.ioloop import IOLoop
from pyftpdlib.servers import FTPServer

USER, PASSWORD = "vendor", "s3cret-Pa55"
logging.getLogger("pyftpdlib").setLevel(logging.WARNING)


@dataclass
class ServerLog:
    """What happened on a server: uploads by name, and drops still to inject (name -> byte)."""

    drop_after: dict[str, int] = field(default_factory=dict)
    grow_on_read: dict[str, bytes] = field(default_factory=dict)  # a writer still appending
    dropped: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- FTPS


class _ReuseRequiredDTP(TLS_DTPHandler):
    def handle_ssl_established(self):
        if not _openssl.SSL_session_reused(self.socket._ssl):
            self.cmd_channel.respond("522 SSL connection failed: session reuse required")
            self.close()
            return
        super().handle_ssl_established()


class _DroppingFile:
    def __init__(self, fh, limit: int, channel, log: ServerLog, name: str):
        self._fh, self._limit, self._channel, self._log, self._name = fh, limit, channel, log, name

    def read(self, size=-1):
        pos = self._fh.tell()
        if pos >= self._limit:
            self._log.dropped.append(self._name)
            self._channel.close()  # control and data connection gone, like a network cut
            return b""
        return self._fh.read(min(size, self._limit - pos) if size and size > 0 else self._limit - pos)

    def __getattr__(self, name):
        return getattr(self._fh, name)


def _ftps_fs(log: ServerLog):
    class LoggingFS(AbstractedFS):
        def open(self, filename, mode):
            fh = super().open(filename, mode)
            name = os.path.basename(filename)
            if "w" in mode or "a" in mode:
                log.written.append(name)
                return fh
            log.downloads.append(name)
            if name in log.drop_after:
                return _DroppingFile(fh, log.drop_after.pop(name), self.cmd_channel, log, name)
            return fh

    return LoggingFS


@dataclass
class FtpsServer:
    root: Path
    port: int
    ca_file: Path
    log: ServerLog
    _server: FTPServer
    _thread: threading.Thread
    _stopping: threading.Event

    def stop(self) -> None:
        self._stopping.set()
        self._server.close_all()
        self._thread.join(5)


def _implicit_handle(self):
    """Implicit FTPS: TLS from the first byte; the greeting goes out once the handshake is done."""
    self.secure_connection(self.ssl_context)


def _implicit_established(self):
    TLS_FTPHandler.handle(self)


def start_ftps(
    root: Path, certs: Path, *, mlsd: bool = True, implicit: bool = False, ca: trustme.CA | None = None
) -> FtpsServer:
    ca = ca or trustme.CA()
    certs.mkdir(parents=True, exist_ok=True)
    server_pem, ca_file = certs / "ftps-server.pem", certs / "ftps-ca.pem"
    ca.issue_cert("127.0.0.1", "localhost").private_key_and_cert_chain_pem.write_to_path(str(server_pem))
    ca.cert_pem.write_to_path(str(ca_file))
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(root), perm="elradfmwMT")
    log = ServerLog()
    attrs = {
        "certfile": str(server_pem),
        "ssl_context": None,  # per server: built from this certfile
        "authorizer": authorizer,
        "tls_control_required": True,
        "tls_data_required": True,
        "dtp_handler": _ReuseRequiredDTP,
        "abstracted_fs": _ftps_fs(log),
        "passive_ports": None,
        "masquerade_address": None,
    }
    if not mlsd:
        attrs["proto_cmds"] = {
            k: v for k, v in TLS_FTPHandler.proto_cmds.items() if k not in ("MLSD", "MLST")
        }
    if implicit:
        attrs.update(handle=_implicit_handle, handle_ssl_established=_implicit_established)
    handler = type("TestTLSHandler", (TLS_FTPHandler,), attrs)
    server = FTPServer(("127.0.0.1", 0), handler, ioloop=IOLoop())  # own loop: servers can coexist
    stopping = threading.Event()

    def serve() -> None:
        try:
            server.ioloop.loop(0.05, True)
        except (OSError, ValueError):
            if not stopping.is_set():  # (closing the server under the loop ends it this way)
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return FtpsServer(root, server.address[1], ca_file, log, server, thread, stopping)


# ---------------------------------------------------------------------------------------------- SFTP


@dataclass
class SftpServer:
    root: Path
    port: int
    host_key: str  # "ssh-ed25519 AAAA..." as a user would pin it
    client_key_file: Path
    log: ServerLog
    _loop: asyncio.AbstractEventLoop
    _server: asyncssh.SSHAcceptor
    _thread: threading.Thread

    def stop(self) -> None:
        async def close():
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def start_sftp(root: Path, keys: Path) -> SftpServer:
    keys.mkdir(parents=True, exist_ok=True)
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key_file = keys / "client_ed25519"
    client_key.write_private_key(str(client_key_file))
    log = ServerLog()

    class Server(asyncssh.SSHServer):
        def begin_auth(self, username):
            return True

        def password_auth_supported(self):
            return True

        def validate_password(self, username, password):
            return username == USER and password == PASSWORD

        def public_key_auth_supported(self):
            return True

        def validate_public_key(self, username, key):
            return username == USER and key.public_data == client_key.public_data

    class Files(asyncssh.SFTPServer):
        def __init__(self, chan):
            super().__init__(chan, chroot=str(root).encode())

        def open(self, path, pflags, attrs):
            name = os.path.basename(path.decode())
            if pflags & asyncssh.FXF_WRITE:
                log.written.append(name)
            else:
                log.downloads.append(name)
            fh = super().open(path, pflags, attrs)
            self._names = getattr(self, "_names", {})
            self._names[id(fh)] = name
            return fh

        def read(self, file_obj, offset, size):
            name = self._names.get(id(file_obj))
            if name in log.grow_on_read:
                with open(root / name, "ab") as still_uploading:
                    still_uploading.write(log.grow_on_read.pop(name))
            limit = log.drop_after.get(name)
            if limit is not None and offset + size > limit:
                del log.drop_after[name]
                log.dropped.append(name)
                self.connection.abort()  # the TCP connection is gone, like a network cut
                return b""
            return super().read(file_obj, offset, size)

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def listen():
        return await asyncssh.listen(
            "127.0.0.1",
            0,
            server_host_keys=[host_key],
            server_factory=Server,
            sftp_factory=Files,
            allow_scp=False,
        )

    server = asyncio.run_coroutine_threadsafe(listen(), loop).result(10)
    port = server.sockets[0].getsockname()[1]
    public = host_key.export_public_key("openssh").decode().split()
    return SftpServer(root, port, f"{public[0]} {public[1]}", client_key_file, log, loop, server, thread)

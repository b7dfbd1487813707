"""Landing zones: where deliveries arrive. One interface, so that the sensors and the ingest asset
are the same code whether files land in a local folder, on an FTPS server or on an SFTP server.

A landing zone lists, stats and downloads. :meth:`LandingZone.fetch` streams a file into the
project's own raw archive (vendors keep files ~14 days; we keep every file we loaded) through a
``.part`` file, computing sha256 on the way, and renames it into place only when its size matches
the listing. A dropped connection is retried with backoff and the download resumes where the
``.part`` file ends, so a retry never fetches (or loads) anything twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from resources.project_config import FtpsSpec, LandingSpec, LocalLandingSpec, SftpSpec

CHUNK = 1 << 20
log = logging.getLogger(__name__)


class UnsafeFileName(ValueError):
    """A delivered name that could escape the folder it is written to."""


class TransportError(OSError):
    """A transfer that cannot succeed by retrying (refused certificate or host key, bad login,
    missing file). The message names the server (never the credentials) and what to do."""


def safe_file_name(name: str) -> str:
    """Remote and local names are data, never paths: refuse separators, '..' and hidden tricks."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or name.startswith("..")
        or ":" in name[:2]
    ):
        raise UnsafeFileName(f"refusing unsafe file name {name!r}")
    return name


@dataclass(frozen=True)
class LandingFile:
    name: str
    size: int
    mtime: float


@dataclass(frozen=True)
class FetchedFile:
    name: str
    path: Path
    size: int
    sha256: str
    attempts: int = 1


class LandingZone(ABC):
    """A place deliveries arrive. Use it as a context manager: remote zones keep one connection
    for the listing and the downloads of a run, and close it at the end."""

    description: str
    retries: int = 0
    backoff_seconds: float = 0.0

    def __enter__(self) -> LandingZone:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - a hook: local zones hold no connection
        """Drop any open connection (the next call reconnects)."""

    @abstractmethod
    def list_files(self) -> list[LandingFile]:
        """Every file at the top of the zone (no recursion), cheap: no content is read."""

    @abstractmethod
    def download(self, name: str, offset: int, write: Callable[[bytes], object]) -> None:
        """Stream the named file's bytes from ``offset`` to its end into ``write``."""

    def stat(self, name: str) -> LandingFile | None:
        """The file's current size and mtime (a second look), or None if it is gone."""
        return next((f for f in self.list_files() if f.name == name), None)

    def is_transient(self, exc: BaseException) -> bool:
        """Whether retrying after reconnecting may help."""
        return isinstance(exc, (OSError, EOFError)) and not isinstance(exc, TransportError)

    def retrying(self, name: str, action: Callable[[], object]) -> int:
        """Run ``action``; after a transient failure close the connection, wait (exponential
        backoff) and run it again, up to ``retries`` times. Returns the number of attempts."""
        attempt = 0
        while True:
            attempt += 1
            try:
                action()
                return attempt
            except Exception as exc:
                if not self.is_transient(exc):
                    raise
                if attempt > self.retries:
                    raise TransportError(
                        f"{self.description}/{name}: gave up after {attempt} attempt(s): "
                        f"{type(exc).__name__}: {exc}"
                    ) from exc
                wait = self.backoff_seconds * 2 ** (attempt - 1)
                log.warning(
                    "%s/%s: transfer interrupted (%s: %s); retry %d of %d in %.1fs",
                    self.description, name, type(exc).__name__, exc, attempt, self.retries, wait,
                )  # fmt: skip
                self.close()
                time.sleep(wait)

    def fetch(self, file: LandingFile, archive_dir: Path) -> FetchedFile:
        """Copy a file into ``archive_dir`` atomically, with its sha256; verify its size.

        A dropped connection is retried ``retries`` times with exponential backoff; each retry
        reconnects and resumes from the bytes already in the ``.part`` file."""
        name = safe_file_name(file.name)
        archive_dir.mkdir(parents=True, exist_ok=True)
        part = archive_dir / f".{name}.part"
        part.unlink(missing_ok=True)

        def attempt() -> None:
            with open(part, "ab") as dst:
                if dst.tell() < file.size:
                    self.download(name, dst.tell(), dst.write)

        try:
            attempts = self.retrying(name, attempt)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        size, digest = _sha256(part)
        if size != file.size:
            part.unlink(missing_ok=True)
            raise OSError(
                f"{self.description}/{name}: read {size} bytes but the listing said {file.size}; "
                "the file is still being written or was replaced, try again"
            )
        final = archive_dir / name
        os.replace(part, final)
        return FetchedFile(name=name, path=final, size=size, sha256=digest, attempts=attempts)


def _sha256(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class LocalLandingZone(LandingZone):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = str(root)

    def list_files(self) -> list[LandingFile]:
        if not self.root.is_dir():
            return []
        out = []
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    out.append(LandingFile(entry.name, st.st_size, st.st_mtime))
        return sorted(out, key=lambda f: f.name)

    def stat(self, name: str) -> LandingFile | None:
        try:
            st = (self.root / safe_file_name(name)).stat()
        except FileNotFoundError:
            return None
        return LandingFile(name, st.st_size, st.st_mtime)

    def download(self, name: str, offset: int, write: Callable[[bytes], object]) -> None:
        with open(self.root / safe_file_name(name), "rb") as src:
            src.seek(offset)
            while chunk := src.read(CHUNK):
                write(chunk)


def open_zone(spec: LandingSpec) -> LandingZone:
    """The landing zone (or export target) a config spec describes."""
    if isinstance(spec, LocalLandingSpec):
        return LocalLandingZone(spec.resolved_path())
    if isinstance(spec, FtpsSpec):
        from resources.ftps import FtpsServer

        return FtpsServer(spec)
    if isinstance(spec, SftpSpec):
        from resources.sftp import SftpServer

        return SftpServer(spec)
    raise ValueError(f"unsupported landing zone type {spec.type!r}")


class LandingZones(dg.ConfigurableResource):
    """Builds the landing zone a source is configured with, and owns the raw archive."""

    archive_dir: str

    def zone(self, spec: LandingSpec) -> LandingZone:
        return open_zone(spec)

    def archive_path(self, source: str, day: str, sha256: str) -> Path:
        return Path(self.archive_dir) / source / day / sha256[:16]

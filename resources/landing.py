"""Landing zones: where deliveries arrive. One interface, so that the sensor and the ingest asset
are the same code whether files land in a local folder or (later) on an FTPS / SFTP server.

A landing zone only lists and fetches. Fetching streams the file into the project's own raw
archive (vendors keep files ~14 days; we keep every file we loaded) through a ``.part`` file,
computing sha256 on the way, and renames it into place only when complete.
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import dagster as dg

from resources.project_config import LandingSpec

CHUNK = 1 << 20


class UnsafeFileName(ValueError):
    """A delivered name that could escape the folder it is written to."""


def safe_file_name(name: str) -> str:
    """Remote and local names are data, never paths: refuse separators, '..' and hidden tricks."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or name.startswith("..")
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


class LandingZone(ABC):
    """A place deliveries arrive. Implementations: local folder (here), FTPS, SFTP."""

    description: str

    @abstractmethod
    def list_files(self) -> list[LandingFile]:
        """Every file at the top of the zone (no recursion), cheap: no content is read."""

    @abstractmethod
    def open(self, name: str) -> BinaryIO:
        """A binary stream of the named file."""

    def fetch(self, file: LandingFile, archive_dir: Path) -> FetchedFile:
        """Copy a file into ``archive_dir`` atomically, with its sha256; verify its size."""
        name = safe_file_name(file.name)
        archive_dir.mkdir(parents=True, exist_ok=True)
        part = archive_dir / f".{name}.part"
        digest, size = hashlib.sha256(), 0
        with self.open(name) as src, open(part, "wb") as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
        if size != file.size:
            part.unlink(missing_ok=True)
            raise OSError(
                f"{self.description}/{name}: read {size} bytes but the listing said {file.size}; "
                "the file is still being written or was replaced, try again"
            )
        final = archive_dir / name
        os.replace(part, final)
        return FetchedFile(name=name, path=final, size=size, sha256=digest.hexdigest())


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

    def open(self, name: str) -> BinaryIO:
        return open(self.root / safe_file_name(name), "rb")


class LandingZones(dg.ConfigurableResource):
    """Builds the landing zone a source is configured with, and owns the raw archive."""

    archive_dir: str

    def zone(self, spec: LandingSpec) -> LandingZone:
        if spec.type == "local":
            return LocalLandingZone(spec.resolved_path())
        raise ValueError(f"unsupported landing zone type {spec.type!r}")

    def archive_path(self, source: str, day: str, sha256: str) -> Path:
        return Path(self.archive_dir) / source / day / sha256[:16]

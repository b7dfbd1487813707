"""Export targets: where segment files are delivered. One interface for the local outbox, SFTP
and FTPS (resources/sftp.py, resources/ftps.py).

Delivery is atomic for the receiver: each file is written under a temporary name that no
receiver pattern matches (a leading dot and a .part suffix), then renamed; an optional ``.done``
marker follows the data, and the manifest goes last.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path

import dagster as dg

from resources.landing import open_zone, safe_file_name
from resources.project_config import LocalTargetSpec, TargetSpec
from resources.remote import temporary_name


class ExportTarget(ABC):
    description: str

    def __enter__(self) -> ExportTarget:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - a hook: local zones hold no connection
        """Drop any open connection."""

    @abstractmethod
    def put(self, name: str, data: bytes) -> str:
        """Deliver ``data`` as ``name`` atomically; return where it now is."""


class LocalOutbox(ExportTarget):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = str(root)

    def put(self, name: str, data: bytes) -> str:
        name = safe_file_name(name)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / temporary_name(name)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        final = self.root / name
        os.replace(tmp, final)
        return str(final)


class ExportTargets(dg.ConfigurableResource):
    """Builds the export target a destination is configured with."""

    def target(self, spec: TargetSpec) -> ExportTarget:
        if isinstance(spec, LocalTargetSpec):
            return LocalOutbox(spec.resolved_path())
        target = open_zone(spec)
        assert isinstance(target, ExportTarget)
        return target

"""Export targets: where segment files are delivered. One interface; the local outbox here,
SFTP / FTPS behind the same methods later.

Delivery is atomic for the receiver: each file is written under a temporary name that no
receiver pattern matches (a leading dot and a .part suffix), then renamed; the manifest goes last.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path

import dagster as dg

from resources.landing import safe_file_name
from resources.project_config import LocalTargetSpec


class ExportTarget(ABC):
    description: str

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
        tmp = self.root / f".{name}.part"
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        final = self.root / name
        os.replace(tmp, final)
        return str(final)


class ExportTargets(dg.ConfigurableResource):
    """Builds the export target a destination is configured with."""

    def target(self, spec: LocalTargetSpec) -> ExportTarget:
        if spec.type == "local":
            return LocalOutbox(spec.resolved_path())
        raise ValueError(f"unsupported export target type {spec.type!r}")

"""Where things are on this machine: read from the environment when Definitions load (never at
import), with defaults that make a fresh clone work."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    config_dir: Path
    warehouse: Path
    # DuckDB's memory limit for pipeline steps (e.g. "6GB"; CDH_DUCKDB_MEMORY_LIMIT). Beyond it
    # DuckDB spills to a temp folder next to the warehouse instead of taking the machine's memory.
    memory_limit: str | None = None

    @property
    def archive_dir(self) -> Path:
        """Every raw file we loaded is kept here, next to the warehouse."""
        return self.warehouse.parent / "archive"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            config_dir=Path(os.environ.get("CDH_CONFIG") or "config"),
            warehouse=Path(os.environ.get("CDH_WAREHOUSE") or "data/warehouse.duckdb"),
            memory_limit=os.environ.get("CDH_DUCKDB_MEMORY_LIMIT") or None,
        )

    @property
    def duckdb_config(self) -> dict[str, str]:
        if not self.memory_limit:
            return {}
        return {
            "memory_limit": self.memory_limit,
            "temp_directory": str(self.warehouse.parent / "duckdb_tmp"),
        }

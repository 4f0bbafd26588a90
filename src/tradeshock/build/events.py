"""Snapshot part 'events' (work in progress)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Build this part of the snapshot; return manifest entries."""
    return {}

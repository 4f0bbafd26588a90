"""Snapshot builder: run the project's parsers on ``../shared/data`` and write ``tradeshock/data``.

Run it with ``python scripts/build_snapshot.py [--shared PATH] [--only NAME ...]``
(or ``python -m tradeshock.build``). Each part lives in its own module with a
``build(shared: Path, out: Path) -> dict[str, dict]`` function returning manifest entries
(see `tradeshock._snapshot.write_table`). Two runs give byte-identical output.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
from pathlib import Path
from typing import Any

from .._snapshot import MANIFEST, write_manifest

#: builder modules, in run order
PARTS = ("census", "energy", "treasury", "events", "commodities", "bilateral")

DEFAULT_SHARED = Path(
    os.environ.get("TRADESHOCK_SHARED_DATA")
    or Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data"


def run(shared: Path, out: Path, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """Build the chosen parts (all by default) and merge them into ``out/manifest.json``."""
    shared = shared.resolve()
    if not shared.is_dir():
        raise SystemExit(f"shared data folder not found: {shared}")
    out.mkdir(parents=True, exist_ok=True)
    datasets: dict[str, Any] = {}
    manifest_path = out / MANIFEST
    if only and manifest_path.exists():
        datasets = json.loads(manifest_path.read_text(encoding="utf-8"))["datasets"]
    for part in PARTS:
        if only and part not in only:
            continue
        module = importlib.import_module(f"{__name__}.{part}")
        for name, entry in module.build(shared, out).items():
            datasets[name] = entry
    write_manifest(out, datasets)
    return datasets


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point of the builder."""
    parser = argparse.ArgumentParser(prog="python -m tradeshock.build", description=__doc__)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="../shared/data")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="snapshot folder")
    parser.add_argument("--only", nargs="*", default=(), choices=PARTS, help="parts to rebuild")
    args = parser.parse_args(argv)
    datasets = run(args.shared, args.out, tuple(args.only))
    for name in sorted(datasets):
        print(f"{name}: {datasets[name]['rows']} rows, sha256 {datasets[name]['sha256'][:12]}")

"""The bundled snapshot: compact CSV.gz tables plus ``manifest.json`` inside the package.

Writing (used only by [`tradeshock.build`][tradeshock.build]) is deterministic: the same frame gives
the same bytes (gzip header without timestamp or file name, Unix line ends, shortest round-trip
floats). Reading is cached per process: loaders must derive new objects from what `read_table`
returns and never hand the cached frame itself to users.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import SchemaError

MANIFEST = "manifest.json"


def _data_dir() -> Any:
    return resources.files("tradeshock") / "data"


@functools.lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """Return the parsed ``manifest.json`` of the bundled snapshot."""
    try:
        text = (_data_dir() / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # a broken install, not user error
        msg = "the bundled snapshot has no manifest.json; reinstall tradeshock"
        raise SchemaError(msg) from exc
    data: dict[str, Any] = json.loads(text)
    return data


def dataset_entry(name: str) -> dict[str, Any]:
    """Return the manifest entry of one bundled dataset."""
    datasets: dict[str, Any] = manifest()["datasets"]
    if name not in datasets:
        raise SchemaError(f"the bundled snapshot has no dataset {name!r}; reinstall tradeshock")
    entry: dict[str, Any] = datasets[name]
    return entry


@functools.cache
def read_table(name: str) -> pd.DataFrame:
    """Read one bundled table (cached; do not mutate the result)."""
    entry = dataset_entry(name)
    raw = (_data_dir() / entry["file"]).read_bytes()
    dtypes: Mapping[str, str] = entry.get("dtypes", {})
    frame = pd.read_csv(
        io.BytesIO(raw),
        compression="gzip" if entry["file"].endswith(".gz") else None,
        dtype=dict(dtypes),
        keep_default_na=False,
        na_values=[""],
    )
    return frame


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file at ``path``."""
    return sha256_bytes(path.read_bytes())


def table_bytes(frame: pd.DataFrame, *, compress: bool = True) -> bytes:
    """Serialise ``frame`` deterministically (CSV, optionally gzip without timestamp)."""
    text = frame.to_csv(index=False, lineterminator="\n")
    data = text.encode("utf-8")
    if not compress:
        return data
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def write_table(
    frame: pd.DataFrame, out_dir: Path, name: str, meta: Mapping[str, Any], *, compress: bool = True
) -> dict[str, Any]:
    """Write ``frame`` as ``<name>.csv[.gz]`` in ``out_dir``; return its manifest entry.

    ``meta`` must hold at least ``description``, ``coverage``, ``frequency``, ``units``,
    ``upstream_url``, ``vintage``, ``source`` and ``inputs`` (raw files with their sha256).
    """
    required = (
        "description",
        "coverage",
        "frequency",
        "units",
        "upstream_url",
        "vintage",
        "source",
        "inputs",
    )
    missing = [key for key in required if key not in meta]
    if missing:
        raise SchemaError(f"manifest entry for {name!r} lacks {', '.join(missing)}")
    file_name = f"{name}.csv.gz" if compress else f"{name}.csv"
    data = table_bytes(frame, compress=compress)
    (out_dir / file_name).write_bytes(data)
    entry = dict(meta)
    entry["file"] = file_name
    entry["rows"] = len(frame)
    entry["sha256"] = sha256_bytes(data)
    entry["dtypes"] = {col: "str" for col in frame.columns if not _is_numeric(frame[col])}
    return entry


def _is_numeric(col: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(col)) and not pd.api.types.is_bool_dtype(col)


def write_manifest(out_dir: Path, datasets: Mapping[str, Mapping[str, Any]]) -> None:
    """Write ``manifest.json`` (sorted keys, stable formatting)."""
    payload = {"format": 1, "datasets": {k: datasets[k] for k in sorted(datasets)}}
    text = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (out_dir / MANIFEST).write_text(text, encoding="utf-8")

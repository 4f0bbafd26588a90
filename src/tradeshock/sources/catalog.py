"""The catalog of the bundled snapshot: what each dataset holds and where it came from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .._snapshot import manifest
from ._provenance import licence_of

__all__ = ["CATALOG_COLUMNS", "catalog"]

#: columns of [`catalog`][tradeshock.sources.catalog.catalog], in order
CATALOG_COLUMNS = (
    "dataset",
    "description",
    "coverage",
    "frequency",
    "units",
    "upstream_url",
    "vintage",
    "source",
    "rows",
    "sha256",
    "file",
    "inputs",
    "licence",
    "bundled",
    "freq",
    "notes",
)


def _text(value: object) -> str:
    """Render a manifest value as one line of text (lists joined with '; ')."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _inputs(value: object) -> str:
    """Raw inputs as ``path (sha256 prefix)``, joined with '; '."""
    if not isinstance(value, (list, tuple)):
        return _text(value)
    parts = []
    for item in value:
        if isinstance(item, Mapping) and "path" in item:
            digest = str(item.get("sha256", ""))[:12]
            parts.append(f"{item['path']} ({digest})" if digest else str(item["path"]))
        else:
            parts.append(_text(item))
    return "; ".join(parts)


def catalog(*, include_unbundled: bool = False) -> pd.DataFrame:
    """List every dataset of the bundled snapshot with its provenance.

    One row per dataset in the snapshot's ``manifest.json``: ``dataset, description, coverage,
    frequency, units, upstream_url, vintage, source, rows, sha256`` (of the bundled file),
    ``file`` and ``inputs`` (the raw upstream files it was built from, with a sha256 prefix;
    the full digests are in the manifest), ``licence`` (the terms of reuse as the compiler
    states them, else the project's record of them), ``bundled``, ``freq`` and ``notes``
    (caveats, joined with '; '). So every field of the
    [`Provenance`][tradeshock.sources.Provenance] that loaders stamp on their objects is here
    too (``freq`` is ``frequency`` under the record's name). Sorted by dataset name.

    With ``include_unbundled=True`` the datasets the project parses but may not redistribute
    (terms not established: Russia's FTS, Kazakhstan's BNS) are listed too, with
    ``bundled=False``, ``rows`` 0 and the reason in ``licence``.

    Example:
        >>> import tradeshock as ts
        >>> cat = ts.catalog()
        >>> cat.set_index("dataset").loc["census_trade_annual", "units"]
        'USD millions'
        >>> cat.set_index("dataset").loc["tic_treasury_holdings", "licence"][:18]
        'U.S. public domain'

    """
    datasets: Mapping[str, Mapping[str, Any]] = manifest()["datasets"]
    rows = []
    for name in sorted(datasets):
        entry = datasets[name]
        row: dict[str, object] = {"dataset": name}
        for col in CATALOG_COLUMNS[1:]:
            if col == "rows":
                row[col] = int(entry.get("rows", 0))
            elif col == "inputs":
                row[col] = _inputs(entry.get("inputs"))
            elif col == "freq":
                row[col] = _text(entry.get("frequency"))
            elif col == "bundled":
                row[col] = True
            elif col == "licence":
                row[col] = _text(entry.get(col)) or licence_of(name)
            else:
                row[col] = _text(entry.get(col))
        rows.append(row)
    if include_unbundled:
        from .bilateral._unbundled import NOT_BUNDLED

        for name, info in NOT_BUNDLED.items():
            rows.append(
                {
                    **{c: "" for c in CATALOG_COLUMNS},
                    **info,
                    "dataset": name,
                    "rows": 0,
                    "bundled": False,
                }
            )
        rows.sort(key=lambda r: str(r["dataset"]))
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))
    frame["rows"] = frame["rows"].astype("int64")
    frame["bundled"] = frame["bundled"].astype(bool)
    frame.attrs = {"source": "bundled", "units": "none", "vintage": "see the vintage column"}
    return frame

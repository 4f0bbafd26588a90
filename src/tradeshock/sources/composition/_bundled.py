"""The bundled composition table: Census end-use imports (HS2 is live only, see ``_comtrade``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..._snapshot import dataset_entry, read_table
from .._common import not_in_snapshot
from .._provenance import bundled_provenance, stamp
from ._frames import ENDUSE_DATASET, composition_frame

__all__ = ["coverage", "load_enduse_bundled"]


def coverage(dataset: str) -> str:
    """Return the manifest's coverage of ``dataset`` (so messages never go stale)."""
    return str(dataset_entry(dataset)["coverage"])


def load_enduse_bundled(code: str, label: str) -> pd.DataFrame:
    """Bundled end-use imports from one partner (Census code ``code``)."""
    entry = dataset_entry(ENDUSE_DATASET)
    table = read_table(ENDUSE_DATASET)
    rows = table[table["cty_code"] == code]
    if rows.empty:
        partners = table["cty_code"].nunique()
        raise not_in_snapshot(
            f"end-use imports from {label} (Census code {code})",
            f"{partners} country codes (and the World Total, 0000) for {entry['coverage']}",
            "source='census' for the live file",
        )
    years = [c for c in rows.columns if c.isdigit()]
    values = rows.set_index("end_use")[years]
    descriptions = dict(zip(rows["end_use"], rows["description"], strict=True))
    frame, categories = composition_frame(values, descriptions, basis="enduse")
    by_year: Mapping[str, str] = entry.get("vintage_by_year", {})
    present = [str(p.year) for p in frame.index]
    return stamp(
        frame,
        bundled_provenance(ENDUSE_DATASET, freq="Y", units="USD millions"),
        valuation=entry["valuation"],
        flow="imports",
        partner=label,
        cty_code=code,
        basis="enduse",
        categories=categories,
        vintages={y: by_year[y] for y in present if y in by_year},
    )

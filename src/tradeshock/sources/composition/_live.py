"""Live Census end-use imports (``enduse_imports.xlsx``), shaped like the snapshot."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

import pandas as pd

from .._common import not_covered_live, shown_url
from .._provenance import Provenance, licence_of, stamp
from ._frames import ENDUSE_DATASET, ENDUSE_PATH, composition_frame

if TYPE_CHECKING:
    import requests

__all__ = ["load_enduse_live"]


def load_enduse_live(code: str, label: str, session: requests.Session | None) -> pd.DataFrame:
    """Live end-use imports from one partner (Census code ``code``, ``"0000"`` for the world).

    Raises:
        NotCoveredError: the live file has no rows for the partner.

    Example:
        >>> load_enduse_live  # doctest: +ELLIPSIS
        <function load_enduse_live at ...>

    """
    from ...parsers.commodities import parse_enduse_imports
    from ..http import base_url, fetch

    url = base_url("census", session) + ENDUSE_PATH
    response = fetch(  # parsed before caching: a bad body is never stored
        url, session=session, what="Census end-use imports", validate=parse_enduse_imports
    )
    tidy = parse_enduse_imports(response.content)
    rows = tidy[tidy["cty_code"] == code]
    if rows.empty:
        raise not_covered_live(
            "Census end-use file",
            f"end-use imports from {label} (Census code {code})",
            f"{tidy['cty_code'].nunique()} Census codes",
        )
    values = rows.pivot(index="end_use", columns="year", values="value")
    descriptions = dict(zip(rows["end_use"], rows["description"], strict=True))
    frame, categories = composition_frame(values, descriptions, basis="enduse")
    shown = shown_url(url)
    vintage = response.headers.get("Last-Modified") or _dt.date.today().isoformat()
    provenance = Provenance(
        dataset=ENDUSE_DATASET,
        source="U.S. Census Bureau, end-use imports by country (enduse_imports.xlsx), live",
        units="USD millions",
        vintage=vintage,
        upstream_url=shown,
        freq="Y",
        licence=licence_of(ENDUSE_DATASET),
    )
    return stamp(
        frame,
        provenance,
        valuation="general imports, customs value",
        flow="imports",
        partner=label,
        cty_code=code,
        basis="enduse",
        categories=categories,
        vintages={str(p.year): vintage for p in frame.index},
    )

"""Foreign holdings of U.S. Treasury securities (U.S. Treasury, TIC), by holder, monthly.

* [`load_treasury_holdings`][tradeshock.sources.treasury.load_treasury_holdings]: the public loader;
  ``source="bundled"`` (default: every holder in TIC Table 3 / Table 3D, 2011-09 to 2026-04) or
  ``"treasury"`` (live ``slt_table3.txt``).
* ``_bundled.py`` reads the snapshot, ``_live.py`` the Treasury file; both shape with
  ``_frames.py`` (`holdings_series`, `resolve_holder`, `resolve_term`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ...errors import NotCoveredError
from .._common import check_source, not_covered_live, not_in_snapshot, select_periods
from ._bundled import load_holdings_bundled
from ._frames import TERMS, holdings_series, resolve_holder, resolve_term

if TYPE_CHECKING:
    import requests

__all__ = [
    "TERMS",
    "TREASURY_SOURCES",
    "holdings_series",
    "load_treasury_holdings",
    "resolve_holder",
    "resolve_term",
]

TREASURY_SOURCES = ("bundled", "treasury")


def load_treasury_holdings(
    holder: str = "Russia",
    *,
    term: str = "total",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
) -> pd.Series:
    """Load a foreign holder's U.S. Treasury securities, USD millions, end of month (TIC).

    Args:
        holder: a TIC country or group name (case-insensitive; e.g. ``"Russia"``,
            ``"China, Mainland"`` or ``"China"``, ``"Grand Total"``), a TIC code (``"16101"``)
            or, for a country, its ISO alpha-3 code (``"RUS"``).
        term: ``"total"``, ``"long_term"`` (bonds and notes) or ``"short_term"`` (bills).
        source: ``"bundled"`` (2011-09..2026-04: Table 3D, then Table 3 from 2020-01) or
            ``"treasury"`` (live ``slt_table3.txt``, 2020-01 on). TIC needs no API key.
        start: optional first month kept (inclusive).
        end: optional last month kept (inclusive).
        session: a ``requests.Session`` for the live source.

    Returns:
        Float64 Series named after the holder on a regular monthly ``PeriodIndex``; ``n.a.``
        months are NaN. ``attrs``: the provenance fields plus ``holder``, ``tic_code``, ``term``.

    Raises:
        UnknownPartnerError: ``holder`` is not known (with suggestions).
        NotCoveredError: TIC publishes nothing for this holder and term, or the months are
            outside the source (bundled: ``NotInSnapshotError``).

    Example:
        >>> import tradeshock as ts
        >>> float(ts.load_treasury_holdings("Russia").loc["2014-12"])
        86028.0

    """
    source = check_source(source, TREASURY_SOURCES, loader="load_treasury_holdings")
    if source == "bundled":
        series = load_holdings_bundled(holder, resolve_term(term))
    else:
        from . import _live  # imported lazily: the live path pulls in requests_cache

        series = _live.load_treasury_holdings_live(
            holder=holder, term=resolve_term(term), source=source, session=session
        )

    def not_covered(what: str, covers: str) -> NotCoveredError:
        if source == "bundled":
            return not_in_snapshot(what, covers, "source='treasury' for live data")
        return not_covered_live("TIC slt_table3.txt", what, covers)

    return select_periods(series, start, end, "M", not_covered=not_covered)

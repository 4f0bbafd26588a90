"""U.S. goods trade by partner (U.S. Census Bureau): every line about this dataset lives here.

Values are Census goods trade (Census basis), USD millions, nominal, not seasonally adjusted:
exports f.a.s. (domestic + foreign), general imports customs value;
``balance = exports - imports`` and ``total = exports + imports``.

* [`load_trade`][tradeshock.sources.trade.load_trade],
  [`load_trade_panel`][tradeshock.sources.trade.load_trade_panel],
  [`partner_ranks`][tradeshock.sources.trade.partner_ranks]: the public loaders; each dispatches on
  ``source=``: ``"bundled"`` (default: the snapshot inside the package, every Census partner code
  1985-01 … 2025-12 from two vintages of ``country.xlsx``, see
  [`tradeshock.catalog`][tradeshock.sources.catalog.catalog]), ``"census"`` (live ``country.xlsx``)
  or ``"census-api"`` (live International Trade API, monthly from 2013).
* ``_bundled.py`` reads the snapshot, ``_live.py`` the agency; both shape with ``_frames.py``
  (`trade_frame`, `panel_frame`, `ranks_frame` and the builders behind
  them), so the same request gives the same frame, attrs and errors from either source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..._freq import normalize_freq
from ...errors import NotCoveredError, ValidationError
from .._common import (
    check_source,
    not_covered_live,
    not_in_snapshot,
    renamed_key,
    select_periods,
)
from ._bundled import bundled_tables as bundled_tables  # importable as in 0.1.0, not public
from ._bundled import load_panel_bundled, load_trade_bundled, partner_ranks_bundled
from ._frames import (
    FLOWS,
    RANK_BY,
    _check_choice,
    panel_frame,
    ranks_frame,
    trade_frame,
)

if TYPE_CHECKING:  # requests is only needed for the live source
    import requests

__all__ = [
    "FLOWS",
    "RANK_BY",
    "SOURCES",
    "load_trade",
    "load_trade_panel",
    "panel_frame",
    "partner_ranks",
    "ranks_frame",
    "trade_frame",
]

#: valid ``source=`` values of the trade loaders (``census``: country.xlsx; ``census-api``: the
#: International Trade API, monthly from 2013)
SOURCES = ("bundled", "census", "census-api")


def load_trade(
    partner: str | int,
    *,
    freq: str = "Y",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
    api_key: str | None = None,
    key: str | None = None,
) -> pd.DataFrame:
    """Load U.S. goods trade with one partner (USD millions).

    Args:
        partner: name (case-insensitive, ``"Russia"``, ``"Russian Federation"``), ISO alpha-3
            (``"RUS"``) or Census code (``4621``); aggregates work too (``"World"``,
            ``"European Union"``). A name shared by two Census codes resolves to the current one.
        freq: ``"Y"`` (calendar year; ``"A"`` is an alias) or ``"M"``.
        source: ``"bundled"`` (the snapshot inside the package), ``"census"`` (live
            ``country.xlsx``) or ``"census-api"`` (live International Trade API, from 2013).
        start: optional first period (``2014``, ``"2014-03"``, a date or Period), inclusive.
        end: optional last period, inclusive (a year means its last month at ``freq="M"``).
        session: a ``requests.Session`` for the live source (default: the cached session).
        api_key: Census API key for ``source="census-api"`` (default: env ``CENSUS_API_KEY``;
            optional, Census allows a few keyless queries a day). Never cached or logged.
        key: deprecated spelling of ``api_key`` (0.1.0); warns ``DeprecationWarning``.

    Returns:
        DataFrame with float64 columns ``exports``, ``imports``, ``balance``, ``total`` on a
        regular PeriodIndex ``period`` (from the partner's first to its last period); NaN where
        unpublished or where Census has no row (Libya 1997-1999). ``attrs``: the
        [`Provenance`][tradeshock.sources.Provenance] fields (``dataset``, ``source``,
        ``units``, ``vintage``, ``upstream_url``, ``freq``, ``licence``, ``notes``) plus
        ``partner``, ``cty_code``, ``iso3``.

    Raises:
        UnknownPartnerError: ``partner`` is not known (the message suggests close matches).
        ValidationError: bad ``freq``, ``source``, ``start`` or ``end``.
        NotCoveredError: the bounds or the partner fall outside what the source covers; from
            the bundled source this is its subclass ``NotInSnapshotError``, which names the
            live source to use.
        SourceError: the live download failed.

    Example:
        >>> import tradeshock as ts
        >>> ts.load_trade("Russia").loc["2014", ["exports", "imports"]].tolist()
        [10752.4, 23659.6]

    """
    f = normalize_freq(freq)
    src = check_source(source, SOURCES, loader="load_trade")
    api_key = renamed_key(api_key, key, loader="load_trade")
    if src == "bundled":
        return load_trade_bundled(partner, f, start, end)
    from . import _live  # imported lazily: the live path pulls in requests_cache

    return _live.load_trade_live(
        partner, freq=f, source=src, start=start, end=end, session=session, api_key=api_key
    )


def load_trade_panel(
    *,
    flow: str = "total",
    freq: str = "Y",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
    api_key: str | None = None,
    key: str | None = None,
) -> pd.DataFrame:
    """Load one trade flow for every partner country: one column per partner (USD millions).

    Countries only: aggregates (World, EU, regions), 8220 "Unidentified Countries" and 8500
    "International Organizations" are left out. Columns are partner labels in Census code order;
    a name shared by two codes appears twice, the non-current code labelled with its code
    (``"Serbia"`` and ``"Serbia [4802]"``), never summed. NaN where a partner has no row.

    Args:
        flow: ``"total"``, ``"exports"``, ``"imports"`` or ``"balance"``.
        freq: ``"Y"`` or ``"M"``.
        source: ``"bundled"``, ``"census"`` or ``"census-api"`` (live; see
            [`load_trade`][tradeshock.load_trade]).
        start: optional first period kept (inclusive), as for ``load_trade``.
        end: optional last period kept (inclusive).
        session: a ``requests.Session`` for the live source.
        api_key: Census API key for ``source="census-api"`` (default: env ``CENSUS_API_KEY``).
        key: deprecated spelling of ``api_key`` (0.1.0); warns ``DeprecationWarning``.

    Returns:
        Periods × partners, float64; ``attrs``: the provenance fields plus ``flow`` and
        ``cty_codes`` (label → Census code).

    Raises:
        ValidationError: bad ``flow``, ``freq``, ``source``, ``start`` or ``end``.
        NotCoveredError: ``start`` or ``end`` outside what the source covers (bundled:
            ``NotInSnapshotError``).

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="exports")
        >>> panel.loc["2014", "Russia"].item()
        10752.4

    """
    f = normalize_freq(freq)
    flow = _check_choice(flow, FLOWS, "flow")
    src = check_source(source, SOURCES, loader="load_trade_panel")
    api_key = renamed_key(api_key, key, loader="load_trade_panel")
    if src == "bundled":
        panel = load_panel_bundled(flow, f)
    else:
        from . import _live

        panel = _live.load_trade_panel_live(
            flow=flow, freq=f, source=src, session=session, api_key=api_key
        )

    def not_covered(what: str, covers: str) -> NotCoveredError:
        if src == "bundled":
            return not_in_snapshot(what, covers, "source='census' for live data")
        return not_covered_live("Census trade data", what, covers)

    return select_periods(panel, start, end, f, not_covered=not_covered)


def partner_ranks(
    year: int | str,
    *,
    by: str = "total",
    source: str = "bundled",
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """Rank the partner countries in one year (largest first).

    Countries only (no aggregates, 8220, 8500); partners labelled as in
    [`load_trade_panel`][tradeshock.load_trade_panel]. Ties share the lowest rank (1, 2, 2, 4);
    a NaN value gets rank ``<NA>`` and is listed last.

    Args:
        year: calendar year (``2020`` or ``"2020"``).
        by: ``"total"`` (exports + imports), ``"exports"`` or ``"imports"``.
        source: ``"bundled"``, ``"census"`` or ``"census-api"`` (as for ``load_trade``).
        session: a ``requests.Session`` for the live source.
        api_key: Census API key for ``source="census-api"``.

    Returns:
        DataFrame with columns ``rank, partner, cty_code, iso3, exports, imports, total,
        balance`` (USD millions), one row per country with data that year; ``attrs``: the
        provenance fields plus ``year`` and ``by``.

    Raises:
        ValidationError: bad ``by`` or a ``year`` that is not a year.
        NotCoveredError: the source has no annual data for ``year`` (bundled:
            ``NotInSnapshotError``).

    Example:
        >>> import tradeshock as ts
        >>> ranks = ts.partner_ranks(2020)
        >>> int(ranks.loc[ranks.partner == "Russia", "rank"].item())
        28

    """
    by = _check_choice(by, RANK_BY, "by")
    src = check_source(source, SOURCES, loader="partner_ranks")
    if isinstance(year, bool):
        raise ValidationError(f"year={year!r} is not a calendar year")
    try:
        y = int(str(year).strip())
    except ValueError as exc:
        raise ValidationError(f"year={year!r} is not a calendar year") from exc
    if src == "bundled":
        return partner_ranks_bundled(y, by)
    from . import _live

    return _live.partner_ranks_live(y, by=by, source=src, session=session, api_key=api_key)

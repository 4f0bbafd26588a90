"""Petroleum imports by origin and oil spot prices (U.S. EIA; FRED for prices): one folder.

* [`load_petroleum_imports`][tradeshock.sources.energy.load_petroleum_imports],
  [`load_oil_price`][tradeshock.sources.energy.load_oil_price]: the public loaders; each dispatches
  on ``source=``: ``"bundled"`` (default, the snapshot), ``"eia"`` (EIA API v2, key required) or,
  for prices, ``"fred"``.
* ``_bundled.py`` reads the snapshot, ``_live.py`` the agencies; both shape with ``_frames.py``
  (`imports_frame`, `price_series`), which also holds the one table of EIA series ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pandas as pd

from ..._freq import normalize_freq
from ..._partners import name_key, resolve_names
from ...errors import NotCoveredError
from .._common import check_source, not_covered_live, not_in_snapshot, select_periods
from ._bundled import load_oil_price_bundled, load_petroleum_bundled
from ._frames import (
    ORIGIN_ALIASES,
    PRODUCTS,
    check_product,
    imports_frame,
    price_series,
    resolve_benchmark,
)

if TYPE_CHECKING:
    import requests

__all__ = [
    "OIL_SOURCES",
    "ORIGIN_ALIASES",
    "PETROLEUM_SOURCES",
    "PRODUCTS",
    "check_source",
    "imports_frame",
    "load_oil_price",
    "load_petroleum_imports",
    "name_key",
    "price_series",
    "resolve_benchmark",
    "resolve_names",
]

PETROLEUM_SOURCES = ("bundled", "eia")
OIL_SOURCES = ("bundled", "eia", "fred")


def _window_error(source: str, live_name: str) -> Callable[[str, str], NotCoveredError]:
    """Return the coverage error of ``start``/``end`` for ``source`` (one family both ways)."""

    def not_covered(what: str, covers: str) -> NotCoveredError:
        if source == "bundled":
            return not_in_snapshot(what, covers, "source='eia' for live data")
        return not_covered_live(live_name, what, covers)

    return not_covered


def load_petroleum_imports(
    origins: str | Iterable[str] = ("Russia", "Canada", "Venezuela"),
    *,
    product: str = "crude_and_products",
    freq: str = "Y",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """U.S. petroleum imports by country of origin, one column per origin.

    ``product="crude_and_products"`` (default) is EIA's crude oil and petroleum products imports in
    **thousand barrels** (bundled: annual 1993-2021, every origin of EIA's table).
    ``product="crude"`` is crude oil only in **thousand barrels per day** (bundled: U.S. total,
    Canada, Russia, Venezuela; annual 1993-2025 and monthly 2025-01..2026-07). Missing values
    (EIA blanks, and zeros of the derived annual table) are NaN.

    Args:
        origins: EIA country names (case-insensitive), ISO alpha-3 or Census codes (``"SAU"``);
            live, also raw EIA series ids (``"MTTIMUSSA1"``).
        product: ``"crude_and_products"`` or ``"crude"``.
        freq: ``"Y"`` or ``"M"``.
        source: ``"bundled"`` or ``"eia"`` (EIA API v2).
        start: optional first period kept (inclusive).
        end: optional last period kept (inclusive).
        session: a ``requests.Session`` for the live source.
        api_key: EIA API key for ``source="eia"`` (default: env ``EIA_API_KEY``; required).

    Returns:
        Periods × origins (float64); ``attrs``: the provenance fields plus ``product`` and
        ``series_ids``.

    Raises:
        UnknownPartnerError: an origin is not known (with suggestions).
        ValidationError: bad ``product``, ``freq``, ``source``, ``start`` or ``end``.
        NotCoveredError: the source lacks the frequency, origin or period (bundled:
            ``NotInSnapshotError``).

    Example:
        >>> import tradeshock as ts
        >>> imports = ts.load_petroleum_imports(["Russia", "Canada"])
        >>> float(imports.loc["2021", "Russia"])
        245194.0

    """
    if not isinstance(origins, (str, Iterable)):
        raise TypeError(
            f"load_petroleum_imports: origins must be a name or a list of names, "
            f"got {type(origins).__name__}"
        )
    source = check_source(source, PETROLEUM_SOURCES, loader="load_petroleum_imports")
    if source == "bundled":
        product = check_product(product)
        f = normalize_freq(freq)
        frame = load_petroleum_bundled(origins, product, f)
    else:
        from . import _live  # imported lazily: the live path pulls in requests_cache

        frame = _live.load_petroleum_imports_live(
            origins=origins,
            product=product,
            freq=freq,
            source=source,
            api_key=api_key,
            session=session,
        )
        f = normalize_freq(freq)
    errors = _window_error(source, "EIA petroleum/move/impcus")
    return select_periods(frame, start, end, f, not_covered=errors)


def load_oil_price(
    benchmark: str = "brent",
    *,
    freq: str = "M",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.Series:
    """Crude oil spot price FOB in USD per barrel: Brent (EIA ``RBRTE``) or WTI (EIA ``RWTC``).

    Args:
        benchmark: ``"brent"`` or ``"wti"`` (EIA ids ``RBRTE`` / ``RWTC`` and FRED ids are
            accepted too).
        freq: ``"M"`` (monthly average) or ``"Y"`` (annual average).
        source: ``"bundled"``, ``"eia"`` (EIA API v2, key required) or ``"fred"``.
        start: optional first period kept (inclusive).
        end: optional last period kept (inclusive).
        session: a ``requests.Session`` for the live source.
        api_key: EIA API key for ``source="eia"`` (default: env ``EIA_API_KEY``).

    Returns:
        Float64 Series on a regular ``PeriodIndex``; ``attrs``: the provenance fields plus
        ``benchmark`` and ``series_id``.

    Example:
        >>> import tradeshock as ts
        >>> float(ts.load_oil_price("brent", freq="Y").loc["2016"])
        43.64

    """
    source = check_source(source, OIL_SOURCES, loader="load_oil_price")
    if source == "bundled":
        name = resolve_benchmark(benchmark)
        f = normalize_freq(freq)
        series = load_oil_price_bundled(name, f)
    else:
        from . import _live

        series = _live.load_oil_price_live(
            benchmark=benchmark, freq=freq, source=source, session=session, api_key=api_key
        )
        f = normalize_freq(freq)
    errors = _window_error(source, "EIA/FRED oil prices")
    return select_periods(series, start, end, f, not_covered=errors)

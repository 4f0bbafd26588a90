"""Pure shaping of EIA petroleum imports and oil spot prices, shared by both paths.

Holds the one table of EIA series ids (`EIA_PETROLEUM_SERIES`, `EIA_PRICE_SERIES`,
`FRED_PRICE_SERIES`), the origin aliases, and the frame builders
(`imports_frame`, `price_series`) that the bundled and the live loaders both end with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..._freq import Freq
from ...errors import ValidationError
from ...parsers.eia import (
    CRUDE_TOTAL,
    EIA_PETROLEUM_SERIES,
    PRODUCT_CRUDE,
    PRODUCT_CRUDE_AND_PRODUCTS,
    UNITS_KB,
    UNITS_KBD,
)
from ...parsers.oil import BENCHMARK_SERIES

__all__ = [
    "EIA_AVERAGE",
    "EIA_PETROLEUM_SERIES",
    "EIA_PRICE_SERIES",
    "FRED_PRICE_SERIES",
    "ORIGIN_ALIASES",
    "PRODUCTS",
    "PRODUCT_UNITS",
    "check_product",
    "imports_frame",
    "price_series",
    "resolve_benchmark",
]

PRODUCTS = (PRODUCT_CRUDE_AND_PRODUCTS, PRODUCT_CRUDE)
#: units of each product (the same from the snapshot and from EIA's API)
PRODUCT_UNITS = {PRODUCT_CRUDE_AND_PRODUCTS: UNITS_KB, PRODUCT_CRUDE: UNITS_KBD}
#: EIA ``petroleum/pri/spt`` series per benchmark (USD per barrel)
EIA_PRICE_SERIES = BENCHMARK_SERIES
#: how EIA's monthly and annual prices are made (bundled and ``source="eia"``)
EIA_AVERAGE = "EIA monthly/annual average of daily spot prices"
#: FRED daily series per benchmark (USD per barrel; FRED re-publishes EIA's series)
FRED_PRICE_SERIES = {"brent": "DCOILBRENTEU", "wti": "DCOILWTICO"}

#: names users type for an origin → the label in the data (bundled and live EIA loaders)
ORIGIN_ALIASES = {
    "total": CRUDE_TOTAL,
    "us total": CRUDE_TOTAL,
    "us imports": CRUDE_TOTAL,
    "united states": CRUDE_TOTAL,
    "world": CRUDE_TOTAL,
    "all": CRUDE_TOTAL,
    "russian federation": "Russia",
    "rus": "Russia",
    "can": "Canada",
    "ven": "Venezuela",
    "bolivarian republic of venezuela": "Venezuela",
}
# benchmark names, EIA and FRED ids → benchmark
_BENCHMARKS = {
    "brent": "brent",
    "rbrte": "brent",
    "dcoilbrenteu": "brent",
    "wti": "wti",
    "rwtc": "wti",
    "dcoilwtico": "wti",
}


def _periods(values: Iterable[Any], freq: Freq) -> pd.PeriodIndex:
    index: pd.PeriodIndex = pd.PeriodIndex(
        [pd.Period(str(v), freq=freq) for v in values], name="period"
    )
    return index


def imports_frame(tidy: pd.DataFrame, origins: Sequence[str], *, freq: Freq) -> pd.DataFrame:
    """Turn tidy ``origin, period, value`` rows into one column per origin (in ``origins`` order).

    The index is a regular ``PeriodIndex`` named ``period`` spanning the tidy table; periods an
    origin lacks are NaN.

    Example:
        >>> tidy = pd.DataFrame({"origin": ["Canada", "Canada"], "period": ["2020", "2022"],
        ...                      "value": [1.0, 3.0]})
        >>> imports_frame(tidy, ["Canada"], freq="Y")["Canada"].tolist()
        [1.0, nan, 3.0]

    """
    periods = _periods(tidy["period"], freq)
    values = pd.Series(
        tidy["value"].to_numpy(dtype=float), index=[tidy["origin"].to_numpy(), periods]
    )
    if values.index.duplicated().any():
        raise ValidationError("imports_frame: an origin-period appears twice in the tidy table")
    wide = values.unstack(level=0)
    full = pd.period_range(periods.min(), periods.max(), freq=freq, name="period")
    frame = wide.reindex(index=full, columns=list(origins))
    frame.columns = pd.Index(list(origins))
    frame.index.name = "period"
    result: pd.DataFrame = frame.astype(float)
    return result


def price_series(tidy: pd.DataFrame, *, freq: Freq, name: str) -> pd.Series:
    """Turn tidy ``period, value`` rows into a float Series on a regular ``PeriodIndex``.

    Example:
        >>> tidy = pd.DataFrame({"period": ["2016", "2017"], "value": [43.64, 54.13]})
        >>> [str(p) for p in price_series(tidy, freq="Y", name="brent").index]
        ['2016', '2017']

    """
    periods = _periods(tidy["period"], freq)
    series = pd.Series(tidy["value"].to_numpy(dtype=float), index=periods, name=name)
    if series.index.duplicated().any():
        raise ValidationError("price_series: a period appears twice in the tidy table")
    full = pd.period_range(periods.min(), periods.max(), freq=freq, name="period")
    result: pd.Series = series.sort_index().reindex(full)
    return result


def resolve_benchmark(benchmark: object) -> str:
    """Return ``"brent"`` or ``"wti"`` for a benchmark name or EIA/FRED series id.

    Example:
        >>> resolve_benchmark("RWTC")
        'wti'

    """
    parts = benchmark.strip().casefold().split(".") if isinstance(benchmark, str) else [""]
    if len(parts) > 1 and parts[0] == "pet":  # EIA APIv1 style "PET.RBRTE.M"
        parts = parts[1:]
    if len(parts) == 2 and parts[1] in {"m", "a", "d", "w"}:
        parts = parts[:1]
    key = parts[0] if len(parts) == 1 else ""
    if key not in _BENCHMARKS:
        raise ValidationError(
            f"benchmark={benchmark!r} is not known; use 'brent' (EIA RBRTE) or 'wti' (EIA RWTC)"
        )
    return _BENCHMARKS[key]


def check_product(product: object) -> str:
    """Return ``product`` if it is one of `PRODUCTS`, else raise ``ValidationError``.

    Example:
        >>> check_product("crude")
        'crude'

    """
    if product not in PRODUCTS:
        raise ValidationError(
            f"product={product!r} is not known; use one of " + ", ".join(repr(p) for p in PRODUCTS)
        )
    return str(product)

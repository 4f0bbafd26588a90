"""The bundled EIA tables: petroleum imports by origin and Brent/WTI spot prices."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..._freq import Freq
from ..._partners import resolve_names
from ..._snapshot import dataset_entry, read_table
from ...errors import NotInSnapshotError
from ...parsers.eia import PRODUCT_CRUDE, PRODUCT_CRUDE_AND_PRODUCTS
from .._common import not_in_snapshot
from .._provenance import bundled_provenance, stamp
from ._frames import (
    EIA_AVERAGE,
    EIA_PRICE_SERIES,
    ORIGIN_ALIASES,
    PRODUCT_UNITS,
    imports_frame,
    price_series,
)

__all__ = ["DATASETS", "OIL_DATASET", "load_oil_price_bundled", "load_petroleum_bundled"]

#: bundled dataset of each petroleum product
DATASETS = {
    PRODUCT_CRUDE_AND_PRODUCTS: "eia_petroleum_imports_annual",
    PRODUCT_CRUDE: "eia_crude_imports_kbd",
}
OIL_DATASET = "oil_prices"
_CRUDE_NOTE = "crude oil only: kb/d is the only bundled crude series"


@functools.cache
def _bundled_imports(product: str, freq: Freq) -> pd.DataFrame:
    """All bundled origins of one product and frequency (cached; callers copy)."""
    if product == PRODUCT_CRUDE_AND_PRODUCTS:
        tidy = read_table(DATASETS[product])
    else:
        table = read_table(DATASETS[product])
        tidy = table[table["freq"] == freq]
    origins = list(dict.fromkeys(tidy["origin"]))
    return imports_frame(tidy, origins, freq=freq)


def not_covered(what: str, entry: Mapping[str, Any], extra: str = "") -> NotInSnapshotError:
    """Return the snapshot's error for an energy request it cannot serve."""
    covers = f"{entry['coverage']} ({entry['units']}){extra}"
    return not_in_snapshot(what, covers, "source='eia' for live data")


def _resolve_origins(
    origins: str | Iterable[str], product: str, available: list[str], entry: Mapping[str, Any]
) -> list[str]:
    """Resolve origins for one product; names known only for the other product → NotInSnapshot."""
    other = PRODUCT_CRUDE if product == PRODUCT_CRUDE_AND_PRODUCTS else PRODUCT_CRUDE_AND_PRODUCTS
    everything = list(dict.fromkeys([*available, *_bundled_imports(other, "Y").columns]))
    names = resolve_names(origins, everything, aliases=ORIGIN_ALIASES)
    absent = [n for n in names if n not in available]
    if absent:
        raise not_covered(
            f"{', '.join(absent)} for product={product!r}",
            entry,
            f"; product={other!r} has {', '.join(absent)}",
        )
    return names


def load_petroleum_bundled(origins: str | Iterable[str], product: str, freq: Freq) -> pd.DataFrame:
    """Bundled `tradeshock.load_petroleum_imports` (product and freq already checked)."""
    dataset = DATASETS[product]
    entry = dataset_entry(dataset)
    if product == PRODUCT_CRUDE_AND_PRODUCTS and freq == "M":
        crude_entry = dataset_entry(DATASETS[PRODUCT_CRUDE])
        raise not_covered(
            "monthly crude_and_products imports",
            entry,
            f"; product='crude' has crude-only kb/d ({crude_entry['coverage']})",
        )
    bundled = _bundled_imports(product, freq)
    names = _resolve_origins(origins, product, list(bundled.columns), entry)
    result: pd.DataFrame = bundled.loc[:, names].copy()
    series_ids: Mapping[str, str] = entry.get("series_ids", {})
    notes = list(entry.get("notes", []))
    if product == PRODUCT_CRUDE:
        notes.insert(0, _CRUDE_NOTE)
    provenance = bundled_provenance(dataset, freq=freq, units=PRODUCT_UNITS[product], notes=notes)
    return stamp(
        result,
        provenance,
        product=product,
        series_ids={n: series_ids[n] for n in names if n in series_ids},
    )


@functools.cache
def _bundled_prices(benchmark: str, freq: Freq) -> pd.Series:
    table = read_table(OIL_DATASET)
    tidy = table[(table["benchmark"] == benchmark) & (table["freq"] == freq)]
    return price_series(tidy, freq=freq, name=benchmark)


def load_oil_price_bundled(benchmark: str, freq: Freq) -> pd.Series:
    """Bundled `tradeshock.load_oil_price` (``benchmark`` already resolved)."""
    result: pd.Series = _bundled_prices(benchmark, freq).copy()
    return stamp(
        result,
        bundled_provenance(OIL_DATASET, freq=freq),
        benchmark=benchmark,
        series_id=EIA_PRICE_SERIES[benchmark],
        method=EIA_AVERAGE,
    )

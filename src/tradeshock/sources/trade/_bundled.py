"""The bundled Census trade tables: arrays behind `tradeshock.load_trade` and friends.

The snapshot stores one row per (code, year) with the months in columns; `_store` turns a
frequency into code-sorted arrays once per process. Shaping is `_frames`'s, the same as
the live path's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ..._freq import Freq
from ..._partners import Partner, _table, resolve_partner
from ..._snapshot import dataset_entry, read_table
from ...errors import NotInSnapshotError
from .._common import not_in_snapshot
from .._provenance import bundled_provenance, stamp
from ._frames import (
    DECIMALS,
    FLOWS,
    RANK_BY,
    _check_choice,
    _panel,
    _periods,
    bounds,
    partner_frame,
    period_mask,
    ranks_frame,
)

__all__ = ["bundled_tables", "load_panel_bundled", "load_trade_bundled", "partner_ranks_bundled"]

#: ``attrs["source"]`` of bundled trade objects
SOURCE_BUNDLED = "bundled snapshot: U.S. Census Bureau"
_MONTH_COLS = [f"{m:02d}" for m in range(1, 13)]
_LIVE_HINT = "source='census' for live data"
_DATASET = {"Y": "census_trade_annual", "M": "census_trade_monthly"}


@attrs.frozen
class _Store:
    """One frequency of the bundled trade table, sorted by (code, period), in arrays."""

    freq: Freq
    codes: np.ndarray
    ordinals: np.ndarray
    exports: np.ndarray
    imports: np.ndarray
    vintage: np.ndarray
    slices: dict[str, tuple[int, int]]
    first: pd.Period
    last: pd.Period


def bundled_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the bundled trade data as tidy (monthly, annual) frames (new objects).

    Same columns as the parsers (``cty_code, name, period|year, exports, imports``) plus
    ``vintage``.

    Example:
        >>> monthly, annual = bundled_tables()
        >>> annual.loc[(annual.cty_code == "4621") & (annual.year == 2014), "exports"].item()
        10752.4

    """
    return _bundled_monthly().copy(), _bundled_annual().copy()


def _names() -> dict[str, str]:
    return dict(zip(_table()["cty_code"], _table()["name"], strict=True))


@functools.lru_cache(maxsize=1)
def _bundled_monthly() -> pd.DataFrame:
    names = _names()
    stored = read_table("census_trade_monthly")
    n = len(stored)
    codes = np.repeat(stored["cty_code"].astype(str).to_numpy(), 12)
    years = np.repeat(stored["year"].to_numpy(dtype="int64"), 12)
    months = np.tile(np.arange(1, 13), n)
    monthly: pd.DataFrame = pd.DataFrame(
        {
            "cty_code": codes,
            "name": pd.Series(codes).map(names).to_numpy(),
            "period": [
                f"{y:04d}-{m:02d}" for y, m in zip(years.tolist(), months.tolist(), strict=True)
            ],
            "exports": stored[[f"exports_{m}" for m in _MONTH_COLS]]
            .to_numpy("float64")
            .reshape(-1),
            "imports": stored[[f"imports_{m}" for m in _MONTH_COLS]]
            .to_numpy("float64")
            .reshape(-1),
            "vintage": np.repeat(stored["vintage"].astype(str).to_numpy(), 12),
        }
    )
    return monthly


@functools.lru_cache(maxsize=1)
def _bundled_annual() -> pd.DataFrame:
    names = _names()
    stored_annual = read_table("census_trade_annual")
    annual: pd.DataFrame = pd.DataFrame(
        {
            "cty_code": stored_annual["cty_code"].astype(str).to_numpy(),
            "name": stored_annual["cty_code"].astype(str).map(names).to_numpy(),
            "year": stored_annual["year"].to_numpy(dtype="int64"),
            "exports": stored_annual["exports"].to_numpy(dtype="float64"),
            "imports": stored_annual["imports"].to_numpy(dtype="float64"),
            "vintage": stored_annual["vintage"].astype(str).to_numpy(),
        }
    )
    return annual


@functools.lru_cache(maxsize=2)
def _store(freq: Freq) -> _Store:
    stored = read_table("census_trade_annual" if freq == "Y" else "census_trade_monthly")
    # Sort the stored rows (one per code and year) by code, then year, before widening months:
    # codes are 4-digit strings, so their integer order is their string order, and sorting
    # ~9,000 integer rows is far cheaper than ~110,000 strings.
    years = stored["year"].to_numpy(dtype="int64")
    order = np.lexsort((years, stored["cty_code"].astype("int64").to_numpy()))
    row_codes = stored["cty_code"].astype(str).to_numpy()[order]
    years = years[order]
    row_vintage = stored["vintage"].astype(str).to_numpy()[order]
    if freq == "Y":
        codes, ordinals, vintage = row_codes, years - 1970, row_vintage
        exports = stored["exports"].to_numpy(dtype="float64")[order]
        imports = stored["imports"].to_numpy(dtype="float64")[order]
    else:
        codes = np.repeat(row_codes, 12)
        ordinals = np.repeat((years - 1970) * 12, 12) + np.tile(np.arange(12), len(years))
        exports = stored[[f"exports_{m}" for m in _MONTH_COLS]].to_numpy("float64")[order]
        imports = stored[[f"imports_{m}" for m in _MONTH_COLS]].to_numpy("float64")[order]
        exports, imports = exports.reshape(-1), imports.reshape(-1)
        vintage = np.repeat(row_vintage, 12)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    stops = [*starts[1:].tolist(), len(codes)]
    slices = {str(codes[a]): (int(a), int(b)) for a, b in zip(starts.tolist(), stops, strict=True)}
    return _Store(
        freq=freq,
        codes=codes,
        ordinals=ordinals,
        exports=exports,
        imports=imports,
        vintage=vintage,
        slices=slices,
        first=pd.Period(ordinal=int(ordinals.min()), freq=freq),
        last=pd.Period(ordinal=int(ordinals.max()), freq=freq),
    )


def _vintage_text(keys: Iterable[str], spans: dict[str, str]) -> str:
    described: dict[str, Any] = dataset_entry("census_trade_annual").get("vintages", {})
    parts = []
    for key in keys:
        info = described.get(key, {})
        parts.append(f"{key} ({spans[key]}): {info.get('description', key)}")
    return "; ".join(parts)


def _not_in_snapshot(what: str, first: pd.Period, last: pd.Period) -> NotInSnapshotError:
    return not_in_snapshot(what, f"{first} to {last}", _LIVE_HINT)


def _vintage_spans(vintages: np.ndarray, periods: pd.PeriodIndex) -> str:
    spans: dict[str, str] = {}
    for key in dict.fromkeys(vintages.tolist()):
        sel = periods[vintages == key]
        spans[str(key)] = f"{sel.min()} to {sel.max()}"
    return _vintage_text(spans, spans)


def load_trade_bundled(partner: str | int, freq: Freq, start: object, end: object) -> pd.DataFrame:
    """Bundled `tradeshock.load_trade` (arguments already checked by the caller)."""
    resolved = resolve_partner(partner)
    store = _store(freq)
    lo, hi = bounds(
        start, end, freq, first=store.first, last=store.last, not_covered=_not_in_snapshot
    )
    if resolved.cty_code not in store.slices:
        raise _not_in_snapshot(
            f"partner {resolved.label!r} at freq {freq!r}", store.first, store.last
        )
    a, b = store.slices[resolved.cty_code]
    ordinals = store.ordinals[a:b]

    def not_covered(what: str, first: pd.Period, last: pd.Period) -> NotInSnapshotError:
        return not_in_snapshot(what, f"{resolved.label} from {first} to {last}", _LIVE_HINT)

    keep = period_mask(ordinals, freq, lo, hi, label=resolved.label, not_covered=not_covered)
    frame = partner_frame(
        ordinals[keep],
        store.exports[a:b][keep],
        store.imports[a:b][keep],
        freq,
        decimals=DECIMALS,
    )
    vintage = _vintage_spans(store.vintage[a:b][keep], _periods(ordinals[keep], freq))
    return _stamp_partner(frame, resolved, freq, vintage)


def _stamp_partner(frame: pd.DataFrame, partner: Partner, freq: Freq, vintage: str) -> pd.DataFrame:
    provenance = bundled_provenance(
        _DATASET[freq], freq=freq, source=SOURCE_BUNDLED, vintage=vintage
    )
    return stamp(
        frame, provenance, partner=partner.label, cty_code=partner.cty_code, iso3=partner.iso3
    )


@functools.lru_cache(maxsize=8)
def _bundled_panel(flow: str, freq: Freq) -> pd.DataFrame:
    store = _store(freq)
    return _panel(
        store.ordinals,
        store.codes,
        store.exports,
        store.imports,
        _table(),
        flow,
        freq,
        decimals=DECIMALS,
    )


def load_panel_bundled(flow: str, freq: Freq) -> pd.DataFrame:
    """Bundled `tradeshock.load_trade_panel` (arguments already checked)."""
    flow = _check_choice(flow, FLOWS, "flow")
    cached = _bundled_panel(flow, freq)
    panel: pd.DataFrame = cached.copy()
    provenance = bundled_provenance(
        _DATASET[freq],
        freq=freq,
        source=SOURCE_BUNDLED,
        vintage=str(dataset_entry("census_trade_annual")["vintage"]),
    )
    return stamp(panel, provenance, flow=flow, cty_codes=dict(cached.attrs["cty_codes"]))


def partner_ranks_bundled(year: int, by: str) -> pd.DataFrame:
    """Bundled `tradeshock.partner_ranks` (``year`` already an int)."""
    by = _check_choice(by, RANK_BY, "by")
    store = _store("Y")
    if not store.first.year <= year <= store.last.year:
        raise not_in_snapshot(
            f"year {year}",
            f"{store.first.year} to {store.last.year}",
            "load_trade_panel(source='census') for live data",
        )
    cached = _bundled_ranks(year, by)
    ranks: pd.DataFrame = cached.copy()
    ranks.attrs = dict(cached.attrs)
    return ranks


@functools.lru_cache(maxsize=64)
def _bundled_ranks(year: int, by: str) -> pd.DataFrame:
    annual = _bundled_annual()
    ranks = ranks_frame(annual, _table(), year, by=by, decimals=DECIMALS)
    vintages = annual.loc[annual["year"] == year, "vintage"].astype(str)
    keys = dict.fromkeys(sorted(set(vintages)))
    provenance = bundled_provenance(
        "census_trade_annual",
        freq="Y",
        source=SOURCE_BUNDLED,
        vintage=_vintage_text(keys, {k: str(year) for k in keys}),
    )
    return stamp(ranks, provenance, year=year, by=by)

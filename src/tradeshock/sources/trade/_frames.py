"""U.S. goods trade by partner: :func:`load_trade`, :func:`load_trade_panel`, :func:`partner_ranks`.

Values are U.S. Census Bureau goods trade (Census basis), USD millions, nominal, not seasonally
adjusted: exports f.a.s. (domestic + foreign), general imports customs value;
``balance = exports - imports`` and ``total = exports + imports``.

The bundled snapshot (``source="bundled"``) holds every Census partner code 1985-01 … 2025-12
from two vintages of Census ``country.xlsx`` (the latest vintage wins per code and year; see
:func:`tradeshock.catalog`). Unpublished months are NaN, and a year without 12 published months
has no annual value. ``source="census"`` fetches the live file (see :mod:`tradeshock.sources.http`).

The frame builders :func:`trade_frame`, :func:`panel_frame` and :func:`ranks_frame` take the
tidy tables of :mod:`tradeshock.parsers.census` as arguments, so the live path reuses them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from .._freq import Freq, normalize_freq
from .._partners import Partner, _table, resolve_partner
from .._snapshot import dataset_entry, read_table
from ..errors import NotInSnapshotError, ValidationError
from ._common import check_source, not_in_snapshot

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
#: valid ``flow=`` values of :func:`load_trade_panel`
FLOWS = ("total", "exports", "imports", "balance")
#: valid ``by=`` values of :func:`partner_ranks`
RANK_BY = ("total", "exports", "imports")
UNITS = "USD millions"
#: ``attrs["source"]`` of bundled trade objects (same form as the other loaders')
SOURCE_BUNDLED = "bundled snapshot: U.S. Census Bureau"
UPSTREAM_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
_MONTH_COLS = [f"{m:02d}" for m in range(1, 13)]
_DECIMALS = 1  # the snapshot stores USD millions rounded to 0.1
_LIVE_HINT = "source='census' for live data"


# --------------------------------------------------------------------------- argument checks


def _check_choice(value: object, choices: tuple[str, ...], argument: str) -> str:
    if value not in choices:
        raise ValidationError(
            f"{argument}={value!r} is not valid; use one of {', '.join(map(repr, choices))}"
        )
    return str(value)


def _to_period(value: object, freq: Freq, argument: str) -> pd.Period:
    """Turn a user bound (``2014``, ``"2014-03"``, a date or Period) into a Period of ``freq``."""
    if isinstance(value, bool):
        raise ValidationError(f"{argument}={value!r} is not a date or period")
    try:
        if isinstance(value, pd.Period):
            return value.asfreq(freq, how="start" if argument == "start" else "end")
        if isinstance(value, (int, np.integer)):
            year = pd.Period(str(int(value)), freq="Y")
            return (
                year
                if freq == "Y"
                else year.asfreq("M", how="start" if argument == "start" else "end")
            )
        text = str(value)
        if freq == "M" and len(text.strip()) == 4 and text.strip().isdigit():
            year = pd.Period(text.strip(), freq="Y")
            return year.asfreq("M", how="start" if argument == "start" else "end")
        return pd.Period(text, freq=freq)
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"{argument}={value!r} is not a date or period") from exc


# --------------------------------------------------------------------------- tidy → arrays


def _ordinals(table: pd.DataFrame, freq: Freq) -> np.ndarray:
    """Period ordinals of a tidy table (``year`` column for Y, ``"YYYY-MM"`` ``period`` for M)."""
    if freq == "Y":
        return table["year"].to_numpy(dtype="int64") - 1970
    text = table["period"].astype(str)
    years = text.str.slice(0, 4).astype("int64").to_numpy()
    months = text.str.slice(5, 7).astype("int64").to_numpy()
    ordinals: np.ndarray = np.asarray((years - 1970) * 12 + months - 1, dtype="int64")
    return ordinals


def _periods(ordinals: np.ndarray, freq: Freq) -> pd.PeriodIndex:
    """PeriodIndex from ordinals (works on pandas 2.1 … 3)."""
    if len(ordinals) == 0:
        empty: pd.PeriodIndex = pd.PeriodIndex([], freq=freq, name="period")
        return empty
    lo, hi = int(ordinals.min()), int(ordinals.max())
    full = pd.period_range(pd.Period(ordinal=lo, freq=freq), pd.Period(ordinal=hi, freq=freq))
    index = full[ordinals - lo]
    index.name = "period"
    result: pd.PeriodIndex = pd.PeriodIndex(index)
    return result


def _regular(
    ordinals: np.ndarray, exports: np.ndarray, imports: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spread sorted rows over every period from the first to the last, NaN where none.

    Census omits a code's row in some years (Libya 1997-1999, North Korea, former states): those
    periods are missing values, not absent from the time axis.
    """
    if len(ordinals) == 0:
        return ordinals, exports, imports
    lo = int(ordinals.min())
    span = np.arange(lo, int(ordinals.max()) + 1, dtype="int64")
    if len(span) == len(ordinals):
        return ordinals, exports, imports
    full_exports, full_imports = np.full(len(span), np.nan), np.full(len(span), np.nan)
    full_exports[ordinals - lo] = exports
    full_imports[ordinals - lo] = imports
    return span, full_exports, full_imports


def _assemble(
    periods: pd.PeriodIndex,
    exports: np.ndarray,
    imports: np.ndarray,
    *,
    decimals: int | None = None,
) -> pd.DataFrame:
    """Frame of the four columns; ``decimals`` rounds balance/total (float noise of sums)."""
    exports = np.asarray(exports, dtype="float64")
    imports = np.asarray(imports, dtype="float64")
    balance, total = exports - imports, exports + imports
    if decimals is not None:  # the inputs are exact at this precision: rounding loses nothing
        balance, total = np.round(balance, decimals), np.round(total, decimals)
    frame: pd.DataFrame = pd.DataFrame(
        {
            "exports": exports,
            "imports": imports,
            "balance": balance,
            "total": total,
        },
        index=periods,
    )
    frame.index.name = "period"
    frame.columns.name = None
    return frame


def _window(frame: pd.DataFrame, start: pd.Period | None, end: pd.Period | None) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    if start is not None:
        mask &= frame.index >= start
    if end is not None:
        mask &= frame.index <= end
    selected: pd.DataFrame = frame.loc[mask]
    return selected


def trade_frame(
    monthly: pd.DataFrame,
    annual: pd.DataFrame,
    cty_code: str,
    freq: str = "Y",
    *,
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Build one partner's trade frame from the tidy (monthly, annual) tables of the parsers.

    Returns columns ``exports, imports, balance, total`` on a regular PeriodIndex ``period``
    from the first to the last period with a row for ``cty_code`` (NaN where unpublished or
    where the tables have no row).
    No ``attrs`` are set: the caller knows the source and vintage.

    Example:
        >>> annual = pd.DataFrame({"cty_code": ["4621"], "name": ["Russia"], "year": [2014],
        ...                        "exports": [10.0], "imports": [20.0]})
        >>> trade_frame(annual.head(0), annual, "4621")["total"].tolist()
        [30.0]

    """
    f = normalize_freq(freq)
    table = annual if f == "Y" else monthly
    rows = table.loc[table["cty_code"].astype(str) == str(cty_code)]
    ordinals = _ordinals(rows, f)
    order = np.argsort(ordinals, kind="stable")
    span, exports, imports = _regular(
        ordinals[order],
        rows["exports"].to_numpy(dtype="float64")[order],
        rows["imports"].to_numpy(dtype="float64")[order],
    )
    frame = _assemble(_periods(span, f), exports, imports)
    return _window(
        frame,
        None if start is None else _to_period(start, f, "start"),
        None if end is None else _to_period(end, f, "end"),
    )


def _panel(
    ordinals: np.ndarray,
    row_codes: np.ndarray,
    exports: np.ndarray,
    imports: np.ndarray,
    partners: pd.DataFrame,
    flow: str,
    freq: Freq,
) -> pd.DataFrame:
    """Period × country array of one flow from row arrays (NaN where a country has no row)."""
    countries = partners.loc[partners["kind"] == "country"].sort_values("cty_code")
    present = set(pd.unique(pd.Series(row_codes, dtype=object)).tolist())  # hashing, no sort
    countries = countries.loc[countries["cty_code"].astype(str).isin(present)]
    codes = countries["cty_code"].astype(str).tolist()
    labels = countries["label"].astype(str).tolist()
    position = pd.Series(np.arange(len(codes)), index=pd.Index(codes, dtype=object))
    col = position.reindex(pd.Index(row_codes, dtype=object)).to_numpy()
    keep = ~np.isnan(col)
    lo = int(ordinals.min()) if len(ordinals) else 0
    span = np.arange(lo, int(ordinals.max()) + 1) if len(ordinals) else ordinals
    values = np.full((len(span), len(codes)), np.nan)
    data = {
        "exports": exports,
        "imports": imports,
        "total": exports + imports,
        "balance": exports - imports,
    }[flow]
    values[ordinals[keep] - lo, col[keep].astype("int64")] = data[keep]
    wide: pd.DataFrame = pd.DataFrame(
        values, index=_periods(span, freq), columns=pd.Index(labels, name="partner")
    )
    wide.attrs["cty_codes"] = dict(zip(labels, codes, strict=True))
    return wide


def panel_frame(
    monthly: pd.DataFrame,
    annual: pd.DataFrame,
    partners: pd.DataFrame,
    *,
    flow: str = "total",
    freq: str = "Y",
) -> pd.DataFrame:
    """Build the all-countries panel of one flow from the tidy tables and the partner table.

    One column per country (``kind == "country"``; aggregates, 8220 and 8500 are left out),
    named by the partner ``label`` (``"Serbia [4802]"`` for the non-current code of a shared
    name), in Census code order; ``attrs["cty_codes"]`` maps labels to codes.

    Example:
        >>> annual = pd.DataFrame({"cty_code": ["4621", "0015"], "year": [2014, 2014],
        ...                        "exports": [1.0, 5.0], "imports": [2.0, 9.0]})
        >>> partners = pd.DataFrame({"cty_code": ["0015", "4621"], "label": ["World", "Russia"],
        ...                          "kind": ["aggregate", "country"]})
        >>> panel_frame(annual.head(0), annual, partners).columns.tolist()
        ['Russia']

    """
    f = normalize_freq(freq)
    flow = _check_choice(flow, FLOWS, "flow")
    table = annual if f == "Y" else monthly
    return _panel(
        _ordinals(table, f),
        table["cty_code"].astype(str).to_numpy(dtype=object),
        table["exports"].to_numpy(dtype="float64"),
        table["imports"].to_numpy(dtype="float64"),
        partners,
        flow,
        f,
    )


def ranks_frame(
    annual: pd.DataFrame,
    partners: pd.DataFrame,
    year: int,
    *,
    by: str = "total",
    decimals: int | None = None,
) -> pd.DataFrame:
    """Rank the countries of the tidy annual table in ``year`` by ``by`` (largest first).

    Countries only (no aggregates, 8220, 8500). Ties share the lowest rank (1, 2, 2, 4);
    a partner whose value is NaN gets rank ``<NA>`` and is listed last; ``iso3`` is NaN for a
    code without one. Columns: ``rank,
    partner, cty_code, iso3, exports, imports, total, balance``. ``decimals`` rounds the
    computed total and balance first (the bundled data are exact at 0.1).

    Example:
        >>> annual = pd.DataFrame({"cty_code": ["1220", "4621"], "year": [2020, 2020],
        ...                        "exports": [1.0, 5.0], "imports": [2.0, 9.0]})
        >>> partners = pd.DataFrame({"cty_code": ["1220", "4621"], "label": ["Canada", "Russia"],
        ...                          "iso3": ["CAN", "RUS"], "kind": ["country", "country"]})
        >>> ranks_frame(annual, partners, 2020)["partner"].tolist()
        ['Russia', 'Canada']

    """
    by = _check_choice(by, RANK_BY, "by")
    countries = partners.loc[partners["kind"] == "country", ["cty_code", "label", "iso3"]]
    rows = annual.loc[
        annual["year"].astype("int64") == int(year), ["cty_code", "exports", "imports"]
    ]
    merged = rows.assign(cty_code=rows["cty_code"].astype(str)).merge(
        countries.assign(cty_code=countries["cty_code"].astype(str)), on="cty_code", how="inner"
    )
    merged["total"] = merged["exports"] + merged["imports"]
    merged["balance"] = merged["exports"] - merged["imports"]
    if decimals is not None:  # round before ranking so float noise cannot break ties
        merged[["total", "balance"]] = merged[["total", "balance"]].round(decimals)
    merged = merged.sort_values([by, "cty_code"], ascending=[False, True], na_position="last")
    rank = merged[by].rank(method="min", ascending=False)
    out: pd.DataFrame = pd.DataFrame(
        {
            "rank": pd.array(rank.to_numpy(), dtype="Float64").astype("Int64"),
            "partner": merged["label"].astype(str).to_numpy(),
            "cty_code": merged["cty_code"].to_numpy(),
            "iso3": merged["iso3"].where(merged["iso3"].fillna("") != "").to_numpy(),
            "exports": merged["exports"].to_numpy(dtype="float64"),
            "imports": merged["imports"].to_numpy(dtype="float64"),
            "total": merged["total"].to_numpy(dtype="float64"),
            "balance": merged["balance"].to_numpy(dtype="float64"),
        }
    )
    return out


# --------------------------------------------------------------------------- bundled snapshot


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
    slices = {
        str(codes[a]): (int(a), int(b)) for a, b in zip(starts.tolist(), stops, strict=True)
    }
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


def _attrs(
    frame: pd.DataFrame, partner: Partner, freq: Freq, vintages: np.ndarray, periods: pd.PeriodIndex
) -> None:
    spans: dict[str, str] = {}
    for key in dict.fromkeys(vintages.tolist()):
        sel = periods[vintages == key]
        spans[str(key)] = f"{sel.min()} to {sel.max()}"
    frame.attrs.update(
        {
            "source": SOURCE_BUNDLED,
            "units": UNITS,
            "vintage": _vintage_text(spans, spans),
            "partner": partner.label,
            "cty_code": partner.cty_code,
            "iso3": partner.iso3,
            "freq": freq,
            "upstream_url": UPSTREAM_URL,
        }
    )


def _coverage_error(what: str, first: pd.Period, last: pd.Period) -> NotInSnapshotError:
    return not_in_snapshot(what, f"{first} to {last}", _LIVE_HINT)


def load_trade(
    partner: str | int,
    *,
    freq: str = "Y",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
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
        session: a ``requests.Session`` for the live source.
        key: Census API key for ``source="census-api"`` (default: env ``CENSUS_API_KEY``;
            optional, Census allows a few keyless queries a day). Never cached or logged.

    Returns:
        DataFrame with columns ``exports``, ``imports``, ``balance``, ``total`` on a regular
        PeriodIndex ``period`` (from the partner's first to its last period); NaN where
        unpublished or where Census has no row (Libya 1997-1999). ``attrs``: ``source``, ``units``,
        ``vintage``, ``partner``, ``cty_code``, ``iso3``, ``freq``, ``upstream_url``.

    Raises:
        UnknownPartnerError: ``partner`` is not known (the message suggests close matches).
        ValidationError: bad ``freq``, ``source``, ``start`` or ``end``.
        NotInSnapshotError: the bounds fall outside what the snapshot covers.

    Example:
        >>> import tradeshock as ts
        >>> ts.load_trade("Russia").loc["2014", ["exports", "imports"]].tolist()
        [10752.4, 23659.6]

    """
    f = normalize_freq(freq)
    src = check_source(source, SOURCES, loader="load_trade")
    if src != "bundled":
        from . import _live  # imported lazily: the live path pulls in requests_cache

        return _live.load_trade_live(
            partner, freq=f, source=src, start=start, end=end, session=session, api_key=key
        )
    resolved = resolve_partner(partner)
    store = _store(f)
    lo = None if start is None else _to_period(start, f, "start")
    hi = None if end is None else _to_period(end, f, "end")
    if lo is not None and not store.first <= lo <= store.last:
        raise _coverage_error(f"start={start!r} at freq {f!r}", store.first, store.last)
    if hi is not None and not store.first <= hi <= store.last:
        raise _coverage_error(f"end={end!r} at freq {f!r}", store.first, store.last)
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(f"start={start!r} is after end={end!r}")
    if resolved.cty_code not in store.slices:
        raise _coverage_error(f"partner {resolved.label!r} at freq {f!r}", store.first, store.last)
    a, b = store.slices[resolved.cty_code]
    ordinals = store.ordinals[a:b]
    keep = np.ones(len(ordinals), dtype=bool)
    if lo is not None:
        keep &= ordinals >= lo.ordinal
    if hi is not None:
        keep &= ordinals <= hi.ordinal
    if not keep.any():
        first = pd.Period(ordinal=int(ordinals.min()), freq=f)
        last = pd.Period(ordinal=int(ordinals.max()), freq=f)
        if lo is not None and hi is not None:
            asked = f"from {lo} to {hi}"
        else:
            asked = f"from {lo} on" if lo is not None else f"up to {hi}"
        raise not_in_snapshot(
            f"{resolved.label} data {asked}", f"{resolved.label} from {first} to {last}", _LIVE_HINT
        )
    span, exports, imports = _regular(
        ordinals[keep], store.exports[a:b][keep], store.imports[a:b][keep]
    )
    frame = _assemble(_periods(span, f), exports, imports, decimals=_DECIMALS)
    _attrs(frame, resolved, f, store.vintage[a:b][keep], _periods(ordinals[keep], f))
    return frame


@functools.lru_cache(maxsize=8)
def _bundled_panel(flow: str, freq: Freq) -> pd.DataFrame:
    store = _store(freq)
    panel = _panel(store.ordinals, store.codes, store.exports, store.imports, _table(), flow, freq)
    if flow in ("total", "balance"):  # bundled values are exact at 0.1: drop float noise
        rounded: pd.DataFrame = panel.round(_DECIMALS)
        rounded.attrs = dict(panel.attrs)
        return rounded
    return panel


def load_trade_panel(
    *,
    flow: str = "total",
    freq: str = "Y",
    source: str = "bundled",
    session: requests.Session | None = None,
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
        source: ``"bundled"``, ``"census"`` or ``"census-api"`` (live; see :func:`load_trade`).
        session: a ``requests.Session`` for the live source.
        key: Census API key for ``source="census-api"`` (default: env ``CENSUS_API_KEY``).

    Raises:
        ValidationError: bad ``flow``, ``freq`` or ``source``.

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="exports")
        >>> panel.loc["2014", "Russia"].item()
        10752.4

    """
    f = normalize_freq(freq)
    flow = _check_choice(flow, FLOWS, "flow")
    src = check_source(source, SOURCES, loader="load_trade_panel")
    if src != "bundled":
        from . import _live

        return _live.load_trade_panel_live(
            flow=flow, freq=f, source=src, session=session, api_key=key
        )
    cached = _bundled_panel(flow, f)
    panel: pd.DataFrame = cached.copy()
    panel.attrs = {
        "source": SOURCE_BUNDLED,
        "units": UNITS,
        "vintage": str(dataset_entry("census_trade_annual")["vintage"]),
        "flow": flow,
        "freq": f,
        "cty_codes": dict(cached.attrs["cty_codes"]),
        "upstream_url": UPSTREAM_URL,
    }
    return panel


def partner_ranks(year: int | str, *, by: str = "total") -> pd.DataFrame:
    """Rank the partner countries of the bundled snapshot in one year (largest first).

    Countries only (no aggregates, 8220, 8500); partners labelled as in
    :func:`load_trade_panel`. Ties share the lowest rank (1, 2, 2, 4); a NaN value gets rank
    ``<NA>`` and is listed last.

    Args:
        year: calendar year (``2020`` or ``"2020"``).
        by: ``"total"`` (exports + imports), ``"exports"`` or ``"imports"``.

    Returns:
        DataFrame with columns ``rank, partner, cty_code, iso3, exports, imports, total,
        balance`` (USD millions), one row per country with data that year.

    Raises:
        ValidationError: bad ``by`` or a ``year`` that is not a year.
        NotInSnapshotError: the snapshot has no annual data for ``year``.

    Example:
        >>> import tradeshock as ts
        >>> ranks = ts.partner_ranks(2020)
        >>> int(ranks.loc[ranks.partner == "Russia", "rank"].item())
        28

    """
    by = _check_choice(by, RANK_BY, "by")
    if isinstance(year, bool):
        raise ValidationError(f"year={year!r} is not a calendar year")
    try:
        y = int(str(year).strip())
    except ValueError as exc:
        raise ValidationError(f"year={year!r} is not a calendar year") from exc
    store = _store("Y")
    if not store.first.year <= y <= store.last.year:
        raise not_in_snapshot(
            f"year {y}",
            f"{store.first.year} to {store.last.year}",
            "load_trade_panel(source='census') for live data",
        )
    cached = _bundled_ranks(y, by)
    ranks: pd.DataFrame = cached.copy()
    ranks.attrs = dict(cached.attrs)
    return ranks


@functools.lru_cache(maxsize=64)
def _bundled_ranks(year: int, by: str) -> pd.DataFrame:
    annual = _bundled_annual()
    ranks = ranks_frame(annual, _table(), year, by=by, decimals=_DECIMALS)
    vintages = annual.loc[annual["year"] == year, "vintage"].astype(str)
    keys = dict.fromkeys(sorted(set(vintages)))
    ranks.attrs = {
        "source": SOURCE_BUNDLED,
        "units": UNITS,
        "vintage": _vintage_text(keys, {k: str(year) for k in keys}),
        "year": year,
        "by": by,
    }
    return ranks

"""Pure shaping of Census trade tables, shared by the bundled and the live path.

Every trade object of [`tradeshock.sources.trade`][tradeshock.sources.trade] is built here from tidy
tables (or the arrays behind them) in the layout of
[`tradeshock.parsers.census`][tradeshock.parsers.census]: ``cty_code, name, period|year, exports,
imports``. Nothing here reads files or the network; the callers add provenance.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..._freq import Freq, normalize_freq
from ...errors import NotCoveredError, ValidationError
from .._common import to_period as _to_period

__all__ = [
    "DECIMALS",
    "FLOWS",
    "RANK_BY",
    "UNITS",
    "UPSTREAM_URL",
    "bounds",
    "panel_frame",
    "partner_arrays",
    "partner_frame",
    "period_mask",
    "ranks_frame",
    "trade_frame",
]

#: valid ``flow=`` values of [`load_trade_panel`][tradeshock.sources.trade.load_trade_panel]
FLOWS = ("total", "exports", "imports", "balance")
#: valid ``by=`` values of [`partner_ranks`][tradeshock.sources.trade.partner_ranks]
RANK_BY = ("total", "exports", "imports")
UNITS = "USD millions"
UPSTREAM_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
#: Census publishes USD millions at 0.1; both paths store and return values at this precision
DECIMALS = 1

# --------------------------------------------------------------------------- argument checks


def _check_choice(value: object, choices: tuple[str, ...], argument: str) -> str:
    if value not in choices:
        raise ValidationError(
            f"{argument}={value!r} is not valid; use one of {', '.join(map(repr, choices))}"
        )
    return str(value)


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


#: builds the error for a request outside what a source covers: (what, first, last) → error
NotCovered = Callable[[str, pd.Period, pd.Period], NotCoveredError]


def bounds(
    start: object,
    end: object,
    freq: Freq,
    *,
    first: pd.Period,
    last: pd.Period,
    not_covered: NotCovered,
) -> tuple[pd.Period | None, pd.Period | None]:
    """Check the user's ``start``/``end`` against what a source covers (``first`` … ``last``).

    Both paths call this, so a bound outside the data raises the same typed error from either
    source ([`NotCoveredError`][tradeshock.errors.NotCoveredError]; the bundled path's
    [`NotInSnapshotError`][tradeshock.errors.NotInSnapshotError] is a subclass).

    Example:
        >>> from tradeshock.errors import NotCoveredError
        >>> y = pd.Period("2000", "Y")
        >>> bounds(2000, None, "Y", first=y, last=y, not_covered=lambda *a: NotCoveredError())
        (Period('2000', 'Y-DEC'), None)

    """
    lo = None if start is None else _to_period(start, freq, "start")
    hi = None if end is None else _to_period(end, freq, "end")
    if lo is not None and hi is not None and lo > hi:  # a bad request whatever the source
        raise ValidationError(f"start={start!r} is after end={end!r}")
    if lo is not None and not first <= lo <= last:
        raise not_covered(f"start={start!r} at freq {freq!r}", first, last)
    if hi is not None and not first <= hi <= last:
        raise not_covered(f"end={end!r} at freq {freq!r}", first, last)
    return lo, hi


def period_mask(
    ordinals: np.ndarray,
    freq: Freq,
    lo: pd.Period | None,
    hi: pd.Period | None,
    *,
    label: str,
    not_covered: NotCovered,
) -> np.ndarray:
    """Boolean mask of one partner's sorted ``ordinals`` inside ``lo`` … ``hi``.

    Raises the source's coverage error when nothing is left (e.g. Russia before 1992).

    Example:
        >>> from tradeshock.errors import NotCoveredError
        >>> period_mask(np.array([30, 31]), "Y", pd.Period("2001", "Y"), None, label="X",
        ...             not_covered=lambda *a: NotCoveredError()).tolist()
        [False, True]

    """
    keep = np.ones(len(ordinals), dtype=bool)
    if lo is not None:
        keep &= ordinals >= lo.ordinal
    if hi is not None:
        keep &= ordinals <= hi.ordinal
    if not keep.any():
        first = pd.Period(ordinal=int(ordinals.min()), freq=freq)
        last = pd.Period(ordinal=int(ordinals.max()), freq=freq)
        if lo is not None and hi is not None:
            asked = f"from {lo} to {hi}"
        else:
            asked = f"from {lo} on" if lo is not None else f"up to {hi}"
        raise not_covered(f"{label} data {asked}", first, last)
    return keep


def partner_arrays(
    table: pd.DataFrame, cty_code: str, freq: Freq
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return one code's rows of a tidy table as period-sorted arrays.

    ``(ordinals, exports, imports, row positions)``: the live path feeds them to
    `partner_frame` as the bundled path feeds its store.

    Example:
        >>> annual = pd.DataFrame({"cty_code": ["4621", "4621"], "year": [2015, 2014],
        ...                        "exports": [1.0, 2.0], "imports": [3.0, 4.0]})
        >>> partner_arrays(annual, "4621", "Y")[1].tolist()
        [2.0, 1.0]

    """
    positions = np.flatnonzero((table["cty_code"].astype(str) == str(cty_code)).to_numpy())
    rows = table.iloc[positions]
    ordinals = _ordinals(rows, freq)
    order = np.argsort(ordinals, kind="stable")
    return (
        ordinals[order],
        rows["exports"].to_numpy(dtype="float64")[order],
        rows["imports"].to_numpy(dtype="float64")[order],
        positions[order],
    )


def partner_frame(
    ordinals: np.ndarray,
    exports: np.ndarray,
    imports: np.ndarray,
    freq: Freq,
    *,
    decimals: int | None,
) -> pd.DataFrame:
    """Build the frame of `load_trade` (both sources use this one builder).

    Four float64 columns on a regular ``PeriodIndex`` named ``period``, NaN for periods
    without a row.

    ``decimals`` rounds balance and total (inputs exact at that precision: drops float noise).

    Example:
        >>> partner_frame(np.array([44]), np.array([1.5]), np.array([0.5]), "Y",
        ...               decimals=1)["total"].tolist()
        [2.0]

    """
    span, full_exports, full_imports = _regular(ordinals, exports, imports)
    return _assemble(_periods(span, freq), full_exports, full_imports, decimals=decimals)


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
    *,
    decimals: int | None = None,
) -> pd.DataFrame:
    """Period × country array of one flow from row arrays (NaN where a country has no row).

    ``decimals`` rounds total and balance (inputs exact at that precision: drops float noise).
    """
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
    if decimals is not None and flow in ("total", "balance"):
        values = np.round(values, decimals)
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
    decimals: int | None = None,
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
        decimals=decimals,
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

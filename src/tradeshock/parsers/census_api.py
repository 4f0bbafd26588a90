"""Census International Trade API (``timeseries/intltrade``) JSON: bytes in, tidy pandas out.

The API answers a JSON array of arrays: the header row first, then one row per record, every
value a string. Money values (``ALL_VAL_MO``, ``GEN_VAL_MO``, ``CON_VAL_MO``, ``*_VAL_YR``,
``*_DUT_*``) are whole U.S. dollars; ``time`` is ``YYYY-MM``. Predicate variables used as
filters (``CTY_CODE``, ``COMM_LVL``, ...) are echoed as columns after the requested ones.
Country rows use 4-digit Census (Schedule C) codes; the all-countries row has ``CTY_CODE`` ``"-"``.

Errors: an HTML page (Census answers one for an invalid key), a plain-text ``error: ...`` body,
or an ``{"error": ...}`` object raise [`SourceError`][tradeshock.errors.SourceError]; an empty body
(the API's answer when nothing matches), invalid JSON or a missing column raise
[`SchemaError`][tradeshock.errors.SchemaError].

Example:
    >>> raw = (b'[["CTY_NAME","ALL_VAL_MO","CTY_CODE","time"],'
    ...        b'["RUSSIA","35700000","4621","2023-07"]]')
    >>> row = parse_intltrade_json(raw).iloc[0]
    >>> row["cty_code"], row["period"], float(row["ALL_VAL_MO"])
    ('4621', '2023-07', 35.7)

"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import SchemaError, SourceError
from ._text import require_bytes

__all__ = [
    "EXPORTS_VALUE",
    "HS_VARIABLES",
    "IMPORTS_VALUE",
    "annual_from_monthly",
    "hs_annual_table",
    "is_money_column",
    "parse_intltrade_json",
    "trade_monthly",
]

#: total exports (domestic + foreign), f.a.s., monthly, whole dollars (``exports/hs``)
EXPORTS_VALUE = "ALL_VAL_MO"
#: general imports, customs value, monthly, whole dollars (``imports/hs``)
IMPORTS_VALUE = "GEN_VAL_MO"

_MONEY = re.compile(r"^[A-Z0-9]+_(VAL|DUT|CHA)_(MO|YR)$")
_TIME = re.compile(r"^\d{4}-\d{2}$")
_INTEGER = re.compile(r"^-?\d+(\.0+)?$")
_MONTHLY_COLUMNS = ["cty_code", "name", "period", "exports", "imports"]
_ANNUAL_COLUMNS = ["cty_code", "name", "year", "exports", "imports"]


def is_money_column(name: str) -> bool:
    """Whether an API variable holds whole dollars (converted to USD millions by the parser).

    Example:
        >>> is_money_column("GEN_VAL_MO"), is_money_column("CTY_CODE")
        (True, False)

    """
    return bool(_MONEY.match(name))


def _text(data: bytes, what: str) -> str:
    text = require_bytes(data, what).decode("utf-8-sig", errors="replace").strip()
    if not text:
        raise SchemaError(
            f"{what}: empty response (the API answers an empty body when nothing matches "
            "the query: check the partner code and period)"
        )
    lowered = text[:200].lower()
    if lowered.startswith("<"):
        hint = " (Census answers an HTML page for an invalid or missing key)"
        raise SourceError(f"{what}: got an HTML page instead of JSON{hint}")
    if lowered.startswith("error"):
        raise SourceError(f"{what}: the API answered {text[:300]!r}")
    return text


def _money(cell: object, where: str) -> float:
    if cell is None:
        return float("nan")
    text = str(cell).strip()
    if text == "":
        return float("nan")
    if not _INTEGER.match(text):
        raise SchemaError(f"{where}: {cell!r} is not a whole-dollar amount")
    return float(text) / 1e6


def parse_intltrade_json(
    data: bytes, *, required: Sequence[str] = (), what: str = "Census trade API"
) -> pd.DataFrame:
    """Parse one International Trade API response into a DataFrame, money in USD millions.

    Every column of the header is kept (as text) except money columns, which become floats in
    USD millions (``""`` → NaN). ``period`` (``"YYYY-MM"``, from ``time``) and, when ``CTY_CODE``
    is present, ``cty_code`` (4-character string) and ``name`` (from ``CTY_NAME``) are added.
    ``required`` lists variables that must be in the header.

    Example:
        >>> raw = b'[["ALL_VAL_MO","time"],["155905","2016-01"]]'
        >>> float(parse_intltrade_json(raw, required=["ALL_VAL_MO"])["ALL_VAL_MO"].iloc[0])
        0.155905

    """
    text = _text(data, what)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{what}: not valid JSON ({exc.msg} at character {exc.pos})") from None
    if isinstance(parsed, dict) and "error" in parsed:
        raise SourceError(f"{what}: the API answered an error: {parsed['error']}")
    if not isinstance(parsed, list) or not parsed or not isinstance(parsed[0], list):
        raise SchemaError(f"{what}: expected a JSON array of arrays with a header row first")
    header = [str(name) for name in parsed[0]]
    missing = [name for name in (*required, "time") if name not in header]
    if missing:
        raise SchemaError(f"{what}: missing column(s) {', '.join(missing)} (header: {header})")
    keep = {name: header.index(name) for name in dict.fromkeys(header)}  # first of duplicates
    rows = parsed[1:]
    for number, row in enumerate(rows, start=2):
        if not isinstance(row, list) or len(row) != len(header):
            raise SchemaError(f"{what}: row {number} does not have {len(header)} cells")
    columns: dict[str, object] = {}
    for name, index in keep.items():
        cells = [row[index] for row in rows]
        if is_money_column(name):
            columns[name] = np.array(
                [_money(cell, f"{what}, row {n} {name}") for n, cell in enumerate(cells, 2)],
                dtype="float64",
            )
        else:
            columns[name] = ["" if cell is None else str(cell).strip() for cell in cells]
    frame = pd.DataFrame(columns)
    bad = [t for t in frame["time"] if not _TIME.match(t)]
    if bad:
        raise SchemaError(f"{what}: time {bad[0]!r} is not YYYY-MM")
    frame["period"] = frame["time"]
    if "CTY_CODE" in frame.columns:
        frame["cty_code"] = [c.zfill(4) if c.isdigit() else c for c in frame["CTY_CODE"]]
    if "CTY_NAME" in frame.columns:
        frame["name"] = frame["CTY_NAME"]
    result: pd.DataFrame = frame
    return result


def trade_monthly(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """Join parsed ``exports/hs`` (ALL_VAL_MO) and ``imports/hs`` (GEN_VAL_MO) by code and month.

    Returns ``cty_code, name, period, exports, imports`` (USD millions), the layout of
    [`tradeshock.parsers.census.parse_country_xlsx`][tradeshock.parsers.census.parse_country_xlsx]'s
    monthly table. A month present in only one flow gets NaN in the other. Rows that are not
    countries (``CTY_CODE`` ``"-"``) are kept.

    Example:
        >>> e = parse_intltrade_json(
        ...     b'[["ALL_VAL_MO","CTY_CODE","time"],["1000000","4621","2023-01"]]')
        >>> i = parse_intltrade_json(
        ...     b'[["GEN_VAL_MO","CTY_CODE","time"],["3000000","4621","2023-01"]]')
        >>> trade_monthly(e, i)[["exports", "imports"]].iloc[0].tolist()
        [1.0, 3.0]

    """
    for frame, column, label in (
        (exports, EXPORTS_VALUE, "exports"),
        (imports, IMPORTS_VALUE, "imports"),
    ):
        for needed in ("cty_code", "period", column):
            if needed not in frame.columns:
                raise SchemaError(f"Census trade API {label}: missing column {needed!r}")
    left = exports.rename(columns={EXPORTS_VALUE: "exports"})
    right = imports.rename(columns={IMPORTS_VALUE: "imports"})
    for side in (left, right):
        if "name" not in side.columns:
            side["name"] = ""
    keys = ["cty_code", "period"]
    for side, label in ((left, "exports"), (right, "imports")):
        if side.duplicated(keys).any():
            first = side.loc[side.duplicated(keys), keys].iloc[0].tolist()
            raise SchemaError(f"Census trade API {label}: {first} appears twice")
    merged = left[[*keys, "name", "exports"]].merge(
        right[[*keys, "name", "imports"]], on=keys, how="outer", suffixes=("", "_imports")
    )
    merged["name"] = merged["name"].where(merged["name"].fillna("") != "", merged["name_imports"])
    merged["name"] = merged["name"].fillna("")
    merged = merged.sort_values(keys, kind="stable").reset_index(drop=True)
    result: pd.DataFrame = merged[_MONTHLY_COLUMNS]
    return result


def annual_from_monthly(monthly: pd.DataFrame) -> pd.DataFrame:
    """Sum a monthly trade table to calendar years; a year needs all 12 months of a flow, else NaN.

    Example:
        >>> m = pd.DataFrame({"cty_code": "4621", "name": "RUSSIA",
        ...                   "period": [f"2023-{k:02d}" for k in range(1, 13)],
        ...                   "exports": 1.0, "imports": 2.0})
        >>> row = annual_from_monthly(m).iloc[0]
        >>> int(row["year"]), float(row["exports"]), float(row["imports"])
        (2023, 12.0, 24.0)

    """
    frame = monthly.copy()
    frame["year"] = frame["period"].str.slice(0, 4).astype(int)
    grouped = frame.groupby(["cty_code", "year"], sort=True)
    names = grouped["name"].last()
    out = pd.DataFrame({"name": names})
    for flow in ("exports", "imports"):
        total = grouped[flow].sum(min_count=1)
        complete = grouped[flow].count() == 12
        out[flow] = total.where(complete)
    out = out.reset_index()
    out["year"] = out["year"].astype(int)
    result: pd.DataFrame = out[_ANNUAL_COLUMNS]
    return result


#: the commodity variable and the year-to-date value of each ``…/hs`` endpoint
HS_VARIABLES: dict[str, tuple[str, str, str]] = {
    # flow: (commodity code, commodity description, value year to date in whole dollars)
    "exports": ("E_COMMODITY", "E_COMMODITY_LDESC", "ALL_VAL_YR"),  # total exports, f.a.s.
    "imports": ("I_COMMODITY", "I_COMMODITY_LDESC", "GEN_VAL_YR"),  # general imports, customs
}


def hs_annual_table(
    parsed: pd.DataFrame, flow: str, *, what: str = "Census HS API"
) -> pd.DataFrame:
    """Annual values by HS code from a parsed ``…/hs`` response queried with ``MONTH=12``.

    The API's ``*_VAL_YR`` is the year-to-date value; at December (``time`` ``YYYY-12``) it is
    the calendar year's value, so a year without its December row (not yet published) is
    simply absent, never a partial year. Returns a wide frame: ``PeriodIndex`` (freq ``"Y"``,
    named ``period``) × one column per HS code (text, e.g. ``"02"``), USD millions. The API
    lists only traded codes, so a code absent from a year that has rows is 0 (as in
    [`tradeshock.load_trade_composition`][tradeshock.sources.composition.load_trade_composition]); a
    year with no row at all is NaN throughout. Descriptions, when the response has them, are in
    ``attrs["categories"]``.

    Raises:
        SchemaError: a needed column is missing, a row is not a December, or a code repeats.

    Example:
        >>> raw = (b'[["E_COMMODITY","ALL_VAL_YR","COMM_LVL","CTY_CODE","MONTH","time"],'
        ...        b'["02","323500000","HS2","4621","12","2013-12"]]')
        >>> table = hs_annual_table(parse_intltrade_json(raw), "exports")
        >>> float(table.loc["2013", "02"])
        323.5

    """
    if flow not in HS_VARIABLES:
        raise SchemaError(f"{what}: flow {flow!r} is not one of {', '.join(HS_VARIABLES)}")
    code, description, value = HS_VARIABLES[flow]
    missing = [name for name in (code, value, "time") if name not in parsed.columns]
    if missing:
        raise SchemaError(f"{what}: missing column(s) {', '.join(missing)}")
    not_december = parsed.loc[~parsed["time"].str.endswith("-12"), "time"]
    if len(not_december):
        raise SchemaError(
            f"{what}: time {not_december.iloc[0]!r} is not a December (query with MONTH=12: "
            "the year-to-date value at December is the annual value)"
        )
    rows = pd.DataFrame(
        {
            "year": parsed["time"].str.slice(0, 4).astype(int),
            "code": parsed[code],
            "value": parsed[value],
        }
    )
    if rows.duplicated(["year", "code"]).any():
        first = rows.loc[rows.duplicated(["year", "code"]), ["year", "code"]].iloc[0].tolist()
        raise SchemaError(f"{what}: {first} appears twice")
    wide = rows.pivot(index="year", columns="code", values="value").sort_index()
    listed = rows.assign(seen=1.0).pivot(index="year", columns="code", values="seen")
    wide = wide.where(listed.notna(), 0.0)  # listed years: an unlisted code had no trade
    wide = wide.reindex(columns=sorted(wide.columns))
    years = range(int(wide.index.min()), int(wide.index.max()) + 1) if len(wide) else range(0)
    wide = wide.reindex(list(years))  # a year with no December row stays a NaN row
    wide.index = pd.PeriodIndex([str(y) for y in wide.index], freq="Y", name="period")
    wide.columns = pd.Index([str(c) for c in wide.columns], name="category")
    if description in parsed.columns:
        wide.attrs["categories"] = dict(zip(parsed[code], parsed[description], strict=True))
    result: pd.DataFrame = wide.astype("float64")
    return result

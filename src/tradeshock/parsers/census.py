"""Parsers for U.S. Census Bureau goods-trade files: bytes in, tidy pandas out.

* [`parse_country_xlsx`][tradeshock.parsers.census.parse_country_xlsx] — Census ``country.xlsx``
  (every partner code, monthly and annual, exports and general imports, USD millions).
* [`parse_trade_by_country_json`][tradeshock.parsers.census.parse_trade_by_country_json] — the
  later-vintage, ISO alpha-3 keyed JSON derived from the same Census file
  (``corbett-hobbs/congress-ideology`` ``trade_by_country/<year>.json``).
* [`parse_schedule_c`][tradeshock.parsers.census.parse_schedule_c] — Census Schedule C country list
  (``country.txt``: code, name, ISO code).
* [`parse_corbett_countries`][tradeshock.parsers.census.parse_corbett_countries] — the
  ``countries.json`` code table of the same pipeline (historical codes, ISO alpha-3 keys,
  aggregates).
* [`corbett_key_table`][tradeshock.parsers.census.corbett_key_table] — the join of those two lists
  that maps a JSON key to a Census code.
* [`round_published`][tradeshock.parsers.census.round_published] — values at Census's publication
  precision (0.1 USD million), rounded half-up on the decimal figure (the snapshot builder and the
  live loader both use it).

Tidy output of the two trade parsers (same columns for both):

* monthly: ``cty_code`` (4-character zero-padded string), ``name``, ``period`` (``"YYYY-MM"``),
  ``exports``, ``imports`` (float, USD millions);
* annual: ``cty_code``, ``name``, ``year`` (int), ``exports``, ``imports``.

Unpublished values are NaN, never 0. Census writes ``0`` for the months of the latest year that are
not yet published; the rule used here: in the latest year of a file, the trailing months in which
*both* flows are 0 for *every* code are unpublished (NaN for every code). A 0 in a published month
is real (a small partner with no trade that month) and stays 0. An annual value exists only for a
year whose 12 months are all published; otherwise it is NaN (the partial year-to-date total the
file carries is dropped).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SchemaError
from ._text import decode_text

__all__ = [
    "MONTHS",
    "corbett_key_table",
    "parse_corbett_countries",
    "parse_country_xlsx",
    "parse_schedule_c",
    "parse_trade_by_country_json",
    "round_half_up",
    "round_published",
]

#: month suffixes of the ``country.xlsx`` columns (``IJAN`` … ``EDEC``)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

_XLSX_SHEET = "country"
_XLSX_ID_COLUMNS = ("year", "CTY_CODE", "CTYNAME")
_XLSX_VALUE_COLUMNS = (
    *(f"I{m}" for m in MONTHS),
    "IYR",
    *(f"E{m}" for m in MONTHS),
    "EYR",
)
_MONTHLY_COLUMNS = ["cty_code", "name", "period", "exports", "imports"]
#: Census publishes goods trade in USD millions with one decimal
PUBLISHED_DECIMALS = 1
_ANNUAL_COLUMNS = ["cty_code", "name", "year", "exports", "imports"]


# --------------------------------------------------------------------------- helpers


def _code4(value: object, *, what: str) -> str:
    """Census code as a 4-character zero-padded string ("15" → "0015")."""
    text = str(value).strip()
    if text.endswith(".0"):  # an integer that went through a float column
        text = text[:-2]
    if not text.isdigit() or len(text) > 4:
        raise SchemaError(f"{what}: {value!r} is not a Census country code (up to 4 digits)")
    return text.zfill(4)


def _published_months(exports: np.ndarray, imports: np.ndarray) -> int:
    """Count the published months of the latest year (arrays: codes × 12).

    Trailing months where both flows are 0 for every code are unpublished.
    """
    zero_month = ((exports == 0) | np.isnan(exports)).all(axis=0) & (
        (imports == 0) | np.isnan(imports)
    ).all(axis=0)
    published = 12
    while published > 0 and zero_month[published - 1]:
        published -= 1
    return published


def _tidy(
    codes: Sequence[str],
    names: Sequence[str],
    years: np.ndarray,
    exports: np.ndarray,
    imports: np.ndarray,
    exports_year: np.ndarray,
    imports_year: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the unpublished-month rule and return tidy (monthly, annual) frames.

    ``exports``/``imports`` are (rows × 12) float arrays, one row per (code, year).
    """
    exports = exports.astype("float64", copy=True)
    imports = imports.astype("float64", copy=True)
    exports_year = exports_year.astype("float64", copy=True)
    imports_year = imports_year.astype("float64", copy=True)
    if len(years):
        latest = int(years.max())
        in_latest = years == latest
        published = _published_months(exports[in_latest], imports[in_latest])
        if published < 12:
            rows = np.flatnonzero(in_latest)
            exports[np.ix_(rows, np.arange(published, 12))] = np.nan
            imports[np.ix_(rows, np.arange(published, 12))] = np.nan
            # an incomplete year has no annual value (not the partial year-to-date total)
            exports_year[rows] = np.nan
            imports_year[rows] = np.nan
    n = len(years)
    code_arr = np.asarray(codes, dtype=object)
    name_arr = np.asarray(names, dtype=object)
    annual = pd.DataFrame(
        {
            "cty_code": code_arr,
            "name": name_arr,
            "year": years.astype("int64"),
            "exports": exports_year,
            "imports": imports_year,
        }
    )
    months = np.tile(np.arange(1, 13), n)
    year_rep = np.repeat(years.astype("int64"), 12)
    period = [f"{y:04d}-{m:02d}" for y, m in zip(year_rep.tolist(), months.tolist(), strict=True)]
    monthly = pd.DataFrame(
        {
            "cty_code": np.repeat(code_arr, 12),
            "name": np.repeat(name_arr, 12),
            "period": period,
            "exports": exports.reshape(-1),
            "imports": imports.reshape(-1),
        }
    )
    annual = annual.sort_values(["cty_code", "year"], kind="stable").reset_index(drop=True)
    monthly = monthly.sort_values(["cty_code", "period"], kind="stable").reset_index(drop=True)
    for frame in (annual, monthly):
        frame["cty_code"] = frame["cty_code"].astype(str)
        frame["name"] = frame["name"].astype(str)
    monthly["period"] = monthly["period"].astype(str)
    return monthly[_MONTHLY_COLUMNS], annual[_ANNUAL_COLUMNS]


def _numeric(frame: pd.DataFrame, column: str, *, what: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        first = frame.loc[bad, column].iloc[0]
        raise SchemaError(f"{what}: column {column!r} holds a non-number ({first!r})")
    return values.to_numpy(dtype="float64")


# --------------------------------------------------------------------------- country.xlsx


def parse_country_xlsx(data: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse Census ``country.xlsx`` into tidy (monthly, annual) frames.

    The sheet ``country`` has the columns ``year, CTY_CODE, CTYNAME, IJAN…IDEC, IYR,
    EJAN…EDEC, EYR`` (imports ``I*``, exports ``E*``; USD millions). Every code is kept
    (countries, aggregates such as ``0015`` "World, Not Seasonally Adjusted", 8220, 8500).
    Unpublished months of the latest year become NaN, and so does the annual value of any
    incomplete year (see the module docstring).

    Raises:
        SchemaError: the bytes are not an xlsx workbook, the sheet or a column is missing
            (the message names it), or a value is not a number.

    Example:
        >>> from pathlib import Path
        >>> raw = Path("../shared/data/census/raw")
        >>> path = raw / "cesinco__tableau-dashboard-extension-d3js" / "country.xlsx"
        >>> monthly, annual = parse_country_xlsx(path.read_bytes())  # doctest: +SKIP
        >>> list(annual.columns)  # doctest: +SKIP
        ['cty_code', 'name', 'year', 'exports', 'imports']

    """
    if not data:
        raise SchemaError("country.xlsx: the file is empty")
    try:
        import openpyxl  # noqa: F401  (lazy: only parsing needs it)
    except ImportError as exc:  # pragma: no cover - openpyxl is a runtime dependency
        raise SchemaError("country.xlsx: parsing needs openpyxl (pip install openpyxl)") from exc
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError on garbage
        raise SchemaError(f"country.xlsx: not a readable xlsx workbook ({exc})") from exc
    with book:
        sheets = [str(s) for s in book.sheet_names]
        if _XLSX_SHEET not in sheets:
            raise SchemaError(
                f"country.xlsx: no sheet {_XLSX_SHEET!r} (sheets: {', '.join(sheets)})"
            )
        frame = pd.read_excel(book, sheet_name=_XLSX_SHEET)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in (*_XLSX_ID_COLUMNS, *_XLSX_VALUE_COLUMNS) if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"country.xlsx: sheet {_XLSX_SHEET!r} lacks column(s) {', '.join(missing)}"
        )
    frame = frame.dropna(how="all")
    if frame.empty:
        raise SchemaError("country.xlsx: sheet 'country' has no data rows")
    what = "country.xlsx"
    years_f = _numeric(frame, "year", what=what)
    if np.isnan(years_f).any() or (years_f != np.round(years_f)).any():
        raise SchemaError("country.xlsx: column 'year' has blank or non-integer values")
    years = years_f.astype("int64")
    codes = [_code4(c, what=what) for c in frame["CTY_CODE"].tolist()]
    names = [str(n).strip() for n in frame["CTYNAME"].tolist()]
    seen = pd.Series(list(zip(codes, years.tolist(), strict=True))).duplicated()
    if seen.any():
        dup = list(zip(codes, years.tolist(), strict=True))[int(np.flatnonzero(seen.to_numpy())[0])]
        raise SchemaError(f"country.xlsx: duplicate row for code {dup[0]} year {dup[1]}")
    exports = np.column_stack([_numeric(frame, f"E{m}", what=what) for m in MONTHS])
    imports = np.column_stack([_numeric(frame, f"I{m}", what=what) for m in MONTHS])
    return _tidy(
        codes,
        names,
        years,
        exports,
        imports,
        _numeric(frame, "EYR", what=what),
        _numeric(frame, "IYR", what=what),
    )


# --------------------------------------------------------------------------- code lists

_SCHEDULE_C_LINE = re.compile(r"^\s*(\d{4})\s*\|\s*(.*?)\s*\|\s*([A-Za-z]{2})?\s*$")


def parse_schedule_c(data: bytes) -> pd.DataFrame:
    r"""Parse Census Schedule C ``country.txt`` (``Code | Name | ISO Code``).

    Returns one row per code: ``cty_code`` (4-character string), ``name`` (as Census prints
    it), ``iso_code`` (the 2-letter code Census prints; for a few codes such as ``KV``
    Kosovo this is a Census code, not ISO 3166-1).

    Raises:
        SchemaError: no code line found, or a code appears twice.

    Example:
        >>> text = b"1220     |    Canada          | CA\n4621     |    Russia          | RU\n"
        >>> parse_schedule_c(text)["name"].tolist()
        ['Canada', 'Russia']

    """
    text = decode_text(data, "Schedule C")
    rows = []
    for line in text.splitlines():
        match = _SCHEDULE_C_LINE.match(line)
        if match:
            code, name, iso = match.groups()
            rows.append((code, name, iso or ""))
    if not rows:
        raise SchemaError("Schedule C: no 'Code | Name | ISO Code' lines found")
    frame: pd.DataFrame = pd.DataFrame(rows, columns=["cty_code", "name", "iso_code"]).astype(str)
    dup = frame["cty_code"].duplicated()
    if dup.any():
        raise SchemaError(f"Schedule C: code {frame.loc[dup, 'cty_code'].iloc[0]} appears twice")
    result: pd.DataFrame = frame.sort_values("cty_code", kind="stable").reset_index(drop=True)
    return result


_CORBETT_FIELDS = ("country_code", "census_code", "name", "iso2", "kind", "is_aggregate")


def parse_corbett_countries(data: bytes) -> pd.DataFrame:
    """Parse the corbett-hobbs ``countries.json`` code table.

    Returns one row per Census code: ``key`` (the pipeline's key: ISO alpha-3, ``XKX``-style
    user-assigned codes, ``AGG_00xx``, ``UNALLOC_xxxx``), ``cty_code``, ``name``, ``iso2``
    (empty when none), ``kind`` (country, former, world, group, region, product,
    unallocated), ``is_aggregate``, ``first_year``, ``last_year``, ``note``.

    Raises:
        SchemaError: not JSON, not a list of objects, or a required field is missing.

    Example:
        >>> row = ('{"country_code": "RUS", "census_code": "4621", "name": "Russia", '
        ...        '"iso2": "RU", "kind": "country", "is_aggregate": false}')
        >>> parse_corbett_countries(("[" + row + "]").encode())["key"].tolist()
        ['RUS']

    """
    records = _json_list(data, what="countries.json")
    rows = []
    for i, record in enumerate(records):
        missing = [f for f in _CORBETT_FIELDS if f not in record]
        if missing:
            raise SchemaError(f"countries.json: row {i} lacks field(s) {', '.join(missing)}")
        rows.append(
            {
                "key": str(record["country_code"]),
                "cty_code": _code4(record["census_code"], what="countries.json"),
                "name": str(record["name"]),
                "iso2": "" if record["iso2"] is None else str(record["iso2"]),
                "kind": str(record["kind"]),
                "is_aggregate": bool(record["is_aggregate"]),
                "first_year": record.get("first_year"),
                "last_year": record.get("last_year"),
                "note": "" if record.get("note") is None else str(record["note"]),
            }
        )
    frame: pd.DataFrame = pd.DataFrame(rows)
    for col in ("first_year", "last_year"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    dup = frame["cty_code"].duplicated()
    if dup.any():
        raise SchemaError(
            f"countries.json: code {frame.loc[dup, 'cty_code'].iloc[0]} appears twice"
        )
    result: pd.DataFrame = frame.sort_values("cty_code", kind="stable").reset_index(drop=True)
    return result


def _json_list(data: bytes, *, what: str) -> list[dict[str, Any]]:
    text = decode_text(data, what)
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise SchemaError(f"{what}: not valid JSON ({exc})") from exc
    if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
        raise SchemaError(f"{what}: expected a JSON array of objects")
    if not parsed:
        raise SchemaError(f"{what}: the array has no rows")
    return parsed


def corbett_key_table(schedule_c: pd.DataFrame, countries: pd.DataFrame) -> dict[str, str]:
    r"""Map each corbett-hobbs key to one Census code.

    A key shared by several codes (``SRB`` 4801/4802, ``SDN`` 7320/7321, ``ETH`` 7740/7749:
    the pipeline merges a predecessor code into the continuing country) maps to the code that
    is in the current Schedule C.

    Raises:
        SchemaError: a shared key has no current code, or several.

    Example:
        >>> sc = parse_schedule_c(b"4801 | Serbia | RS\n")
        >>> cc = pd.DataFrame({"key": ["SRB", "SRB"], "cty_code": ["4801", "4802"]})
        >>> corbett_key_table(sc, cc)
        {'SRB': '4801'}

    """
    current = set(schedule_c["cty_code"])
    table: dict[str, str] = {}
    for key, group in countries.groupby("key", sort=True):
        codes = sorted(group["cty_code"])
        if len(codes) > 1:
            codes = [c for c in codes if c in current]
            if len(codes) != 1:
                raise SchemaError(
                    f"countries.json: key {key!r} maps to several codes and not to exactly one "
                    "current Schedule C code"
                )
        table[str(key)] = codes[0]
    return table


# --------------------------------------------------------------------------- trade_by_country JSON

_JSON_FIELDS = ("country_code", "year", "exports", "imports", "exports_year", "imports_year")


def parse_trade_by_country_json(
    data: bytes, keys: Mapping[str, str], names: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse one corbett-hobbs ``trade_by_country/<year>.json`` file into tidy (monthly, annual).

    Each row has ``country_code`` (ISO alpha-3, a user-assigned ``X..`` key or ``AGG_00xx``),
    ``year``, 12-month ``exports``/``imports`` lists and ``exports_year``/``imports_year``
    (USD millions, rounded to 0.1). ``keys`` maps a key to a Census code
    ([`corbett_key_table`][tradeshock.parsers.census.corbett_key_table]), ``names`` a Census code to
    its name. The unpublished-month rule of
    [`parse_country_xlsx`][tradeshock.parsers.census.parse_country_xlsx] applies (null months are
    NaN too).

    Raises:
        SchemaError: not JSON, a field is missing, a month list is not 12 long, a key has no
            Census code, or two rows give the same code and year.

    Example:
        >>> row = {"country_code": "RUS", "year": 2025, "exports": [1.0] * 12,
        ...        "imports": [2.0] * 12, "exports_year": 12.0, "imports_year": 24.0}
        >>> m, a = parse_trade_by_country_json(json.dumps([row]).encode(),
        ...                                    {"RUS": "4621"}, {"4621": "Russia"})
        >>> a[["cty_code", "year", "exports", "imports"]].values.tolist()
        [['4621', 2025, 12.0, 24.0]]

    """
    what = "trade_by_country JSON"
    records = _json_list(data, what=what)
    codes: list[str] = []
    years: list[int] = []
    exports: list[list[float]] = []
    imports: list[list[float]] = []
    exports_year: list[float] = []
    imports_year: list[float] = []
    for i, record in enumerate(records):
        missing = [f for f in _JSON_FIELDS if f not in record]
        if missing:
            raise SchemaError(f"{what}: row {i} lacks field(s) {', '.join(missing)}")
        key = str(record["country_code"])
        if key not in keys:
            raise SchemaError(f"{what}: key {key!r} (row {i}) has no Census code in the code table")
        codes.append(keys[key])
        try:
            years.append(int(record["year"]))
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"{what}: row {i} has a non-integer year") from exc
        exports.append(_months(record["exports"], what=f"{what} row {i} 'exports'"))
        imports.append(_months(record["imports"], what=f"{what} row {i} 'imports'"))
        exports_year.append(_number(record["exports_year"], what=f"{what} row {i} 'exports_year'"))
        imports_year.append(_number(record["imports_year"], what=f"{what} row {i} 'imports_year'"))
    pairs = pd.Series(list(zip(codes, years, strict=True)))
    if pairs.duplicated().any():
        code, year = pairs[pairs.duplicated()].iloc[0]
        raise SchemaError(f"{what}: two rows for code {code} year {year}")
    return _tidy(
        codes,
        [names.get(c, "") for c in codes],
        np.asarray(years, dtype="int64"),
        np.asarray(exports, dtype="float64").reshape(len(codes), 12),
        np.asarray(imports, dtype="float64").reshape(len(codes), 12),
        np.asarray(exports_year, dtype="float64"),
        np.asarray(imports_year, dtype="float64"),
    )


def _number(value: object, *, what: str) -> float:
    if value is None:
        return float("nan")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SchemaError(f"{what}: {value!r} is not a number")
    return float(value)


def _months(values: object, *, what: str) -> list[float]:
    if not isinstance(values, list) or len(values) != 12:
        raise SchemaError(f"{what}: expected a list of 12 monthly values")
    return [_number(v, what=what) for v in values]


def round_half_up(values: Any, decimals: int = PUBLISHED_DECIMALS) -> np.ndarray:
    """Round like a person rounds the printed figure: half-up on the decimal value.

    ``numpy.round`` rounds the *binary* value half to even, so 10.05 (stored as
    10.0499999…) becomes 10.0; Census's figure 10.05 rounds to 10.1. Only values within a hair of a
    half are re-rounded with `decimal` on their shortest decimal form (``repr``), which is
    the figure the file prints; the rest keep numpy's (identical) result, so the pass stays
    vectorised. Half-up here means away from zero (negative values are balances, not inputs).
    NaN stays NaN.

    Example:
        >>> round_half_up([10.05, 0.25, 599.586448, float("nan")]).tolist()
        [10.1, 0.3, 599.6, nan]

    """
    array = np.asarray(values, dtype="float64")
    rounded = np.round(array, decimals)
    scaled = np.abs(array) * 10.0**decimals
    near_half = np.isfinite(array) & (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    quantum = Decimal(1).scaleb(-decimals)
    flat = rounded.reshape(-1)
    for at in np.flatnonzero(near_half.reshape(-1)):
        figure = Decimal(repr(float(array.reshape(-1)[at])))
        flat[at] = float(figure.quantize(quantum, rounding=ROUND_HALF_UP))
    return flat.reshape(array.shape)


def round_published(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a tidy trade table with ``exports``/``imports`` at 0.1 (half-up).

    ``country.xlsx`` stores unrounded floats (599.586448); Census publishes 599.6. The snapshot
    builder and the live loader both round here, so their numbers agree exactly.

    Example:
        >>> round_published(pd.DataFrame({"exports": [10.05], "imports": [2.0]}))["exports"].item()
        10.1

    """
    out: pd.DataFrame = table.copy()
    for column in ("exports", "imports"):
        out[column] = round_half_up(out[column].to_numpy(dtype="float64"))
    return out

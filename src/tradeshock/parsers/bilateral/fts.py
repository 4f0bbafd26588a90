"""Russia's Federal Customs Service statistics as published by Rosstat: bytes → tidy frame.

Three workbooks (see ``bilateral/SOURCES.md`` §1), all *reporter Russia*, compiler ``"FTS"``:

* [`parse_fts_monthly`][tradeshock.parsers.bilateral.fts.parse_fts_monthly] — ``96stran.xlsx``:
  exports to / imports from 29 partners, monthly 2006-01 … 2021-12, million USD. Partner names are
  read from row 5 **by column position** and normalised (13 of them hide a Latin ``a`` among
  Cyrillic letters, two hold line breaks); the ``…`` cells (Kazakhstan, July–December 2010) become
  NaN with a note, never 0.
* [`parse_fts_annual`][tradeshock.parsers.bilateral.fts.parse_fts_annual] — ``94itog.xlsx``: annual
  totals, far-abroad / CIS split and six CIS partners, 1994 … 2021, million USD. The far-abroad and
  CIS rows get partner codes ``FAR_ABROAD`` and ``CIS``.
* [`parse_fts_continents`][tradeshock.parsers.bilateral.fts.parse_fts_continents] —
  ``fts_by_continent_*.xlsx``: 2022–2024 totals by continent in **billion** USD, converted to
  million USD (× 1000). Periods are ``"YYYY"`` for a full year and ``"YYYY-01/YYYY-MM"`` for a
  cumulative January–month span.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ...errors import SchemaError
from ._countries import code_for_name, normalise_name
from ._frame import open_workbook, tidy_frame

__all__ = ["MONTHS_RU", "parse_fts_annual", "parse_fts_continents", "parse_fts_monthly"]

COMPILER = "FTS"
UNITS = "USD millions"
ELLIPSIS = "\u2026"
#: Russian month names as 96stran.xlsx prints them (after stripping the two leading spaces)
MONTHS_RU = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
_SHEETS = {"Экспорт": "exports", "Импорт": "imports"}
_CONTINENTS = {
    "весь мир": "WLD",
    "европа": "EUROPE",
    "азия": "ASIA",
    "африка": "AFRICA",
    "америка": "AMERICA",
    "океания": "OCEANIA",
}
_MONTH_SPAN = re.compile(r"январь-(\w+)\s+(\d{4})", re.IGNORECASE)


def _row(
    partner_name: str,
    flow: str,
    period: str,
    value: float,
    note: str = "",
    partner: str | None = None,
) -> dict[str, Any]:
    return {
        "reporter": "RUS",
        "partner": code_for_name(partner_name) if partner is None else partner,
        "flow": flow,
        "period": period,
        "value": value,
        "units": UNITS,
        "compiler": COMPILER,
        "reporter_name": "Russia",
        "partner_name": " ".join(str(partner_name).split()),
        "note": note,
    }


def _number(cell: object, where: str) -> float:
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        raise SchemaError(f"{where}: expected a number, got {cell!r}")
    value = float(cell)
    if not math.isfinite(value):
        raise SchemaError(f"{where}: not a finite number ({cell!r})")
    return value


def _monthly_sheet(rows: list[tuple[Any, ...]], flow: str) -> Iterator[dict[str, Any]]:
    if len(rows) < 7:
        raise SchemaError(f"96stran sheet for {flow}: too few rows ({len(rows)})")
    header = rows[4]
    partners = [(col, str(name)) for col, name in enumerate(header) if col > 0 and name]
    if not partners:
        raise SchemaError(f"96stran sheet for {flow}: row 5 holds no partner names")
    year: int | None = None
    for number, row in enumerate(rows[5:], start=6):
        label = row[0] if row else None
        if isinstance(label, int) and not isinstance(label, bool):
            year = label
            continue
        month = normalise_name(label) if isinstance(label, str) else ""
        if month not in MONTHS_RU:
            if label is None and not any(row):
                continue
            raise SchemaError(f"96stran {flow} row {number}: unexpected label {label!r}")
        if year is None:
            raise SchemaError(f"96stran {flow} row {number}: a month before any year row")
        period = f"{year}-{MONTHS_RU.index(month) + 1:02d}"
        for col, name in partners:
            cell = row[col] if col < len(row) else None
            if isinstance(cell, str) and cell.strip() == ELLIPSIS:
                yield _row(name, flow, period, math.nan, "… in source (no figure published)")
                continue
            yield _row(name, flow, period, _number(cell, f"96stran {flow} {period} {name!r}"))


def parse_fts_monthly(data: bytes) -> pd.DataFrame:
    """Parse ``96stran.xlsx`` (monthly trade with 29 partners, 2006–2021) into the tidy frame.

    Raises:
        SchemaError: not a workbook, a sheet missing, a non-numeric cell other than ``…``.

    Example:
        >>> parse_fts_monthly(b"not a workbook")
        Traceback (most recent call last):
        ...
        tradeshock.errors.SchemaError: 96stran.xlsx: not a readable .xlsx workbook (...)

    """
    book = open_workbook(data, "96stran.xlsx")
    missing = [name for name in _SHEETS if name not in book.sheetnames]
    if missing:
        raise SchemaError(f"96stran.xlsx: sheets {missing} missing (have {book.sheetnames})")
    rows: list[dict[str, Any]] = []
    for sheet, flow in _SHEETS.items():
        rows.extend(_monthly_sheet(list(book[sheet].iter_rows(values_only=True)), flow))
    return tidy_frame(rows, "96stran.xlsx")


def _annual_sheet(rows: list[tuple[Any, ...]], sheet: str) -> Iterator[dict[str, Any]]:
    year = int(sheet)
    flow: str | None = None
    for number, row in enumerate(rows, start=1):
        label = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if not isinstance(label, str) or isinstance(value, str) or value is None:
            continue
        key = normalise_name(label)
        where = f"94itog sheet {sheet} row {number}"
        if key in ("экспорт", "импорт"):
            flow = "exports" if key == "экспорт" else "imports"
            yield _row("Весь мир", flow, str(year), _number(value, where), partner="WLD")
            continue
        if flow is None:
            continue
        if key.startswith("со странами дальнего"):
            yield _row(label, flow, str(year), _number(value, where), partner="FAR_ABROAD")
        elif key.startswith("со странами снг"):
            yield _row(label, flow, str(year), _number(value, where), partner="CIS")
        else:
            yield _row(label, flow, str(year), _number(value, where))


def parse_fts_annual(data: bytes) -> pd.DataFrame:
    """Parse ``94itog.xlsx`` (annual totals and CIS partners, 1994–2021) into the tidy frame.

    Example:
        >>> parse_fts_annual(b"")
        Traceback (most recent call last):
        ...
        tradeshock.errors.SchemaError: 94itog.xlsx: not a readable .xlsx workbook (...)

    """
    book = open_workbook(data, "94itog.xlsx")
    years = [name for name in book.sheetnames if name.isdigit()]
    if not years:
        raise SchemaError(f"94itog.xlsx: no year sheets (have {book.sheetnames})")
    rows: list[dict[str, Any]] = []
    for sheet in years:
        rows.extend(_annual_sheet(list(book[sheet].iter_rows(values_only=True)), sheet))
    return tidy_frame(rows, "94itog.xlsx")


def _span(label: object, where: str) -> str:
    """Turn a header like ``"январь-сентябрь 2024"`` into ``"2024-01/2024-09"``.

    A full year (``"январь-декабрь 2023"``) becomes ``"2023"``.
    """
    match = _MONTH_SPAN.search(str(label))
    if not match or match.group(1).lower() not in MONTHS_RU:
        raise SchemaError(f"{where}: period header {label!r} is not 'январь-<month> <year>'")
    month = MONTHS_RU.index(match.group(1).lower()) + 1
    year = match.group(2)
    return year if month == 12 else f"{year}-01/{year}-{month:02d}"


def parse_fts_continents(data: bytes, *, what: str = "fts_by_continent") -> pd.DataFrame:
    """Parse one ``fts_by_continent_*.xlsx`` table (billion USD) into million USD.

    Columns B, C are exports in two periods, E, F imports (D and G are growth formulas,
    ignored). Rows: Весь мир, ЕВРОПА, АЗИЯ, АФРИКА, АМЕРИКА, ОКЕАНИЯ.

    Example:
        >>> parse_fts_continents(b"x")
        Traceback (most recent call last):
        ...
        tradeshock.errors.SchemaError: fts_by_continent: not a readable .xlsx workbook (...)

    """
    book = open_workbook(data, what)
    rows_in = list(book.worksheets[0].iter_rows(values_only=True))
    header = next((r for r in rows_in if r and any(_MONTH_SPAN.search(str(c)) for c in r)), None)
    if header is None:
        raise SchemaError(f"{what}: no period header row ('январь-… YYYY')")
    columns = {1: "exports", 2: "exports", 4: "imports", 5: "imports"}
    periods = {col: _span(header[col], what) for col in columns}
    rows: list[dict[str, Any]] = []
    for row in rows_in:
        key = normalise_name(row[0]) if row and isinstance(row[0], str) else ""
        if key not in _CONTINENTS:
            continue
        for col, flow in columns.items():
            value = _number(row[col], f"{what} {row[0]!r} column {col + 1}") * 1000.0
            rows.append(_row(str(row[0]), flow, periods[col], value, partner=_CONTINENTS[key]))
    return tidy_frame(rows, what)

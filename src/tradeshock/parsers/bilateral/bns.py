"""Kazakhstan's Bureau of National Statistics, "main indicators of foreign trade" (.xls).

Each sheet is one year (``12_2019``, ``2022`` …; the cover, symbols, contents and methodology
sheets of the 2023 file are skipped): a title row naming the year, ``тыс. долларов США``
(**thousand** USD), a header row ``Наименование … | Товарооборот | | Экспорт | | Импорт |``, then
one row per partner or group with totals in columns B (turnover), D (exports) and F (imports).
Values are divided by 1000 to million USD. Reporter Kazakhstan, compiler ``"BNS"``.

Trade with EAEU members (Russia included) is compiled from the enterprise survey 1-TS, with
everyone else from customs data (methodology sheet of the 2023 file). Where two files hold the
same year both are returned (``note`` names the file's sheet); the loaders pick one vintage.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ...errors import SchemaError
from .._text import require_bytes
from ._countries import code_for_name, normalise_name
from ._frame import tidy_frame

__all__ = ["COMPILER", "parse_bns_xls"]

COMPILER = "BNS"
_YEAR = re.compile(r"(19|20)\d{2}")
_GROUPS = {
    "страны снг": "CIS",
    "страны еаэс": "EAEU",
    "страны вне еаэс": "CIS_NON_EAEU",
    "остальные страны мира": "NON_CIS",
    "европа": "EUROPE",
    "страны вне ес": "EUROPE_NON_EU",
    "азия": "ASIA",
    "африка": "AFRICA",
    "америка": "AMERICA",
    "австралия и океания": "OCEANIA",
}


def _header(sheet: Any) -> int | None:
    """Row index of the ``Экспорт``/``Импорт`` header, or ``None`` (not a data sheet)."""
    for row in range(min(sheet.nrows, 10)):
        cells = [normalise_name(c) for c in sheet.row_values(row)]
        if len(cells) >= 6 and cells[3] == "экспорт" and cells[5] == "импорт":
            return row
    return None


def _year(sheet: Any, header: int, what: str) -> str:
    for row in range(header):
        for cell in sheet.row_values(row):
            if match := _YEAR.search(str(cell)):
                return match.group(0)
    raise SchemaError(f"{what} sheet {sheet.name!r}: no year in the title rows")


def _thousands(cell: object, where: str) -> float | None:
    if cell == "" or cell is None:
        return None
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        raise SchemaError(f"{where}: {cell!r} is not a number")
    value = float(cell)
    if not math.isfinite(value):
        raise SchemaError(f"{where}: {cell!r} is not finite")
    return value / 1000.0


def _partner(label: str) -> tuple[str, str]:
    r"""(code, display name) of a row label; ``Всего\\nв том числе`` is the world."""
    name = " ".join(label.split())
    key = normalise_name(name).removesuffix(" в том числе")
    if key == "всего":
        return "WLD", name
    return _GROUPS.get(key) or code_for_name(name), name


def _sheet_rows(sheet: Any, what: str) -> Iterator[dict[str, Any]]:
    header = _header(sheet)
    if header is None:
        return
    units = " ".join(str(c) for r in range(header + 2) for c in sheet.row_values(r))
    if "тыс. долларов сша" not in normalise_name(units):
        raise SchemaError(f"{what} sheet {sheet.name!r}: unit 'тыс. долларов США' not found")
    year = _year(sheet, header, what)
    for row in range(header + 2, sheet.nrows):
        cells = sheet.row_values(row)
        if not isinstance(cells[0], str) or not cells[0].strip():
            continue
        code, name = _partner(cells[0])
        for col, flow in ((3, "exports"), (5, "imports")):
            value = _thousands(cells[col], f"{what} sheet {sheet.name!r} row {row + 1} ({name})")
            if value is None:
                continue
            yield {
                "reporter": "KAZ",
                "partner": code,
                "flow": flow,
                "period": year,
                "value": value,
                "units": "USD millions",
                "compiler": COMPILER,
                "reporter_name": "Kazakhstan",
                "partner_name": name,
                "note": f"sheet {sheet.name}",
            }


def parse_bns_xls(data: bytes, *, what: str = "BNS workbook") -> pd.DataFrame:
    """Parse one BNS ``.xls`` workbook (every year sheet) into the tidy frame (million USD).

    Needs ``xlrd`` (the files are the old binary Excel format).

    Raises:
        SchemaError: not an .xls workbook, no year sheet, a unit other than thousand USD, a
            non-numeric value cell.

    Example:
        >>> parse_bns_xls(b"not a workbook")
        Traceback (most recent call last):
        ...
        tradeshock.errors.SchemaError: BNS workbook: not a readable .xls workbook

    """
    raw = require_bytes(data, what)
    try:
        import xlrd
    except ImportError:  # pragma: no cover - environment without the optional reader
        raise SchemaError(f"{what}: reading .xls needs xlrd (pip install xlrd)") from None
    try:
        book = xlrd.open_workbook(file_contents=raw)
    except Exception:  # xlrd raises XLRDError, CompDocError, struct errors …
        raise SchemaError(f"{what}: not a readable .xls workbook") from None
    rows: list[dict[str, Any]] = []
    for sheet in book.sheets():
        rows.extend(_sheet_rows(sheet, what))
    return tidy_frame(rows, what)

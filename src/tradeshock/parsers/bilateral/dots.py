"""IMF Direction of Trade Statistics report workbooks (``DOTS_<n>.xlsx``): bytes → tidy frame.

Layout (``bilateral/SOURCES.md`` §2): sheets ``Exports, FOB`` and ``Imports, CIF``; row 4
column B the reporter name, row 5 ``US Dollars, Millions``, row 7 the years (text) from column
C, from row 8 one partner per row (countries, regional groups and memorandum items mixed).
Values are floats, or text ending in `` e`` for IMF estimates (kept, with the note
``"IMF estimate"``); an empty cell means no data and yields **no row** (never 0). A partner
printed twice with the same values (Australia) is kept once.

``partner`` is the economy code where `_countries` knows the name, else ``""`` (the name
is always in ``partner_name``). The reporter's own code comes from row 4 the same way.

Caveat kept for the loaders, not fixed here: Russia-as-reporter 2009–2011 puts 49.3, 50.4 and
86.6 billion USD of exports under "Countries & Areas not specified", so its bilateral exports
for those years are too low.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ...errors import SchemaError
from ._countries import code_for_name
from ._frame import open_workbook, tidy_frame

__all__ = ["COMPILER", "parse_dots_workbook"]

COMPILER = "IMF DOTS"
_SHEETS = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
_UNITS_LABEL = "us dollars, millions"


def _value(cell: object, where: str) -> tuple[float, str] | None:
    """(value, note) of one cell; ``None`` for an empty cell."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise SchemaError(f"{where}: unexpected boolean {cell!r}")
    if isinstance(cell, (int, float)):
        return float(cell), ""
    text = str(cell).strip()
    note = ""
    if text.endswith(" e"):
        text, note = text[:-2].strip(), "IMF estimate"
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise SchemaError(f"{where}: {cell!r} is not a number") from None
    if not math.isfinite(value):
        raise SchemaError(f"{where}: {cell!r} is not finite")
    return value, note


def _sheet(rows: list[tuple[Any, ...]], flow: str, what: str) -> Iterator[dict[str, Any]]:
    if len(rows) < 8:
        raise SchemaError(f"{what} {flow}: too few rows ({len(rows)})")
    reporter_name = str(rows[3][1] or "").strip()
    if str(rows[4][1] or "").strip().lower() != _UNITS_LABEL:
        raise SchemaError(f"{what} {flow}: row 5 says {rows[4][1]!r}, not 'US Dollars, Millions'")
    years = {
        col: str(cell).strip() for col, cell in enumerate(rows[6]) if col >= 2 and cell is not None
    }
    if not years or not all(y.isdigit() and len(y) == 4 for y in years.values()):
        raise SchemaError(f"{what} {flow}: row 7 does not hold the years from column C")
    reporter = code_for_name(reporter_name)
    for number, row in enumerate(rows[7:], start=8):
        name = row[1] if len(row) > 1 else None
        if not isinstance(name, str) or not name.strip():
            continue
        for col, year in years.items():
            parsed = _value(
                row[col] if col < len(row) else None, f"{what} {flow} row {number} ({name}) {year}"
            )
            if parsed is None:
                continue
            yield {
                "reporter": reporter,
                "partner": code_for_name(name),
                "flow": flow,
                "period": year,
                "value": parsed[0],
                "units": "USD millions",
                "compiler": COMPILER,
                "reporter_name": reporter_name,
                "partner_name": name.strip(),
                "note": parsed[1],
            }


def parse_dots_workbook(data: bytes, *, what: str = "DOTS workbook") -> pd.DataFrame:
    """Parse one DOTS report workbook into the tidy frame (both flows, every partner row).

    Raises:
        SchemaError: not a workbook, a sheet missing, unexpected units or year row, a cell that
            is neither empty, a number nor ``"<number> e"``.

    Example:
        >>> parse_dots_workbook(b"x")
        Traceback (most recent call last):
        ...
        tradeshock.errors.SchemaError: DOTS workbook: not a readable .xlsx workbook (...)

    """
    book = open_workbook(data, what)
    missing = [name for name in _SHEETS if name not in book.sheetnames]
    if missing:
        raise SchemaError(f"{what}: sheets {missing} missing (have {book.sheetnames})")
    rows: list[dict[str, Any]] = []
    for sheet, flow in _SHEETS.items():
        rows.extend(_sheet(list(book[sheet].iter_rows(values_only=True)), flow, what))
    return _drop_repeated_rows(tidy_frame(rows, what), what)


def _drop_repeated_rows(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Keep one row of a partner printed twice with identical values (else raise).

    Australia appears above World and again among the advanced economies.
    """
    keys = ["flow", "partner_name", "period"]
    repeated = frame[frame.duplicated(keys, keep=False)]
    if repeated.groupby(keys)["value"].nunique().gt(1).any():
        names = sorted(set(repeated["partner_name"]))
        raise SchemaError(f"{what}: partners {names} appear twice with different values")
    unique: pd.DataFrame = frame.drop_duplicates(keys).reset_index(drop=True)
    return unique

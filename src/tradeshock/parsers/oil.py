"""Oil spot prices (datahub ``oil-prices`` CSVs of EIA's RBRTE / RWTC series): bytes → tidy pandas.

The files have two columns, ``Date`` and ``Price`` (USD per barrel). Monthly rows are dated the
15th and annual rows June 30; only the period is kept (``"YYYY-MM"`` or ``"YYYY"``).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from .._freq import normalize_freq
from ..errors import SchemaError
from ._text import decode_text

__all__ = ["BENCHMARK_SERIES", "parse_oil_prices"]

#: benchmark name → EIA series id (spot price FOB, USD per barrel)
BENCHMARK_SERIES = {"brent": "RBRTE", "wti": "RWTC"}

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def parse_oil_prices(data: bytes, *, freq: str) -> pd.DataFrame:
    r"""Parse a datahub oil-prices CSV (``Date,Price``) into tidy ``period, value`` rows.

    ``freq`` is ``"M"`` for the ``-monthly`` files and ``"Y"`` (or ``"A"``) for the ``-year`` files;
    two rows falling in the same period (e.g. a daily file read as monthly) raise ``SchemaError``.
    Blank prices become NaN.

    Example:
        >>> parse_oil_prices(b"Date,Price\n2016-06-30,43.64\n", freq="Y").values.tolist()
        [['2016', 43.64]]

    """
    freq_code = normalize_freq(freq)
    what = "oil prices CSV"
    rows = [
        row
        for row in csv.reader(io.StringIO(decode_text(data, what)))
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise SchemaError(f"{what}: no header row")
    header = [cell.strip().lower() for cell in rows[0]]
    for column in ("date", "price"):
        if column not in header:
            raise SchemaError(f"{what}: missing column {column.capitalize()!r} (header: {rows[0]})")
    date_at, price_at = header.index("date"), header.index("price")
    if len(rows) < 2:
        raise SchemaError(f"{what}: no data rows")
    periods: list[str] = []
    values: list[float] = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) <= max(date_at, price_at):
            raise SchemaError(f"{what}: line {line} has too few cells")
        match = _DATE.match(row[date_at].strip())
        if match is None:
            raise SchemaError(f"{what}: line {line}: Date {row[date_at]!r} is not YYYY-MM-DD")
        year, month = match.group(1), match.group(2)
        periods.append(year if freq_code == "Y" else f"{year}-{month}")
        price = row[price_at].strip()
        try:
            values.append(float(price) if price else float("nan"))
        except ValueError:
            raise SchemaError(f"{what}: line {line}: Price {price!r} is not a number") from None
    tidy = pd.DataFrame({"period": periods, "value": values})
    if tidy["period"].duplicated().any():
        dup = tidy.loc[tidy["period"].duplicated(), "period"].iloc[0]
        raise SchemaError(f"{what}: period {dup} appears twice; is freq={freq!r} right?")
    result: pd.DataFrame = tidy.sort_values("period", kind="stable").reset_index(drop=True)
    return result

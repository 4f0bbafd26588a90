r"""FRED ``fredgraph.csv`` (e.g. ``DCOILBRENTEU``, ``DCOILWTICO``): bytes in, pandas out.

The file has two columns: the date (``observation_date`` in current files, ``DATE`` in older
ones) and the series id, one row per day. FRED writes ``.`` (older files) or an empty cell for a
day without a value (holidays): those become NaN.

Daily to monthly or annual: the mean of the days that have a value in the period (EIA's
monthly and annual spot averages are computed the same way); a period with no value at all is
NaN. Periods between the first and last observation are all present.

Example:
    >>> raw = b"observation_date,DCOILBRENTEU\n2020-01-02,66.25\n2020-01-03,.\n"
    >>> parse_fredgraph_csv(raw).tolist()
    [66.25, nan]

"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from .._freq import normalize_freq
from ..errors import SchemaError
from ._text import decode_text

__all__ = ["daily_to_period", "parse_fredgraph_csv"]

_DATE_COLUMNS = ("observation_date", "date")
_MISSING = ("", ".", "NA", "#N/A")


def parse_fredgraph_csv(data: bytes, *, series_id: str | None = None) -> pd.Series:
    r"""Parse a fredgraph CSV into a daily float Series (``DatetimeIndex`` named ``date``).

    The Series is named after the file's series column; with ``series_id`` given that column must
    match it (case-insensitive), else [`SchemaError`][tradeshock.errors.SchemaError].

    Example:
        >>> parse_fredgraph_csv(b"DATE,DCOILWTICO\n1986-01-02,25.56\n").name
        'DCOILWTICO'

    """
    what = "FRED fredgraph.csv"
    text = decode_text(data, what)
    if text.lstrip().startswith("<"):
        raise SchemaError(f"{what}: got an HTML page, not CSV (unknown series id?)")
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise SchemaError(f"{what}: not a readable CSV ({exc})") from None
    if not rows:
        raise SchemaError(f"{what}: no header row (the file holds only separators)")
    header = [c.strip() for c in rows[0]]
    if len(header) < 2 or header[0].lower() not in _DATE_COLUMNS:
        raise SchemaError(
            f"{what}: expected a header 'observation_date,<SERIES>' (or 'DATE,...'), got {header}"
        )
    name = header[1]
    if series_id is not None and name.upper() != series_id.upper():
        raise SchemaError(f"{what}: expected column {series_id!r}, found {name!r}")
    dates: list[str] = []
    values: list[float] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 2:
            raise SchemaError(f"{what}: line {number} has fewer than 2 cells")
        cell = row[1].strip()
        if cell in _MISSING:
            values.append(np.nan)
        else:
            try:
                values.append(float(cell))
            except ValueError:
                raise SchemaError(f"{what}: line {number}: {cell!r} is not a number") from None
        dates.append(row[0].strip())
    try:
        index = pd.DatetimeIndex(pd.to_datetime(dates, format="%Y-%m-%d"), name="date")
    except (ValueError, TypeError):
        raise SchemaError(f"{what}: dates must be YYYY-MM-DD") from None
    if index.has_duplicates:
        raise SchemaError(f"{what}: date {index[index.duplicated()][0].date()} appears twice")
    series = pd.Series(values, index=index, name=name, dtype="float64")
    ordered: pd.Series = series.sort_index()
    return ordered


def daily_to_period(daily: pd.Series, freq: str) -> pd.Series:
    """Average a daily Series to monthly (``"M"``) or annual (``"Y"``) periods.

    The mean of the days with a value; NaN for a period with none. Index: ``PeriodIndex`` named
    ``period`` covering every period from the first to the last observation.

    Example:
        >>> s = pd.Series([1.0, None, 3.0], index=pd.to_datetime(["2020-01-02", "2020-01-03",
        ...                                                       "2020-03-02"]))
        >>> daily_to_period(s, "M").tolist()
        [1.0, nan, 3.0]

    """
    code = normalize_freq(freq)
    if daily.empty:
        empty: pd.Series = pd.Series(
            [],
            index=pd.PeriodIndex([], freq=code, name="period"),
            dtype="float64",
            name=daily.name,
        )
        return empty
    index = pd.DatetimeIndex(daily.index)
    periods = index.to_period(code)
    means = daily.groupby(periods).mean()
    full = pd.period_range(periods.min(), periods.max(), freq=code, name="period")
    result = means.reindex(full).astype("float64")
    result.index.name = "period"
    result.name = daily.name
    out: pd.Series = result
    return out

"""Long-format panels for [`resilience_table`][tradeshock.resilience_table] (private).

A long panel has one row per (series key, period): key columns (``by``, e.g. partner and HS
code), a period column and a value column. Product-level panels (HS-10 x partners x months) come
this way and do not fit a wide frame. This module lays them out as wide blocks of series
(periods x series, at most ``BLOCK_CELLS`` cells each) and hands every block to the wide,
vectorised table, so there is no Python loop over series; the key columns then replace the
``series`` column, in front.

The wide path decides every number: the long path only reshapes, so both give the same table
(tests/test_long.py checks this property on random panels).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ._checks import freq_code
from .errors import InsufficientDataError, ValidationError

__all__ = [
    "BLOCK_CELLS",
    "LongLayout",
    "keys_argument",
    "layout",
    "long_table",
    "looks_long",
    "period_ordinals",
]

BLOCK_CELLS = 1 << 22
"""Cells (periods x series) per wide block: 4M float64 = 32 MB, so memory stays bounded."""

WideTable = Callable[..., pd.DataFrame]

# pandas' annual Period ordinal is the year minus 1970 (ordinals count from the 1970 epoch)
_YEAR_ORDINAL_OFFSET = pd.Period("2000", freq="Y").ordinal - 2000


def looks_long(data: object, period: str, value: str) -> bool:
    """Tell whether ``data`` is a DataFrame without a PeriodIndex but with both named columns."""
    return (
        isinstance(data, pd.DataFrame)
        and not isinstance(data.index, pd.PeriodIndex)
        and period in data.columns
        and value in data.columns
    )


def keys_argument(by: object, data: pd.DataFrame, period: str, value: str) -> tuple[str, ...]:
    """Validate ``by`` (a column name or a sequence of them); None = every other column."""
    if by is None:
        keys = tuple(c for c in data.columns if c not in (period, value))
    elif isinstance(by, str):
        keys = (by,)
    elif isinstance(by, Sequence) and all(isinstance(c, str) for c in by):
        keys = tuple(by)
    else:
        raise ValidationError(f"by must be a column name or a sequence of names, got {by!r}")
    if not keys:
        raise ValidationError(
            f"a long panel needs key columns besides {period!r} and {value!r} (pass by=)"
        )
    missing = [c for c in (*keys, period, value) if c not in data.columns]
    if missing:
        raise ValidationError(
            f"data has no column(s) {missing}; its columns are {list(map(str, data.columns))}"
        )
    if len(set(keys)) != len(keys) or period in keys or value in keys:
        raise ValidationError(f"by={keys!r} repeats a column or includes {period!r}/{value!r}")
    return keys


def _period_ordinals(column: pd.Series, name: str) -> tuple[np.ndarray, str]:
    """Ordinals of the period column and its frequency code ("Y" or "M")."""
    dtype = column.dtype
    if isinstance(dtype, pd.PeriodDtype):
        code = freq_code(dtype.freq)
        if code is None:
            raise ValidationError(
                f"column {name!r} has period frequency {dtype.freq!r}; "
                "use annual 'Y' or monthly 'M'"
            )
        ordinals = column.array.asi8
        if (ordinals == np.iinfo(np.int64).min).any():
            raise ValidationError(f"column {name!r} has missing (NaT) periods")
        return np.asarray(ordinals, dtype=np.int64), code
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if column.isna().any():
            raise ValidationError(f"column {name!r} has missing years")
        return column.to_numpy(dtype=np.int64) + _YEAR_ORDINAL_OFFSET, "Y"
    raise ValidationError(
        f"column {name!r} must hold pandas Periods (freq 'Y' or 'M') or integer years, got dtype "
        f"{dtype}; convert dates with .dt.to_period('M')"
    )


def _values(column: pd.Series, name: str) -> np.ndarray:
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        raise ValidationError(f"column {name!r} must hold numbers, got dtype {dtype}")
    values = column.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.where(np.isfinite(values), values, np.nan)


@attrs.frozen(eq=False)
class LongLayout:
    """A long panel sorted by (series, period): where each series' values go in a wide block."""

    keys: pd.DataFrame  # one row per series, in sorted key order
    series: np.ndarray  # series number of each sorted row
    rows: np.ndarray  # period row (ordinal - first) of each sorted row
    values: np.ndarray  # value of each sorted row
    periods: pd.PeriodIndex  # the complete period range of the panel

    def blocks(self, cells: int | None = None) -> Iterator[tuple[int, pd.DataFrame]]:
        """Yield (first series number, wide block) with at most ``cells`` cells per block.

        ``cells`` defaults to ``BLOCK_CELLS`` (read at call time); a block holds one series at
        least.
        """
        n_series = len(self.keys)
        limit = BLOCK_CELLS if cells is None else cells
        width = max(1, limit // max(len(self.periods), 1))
        for start in range(0, n_series, width):
            stop = min(start + width, n_series)
            lo, hi = np.searchsorted(self.series, [start, stop])
            block = np.full((len(self.periods), stop - start), np.nan)
            block[self.rows[lo:hi], self.series[lo:hi] - start] = self.values[lo:hi]
            frame = pd.DataFrame(block, index=self.periods, columns=pd.RangeIndex(start, stop))
            yield start, frame


def period_ordinals(data: pd.DataFrame, period: str) -> np.ndarray:
    """Ordinals of a long panel's period column (validated as in `layout`)."""
    return _period_ordinals(data[period], period)[0]


def layout(
    data: pd.DataFrame,
    keys: tuple[str, ...],
    period: str,
    value: str,
    span: tuple[int, int] | None = None,
) -> LongLayout:
    """Check a long panel and sort it by (series, period); duplicates raise ValidationError.

    ``span`` (first and last period ordinals) widens the blocks to a range wider than this
    frame's own: the Dask path passes the whole panel's, so that each partition's table equals
    the whole panel's rows ("shock outside data" is judged on the panel's range).
    """
    if len(data) == 0:
        raise InsufficientDataError("data is empty")
    key_frame = data[list(keys)]
    if key_frame.isna().to_numpy().any():
        raise ValidationError(f"key column(s) {list(keys)} have missing values")
    ordinals, code = _period_ordinals(data[period], period)
    values = _values(data[value], value)
    series = key_frame.groupby(list(keys), sort=True, dropna=False).ngroup().to_numpy(np.int64)
    first = int(ordinals.min()) if span is None else int(span[0])
    rows = ordinals - first
    n_periods = (int(rows.max()) if span is None else int(span[1]) - first) + 1
    order = np.argsort(series * n_periods + rows, kind="stable")
    series, rows = series[order], rows[order]
    same = (series[1:] == series[:-1]) & (rows[1:] == rows[:-1])
    if same.any():
        _raise_duplicates(data, keys, period, order, same)
    starts = np.flatnonzero(np.r_[True, series[1:] != series[:-1]])
    periods = pd.period_range(
        pd.Period(ordinal=first, freq=code), periods=n_periods, freq=code, name="period"
    )
    series_keys = key_frame.iloc[order[starts]].reset_index(drop=True)
    return LongLayout(series_keys, series, rows, values[order], periods)


def _raise_duplicates(
    data: pd.DataFrame,
    keys: tuple[str, ...],
    period: str,
    order: np.ndarray,
    same: np.ndarray,
) -> None:
    """Raise a ValidationError naming the first duplicated (keys, period) in sorted key order."""
    first_row = data.iloc[int(order[int(np.argmax(same))])]
    named = ", ".join(f"{c}={first_row[c]!r}" for c in (*keys, period))
    raise ValidationError(
        f"data has {int(same.sum())} duplicate ({', '.join(keys)}, {period}) row(s), the first "
        f"at {named}; aggregate them (e.g. groupby(...).sum()) or drop them first"
    )


def long_table(
    data: pd.DataFrame,
    timeline: object,
    *,
    by: object,
    period: str,
    value: str,
    wide_table: WideTable,
    options: dict[str, Any],
    span: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Build the wide table of every block of a long panel, key columns in front of each row.

    Rows are in the wide path's order: events in timeline order, then series in sorted key order.
    """
    keys = keys_argument(by, data, period, value)
    laid = layout(data, keys, period, value, span)
    tables: list[pd.DataFrame] = []
    widths: list[int] = []
    for _, block in laid.blocks():  # one block in memory at a time
        tables.append(wide_table(block, timeline, **options))
        widths.append(block.shape[1])
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    clash = [c for c in keys if c in table.columns and c != "series"]
    if clash:
        raise ValidationError(f"key column(s) {clash} clash with the table's own columns")
    series = table["series"].to_numpy(dtype=np.int64)
    if len(tables) > 1:  # blocks are event-major each: restore event-major order overall
        event_number = np.concatenate(
            [np.arange(len(t)) // w for t, w in zip(tables, widths, strict=True)]
        )
        order = np.lexsort((series, event_number))
        table, series = table.take(order).reset_index(drop=True), series[order]
    key_columns = laid.keys.take(series).reset_index(drop=True)
    rest = table.drop(columns="series")
    out: pd.DataFrame = pd.concat([key_columns, rest], axis=1)
    return out

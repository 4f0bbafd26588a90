"""Resilience tables of long panels too big for one machine's memory, with Dask.

Needs the ``dask`` extra (``pip install 'tradeshock[dask]'``: ``dask[dataframe]``,
``distributed``, ``pyarrow``). The metrics are independent per series, so the work splits by
series key: one shuffle puts every row of a series in one partition, then each partition runs
the same vectorised kernel as [`resilience_table`][tradeshock.resilience_table] on its long
rows. Nothing is collected on the client: the result is a lazy Dask DataFrame, one row per
(series, event), to ``compute()`` or write with ``to_parquet``.

The table equals the pandas path's, ``tradeshock.resilience_table(long, timeline, by=...)``,
row for row (only the row order differs: partition by partition). Each partition is widened on
the whole panel's period range (one cheap reduction over the period column), so statuses such as
"shock outside data" are judged exactly as on the whole panel. Bad input raises the same typed
errors, at ``compute()``: duplicate (key, period) rows give a
[`ValidationError`][tradeshock.ValidationError] naming the first duplicate in the partition that
holds it (with one partition, the pandas path's message exactly).

Example:
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import tradeshock.dask as tsd
    >>> periods = pd.period_range("2010", periods=6, freq="Y")
    >>> long = pd.DataFrame({"hs": ["27"] * 6 + ["72"] * 6, "period": list(periods) * 2,
    ...                      "value": [4.0, 4, 4, 2, 4, 4, 1, 1, 1, 1, 0.5, 1]})
    >>> table = tsd.resilience_table(dd.from_pandas(long, npartitions=2), ["2013"], by="hs")
    >>> table.compute(scheduler="sync").sort_values("hs")[["hs", "status", "depth"]]
       hs status  depth
    0  27     ok   -0.5
    0  72     ok   -0.5

"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _long
from .placebo import placebo_table as _pandas_placebo_table
from .resilience import resilience_table as _pandas_table

if TYPE_CHECKING:
    import dask.dataframe as dd

    from .events import ShockLike, Timeline

__all__ = ["placebo_table", "read_long", "resilience_table"]


def _dask_dataframe() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "tradeshock.dask needs the dask extra: pip install 'tradeshock[dask]'"
        ) from None
    return dd


def read_long(
    data: object, *, by: str | Sequence[str] | None, period: str, value: str
) -> tuple[dd.DataFrame, tuple[str, ...]]:
    """Return a Dask DataFrame of the long panel's columns, and its key columns.

    ``data`` is a Dask DataFrame or the path of a (partitioned) parquet dataset; only the
    key, period and value columns are read.
    """
    dd = _dask_dataframe()
    if isinstance(data, (str, os.PathLike)):
        path = os.fspath(data)
        columns = None if by is None else [*_long_names(by), period, value]
        frame = dd.read_parquet(path, columns=columns)
    elif isinstance(data, dd.DataFrame):
        frame = data
    elif isinstance(data, pd.DataFrame):
        raise TypeError(
            "data is a pandas DataFrame: use tradeshock.resilience_table(data, ..., by=...) "
            "(or dask.dataframe.from_pandas to split it)"
        )
    else:
        raise TypeError(
            f"data must be a Dask DataFrame or a parquet path, got {type(data).__name__}"
        )
    keys = _long.keys_argument(by, frame._meta, period, value)
    return frame[[*keys, period, value]], keys


def _long_names(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def resilience_table(
    data: object,
    timeline: Timeline | Iterable[ShockLike] | ShockLike,
    *,
    by: str | Sequence[str] | None = None,
    period: str = "period",
    value: str = "value",
    npartitions: int | None = None,
    **kwargs: Any,
) -> dd.DataFrame:
    """[`resilience_table`][tradeshock.resilience_table] of a long panel, partition by partition.

    Args:
        data: a Dask DataFrame in long format (key columns, ``period``, ``value``) or the path
            of a parquet dataset holding one (a directory of files, e.g. partitioned).
        timeline: the events, as for the pandas path (every task gets a copy: keep it small).
        by: the key columns naming a series, e.g. ``("partner", "hs")``; default: every column
            but ``period`` and ``value``.
        period: name of the period column (pandas Periods, or integer years).
        value: name of the value column.
        npartitions: partitions after the shuffle (default: as many as the input has).
        **kwargs: the keywords of the pandas path (``baseline``, ``window``, ``horizon``, ...);
            ``reference`` and ``covariates`` are pandas Series shared by every series.

    Returns:
        A lazy Dask DataFrame with the pandas path's columns (key columns in front), one row
        per (series, event); call ``.compute()`` for a pandas DataFrame, or write it with
        ``.to_parquet``.

    Raises:
        TypeError: ``data`` is neither a Dask DataFrame nor a path.
        ValidationError: missing columns or bad ``by`` (at once); duplicate (key, period)
            rows and other bad values (when computed).

    """
    return _by_series(_pandas_table, data, timeline, by, period, value, npartitions, kwargs)


def placebo_table(
    data: object,
    timeline: Timeline | Iterable[ShockLike] | ShockLike,
    *,
    by: str | Sequence[str] | None = None,
    period: str = "period",
    value: str = "value",
    npartitions: int | None = None,
    **kwargs: Any,
) -> dd.DataFrame:
    """[`placebo_table`][tradeshock.placebo_table] of a long panel, partition by partition.

    A series' placebo dates are periods of that series only, so the work splits by series
    exactly like [`resilience_table`][tradeshock.dask.resilience_table] (same arguments; the
    keywords are those of the pandas `placebo_table`, e.g. ``horizon`` and ``exclude``).

    Returns:
        A lazy Dask DataFrame with the pandas path's columns, one row per (series, event).

    Example:
        >>> import pandas as pd
        >>> import dask.dataframe as dd
        >>> import tradeshock.dask as tsd
        >>> periods = pd.period_range("2000", periods=25, freq="Y")
        >>> long = pd.DataFrame({"hs": "27", "period": periods,
        ...                      "value": [5.0] * 12 + [2.0] + [5.0] * 12})
        >>> ddf = dd.from_pandas(long, npartitions=1)
        >>> t = tsd.placebo_table(ddf, ["2012"], by="hs", horizon=1).compute(scheduler="sync")
        >>> t[["hs", "n_placebos", "pvalue"]].round(3)
           hs  n_placebos  pvalue
        0  27          12   0.077

    """
    return _by_series(_pandas_placebo_table, data, timeline, by, period, value, npartitions, kwargs)


def _by_series(
    table_function: Any,
    data: object,
    timeline: Timeline | Iterable[ShockLike] | ShockLike,
    by: str | Sequence[str] | None,
    period: str,
    value: str,
    npartitions: int | None,
    kwargs: dict[str, Any],
) -> dd.DataFrame:
    """Shuffle by series key once, then run ``table_function`` on each partition."""
    frame, keys = read_long(data, by=by, period=period, value=value)
    events = _events_list(timeline)
    meta = _meta(table_function, frame._meta_nonempty, events, keys, period, value, kwargs)
    ordinals = frame[period].map_partitions(
        _ordinals, period, meta=pd.Series(dtype=np.int64, name=period)
    )
    # the panel's period range: two small reductions over the period column (no shuffle)
    first, last = ordinals.min(), ordinals.max()
    # one shuffle: every row of a series lands in the same partition
    shuffled = frame.shuffle(on=list(keys), npartitions=npartitions)
    table: dd.DataFrame = shuffled.map_partitions(
        _partition_table,
        table_function,
        events,
        keys,
        period,
        value,
        kwargs,
        first,
        last,
        meta,
        meta=meta,
        align_dataframes=False,
    )
    return table


def _events_list(timeline: object) -> list[object]:
    """Return the events as a plain list (what each task gets)."""
    from .resilience import _events

    return _events(timeline)


def _ordinals(column: pd.Series, period: str) -> pd.Series:
    ordinals = _long.period_ordinals(column.to_frame(period), period)
    out: pd.Series = pd.Series(ordinals, dtype=np.int64, name=period)
    return out


def _meta(
    table_function: Any,
    sample: pd.DataFrame,
    events: list[object],
    keys: tuple[str, ...],
    period: str,
    value: str,
    options: dict[str, Any],
) -> pd.DataFrame:
    """Build the empty table with the result's columns and dtypes, from a one-row sample."""
    one_row = sample.iloc[:1]
    table = _long.long_table(
        one_row,
        events,
        by=keys,
        period=period,
        value=value,
        wide_table=table_function,
        options=options,
    )
    empty: pd.DataFrame = table.iloc[:0]
    return empty


def _partition_table(
    part: pd.DataFrame,
    table_function: Any,
    events: list[object],
    keys: tuple[str, ...],
    period: str,
    value: str,
    options: dict[str, Any],
    first: int,
    last: int,
    meta: pd.DataFrame,
) -> pd.DataFrame:
    """Run the long path on one partition, widened to the whole panel's period range."""
    if len(part) == 0:  # a shuffle can leave partitions empty
        return meta
    table = _long.long_table(
        part,
        events,
        by=keys,
        period=period,
        value=value,
        wide_table=table_function,
        options=options,
        span=(int(first), int(last)),
    )
    # same dtypes in every partition, whatever pandas infers for this one
    same: pd.DataFrame = table.astype(meta.dtypes.to_dict())
    return same

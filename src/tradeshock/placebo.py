"""Placebo tests: whether the drop at a shock is unusual for this series.

The depth of [`shock_response`][tradeshock.shock_response] is recomputed with the shock placed
at other periods of the same series (placebo dates); the p-value is the share of placebo depths
at least as deep as the actual one, p = (1 + #placebo depths <= actual depth) / (1 + #placebos).

Only **clean** placebo dates count (issue 17 item 2). Each date t has a span, its estimation
window through its horizon (t - window … t + horizon), and a date is left out when:

1. its window starts before the data ("window starts before data");
2. its horizon runs past the end of the data ("truncated horizon");
3. its span overlaps the actual shock's span ("overlaps the shock");
4. its span contains an excluded period (``exclude=``; by default the other events of the
   timeline the shock came from): "near <event id>";
5. its depth cannot be computed there (the status of
   [`resilience_table`][tradeshock.resilience_table], e.g. "incomplete window").

So appending data after the last clean date never changes the p-value, and later shocks do not
leak into earlier placebos. [`PlaceboTest`][tradeshock.placebo.PlaceboTest] lists every date
left out and why.

All placebo depths come from one call of the vectorised kernel: each date's span is a column of
a (window + horizon + 1) x dates block (a sliding view of the series), so a monthly series
costs about as much as one [`resilience_table`][tradeshock.resilience_table] row block. Baselines
that use ``reference``/``covariates`` (or your own) are fitted date by date, still without
re-validating the input.

Example:
    >>> import pandas as pd
    >>> from tradeshock.placebo import placebo_pvalue
    >>> y = pd.Series([5.0] * 12 + [2.0] + [5.0] * 12,
    ...               index=pd.period_range("2000", periods=25, freq="Y"))
    >>> t = placebo_pvalue(y, "2012", horizon=1)
    >>> t.n_placebos, round(t.pvalue, 3)
    (12, 0.077)

"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from . import _explain, _kernel, _long
from ._checks import shock_period as _shock_period
from .baselines import Baseline
from .errors import ValidationError

if TYPE_CHECKING:
    from .events import ShockLike, Timeline
from ._inputs import DEFAULT_HORIZON, _Data, _Options, _options, _prepare
from .resilience import _prepared_response, _warn

__all__ = ["DEFAULT_HORIZON", "PlaceboTest", "placebo_pvalue", "placebo_table"]

# DEFAULT_HORIZON (5 years / 36 months when horizon=None) is the one default (_inputs) for
# shock_response, resilience_table, the CLI and the placebos; a placebo needs a finite span.

# _kernel.SHIFT_FREE: built-in baselines that use neither reference nor covariates nor the
# shock's row; their placebo depths are computed for all dates at once (placebo_depths)

WINDOW_BEFORE_DATA = "window starts before data"
TRUNCATED = "truncated horizon"
OVERLAP = "overlaps the shock"


@attrs.frozen(eq=False)
class PlaceboTest:
    """Result of [`placebo_pvalue`][tradeshock.placebo_pvalue]; ``float(result)`` is the p-value.

    Attributes:
        pvalue: (1 + #placebo depths <= actual depth) / (1 + #placebos); NaN with no placebo.
        depth: the actual depth at the shock period.
        shock_period: s (with ``lag``).
        placebo_depths: depth at every clean placebo date (Series indexed by period).
        n_placebos: how many placebo dates were used.
        excluded: every other period of the data and why it was left out (a DataFrame
            indexed by ``period`` with a ``reason`` column).
        window: W's length, in periods.
        horizon: the horizon used for the actual shock and every placebo.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([5.0] * 12 + [2.0] + [5.0] * 12,
        ...               index=pd.period_range("2000", periods=25, freq="Y"))
        >>> t = placebo_pvalue(y, "2012", horizon=1, window=3)
        >>> t.n_placebos, t.excluded["reason"].value_counts().to_dict()
        (12, {'overlaps the shock': 8, 'window starts before data': 3, 'truncated horizon': 1})

    """

    pvalue: float
    depth: float
    shock_period: pd.Period
    placebo_depths: pd.Series
    n_placebos: int
    excluded: pd.DataFrame
    window: int
    horizon: int

    def __float__(self) -> float:
        """Return the p-value."""
        return self.pvalue

    def __repr__(self) -> str:
        return _explain.placebo_repr(self)

    def summary(self) -> str:
        """Return the result in plain language (one line per fact).

        Example:
            >>> import pandas as pd
            >>> y = pd.Series([5.0] * 12 + [2.0] + [5.0] * 12,
            ...               index=pd.period_range("2000", periods=25, freq="Y"))
            >>> print(placebo_pvalue(y, "2012", horizon=1).summary().splitlines()[0])
            Placebo test at 2012: depth -60.0 %, p = 0.077 over 12 clean placebo dates.

        """
        if self.n_placebos == 0:
            head = (
                f"Placebo test at {self.shock_period}: depth {self.depth:.1%}, "
                "no clean placebo date, so no p-value."
            )
        else:
            head = (
                f"Placebo test at {self.shock_period}: depth {self.depth:.1%}, "
                f"p = {self.pvalue:.3f} over {self.n_placebos} clean placebo dates."
            )
        head = head.replace("%", " %")
        counts = self.excluded["reason"].value_counts()
        left_out = ", ".join(f"{n} {reason}" for reason, n in counts.items())
        return (
            f"{head}\nWindow {self.window}, horizon {self.horizon} periods; "
            f"left out: {left_out or 'none'}."
        )

    def _repr_html_(self) -> str:
        return _explain.placebo_html(self)  # a card: the sentence, the depths, what was left out


# --------------------------------------------------------------------------- depths


def placebo_depths(data: _Data, opts: _Options, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth and kernel status of every column at every placebo row (rows x k arrays).

    Every row must have its full window and horizon inside the data. Shift-free baselines
    take one kernel call on a sliding view; the others take one call per row.
    """
    horizon = _horizon(opts, data.freq)
    k = data.values.shape[1]
    depth = np.full((len(rows), k), np.nan)
    status = np.full((len(rows), k), _kernel.OK, dtype=object)
    if len(rows) == 0:
        return depth, status
    span = opts.window + horizon + 1
    if isinstance(opts.baseline, _kernel.SHIFT_FREE):
        starts = rows - opts.window
        # spans[j] holds row start+j of every (date, series) pair: one gather of whole rows
        # (contiguous), much cheaper than transposing a sliding-window view
        spans = data.values[starts[None, :] + np.arange(span)[:, None]]
        depths, statuses = _kernel.block_depths(
            spans.reshape(span, len(rows) * k), opts.window, span, opts.window, opts.baseline,
            opts.inputs,
        )  # fmt: skip
        return depths.reshape(len(rows), k), statuses.reshape(len(rows), k)
    for i, row in enumerate(rows):
        depth[i], status[i] = _kernel.block_depths(
            data.values, int(row), int(row) + horizon + 1, opts.window, opts.baseline, opts.inputs
        )
    return depth, status


def _horizon(opts: _Options, freq: str) -> int:
    return DEFAULT_HORIZON[freq] if opts.horizon is None else opts.horizon


# --------------------------------------------------------------------------- exclusions


def _excluded_rows(exclude: object, data: _Data, shock: object) -> list[tuple[int, str]]:
    """Rows of the periods to keep out of placebo spans, with the name used in reasons."""
    if exclude is None:  # default: the other events of the timeline the shock came from
        timeline = getattr(shock, "timeline", None)
        if timeline is None:
            return []
        shock_id = getattr(shock, "id", None)
        events: Iterable[object] = [e for e in timeline if getattr(e, "id", None) != shock_id]
    elif isinstance(exclude, (str, pd.Period)) or callable(getattr(exclude, "period", None)):
        events = [exclude]
    elif isinstance(exclude, Iterable):
        events = list(exclude)
    else:
        raise ValidationError(
            f"exclude must be a Timeline, events, periods or dates, got {type(exclude).__name__}"
        )
    out: list[tuple[int, str]] = []
    for event in events:
        try:
            period = _shock_period(event, data.freq)
        except ValidationError:
            if not callable(getattr(event, "period", None)):
                raise
            continue  # an event dated more coarsely than the data: it has no period here
        ident = getattr(event, "id", None)
        out.append((data.row(period), str(ident) if ident is not None else str(period)))
    return out


def _cover(rows: np.ndarray, n: int, window: int, horizon: int) -> np.ndarray:
    """How many of ``rows`` fall in each date's span t-window … t+horizon (length n)."""
    diff = np.zeros(n + 1, dtype=np.int64)  # +1 at the first date covering a row, -1 after
    np.add.at(diff, np.clip(rows - horizon, 0, n), 1)
    np.add.at(diff, np.clip(rows + window + 1, 0, n), -1)
    return np.cumsum(diff[:n])


def _reasons(n: int, s: int, window: int, horizon: int, near: list[tuple[int, str]]) -> np.ndarray:
    """Why each row cannot be a placebo date ("" = it can, pending its kernel status)."""
    rows = np.arange(n)
    reason = np.full(n, "", dtype=object)
    checks = [
        (rows - window < 0, WINDOW_BEFORE_DATA),
        (rows + horizon > n - 1, TRUNCATED),
        (np.abs(rows - s) <= window + horizon, OVERLAP),
    ]
    for mask, text in checks:
        reason[(reason == "") & mask] = text
    for row, name in near:  # span t-window … t+horizon contains the excluded period
        inside = (rows - window <= row) & (row <= rows + horizon)
        reason[(reason == "") & inside] = f"near {name}"
    return reason


# --------------------------------------------------------------------------- public API


def placebo_pvalue(
    series: pd.Series,
    shock: ShockLike,
    *,
    baseline: str | Baseline = "pre_mean",
    window: int | None = None,
    horizon: int | None = None,
    threshold: float = 1.0,
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    lag: int = 0,
    exclude: object = None,
) -> PlaceboTest:
    """Test whether the drop at ``shock`` is unusual for this series, on clean placebo dates.

    Args:
        series: as in [`shock_response`][tradeshock.shock_response].
        shock: an event, date or Period (as in `shock_response`).
        baseline: as in `shock_response`.
        window: as in `shock_response`.
        horizon: P = s … s+horizon for the shock and every placebo; None = 5 periods for
            annual data, 36 for monthly (a placebo needs a finite span).
        threshold: as in `shock_response` (does not change depths).
        reference: as in `shock_response`.
        covariates: as in `shock_response`.
        lag: added to the actual shock's period only (placebos are placed at each period).
        exclude: periods whose neighbourhood holds no placebo: a Timeline, events, dates or
            Periods. None (default) = the other events of the timeline ``shock`` came from
            (none when it came from no timeline); ``[]`` = exclude nothing.

    Returns:
        A [`PlaceboTest`][tradeshock.placebo.PlaceboTest]; ``float(result)`` is p (NaN when no
        clean placebo date is left).

    Raises:
        ValidationError, InsufficientDataError: as `shock_response` at the actual shock.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([5.0] * 12 + [2.0] + [5.0] * 12,
        ...               index=pd.period_range("2000", periods=25, freq="Y"))
        >>> round(placebo_pvalue(y, "2012", horizon=1).pvalue, 3)
        0.077

    """
    data = _prepare(series, "series", frame_ok=False)
    hor = DEFAULT_HORIZON[data.freq] if horizon is None else horizon
    options: dict[str, Any] = {
        "baseline": baseline,
        "window": window,
        "horizon": hor,
        "threshold": threshold,
        "reference": reference,
        "covariates": covariates,
    }
    # the actual response from the validated data (shock_response would validate it again)
    actual_opts = _options(data, lag=lag, **options)
    actual = _prepared_response(data, shock, actual_opts)
    _warn(actual)
    opts = attrs.evolve(actual_opts, lag=0)
    s = data.row(actual.shock_period)
    reason = _reasons(data.n, s, opts.window, hor, _excluded_rows(exclude, data, shock))
    reason[s] = None  # the shock itself is neither a placebo nor "excluded"
    candidates = np.flatnonzero(reason == "")
    depth, status = placebo_depths(data, opts, candidates)
    reason[candidates] = np.where(status[:, 0] == _kernel.OK, "", status[:, 0])
    used = np.flatnonzero(reason == "")
    kept = depth[:, 0][reason[candidates] == ""]
    left_out = np.flatnonzero((reason != "") & (np.arange(data.n) != s))
    freq = actual.shock_period.freq
    n_below = int(np.count_nonzero(kept <= actual.depth))
    return PlaceboTest(
        pvalue=(1 + n_below) / (1 + len(kept)) if len(kept) else math.nan,
        depth=actual.depth,
        shock_period=actual.shock_period,
        placebo_depths=pd.Series(
            kept, index=_periods(data, used, freq), name="depth", dtype=np.float64
        ),
        n_placebos=len(kept),
        excluded=pd.DataFrame(
            {"reason": reason[left_out].astype(object)},  # pandas types the strings itself
            index=_periods(data, left_out, freq),
            copy=False,
        ),
        window=opts.window,
        horizon=hor,
    )


def _placebo_counts(
    data: _Data,
    opts: _Options,
    hor: int,
    table: pd.DataFrame,
    *,
    events: list[object],
    exclude: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Clean placebo dates used, and those as deep as the actual drop, per (event, column).

    The placebo depths of every admissible date (full window and horizon) are computed once
    and shared by all events; each event keeps the dates far enough from itself and from the
    excluded events (``exclude``, as in `placebo_table`).
    """
    n_events, k = len(events), data.values.shape[1]
    admissible = np.flatnonzero(
        _reasons(data.n, -(10**9), opts.window, hor, []) == ""
    )  # full window and horizon: the dates any event may use
    depth, status = placebo_depths(data, opts, admissible)
    usable = status == _kernel.OK
    actual = table["depth"].to_numpy(dtype=np.float64).reshape(n_events, k)
    n_used = np.zeros((n_events, k), dtype=np.int64)
    n_below = np.zeros((n_events, k), dtype=np.int64)
    near_rows = np.array(
        [row for row, _ in _excluded_rows(events if exclude is None else exclude, data, None)],
        dtype=np.int64,
    )
    near_count = _cover(near_rows, data.n, opts.window, hor)
    for e in range(n_events):
        s_period = table["shock_period"].iloc[e * k]
        if pd.isna(s_period):
            continue
        s = data.row(s_period)
        count = near_count
        if exclude is None:  # the other events: not those at the shock's own period
            own = int(np.count_nonzero(near_rows == s))
            count = near_count - own * _cover(np.array([s]), data.n, opts.window, hor)
        clean = (np.abs(admissible - s) > opts.window + hor) & (count[admissible] == 0)
        kept = usable & clean[:, None]
        n_used[e] = kept.sum(axis=0)
        n_below[e] = (kept & (depth <= actual[e][None, :])).sum(axis=0)
    return n_used, n_below


def _periods(data: _Data, rows: np.ndarray, freq: Any) -> pd.PeriodIndex:
    ordinals = np.asarray(rows, dtype=np.int64) + data.first.ordinal
    periods = pd.arrays.PeriodArray(ordinals, dtype=pd.PeriodDtype(freq))
    index: pd.PeriodIndex = pd.PeriodIndex(periods, name="period")
    return index


def placebo_table(
    panel: pd.Series | pd.DataFrame,
    timeline: Timeline | Iterable[ShockLike] | ShockLike,
    *,
    baseline: str | Baseline = "pre_mean",
    window: int | None = None,
    horizon: int | None = None,
    threshold: float = 1.0,
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    lag: int = 0,
    exclude: object = None,
    by: str | Sequence[str] | None = None,
    period: str = "period",
    value: str = "value",
) -> pd.DataFrame:
    """Placebo p-values for every (event, column) of a panel at once.

    The placebo depths of every column at every date are computed once (one kernel pass)
    and shared by all events; each event then keeps its own clean dates, as
    [`placebo_pvalue`][tradeshock.placebo_pvalue] does for one series.

    Args:
        panel: a Series or DataFrame as for [`resilience_table`][tradeshock.resilience_table].
        timeline: the events (a Timeline, events, dates or Periods).
        baseline: as in `placebo_pvalue`.
        window: as in `placebo_pvalue`.
        horizon: as in `placebo_pvalue` (None = 5 annual / 36 monthly).
        threshold: as in `placebo_pvalue`.
        reference: as in `placebo_pvalue`.
        covariates: as in `placebo_pvalue`.
        lag: as in `placebo_pvalue`.
        exclude: periods whose neighbourhood holds no placebo; None (default) = the other
            events of ``timeline``; ``[]`` = nothing.
        by: key columns of a long ``panel`` (as in `resilience_table`; the key columns then
            replace ``series``, in front).
        period: name of the period column of a long ``panel``.
        value: name of the value column of a long ``panel``.

    Returns:
        The columns ``event``, ``label``, ``series``, ``status``, ``shock_period`` and
        ``depth`` of `resilience_table`, then ``n_placebos`` (clean placebo dates used) and
        ``pvalue`` (NaN when the row is not "ok" or has no clean placebo date).

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([5.0] * 12 + [2.0] + [5.0] * 12,
        ...               index=pd.period_range("2000", periods=25, freq="Y"))
        >>> placebo_table(y.to_frame("y"), ["2012"], horizon=1)[["event", "n_placebos", "pvalue"]]
          event  n_placebos    pvalue
        0  2012          12  0.076923

    """
    from .resilience import _events, resilience_table

    options: dict[str, Any] = {
        "baseline": baseline,
        "window": window,
        "horizon": horizon,
        "threshold": threshold,
        "reference": reference,
        "covariates": covariates,
    }
    if by is not None or _long.looks_long(panel, period, value):
        if not isinstance(panel, pd.DataFrame):
            raise ValidationError(f"by= needs a long DataFrame, got {type(panel).__name__}")
        return _long.long_table(
            panel,
            timeline,
            by=by,
            period=period,
            value=value,
            wide_table=placebo_table,
            options={**options, "lag": lag, "exclude": exclude},
        )
    data = _prepare(panel, "panel", frame_ok=True)
    hor = DEFAULT_HORIZON[data.freq] if horizon is None else horizon
    options["horizon"] = hor
    frame = panel.to_frame() if isinstance(panel, pd.Series) else panel
    table = resilience_table(frame, timeline, lag=lag, **options)
    opts = _options(data, lag=0, **options)
    events = _events(timeline)
    k = data.values.shape[1]
    n_used, n_below = _placebo_counts(data, opts, hor, table, events=events, exclude=exclude)
    # rows with numbers: "ok" or a status with warnings ("no drop", "confounded by ...")
    ok = table["depth"].notna().to_numpy().reshape(len(events), k)
    with np.errstate(invalid="ignore", divide="ignore"):
        pvalue = np.where(ok & (n_used > 0), (1 + n_below) / (1 + n_used), np.nan)
    out = table[["event", "label", "series", "status", "shock_period", "depth"]].copy()
    out["n_placebos"] = np.where(ok, n_used, 0).ravel()
    out["pvalue"] = pvalue.ravel()
    result: pd.DataFrame = out
    return result

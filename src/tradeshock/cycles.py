"""Cycles and synchrony: turning points, phases, Harding–Pagan concordance, explained share.

* [`turning_points`][tradeshock.cycles.turning_points] — local peaks and troughs (±1 period annual,
  ±5 months monthly), alternating.
* [`phases`][tradeshock.cycles.phases] — 1 in expansion, 0 in contraction, between turning points.
* [`concordance`][tradeshock.cycles.concordance] — the Harding–Pagan share of periods two series
  spend in the same phase, with the value expected if they were independent.
* [`explained_share`][tradeshock.cycles.explained_share] — R² of Δln y on Δln of drivers (how much
  of a series' swings, e.g. trade's, the drivers, e.g. oil prices, explain).

Example:
    >>> import pandas as pd
    >>> from tradeshock import cycles
    >>> y = pd.Series([1.0, 3, 2, 1, 2, 4, 3],
    ...               index=pd.period_range("2000", periods=7, freq="Y", name="period"))
    >>> cycles.turning_points(y)["kind"].tolist()
    ['peak', 'trough', 'peak']
    >>> cycles.phases(y).tolist()
    [1, 1, 0, 0, 1, 1, 0]

"""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd

from ._checks import check_period_index, float_values
from .errors import InsufficientDataError, ValidationError

__all__ = ["Concordance", "concordance", "explained_share", "phases", "turning_points"]

_HALF_WINDOW = {"Y": 1, "M": 5}


@attrs.frozen
class Concordance:
    """Harding–Pagan concordance of two phase series.

    Attributes:
        index: I = mean over common periods of S_x·S_y + (1-S_x)(1-S_y)
            (1 = always in the same phase, 0 = always opposite).
        expected: E = p_x·p_y + (1-p_x)(1-p_y), the value expected under
            independence, where p is the share of periods in expansion.
        n: number of common periods.

    Example:
        >>> import pandas as pd
        >>> idx = pd.period_range("2000", periods=4, freq="Y")
        >>> c = concordance(pd.Series([1, 1, 0, 0], index=idx), pd.Series([1, 0, 0, 0], index=idx))
        >>> c.index, c.expected, c.n
        (0.75, 0.5, 4)

    """

    index: float
    expected: float
    n: int

    def __float__(self) -> float:
        """Return the concordance index I."""
        return self.index


def _check_series(series: object, argument: str) -> tuple[pd.Series, str]:
    """Validate a Series with a unique, increasing PeriodIndex (freq Y or M)."""
    if not isinstance(series, pd.Series):
        raise ValidationError(f"{argument} must be a pandas Series, got {type(series).__name__}")
    code = check_period_index(series.index, argument)
    values = float_values(series, argument)
    index = series.index
    assert isinstance(index, pd.PeriodIndex)
    if len(index) == 0:
        raise InsufficientDataError(f"{argument} is empty")
    full = pd.period_range(index[0], index[-1], freq=index.freq, name="period")
    clean = pd.Series(values, index=index).reindex(full)
    clean.index.name = "period"
    return clean, code


def turning_points(series: pd.Series) -> pd.DataFrame:
    """Find the peaks and troughs of ``series``.

    A peak at t: y_t is strictly above every y in t-k … t+k (k = 1 period for
    annual, 5 months for monthly series), with all of them present; a trough
    likewise below. The first and last k periods cannot be turning points.
    Peaks and troughs then alternate: of two peaks in a row the higher is
    kept (the earlier on a tie), of two troughs the lower.

    Returns:
        A DataFrame indexed by ``period`` with columns ``kind`` (``"peak"`` /
        ``"trough"``) and ``value``; empty when there are none.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([1.0, 3, 2, 2, 5, 1, 2],
        ...               index=pd.period_range("2000", periods=7, freq="Y"))
        >>> tp = turning_points(y)      # peaks 2001 and 2004 in a row: the higher stays
        >>> [(str(p), k) for p, k in tp["kind"].items()]
        [('2004', 'peak'), ('2005', 'trough')]

    """
    clean, code = _check_series(series, "series")
    y = clean.to_numpy()
    rows, kinds = _alternating(*_local_extrema(y, _HALF_WINDOW[code]), y)
    table: pd.DataFrame = pd.DataFrame(
        {"kind": ["peak" if p else "trough" for p in kinds], "value": y[rows]},
        index=pd.PeriodIndex(clean.index[rows], name="period"),
    )
    return table


def _local_extrema(y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows that are strict local maxima or minima over t-k … t+k (all present), and is-peak.

    One pass over a (periods x 2k+1) sliding view instead of a loop over periods.
    """
    n = len(y)
    if n < 2 * k + 1:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=bool)
    windows = np.lib.stride_tricks.sliding_window_view(y, 2 * k + 1)  # row j is centred on j+k
    centre = windows[:, k : k + 1]
    others = np.delete(windows, k, axis=1)
    complete = np.isfinite(windows).all(axis=1)
    peak = complete & (centre > others).all(axis=1)
    trough = complete & (centre < others).all(axis=1)
    rows = np.flatnonzero(peak | trough)
    return rows + k, peak[rows]


def _alternating(
    rows: np.ndarray, is_peak: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keep one turning point per run of the same kind: the highest peak / lowest trough.

    Ties go to the earlier one. Runs are numbered by a cumulative sum of kind changes; within a
    run a stable sort by value (descending for peaks) puts the kept point first.
    """
    if len(rows) == 0:
        return rows, is_peak
    run = np.cumsum(np.r_[True, is_peak[1:] != is_peak[:-1]])
    score = np.where(is_peak, -y[rows], y[rows])  # smaller = better within its run
    order = np.lexsort((score, run))  # by run, then score; lexsort is stable (earlier first)
    first_of_run = np.r_[True, run[order][1:] != run[order][:-1]]
    kept = order[first_of_run]
    return rows[kept], is_peak[kept]


def phases(series: pd.Series) -> pd.Series:
    """Label every period 1 (expansion) or 0 (contraction) from the turning points.

    A period after a trough up to and including the next peak is expansion;
    after a peak up to and including the next trough, contraction. Before the
    first turning point the phase is the one that turning point ends (1 before
    a peak); after the last, the one it starts. Without turning points the
    whole series is 1 if it ends above where it starts, 0 if below.

    Raises:
        InsufficientDataError: no turning point and no net change (phases undefined).

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([1.0, 3, 2, 1, 2],
        ...               index=pd.period_range("2000", periods=5, freq="Y"))
        >>> phases(y).tolist()
        [1, 1, 0, 0, 1]

    """
    clean, _ = _check_series(series, "series")
    return _phases(clean, "series")


def _phases(clean: pd.Series, argument: str) -> pd.Series:
    tps = turning_points(clean)
    out = np.empty(len(clean), dtype=np.int64)
    if tps.empty:
        finite = clean.dropna()
        if len(finite) < 2 or finite.iloc[-1] == finite.iloc[0]:
            raise InsufficientDataError(
                f"{argument} has no turning point and no net change: its phases are undefined"
            )
        out[:] = 1 if finite.iloc[-1] > finite.iloc[0] else 0
    else:
        first = clean.index[0].ordinal
        rows = [p.ordinal - first for p in tps.index]
        kinds = tps["kind"].tolist()
        out[: rows[0] + 1] = 1 if kinds[0] == "peak" else 0
        for row, kind, nxt in zip(rows, kinds, [*rows[1:], len(clean) - 1], strict=True):
            out[row + 1 : nxt + 1] = 0 if kind == "peak" else 1
    result: pd.Series = pd.Series(out, index=clean.index, name="phase")
    return result


def _phase_values(series: pd.Series, argument: str) -> pd.Series:
    """Return ``series`` itself if it holds only 0 and 1 (phases already), else its phases."""
    clean, _ = _check_series(series, argument)
    finite = clean.dropna()
    if len(finite) and finite.isin([0, 1]).all():
        return finite
    return _phases(clean, argument)


def concordance(x: pd.Series, y: pd.Series) -> Concordance:
    """Harding–Pagan concordance: how often ``x`` and ``y`` are in the same phase.

    ``x`` and ``y`` are levels (their [`phases`][tradeshock.cycles.phases] are used) or phase series
    already (a series holding only 0 and 1 is taken as phases). Over their
    common periods, I = mean of S_x·S_y + (1-S_x)(1-S_y), and the value
    expected under independence is E = p_x·p_y + (1-p_x)(1-p_y).

    Returns:
        A [`Concordance`][tradeshock.cycles.Concordance] (``index``, ``expected``, ``n``);
        ``float()`` of it is I.

    Raises:
        ValidationError: different frequencies.
        InsufficientDataError: no common period.

    Example:
        >>> import pandas as pd
        >>> idx = pd.period_range("2000", periods=7, freq="Y")
        >>> x = pd.Series([1.0, 3, 2, 1, 2, 4, 3], index=idx)
        >>> concordance(x, x).index
        1.0

    """
    sx = _phase_values(x, "x")
    sy = _phase_values(y, "y")
    x_index, y_index = sx.index, sy.index
    assert isinstance(x_index, pd.PeriodIndex)
    assert isinstance(y_index, pd.PeriodIndex)
    if x_index.freq != y_index.freq:
        raise ValidationError(
            f"x and y have different frequencies ({x_index.freqstr!r} vs {y_index.freqstr!r})"
        )
    common = sx.index.intersection(sy.index)
    if len(common) == 0:
        raise InsufficientDataError("x and y have no common period")
    a = sx.loc[common].to_numpy(dtype=np.float64)
    b = sy.loc[common].to_numpy(dtype=np.float64)
    index = float(np.mean(a * b + (1 - a) * (1 - b)))
    px, py = float(np.mean(a)), float(np.mean(b))
    return Concordance(index=index, expected=px * py + (1 - px) * (1 - py), n=len(common))


def explained_share(series: pd.Series, drivers: pd.Series | pd.DataFrame) -> float:
    """R² of the OLS of Δln y on Δln of each driver (with an intercept).

    ``series`` and ``drivers`` are aligned on their common periods; a period
    where any log change is missing is left out.

    Raises:
        ValidationError: not Series/DataFrame, different frequencies, or
            non-positive values (logs are taken).
        InsufficientDataError: too few common changes (need more than drivers + 1),
            or Δln y does not vary.

    Example:
        >>> import pandas as pd
        >>> idx = pd.period_range("2000", periods=6, freq="Y")
        >>> oil = pd.Series([50.0, 60, 40, 70, 65, 80], index=idx)
        >>> round(explained_share(oil ** 2, oil), 9)   # Δln y = 2 Δln oil exactly
        1.0

    """
    y, code = _check_series(series, "series")
    if isinstance(drivers, pd.Series):
        drivers = drivers.to_frame(name=drivers.name if drivers.name is not None else "driver")
    if not isinstance(drivers, pd.DataFrame):
        raise ValidationError(
            f"drivers must be a pandas Series or DataFrame, got {type(drivers).__name__}"
        )
    if drivers.shape[1] == 0:  # R² of an intercept alone would be a silent 0
        raise ValidationError("drivers has no columns")
    columns = [
        _check_series(drivers.iloc[:, j], f"drivers[{drivers.columns[j]!r}]")
        for j in range(drivers.shape[1])
    ]
    if any(c != code for _, c in columns):
        raise ValidationError("drivers do not have the frequency of series")
    frame = pd.concat([y, *[c for c, _ in columns]], axis=1, join="inner")
    frame.columns = ["y", *[f"x{j}" for j in range(len(columns))]]
    values = frame.to_numpy(dtype=np.float64)
    if (values[np.isfinite(values)] <= 0).any():
        raise ValidationError("series and drivers must be positive (their logs are taken)")
    changes = np.diff(np.log(values), axis=0)
    changes = changes[np.isfinite(changes).all(axis=1)]
    n, c = changes.shape[0], changes.shape[1] - 1
    if n <= c + 1:
        # name the argument that is short on data, so the user knows which one to fix
        counts = {
            "series": int(y.notna().sum()),
            "drivers": min(int(col.notna().sum()) for col, _ in columns),
        }
        short = [name for name, count in counts.items() if count <= c + 2]
        culprit = short[0] if short else "series and drivers (too few periods in common)"
        raise InsufficientDataError(
            f"explained_share needs more than {c + 1} common log changes, found {n}: "
            f"check {culprit}"
        )
    dy = changes[:, 0]
    design = np.column_stack([np.ones(n), changes[:, 1:]])
    coef, *_ = np.linalg.lstsq(design, dy, rcond=None)
    residual = dy - design @ coef
    total = float(np.sum((dy - dy.mean()) ** 2))
    if np.allclose(dy, dy.mean(), rtol=0, atol=1e-12):  # constant up to float noise
        raise InsufficientDataError("Δln series does not vary: R² is undefined")
    return 1.0 - float(np.sum(residual**2)) / total

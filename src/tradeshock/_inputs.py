"""Validated inputs of the response metrics (private).

Every public entry point (`shock_response`, `resilience_table`, `counterfactual`, the placebo
tests, `robustness`) checks its arguments here once: the data laid on a complete period range
(``_Data``), the options resolved and checked (``_Options``), and each shock located on the
data's rows (``_locate``). Nothing below this layer re-validates.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any, cast

import attrs
import numpy as np
import pandas as pd

from . import _kernel
from ._checks import check_period_index, float_values
from ._checks import shock_period as _shock_period
from ._log import logger
from ._transform import apply_missing, apply_transform, check_transform
from .baselines import Baseline, BaselineInputs, resolve_baseline
from .errors import InsufficientDataError, ValidationError

__all__ = [
    "DEFAULT_HORIZON",
    "_Data",
    "_Options",
    "_align",
    "_locate",
    "_options",
    "_prepare",
    "_transformed",
]

DEFAULT_HORIZON: dict[str, int] = {"Y": 5, "M": 36}
"""Default horizon by frequency: P = s … s+5 years or s+36 months (``horizon="end"``: all).

A few years, not the end of the data: to the end, every earlier event's trough would be
the latest collapse (e.g. Crimea 2014 measured into the 2022 invasion).
"""


@attrs.frozen(eq=False)
class _Data:
    """A series or panel on a complete period range (missing periods = NaN rows)."""

    values: np.ndarray  # n x k
    first: pd.Period
    freq: str
    columns: list[Any]

    @property
    def n(self) -> int:
        return int(self.values.shape[0])

    def period(self, row: int) -> pd.Period:
        return cast(pd.Period, self.first + row)

    def row(self, period: pd.Period) -> int:
        return int(period.ordinal - self.first.ordinal)


def _prepare(data: object, argument: str, *, frame_ok: bool) -> _Data:
    """Validate ``data`` and lay it on a complete period range."""
    # a Series is read as it is, not through to_frame(): pandas deep-copies .attrs (a loader's
    # provenance, with every partner code) into each derived object, which cost more than the
    # rest of a placebo test
    if isinstance(data, pd.Series):
        frame: pd.Series | pd.DataFrame = data
        columns = [data.name if data.name is not None else "value"]
    elif frame_ok and isinstance(data, pd.DataFrame):
        frame, columns = data, list(data.columns)
        if isinstance(frame.columns, pd.MultiIndex):
            raise ValidationError(
                f"{argument} has MultiIndex columns; give one level of column labels "
                "(e.g. df.columns = ['/'.join(map(str, c)) for c in df.columns])"
            )
    else:
        kind = "a pandas Series or DataFrame" if frame_ok else "a pandas Series"
        raise ValidationError(f"{argument} must be {kind}, got {type(data).__name__}")
    if len(frame.index) == 0:
        raise InsufficientDataError(f"{argument} is empty")
    freq = check_period_index(frame.index, argument)
    index = frame.index
    assert isinstance(index, pd.PeriodIndex)
    values = float_values(frame, argument)
    if values.ndim == 1:
        values = values[:, None]
    full = pd.period_range(index[0], index[-1], freq=index.freq)
    if len(full) != len(index):
        rows = (index.asi8 - index[0].ordinal).astype(np.int64)
        laid = np.full((len(full), values.shape[1]), np.nan)
        laid[rows] = values
        values = laid
    return _Data(np.ascontiguousarray(values), index[0], freq, columns)


def _align(other: object, data: _Data, argument: str, *, frame_ok: bool) -> np.ndarray:
    """Values of ``other`` on the periods of ``data`` (n x c); NaN where it has none."""
    prepared = _prepare(other, argument, frame_ok=frame_ok)
    if prepared.freq != data.freq:
        raise ValidationError(
            f"{argument} is not aligned with series: its frequency is {prepared.freq!r}, "
            f"the series' is {data.freq!r}"
        )
    out = np.full((data.n, prepared.values.shape[1]), np.nan)
    offset = prepared.first.ordinal - data.first.ordinal
    lo, hi = max(offset, 0), min(offset + prepared.n, data.n)
    if lo >= hi:
        raise ValidationError(f"{argument} is not aligned with series: no common period")
    out[lo:hi] = prepared.values[lo - offset : hi - offset]
    return out


#: Largest lag, window or horizon in periods (a million: far beyond any real series).
_MAX_PERIODS = 1_000_000


def _int_arg(value: object, argument: str, *, minimum: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValidationError(f"{argument} must be an integer, got {value!r}")
    if abs(int(value)) > _MAX_PERIODS:  # period arithmetic is in C longs: overflow otherwise
        raise ValidationError(
            f"{argument}={value!r} is out of range: at most {_MAX_PERIODS} periods either way"
        )
    if minimum is not None and int(value) < minimum:
        raise ValidationError(f"{argument} must be >= {minimum}, got {value!r}")
    return int(value)


@attrs.frozen(eq=False)
class _Options:
    """Validated keyword arguments shared by shock_response and resilience_table."""

    baseline: Baseline
    window: int
    horizon: int | None  # None: to the end of the data
    threshold: float
    lag: int
    inputs: BaselineInputs
    transform: str | None = None
    missing: str = "skip"
    min_baseline: float | None = None
    confounders: tuple[object, ...] | None = None  # None: the shock's own timeline


def _horizon_arg(horizon: object, freq: str) -> int | None:
    """Periods after s in P: the default by frequency, a whole number, or None for "end"."""
    if horizon is None:
        return DEFAULT_HORIZON[freq]
    if isinstance(horizon, str) and horizon.strip().lower() == "end":
        return None
    return _int_arg(horizon, "horizon", minimum=0)


def _min_baseline_arg(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not float(value) >= 0:
        raise ValidationError(f"min_baseline must be a number >= 0 or None, got {value!r}")
    return float(value)


def _confounders_arg(confounders: object) -> tuple[object, ...] | None:
    if confounders is None:
        return None
    if isinstance(confounders, (str, bytes)) or not isinstance(confounders, Iterable):
        raise ValidationError(
            f"confounders must be a Timeline or an iterable of events, got {confounders!r}"
        )
    return tuple(confounders)


def _threshold_arg(threshold: object) -> float:
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, numbers.Real)
        or not math.isfinite(threshold)
        or threshold <= 0
    ):
        raise ValidationError(f"threshold must be a positive number, got {threshold!r}")
    return float(threshold)


def _baseline_inputs(
    data: _Data,
    strategy: Baseline,
    reference: object,
    covariates: object,
    transform: str | None,
    donors: object = None,
) -> BaselineInputs:
    """Align the inputs the baseline uses (``reference``, ``covariates``) on the data's periods.

    The reference gets the series' transform (shares of like with like); covariates don't.
    """
    ref = None
    log_x = None
    names: tuple[str, ...] = ()
    if "reference" in strategy.inputs and reference is not None:
        ref = _align(reference, data, "reference", frame_ok=False)[:, 0]
        ref = apply_transform(ref[:, None], transform)[:, 0]
        if (ref[np.isfinite(ref)] <= 0).any():
            raise ValidationError("reference must be positive (y/R ratios are taken)")
    elif reference is not None:
        logger.debug("reference= is ignored by baseline=%r", strategy.name)
    if "covariates" in strategy.inputs and covariates is not None:
        x = _align(covariates, data, "covariates", frame_ok=True)
        if (x[np.isfinite(x)] <= 0).any():
            raise ValidationError("covariates must be positive (their logs are taken)")
        log_x = np.log(x)
        names = _column_names(covariates)
    elif covariates is not None:
        logger.debug("covariates= is ignored by baseline=%r", strategy.name)
    periods = pd.period_range(data.first, periods=data.n, freq=data.first.freq, name="period")
    return BaselineInputs(
        reference=ref,
        log_covariates=log_x,
        freq=data.freq,
        covariate_names=names,
        donors=_donors_arg(donors, data, strategy, periods),
        periods=periods,
        columns=tuple(data.columns),
    )


def _donors_arg(
    donors: object, data: _Data, strategy: Baseline, periods: pd.PeriodIndex
) -> pd.DataFrame | None:
    """Return the donor panel on the data's periods (NaN where none), if the baseline uses it."""
    if donors is None:
        return None
    if "donors" not in strategy.inputs:
        logger.debug("donors= is ignored by baseline=%r", strategy.name)
        return None
    if not isinstance(donors, pd.DataFrame):
        raise ValidationError(f"donors must be a DataFrame (a panel), got {type(donors).__name__}")
    aligned = _align(donors, data, "donors", frame_ok=True)
    panel: pd.DataFrame = pd.DataFrame(aligned, index=periods, columns=donors.columns)
    return panel


def _column_names(covariates: object) -> tuple[str, ...]:
    if isinstance(covariates, pd.DataFrame):
        return tuple(str(c) for c in covariates.columns)
    name = getattr(covariates, "name", None)
    return (str(name) if name is not None else "x",)


def _options(
    data: _Data,
    *,
    baseline: str | Baseline,
    window: int | None,
    horizon: int | str | None,
    threshold: float,
    reference: object,
    covariates: object,
    lag: int,
    transform: str | None = None,
    missing: str = "skip",
    min_baseline: float | None = None,
    confounders: object = None,
    donors: object = None,
) -> _Options:
    strategy = resolve_baseline(baseline)
    if window is not None:
        window = _int_arg(window, "window", minimum=1)
    check_transform(transform, missing, data.freq)
    inputs = _baseline_inputs(data, strategy, reference, covariates, transform, donors)
    win = strategy.default_window(data.freq, inputs) if window is None else window
    strategy.check(win, inputs)
    horizon_ = _horizon_arg(horizon, data.freq)
    return _Options(
        strategy,
        win,
        horizon_,
        _threshold_arg(threshold),
        _int_arg(lag, "lag", minimum=None),
        attrs.evolve(inputs, horizon=horizon_),
        transform=transform,
        missing=missing,
        min_baseline=_min_baseline_arg(min_baseline),
        confounders=_confounders_arg(confounders),
    )


def _transformed(data: _Data, opts: _Options) -> _Data:
    """Return the data with blanks read as ``opts.missing`` says, then ``opts.transform``."""
    if opts.missing == "skip" and opts.transform is None:
        return data
    values = apply_transform(apply_missing(data.values, opts.missing), opts.transform)
    return attrs.evolve(data, values=np.ascontiguousarray(values))


def _locate(data: _Data, shock: object, opts: _Options) -> tuple[pd.Period, int, int | None, str]:
    """Shock period, its row, the row after the end of P, and a status.

    The status is ``"ok"`` or why no response can be computed there.
    """
    s_period = _shock_period(shock, data.freq) + opts.lag
    s = data.row(s_period)
    if s < 0 or s >= data.n:
        return s_period, s, None, _kernel.SHOCK_OUTSIDE
    if s - opts.window < 0:
        return s_period, s, None, _kernel.WINDOW_OUTSIDE
    stop = data.n if opts.horizon is None else min(s + opts.horizon + 1, data.n)
    return s_period, s, stop, _kernel.OK

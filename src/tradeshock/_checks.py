"""Input checks shared by the metrics (resilience, placebo, synthetic control, cycles; private).

Both take pandas objects indexed by an annual or monthly ``PeriodIndex`` and holding numbers;
the rules (and their error messages) are the same in both, so they live here once.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from typing import Any

import numpy as np
import pandas as pd

from .errors import ValidationError


def freq_code(freq: object) -> str | None:
    """``"Y"`` / ``"M"`` for a pandas period frequency, None for anything else."""
    if isinstance(freq, pd.offsets.YearEnd) and getattr(freq, "month", 12) == 12 and freq.n == 1:
        return "Y"
    if isinstance(freq, pd.offsets.MonthEnd) and freq.n == 1:
        return "M"
    return None


def check_period_index(index: pd.Index, argument: str) -> str:
    """Validate a PeriodIndex (unique, increasing, freq Y or M) and return its freq code."""
    if not isinstance(index, pd.PeriodIndex):
        raise ValidationError(
            f"{argument} must have a pandas PeriodIndex (freq 'Y' or 'M'), "
            f"got {type(index).__name__}"
        )
    code = freq_code(index.freq)
    if code is None:
        raise ValidationError(
            f"{argument} has period frequency {index.freqstr!r}; use annual 'Y' or monthly 'M'"
        )
    if index.hasnans:
        raise ValidationError(f"{argument} has missing (NaT) periods in its index")
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        raise ValidationError(f"{argument} has duplicate periods (e.g. {dup})")
    if not index.is_monotonic_increasing:
        raise ValidationError(f"{argument} periods are not sorted in increasing order")
    return code


def float_values(frame: pd.Series | pd.DataFrame, argument: str) -> np.ndarray:
    """Values as a new float64 array (pandas NA and ±inf become NaN)."""
    dtypes = {frame.dtype} if isinstance(frame, pd.Series) else set(frame.dtypes)
    if dtypes == {np.dtype(np.float64)}:  # clean float input: one copy, no per-column checks
        values = frame.to_numpy(dtype=np.float64, copy=True)
    else:
        values = _checked_values(frame, dtypes, argument)
    infinite = np.isinf(values)
    if infinite.any():
        values[infinite] = np.nan
    return values


def _checked_values(frame: pd.Series | pd.DataFrame, dtypes: set[Any], argument: str) -> np.ndarray:
    for dtype in dtypes:
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ValidationError(f"{argument} must hold numbers, got dtype {dtype}")
        if pd.api.types.is_complex_dtype(dtype):  # a cast to float would drop the imaginary part
            raise ValidationError(
                f"{argument} holds complex numbers (dtype {dtype}); give real values"
            )
    try:
        values: np.ndarray = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{argument} must hold numbers: {exc}") from None
    return values


def shock_period(shock: object, freq: str) -> pd.Period:
    """Return the period (at ``freq``) containing the shock's start."""
    if isinstance(shock, pd.Period):
        code = freq_code(shock.freq)
        if code == freq:
            return shock
        if code == "M" and freq == "Y":  # a month sits in exactly one year
            return shock.asfreq("Y")
        raise ValidationError(
            f"shock={shock!r} has frequency {shock.freqstr!r}, which does not fit a "
            f"series with frequency {freq!r}; pass a date or a Period of frequency {freq!r}"
        )
    if callable(getattr(shock, "period", None)):
        period = getattr(shock, "period")(freq)  # noqa: B009  (duck-typed Event)
        if not isinstance(period, pd.Period):
            raise ValidationError(f"shock.period({freq!r}) returned {period!r}, not a Period")
        return shock_period(period, freq)
    if isinstance(shock, bool):
        raise ValidationError(f"shock={shock!r} is not an event, a date or a Period")
    if isinstance(shock, numbers.Integral):
        shock = str(int(shock))  # a year
    if isinstance(shock, np.datetime64):
        shock = pd.Timestamp(shock)
    if isinstance(shock, (str, _dt.date)):
        try:
            period = pd.Period(shock, freq=freq)
        except (ValueError, TypeError) as exc:
            raise ValidationError(f"shock={shock!r} is not a date: {exc}") from None
        if not isinstance(period, pd.Period):
            raise ValidationError(f"shock={shock!r} is not a date")
        return period
    raise ValidationError(
        f"shock must be an Event (with .period(freq)), a date or a pandas Period, "
        f"got {type(shock).__name__}"
    )

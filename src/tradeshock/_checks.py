"""Input checks shared by :mod:`tradeshock.resilience` and :mod:`tradeshock.cycles` (private).

Both take pandas objects indexed by an annual or monthly ``PeriodIndex`` and holding numbers;
the rules (and their error messages) are the same in both, so they live here once.
"""

from __future__ import annotations

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
    """Values as float64 (pandas NA and ±inf become NaN)."""
    dtypes = [frame.dtype] if isinstance(frame, pd.Series) else list(frame.dtypes)
    for dtype in dtypes:
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ValidationError(f"{argument} must hold numbers, got dtype {dtype}")
        if pd.api.types.is_complex_dtype(dtype):  # a cast to float would drop the imaginary part
            raise ValidationError(f"{argument} holds complex numbers (dtype {dtype}); give real "
                                  "values")
    try:
        values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{argument} must hold numbers: {exc}") from None
    return np.where(np.isfinite(values), values, np.nan)

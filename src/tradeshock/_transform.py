"""Transforms applied to a series before its response is measured (private).

``missing="zero"`` first reads every blank as zero trade (only for sources that
document blanks that way, e.g. EIA petroleum imports by origin after an
embargo). Then one of the seasonal transforms for monthly data:

* ``"rolling12"`` — 12-month trailing sums (NaN unless all 12 months are present);
* ``"yoy"`` — 100 x y_t / y_(t-12): an index, 100 = the same as a year earlier;
* ``"sa"`` — seasonally adjusted by STL (Cleveland et al. 1990, statsmodels) on ln y:
  exp(ln y - seasonal). Needs the ``sa`` extra; a column with gaps or non-positive
  values cannot be adjusted and becomes NaN.

Values are (periods x columns) arrays laid on a complete period range.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import ValidationError

__all__ = ["MISSING", "TRANSFORMS", "apply_missing", "apply_transform", "check_transform"]

FloatArray = npt.NDArray[np.float64]
Transform = Literal["rolling12", "yoy", "sa"]
Missing = Literal["skip", "zero"]

TRANSFORMS: tuple[str, ...] = ("rolling12", "yoy", "sa")
"""The values ``transform=`` accepts (besides None: the data as they are)."""

MISSING: tuple[str, ...] = ("skip", "zero")
"""The values ``missing=`` accepts."""

_MONTHS = 12


def check_transform(transform: object, missing: object, freq: str) -> None:
    """Raise ValidationError for an unknown transform or missing policy, or a misfit frequency."""
    if transform is not None and transform not in TRANSFORMS:
        raise ValidationError(
            f"transform={transform!r} is unknown; use None or one of {TRANSFORMS}"
        )
    if missing not in MISSING:
        raise ValidationError(f"missing={missing!r} is unknown; use one of {MISSING}")
    if transform is not None and freq != "M":
        raise ValidationError(
            f"transform={transform!r} removes seasonality from monthly data; "
            f"the series' frequency is {freq!r}"
        )
    if transform == "sa":
        try:
            import statsmodels  # noqa: F401
        except ImportError:
            raise ValidationError(
                "transform='sa' needs statsmodels: pip install 'tradeshock[sa]'"
            ) from None


def apply_missing(values: FloatArray, missing: str) -> FloatArray:
    """Read every NaN as 0 for ``missing="zero"``; otherwise return ``values`` unchanged."""
    if missing == "zero":
        return np.where(np.isnan(values), 0.0, values)
    return values


def apply_transform(values: FloatArray, transform: str | None) -> FloatArray:
    """Return ``values`` transformed column by column (NaN where undefined)."""
    if transform is None:
        return values
    frame = pd.DataFrame(values)
    if transform == "rolling12":
        return np.asarray(frame.rolling(_MONTHS, min_periods=_MONTHS).sum(), dtype=np.float64)
    if transform == "yoy":
        before = frame.shift(_MONTHS)
        with np.errstate(all="ignore"):
            index = 100.0 * frame / before.where(before > 0)
        return np.asarray(index, dtype=np.float64)
    return np.column_stack([_seasonally_adjusted(values[:, j]) for j in range(values.shape[1])])


def _seasonally_adjusted(column: FloatArray) -> FloatArray:
    """STL on ln y over the column's stretch of data; NaN where it cannot be adjusted."""
    from statsmodels.tsa.seasonal import STL

    out = np.full(column.shape, np.nan)
    present = np.flatnonzero(np.isfinite(column))
    if len(present) < 2 * _MONTHS:
        return out  # STL needs two full cycles
    lo, hi = present[0], present[-1] + 1
    stretch = column[lo:hi]
    if not np.isfinite(stretch).all() or (stretch <= 0).any():
        return out  # gaps or zeros inside: no log, no STL
    log_y = np.log(stretch)
    seasonal = STL(log_y, period=_MONTHS, robust=True).fit().seasonal
    out[lo:hi] = np.exp(log_y - np.asarray(seasonal))
    return out

"""Turning points, phases, Harding–Pagan concordance and explained share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import series_values
from tradeshock.cycles import (
    Concordance,
    concordance,
    explained_share,
    phases,
    turning_points,
)
from tradeshock.errors import InsufficientDataError, ValidationError


def annual(values: list[float], start: str = "2000") -> pd.Series:
    idx = pd.period_range(start, periods=len(values), freq="Y", name="period")
    return pd.Series(values, index=idx, dtype=float)


def monthly(values: list[float], start: str = "2000-01") -> pd.Series:
    idx = pd.period_range(start, periods=len(values), freq="M", name="period")
    return pd.Series(values, index=idx, dtype=float)


def test_turning_points_annual() -> None:
    tp = turning_points(annual([1, 3, 2, 1, 2, 4, 3]))
    assert tp.index.tolist() == [pd.Period(y, "Y") for y in ("2001", "2003", "2005")]
    assert tp["kind"].tolist() == ["peak", "trough", "peak"]
    assert tp["value"].tolist() == [3, 1, 4]
    assert tp.index.name == "period"


def test_two_peaks_in_a_row_keep_the_higher() -> None:
    # 2001 (3) and 2004 (5) are both peaks with no strict trough between them
    tp = turning_points(annual([1, 3, 2, 2, 5, 1, 2]))
    assert list(zip(tp.index.astype(str), tp["kind"], strict=True)) == [
        ("2004", "peak"),
        ("2005", "trough"),
    ]
    tp = turning_points(annual([5, 1, 2, 2, 3, 4, 0, 9]))  # troughs 2001 and 2006: lower stays
    assert tp["kind"].tolist() == ["trough", "peak", "trough"]
    assert tp.index[-1] == pd.Period("2006", "Y")


def test_monthly_uses_five_months_each_side() -> None:
    y = monthly([float(v) for v in [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3]])
    tp = turning_points(y)
    assert tp.index.tolist() == [pd.Period("2000-06", "M")]
    # a blip that is a local max over +-1 month but not over +-5 months is not a peak
    blip = monthly([float(v) for v in [1, 2, 3, 4, 5, 4, 6, 7, 8, 9, 10, 11, 12]])
    assert turning_points(blip).empty


def test_no_turning_points_near_ends_or_through_gaps() -> None:
    assert turning_points(annual([3, 1, 2])).iloc[0]["kind"] == "trough"
    assert turning_points(annual([1, 3])).empty
    assert turning_points(annual([1, 3, np.nan, 1, 3])).empty


def test_phases() -> None:
    assert phases(annual([1, 3, 2, 1, 2, 4, 3])).tolist() == [1, 1, 0, 0, 1, 1, 0]
    assert phases(annual([1, 2, 3, 4])).tolist() == [1, 1, 1, 1]  # no turning point, rising
    assert phases(annual([4, 3, 2, 1])).tolist() == [0, 0, 0, 0]
    assert phases(annual([1, 3, 2])).name == "phase"
    with pytest.raises(InsufficientDataError, match="phases are undefined"):
        phases(annual([2, 2, 2]))


def test_concordance_formula() -> None:
    x = annual([1, 1, 0, 0])
    y = annual([1, 0, 0, 0])
    c = concordance(x, y)
    assert isinstance(c, Concordance)
    # I = mean(1, 0, 1, 1) = 0.75; p_x = 0.5, p_y = 0.25: E = 0.125 + 0.375 = 0.5
    assert (c.index, c.expected, c.n) == (0.75, 0.5, 4)
    assert float(c) == 0.75


def test_concordance_aligns_on_common_periods() -> None:
    x = annual([1, 1, 0, 0], start="2000")
    y = annual([0, 0, 0], start="2002")
    c = concordance(x, y)
    assert (c.index, c.n) == (1.0, 2)
    with pytest.raises(InsufficientDataError, match="no common period"):
        concordance(x, annual([1, 0], start="1990"))
    with pytest.raises(ValidationError, match="different frequencies"):
        concordance(x, monthly([1.0, 0, 1]))


@settings(max_examples=60, deadline=None)
@given(values=series_values)
def test_concordance_with_itself_is_one(values: list[float]) -> None:
    x = annual(values, start="1950")
    try:
        s = phases(x)
    except InsufficientDataError:
        return
    c = concordance(x, x)
    assert c.index == 1.0
    p = float(s.mean())
    assert c.expected == pytest.approx(p * p + (1 - p) * (1 - p))


@settings(max_examples=60, deadline=None)
@given(values=series_values)
def test_concordance_with_opposite_phases(values: list[float]) -> None:
    x = annual(values, start="1950")
    try:
        s = phases(x)
    except InsufficientDataError:
        return
    c = concordance(x, 1 - s)
    sx, sy = s.to_numpy(float), 1 - s.to_numpy(float)
    assert c.index == pytest.approx(float(np.mean(sx * sy + (1 - sx) * (1 - sy))))
    assert c.index == 0.0
    p = float(sx.mean())
    assert c.expected == pytest.approx(p * (1 - p) + (1 - p) * p)


def test_explained_share_exact_and_partial() -> None:
    oil = annual([50, 60, 40, 70, 65, 80])
    assert explained_share(oil**2, oil) == pytest.approx(1.0)
    other = annual([10, 11, 12, 11, 14, 13])
    y = oil * other
    r2 = explained_share(y, oil)
    assert 0 < r2 < 1
    # with both drivers, ln y = ln oil + ln other exactly
    both = pd.concat({"oil": oil, "other": other}, axis=1)
    assert explained_share(y, both) == pytest.approx(1.0)


def test_explained_share_matches_numpy_r2() -> None:
    y = annual([5, 7, 6, 9, 8, 11, 10, 12])
    x = annual([2, 3, 3, 4, 3, 5, 6, 5])
    dy = np.diff(np.log(y.to_numpy()))
    dx = np.diff(np.log(x.to_numpy()))
    r = np.corrcoef(dy, dx)[0, 1]
    assert explained_share(y, x) == pytest.approx(r**2)


def test_explained_share_aligns_and_skips_missing() -> None:
    y = annual([5, 7, 6, 9, 8, 11, 10, 12], start="2000")
    x = annual([1, 1, 2, 3, 3, 4, 3, 5, 6, 5], start="1998")
    expected = explained_share(y, x.loc["2000":])
    assert explained_share(y, x) == pytest.approx(expected)
    gappy = y.copy()
    gappy.iloc[3] = np.nan
    assert 0 <= explained_share(gappy, x) <= 1


def test_explained_share_errors() -> None:
    y = annual([5, 7, 6, 9])
    with pytest.raises(ValidationError, match="positive"):
        explained_share(y, annual([1, 0, 2, 3]))
    with pytest.raises(InsufficientDataError, match="needs more than"):
        explained_share(y.iloc[:2], annual([1, 2]))
    with pytest.raises(ValidationError, match="drivers must be"):
        explained_share(y, [1, 2, 3, 4])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="drivers has no columns"):
        explained_share(y, pd.DataFrame(index=y.index))
    with pytest.raises(ValidationError, match="frequency"):
        explained_share(y, monthly([1.0, 2, 3, 4]))
    with pytest.raises(InsufficientDataError, match="does not vary"):
        explained_share(annual([1, 2, 4, 8]), annual([3, 1, 2, 5]))


def test_bad_series() -> None:
    with pytest.raises(ValidationError, match="series must be a pandas Series"):
        turning_points([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="PeriodIndex"):
        phases(pd.Series([1.0, 2, 3]))
    with pytest.raises(ValidationError, match="not sorted"):
        turning_points(annual([1, 2, 3]).iloc[::-1])
    with pytest.raises(ValidationError, match="numbers"):
        turning_points(annual([1, 2, 3]).astype(str))


# ----------------------------------------------------------------- vectorised vs reference loop


def _reference_turning_points(series: pd.Series) -> pd.DataFrame:
    """The loop over periods that turning_points used before it was vectorised (issue 19)."""
    import math

    half = 1 if series.index.freqstr.startswith("Y") else 5
    full = pd.period_range(series.index[0], series.index[-1], freq=series.index.freq)
    y = series.astype(float).reindex(full).to_numpy()
    y = np.where(np.isfinite(y), y, np.nan)
    found: list[tuple[int, str]] = []
    for t in range(half, len(y) - half):
        around = np.concatenate([y[t - half : t], y[t + 1 : t + half + 1]])
        if not (math.isfinite(y[t]) and np.isfinite(around).all()):
            continue
        if (y[t] > around).all():
            found.append((t, "peak"))
        elif (y[t] < around).all():
            found.append((t, "trough"))
    kept: list[tuple[int, str]] = []
    for t, kind in found:
        if kept and kept[-1][1] == kind:
            previous = kept[-1][0]
            better = y[t] > y[previous] if kind == "peak" else y[t] < y[previous]
            if better:
                kept[-1] = (t, kind)
            continue
        kept.append((t, kind))
    return pd.DataFrame(
        {"kind": [kind for _, kind in kept], "value": [float(y[t]) for t, _ in kept]},
        index=pd.PeriodIndex(full[[t for t, _ in kept]], name="period"),
    )


@settings(max_examples=300)
@given(
    values=st.lists(
        st.one_of(st.integers(-4, 4).map(float), st.just(float("nan"))), min_size=1, max_size=60
    ),
    freq=st.sampled_from(["Y", "M"]),
    drop=st.sets(st.integers(0, 59), max_size=5),
)
def test_vectorised_turning_points_equal_the_loop(
    values: list[float], freq: str, drop: set[int]
) -> None:
    # few distinct values: many ties, equal neighbours and runs of same-kind turning points
    idx = pd.period_range("2000-01", periods=len(values), freq=freq, name="period")
    y = pd.Series(values, index=idx, dtype=float)
    keep = [i for i in range(len(values)) if i not in drop or i in (0, len(values) - 1)]
    y = y.iloc[keep]  # missing periods inside the range
    expected = _reference_turning_points(y)
    got = turning_points(y)
    pd.testing.assert_frame_equal(got, expected, check_index_type=True)

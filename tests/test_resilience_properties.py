"""Hypothesis properties of the resilience metrics, and table == loop of shock_response."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import levels
from tradeshock.errors import InsufficientDataError, ValidationError
from tradeshock.resilience import FIELDS, ShockResponse, resilience_table, shock_response

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn, *, baselines: tuple[str, ...]) -> dict[str, Any]:
    """A positive series, a shock inside it with a full window, and keyword arguments."""
    freq = draw(st.sampled_from(["Y", "M"]))
    window = draw(st.integers(2, 4))
    n = draw(st.integers(window + 1, window + 12))
    values = draw(st.lists(levels, min_size=n, max_size=n))
    start = pd.Period("1995" if freq == "Y" else "1995-01", freq=freq)
    index = pd.period_range(start, periods=n, freq=freq, name="period")
    s = draw(st.integers(window, n - 1))
    baseline = draw(st.sampled_from(baselines))
    kwargs: dict[str, Any] = {
        "baseline": baseline,
        "window": window,
        "horizon": draw(st.none() | st.integers(0, 8)),
        "threshold": draw(st.sampled_from([1.0, 0.9, 1.05])),
    }
    if baseline == "reference":
        kwargs["reference"] = pd.Series(draw(st.lists(levels, min_size=n, max_size=n)), index=index)
    return {"series": pd.Series(values, index=index), "shock": index[s], "kwargs": kwargs}


def assert_same_times(a: ShockResponse, b: ShockResponse) -> None:
    assert (a.time_to_trough, a.time_to_recovery, a.recovered, a.half_life) == (
        b.time_to_trough,
        b.time_to_recovery,
        b.recovered,
        b.half_life,
    )


@SETTINGS
@given(
    case=cases(baselines=("pre_mean", "pre_last", "trend", "reference")),
    c=st.floats(min_value=0.01, max_value=100),
)
def test_scaling_leaves_depth_and_times_and_scales_losses(case: dict[str, Any], c: float) -> None:
    kwargs = dict(case["kwargs"])
    base = shock_response(case["series"], case["shock"], **kwargs)
    if "reference" in kwargs:
        kwargs["reference"] = kwargs["reference"] * c
    scaled = shock_response(case["series"] * c, case["shock"], **kwargs)
    assert scaled.depth == pytest.approx(base.depth, rel=1e-9, abs=1e-9)
    assert (scaled.trough, scaled.recovery) == (base.trough, base.recovery)
    assert_same_times(scaled, base)
    assert scaled.cumulative_loss == pytest.approx(c * base.cumulative_loss, rel=1e-9, abs=1e-9)
    assert scaled.baseline_value == pytest.approx(c * base.baseline_value, rel=1e-9)
    assert scaled.relative_loss == pytest.approx(base.relative_loss, rel=1e-9, abs=1e-12)


@SETTINGS
@given(
    case=cases(baselines=("pre_mean", "pre_last", "trend", "reference")),
    k=st.integers(-300, 300),
)
def test_shifting_series_and_shock_moves_periods_only(case: dict[str, Any], k: int) -> None:
    kwargs = dict(case["kwargs"])
    base = shock_response(case["series"], case["shock"], **kwargs)
    moved = case["series"].copy()
    moved.index = moved.index + k
    if "reference" in kwargs:
        ref = kwargs["reference"].copy()
        ref.index = ref.index + k
        kwargs["reference"] = ref
    shifted = shock_response(moved, case["shock"] + k, **kwargs)
    assert shifted.shock_period == base.shock_period + k
    assert shifted.trough == (None if base.trough is None else base.trough + k)
    assert shifted.recovery == (None if base.recovery is None else base.recovery + k)
    numbers = ("depth", "cumulative_loss", "relative_loss", "baseline_value")
    assert [getattr(shifted, f) for f in numbers] == [getattr(base, f) for f in numbers]
    assert_same_times(shifted, base)


@SETTINGS
@given(
    pre=st.lists(st.integers(50, 100).map(float), min_size=3, max_size=3),
    post=st.lists(st.integers(1, 49).map(float), min_size=1, max_size=10),
    freq=st.sampled_from(["Y", "M"]),
)
def test_never_recovering_paths_are_censored(
    pre: list[float], post: list[float], freq: str
) -> None:
    start = pd.Period("2000" if freq == "Y" else "2000-01", freq=freq)
    y = pd.Series(pre + post, index=pd.period_range(start, periods=len(pre) + len(post)))
    r = shock_response(y, start + 3, window=3, horizon="end")
    b = sum(pre) / 3
    assert (r.recovered, r.recovery, r.time_to_recovery) == (False, None, None)
    assert r.depth == pytest.approx(min(post) / b - 1)
    assert r.cumulative_loss == pytest.approx(sum(b - v for v in post))
    assert r.relative_loss == pytest.approx(sum(b - v for v in post) / (b * len(post)))


@SETTINGS
@given(case=cases(baselines=("pre_mean", "pre_last", "trend", "reference")))
def test_no_drop_means_no_recovery_fields(case: dict[str, Any]) -> None:
    # issue 17.4: a series that never falls below its baseline has no trough to recover from
    r = shock_response(case["series"], case["shock"], **case["kwargs"])
    assert r.dropped == (r.depth < 0)
    if not r.dropped:
        assert (r.trough, r.time_to_trough, r.recovery, r.time_to_recovery) == (None,) * 4
        assert (r.recovered, r.half_life, r.cumulative_loss) == (False, None, 0.0)
        assert r.status.startswith("no drop")
    else:
        assert r.trough is not None
        assert r.time_to_trough is not None


# ----------------------------------------------------------------- table == loop


SPECIAL = (math.nan, math.nan, 0.0, -5.0)


@st.composite
def panels(draw: st.DrawFn) -> dict[str, Any]:
    """A random panel with NaNs and non-positive cells, events inside and outside it."""
    freq = draw(st.sampled_from(["Y", "M"]))
    n = draw(st.integers(4, 16))
    k = draw(st.integers(1, 5))
    data = draw(st.lists(st.lists(levels, min_size=k, max_size=k), min_size=n, max_size=n))
    # a few holes (NaN) and non-positive cells, placed anywhere
    holes = st.tuples(st.integers(0, n - 1), st.integers(0, k - 1), st.sampled_from(SPECIAL))
    for row, col, value in draw(st.lists(holes, max_size=2 * k)):
        data[row][col] = value
    start = pd.Period("1990" if freq == "Y" else "1990-01", freq=freq)
    index = pd.period_range(start, periods=n, freq=freq, name="period")
    frame = pd.DataFrame(data, index=index, columns=[f"c{j}" for j in range(k)])
    inside = st.integers(2, n - 1)
    events = draw(
        st.lists(st.one_of(inside, inside, st.integers(-3, n + 2)), min_size=1, max_size=4)
    )
    baseline = draw(st.sampled_from(["pre_mean", "pre_last", "trend", "reference", "regression"]))
    kwargs: dict[str, Any] = {
        "baseline": baseline,
        # the regression needs 5 observations per coefficient (issue 17.1)
        "window": 10 if baseline == "regression" else draw(st.integers(2, 3)),
        "horizon": draw(st.none() | st.integers(0, 5)),
        "threshold": draw(st.sampled_from([1.0, 0.8, 1.1])),
        "lag": draw(st.integers(-1, 1)),
    }

    def positive_with_gaps() -> list[float]:
        values = draw(st.lists(levels, min_size=n, max_size=n))
        for row in draw(st.lists(st.integers(0, n - 1), max_size=2)):
            values[row] = math.nan
        return values

    if baseline == "reference":
        ref = positive_with_gaps()
        kwargs["reference"] = pd.Series(ref, index=index)
    if baseline == "regression":
        cov = positive_with_gaps()
        kwargs["covariates"] = pd.DataFrame({"x": cov}, index=index)
    return {"frame": frame, "events": [start + e for e in events], "kwargs": kwargs}


def same(a: Any, b: Any) -> bool:
    if a is None or a is pd.NA or a is pd.NaT:
        return b is None or b is pd.NA or b is pd.NaT or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, float) and math.isnan(a):
        return b is None or b is pd.NA or b is pd.NaT or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, float):
        return bool(b == pytest.approx(a, rel=1e-12, abs=1e-12))
    return bool(a == b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panel=panels())
def test_table_equals_loop_of_shock_response(panel: dict[str, Any]) -> None:
    frame, events, kwargs = panel["frame"], panel["events"], panel["kwargs"]
    table = resilience_table(frame, events, **kwargs)
    assert len(table) == len(events) * frame.shape[1]
    row = 0
    for event in events:
        for column in frame.columns:
            got = table.iloc[row]
            row += 1
            assert got["series"] == column
            try:
                expected = shock_response(frame[column], event, **kwargs)
            except (InsufficientDataError, ValidationError):
                assert got["status"] != "ok"
                assert math.isnan(got["depth"])
                assert got["recovered"] is pd.NA
                continue
            assert got["status"] == expected.status, got["status"]
            for name in FIELDS:
                assert same(getattr(expected, name), got[name]), (name, expected, got[name])

"""Clean placebo tests (issue 17 item 2) computed in one vectorised pass (issue 19)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeshock as ts
from tradeshock.errors import InsufficientDataError, ValidationError
from tradeshock.placebo import PlaceboTest, placebo_pvalue, placebo_table


def annual(values: list[float], start: str = "2000") -> pd.Series:
    idx = pd.period_range(start, periods=len(values), freq="Y", name="period")
    return pd.Series(values, index=idx, dtype=float)


def old_placebo_pvalue(series: pd.Series, shock: object, **kwargs: Any) -> float:
    """The definition before issue 17: a placebo at every period where shock_response works."""
    actual = ts.shock_response(series, shock, **kwargs)
    full = pd.period_range(series.index[0], series.index[-1], freq=series.index.freq)
    depths = []
    for period in full:
        if period == actual.shock_period:
            continue
        try:
            depths.append(ts.shock_response(series, period, **{**kwargs, "lag": 0}).depth)
        except (InsufficientDataError, ValidationError):
            continue
    below = sum(d <= actual.depth for d in depths)
    return (1 + below) / (1 + len(depths))


def test_crimea_reproduction_clean_placebos_do_not_depend_on_later_data() -> None:
    total = ts.load_trade("Russia")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    # the reported defect: the old definition gives 0.26 with data to 2025, 0.037 to 2021
    assert old_placebo_pvalue(total, crimea, horizon=5) == pytest.approx(0.258, abs=1e-3)
    assert old_placebo_pvalue(total.loc[:"2021"], crimea, horizon=5) == pytest.approx(
        0.037, abs=1e-3
    )
    to_2025 = placebo_pvalue(total, crimea, horizon=5, exclude=[])
    to_2021 = placebo_pvalue(total.loc[:"2021"], crimea, horizon=5, exclude=[])
    assert to_2025.pvalue == to_2021.pvalue == pytest.approx(1 / 12)  # the "≈ 0.08"
    assert to_2025.n_placebos == to_2021.n_placebos == 11
    assert to_2025.placebo_depths.index.equals(to_2021.placebo_depths.index)
    reasons = to_2025.excluded["reason"]
    assert reasons.loc[pd.Period("2010", "Y")] == "overlaps the shock"
    assert reasons.loc[pd.Period("2022", "Y")] == "truncated horizon"
    assert reasons.loc[pd.Period("1993", "Y")] == "window starts before data"


def test_default_excludes_the_other_events_of_the_shock_timeline() -> None:
    total = ts.load_trade("Russia")["total"]
    timeline = ts.us_russia()
    result = placebo_pvalue(total, timeline["crimea_annexation"], horizon=5)
    # the U.S.-Russia timeline has an event in or near every year: no clean placebo is left
    assert result.n_placebos == 0
    assert np.isnan(result.pvalue)
    assert "no clean placebo date" in result.summary()
    near = result.excluded["reason"][result.excluded["reason"].str.startswith("near ")]
    assert len(near) == 11  # exactly the dates exclude=[] would have used
    assert near.loc[pd.Period("1998", "Y")].startswith("near ")
    # the same shock given as a date has no timeline: nothing else is excluded
    assert placebo_pvalue(total, "2014", horizon=5).n_placebos == 11


def test_exclude_periods_and_bad_exclude() -> None:
    y = annual([5.0] * 12 + [2.0] + [5.0] * 12)
    base = placebo_pvalue(y, "2012", horizon=1, window=3)
    assert base.n_placebos == 12
    fewer = placebo_pvalue(y, "2012", horizon=1, window=3, exclude=["2021"])
    # spans t-3 … t+1 containing 2021: t = 2020 … 2024 (2024 is already truncated)
    assert fewer.n_placebos == 12 - 4
    assert set(fewer.excluded["reason"]) >= {"near 2021"}
    with pytest.raises(ValidationError, match="exclude must be"):
        placebo_pvalue(y, "2012", horizon=1, exclude=3.5)


def test_record_repr_summary_html() -> None:
    y = annual([5.0] * 12 + [2.0] + [5.0] * 12)
    t = placebo_pvalue(y, "2012", horizon=1)
    assert isinstance(t, PlaceboTest)
    assert float(t) == t.pvalue
    assert repr(t).startswith("PlaceboTest(2012: p = 0.08, depth -60.0 %, 12 placebo dates")
    assert "p = 0.077 over 12 clean placebo dates" in t.summary()
    assert "p = 0.077 over 12 clean placebo dates" in t._repr_html_()
    assert t.horizon == 1
    assert t.window == 3


def test_moved_but_still_importable_from_resilience() -> None:
    from tradeshock import resilience

    with pytest.warns(DeprecationWarning, match=r"tradeshock\.placebo_pvalue"):
        assert resilience.placebo_pvalue is placebo_pvalue
    with pytest.warns(DeprecationWarning, match="removed in tradeshock 0.3"):
        assert resilience.PlaceboTest is PlaceboTest
    assert ts.placebo_pvalue is placebo_pvalue


# ---------------------------------------------------------------- reference and properties


@st.composite
def series_cases(draw: st.DrawFn) -> dict[str, Any]:
    freq = draw(st.sampled_from(["Y", "M"]))
    n = draw(st.integers(8, 40))
    cell = st.one_of(st.integers(1, 50).map(float), st.just(np.nan), st.just(-1.0))
    values = draw(st.lists(cell, min_size=n, max_size=n))
    start = pd.Period("1990" if freq == "Y" else "1990-01", freq=freq)
    index = pd.period_range(start, periods=n, freq=freq, name="period")
    kwargs: dict[str, Any] = {
        "baseline": draw(st.sampled_from(["pre_mean", "pre_last", "trend", "reference"])),
        "window": draw(st.integers(2, 3)),
        "horizon": draw(st.integers(0, 4)),
    }
    if kwargs["baseline"] == "reference":
        ref = draw(st.lists(st.integers(1, 50).map(float), min_size=n, max_size=n))
        kwargs["reference"] = pd.Series(ref, index=index)
    return {
        "series": pd.Series(values, index=index),
        "kwargs": kwargs,
        "s": draw(st.integers(0, n)),
    }


@settings(max_examples=120)
@given(case=series_cases())
def test_vectorised_depths_equal_shock_response_at_every_used_date(case: dict[str, Any]) -> None:
    y, kwargs = case["series"], case["kwargs"]
    try:
        result = placebo_pvalue(y, y.index[min(case["s"], len(y) - 1)], **kwargs)
    except (InsufficientDataError, ValidationError):
        return  # the actual shock itself cannot be computed: shock_response raises too
    for period, depth in result.placebo_depths.items():
        assert ts.shock_response(y, period, **kwargs).depth == depth
    for period, reason in result.excluded["reason"].items():
        if reason in ("incomplete window", "non-positive baseline", "no data after shock"):
            with pytest.raises((InsufficientDataError, ValidationError)):
                ts.shock_response(y, period, **kwargs)
    # on the clean set, the p-value is today's definition (the old loop) restricted to it
    below = (result.placebo_depths <= result.depth).sum()
    if result.n_placebos:
        assert result.pvalue == (1 + below) / (1 + result.n_placebos)


@settings(max_examples=80)
@given(
    values=st.lists(st.integers(1, 60).map(float), min_size=60, max_size=60),
    window=st.integers(2, 4),
    horizon=st.integers(0, 5),
    shock=st.integers(15, 30),
    cuts=st.tuples(st.integers(0, 100), st.integers(0, 100)),
)
def test_appending_data_after_the_last_clean_date_leaves_p_unchanged(
    values: list[float], window: int, horizon: int, shock: int, cuts: tuple[int, int]
) -> None:
    y = annual(values, start="1960")
    # any date after the shock whose horizon fits in data ending at most at s + window + 2h
    # overlaps the shock's span: the clean dates are the same for every such end
    lo, hi = shock + horizon, min(shock + window + 2 * horizon, len(values) - 1)
    ends = [lo + c * (hi - lo) // 100 for c in cuts]
    results = [
        placebo_pvalue(y.iloc[: end + 1], y.index[shock], window=window, horizon=horizon)
        for end in ends
    ]
    assert results[0].pvalue == results[1].pvalue
    assert results[0].placebo_depths.equals(results[1].placebo_depths)


@settings(max_examples=40)
@given(
    data=st.lists(
        st.lists(st.integers(1, 40).map(float), min_size=30, max_size=30), min_size=1, max_size=4
    ),
    shocks=st.lists(st.integers(-3, 33), min_size=1, max_size=4),
    horizon=st.integers(0, 3),
)
def test_placebo_table_equals_placebo_pvalue_per_series(
    data: list[list[float]], shocks: list[int], horizon: int
) -> None:
    idx = pd.period_range("1990", periods=30, freq="Y", name="period")
    panel = pd.DataFrame({f"s{i}": col for i, col in enumerate(data)}, index=idx)
    events = [pd.Period("1990", "Y") + i for i in shocks]
    table = placebo_table(panel, events, horizon=horizon)
    assert len(table) == len(events) * panel.shape[1]
    for row in table.itertuples():
        if np.isnan(row.depth):  # no numbers (a status with warnings keeps them)
            assert np.isnan(row.pvalue)
            continue
        single = placebo_pvalue(
            panel[row.series], row.shock_period, horizon=horizon, exclude=events
        )
        assert row.n_placebos == single.n_placebos
        assert row.depth == single.depth
        if single.n_placebos:
            assert row.pvalue == single.pvalue
        else:
            assert np.isnan(row.pvalue)


def test_placebo_table_on_the_monthly_panel_matches_single_calls() -> None:
    panel = ts.load_trade_panel(freq="M")[["Canada", "Mexico", "Russia"]]
    timeline = ts.us_russia()
    table = placebo_table(panel, timeline, horizon=24)
    assert len(table) == 3 * len(timeline)
    event = timeline["crimea_annexation"]
    row = table[(table["event"] == "crimea_annexation") & (table["series"] == "Russia")].iloc[0]
    single = placebo_pvalue(panel["Russia"], event, horizon=24)
    assert (row["n_placebos"], row["pvalue"]) == (single.n_placebos, single.pvalue) or (
        row["n_placebos"] == single.n_placebos == 0
    )


def test_long_placebo_table_equals_wide() -> None:
    panel = ts.load_trade_panel(freq="M")[["Canada", "Mexico", "Russia"]]
    timeline = ts.us_russia()
    wide = placebo_table(panel, timeline, horizon=24)
    long = panel.rename_axis(columns="partner").stack().rename("value").reset_index()
    got = placebo_table(long, timeline, by="partner", horizon=24)
    assert got["partner"].tolist() == wide["series"].tolist()
    pd.testing.assert_frame_equal(got.drop(columns="partner"), wide.drop(columns="series"))

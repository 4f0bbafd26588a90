"""Synthetic series with exact answers, input validation, tables, Martin indices and placebos."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.errors import InsufficientDataError, ValidationError
from tradeshock.resilience import (
    FIELDS,
    MartinIndices,
    PlaceboTest,
    ShockResponse,
    counterfactual,
    martin_indices,
    placebo_pvalue,
    resilience_table,
    shock_response,
)


def annual(values: list[float], start: str = "2000") -> pd.Series:
    idx = pd.period_range(start, periods=len(values), freq="Y", name="period")
    return pd.Series(values, index=idx, dtype=float, name="y")


def monthly(values: list[float], start: str = "2014-01") -> pd.Series:
    idx = pd.period_range(start, periods=len(values), freq="M", name="period")
    return pd.Series(values, index=idx, dtype=float, name="y")


@attrs.frozen
class FakeEvent:
    """Duck-typed event: anything with .period(freq), .id and .label."""

    id: str
    label: str
    start: str

    def period(self, freq: str) -> pd.Period:
        return pd.Period(self.start, freq=freq)


P = pd.Period


# ----------------------------------------------------------------- exact answers, pre_mean


def test_v_shaped_path() -> None:
    # W = 2000-2002 -> b = 10; g = -0.4, -0.2, 0, 0.2
    r = shock_response(annual([10, 10, 10, 6, 8, 10, 12]), "2003")
    assert r.shock_period == P("2003", "Y")
    assert r.baseline_method == "pre_mean"
    assert r.baseline_value == 10
    assert r.depth == pytest.approx(-0.4)
    assert (r.trough, r.time_to_trough) == (P("2003", "Y"), 0)
    assert (r.recovery, r.time_to_recovery, r.recovered) == (P("2005", "Y"), 2, True)
    assert r.cumulative_loss == pytest.approx(4 + 2)
    assert r.relative_loss == pytest.approx(6 / 20)  # b summed over 2003-2004
    assert r.half_life == 1  # 2004: g = -0.2 >= -0.4 / 2


def test_l_shaped_path_is_censored() -> None:
    r = shock_response(annual([10, 10, 10, 5, 5, 5, 5]), "2003")
    assert r.depth == pytest.approx(-0.5)
    assert (r.recovery, r.time_to_recovery, r.recovered) == (None, None, False)
    assert r.cumulative_loss == pytest.approx(20)  # 4 periods x 5, to the end of P
    assert r.relative_loss == pytest.approx(0.5)
    assert r.half_life is None


def test_w_shaped_path_first_recovery_counts() -> None:
    r = shock_response(annual([8, 8, 8, 4, 8, 4, 6, 8]), "2003")
    assert r.depth == pytest.approx(-0.5)
    assert r.trough == P("2003", "Y")  # the first period attaining the min
    assert r.time_to_recovery == 1
    assert r.cumulative_loss == pytest.approx(4)
    assert r.relative_loss == pytest.approx(0.5)
    assert r.half_life == 1


def test_trough_after_shock() -> None:
    r = shock_response(annual([10, 10, 10, 9, 5, 7, 9, 10]), "2003")
    assert (r.trough, r.time_to_trough) == (P("2004", "Y"), 1)
    assert r.time_to_recovery == 4
    assert r.cumulative_loss == pytest.approx(1 + 5 + 3 + 1)
    assert r.relative_loss == pytest.approx(10 / 40)
    assert r.half_life == 2  # g: -0.5 at 2004, -0.3 at 2005, -0.1 at 2006


def test_flat_line() -> None:
    # issue 17.4: no drop, so no trough, recovery or half-life (it used to "recover" at s)
    r = shock_response(annual([5] * 7), "2003")
    assert r.depth == 0
    assert (r.trough, r.recovery, r.time_to_recovery, r.recovered) == (None, None, None, False)
    assert (r.dropped, r.status) == (False, "no drop")
    assert (r.cumulative_loss, r.relative_loss, r.half_life) == (0, 0, None)


def test_flat_line_with_inexact_mean_is_no_drop() -> None:
    # the mean of three 0.1 is 0.10000000000000002 in floating point: still not a drop
    r = shock_response(annual([0.1] * 6), "2003")
    assert (r.depth, r.time_to_recovery, r.cumulative_loss, r.dropped) == (0, None, 0, False)


def test_series_that_only_rises() -> None:
    r = shock_response(annual([1, 2, 3, 4, 5, 6]), "2003")
    assert r.depth == pytest.approx(4 / 2 - 1)  # b = 2, the min gap is at s
    assert (r.time_to_trough, r.time_to_recovery, r.recovered) == (None, None, False)
    assert (r.cumulative_loss, r.relative_loss, r.half_life) == (0, 0, None)
    assert r.status == "no drop"


def test_threshold_and_horizon() -> None:
    y = annual([10, 10, 10, 6, 8, 10, 12])
    assert shock_response(y, "2003", threshold=1.1).recovery == P("2006", "Y")  # 12 >= 11
    late = shock_response(y, "2003", threshold=1.3)
    assert not late.recovered
    assert late.cumulative_loss == pytest.approx(6)  # losses stay max(b - y, 0)
    short = shock_response(y, "2003", horizon=1)  # P = 2003-2004
    assert (short.recovered, short.recovery) == (False, None)
    assert short.cumulative_loss == pytest.approx(6)
    assert short.baseline_value == 10
    assert shock_response(y, "2003", horizon=0).trough == P("2003", "Y")


def test_lag_and_window() -> None:
    y = annual([4, 10, 10, 6, 8, 10, 12])
    assert shock_response(y, "2002", lag=1) == shock_response(y, "2003")
    assert shock_response(y, "2004", lag=-1) == shock_response(y, "2003")
    # window=2: b = 10 ; default window=3: b = 8
    assert shock_response(y, "2003", window=2).depth == pytest.approx(-0.4)
    assert shock_response(y, "2003").depth == pytest.approx(6 / 8 - 1)


def test_missing_values_inside_p_are_skipped() -> None:
    r = shock_response(annual([10, 10, 10, 6, np.nan, 10]), "2003")
    assert r.depth == pytest.approx(-0.4)
    assert r.time_to_recovery == 2
    assert r.cumulative_loss == pytest.approx(4)  # 2004 is missing: left out
    assert r.relative_loss == pytest.approx(4 / 10)  # ... of both sums
    assert r.half_life == 2
    # a missing trough candidate cannot be the trough; a missing period cannot recover
    r = shock_response(annual([10, 10, 10, np.nan, 5, np.nan, 10]), "2003")
    assert (r.trough, r.recovery) == (P("2004", "Y"), P("2006", "Y"))


def test_missing_periods_in_index_count_as_missing() -> None:
    y = annual([10, 10, 10, 6, 8, 10]).drop(P("2004", "Y"))
    r = shock_response(y, "2003")
    assert (r.time_to_recovery, r.cumulative_loss) == (2, pytest.approx(4))


# ----------------------------------------------------------------- other baselines


def test_pre_last() -> None:
    r = shock_response(annual([1, 2, 3, 1.5, 3]), "2003", baseline="pre_last")
    assert (r.baseline_method, r.baseline_value) == ("pre_last", 3)
    assert r.depth == pytest.approx(-0.5)
    assert r.time_to_recovery == 1


def test_trend_extrapolates_exact_growth() -> None:
    # ln y on t over 2000-2002 is exactly ln 2 per year: b = 8, 16, 32 over 2003-2005
    r = shock_response(annual([1, 2, 4, 4, 16, 32]), "2003", baseline="trend")
    assert r.depth == pytest.approx(-0.5)
    assert r.time_to_recovery == 1  # 16 equals b up to float noise
    assert r.cumulative_loss == pytest.approx(4)
    assert r.baseline_value == pytest.approx((8 + 16 + 32) / 3)
    path = counterfactual(annual([1, 2, 4, 4, 16, 32]), "2003", baseline="trend")
    assert path.to_numpy() == pytest.approx([8, 16, 32])
    assert path.index[0] == P("2003", "Y")


def test_reference_keeps_pre_shock_share() -> None:
    ref = annual([100, 100, 200, 100, 200])
    y = annual([10, 10, 20, 5, 20])  # share 0.1 over W
    r = shock_response(y, "2003", baseline="reference", reference=ref)
    assert r.baseline_value == pytest.approx(15)  # b = 10, 20
    assert r.depth == pytest.approx(-0.5)
    assert r.time_to_recovery == 1


def test_reference_is_aligned_by_period() -> None:
    ref = annual([50, 100, 100, 200, 100, 200, 70], start="1999")
    y = annual([10, 10, 20, 5, 20])
    r = shock_response(y, "2003", baseline="reference", reference=ref)
    assert r.depth == pytest.approx(-0.5)


def test_regression_on_one_covariate() -> None:
    window = [1, 2, 4, 3, 5, 2, 6, 7, 4, 8]  # the default window: 10 years
    x = annual([*window, 4, 8])
    y = annual([2 * v**1.5 for v in window] + [4, 2 * 8**1.5])  # exact fit over W
    r = shock_response(y, "2010", baseline="regression", covariates=x)
    assert r.options.window == 10
    assert r.depth == pytest.approx(4 / 16 - 1)
    assert r.time_to_recovery == 1


def test_regression_on_two_covariates() -> None:
    idx = pd.period_range("2000", periods=17, freq="Y", name="period")
    a = [1, 2, 3, 4, 5, 6, 2, 3, 5, 7, 1, 4, 6, 2, 8, 4, 5.0]
    b = [5, 3, 4, 1, 2, 2, 6, 1, 3, 5, 2, 4, 1, 3, 6, 3, 2.0]
    x = pd.DataFrame({"a": a, "b": b}, index=idx)
    fitted = 3 * x["a"] ** 0.5 * x["b"] ** -1.0
    y = fitted.copy()
    y.iloc[15] = fitted.iloc[15] / 2
    r = shock_response(y, "2015", baseline="regression", covariates=x, window=15)
    assert r.depth == pytest.approx(-0.5)
    assert r.time_to_recovery == 1


# ----------------------------------------------------------------- shocks


def test_shock_kinds_agree() -> None:
    y = annual([10, 10, 10, 6, 8, 10, 12])
    expected = shock_response(y, "2003")
    for shock in (
        FakeEvent("x", "X", "2003-07-01"),
        P("2003", "Y"),
        P("2003-05", "M"),  # a month on an annual series: its year
        dt.date(2003, 2, 1),
        pd.Timestamp("2003-12-31"),
        np.datetime64("2003-06-01"),
        2003,
    ):
        assert shock_response(y, shock) == expected


def test_monthly_series_and_event() -> None:
    y = monthly([10.0] * 12 + [5, 6, 7, 8, 9, 10, 11], start="2013-02")
    r = shock_response(y, FakeEvent("crimea", "Crimea", "2014-02-20"))
    assert r.shock_period == P("2014-02", "M")
    assert r.depth == pytest.approx(-0.5)
    assert (r.time_to_recovery, r.half_life) == (5, 3)


def test_real_event_object() -> None:
    from tradeshock.events import Event

    try:
        event = Event(id="x", start="2003-04", label="X", category="war", direction="escalation")
    except TypeError:  # pragma: no cover - depends on Event's required fields
        pytest.skip("Event needs more fields")
    assert shock_response(annual([10, 10, 10, 6, 10]), event).time_to_recovery == 1


# ----------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("series", "match"),
    [
        ([1.0, 2.0], "series must be a pandas Series"),
        (pd.Series([1.0, 2.0]), "series must have a pandas PeriodIndex"),
        (pd.Series([1.0] * 5, index=pd.period_range("2000Q1", periods=5, freq="Q")), "freq"),
        (pd.Series([1.0] * 5, index=pd.PeriodIndex(["2000"] * 5, freq="Y")), "duplicate"),
        (
            pd.Series(
                [1.0] * 5,
                index=pd.PeriodIndex(["2004", "2000", "2001", "2002", "2003"], freq="Y"),
            ),
            "not sorted",
        ),
        (annual([1, 2, 3, 4, 5]).astype(str), "numbers"),
    ],
)
def test_bad_series(series: object, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        shock_response(series, "2003")  # type: ignore[arg-type]


def test_bad_arguments_name_the_argument() -> None:
    y = annual([10, 10, 10, 6, 8, 10])
    cases = [
        ({"baseline": "median"}, "baseline='median' is unknown"),
        ({"baseline": "reference"}, "needs reference="),
        ({"baseline": "regression"}, "needs covariates="),
        ({"window": 0}, "window must be >= 1"),
        ({"window": 2.5}, "window must be an integer"),
        ({"horizon": -1}, "horizon must be >= 0"),
        ({"threshold": 0}, "threshold must be a positive"),
        ({"threshold": float("nan")}, "threshold must be a positive"),
        ({"lag": "1"}, "lag must be an integer"),
        ({"baseline": "trend", "window": 1}, "window >= 2"),
        ({"baseline": "reference", "reference": monthly([1.0] * 80)}, "reference is not aligned"),
        ({"baseline": "reference", "reference": annual([1.0] * 3, "1950")}, "no common period"),
        ({"baseline": "reference", "reference": annual([1, -1, 1, 1, 1, 1])}, "reference must be"),
        ({"baseline": "reference", "reference": [1, 2]}, "reference must be a pandas Series"),
        ({"baseline": "regression", "covariates": annual([1, 0, 1, 1, 1, 1])}, "covariates must"),
        (
            {"baseline": "regression", "covariates": annual([1, 2, 3, 1, 1, 1]), "window": 9},
            "window >= 10",
        ),
    ]
    for kwargs, match in cases:
        with pytest.raises(ValidationError, match=match):
            shock_response(y, "2003", **kwargs)  # type: ignore[arg-type]


def test_shock_errors() -> None:
    y = annual([10, 10, 10, 6, 8, 10])
    with pytest.raises(ValidationError, match="outside the series"):
        shock_response(y, "2010")
    with pytest.raises(ValidationError, match="outside the series"):
        shock_response(y, "2003", lag=10)
    with pytest.raises(ValidationError, match=r"shock=.* is not a date"):
        shock_response(y, "not a date")
    with pytest.raises(ValidationError, match="shock must be an Event"):
        shock_response(y, 3.5)
    with pytest.raises(ValidationError, match="frequency"):
        shock_response(monthly([1.0] * 30), P("2014", "Y"))
    with pytest.raises(InsufficientDataError, match="window=3 needs 3 periods"):
        shock_response(y, "2002")


def test_data_errors() -> None:
    with pytest.raises(InsufficientDataError, match="missing values in the estimation window"):
        shock_response(annual([10, np.nan, 10, 6, 8]), "2003")
    with pytest.raises(InsufficientDataError, match="no value from the shock period"):
        shock_response(annual([10, 10, 10, np.nan, np.nan]), "2003")
    with pytest.raises(ValidationError, match="positive over the estimation window"):
        shock_response(annual([10, 0, 10, 6, 8]), "2003", baseline="trend")
    with pytest.raises(ValidationError, match="non-positive 'pre_mean' baseline"):
        shock_response(annual([-10, -10, -10, 6, 8]), "2003")
    with pytest.raises(InsufficientDataError, match="collinear"):
        shock_response(
            annual(list(range(1, 13))), "2010", baseline="regression", covariates=annual([2.0] * 12)
        )
    with pytest.raises(InsufficientDataError, match="reference has missing"):
        shock_response(
            annual([1, 2, 3, 4, 5]),
            "2003",
            baseline="reference",
            reference=annual([1, np.nan, 1, 1, 1]),
        )


def test_errors_are_value_errors_too() -> None:
    with pytest.raises(ValueError, match="baseline"):
        shock_response(annual([1, 2, 3, 4]), "2003", baseline="nope")


# ----------------------------------------------------------------- the record


def test_record_is_frozen_and_dicts() -> None:
    r = shock_response(annual([10, 10, 10, 6, 8, 10, 12]), "2003")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.depth = 0  # type: ignore[misc]
    d = r.to_dict()
    assert tuple(d) == FIELDS
    assert d["trough"] == P("2003", "Y")
    assert isinstance(r, ShockResponse)
    assert isinstance(r.time_to_trough, int)
    assert isinstance(r.depth, float)
    assert isinstance(r.baseline_value, float)


# ----------------------------------------------------------------- tables


def test_table_rows_columns_and_statuses() -> None:
    idx = pd.period_range("2000", periods=7, freq="Y", name="period")
    panel = pd.DataFrame(
        {
            "v": [10, 10, 10, 6, 8, 10, 12],
            "gap": [10, np.nan, 10, 6, 8, 10, 12],
            "neg": [-1, -1, -1, -2, -1, -1, -1],
            "empty": [1, 1, 1, np.nan, np.nan, np.nan, np.nan],
        },
        index=idx,
        dtype=float,
    )
    events = [FakeEvent("a", "Event A", "2003-03"), FakeEvent("b", "B", "1990"), "2001"]
    t = resilience_table(panel, events)
    assert list(t.columns) == ["event", "label", "series", "status", *FIELDS]
    assert len(t) == 3 * 4
    assert t["event"].tolist()[:4] == ["a"] * 4
    assert t["label"].tolist()[:4] == ["Event A"] * 4
    assert t["series"].tolist() == ["v", "gap", "neg", "empty"] * 3
    assert t["status"].tolist() == [
        "ok",
        "incomplete window",
        "non-positive baseline",
        "no data after shock",
        *["shock outside data"] * 4,
        *["window starts before data"] * 4,
    ]
    first = t.iloc[0]
    assert first["depth"] == pytest.approx(-0.4)
    assert first["recovery"] == P("2005", "Y")
    assert first["time_to_recovery"] == 2
    assert bool(first["recovered"]) is True
    bad = t.iloc[1:]
    assert bad[["depth", "baseline_value", "cumulative_loss", "relative_loss"]].isna().all().all()
    missing = ["trough", "recovery", "time_to_trough", "recovered", "half_life"]
    assert bad[missing].isna().all().all()
    assert (
        t["shock_period"].tolist()
        == [P("2003", "Y")] * 4 + [P("1990", "Y")] * 4 + [P("2001", "Y")] * 4
    )
    assert str(t["time_to_recovery"].dtype) == "Int64"
    assert str(t["recovered"].dtype) == "boolean"
    assert isinstance(t["trough"].dtype, pd.PeriodDtype)


def test_table_on_series_and_single_event() -> None:
    t = resilience_table(annual([10, 10, 10, 6, 8, 10, 12]), "2003")
    assert t["series"].tolist() == ["y"]
    assert t["depth"].tolist() == pytest.approx([-0.4])
    t = resilience_table(annual([10, 10, 10, 6, 8, 10, 12]).rename(None), [P("2003", "Y")])
    assert t["series"].tolist() == ["value"]


def test_table_statuses_for_shared_inputs() -> None:
    y = annual([1, 2, 3, 4, 5, 6])
    t = resilience_table(
        y, ["2003"], baseline="reference", reference=annual([1, np.nan, 1, 1, 1, 1])
    )
    assert t["status"].tolist() == ["incomplete reference window"]
    y12 = annual(list(range(1, 13)))
    t = resilience_table(y12, ["2010"], baseline="regression", covariates=annual([2.0] * 12))
    assert t["status"].tolist() == ["collinear covariates in window"]
    t = resilience_table(
        y12, ["2010"], baseline="regression", covariates=annual([2, np.nan, *range(3, 13)])
    )
    assert t["status"].tolist() == ["incomplete covariates window"]
    t = resilience_table(annual([1, 0, 3, 4, 5, 6]), ["2003"], baseline="trend")
    assert t["status"].tolist() == ["non-positive values in window"]


def test_table_empty_timeline_and_bad_arguments() -> None:
    t = resilience_table(annual([1, 2, 3, 4]), [])
    assert t.empty
    assert list(t.columns) == ["event", "label", "series", "status", *FIELDS]
    with pytest.raises(TypeError, match="unexpected keyword argument 'base'"):
        resilience_table(annual([1, 2, 3, 4]), ["2003"], base="pre_mean")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="data must be"):
        resilience_table([1, 2], ["2003"])
    with pytest.raises(ValidationError, match="timeline must be"):
        resilience_table(annual([1, 2, 3, 4]), 3.5)
    with pytest.raises(ValidationError, match="shock must be"):
        resilience_table(annual([1, 2, 3, 4]), [3.5])


def test_table_on_bundled_timeline() -> None:
    from tradeshock import us_russia

    timeline = us_russia()
    y = annual([float(v) for v in range(1, 40)], start="1990")
    t = resilience_table(y, timeline)
    assert len(t) == len(timeline)
    computed = t["depth"].notna()
    # a rising line never drops; the dense timeline confounds most spans (issue 17.4, 17.5)
    assert t.loc[computed, "status"].str.startswith("no drop").all()
    assert set(t.loc[~computed, "status"]) <= {"window starts before data", "shock outside data"}
    assert t["event"].iloc[0] == next(iter(timeline)).id


# ----------------------------------------------------------------- Martin and placebo


def test_martin_indices() -> None:
    y = annual([10, 10, 10, 5, 8, 10])  # -50 % to the trough, +100 % back
    world = annual([100, 100, 100, 80, 90, 100])  # -20 %, +25 %
    m = martin_indices(y, world, "2003", baseline="pre_mean")
    assert isinstance(m, MartinIndices)
    assert m.resistance == pytest.approx((-0.5 - -0.2) / 0.2)
    assert m.recoverability == pytest.approx((1.0 - 0.25) / 0.25)
    assert (m.trough, m.end, m.recovered) == (P("2003", "Y"), P("2005", "Y"), True)
    assert m.to_dict()["series_drop"] == pytest.approx(-0.5)


def test_martin_censored_uses_end_of_p_and_flat_reference_is_nan() -> None:
    y = annual([10, 10, 10, 5, 6, 7, np.nan])
    world = annual([100, 100, 100, 80, 90, 100, 100])
    m = martin_indices(y, world, "2003", baseline="pre_mean")
    assert (m.recovered, m.end) == (False, P("2005", "Y"))  # last period with y and R
    assert m.recoverability == pytest.approx((0.4 - 0.25) / 0.25)
    flat = martin_indices(y, annual([100] * 7), "2003", baseline="pre_mean")
    assert np.isnan(flat.resistance)


def test_martin_default_baseline_is_reference() -> None:
    y = annual([10, 10, 10, 5, 8, 10])
    world = annual([100, 100, 100, 80, 90, 100])
    # reference baseline b = 8, 9, 10: the recovery is 2005 (10 >= 10)
    assert martin_indices(y, world, "2003").end == P("2005", "Y")


def test_placebo_pvalue() -> None:
    # 2000-2019, a drop in 2012; window 3, horizon 0: clean dates are those whose span
    # t-3 … t does not overlap 2009 … 2012 and starts in the data
    y = annual([5] * 12 + [2] + [5] * 7)
    t = placebo_pvalue(y, "2012", horizon=0, window=3)
    assert isinstance(t, PlaceboTest)
    years = [2003, 2004, 2005, 2006, 2007, 2008, 2016, 2017, 2018, 2019]
    assert t.placebo_depths.index.tolist() == [P(str(y), "Y") for y in years]
    # 2013-2015 hold the drop in their windows: they overlap the shock's span
    assert t.placebo_depths.tolist() == pytest.approx([0] * 10)
    assert t.pvalue == pytest.approx(1 / 11)
    assert float(t) == t.pvalue


def test_placebo_lag_locates_actual_shock_only() -> None:
    y = annual([5] * 12 + [2] + [5] * 7)
    assert placebo_pvalue(y, "2011", horizon=0, window=3, lag=1).pvalue == pytest.approx(1 / 11)


def test_table_gives_a_row_for_an_event_dated_more_coarsely_than_the_data() -> None:
    from tradeshock.events import Event, Timeline

    idx = pd.period_range("2010-01", periods=36, freq="M", name="period")
    panel = pd.DataFrame({"a": np.linspace(10.0, 20.0, 36), "b": np.full(36, 5.0)}, index=idx)
    timeline = Timeline.from_records(
        [
            {
                "id": "year_only",
                "start": "2011",
                "label": "a year-precision event",
                "category": "crisis",
                "direction": "neutral",
            },
            {
                "id": "monthly",
                "start": "2011-06-15",
                "label": "a dated event",
                "category": "crisis",
                "direction": "neutral",
            },
        ]
    )
    table = ts.resilience_table(panel, timeline)
    coarse = table[table["event"] == "year_only"]
    assert list(coarse["status"]) == ["event date coarser than the data"] * 2
    assert coarse["shock_period"].isna().all()
    assert coarse["depth"].isna().all()
    dated = table[table["event"] == "monthly"]
    # neither column drops, and the year-only event may fall inside P (June 2011 on)
    assert list(dated["status"]) == ["no drop; confounded by year_only"] * 2
    assert (dated["shock_period"] == pd.Period("2011-06", "M")).all()
    # the scalar function still refuses to guess a month
    with pytest.raises(ts.ValidationError):
        ts.shock_response(panel["a"], timeline["year_only"])
    assert isinstance(timeline["monthly"], Event)

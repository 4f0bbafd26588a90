"""Issue 17: no metric may mislead silently. One test per reproduction of the issue.

Every reproduction runs on the bundled data with the documented calls and their defaults;
before the fix each returned a misleading number with status "ok" and no warning.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.cli import main, report_table


@pytest.fixture(scope="module")
def timeline() -> ts.Timeline:
    return ts.us_russia()


@pytest.fixture(scope="module")
def russia() -> pd.DataFrame:
    return ts.load_trade("Russia")


# ------------------------------------------------------------- 1. the regression baseline


def test_regression_report_at_the_default_window_is_no_longer_minus_99_6(
    timeline: ts.Timeline,
) -> None:
    # was: exports depth -99.6 %, cumulative loss $2.77 trillion, status "ok" (window 3)
    table = report_table("Russia", events="crimea_annexation", baseline="regression")
    exports = table[table["series"] == "exports"].iloc[0]
    assert exports["depth_pct"] > -50
    assert exports["cumulative_loss"] < 1e5


def test_regression_refuses_too_few_observations_per_coefficient(
    russia: pd.DataFrame, timeline: ts.Timeline
) -> None:
    brent = ts.load_oil_price("brent", freq="Y")
    with pytest.raises(ts.ValidationError, match=r"window >= 10 \(5 observations per coef"):
        ts.shock_response(
            russia["exports"],
            timeline["crimea_annexation"],
            baseline="regression",
            covariates=brent,
            window=3,
        )
    r = ts.shock_response(
        russia["exports"],
        timeline["crimea_annexation"],
        baseline="regression",
        covariates=brent,
        confounders=(),
    )
    assert r.options.window == 10
    assert set(r.diagnostics) == {"coefficients", "r2", "resid_se", "n"}
    assert r.diagnostics["n"] == 10
    assert set(r.diagnostics["coefficients"]) == {"intercept", "brent"}
    assert 0 <= r.diagnostics["r2"] <= 1


def test_regression_warns_when_it_extrapolates(timeline: ts.Timeline) -> None:
    # monthly, window 12 (Mar 2013 - Feb 2014, Brent about $103-119): Brent after the
    # shock falls to about $30, far outside the window's range
    monthly = ts.load_trade("Russia", freq="M")
    brent = ts.load_oil_price("brent", freq="M")
    with pytest.warns(ts.ResponseWarning, match="extrapolation"):
        r = ts.shock_response(
            monthly["exports"],
            timeline["crimea_annexation"],
            baseline="regression",
            covariates=brent,
            window=12,
            confounders=(),
        )
    assert "covariates outside the window's range (extrapolation)" in r.status
    table = ts.resilience_table(
        monthly[["exports"]],
        [timeline["crimea_annexation"]],
        baseline="regression",
        covariates=brent,
        window=12,
        confounders=(),
    )
    assert "extrapolation" in table["status"].iloc[0]


# ------------------------------------------------------------- 3. missing data inside P


def test_missing_years_after_the_pdvsa_sanctions_are_never_a_plain_ok(
    timeline: ts.Timeline,
) -> None:
    # was: trough 2019 at -86.6 %, status "ok", while 2020-2021 are blank in the source
    venezuela = ts.load_petroleum_imports(("Venezuela",))["Venezuela"]
    assert venezuela.loc["2020":"2021"].isna().all()
    r = ts.shock_response(venezuela, timeline["pdvsa_sanctions"], confounders=())
    assert r.missing == 2
    assert r.status == "2 of 3 post-shock periods missing"
    table = ts.resilience_table(venezuela, [timeline["pdvsa_sanctions"]], confounders=())
    assert table["status"].iloc[0] == "2 of 3 post-shock periods missing"
    assert table["missing"].iloc[0] == 2


def test_missing_as_zero_shows_the_embargo_collapse(timeline: ts.Timeline) -> None:
    venezuela = ts.load_petroleum_imports(("Venezuela",))["Venezuela"]
    r = ts.shock_response(venezuela, timeline["pdvsa_sanctions"], missing="zero", confounders=())
    assert r.missing == 0
    assert r.depth == -1.0
    assert r.trough == pd.Period("2020", "Y")
    assert r.status == "ok"
    assert r.options.missing == "zero"


def test_petroleum_chart_draws_blanks_as_zero_only_when_asked() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from tradeshock import plot

    data = ts.load_petroleum_imports(("Venezuela",))
    gaps = plot.petroleum_imports(data).get_lines()[0].get_ydata()
    zeros = plot.petroleum_imports(data, missing="zero").get_lines()[0].get_ydata()
    assert np.isnan(np.asarray(gaps, dtype=float)[-2:]).all()
    assert list(np.asarray(zeros, dtype=float)[-2:]) == [0.0, 0.0]


# ------------------------------------------------------------- 4. no drop, no recovery


def test_canada_exports_after_2022_did_not_drop_so_did_not_recover(
    timeline: ts.Timeline,
) -> None:
    # was: depth +16.6 %, recovered=True, time_to_recovery=3
    canada = ts.load_trade("Canada")
    event = timeline["full_scale_invasion_ukraine"]
    r = ts.shock_response(canada["exports"], event, confounders=())
    assert r.depth > 0
    assert (r.dropped, r.recovered) == (False, False)
    assert (r.trough, r.time_to_trough, r.recovery, r.time_to_recovery, r.half_life) == (
        (None,) * 5
    )
    assert r.status == "no drop"
    row = ts.resilience_table(canada[["exports"]], [event], confounders=()).iloc[0]
    assert row["status"] == "no drop"
    assert not row["dropped"]
    assert pd.isna(row["time_to_recovery"])
    assert pd.isna(row["trough"])


def test_cli_says_no_drop(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "report",
            "--partner",
            "Canada",
            "--events",
            "full_scale_invasion_ukraine",
            "--flow",
            "exports",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "no drop" in out


# ------------------------------------------------------------- 5. one default horizon


def test_default_horizon_no_longer_reaches_the_2022_invasion(
    russia: pd.DataFrame, timeline: ts.Timeline
) -> None:
    # was: -91.2 % with the trough in 2024 (API default: to the end of the data)
    crimea = timeline["crimea_annexation"]
    with pytest.warns(ts.ResponseWarning, match="confounded"):
        r = ts.shock_response(russia["total"], crimea)
    assert r.options.horizon == ts.resilience.DEFAULT_HORIZON["Y"] == 5
    assert r.trough is not None
    assert r.trough <= pd.Period("2019", "Y")
    assert "full_scale_invasion_ukraine" not in r.confounded_by
    # to the end, the invasion is named
    with pytest.warns(ts.ResponseWarning, match="confounded"):
        end = ts.shock_response(russia["total"], crimea, horizon="end")
    assert end.trough == pd.Period("2024", "Y")
    assert "full_scale_invasion_ukraine" in end.confounded_by
    assert "confounded by" in end.status


def test_api_and_cli_share_the_default_horizon() -> None:
    from tradeshock import cli

    assert cli.DEFAULT_HORIZON is ts.resilience.DEFAULT_HORIZON
    table = report_table("Russia", events="crimea_annexation")
    assert table.attrs["horizon"] == 5


def test_confounders_come_from_the_timeline_the_shock_came_from(
    russia: pd.DataFrame, timeline: ts.Timeline
) -> None:
    crimea = timeline["crimea_annexation"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no other event: no warning
        alone = ts.shock_response(russia["total"], crimea, confounders=())
        unlinked = ts.shock_response(russia["total"], "2014-02-20")
    assert alone.confounded_by == unlinked.confounded_by == ()
    with pytest.warns(ts.ResponseWarning, match="skripal_poisoning"):
        r = ts.shock_response(russia["total"], crimea, confounders=[timeline["skripal_poisoning"]])
    assert r.confounded_by == ("skripal_poisoning",)
    assert r.status.endswith("confounded by skripal_poisoning")


# ------------------------------------------------------------- 6. seasonality


def test_rolling12_transform_is_12_month_sums(timeline: ts.Timeline) -> None:
    # monthly Crimea exports: -66 % on single months (a weak January) vs about -48 % on
    # 12-month sums
    monthly = ts.load_trade("Russia", freq="M")["exports"]
    crimea = timeline["crimea_annexation"]
    raw = ts.shock_response(monthly, crimea, confounders=())
    sums = monthly.rolling(12, min_periods=12).sum()
    by_hand = ts.shock_response(sums, crimea, confounders=())
    rolled = ts.shock_response(monthly, crimea, transform="rolling12", confounders=())
    assert raw.depth < -0.6
    assert rolled.depth == pytest.approx(by_hand.depth, rel=1e-12)
    assert -0.55 < rolled.depth < -0.4
    assert rolled.options.transform == "rolling12"
    table = ts.resilience_table(monthly, [crimea], transform="rolling12", confounders=())
    assert table["depth"].iloc[0] == pytest.approx(rolled.depth, rel=1e-12)


def test_yoy_transform_is_the_ratio_to_a_year_earlier(timeline: ts.Timeline) -> None:
    monthly = ts.load_trade("Russia", freq="M")["exports"]
    crimea = timeline["crimea_annexation"]
    index = 100 * monthly / monthly.shift(12)
    by_hand = ts.shock_response(index, crimea, confounders=())
    yoy = ts.shock_response(monthly, crimea, transform="yoy", confounders=())
    assert yoy.depth == pytest.approx(by_hand.depth, rel=1e-12)
    assert np.allclose(ts.transform_series(monthly, "yoy").dropna(), index.dropna())


def test_sa_transform_removes_a_pure_seasonal_pattern() -> None:
    pytest.importorskip("statsmodels")
    index = pd.period_range("2000-01", periods=96, freq="M", name="period")
    season = np.tile([0.6, 0.9, 1.0, 1.1, 1.2, 1.0, 1.0, 1.1, 1.0, 0.9, 1.1, 1.1], 8)
    y = pd.Series(100.0 * season, index=index)
    raw = ts.shock_response(y, "2005-01", horizon=12)
    adjusted = ts.shock_response(y, "2005-01", horizon=12, transform="sa")
    assert raw.depth < -0.3  # a January of 0.6 looks like a 40 % drop
    assert abs(adjusted.depth) < 0.02  # after adjustment: no drop to speak of


def test_transforms_need_monthly_data(russia: pd.DataFrame) -> None:
    with pytest.raises(ts.ValidationError, match="monthly"):
        ts.shock_response(russia["total"], "2014", transform="rolling12")
    with pytest.raises(ts.ValidationError, match="transform="):
        ts.shock_response(russia["total"], "2014", transform="x13")  # type: ignore[arg-type]


def test_cli_report_transform(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "report",
            "--freq",
            "M",
            "--events",
            "crimea_annexation",
            "--flow",
            "exports",
            "--transform",
            "rolling12",
            "--format",
            "csv",
        ]
    )
    assert code == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert -55 < frame["depth_pct"].iloc[0] < -40


# ------------------------------------------------------------- 7. small baselines


def test_tiny_baselines_are_flagged_not_ranked(timeline: ts.Timeline) -> None:
    # Iran imports 2011-2013 average $1.8 million: -100 % and relative loss 1.0
    panel = ts.load_trade_panel(flow="imports")[["Iran", "Russia"]]
    crimea = timeline["crimea_annexation"]
    plain = ts.resilience_table(panel, [crimea], confounders=())
    assert plain["baseline_value"].iloc[0] < 2
    guarded = ts.resilience_table(panel, [crimea], min_baseline=10, confounders=())
    assert guarded["status"].tolist()[0] == "baseline too small"
    assert math.isnan(guarded["depth"].iloc[0])
    assert guarded["status"].tolist()[1] != "baseline too small"
    with pytest.raises(ts.InsufficientDataError, match="baseline too small"):
        ts.shock_response(panel["Iran"], crimea, min_baseline=10, confounders=())


def test_cli_default_min_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    from tradeshock.cli import DEFAULT_MIN_BASELINE

    assert DEFAULT_MIN_BASELINE == {"Y": 10.0, "M": 1.0}
    code = main(
        [
            "report",
            "--partner",
            "Iran",
            "--events",
            "crimea_annexation",
            "--flow",
            "imports",
            "--format",
            "csv",
        ]
    )
    assert code == 0
    assert "baseline too small" in capsys.readouterr().out

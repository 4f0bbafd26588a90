"""synthetic_control: exact simplex weights, the synthetic path, placebo p-values, bad input.

The weights are checked against an independent computation inside the tests: scipy's NNLS
with a heavily weighted sum-to-one row (a penalty formulation, unlike the library's exact
reformulation), and SLSQP's objective value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import nnls

import tradeshock as ts
from tradeshock.errors import InsufficientDataError, UnknownPartnerError, ValidationError
from tradeshock.synthetic import SyntheticControl, synthetic_control

BASQUE = "Basque Country (Pais Vasco)"


# --------------------------------------------------------------------------- helpers


def penalty_nnls(target: np.ndarray, donors: np.ndarray, weight: float = 1e5) -> np.ndarray:
    """Simplex least squares by NNLS with a heavily weighted sum-to-one row (independent)."""
    scale = float(np.abs(donors).max())
    system = np.vstack([donors / scale, weight * np.ones((1, donors.shape[1]))])
    rhs = np.append(target / scale, weight)
    w, _ = nnls(system, rhs, maxiter=100 * donors.shape[1])
    return w


def assert_kkt(target: np.ndarray, donors: np.ndarray, w: np.ndarray) -> None:
    """Optimality certificate of simplex least squares, checked independently of any solver.

    With gradient g = -2 X'(x - Xw), w is optimal iff some lambda has g_j = lambda where
    w_j > 0 and g_j >= lambda where w_j = 0 (the problem is convex).
    """
    assert (w >= 0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    g = -2 * donors.T @ (target - donors @ w)
    tol = 1e-8 * (np.abs(g).max() + np.abs(donors).max() ** 2 * len(target))
    support = w > 1e-12
    lam = float(np.mean(g[support]))
    np.testing.assert_allclose(g[support], lam, atol=tol)
    assert (g[~support] >= lam - tol).all()


def factor_panel(
    rng: np.random.Generator, periods: int, units: int, *, noise: float = 1.0, freq: str = "Y"
) -> pd.DataFrame:
    """Units driven by two common factors plus i.i.d. noise (exchangeable across units)."""
    factors = np.cumsum(rng.normal(size=(periods, 2)), axis=0)
    loadings = rng.uniform(0.5, 1.5, size=(2, units))
    values = 50 + factors @ loadings + noise * rng.normal(size=(periods, units))
    start = "1980" if freq == "Y" else "1980-01"
    index = pd.period_range(start, periods=periods, freq=freq, name="period")
    return pd.DataFrame(values, index=index, columns=[f"u{i}" for i in range(units)])


def basque_panel(shared: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared / "reference" / "synth" / "basque.csv")
    wide = raw.pivot(index="year", columns="regionname", values="gdpcap")
    wide.index = pd.PeriodIndex(wide.index.astype(int).astype(str), freq="Y", name="year")
    return wide


# --------------------------------------------------------------------------- weights


@pytest.mark.parametrize("seed", range(12))
def test_weights_reach_the_exact_simplex_optimum_on_random_panels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    units = int(rng.integers(3, 12))
    panel = factor_panel(rng, 30, units, noise=float(rng.uniform(0.2, 3.0)))
    panel["treated"] = panel.iloc[:, 0] * rng.uniform(0.7, 1.3) + rng.normal(size=30) * 2
    fit = synthetic_control(panel, "treated", "2000", window=20, transform="level")
    donors = panel.loc["1980":"1999", list(fit.donors)].to_numpy()
    target = panel.loc["1980":"1999", "treated"].to_numpy()
    expected = penalty_nnls(target, donors)
    got = fit.weights.reindex(list(fit.donors)).to_numpy()
    # T = 20 > J: the optimum is unique, so the weights themselves must agree
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert_kkt(target, donors, got)


def test_weights_are_optimal_when_donors_outnumber_periods() -> None:
    """J > T: the optimum may not be unique, but the objective must be the minimum."""
    rng = np.random.default_rng(7)
    panel = factor_panel(rng, 14, 40, noise=2.0)
    panel["treated"] = panel.iloc[:, :3].mean(axis=1) * 1.4 + rng.normal(size=14)
    fit = synthetic_control(panel, "treated", "1990", window=10, transform="level")
    donors = panel.loc["1980":"1989", list(fit.donors)].to_numpy()
    target = panel.loc["1980":"1989", "treated"].to_numpy()
    w = fit.weights.reindex(list(fit.donors)).to_numpy()
    ours = float(np.sum((target - donors @ w) ** 2))
    reference = penalty_nnls(target, donors, weight=1e6)
    theirs = float(np.sum((target - donors @ (reference / reference.sum())) ** 2))
    assert ours <= theirs * (1 + 1e-8) + 1e-10
    assert_kkt(target, donors, w)


def test_basque_weights_match_the_independent_optimum(shared_data: Path) -> None:
    panel = basque_panel(shared_data)
    fit = synthetic_control(
        panel, BASQUE, "1970", window=15, exclude=["Spain (Espana)"], transform="level"
    )
    assert fit.pre_periods[0] == pd.Period("1955", "Y")
    assert fit.window == 15
    assert "Spain (Espana)" not in fit.weights.index
    assert len(fit.weights) == 16
    donors = panel.loc["1955":"1969", list(fit.donors)].to_numpy()
    target = panel.loc["1955":"1969", BASQUE].to_numpy()
    expected = pd.Series(penalty_nnls(target, donors), index=list(fit.donors))
    np.testing.assert_allclose(fit.weights.reindex(expected.index), expected, atol=1e-6)
    # the structure SOURCES.md describes for an outcome-only fit
    main = fit.weights[["Madrid (Comunidad De)", "Baleares (Islas)", "Rioja (La)"]].sum()
    assert main > 0.95
    assert -0.95 < fit.average_gap < -0.75
    assert fit.post_periods[-1] == pd.Period("1997", "Y")


def test_synthetic_is_donors_at_weights_and_gap_is_actual_minus_synthetic() -> None:
    rng = np.random.default_rng(3)
    panel = factor_panel(rng, 25, 6)
    fit = synthetic_control(panel, "u0", "1995", window=12, horizon=4)
    rows = panel.loc["1983":"1999"]
    indexed = rows / rows.loc[:"1994"].mean() * 100  # transform="index", computed here
    np.testing.assert_allclose(fit.actual, indexed["u0"], rtol=1e-12)
    synthetic = indexed[list(fit.weights.index)] @ fit.weights
    np.testing.assert_allclose(fit.synthetic, synthetic, rtol=1e-12)
    np.testing.assert_allclose(fit.gap, indexed["u0"] - synthetic, atol=1e-10)
    gap = fit.gap.to_numpy()
    assert fit.pre_rmspe == pytest.approx(np.sqrt(np.mean(gap[:12] ** 2)), rel=1e-12)
    assert fit.post_rmspe == pytest.approx(np.sqrt(np.mean(gap[12:] ** 2)), rel=1e-12)
    assert fit.rmspe_ratio == pytest.approx(fit.post_rmspe / fit.pre_rmspe, rel=1e-12)
    assert fit.pre_rmspe_relative == pytest.approx(fit.pre_rmspe / 100, rel=1e-12)
    assert fit.average_gap == pytest.approx(gap[12:].mean(), rel=1e-12)


def test_counterfactual_undoes_the_transform() -> None:
    rng = np.random.default_rng(8)
    panel = factor_panel(rng, 20, 6)
    panel.attrs["units"] = "widgets"
    indexed = synthetic_control(panel, "u2", "1995", window=10, horizon=3)
    pre_mean = panel.loc["1985":"1994", "u2"].mean()
    path = indexed.counterfactual()
    np.testing.assert_allclose(path, indexed.synthetic * pre_mean / 100, rtol=1e-12)
    actual = panel.loc["1985":"1998", "u2"]
    np.testing.assert_allclose(actual / path - 1, indexed.actual / indexed.synthetic - 1)
    assert path.attrs["units"] == "widgets"
    logged = synthetic_control(panel, "u2", "1995", window=10, transform="log")
    np.testing.assert_allclose(logged.counterfactual(), np.exp(logged.synthetic), rtol=1e-12)
    level = synthetic_control(panel, "u2", "1995", window=10, transform="level")
    np.testing.assert_allclose(level.counterfactual(), level.synthetic)


def test_log_and_level_transforms() -> None:
    rng = np.random.default_rng(4)
    panel = factor_panel(rng, 20, 5)
    logged = synthetic_control(panel, "u1", "1995", window=10, transform="log")
    np.testing.assert_allclose(logged.actual, np.log(panel.loc["1985":, "u1"]), rtol=1e-12)
    assert logged.pre_rmspe_relative == logged.pre_rmspe  # log points are already relative
    level = synthetic_control(panel, "u1", "1995", window=10, transform="level")
    scale = panel.loc["1985":"1994", "u1"].abs().mean()
    assert level.pre_rmspe_relative == pytest.approx(level.pre_rmspe / scale)


# --------------------------------------------------------------------------- periods, donors


def test_shock_as_event_period_or_string_and_default_window() -> None:
    panel = ts.load_trade_panel(flow="imports")
    event = ts.us_russia()["crimea_annexation"]
    by_event = synthetic_control(panel, "Russia", event, window=8, horizon=3)
    by_period = synthetic_control(panel, "Russia", pd.Period("2014", "Y"), window=8, horizon=3)
    by_text = synthetic_control(panel, "RUS", "2014-03-18", window=8, horizon=3)
    for fit in (by_period, by_text):
        pd.testing.assert_series_equal(fit.weights, by_event.weights)
    assert by_text.treated == "Russia"
    assert list(by_event.post_periods.astype(str)) == ["2014", "2015", "2016", "2017"]
    whole = synthetic_control(panel, "Russia", event)
    # default window: back to the treated's first value (Russia's data start in 1992)
    assert str(whole.pre_periods[0]) == "1992"
    assert str(whole.post_periods[-1]) == str(panel["Russia"].last_valid_index())


def test_aggregates_are_never_donors_and_donor_rules() -> None:
    panel = ts.load_trade_panel(flow="exports").loc["2000":"2019"].copy()
    panel["World"] = panel.sum(axis=1)
    panel["European Union"] = panel[["Germany", "France"]].sum(axis=1)
    fit = synthetic_control(panel, "Russia", "2014", window=6, horizon=5)
    assert "World" not in fit.weights.index
    assert "European Union" not in fit.weights.index
    assert fit.dropped["World"].startswith("an aggregate")
    restricted = synthetic_control(
        panel, "Russia", "2014", window=6, donors=["China", "Germany", "World", "Japan"]
    )
    assert sorted(restricted.weights.index) == ["China", "Germany", "Japan"]
    excluded = synthetic_control(panel, "Russia", "2014", window=6, exclude=["China"])
    assert "China" not in excluded.weights.index
    assert excluded.dropped["China"] == "excluded"
    gappy = panel.copy()
    gappy.loc["2016", "Japan"] = np.nan
    with_gap = synthetic_control(gappy, "Russia", "2014", window=6, horizon=5)
    assert "Japan" not in with_gap.weights.index
    assert "Japan" in with_gap.dropped


def test_monthly_panel() -> None:
    panel = ts.load_trade_panel(flow="imports", freq="M")
    event = ts.us_russia()["full_scale_invasion_ukraine"]
    fit = synthetic_control(panel, "Russia", event, window=36, horizon=12)
    assert str(fit.shock_period) == "2022-02"
    assert len(fit.post_periods) == 13
    assert fit.weights.sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- placebo


def placebo_ratio(panel: pd.DataFrame, unit: str, pool: list[str]) -> float:
    """The unit's post/pre RMSPE ratio refitted here with the rest of the pool as donors."""
    others = [u for u in pool if u != unit]
    fit = synthetic_control(panel, unit, "1995", window=12, donors=others, transform="level")
    pre = np.sqrt(np.mean(fit.gap.iloc[:12] ** 2))
    post = np.sqrt(np.mean(fit.gap.iloc[12:] ** 2))
    return float(post / pre)


def placebo_standardized(panel: pd.DataFrame, unit: str, pool: list[str]) -> float:
    others = [u for u in pool if u != unit]
    fit = synthetic_control(panel, unit, "1995", window=12, donors=others, transform="level")
    pre = np.sqrt(np.mean(fit.gap.iloc[:12] ** 2))
    return float(fit.gap.iloc[12:].mean() / pre)


def test_placebo_pvalue_is_the_rank_rule() -> None:
    rng = np.random.default_rng(11)
    panel = factor_panel(rng, 20, 8, noise=1.5)
    fit = synthetic_control(panel, "u0", "1995", window=12, transform="level")
    test = fit.placebo()
    pool = ["u0", *fit.donors]
    assert list(test.ratios.index) == pool
    assert test.n_units == 8
    recomputed = pd.Series({u: placebo_ratio(panel, u, pool) for u in pool})
    np.testing.assert_allclose(test.ratios, recomputed, rtol=1e-7)
    expected = float((recomputed >= recomputed["u0"]).mean())
    assert test.pvalue == pytest.approx(expected)
    assert float(test) == test.pvalue
    assert test.rank == int((recomputed >= recomputed["u0"]).sum())
    assert test.ratios["u0"] == pytest.approx(fit.rmspe_ratio)
    # the one-sided companion: mean post gap / pre RMSPE, refitted here, falls as large or larger
    standardized = pd.Series({u: placebo_standardized(panel, u, pool) for u in pool})
    np.testing.assert_allclose(test.standardized_gaps, standardized, rtol=1e-7)
    assert test.pvalue_fall == pytest.approx(float((standardized <= standardized["u0"]).mean()))
    np.testing.assert_allclose(test.gaps["u0"], fit.gap, atol=1e-10)


def test_large_injected_effect_gets_the_smallest_pvalue() -> None:
    rng = np.random.default_rng(5)
    panel = factor_panel(rng, 30, 15)
    panel.loc["2000":, "u3"] -= 40  # a large drop from 2000 on
    test = synthetic_control(panel, "u3", "2000", window=20).placebo()
    assert test.pvalue == pytest.approx(1 / 15)
    assert test.rank == 1
    assert test.pvalue_fall == pytest.approx(1 / 15)
    # a large rise is as unusual by the two-sided ratio, and not a fall at all
    panel.loc["2000":, "u3"] += 80
    risen = synthetic_control(panel, "u3", "2000", window=20).placebo()
    assert risen.pvalue == pytest.approx(1 / 15)
    assert risen.pvalue_fall == pytest.approx(1.0)


def test_placebo_pvalues_are_roughly_uniform_without_an_effect() -> None:
    """300 random exchangeable panels of 10 units: p takes 0.1, 0.2, ..., 1 about equally."""
    rng = np.random.default_rng(2024)
    pvalues: list[float] = []
    falls: list[float] = []
    for _ in range(300):
        panel = factor_panel(rng, 18, 10, noise=1.0)
        test = synthetic_control(panel, "u0", "1992", window=12).placebo()
        pvalues.append(test.pvalue)
        falls.append(test.pvalue_fall)
    p = np.array(pvalues)
    # under the null P(p <= k/10) = k/10; 300 draws: allow about 3 binomial standard errors
    for k in (1, 3, 5, 8):
        share = float(np.mean(p <= k / 10 + 1e-12))
        assert abs(share - k / 10) < 3 * np.sqrt(k / 10 * (1 - k / 10) / 300) + 0.01, (k, share)
    assert 0.45 < p.mean() < 0.65
    share = float(np.mean(np.array(falls) <= 0.1 + 1e-12))
    assert abs(share - 0.1) < 3 * np.sqrt(0.09 / 300) + 0.01


def test_perfect_prefit_placebos_tie_instead_of_ranking_rounding_noise() -> None:
    """More donors than periods: exact fits have RMSPE ~1e-14; they tie at inf."""
    panel = ts.load_trade_panel(flow="imports")
    fit = synthetic_control(panel, "Russia", "2014", window=8, horizon=5)
    test = fit.placebo()
    assert fit.rmspe_ratio == np.inf
    assert np.isinf(test.ratios).sum() > 1
    assert test.pvalue == pytest.approx(float((test.ratios >= np.inf).mean()))
    assert "proves little" in fit.summary()


# --------------------------------------------------------------------------- bad input


def test_unknown_treated_suggests_columns() -> None:
    panel = ts.load_trade_panel(flow="imports")
    with pytest.raises(UnknownPartnerError, match="Rusia") as info:
        synthetic_control(panel, "Rusia", "2014")
    assert "Russia" in info.value.suggestions
    with pytest.raises(UnknownPartnerError, match="donors"):
        synthetic_control(panel, "Russia", "2014", donors=["China", "Chinna"])


def test_insufficient_data_says_what_is_missing() -> None:
    panel = ts.load_trade_panel(flow="imports")
    with pytest.raises(InsufficientDataError, match="at least 2"):
        synthetic_control(panel, "Russia", "2014", window=5, donors=["China"])
    with pytest.raises(InsufficientDataError, match="at least 3"):
        synthetic_control(panel, "Russia", "2014", window=2)
    with pytest.raises(InsufficientDataError, match="1985"):
        synthetic_control(panel, "Russia", "1995", window=12)
    gappy = panel.copy()
    gappy.loc["2011", "Russia"] = np.nan
    with pytest.raises(InsufficientDataError, match="2011"):
        synthetic_control(gappy, "Russia", "2014", window=5)
    with pytest.raises(InsufficientDataError, match="only 2 complete"):
        synthetic_control(gappy, "Russia", "2014")
    after = panel.copy()
    after.loc["2016", "Russia"] = np.nan
    with pytest.raises(InsufficientDataError, match="after the shock: no value in 2016"):
        synthetic_control(after, "Russia", "2014", window=5, horizon=5)
    with pytest.raises(InsufficientDataError, match="no value in 1985"):
        synthetic_control(panel, "Russia", "2014", window=29)
    with pytest.raises(InsufficientDataError, match="outside"):
        synthetic_control(panel, "Russia", "2040")


def test_bad_index_or_arguments_are_validation_errors() -> None:
    panel = ts.load_trade_panel(flow="imports").loc["2000":]
    as_dates = panel.set_axis(panel.index.to_timestamp(), axis=0)
    with pytest.raises(ValidationError, match="PeriodIndex"):
        synthetic_control(as_dates, "Russia", "2014")
    mixed = panel.iloc[:3].set_axis(
        pd.Index([pd.Period("2000", "Y"), pd.Period("2001-01", "M"), pd.Period("2002", "Y")]),
        axis=0,
    )
    with pytest.raises(ValidationError, match="PeriodIndex"):
        synthetic_control(mixed, "Russia", "2001")
    with pytest.raises(ValidationError, match="transform"):
        synthetic_control(panel, "Russia", "2014", transform="pct")
    with pytest.raises(ValidationError, match="window"):
        synthetic_control(panel, "Russia", "2014", window=4.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="DataFrame"):
        synthetic_control(panel["Russia"], "Russia", "2014")  # type: ignore[arg-type]


def test_poor_prefit_is_reported_not_an_error() -> None:
    rng = np.random.default_rng(9)
    panel = factor_panel(rng, 20, 4)
    panel["odd"] = 50 + 30 * np.sin(np.arange(20) * 2.0)  # nothing like the donors
    fit = synthetic_control(panel, "odd", "1995", window=12)
    assert isinstance(fit, SyntheticControl)
    assert fit.poor_fit
    assert fit.pre_rmspe_relative > 0.1
    assert "Poor pre-fit" in fit.summary()


def test_public_names() -> None:
    assert ts.synthetic_control is synthetic_control
    assert ts.SyntheticControl is SyntheticControl

"""Known answers on the real bundled U.S.–Russia annual series, computed by hand (docs/methods.md).

Every number typed below was READ from the project's raw-derived files, never estimated:
- Russia: ../shared/data/census/russia_annual.csv (columns exports_musd, imports_musd; 1992-2023
  from Census country.xlsx, S1). total = exports + imports.
- Canada: ../shared/data/census/canada_annual.csv (same source).
- Brent: ../shared/data/oil_prices/brent_annual.csv (EIA RBRTE annual, USD per barrel).
Each test first checks that the bundled loaders return exactly those numbers, then checks the
metric against the arithmetic written in its comments.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.resilience import resilience_table, shock_response

# russia_annual.csv, year: (exports_musd, imports_musd)
RUSSIA = {
    1995: (2823.4, 4030.1),
    1996: (3345.8, 3576.9),
    1997: (3364.8, 4319.0),
    1998: (3552.7, 5747.2),
    1999: (2059.8, 5920.7),
    2000: (2092.5, 7658.5),
    2001: (2716.2, 6264.4),
    2002: (2396.9, 6870.1),
    2003: (2447.2, 8617.9),
    2004: (2961.0, 11891.3),
    2005: (3962.3, 15306.7),
    2006: (4700.3, 19828.3),
    2007: (7283.3, 19314.2),
    2008: (9334.6, 26783.0),
    2009: (5332.1, 18199.7),
    2010: (5993.7, 25691.1),
    2011: (8318.4, 34619.0),
    2012: (10695.3, 29364.8),
    2013: (11144.7, 27085.7),
    2014: (10752.4, 23659.6),
    2015: (7086.5, 16372.4),
    2016: (5831.1, 14543.4),
    2017: (7002.9, 17055.4),
}
# canada_annual.csv, year: exports_musd + imports_musd
CANADA_TOTAL = {
    2011: 281291.5 + 315324.8,
    2012: 292650.5 + 324263.0,
    2013: 300754.9 + 332503.6,
    2014: 312817.0 + 349286.1,
    2015: 280855.2 + 296305.1,
    2016: 266734.5 + 277719.8,
    2017: 282773.8 + 299065.4,
}
# brent_annual.csv, year: usd_per_barrel
BRENT = {
    1999: 17.9,
    2000: 28.66,
    2001: 24.46,
    2002: 24.99,
    2003: 28.85,
    2004: 38.26,
    2005: 54.57,
    2006: 65.16,
    2007: 72.44,
    2008: 96.94,
    2009: 61.74,
    2010: 79.61,
    2011: 111.26,
}


def exports(year: int) -> float:
    return RUSSIA[year][0]


def imports(year: int) -> float:
    return RUSSIA[year][1]


def total(year: int) -> float:
    return RUSSIA[year][0] + RUSSIA[year][1]


def P(year: int) -> pd.Period:
    return pd.Period(str(year), freq="Y")


@pytest.fixture(scope="module")
def russia() -> pd.DataFrame:
    trade = ts.load_trade("Russia")
    for year, (exp, imp) in RUSSIA.items():
        assert trade.loc[P(year), "exports"] == pytest.approx(exp, abs=1e-6)
        assert trade.loc[P(year), "imports"] == pytest.approx(imp, abs=1e-6)
        assert trade.loc[P(year), "total"] == pytest.approx(exp + imp, abs=1e-6)
    return trade


@pytest.fixture(scope="module")
def timeline() -> ts.Timeline:
    return ts.us_russia()


def test_pre_mean_crimea_total_censored(russia: pd.DataFrame, timeline: ts.Timeline) -> None:
    # Crimea annexation 2014-02-20 -> s = 2014; W = 2011-2013; P = 2014-2017 (horizon 3).
    # b = (42937.4 + 40060.1 + 38230.4) / 3 = 40409.3
    # y over P = 34412.0, 23458.9, 20374.5, 24058.3 (all below b: never recovers -> censored)
    # depth = 20374.5 / 40409.3 - 1 = -0.49580 at 2016 (time_to_trough 2)
    # cumulative_loss = 4 * 40409.3 - (34412.0 + 23458.9 + 20374.5 + 24058.3) = 59333.5
    # relative_loss = 59333.5 / (4 * 40409.3); half_life: 2017 gap -0.4046 < depth/2 -> None
    b = (total(2011) + total(2012) + total(2013)) / 3
    r = shock_response(russia["total"], timeline["crimea_annexation"], horizon=3)
    assert r.shock_period == P(2014)
    assert r.baseline_value == pytest.approx(b)
    assert r.depth == pytest.approx(total(2016) / b - 1)
    assert (r.trough, r.time_to_trough) == (P(2016), 2)
    assert (r.recovered, r.recovery, r.time_to_recovery) == (False, None, None)
    loss = 4 * b - sum(total(y) for y in range(2014, 2018))
    assert r.cumulative_loss == pytest.approx(loss)
    assert r.cumulative_loss == pytest.approx(59333.5)
    assert r.relative_loss == pytest.approx(loss / (4 * b))
    assert r.half_life is None


def test_pre_mean_1998_crisis_exports_recovered(
    russia: pd.DataFrame, timeline: ts.Timeline
) -> None:
    # Russian financial crisis 1998-08-17 -> s = 1998; W = 1995-1997; P = 1998-2006.
    # b = (2823.4 + 3345.8 + 3364.8) / 3 = 3178.0
    # 1998: 3552.7 (above b); trough 1999: depth = 2059.8 / 3178.0 - 1 = -0.35186
    # first year >= b from 1999 on: 2005 (3962.3) -> time_to_recovery 7
    # loss over 1998-2004 = 0 + sum(3178.0 - y) for 1999-2004
    #   = 6 * 3178.0 - (2059.8 + 2092.5 + 2716.2 + 2396.9 + 2447.2 + 2961.0) = 4394.4
    # relative_loss = 4394.4 / (7 * 3178.0)  (b summed over 1998-2004)
    # half_life: depth/2 = -0.17593; 2000: -0.3416, 2001: 2716.2/3178 - 1 = -0.1453 -> 2 years
    b = (exports(1995) + exports(1996) + exports(1997)) / 3
    r = shock_response(russia["exports"], timeline["russia_financial_crisis_1998"], horizon=8)
    assert r.baseline_value == pytest.approx(b)
    assert r.depth == pytest.approx(exports(1999) / b - 1)
    assert (r.trough, r.time_to_trough) == (P(1999), 1)
    assert (r.recovered, r.recovery, r.time_to_recovery) == (True, P(2005), 7)
    loss = sum(b - exports(y) for y in range(1999, 2005))
    assert r.cumulative_loss == pytest.approx(loss)
    assert r.cumulative_loss == pytest.approx(4394.4)
    assert r.relative_loss == pytest.approx(loss / (7 * b))
    assert r.half_life == 2


def test_pre_mean_crimea_to_the_end_troughs_in_2024(russia: pd.DataFrame) -> None:
    # horizon="end": P = 2014-2025; the lowest total is 2024 (528.3 + 3007.8 = 3536.1, S2 row
    # of russia_annual.csv); b = 40409.3 as above -> depth = 3536.1 / 40409.3 - 1
    r = shock_response(russia["total"], "2014-02-20", horizon="end")
    b = (total(2011) + total(2012) + total(2013)) / 3
    assert (r.trough, r.time_to_trough, r.recovered) == (P(2024), 10, False)
    assert r.depth == pytest.approx((528.3 + 3007.8) / b - 1)


def test_pre_last_financial_crisis_total(russia: pd.DataFrame, timeline: ts.Timeline) -> None:
    # Global financial crisis 2008-09-15 with lag=1 -> s = 2009; P = 2009-2012 (horizon 3).
    # b = total 2008 = 9334.6 + 26783.0 = 36117.6
    # 2009: 23531.8 -> depth = 23531.8 / 36117.6 - 1 = -0.34847 (trough 2009)
    # 2010: 31684.8 < b; 2011: 42937.4 >= b -> recovery 2011, time_to_recovery 2
    # loss = (36117.6 - 23531.8) + (36117.6 - 31684.8) = 17018.6; relative = 17018.6 / (2 * b)
    # half_life: 2010 gap = 31684.8 / 36117.6 - 1 = -0.1227 >= -0.1742 -> 1
    b = total(2008)
    r = shock_response(
        russia["total"], timeline["global_financial_crisis"], lag=1, horizon=3, baseline="pre_last"
    )
    assert r.shock_period == P(2009)
    assert r.baseline_value == pytest.approx(b)
    assert r.depth == pytest.approx(total(2009) / b - 1)
    assert (r.trough, r.recovery, r.time_to_recovery, r.recovered) == (P(2009), P(2011), 2, True)
    assert r.cumulative_loss == pytest.approx(17018.6)
    assert r.relative_loss == pytest.approx(17018.6 / (2 * b))
    assert r.half_life == 1


def test_trend_crimea_imports(russia: pd.DataFrame, timeline: ts.Timeline) -> None:
    # s = 2014; W = 2011-2013 at t = -3, -2, -1; P = 2014-2016 (horizon 2).
    # l = ln imports: ln 34619.0, ln 29364.8, ln 27085.7. For 3 equally spaced points the OLS
    # slope is (l3 - l1) / 2 and the line at t = h is mean(l) + (2 + h) * slope.
    # b_2014 = exp(mean(l) + 2 slope), b_2015 = exp(mean(l) + 3 slope), b_2016: + 4 slope
    # gaps: 23659.6 / b_2014 - 1 (b_2014 is about 23634: a small positive gap), 16372.4 / b_2015 - 1
    # (the min: trough 2015), 14543.4 / b_2016 - 1. No year from the trough on reaches b ->
    # censored; loss = sum(max(b - y, 0)) over 2014-2016 (2014 adds nothing).
    logs = [math.log(imports(y)) for y in (2011, 2012, 2013)]
    slope = (logs[2] - logs[0]) / 2
    b = {2014 + h: math.exp(sum(logs) / 3 + (2 + h) * slope) for h in range(3)}
    gaps = {y: imports(y) / b[y] - 1 for y in b}
    r = shock_response(
        russia["imports"], timeline["crimea_annexation"], baseline="trend", horizon=2
    )
    assert r.baseline_value == pytest.approx(sum(b.values()) / 3)
    assert r.depth == pytest.approx(min(gaps.values()))
    assert min(gaps, key=gaps.__getitem__) == 2015
    assert (r.trough, r.time_to_trough, r.recovered) == (P(2015), 1, False)
    assert gaps[2014] > 0
    loss = sum(max(b[y] - imports(y), 0) for y in b)
    assert r.cumulative_loss == pytest.approx(loss)
    assert r.relative_loss == pytest.approx(loss / sum(b.values()))
    assert r.half_life is None  # 2016 gap is below depth / 2


def test_reference_canada_crimea_total(russia: pd.DataFrame, timeline: ts.Timeline) -> None:
    # R = U.S.-Canada total trade. share = mean(Russia total / Canada total over 2011-2013)
    #   = mean(42937.4 / 596616.3, 40060.1 / 616913.5, 38230.4 / 633258.5)
    # b_t = Canada total_t * share for 2014-2017 (horizon 3); trough where total_t / b_t is lowest.
    canada = ts.load_trade("Canada")["total"]
    for year, value in CANADA_TOTAL.items():
        assert canada.loc[P(year)] == pytest.approx(value, abs=1e-6)
    share = sum(total(y) / CANADA_TOTAL[y] for y in (2011, 2012, 2013)) / 3
    b = {y: CANADA_TOTAL[y] * share for y in range(2014, 2018)}
    gaps = {y: total(y) / b[y] - 1 for y in b}
    r = shock_response(
        russia["total"],
        timeline["crimea_annexation"],
        baseline="reference",
        reference=canada,
        horizon=3,
    )
    assert r.baseline_value == pytest.approx(sum(b.values()) / 4)
    assert r.depth == pytest.approx(min(gaps.values()))
    assert (r.trough, r.recovered) == (P(min(gaps, key=gaps.__getitem__)), False)
    assert r.trough == P(2016)
    loss = sum(b[y] - total(y) for y in b)
    assert r.cumulative_loss == pytest.approx(loss)
    assert r.relative_loss == pytest.approx(loss / sum(b.values()))


def test_regression_on_brent_financial_crisis_imports(
    russia: pd.DataFrame, timeline: ts.Timeline
) -> None:
    # ln imports on ln Brent over W = 1999-2008 (the regression's default window: 10 years,
    # 5 observations per coefficient), s = 2009 (lag 1), P = 2009-2011 (horizon 2):
    # beta = sum((x - mean x)(l - mean l)) / sum((x - mean x)^2); alpha = mean l - beta mean x
    # b_t = exp(alpha + beta ln Brent_t), Brent 2009-2011 = 61.74, 79.61, 111.26.
    brent = ts.load_oil_price("brent", freq="Y")
    for year, value in BRENT.items():
        assert brent.loc[P(year)] == pytest.approx(value, abs=1e-9)
    years = range(1999, 2009)
    xs = [math.log(BRENT[y]) for y in years]
    ls = [math.log(imports(y)) for y in years]
    mx, ml = sum(xs) / 10, sum(ls) / 10
    beta = sum((x - mx) * (v - ml) for x, v in zip(xs, ls, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    alpha = ml - beta * mx
    b = {y: math.exp(alpha + beta * math.log(BRENT[y])) for y in (2009, 2010, 2011)}
    gaps = {y: imports(y) / b[y] - 1 for y in b}
    r = shock_response(
        russia["imports"],
        timeline["global_financial_crisis"],
        lag=1,
        horizon=2,
        baseline="regression",
        covariates=brent,
    )
    assert r.options.window == 10
    assert r.baseline_value == pytest.approx(sum(b.values()) / 3)
    assert r.depth == pytest.approx(min(gaps.values()))
    fitted = [alpha + beta * x for x in xs]
    ss_res = sum((v - f) ** 2 for v, f in zip(ls, fitted, strict=True))
    ss_tot = sum((v - ml) ** 2 for v in ls)
    assert r.diagnostics["n"] == 10
    assert r.diagnostics["coefficients"]["brent"] == pytest.approx(beta)
    assert r.diagnostics["coefficients"]["intercept"] == pytest.approx(alpha)
    assert r.diagnostics["r2"] == pytest.approx(1 - ss_res / ss_tot)
    assert r.diagnostics["resid_se"] == pytest.approx(math.sqrt(ss_res / 8))
    if r.depth < 0:
        assert r.trough == P(min(gaps, key=lambda y: gaps[y]))
    else:  # imports at or above the oil-predicted level: what oil explains, no drop
        assert (r.trough, r.recovery, r.dropped) == (None, None, False)
        assert r.status.startswith("no drop")
    # Brent 2011 (111.26) is above every Brent of W (max 96.94): the fit extrapolates
    assert "covariates outside the window's range (extrapolation)" in r.status


def test_table_on_russia_and_full_timeline(russia: pd.DataFrame, timeline: ts.Timeline) -> None:
    table = resilience_table(russia[["exports", "imports", "total"]], timeline, horizon=3)
    assert len(table) == 3 * len(timeline)
    crimea = table[(table["event"] == "crimea_annexation") & (table["series"] == "total")]
    assert crimea["depth"].iloc[0] == pytest.approx(
        total(2016) / ((total(2011) + total(2012) + total(2013)) / 3) - 1
    )
    # events before 1995 have no 3-year window in data starting 1992
    early = table[table["event"] == "ussr_dissolution"]
    assert set(early["status"]) == {"shock outside data"}

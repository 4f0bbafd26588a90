"""tradeshock.robustness and the synthetic-control baseline (issue 12 items 1 and 3)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.cli import main


@pytest.fixture(scope="module")
def crimea() -> ts.Event:
    return ts.us_russia()["crimea_annexation"]


@pytest.fixture(scope="module")
def imports_panel() -> pd.DataFrame:
    return ts.load_trade_panel(flow="imports")


def test_synthetic_baseline_is_the_synthetic_control_in_levels(
    crimea: ts.Event, imports_panel: pd.DataFrame
) -> None:
    imports = ts.load_trade("Russia")["imports"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.ResponseWarning)
        r = ts.shock_response(imports, crimea, baseline="synthetic", donors=imports_panel)
    path = ts.counterfactual(imports, crimea, baseline="synthetic", donors=imports_panel)
    # independently: the synthetic control of the Russia column, window 10, horizon 5
    fit = ts.synthetic_control(imports_panel, "Russia", crimea, window=10, horizon=5)
    level = imports.loc["2004":"2013"].mean()
    expected = fit.synthetic.loc["2014":"2019"] * level / 100
    assert np.allclose(path.to_numpy(), expected.to_numpy(), rtol=1e-9)
    assert r.baseline_method == "synthetic"
    assert r.options.window == 10
    weights = r.options.donor_weights
    assert weights is not None
    pd.testing.assert_series_equal(weights, fit.weights, check_exact=False, rtol=1e-9)
    gaps = imports.loc["2014":"2019"].to_numpy() / expected.to_numpy() - 1
    assert r.depth == pytest.approx(gaps.min())


def test_synthetic_table_equals_the_loop(crimea: ts.Event, imports_panel: pd.DataFrame) -> None:
    columns = ["Russia", "Canada", "Iran"]
    table = ts.resilience_table(
        imports_panel[columns],
        [crimea],
        baseline="synthetic",
        donors=imports_panel,
        confounders=(),
    )
    for row, column in zip(table.itertuples(index=False), columns, strict=True):
        expected = ts.shock_response(
            imports_panel[column],
            crimea,
            baseline="synthetic",
            donors=imports_panel,
            confounders=(),
        )
        assert row.status == expected.status
        assert row.depth == pytest.approx(expected.depth, rel=1e-9)


def test_synthetic_needs_donors(crimea: ts.Event) -> None:
    imports = ts.load_trade("Russia")["imports"]
    with pytest.raises(ts.ValidationError, match="needs donors="):
        ts.shock_response(imports, crimea, baseline="synthetic")
    with pytest.raises(ts.ValidationError, match="donors must be a DataFrame"):
        ts.shock_response(imports, crimea, baseline="synthetic", donors=imports)  # type: ignore[arg-type]


def test_robustness_frame_and_verdict_recomputed(crimea: ts.Event) -> None:
    total = ts.load_trade("Russia")["total"]
    brent = ts.load_oil_price("brent", freq="Y").rename("brent")
    check = ts.robustness(total, crimea, covariates=brent)
    frame = check.frame
    expected_specs = [(b, w) for b in ("pre_mean", "pre_last", "trend") for w in (2, 3, 4, 5)]
    expected_specs += [("regression", w) for w in (10, 11, 12, 13)]
    assert list(zip(frame["baseline"], frame["window"], strict=True)) == expected_specs
    depths = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.ResponseWarning)
        for name, window in expected_specs:
            extra = {"covariates": brent} if name == "regression" else {}
            depths.append(ts.shock_response(total, crimea, baseline=name, window=window, **extra))
    assert frame["depth"].tolist() == pytest.approx([r.depth for r in depths])
    n_fell = sum(r.dropped for r in depths)
    n_recovered = sum(r.recovered for r in depths)
    assert n_fell == len(depths) == check.n_specifications == 16
    hi, lo = max(r.depth for r in depths), min(r.depth for r in depths)
    assert check.verdict == (
        f"fell under all 16 specifications; depth −{-100 * hi:.0f} % to −{-100 * lo:.0f} %; "
        f"recovered under {n_recovered} of 16"
    )
    assert repr(check).startswith("Robustness(2014: fell under all 16")
    assert "regression: depth" in check.summary()
    assert "<b>Robustness" in check._repr_html_()


def test_robustness_with_donors_and_monthly_windows(imports_panel: pd.DataFrame) -> None:
    crimea = ts.us_russia()["crimea_annexation"]
    imports = ts.load_trade("Russia")["imports"]
    check = ts.robustness(imports, crimea, donors=imports_panel)
    assert "synthetic" in set(check.frame["baseline"])
    assert list(check.frame.loc[check.frame["baseline"] == "synthetic", "window"]) == [3, 4, 5, 6]
    monthly = ts.load_trade("Russia", freq="M")["exports"]
    check_m = ts.robustness(monthly, crimea, transform="rolling12")
    assert set(check_m.frame["window"]) == {12, 24, 36}
    assert check_m.n_specifications == 9


def test_robustness_reports_what_it_cannot_compute() -> None:
    y = pd.Series(
        [10.0, 10, 10, 5, 6], index=pd.period_range("2000", periods=5, freq="Y", name="period")
    )
    check = ts.robustness(y, "2003")  # windows 4 and 5 start before the data
    assert check.n_failed == 6
    assert check.verdict.endswith("; 6 more could not be computed")
    failed = check.frame[check.frame["depth"].isna()]
    assert failed["status"].str.startswith("not computed: window=").all()


def test_cli_report_robust_and_synthetic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--robust", "--events", "crimea_annexation", "--flow", "total"]) == 0
    out = capsys.readouterr().out
    assert "crimea_annexation (total): fell under all 24 specifications" in out
    assert (
        main(
            [
                "report",
                "--robust",
                "--events",
                "crimea_annexation",
                "--flow",
                "total",
                "--format",
                "json",
            ]
        )
        == 0
    )
    records = json.loads(capsys.readouterr().out)
    assert {r["baseline"] for r in records} == {
        "pre_mean",
        "pre_last",
        "trend",
        "reference",
        "regression",
        "synthetic",
    }
    assert (
        main(
            [
                "report",
                "--baseline",
                "synthetic",
                "--events",
                "crimea_annexation",
                "--flow",
                "imports",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert "synthetic" in capsys.readouterr().out

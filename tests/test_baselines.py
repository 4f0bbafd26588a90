"""Baselines as strategies: names and objects give the same responses; options are recorded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.baselines import (
    BASELINES,
    REGISTRY,
    BaselineFit,
    BaselineInputs,
    PreMeanBaseline,
    resolve_baseline,
)
from tradeshock.resilience import FIELDS


def annual(values: list[float], start: str = "2000") -> pd.Series:
    index = pd.period_range(start, periods=len(values), freq="Y", name="period")
    return pd.Series(values, index=index, dtype=float, name="y")


Y = annual([10, 11, 12, 13, 12, 14, 13, 12, 14, 15, 16, 11, 10, 12, 15, 17])
WORLD = annual([100, 104, 110, 115, 112, 120, 118, 116, 121, 125, 130, 100, 105, 118, 130, 138])
OIL = annual([30, 35, 33, 40, 50, 45, 41, 39, 47, 52, 55, 30, 38, 44, 60, 58])
OPTIONS = {
    "pre_mean": {},
    "pre_last": {},
    "trend": {},
    "reference": {"reference": WORLD},
    "regression": {"covariates": OIL},
}


def test_registry_lists_every_builtin_baseline_in_order() -> None:
    assert BASELINES == ("pre_mean", "pre_last", "trend", "reference", "regression", "synthetic")
    assert tuple(REGISTRY) == BASELINES
    for name, cls in REGISTRY.items():
        assert cls().name == name
        assert isinstance(cls(), ts.Baseline)
        assert resolve_baseline(name) == cls()


@pytest.mark.parametrize("name", list(OPTIONS))
def test_object_and_name_give_the_same_response(name: str) -> None:
    by_name = ts.shock_response(Y, "2011", baseline=name, **OPTIONS[name])  # type: ignore[arg-type]
    by_object = ts.shock_response(Y, "2011", baseline=REGISTRY[name](), **OPTIONS[name])  # type: ignore[arg-type]
    assert by_name == by_object
    assert by_name.baseline_method == name
    table = ts.resilience_table(Y.to_frame(), ["2011"], baseline=REGISTRY[name](), **OPTIONS[name])  # type: ignore[arg-type]
    row = table.iloc[0]
    assert row["status"] == by_name.status
    for field in FIELDS:
        expected, got = getattr(by_name, field), row[field]
        if expected is None:
            assert pd.isna(got), field
        elif isinstance(expected, float):
            assert got == pytest.approx(expected, rel=1e-12)
        else:
            assert got == expected, field


def test_pre_mean_is_the_window_mean_computed_here() -> None:
    window = np.array([[1.0, 4.0], [2.0, 5.0], [6.0, 6.0]])
    baseline = PreMeanBaseline()
    fit = baseline.fit(window, BaselineInputs(), s=3)
    path = baseline.predict(fit, BaselineInputs(), s=3, stop=6)
    assert path.shape == (1, 2)
    assert path[0].tolist() == pytest.approx([3.0, 5.0])


def test_unknown_baselines_are_rejected_with_the_names() -> None:
    with pytest.raises(ts.ValidationError, match="is unknown; use one of"):
        ts.shock_response(Y, "2011", baseline="median")
    with pytest.raises(ts.ValidationError, match="is unknown; use one of"):
        ts.shock_response(Y, "2011", baseline=3.5)  # type: ignore[arg-type]


def test_a_custom_baseline_needs_only_the_protocol() -> None:
    class Half(PreMeanBaseline):
        name = "half_mean"

        def fit(self, window_values: np.ndarray, inputs: BaselineInputs, s: int) -> BaselineFit:
            base = super().fit(window_values, inputs, s)
            return BaselineFit({"level": base.params["level"] / 2}, base.usable)

    r = ts.shock_response(annual([4, 4, 4, 1, 2]), "2003", baseline=Half())
    assert r.baseline_method == "half_mean"
    assert r.baseline_value == pytest.approx(2.0)
    assert r.depth == pytest.approx(-0.5)


def test_response_records_its_options() -> None:
    r = ts.shock_response(Y, "2005", baseline="trend", window=4, horizon=3, threshold=0.9, lag=1)
    assert r.options == ts.ResponseOptions("trend", 4, 3, 0.9, 1)
    assert r.options.donor_weights is None
    assert "baseline trend, window 4, horizon 3" in r.options.summary()
    table = ts.resilience_table(Y, ["2005"], baseline="trend", window=4, horizon=3)
    assert table.attrs["options"]["window"] == 4
    assert table.attrs["options"]["baseline"] == "trend"

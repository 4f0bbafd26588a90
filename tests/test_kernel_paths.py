"""The fast paths of the vectorised kernel agree with the scalar reference (shock_response).

Each case builds a small panel whose columns hit one shortcut of ``_kernel.block_response``
(a constant baseline kept as one row, the rare NaN/inf fixes guarded by ``any()``, integer
status codes) and checks every field of every row against a loop of ``shock_response``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tradeshock.errors import InsufficientDataError, ValidationError
from tradeshock.resilience import FIELDS, resilience_table, shock_response


def annual_panel(columns: dict[str, list[float]]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    index = pd.period_range("2000", periods=n, freq="Y", name="period")
    return pd.DataFrame(columns, index=index, dtype=float)


def is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT


def same(expected: Any, got: Any) -> bool:
    if expected is None:
        return is_missing(got)
    if is_missing(got):
        return False
    if isinstance(expected, float):
        if math.isnan(expected):
            return bool(isinstance(got, float) and math.isnan(got))
        return bool(got == pytest.approx(expected, rel=1e-12, abs=1e-12))
    return bool(expected == got)


def assert_table_matches_loop(panel: pd.DataFrame, shock: str, **kwargs: Any) -> pd.DataFrame:
    table = resilience_table(panel, [shock], **kwargs)
    for row, column in zip(table.itertuples(index=False), panel.columns, strict=True):
        got = row._asdict()
        try:
            expected = shock_response(panel[column], shock, **kwargs)
        except (InsufficientDataError, ValidationError):
            assert got["status"] != "ok", column
            assert math.isnan(got["depth"]), column
            continue
        assert got["status"] == expected.status, (column, got["status"])
        for name in FIELDS:
            assert same(getattr(expected, name), got[name]), (column, name)
    return table


@pytest.mark.parametrize("baseline", ["pre_mean", "pre_last", "trend"])
def test_constant_and_varying_baselines_match_the_loop(baseline: str) -> None:
    panel = annual_panel(
        {
            "v": [10, 10, 10, 6, 8, 10, 12],
            "l": [9, 10, 11, 5, 6, 7, 8],  # never recovers: censored
            "flat": [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],  # gaps of float noise snap to 0
            "gap": [4, 4, 4, np.nan, 2, np.nan, 5],  # NaN inside P is skipped
        }
    )
    assert_table_matches_loop(panel, "2003", baseline=baseline)


def test_statuses_keep_their_priority() -> None:
    panel = annual_panel(
        {
            "ok": [2, 2, 2, 1, 2, 2],
            "zero": [0, 0, 0, 1, 1, 1],  # b = 0: non-positive baseline, not "no data after"
            "negative": [-1, -1, -1, np.nan, np.nan, np.nan],  # non-positive wins over no data
            "hole": [2, np.nan, 2, 1, 2, 2],  # incomplete window wins over everything
            "after": [2, 2, 2, np.nan, np.nan, np.nan],
        }
    )
    table = assert_table_matches_loop(panel, "2003")
    assert table["status"].tolist() == [
        "ok",
        "non-positive baseline",
        "non-positive baseline",
        "incomplete window",
        "no data after shock",
    ]


@pytest.mark.filterwarnings("error::RuntimeWarning")  # overflow is handled, never warned
def test_overflowing_gaps_and_baselines_are_skipped_like_the_loop() -> None:
    tiny = 5e-324  # the smallest subnormal: y / b overflows to inf
    panel = annual_panel(
        {
            "overflow_gap": [tiny, tiny, tiny, 0.0, 1e300, tiny, tiny],
            "plain": [3, 3, 3, 1, 2, 3, 3],
        }
    )
    table = assert_table_matches_loop(panel, "2003", baseline="pre_last")
    # b = tiny; 2003: y = 0, g = -1 (the trough); 2004: y/b overflows to inf and is skipped,
    # so it is not a recovery; 2005: y = b, g = 0 recovers
    assert table.loc[0, "trough"] == pd.Period("2003", "Y")
    assert table.loc[0, "recovery"] == pd.Period("2005", "Y")


@pytest.mark.filterwarnings("error::RuntimeWarning")  # overflow is handled, never warned
def test_trend_baseline_that_overflows_is_skipped_like_the_loop() -> None:
    # ln y rises by ~690 a year: exp of the extrapolated line overflows after the shock
    panel = annual_panel({"boom": [1e-300, 1.0, 1e300, 1.0, 2.0], "calm": [1, 2, 4, 3, 8]})
    assert_table_matches_loop(panel, "2003", baseline="trend")


def assert_events_match_loop(panel: pd.DataFrame, shocks: list[str], **kwargs: Any) -> None:
    """Every (event, column) row of one table equals shock_response on that pair."""
    table = resilience_table(panel, shocks, **kwargs)
    k = len(panel.columns)
    for i, shock in enumerate(shocks):
        rows = table.iloc[i * k : (i + 1) * k].reset_index(drop=True)
        for row, column in zip(rows.itertuples(index=False), panel.columns, strict=True):
            got = row._asdict()
            try:
                expected = shock_response(panel[column], shock, **kwargs)
            except (InsufficientDataError, ValidationError):
                assert math.isnan(got["depth"]), (shock, column)
                continue
            assert got["status"] == expected.status, (shock, column, got["status"])
            for name in FIELDS:
                assert same(getattr(expected, name), got[name]), (shock, column, name)


@pytest.mark.parametrize("baseline", ["pre_mean", "pre_last", "trend"])
@pytest.mark.parametrize("horizon", [None, 4, "end"])
def test_stacked_events_match_the_loop(
    baseline: str, horizon: int | str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shift-free baselines lay many events side by side in blocks, padded after each span:
    spans cut by the end of the data, NaN gaps, overflow and blocks split by columns (tiny
    blocks force every split) must give exactly the loop's rows, statuses included."""
    from tradeshock import _table

    monkeypatch.setattr(_table, "BLOCK_COLUMNS", 2)
    rng = np.random.default_rng(7)
    n = 30
    columns = {f"c{j}": list(rng.uniform(5, 15, n).round(1)) for j in range(5)}
    columns["c1"][12] = np.nan  # a gap inside some spans (missing), in others' windows
    columns["c2"][20:] = [np.nan] * (n - 20)  # no data after late shocks
    columns["c3"][5] = 0.0  # a zero in some windows
    columns["tiny"] = [5e-324] * 10 + [0.0, 1e300] + [5e-324] * (n - 12)  # y/b overflows
    panel = annual_panel(columns)
    shocks = ["2002", "2006", "2010", "2012", "2020", "2025", "2028", "2029", "1999", "2040"]
    with np.errstate(all="ignore"):
        assert_events_match_loop(panel, shocks, baseline=baseline, horizon=horizon)


def test_a_missing_reference_period_is_not_a_missing_value_of_the_series() -> None:
    """A NaN in R inside P makes that gap unknown, but y is there: not "missing" (the loop's
    count is of y), whatever shortcut the kernel takes to count missing values."""
    panel = annual_panel({"flat": [1.0] * 6, "dip": [2, 2, 2, 1, np.nan, 2]})
    reference = pd.Series([1.0, 1, 1, 1, np.nan, 1], index=panel.index)
    table = assert_table_matches_loop(panel, "2003", baseline="reference", reference=reference)
    assert table["missing"].tolist() == [0, 1]
    assert table.loc[0, "status"] == "no drop"


@pytest.mark.parametrize("columns", [0, 2])
@pytest.mark.parametrize("shocks", [[], ["2003"], ["2003", "1990"]])
def test_empty_tables_keep_their_columns(columns: int, shocks: list[str]) -> None:
    """A panel without columns or a timeline without events gives an empty table, not an
    error: the same columns, no rows (as the loop would give nothing)."""
    panel = annual_panel({"a": [4, 4, 4, 2, 4, 4], "b": [1, 1, 1, 1, 1, 1]}).iloc[:, :columns]
    table = resilience_table(panel, shocks)
    assert len(table) == columns * len(shocks)
    assert list(table.columns) == list(resilience_table(annual_panel({"x": [1.0]}), []).columns)
    assert {"event", "series", "status", "depth", "confounded_by"} <= set(table.columns)

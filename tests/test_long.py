"""Long-format panels in resilience_table (issue 19): same table as the wide path."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeshock as ts
from tradeshock import _long
from tradeshock.errors import InsufficientDataError, ValidationError
from tradeshock.resilience import resilience_table

KEYS = ("partner", "hs")


def flat(columns: pd.Index) -> list[str]:
    """One level of labels ("CA/27") for pivoted MultiIndex columns (the wide path's rule)."""
    return ["/".join(map(str, c)) for c in columns]


def wide_of(long: pd.DataFrame, by: tuple[str, ...] = KEYS) -> pd.DataFrame:
    """The wide panel of a long one, built independently with pandas' pivot."""
    wide = long.pivot(index="period", columns=list(by), values="value")
    wide.index = pd.PeriodIndex(wide.index, name="period")
    wide = wide.sort_index().sort_index(axis=1)  # series in sorted key order
    wide.columns = flat(wide.columns)
    return wide


def assert_long_equals_wide(long_table: pd.DataFrame, wide_table: pd.DataFrame) -> None:
    """Same rows in the same order; key columns in front instead of ``series``."""
    keys = ["/".join(map(str, row)) for row in long_table[list(KEYS)].itertuples(index=False)]
    assert keys == list(wide_table["series"])
    assert list(long_table.columns) == [*KEYS, *wide_table.columns.drop("series")]
    pd.testing.assert_frame_equal(
        long_table.drop(columns=list(KEYS)), wide_table.drop(columns="series")
    )


@st.composite
def long_panels(draw: st.DrawFn) -> dict[str, Any]:
    freq = draw(st.sampled_from(["Y", "M"]))
    n_periods = draw(st.integers(1, 14))
    start = pd.Period("2001" if freq == "Y" else "2001-01", freq=freq)
    periods = pd.period_range(start, periods=n_periods, freq=freq, name="period")
    partners = draw(st.lists(st.sampled_from(["CA", "MX", "RU", "CN"]), min_size=1, unique=True))
    codes = draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True))
    cell = st.one_of(st.integers(-2, 30).map(float), st.just(np.nan))
    rows = []
    for partner in partners:
        for code in codes:
            present = draw(st.lists(st.booleans(), min_size=n_periods, max_size=n_periods))
            rows += [
                {"partner": partner, "hs": code, "period": p, "value": draw(cell)}
                for p, keep in zip(periods, present, strict=True)
                if keep
            ]
    if not rows:
        rows = [{"partner": partners[0], "hs": codes[0], "period": periods[0], "value": 1.0}]
    long = pd.DataFrame(rows)
    long = long.sample(frac=1, random_state=draw(st.integers(0, 9))).reset_index(drop=True)
    shocks = draw(
        st.lists(st.integers(-2, n_periods + 1).map(lambda i: start + i), min_size=1, max_size=4)
    )
    kwargs = {
        "baseline": draw(st.sampled_from(["pre_mean", "pre_last", "trend"])),
        "window": draw(st.integers(2, 3)),
        "horizon": draw(st.none() | st.integers(0, 6)),
    }
    return {"long": long, "shocks": shocks, "kwargs": kwargs}


@settings(max_examples=80)
@given(case=long_panels(), cells=st.sampled_from([None, 1, 20]))
def test_long_table_equals_wide_table(case: dict[str, Any], cells: int | None) -> None:
    long = case["long"]
    expected = resilience_table(wide_of(long), case["shocks"], **case["kwargs"])
    original = _long.BLOCK_CELLS
    try:  # small blocks: the panel is split into several, then put back in order
        _long.BLOCK_CELLS = original if cells is None else cells
        got = resilience_table(long, case["shocks"], by=KEYS, **case["kwargs"])
    finally:
        _long.BLOCK_CELLS = original
    assert_long_equals_wide(got, expected)


def _small_long() -> pd.DataFrame:
    periods = pd.period_range("2010", periods=6, freq="Y", name="period")
    return pd.DataFrame(
        {
            "partner": ["CA"] * 6 + ["MX"] * 6,
            "hs": ["27"] * 12,
            "period": list(periods) * 2,
            "value": [4.0, 4, 4, 2, 4, 4, 1, 1, 1, 1, 0.5, 1],
        }
    )


def test_key_columns_in_front_and_statuses() -> None:
    long = _small_long()
    table = resilience_table(long, ["2013", "2030"], by=["partner", "hs"])
    assert list(table.columns[:5]) == ["partner", "hs", "event", "label", "status"]
    assert table[["partner", "event", "status"]].values.tolist() == [
        ["CA", "2013", "ok"],
        ["MX", "2013", "ok"],
        ["CA", "2030", "shock outside data"],
        ["MX", "2030", "shock outside data"],
    ]
    assert table["depth"].tolist()[:2] == [-0.5, -0.5]
    assert table["trough"].astype(str).tolist()[:2] == ["2013", "2014"]


def test_by_defaults_to_every_other_column_and_years_work() -> None:
    long = _small_long()
    long["period"] = long["period"].dt.year  # integer years are annual periods
    table = resilience_table(long, ["2013"])
    assert list(table.columns[:2]) == ["partner", "hs"]
    assert table["shock_period"].tolist() == [pd.Period("2013", "Y")] * 2


def test_duplicate_key_period_rows_name_the_first() -> None:
    long = _small_long()
    dup = pd.concat([long, long.iloc[[10, 2]]], ignore_index=True)
    with pytest.raises(
        ValidationError,
        match=r"2 duplicate \(partner, hs, period\).*"
        r"partner='CA', hs='27', period=Period\('2012'",
    ):
        resilience_table(dup, ["2013"], by=KEYS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.drop(columns="value"), r"no column\(s\) \['value'\]"),
        (lambda d: d.assign(period=d["period"].astype(str)), "must hold pandas Periods"),
        (lambda d: d.assign(value=d["value"].astype(str)), "must hold numbers"),
        (lambda d: d.assign(partner=None), "missing values"),
        (lambda d: d.assign(period=d["period"].dt.asfreq("D")), "annual 'Y' or monthly 'M'"),
    ],
)
def test_bad_long_input_raises_validation_error(change: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        resilience_table(change(_small_long()), ["2013"], by=KEYS)


def test_empty_long_panel_and_bad_by() -> None:
    with pytest.raises(InsufficientDataError):
        resilience_table(_small_long().iloc[:0], ["2013"], by=KEYS)
    with pytest.raises(ValidationError, match="by must be"):
        resilience_table(_small_long(), ["2013"], by=[1, 2])
    with pytest.raises(ValidationError, match="long DataFrame"):
        resilience_table(_small_long()["value"], ["2013"], by=KEYS)
    with pytest.raises(ValidationError, match="clash"):
        resilience_table(_small_long().rename(columns={"hs": "status"}), ["2013"])


def test_real_end_use_panel_long_equals_wide(end_use_long: pd.DataFrame) -> None:
    long = end_use_long
    assert long["partner"].nunique() > 100
    assert long["enduse"].nunique() > 100
    events = recent_events()
    got = resilience_table(long, events, by=("partner", "enduse"), horizon=5)
    wide = long.pivot(index="period", columns=["partner", "enduse"], values="value")
    wide = wide.sort_index(axis=1)
    wide.columns = flat(wide.columns)
    expected = resilience_table(wide, events, horizon=5)
    keys = ["/".join(row) for row in got[["partner", "enduse"]].itertuples(index=False)]
    assert keys == list(expected["series"])
    pd.testing.assert_frame_equal(
        got.drop(columns=["partner", "enduse"]), expected.drop(columns="series")
    )
    assert got["depth"].notna().sum() > 10_000  # rows with numbers (statuses may warn)


def recent_events() -> list[ts.Event]:
    """Events of the U.S.-Russia timeline with a full 3-year window in the 2014- end-use data."""
    return [e for e in ts.us_russia() if e.period("Y") >= pd.Period("2017", "Y")]

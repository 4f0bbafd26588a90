"""tradeshock.dask on a local two-process cluster: the same table as the pandas path (issue 19)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts

dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
tsd = pytest.importorskip("tradeshock.dask")

KEYS = ["partner", "hs"]
TABLE_KEYS = [*KEYS, "event"]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A LocalCluster of two worker processes, started for this module only."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GiB",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def synthetic_long(n_partners: int, n_codes: int, n_months: int, seed: int) -> pd.DataFrame:
    """Random monthly long panel: log-normal levels, a few drops, NaNs and short series."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range("1990-01", periods=n_months, freq="M")
    partner = np.repeat([f"P{i:03d}" for i in range(n_partners)], n_codes * n_months)
    hs = np.tile(np.repeat([f"{c:04d}" for c in range(n_codes)], n_months), n_partners)
    level = rng.lognormal(3, 1, n_partners * n_codes).repeat(n_months)
    noise = rng.lognormal(0, 0.2, len(level))
    value = level * noise
    value[rng.random(len(value)) < 0.01] = np.nan  # missing values here and there
    frame = pd.DataFrame(
        {
            "partner": partner,
            "hs": hs,
            "period": np.tile(periods.asi8, n_partners * n_codes),
            "value": value,
        }
    )
    frame["period"] = pd.PeriodIndex.from_ordinals(frame["period"].to_numpy(), freq="M")
    series_start = rng.integers(0, n_months // 2, n_partners * n_codes).repeat(n_months)
    month = np.tile(np.arange(n_months), n_partners * n_codes)
    short = month >= series_start  # series starting late: windows before their first month
    return frame[short].sample(frac=1, random_state=seed).reset_index(drop=True)


def events(first: str, n: int) -> list[pd.Period]:
    return list(pd.period_range(first, periods=n, freq="6M").asfreq("M"))


def sorted_table(table: pd.DataFrame) -> pd.DataFrame:
    out = table.sort_values(TABLE_KEYS, kind="stable").reset_index(drop=True)
    for column in KEYS:  # Dask reads text keys as pyarrow strings: compare their values
        out[column] = out[column].astype(object)
    return out


def assert_same_table(dask_table: Any, expected: pd.DataFrame) -> None:
    got = dask_table.compute()
    pd.testing.assert_frame_equal(
        sorted_table(got), sorted_table(expected), check_dtype=False, check_exact=True
    )
    assert got.dtypes.drop(KEYS, errors="ignore").equals(
        expected.dtypes.drop(KEYS, errors="ignore")
    )


def test_synthetic_panel_equals_pandas_path(client: Any) -> None:
    long = synthetic_long(40, 25, 240, seed=1)  # 240,000 rows before the late starts
    assert 100_000 < len(long) < 1_000_000
    kwargs: dict[str, Any] = {"horizon": 24, "window": 12}
    shocks = [pd.Period("1990-06", "M"), *events("1994-01", 30)]
    expected = ts.resilience_table(long, shocks, by=KEYS, **kwargs)
    ddf = dd.from_pandas(long, npartitions=6)
    table = tsd.resilience_table(ddf, shocks, by=KEYS, **kwargs)
    assert table.npartitions == 6
    assert_same_table(table, expected)
    statuses = set(expected["status"])
    assert {"ok", "incomplete window", "window starts before data"} <= statuses


def test_parquet_dataset_equals_pandas_path(client: Any, tmp_path: Path) -> None:
    long = synthetic_long(10, 20, 120, seed=2)
    path = tmp_path / "panel"
    dd.from_pandas(long, npartitions=4).to_parquet(path)  # a directory of parquet files
    kwargs: dict[str, Any] = {"horizon": 12, "baseline": "trend"}
    shocks = events("1992-01", 10)
    expected = ts.resilience_table(long, shocks, by=KEYS, **kwargs)
    assert_same_table(tsd.resilience_table(str(path), shocks, by=KEYS, **kwargs), expected)


def test_real_end_use_panel_equals_pandas_path(client: Any, end_use_long: pd.DataFrame) -> None:
    long = end_use_long.rename(columns={"enduse": "hs"})
    # six events keep the result (every partner x code x event) small enough to gather fast
    timeline = [e for e in ts.us_russia() if e.period("Y") >= pd.Period("2017", "Y")][::6]
    expected = ts.resilience_table(long, timeline, by=KEYS, horizon=5)
    table = tsd.resilience_table(dd.from_pandas(long, npartitions=4), timeline, by=KEYS, horizon=5)
    assert_same_table(table, expected)
    assert expected["depth"].notna().sum() > 50_000  # rows with numbers (statuses may warn)


def test_missing_and_short_series_give_the_same_statuses(client: Any) -> None:
    periods = pd.period_range("2000", periods=10, freq="Y")
    rows = [("CA", "27", p, 10.0 if p.year != 2005 else 5.0) for p in periods]
    rows += [("MX", "27", p, np.nan) for p in periods]  # every value missing
    rows += [("RU", "27", p, 3.0) for p in periods[-2:]]  # shorter than the window
    long = pd.DataFrame(rows, columns=[*KEYS, "period", "value"])
    expected = ts.resilience_table(long, ["2005", "2040"], by=KEYS)
    assert expected["status"].tolist() == [
        "ok",
        "incomplete window",
        "incomplete window",
        "shock outside data",
        "shock outside data",
        "shock outside data",
    ]
    for npartitions in (1, 3):
        ddf = dd.from_pandas(long, npartitions=npartitions)
        assert_same_table(tsd.resilience_table(ddf, ["2005", "2040"], by=KEYS), expected)


def test_duplicates_raise_the_same_validation_error(client: Any) -> None:
    long = synthetic_long(3, 2, 24, seed=3)
    dup = pd.concat([long, long.iloc[[5]]], ignore_index=True)
    with pytest.raises(ts.ValidationError) as pandas_error:
        ts.resilience_table(dup, events("1991-01", 2), by=KEYS)
    table = tsd.resilience_table(dd.from_pandas(dup, npartitions=1), events("1991-01", 2), by=KEYS)
    with pytest.raises(ts.ValidationError) as dask_error:
        table.compute()
    assert str(dask_error.value) == str(pandas_error.value)
    assert "duplicate (partner, hs, period)" in str(dask_error.value)


def test_bad_arguments_raise_before_computing() -> None:
    long = synthetic_long(2, 2, 24, seed=4)
    with pytest.raises(ts.ValidationError, match="no column"):
        tsd.resilience_table(dd.from_pandas(long, npartitions=1), ["1991-06"], by=["country"])
    with pytest.raises(TypeError, match="pandas DataFrame"):
        tsd.resilience_table(long, ["1991-06"], by=KEYS)


def test_placebo_table_equals_pandas_path(client: Any) -> None:
    long = synthetic_long(8, 5, 240, seed=5)
    shocks = [pd.Period("1990-06", "M"), *events("1996-01", 8)]
    expected = ts.placebo_table(long, shocks, by=KEYS, horizon=12)
    table = tsd.placebo_table(dd.from_pandas(long, npartitions=3), shocks, by=KEYS, horizon=12)
    assert_same_table(table, expected)
    assert expected["n_placebos"].max() > 50

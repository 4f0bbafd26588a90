"""Live FRED oil prices and TIC Treasury holdings against pytest-httpserver on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.errors import OfflineError, SchemaError
from tradeshock.parsers.fred import daily_to_period, parse_fredgraph_csv

TABLE3 = "treasury/raw/konstantinevm-dollar-breaking-point/slt_table3.txt"
V1_DAILY = "eia/samples/v1_series_PET.RBRTE.D_truncated__epogrebnyak-data-fx-oil.json"


@pytest.fixture
def fred(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    monkeypatch.setenv("TRADESHOCK_FRED_URL", httpserver.url_for("/graph"))
    return httpserver


def _daily_brent(shared_data: Path) -> list[tuple[str, float]]:
    """Real daily Brent values (EIA v1 sample, as of 2015-12-02), oldest first."""
    doc = json.loads((shared_data / V1_DAILY).read_bytes())
    data = doc["series"][0]["data"]
    return sorted((f"{d[:4]}-{d[4:6]}-{d[6:]}", float(v)) for d, v in data)


def test_fred_monthly_is_mean_of_available_days(fred: HTTPServer, shared_data: Path) -> None:
    days = _daily_brent(shared_data)
    lines = ["observation_date,DCOILBRENTEU"]
    lines += [f"{d},{v}" for d, v in days]
    lines.insert(3, "2015-11-14,.")  # a holiday-style gap inside November
    fred.expect_request("/graph/fredgraph.csv", query_string="id=DCOILBRENTEU").respond_with_data(
        "\n".join(lines) + "\n", content_type="text/csv"
    )
    monthly = ts.load_oil_price("brent", freq="M", source="fred")
    november = [v for d, v in days if d.startswith("2015-11")]
    assert monthly.loc["2015-11"] == pytest.approx(np.mean(november))
    assert monthly.loc["2015-12"] == 42.97  # the sample's only December day
    assert np.isnan(monthly.loc["1990-01"])  # inside the span, no observations: NaN
    assert monthly.index.freqstr == "M"
    assert monthly.index.name == "period"
    assert monthly.attrs["units"] == "USD per barrel"
    assert monthly.attrs["series_id"] == "DCOILBRENTEU"
    annual = ts.load_oil_price("brent", freq="Y", source="fred")
    assert annual.loc["1987"] == pytest.approx((18.63 + 18.45) / 2)  # 1987-05-20 and -21
    assert len(fred.log) == 1  # the annual call was served from the cache


def test_fred_wti_old_header_and_offline(fred: HTTPServer) -> None:
    fred.expect_request("/graph/fredgraph.csv", query_string="id=DCOILWTICO").respond_with_data(
        "DATE,DCOILWTICO\n2020-04-20,-36.98\n2020-04-21,.\n2020-04-22,13.78\n"
    )
    april = ts.load_oil_price("wti", source="fred")
    assert april.loc["2020-04"] == pytest.approx((-36.98 + 13.78) / 2)
    session = ts.sources.http.cached_session(offline=True)
    assert ts.load_oil_price("wti", source="fred", session=session).equals(april)
    with pytest.raises(OfflineError):
        ts.load_oil_price("brent", source="fred", session=session)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"", "empty"),
        (b"<html>not found</html>", "HTML"),
        (b"when,DCOILBRENTEU\n2020-01-01,1\n", "observation_date"),
        (b"observation_date,DCOILBRENTEU\n2020-01-01,abc\n", "not a number"),
        (b"observation_date,DCOILBRENTEU\n01/02/2020,1\n", "YYYY-MM-DD"),
        (b"observation_date,DCOILWTICO\n2020-01-02,1\n", "expected column"),
    ],
)
def test_fred_bad_files(body: bytes, match: str) -> None:
    with pytest.raises(SchemaError, match=match):
        parse_fredgraph_csv(body, series_id="DCOILBRENTEU")


def test_daily_to_period_all_missing_month_is_nan() -> None:
    daily = parse_fredgraph_csv(b"observation_date,X\n2020-01-31,1\n2020-02-03,.\n2020-03-02,3\n")
    monthly = daily_to_period(daily, "M")
    assert monthly.iloc[0] == 1.0
    assert np.isnan(monthly.iloc[1])  # February has a row, but no value
    assert monthly.iloc[2] == 3.0


@pytest.fixture
def treasury(
    httpserver: HTTPServer, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> HTTPServer:
    httpserver.expect_request("/tic/slt_table3.txt").respond_with_data(
        (shared_data / TABLE3).read_bytes(), content_type="text/plain"
    )
    monkeypatch.setenv("TRADESHOCK_TREASURY_URL", httpserver.url_for("/tic"))
    return httpserver


def test_treasury_live_equals_bundled(treasury: HTTPServer) -> None:
    live = ts.load_treasury_holdings("Russia", source="treasury")
    bundled = ts.load_treasury_holdings("Russia")
    # bundled rows from 2020-01 come from this very file (SOURCES.md)
    pd.testing.assert_series_equal(
        live.loc["2020-01":], bundled.loc["2020-01":], check_exact=True, check_freq=False
    )
    assert live.loc["2021-12"] == 3910.0  # SOURCES.md: 2021-12 total 3,910
    assert live.attrs["units"] == "USD millions"
    assert live.attrs["tic_code"] == "16101"
    short = ts.load_treasury_holdings("Russia", term="short_term", source="treasury")
    assert short.loc["2021-12"] == 3808.0  # SOURCES.md: short-term 3,808
    assert len(treasury.log) == 1

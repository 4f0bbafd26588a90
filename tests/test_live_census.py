"""Live Census loaders against pytest-httpserver (127.0.0.1) serving real and real-format data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.errors import OfflineError, SchemaError, SourceError
from tradeshock.parsers.census_api import (
    annual_from_monthly,
    parse_intltrade_json,
    trade_monthly,
)
from tradeshock.sources.trade import _live

KEY = "CENSUS-TEST-KEY-5b7e2d"
XLSX = "census/raw/cesinco__tableau-dashboard-extension-d3js/country.xlsx"
HS10 = "census/samples/intltrade_exports_hs_HS10_2710121510_CTY1220_from2016-01.json"


@pytest.fixture(scope="module")
def country_xlsx(shared_data: Path) -> bytes:
    return (shared_data / XLSX).read_bytes()


@pytest.fixture
def census_server(
    httpserver: HTTPServer, country_xlsx: bytes, monkeypatch: pytest.MonkeyPatch
) -> HTTPServer:
    httpserver.expect_request("/ft/balance/country.xlsx").respond_with_data(
        country_xlsx, content_type="application/octet-stream"
    )
    monkeypatch.setenv("TRADESHOCK_CENSUS_URL", httpserver.url_for("/ft"))
    return httpserver


# --- the done-when check ---------------------------------------------------------------------


def test_live_russia_equals_bundled_1992_2023(census_server: HTTPServer) -> None:
    live = ts.load_trade("Russia", source="census")
    bundled = ts.load_trade("Russia")
    pd.testing.assert_frame_equal(
        live.loc["1992":"2023"], bundled.loc["1992":"2023"], check_exact=True
    )
    assert live.attrs["units"] == "USD millions"
    assert live.attrs["source"].startswith("census (live")
    assert "data through 2024-06" in live.attrs["vintage"]  # S1 has data through June 2024
    assert len(census_server.log) == 1


def test_second_call_and_other_partner_hit_the_cache(census_server: HTTPServer) -> None:
    ts.load_trade("Russia", source="census")
    monthly = ts.load_trade("Canada", freq="M", source="census", start="2014-01", end="2014-12")
    assert len(census_server.log) == 1  # one download serves every partner
    bundled = ts.load_trade("Canada", freq="M", start="2014-01", end="2014-12")
    pd.testing.assert_frame_equal(monthly, bundled, check_exact=True)


@pytest.mark.parametrize("flow", ["imports", "balance"])
def test_live_panel_equals_bundled(census_server: HTTPServer, flow: str) -> None:
    live = ts.load_trade_panel(flow=flow, source="census")
    bundled = ts.load_trade_panel(flow=flow)
    assert list(live.columns) == list(bundled.columns)
    pd.testing.assert_frame_equal(
        live.loc["1992":"2023"], bundled.loc["1992":"2023"], check_exact=True
    )
    assert live.attrs["cty_codes"]["Russia"] == "4621"


def test_offline_after_a_cached_download(census_server: HTTPServer) -> None:
    ts.load_trade("Russia", source="census")
    session = ts.sources.http.cached_session(offline=True)
    frame = ts.load_trade("Russia", source="census", session=session)
    assert frame.loc["2014", "exports"] == ts.load_trade("Russia").loc["2014", "exports"]
    assert len(census_server.log) == 1


def test_offline_without_cache_raises(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADESHOCK_CENSUS_URL", httpserver.url_for("/ft"))
    monkeypatch.setenv("TRADESHOCK_OFFLINE", "1")
    with pytest.raises(OfflineError, match="source='bundled'"):
        ts.load_trade("Russia", source="census")
    assert len(httpserver.log) == 0


def test_server_error_is_source_error(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADESHOCK_CENSUS_URL", httpserver.url_for("/ft"))
    httpserver.expect_request("/ft/balance/country.xlsx").respond_with_data("gone", status=404)
    with pytest.raises(SourceError, match="404"):
        ts.load_trade("Russia", source="census")


# --- International Trade API ----------------------------------------------------------------


def _api_payload(monthly: pd.DataFrame, value: str, code: str) -> str:
    """A real-format API body (header first, strings, whole dollars) from tidy USD millions."""
    rows = [["CTY_NAME", value, "CTY_CODE", "time"]]
    for period, amount in zip(monthly["period"], monthly["amount"], strict=True):
        dollars = "" if np.isnan(amount) else str(round(amount * 1e6))
        rows.append(["RUSSIA", dollars, code, period])
    return "[" + ",\n".join(json.dumps(r) for r in rows) + "]"


def _serve_api(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    bundled = ts.load_trade("Russia", freq="M", start="2013-01", end="2023-12")
    periods = [str(p) for p in bundled.index]
    for flow, value, column in (
        ("exports", "ALL_VAL_MO", "exports"),
        ("imports", "GEN_VAL_MO", "imports"),
    ):
        tidy = pd.DataFrame({"period": periods, "amount": bundled[column].to_numpy()})
        httpserver.expect_request(f"/api/{flow}/hs").respond_with_data(
            _api_payload(tidy, value, "4621"), content_type="application/json"
        )
    monkeypatch.setenv("TRADESHOCK_CENSUS_API_URL", httpserver.url_for("/api"))
    return bundled


def test_trade_api_route_gives_the_same_frame(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = _serve_api(httpserver, monkeypatch)
    monkeypatch.setenv("CENSUS_API_KEY", KEY)
    live = _live.load_trade_live("Russia", freq="M", source="census-api")
    assert list(live.columns) == list(bundled.columns)
    pd.testing.assert_frame_equal(live, bundled, check_exact=False, rtol=1e-12)
    annual = _live.load_trade_live("Russia", freq="Y", source="census-api", start=2013, end=2023)
    # years are the sum of the 12 months served (rounded months, so not the rounded annual)
    expected = bundled[["exports", "imports"]].groupby(bundled.index.year).sum()
    np.testing.assert_allclose(
        annual[["exports", "imports"]].to_numpy(), expected.to_numpy(), atol=1e-6
    )
    queries = [entry[0].query_string.decode() for entry in httpserver.log]
    assert all(f"key={KEY}" in q and "CTY_CODE=4621" in q for q in queries)
    assert any("get=CTY_NAME%2CALL_VAL_MO" in q for q in queries)
    assert any("get=CTY_NAME%2CGEN_VAL_MO" in q for q in queries)
    assert len(httpserver.log) == 2  # the annual call came from the cache
    assert "International Trade API" in live.attrs["source"]


def test_trade_api_route_by_env_switch(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve_api(httpserver, monkeypatch)
    monkeypatch.setenv("TRADESHOCK_CENSUS_ROUTE", "api")
    frame = ts.load_trade("Russia", freq="M", source="census")
    assert str(frame.index[0]) == "2013-01"


def test_public_loader_takes_the_api_route_and_key(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = _serve_api(httpserver, monkeypatch)
    frame = ts.load_trade("Russia", freq="M", source="census-api", key=KEY)
    pd.testing.assert_frame_equal(frame, bundled, check_exact=False, rtol=1e-12)
    queries = [entry[0].query_string.decode() for entry in httpserver.log]
    assert queries
    assert all(f"key={KEY}" in q for q in queries)
    assert KEY not in repr(frame.attrs)


def test_trade_api_key_is_never_leaked(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADESHOCK_CENSUS_API_URL", httpserver.url_for("/api"))
    httpserver.expect_request("/api/exports/hs").respond_with_data(
        "<html><body>Invalid Key</body></html>", status=200, content_type="text/html"
    )
    with pytest.raises(SourceError) as info:
        _live.load_trade_live("Russia", source="census-api", api_key=KEY)
    assert "HTML" in str(info.value)
    assert KEY not in str(info.value)
    httpserver.clear()
    httpserver.expect_request("/api/exports/hs").respond_with_data("bad", status=400)
    with pytest.raises(SourceError) as info:
        _live.load_trade_live("Russia", source="census-api", api_key=KEY)
    assert "400" in str(info.value)
    assert "key=REDACTED" in str(info.value)
    assert KEY not in str(info.value)


def test_real_hs10_sample_parses(shared_data: Path) -> None:
    frame = parse_intltrade_json((shared_data / HS10).read_bytes(), required=["ALL_VAL_MO"])
    # read from the sample: 121 rows 2016-01 … 2026-01; first row "155905" dollars, Canada 1220
    assert len(frame) == 121
    assert frame["period"].iloc[0] == "2016-01"
    assert frame["period"].iloc[-1] == "2026-01"
    assert frame["ALL_VAL_MO"].iloc[0] == pytest.approx(0.155905)
    assert set(frame["cty_code"]) == {"1220"}
    assert list(frame.columns[:5]) == ["ALL_VAL_MO", "COMM_LVL", "E_COMMODITY", "CTY_CODE", "time"]


@pytest.mark.parametrize(
    ("body", "error", "match"),
    [
        (b"", SchemaError, "empty"),
        (b"   \n", SchemaError, "empty"),
        (b"<!DOCTYPE html><html>Invalid Key</html>", SourceError, "HTML"),
        (b"error: unknown variable 'NOPE'", SourceError, "unknown variable"),
        (b'{"error": "bad predicate"}', SourceError, "bad predicate"),
        (b'[["ALL_VAL_MO","time"],["12"', SchemaError, "not valid JSON"),
        (b'{"a": 1}', SchemaError, "array of arrays"),
        (b'[["CTY_CODE","time"],["4621","2020-01"]]', SchemaError, "ALL_VAL_MO"),
        (b'[["ALL_VAL_MO","time"],["12","2020-01","x"]]', SchemaError, "row 2"),
        (b'[["ALL_VAL_MO","time"],["1.5e3","2020-01"]]', SchemaError, "whole-dollar"),
        (b'[["ALL_VAL_MO","time"],["12","2020"]]', SchemaError, "YYYY-MM"),
    ],
)
def test_intltrade_bad_bodies(body: bytes, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        parse_intltrade_json(body, required=["ALL_VAL_MO"])


def test_blank_value_is_nan_and_annual_needs_12_months() -> None:
    rows = [["ALL_VAL_MO", "CTY_CODE", "time"]] + [
        ["1000000" if m != 5 else "", "4621", f"2020-{m:02d}"] for m in range(1, 13)
    ]
    exports = parse_intltrade_json(json.dumps(rows).encode())
    imports = parse_intltrade_json(json.dumps(rows).encode().replace(b"ALL_VAL_MO", b"GEN_VAL_MO"))
    monthly = trade_monthly(exports, imports)
    assert np.isnan(monthly.loc[4, "exports"])
    annual = annual_from_monthly(monthly)
    assert np.isnan(annual.loc[0, "exports"])

"""Live EIA loaders and the EIA v2 parser, against pytest-httpserver on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import parse_qs

import numpy as np
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradeshock as ts
from tradeshock.errors import SchemaError, SourceError, ValidationError
from tradeshock.parsers.eia_api import collect_pages, parse_eia_json
from tradeshock.sources import http
from tradeshock.sources.energy import _live

KEY = "EIA-TEST-KEY-c41f9a0b3e"
SAMPLES = "eia/samples"
INVALID_KEY = "v2_error_API_KEY_INVALID__ArshiaAsk-Iran-Macroeconomic-Data-Platform.json"
WEEKLY = "v2_natural-gas_stor_wkly__ClockworkFTW-gas-fundamentals.json"
EMPTY = "v2_empty_unknown_facet__ArshiaAsk-Iran-Macroeconomic-Data-Platform.json"


def _envelope(rows: list[dict[str, str]], total: int, params: dict[str, object]) -> str:
    """The v2 envelope as EIA sends it (strings, request echoed with its parameters)."""
    return json.dumps(
        {
            "response": {
                "total": str(total),
                "dateFormat": "YYYY",
                "frequency": "annual",
                "data": rows,
            },
            "request": {"command": "/v2/petroleum/move/impcus/data/", "params": params},
            "apiVersion": "2.1.12",
        }
    )


def _paging_handler(rows: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    def handler(request: Request) -> Response:
        query = parse_qs(request.query_string.decode())
        offset = int(query.get("offset", ["0"])[0])
        length = int(query.get("length", ["5000"])[0])
        params = {"api_key": query.get("api_key", [""])[0], "offset": offset}
        body = _envelope(rows[offset : offset + length], len(rows), params)
        return Response(body, content_type="application/json")

    return handler


@pytest.fixture
def eia_url(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    monkeypatch.setenv("TRADESHOCK_EIA_URL", httpserver.url_for("/v2"))
    return httpserver


def test_paging_12000_rows_three_calls_no_duplicates(eia_url: HTTPServer) -> None:
    months = [str(p) for p in pd.period_range("1943-01", periods=1000, freq="M")]
    rows = [
        {"period": m, "series": f"S{s:02d}", "value": str(s * 10000 + i), "units": "MBBL"}
        for s in range(12)
        for i, m in enumerate(months)
    ]
    eia_url.expect_request("/v2/petroleum/move/impcus/data/").respond_with_handler(
        _paging_handler(rows)
    )
    got, _ = _live._eia_rows(
        "petroleum/move/impcus", [f"S{s:02d}" for s in range(12)], "M", KEY, None, "t"
    )
    assert len(eia_url.log) == 3
    offsets = [parse_qs(e[0].query_string.decode())["offset"][0] for e in eia_url.log]
    assert offsets == ["0", "5000", "10000"]
    assert len(got) == 12000
    assert not got.duplicated(["series", "period"]).any()


def test_collect_pages_drops_rows_repeated_across_pages() -> None:
    rows = [{"period": str(1990 + i), "series": "X", "value": str(i)} for i in range(10)]
    pages = {0: rows[0:4], 4: rows[3:8], 8: rows[7:10]}  # data shifted: overlaps at boundaries
    calls: list[int] = []

    def fetch_page(offset: int) -> bytes:
        calls.append(offset)
        return _envelope(pages[offset], 10, {}).encode()

    frame = collect_pages(fetch_page, page_size=4)
    assert calls == [0, 4, 8]
    assert frame["period"].tolist() == [str(1990 + i) for i in range(10)]


def test_petroleum_imports_live_equals_bundled(eia_url: HTTPServer) -> None:
    bundled = ts.load_petroleum_imports(["Russia", "Canada", "Venezuela"])
    ids = _live.EIA_PETROLEUM_SERIES["crude_and_products"]
    rows = [
        {
            "period": str(period.year),
            "series": ids[origin],
            "value": f"{value:.0f}",
            "units": "MBBL",
            "series-description": f"U.S. Imports from {origin}",
        }
        for origin in bundled.columns
        for period, value in bundled[origin].items()
        if not np.isnan(value)
    ]
    eia_url.expect_request("/v2/petroleum/move/impcus/data/").respond_with_handler(
        _paging_handler(rows)
    )
    live = ts.load_petroleum_imports(["Russia", "Canada", "Venezuela"], source="eia", api_key=KEY)
    pd.testing.assert_frame_equal(live, bundled, check_exact=True, check_freq=False)
    assert live.attrs["units"] == "thousand barrels"
    query = parse_qs(eia_url.log[0][0].query_string.decode())
    assert query["frequency"] == ["annual"]
    assert sorted(query["facets[series][]"]) == sorted(ids[o] for o in bundled.columns)
    assert query["api_key"] == [KEY]
    # cached: the same call again does not reach the server
    ts.load_petroleum_imports(["Russia", "Canada", "Venezuela"], source="eia", api_key=KEY)
    assert len(eia_url.log) == 1


def test_oil_price_eia_monthly_equals_bundled(
    eia_url: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = ts.load_oil_price("brent", freq="M")
    rows = [
        {"period": str(p), "series": "RBRTE", "value": repr(float(v)), "units": "$/BBL"}
        for p, v in bundled.items()
    ]
    eia_url.expect_request("/v2/petroleum/pri/spt/data/").respond_with_handler(
        _paging_handler(rows)
    )
    monkeypatch.setenv("EIA_API_KEY", KEY)
    live = ts.load_oil_price("brent", freq="M", source="eia")
    pd.testing.assert_series_equal(live, bundled, check_exact=True, check_freq=False)
    assert live.attrs["units"] == "USD per barrel"
    assert parse_qs(eia_url.log[0][0].query_string.decode())["api_key"] == [KEY]


def test_invalid_key_body_becomes_source_error(
    eia_url: HTTPServer, shared_data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = (shared_data / SAMPLES / INVALID_KEY).read_bytes()
    eia_url.expect_request("/v2/petroleum/move/impcus/data/").respond_with_data(
        body, status=403, content_type="application/json"
    )
    with pytest.raises(SourceError) as info:
        ts.load_petroleum_imports("Russia", source="eia", api_key=KEY)
    message = str(info.value)
    assert "An invalid api_key was supplied" in message  # EIA's own words, from the sample
    assert "API_KEY_INVALID" in message
    assert "403" in message
    assert KEY not in message
    assert info.value.url is not None
    assert KEY not in info.value.url
    client = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    assert all(KEY not in r.getMessage() for r in client)


def test_key_not_in_cache_file(eia_url: HTTPServer) -> None:
    rows = [{"period": "2021", "series": "MTTIM_NUS-NRS_1", "value": "245194", "units": "MBBL"}]
    eia_url.expect_request("/v2/petroleum/move/impcus/data/").respond_with_handler(
        _paging_handler(rows)
    )
    session = http.cached_session()
    frame = ts.load_petroleum_imports("Russia", source="eia", api_key=KEY, session=session)
    assert frame.loc["2021", "Russia"] == 245194.0
    session.close()
    stored = Path(session.cache_path).read_bytes()  # type: ignore[attr-defined]
    assert b"245194" in stored
    assert KEY.encode() not in stored


def test_missing_key_is_a_clear_error(eia_url: HTTPServer) -> None:
    with pytest.raises(ValidationError, match="EIA_API_KEY"):
        ts.load_petroleum_imports("Russia", source="eia")
    with pytest.raises(ValidationError, match="api_key"):
        ts.load_oil_price("wti", source="eia")
    assert len(eia_url.log) == 0


def test_monthly_crude_and_raw_series_ids(eia_url: HTTPServer) -> None:
    rows = [
        {"period": "2025-01", "series": "MCRIMUSCA2", "value": "4271", "units": "MBBL/D"},
        {"period": "2025-03", "series": "MCRIMUSCA2", "value": "4000", "units": "MBBL/D"},
        {"period": "2025-01", "series": "MCRIMUSSA2", "value": "250", "units": "MBBL/D"},
    ]
    eia_url.expect_request("/v2/petroleum/move/impcus/data/").respond_with_handler(
        _paging_handler(rows)
    )
    frame = _live.load_petroleum_imports_live(
        origins=["Canada", "MCRIMUSSA2"], product="crude", freq="M", api_key=KEY
    )
    assert list(frame.columns) == ["Canada", "MCRIMUSSA2"]
    assert frame["Canada"].tolist()[0] == 4271.0
    assert np.isnan(frame.loc["2025-02", "Canada"])  # absent month: NaN, never 0
    assert frame.attrs["units"] == "thousand barrels per day"
    assert parse_qs(eia_url.log[0][0].query_string.decode())["frequency"] == ["monthly"]


def test_real_samples_parse(shared_data: Path) -> None:
    rows, total = parse_eia_json((shared_data / SAMPLES / WEEKLY).read_bytes())
    assert total == 22  # "total": "22" in the sample
    assert rows["value"].dtype == "float64"
    assert rows.loc[0, "value"] == 1900.0  # first row's "value": "1900"
    empty, zero = parse_eia_json((shared_data / SAMPLES / EMPTY).read_bytes())
    assert zero == 0
    assert empty.empty
    with pytest.raises(SourceError, match="invalid api_key"):
        parse_eia_json((shared_data / SAMPLES / INVALID_KEY).read_bytes())


@pytest.mark.parametrize(
    ("body", "error", "match"),
    [
        (b"", SchemaError, "empty"),
        (b"<html>oops</html>", SourceError, "HTML"),
        (b"{not json", SchemaError, "not valid JSON"),
        (b'{"data": []}', SchemaError, "response.data"),
        (b'{"response": {"total": "x", "data": []}}', SchemaError, "total"),
        (b'{"response": {"total": "1", "data": [{"period": "2020"}]}}', SchemaError, "value"),
        (
            b'{"response": {"total": "1", "data": [{"period": "2020", "value": "abc"}]}}',
            SchemaError,
            "not a number",
        ),
        (
            b'{"error": "No api_key=SECRETVALUE was found", "code": 400}',
            SourceError,
            "api_key=REDACTED",
        ),
    ],
)
def test_eia_bad_bodies(body: bytes, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match) as info:
        parse_eia_json(body)
    assert "SECRETVALUE" not in str(info.value)


def test_null_values_are_nan() -> None:
    body = (
        b'{"response": {"total": "2", "data": [{"period": "2020", "value": null},'
        b' {"period": "2021", "value": "3.5"}]}}'
    )
    rows, _ = parse_eia_json(body)
    assert np.isnan(rows.loc[0, "value"])
    assert rows.loc[1, "value"] == 3.5

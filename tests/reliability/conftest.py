"""Shared pieces of the reliability suite: one loopback server per test and the live sources.

Every live source is described once (:class:`LiveSource`): where it lives on the server, a good
real-format body built from the bundled snapshot (so the numbers are real and the expected
result is the bundled one), an empty answer, a schema-drifted answer and how to load it.
The fault tests then run the same faults against each of them.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import requests
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.parsers.census import MONTHS
from tradeshock.sources import http
from tradeshock.sources.energy import _live as energy_live
from tradeshock.sources.trade import _live

_SHARED = Path(
    os.environ.get("TRADESHOCK_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
).resolve()
#: ../shared/data when present (fuzz seeds), else None: the suite also runs on a fresh clone
SHARED_OK: Path | None = _SHARED if _SHARED.is_dir() else None

#: recognisable test keys: the secrets test greps for them
CENSUS_KEY = "CENSUSKEY-reliability-7d1e0c5a"
EIA_KEY = "EIAKEY-reliability-2b9f4e81"
AUTH_TOKEN = "BEARERTOKEN-reliability-93ac51f0"

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
    b"<body><h1>The service is temporarily unavailable</h1></body></html>"
)


def _start() -> HTTPServer:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    return srv


@pytest.fixture(scope="session")
def _shared_server() -> Iterator[HTTPServer]:
    srv = _start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture
def server(_shared_server: HTTPServer) -> HTTPServer:
    """The loopback server on 127.0.0.1 (random port), cleared for each test."""
    _shared_server.clear()
    return _shared_server


@pytest.fixture
def own_server() -> Iterator[HTTPServer]:
    """A server of this test's own, which the test may stop (stopping takes half a second)."""
    srv = _start()
    try:
        yield srv
    finally:
        srv.clear()
        if srv.is_running():
            srv.stop()


def fast_session(srv: HTTPServer | str, **kwargs: Any) -> requests.Session:
    """A cached session pointing every source at the loopback server, retrying quickly."""
    root = srv if isinstance(srv, str) else srv.url_for("")
    root = root.rstrip("/")
    kwargs.setdefault("backoff_factor", 0.01)
    kwargs.setdefault("retries", 2)
    kwargs.setdefault("timeout", (2.0, 5.0))
    base_urls = {name: root + prefix for name, prefix in PREFIX.items()}
    return http.cached_session(base_urls=base_urls, **kwargs)


PREFIX = {
    "census": "/ft",
    "census_api": "/api",
    "eia": "/v2",
    "fred": "/graph",
    "treasury": "/tic",
}


@dataclass(frozen=True)
class Body:
    """One HTTP answer: bytes, content type, status."""

    data: bytes
    content_type: str
    status: int = 200


@dataclass(frozen=True)
class LiveSource:
    """A live source as the fault tests see it."""

    name: str
    paths: tuple[str, ...]  # the first one gets the faults; the others always answer well
    good: dict[str, Body]
    empty: Body
    drifted: Body
    drifted_name: str  # the column the drift renamed (the error must name it)
    load: Callable[[requests.Session], Any]
    expected: Callable[[], Any]
    exact: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return self.paths[0]


def assert_same(result: Any, expected: Any, *, exact: bool = True) -> None:
    """The live result is exactly the expected (bundled) object: no partial frame."""
    kwargs: dict[str, Any] = {"check_freq": False}
    if exact:
        kwargs["check_exact"] = True
    else:
        kwargs.update(check_exact=False, rtol=1e-12)
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(result, expected, **kwargs)
    else:
        pd.testing.assert_series_equal(result, expected, **kwargs)


# --- Census country.xlsx ------------------------------------------------------------------


def xlsx_bytes(rows: list[dict[str, object]], columns: list[str]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=columns).to_excel(buffer, sheet_name="country", index=False)
    return buffer.getvalue()


XLSX_COLUMNS = [
    "year",
    "CTY_CODE",
    "CTYNAME",
    *(f"I{m}" for m in MONTHS),
    "IYR",
    *(f"E{m}" for m in MONTHS),
    "EYR",
]
_XLSX_YEARS = ("2010", "2012")


def _census_xlsx_rows() -> list[dict[str, object]]:
    """Russia 2010-2012 rows in the country.xlsx layout, values from the bundled snapshot."""
    monthly = ts.load_trade("Russia", freq="M", start=_XLSX_YEARS[0], end=_XLSX_YEARS[1])
    annual = ts.load_trade("Russia", start=_XLSX_YEARS[0], end=_XLSX_YEARS[1])
    rows = []
    for year in annual.index.year:
        months = monthly.loc[str(year)]
        row: dict[str, object] = {"year": year, "CTY_CODE": 4621, "CTYNAME": "Russia"}
        for m, (e, i) in zip(
            MONTHS, zip(months["exports"], months["imports"], strict=True), strict=True
        ):
            row[f"E{m}"], row[f"I{m}"] = float(e), float(i)
        row["EYR"] = float(annual.loc[str(year), "exports"])
        row["IYR"] = float(annual.loc[str(year), "imports"])
        rows.append(row)
    return rows


def census_xlsx_source() -> LiveSource:
    rows = _census_xlsx_rows()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    drifted = [c if c != "EJAN" else "EJANUARY" for c in XLSX_COLUMNS]
    drifted_rows = [{("EJANUARY" if k == "EJAN" else k): v for k, v in r.items()} for r in rows]
    return LiveSource(
        name="census_xlsx",
        paths=("/ft/balance/country.xlsx",),
        good={"/ft/balance/country.xlsx": Body(xlsx_bytes(rows, XLSX_COLUMNS), xlsx)},
        empty=Body(xlsx_bytes([], XLSX_COLUMNS), xlsx),
        drifted=Body(xlsx_bytes(drifted_rows, drifted), xlsx),
        drifted_name="EJAN",
        load=lambda s: ts.load_trade("Russia", source="census", session=s),
        expected=lambda: ts.load_trade("Russia", start=_XLSX_YEARS[0], end=_XLSX_YEARS[1]),
    )


# --- Census International Trade API --------------------------------------------------------

_API_SPAN = ("2013-01", "2014-12")


def _api_body(value: str, column: str, *, header: str | None = None) -> bytes:
    """A real-format API body (header row first, strings, whole dollars) from bundled values."""
    bundled = ts.load_trade("Russia", freq="M", start=_API_SPAN[0], end=_API_SPAN[1])
    rows: list[list[str]] = [["CTY_NAME", header or value, "CTY_CODE", "time"]]
    for period, amount in bundled[column].items():
        dollars = "" if np.isnan(amount) else str(round(float(amount) * 1e6))
        rows.append(["RUSSIA", dollars, "4621", str(period)])
    return ("[" + ",\n".join(json.dumps(r) for r in rows) + "]").encode()


def census_api_source() -> LiveSource:
    js = "application/json;charset=utf-8"
    return LiveSource(
        name="census_api",
        paths=("/api/exports/hs", "/api/imports/hs"),
        good={
            "/api/exports/hs": Body(_api_body("ALL_VAL_MO", "exports"), js),
            "/api/imports/hs": Body(_api_body("GEN_VAL_MO", "imports"), js),
        },
        empty=Body(b"", js, status=204),  # what the API answers when nothing matches
        drifted=Body(_api_body("ALL_VAL_MO", "exports", header="ALL_VALUE_MO"), js),
        drifted_name="ALL_VAL_MO",
        load=lambda s: _live.load_trade_live(
            "Russia", freq="M", source="census-api", api_key=CENSUS_KEY, session=s
        ),
        expected=lambda: ts.load_trade("Russia", freq="M", start=_API_SPAN[0], end=_API_SPAN[1]),
        exact=False,  # dollars → millions is a division
    )


# --- EIA API v2 --------------------------------------------------------------------------------


def _eia_body(rows: list[dict[str, str]], *, total: int | None = None) -> bytes:
    return json.dumps(
        {
            "response": {
                "total": str(len(rows) if total is None else total),
                "dateFormat": "YYYY",
                "frequency": "annual",
                "data": rows,
            },
            "request": {"command": "/v2/petroleum/move/impcus/data/", "params": {}},
            "apiVersion": "2.1.12",
        }
    ).encode()


def _eia_expected() -> pd.DataFrame:
    bundled = ts.load_petroleum_imports("Russia")
    valid = bundled["Russia"].dropna().index  # EIA sends no rows for years without a value
    trimmed: pd.DataFrame = bundled.loc[valid[0] : valid[-1]]
    return trimmed


def eia_source() -> LiveSource:
    bundled = ts.load_petroleum_imports("Russia")
    series_id = energy_live.EIA_PETROLEUM_SERIES["crude_and_products"]["Russia"]
    rows = [
        {"period": str(p.year), "series": series_id, "value": f"{v:.0f}", "units": "MBBL"}
        for p, v in bundled["Russia"].items()
        if not np.isnan(v)
    ]
    drifted = [{("val" if k == "value" else k): v for k, v in r.items()} for r in rows]
    js = "application/json"
    return LiveSource(
        name="eia",
        paths=("/v2/petroleum/move/impcus/data/",),
        good={"/v2/petroleum/move/impcus/data/": Body(_eia_body(rows), js)},
        empty=Body(_eia_body([]), js),
        drifted=Body(_eia_body(drifted), js),
        drifted_name="value",
        load=lambda s: ts.load_petroleum_imports(
            "Russia", source="eia", api_key=EIA_KEY, session=s
        ),
        expected=_eia_expected,
    )


# --- FRED ------------------------------------------------------------------------------------

_FRED_SPAN = ("2010-01", "2012-12")


def _fred_body(header: str = "observation_date") -> bytes:
    monthly = ts.load_oil_price("brent", freq="M").loc[_FRED_SPAN[0] : _FRED_SPAN[1]]
    lines = [f"{header},DCOILBRENTEU"]
    # one observation per month (the bundled monthly value): its monthly mean is that value
    lines += [f"{p.start_time:%Y-%m-%d},{float(v)!r}" for p, v in monthly.items()]
    return ("\n".join(lines) + "\n").encode()


def fred_source() -> LiveSource:
    csv = "text/csv"
    return LiveSource(
        name="fred",
        paths=("/graph/fredgraph.csv",),
        good={"/graph/fredgraph.csv": Body(_fred_body(), csv)},
        empty=Body(b"observation_date,DCOILBRENTEU\n", csv),
        drifted=Body(_fred_body("obs_date"), csv),
        drifted_name="observation_date",
        load=lambda s: ts.load_oil_price("brent", freq="M", source="fred", session=s),
        expected=lambda: ts.load_oil_price("brent", freq="M").loc[_FRED_SPAN[0] : _FRED_SPAN[1]],
    )


# --- Treasury TIC ----------------------------------------------------------------------------

_TIC_SPAN = ("2020-01", "2021-12")
_TIC_HEADER = [
    "country",
    "country_code",
    "date",
    "for_treas_pos",
    "for_treas_net",
    "for_lt_treas_pos",
    "for_lt_treas_net",
    "for_lt_treas_valchg",
    "for_st_treas_pos",
    "for_st_treas_net",
]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _tic_body(header: list[str] | None = None, *, rows: bool = True) -> bytes:
    """slt_table3.txt layout (title lines, human and machine headers, notes) from bundled values."""
    terms = {
        t: ts.load_treasury_holdings("Russia", term=t).loc[_TIC_SPAN[0] : _TIC_SPAN[1]]
        for t in ("total", "long_term", "short_term")
    }
    lines = [
        "Table 3: U.S. Treasury Securities Held by Foreign Residents 1/",
        "Millions of dollars",
        "",
        "Country\tCountry Code\tDate\tHoldings\tNet U.S. Sales\tHoldings\tNet U.S. Sales\t"
        "Valuation Change\tHoldings\tNet U.S. Sales",
        "\t".join(header or _TIC_HEADER),
    ]
    if rows:
        for period in reversed(terms["total"].index):  # TIC lists the newest month first
            total, lt, st = (terms[t].loc[period] for t in ("total", "long_term", "short_term"))
            lines.append(
                "\t".join(
                    [
                        "Russia",
                        "16101",
                        str(period),
                        _number(total),
                        "",
                        _number(lt),
                        "",
                        "",
                        _number(st),
                        "",
                    ]
                )
            )
    lines += ["", "1/ Estimated foreign holdings of U.S. Treasury securities."]
    return ("\n".join(lines) + "\n").encode()


def treasury_source() -> LiveSource:
    text = "text/plain"
    drifted = [c if c != "for_treas_pos" else "for_treas_position" for c in _TIC_HEADER]
    return LiveSource(
        name="treasury",
        paths=("/tic/slt_table3.txt",),
        good={"/tic/slt_table3.txt": Body(_tic_body(), text)},
        empty=Body(_tic_body(rows=False), text),
        drifted=Body(_tic_body(drifted), text),
        drifted_name="for_treas_pos",
        load=lambda s: ts.load_treasury_holdings("Russia", source="treasury", session=s),
        expected=lambda: ts.load_treasury_holdings("Russia").loc[_TIC_SPAN[0] : _TIC_SPAN[1]],
    )


SOURCES: dict[str, Callable[[], LiveSource]] = {
    "census_xlsx": census_xlsx_source,
    "census_api": census_api_source,
    "eia": eia_source,
    "fred": fred_source,
    "treasury": treasury_source,
}
_BUILT: dict[str, LiveSource] = {}


@pytest.fixture(params=sorted(SOURCES))
def live_source(request: pytest.FixtureRequest) -> LiveSource:
    """Each live source in turn (built once per test session)."""
    name = str(request.param)
    if name not in _BUILT:
        _BUILT[name] = SOURCES[name]()
    return _BUILT[name]


def live_sources() -> dict[str, LiveSource]:
    """Every live source, by name."""
    for name, make in SOURCES.items():
        if name not in _BUILT:
            _BUILT[name] = make()
    return dict(_BUILT)

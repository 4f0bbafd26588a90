"""Bundled and live give the same object: every loader × source on a loopback server.

For each loader, the live source is served from 127.0.0.1 in the agency's real format: the real
Census ``country.xlsx`` and ``enduse_imports.xlsx`` files from ../shared/data, and for the JSON,
CSV and text APIs bodies in their real layouts carrying the bundled values. The same request must
then give the same shape, index, dtypes, provenance fields and typed errors from either source.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.sources import Provenance
from tradeshock.sources.composition import ENDUSE_PATH

XLSX = "census/raw/cesinco__tableau-dashboard-extension-d3js/country.xlsx"
ENDUSE = "census/commodities/raw/iriswang-creator__US_Trade_Analytics_/enduse_imports.xlsx"
KEY = "PARITY-TEST-KEY-0d9c"
API_SPAN = ("2013-01", "2014-12")
FRED_SPAN = ("2010-01", "2012-12")
TIC_SPAN = ("2020-01", "2021-12")


# --- real-format bodies ------------------------------------------------------------------------


def _census_api_body(value: str, column: str) -> bytes:
    """International Trade API JSON: a header row, then strings, whole dollars."""
    bundled = ts.load_trade("Russia", freq="M", start=API_SPAN[0], end=API_SPAN[1])
    rows: list[list[str]] = [["CTY_NAME", value, "CTY_CODE", "time"]]
    for period, amount in bundled[column].items():
        rows.append(["RUSSIA", str(round(float(amount) * 1e6)), "4621", str(period)])
    return json.dumps(rows).encode()


def _eia_body(rows: list[dict[str, str]], frequency: str) -> bytes:
    """EIA API v2 ``response.data`` JSON."""
    return json.dumps(
        {
            "response": {
                "total": str(len(rows)),
                "dateFormat": "YYYY" if frequency == "annual" else "YYYY-MM",
                "frequency": frequency,
                "data": rows,
            },
            "request": {"command": "/v2/petroleum/data/", "params": {}},
            "apiVersion": "2.1.12",
        }
    ).encode()


def _petroleum_rows() -> list[dict[str, str]]:
    bundled = ts.load_petroleum_imports("Russia")
    series = bundled.attrs["series_ids"]["Russia"]
    return [
        {"period": str(p.year), "series": series, "value": f"{v:.0f}", "units": "MBBL"}
        for p, v in bundled["Russia"].items()
        if not np.isnan(v)
    ]


def _price_rows() -> list[dict[str, str]]:
    bundled = ts.load_oil_price("brent", freq="M")
    return [
        {"period": str(p), "series": "RBRTE", "value": repr(float(v)), "units": "$/BBL"}
        for p, v in bundled.items()
    ]


def _fred_body() -> bytes:
    """fredgraph.csv with one daily observation per month (its monthly mean is that value)."""
    monthly = ts.load_oil_price("brent", freq="M").loc[FRED_SPAN[0] : FRED_SPAN[1]]
    lines = ["observation_date,DCOILBRENTEU"]
    lines += [f"{p.start_time:%Y-%m-%d},{float(v)!r}" for p, v in monthly.items()]
    return ("\n".join(lines) + "\n").encode()


def _tic_body() -> bytes:
    """slt_table3.txt: title lines, human and machine headers, newest month first, notes."""
    terms = {
        t: ts.load_treasury_holdings("Russia", term=t).loc[TIC_SPAN[0] : TIC_SPAN[1]]
        for t in ("total", "long_term", "short_term")
    }
    header = [
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
    lines = [
        "Table 3: U.S. Treasury Securities Held by Foreign Residents 1/",
        "Millions of dollars",
        "",
        "Country\tCountry Code\tDate\tHoldings\tNet U.S. Sales\tHoldings\tNet U.S. Sales\t"
        "Valuation Change\tHoldings\tNet U.S. Sales",
        "\t".join(header),
    ]
    for period in reversed(terms["total"].index):
        values = [f"{float(terms[t].loc[period]):g}" for t in ("total", "long_term", "short_term")]
        cells = ["Russia", "16101", str(period), values[0], "", values[1], "", "", values[2], ""]
        lines.append("\t".join(cells))
    lines += ["", "1/ Estimated foreign holdings of U.S. Treasury securities."]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def agency(shared_data: Path) -> Iterator[HTTPServer]:
    """One loopback server answering for every agency, in each agency's real format."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    octet = "application/octet-stream"
    server.expect_request("/ft/balance/country.xlsx").respond_with_data(
        (shared_data / XLSX).read_bytes(), content_type=octet
    )
    server.expect_request("/ft" + ENDUSE_PATH).respond_with_data(
        (shared_data / ENDUSE).read_bytes(), content_type=octet
    )
    js = "application/json"
    for flow, value in (("exports", "ALL_VAL_MO"), ("imports", "GEN_VAL_MO")):
        server.expect_request(f"/api/{flow}/hs").respond_with_data(
            _census_api_body(value, flow), content_type=js
        )
    server.expect_request("/v2/petroleum/move/impcus/data/").respond_with_data(
        _eia_body(_petroleum_rows(), "annual"), content_type=js
    )
    server.expect_request("/v2/petroleum/pri/spt/data/").respond_with_data(
        _eia_body(_price_rows(), "monthly"), content_type=js
    )
    server.expect_request("/graph/fredgraph.csv").respond_with_data(
        _fred_body(), content_type="text/csv"
    )
    server.expect_request("/tic/slt_table3.txt").respond_with_data(
        _tic_body(), content_type="text/plain"
    )
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def live(agency: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """Point every live source at the loopback server; keys come from the environment."""
    root = agency.url_for("").rstrip("/")
    for env, prefix in (
        ("TRADESHOCK_CENSUS_URL", "/ft"),
        ("TRADESHOCK_CENSUS_API_URL", "/api"),
        ("TRADESHOCK_EIA_URL", "/v2"),
        ("TRADESHOCK_FRED_URL", "/graph"),
        ("TRADESHOCK_TREASURY_URL", "/tic"),
    ):
        monkeypatch.setenv(env, root + prefix)
    monkeypatch.setenv("EIA_API_KEY", KEY)
    monkeypatch.setenv("CENSUS_API_KEY", KEY)
    return agency


# --- the cases: one per loader and live source -------------------------------------------------

Load = Callable[..., Any]
#: name → (loader, arguments, live source, a request outside the data, an unknown name)
CASES: dict[str, tuple[Load, dict[str, Any], str, dict[str, Any], dict[str, Any] | None]] = {
    "trade-Y-xlsx": (
        ts.load_trade,
        {"partner": "Russia"},
        "census",
        {"start": 2030},
        {"partner": "Atlantis"},
    ),
    "trade-M-xlsx": (
        ts.load_trade,
        {"partner": "Russia", "freq": "M", "start": 2014, "end": 2015},
        "census",
        {"start": "2030-01", "end": None},
        {"partner": "Atlantis"},
    ),
    "trade-M-api": (
        ts.load_trade,
        {"partner": "Russia", "freq": "M", "start": API_SPAN[0]},
        "census-api",
        {"start": "2030-01"},
        {"partner": "Atlantis"},
    ),
    "panel-xlsx": (
        ts.load_trade_panel,
        {"flow": "imports", "start": 2000, "end": 2005},
        "census",
        {"start": 2030, "end": None},
        None,
    ),
    "ranks-xlsx": (ts.partner_ranks, {"year": 2012}, "census", {"year": 2030}, None),
    "petroleum-eia": (
        ts.load_petroleum_imports,
        {"origins": "Russia"},
        "eia",
        {"start": 2030},
        {"origins": "Atlantis"},
    ),
    "oil-eia": (ts.load_oil_price, {"benchmark": "brent"}, "eia", {"start": "2040-01"}, None),
    "oil-fred": (
        ts.load_oil_price,
        {"benchmark": "brent", "start": FRED_SPAN[0], "end": FRED_SPAN[1]},
        "fred",
        {"start": "2040-01", "end": None},
        None,
    ),
    "treasury": (
        ts.load_treasury_holdings,
        {"holder": "Russia", "start": TIC_SPAN[0]},
        "treasury",
        {"start": "2040-01"},
        {"holder": "Atlantis"},
    ),
    "composition-enduse": (
        ts.load_trade_composition,
        {"partner": "Russia", "start": 2016},
        "census",
        {"start": 2040},
        {"partner": "Atlantis"},
    ),
}


def _shape(obj: Any) -> dict[str, Any]:
    """What must agree between sources: type, index kind, columns and dtypes, attrs keys."""
    index = obj.index
    return {
        "type": type(obj).__name__,
        "index": (type(index).__name__, index.name, getattr(index, "freqstr", None)),
        "columns": list(obj.columns) if isinstance(obj, pd.DataFrame) else obj.name,
        "dtypes": [str(d) for d in obj.dtypes] if isinstance(obj, pd.DataFrame) else str(obj.dtype),
        "attrs": sorted(obj.attrs),
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_shape_dtypes_and_provenance_from_either_source(live: HTTPServer, case: str) -> None:
    load, kwargs, source, _, _ = CASES[case]
    bundled = load(**kwargs)
    fetched = load(**kwargs, source=source)
    if case.startswith("ranks"):  # rows are partners: the live file has a few codes more or less
        assert list(fetched.columns) == list(bundled.columns)
        assert list(fetched.dtypes) == list(bundled.dtypes)
    elif case.startswith("composition"):  # the snapshot also has 2014-2015 codes (zero later)
        assert set(fetched.columns) <= set(bundled.columns)
        assert set(fetched.dtypes) == set(bundled.dtypes) == {np.dtype("float64")}
        assert {**_shape(fetched), "columns": 0, "dtypes": 0} == {
            **_shape(bundled),
            "columns": 0,
            "dtypes": 0,
        }
    else:
        assert _shape(fetched) == _shape(bundled)
    mine, theirs = Provenance.of(fetched), Provenance.of(bundled)
    for field in ("dataset", "units", "freq", "licence"):
        assert getattr(mine, field) == getattr(theirs, field), field
    assert mine.licence  # every dataset says under which terms it may be reused
    assert theirs.source.startswith("bundled snapshot")
    assert not mine.source.startswith("bundled")
    assert KEY not in json.dumps(fetched.attrs, default=str)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_request_outside_the_data_raises_not_covered_from_either_source(
    live: HTTPServer, case: str
) -> None:
    load, kwargs, source, outside, _ = CASES[case]
    asked = {**kwargs, **outside}
    with pytest.raises(ts.NotInSnapshotError):
        load(**asked)
    with pytest.raises(ts.NotCoveredError) as info:
        load(**asked, source=source)
    assert not isinstance(info.value, ts.NotInSnapshotError)  # the live error names the live data
    assert "does not cover" in str(info.value)


@pytest.mark.parametrize("case", sorted(c for c in CASES if CASES[c][4] is not None))
def test_an_unknown_name_raises_the_same_error_from_either_source(
    live: HTTPServer, case: str
) -> None:
    load, kwargs, source, _, unknown = CASES[case]
    assert unknown is not None
    asked = {**kwargs, **unknown}
    with pytest.raises(ts.UnknownPartnerError) as bundled:
        load(**asked)
    with pytest.raises(ts.UnknownPartnerError) as fetched:
        load(**asked, source=source)
    assert type(fetched.value) is type(bundled.value)


@pytest.mark.parametrize("case", sorted(c for c in CASES if "start" in CASES[c][3]))
def test_start_after_end_is_a_validation_error_from_either_source(
    live: HTTPServer, case: str
) -> None:
    load, kwargs, source, _, _ = CASES[case]
    freq = kwargs.get(
        "freq", "M" if load in (ts.load_oil_price, ts.load_treasury_holdings) else "Y"
    )
    bad = {"start": "2012-06", "end": "2011-06"} if freq == "M" else {"start": 2012, "end": 2011}
    asked = {**kwargs, **bad}
    with pytest.raises(ts.ValidationError, match="after"):
        load(**asked)
    with pytest.raises(ts.ValidationError, match="after"):
        load(**asked, source=source)


def test_live_trade_values_equal_bundled_where_both_come_from_the_same_file(
    live: HTTPServer,
) -> None:
    # the real 2024 country.xlsx (S1) is the snapshot's source for 1985-2023
    bundled = ts.load_trade("Russia", freq="M", start=2000, end=2023)
    fetched = ts.load_trade("Russia", freq="M", start=2000, end=2023, source="census")
    pd.testing.assert_frame_equal(fetched, bundled, check_exact=True)


def test_old_key_keyword_still_works_with_a_deprecation_warning(live: HTTPServer) -> None:
    with pytest.warns(DeprecationWarning, match="api_key"):
        frame = ts.load_trade("Russia", freq="M", source="census-api", key=KEY)
    expected = ts.load_trade("Russia", freq="M", source="census-api", api_key=KEY)
    pd.testing.assert_frame_equal(frame, expected)
    with pytest.raises(ts.ValidationError, match="once"):
        ts.load_trade("Russia", source="census-api", key=KEY, api_key="another")

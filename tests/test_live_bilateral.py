"""Live IMF IMTS and UN Comtrade paths of load_bilateral, against pytest-httpserver on 127.0.0.1.

Payloads are the real recorded responses in ``bilateral/api_samples/`` (the R-wrapped Comtrade
recording is unwrapped here exactly as its README describes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradeshock as ts
from tradeshock.errors import SchemaError, SourceError, ValidationError
from tradeshock.parsers.bilateral.comtrade import parse_comtrade_json
from tradeshock.parsers.bilateral.imts import parse_imts_xml
from tradeshock.sources.bilateral import _live
from tradeshock.sources.http import cached_session

KEY = "ComtradeKey-7f3a91c2d4e5b6a8"
IMTS_XML = "imf/openbb_imts_sdmx3_data_USA.XG_FOB_USD.G001-G998.A_2023-2024.xml"
IMTS_PATH = "/sdmx/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD+MG_CIF_USD.G998.A"
COMTRADE_JSON = "comtrade/data/HS-60a6ad.json"
COMTRADE_R = "comtrade/goods/HS-5e2730.R"
EMPTY_R = "comtrade/services/EB-b31ccb.R"
ACCESS_DENIED = {
    "statusCode": 401,
    "message": "Access denied due to invalid subscription key. "
    "Make sure to provide a valid key for an active subscription.",
}
RATE_LIMIT = {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."}


@pytest.fixture
def samples(shared_data: Path) -> Path:
    return shared_data / "bilateral" / "api_samples"


def _r_body(path: Path) -> bytes:
    """The JSON body inside an httr2 recording: the string in charToRaw("…"), unescaped."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'charToRaw\("((?:[^"\\]|\\.)*)"\)', text, re.S)
    assert match is not None
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), match.group(1)
    ).encode()


def _session(server: HTTPServer, tmp_path: Path, **kwargs: object) -> object:
    return cached_session(
        cache_dir=tmp_path,
        base_urls={"imf": server.url_for("/sdmx"), "comtrade": server.url_for("/ct")},
        **kwargs,
    )


# --- IMF IMTS ------------------------------------------------------------------------------


def test_imf_values_are_dollars_not_scaled_twice(
    httpserver: HTTPServer, samples: Path, tmp_path: Path
) -> None:
    body = (samples / IMTS_XML).read_bytes()
    httpserver.expect_request(IMTS_PATH).respond_with_data(body, content_type="application/xml")
    frame = ts.load_bilateral(
        "United States",
        "European Union",
        source="imf",
        start=2023,
        end=2024,
        session=_session(httpserver, tmp_path),
    )
    # 369756760426 USD with SCALE="6": 369,756.760426 million (SOURCES.md §6.2), not 3.7e11
    assert frame.loc["2023", "exports"] == pytest.approx(369756.760426, rel=1e-12)
    assert frame.loc["2024", "exports"] == pytest.approx(371064.529410, rel=1e-12)
    assert frame["imports"].isna().all()
    assert frame.attrs["compiler"] == "IMF IMTS"
    assert frame.attrs["source"].startswith("IMF IMTS (live): http://")
    assert frame.attrs["dataset"] == "IMF.STA/IMTS"
    request = httpserver.log[0][0]
    assert request.headers["Accept"] == "application/xml"
    # as the recorded request sends it (api_samples/README.md): a literal '+' between bounds
    assert request.query_string.decode() == (
        "c%5BTIME_PERIOD%5D=ge:2023-01-01+le:2024-12-31&dimensionAtObservation=TIME_PERIOD"
    )


def test_imf_sample_parses_world_and_eu(samples: Path) -> None:
    tidy = parse_imts_xml((samples / IMTS_XML).read_bytes())
    cell = {(r.partner, r.period): r.value for r in tidy.itertuples()}
    assert cell[("WLD", "2023")] == pytest.approx(2019551.635133)  # = legacy W00 in millions
    assert set(tidy["flow"]) == {"exports"}


def test_imf_monthly_periods_and_other_indicators() -> None:
    xml = (
        b'<m:StructureSpecificData xmlns:m="urn:m"><m:DataSet>'
        b'<Series COUNTRY="CHN" INDICATOR="MG_CIF_USD" COUNTERPART_COUNTRY="RUS" '
        b'FREQUENCY="M" SCALE="6"><Obs OBS_VALUE="1500000000" TIME_PERIOD="2023-M01"/>'
        b'<Obs OBS_VALUE="" TIME_PERIOD="2023-M02"/></Series>'
        b'<Series COUNTRY="CHN" INDICATOR="TBG_USD" COUNTERPART_COUNTRY="RUS" FREQUENCY="M">'
        b'<Obs OBS_VALUE="1" TIME_PERIOD="2023-M01"/></Series></m:DataSet>'
        b"</m:StructureSpecificData>"
    )
    tidy = parse_imts_xml(xml)
    assert tidy[["flow", "period", "value"]].values.tolist() == [["imports", "2023-01", 1500.0]]


def test_imf_204_is_no_data_not_an_empty_frame(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(IMTS_PATH).respond_with_data(b"", status=204)
    with pytest.raises(SourceError, match="no data"):
        ts.load_bilateral(
            "United States", "EU", source="imf", session=_session(httpserver, tmp_path)
        )


def test_imf_bad_xml_is_a_schema_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(IMTS_PATH).respond_with_data(b"<oops", content_type="text/xml")
    with pytest.raises(SchemaError, match="not XML"):
        ts.load_bilateral(
            "United States", "EU", source="imf", session=_session(httpserver, tmp_path)
        )


# --- UN Comtrade ---------------------------------------------------------------------------


def test_both_comtrade_recordings_hold_the_same_records(samples: Path) -> None:
    plain = parse_comtrade_json((samples / COMTRADE_JSON).read_bytes())
    wrapped = parse_comtrade_json(_r_body(samples / COMTRADE_R))
    key = ["partner_name", "flow"]
    assert (
        plain.sort_values(key)
        .reset_index(drop=True)
        .equals(wrapped.sort_values(key).reset_index(drop=True))
    )


@pytest.mark.parametrize("sample", [COMTRADE_JSON, COMTRADE_R])
def test_comtrade_key_only_in_header(
    httpserver: HTTPServer, samples: Path, tmp_path: Path, sample: str
) -> None:
    path = samples / sample
    body = _r_body(path) if sample.endswith(".R") else path.read_bytes()
    httpserver.expect_request("/ct/data/v1/get/C/A/HS").respond_with_data(
        body, content_type="application/json; charset=utf-8"
    )
    session = _session(httpserver, tmp_path)
    frame = ts.load_bilateral(
        "China", "Germany", source="comtrade", api_key=KEY, start=2010, end=2010, session=session
    )
    # SOURCES.md §5.6: China-Germany 2010 exports 68,047.1, imports 74,251.3 (USD millions)
    assert round(frame.loc["2010", "exports"], 1) == 68047.1
    assert round(frame.loc["2010", "imports"], 1) == 74251.3
    assert frame.attrs["compiler"] == "UN Comtrade"
    request = httpserver.log[0][0]
    assert request.headers["Ocp-Apim-Subscription-Key"] == KEY
    assert KEY not in request.url
    query = parse_qs(request.query_string.decode())
    assert query["reporterCode"] == ["156"]
    assert query["partnerCode"] == ["276"]
    assert query["cmdCode"] == ["TOTAL"]
    assert query["flowCode"] == ["X,M"]
    assert KEY not in repr(frame.attrs)
    session.close()  # type: ignore[attr-defined]
    for stored in tmp_path.iterdir():
        assert KEY.encode() not in stored.read_bytes(), stored.name


def test_comtrade_without_key_sends_nothing(httpserver: HTTPServer, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"comtradedeveloper\.un\.org"):
        ts.load_bilateral(
            "China", "Germany", source="comtrade", session=_session(httpserver, tmp_path)
        )
    assert httpserver.log == []


@pytest.mark.parametrize(
    ("status", "payload", "match"),
    [
        (401, ACCESS_DENIED, "refused the subscription key"),
        (429, RATE_LIMIT, "rate limit"),
    ],
)
def test_comtrade_401_and_429(
    httpserver: HTTPServer, tmp_path: Path, status: int, payload: dict[str, object], match: str
) -> None:
    httpserver.expect_request("/ct/data/v1/get/C/A/HS").respond_with_json(payload, status=status)
    with pytest.raises(SourceError, match=match) as info:
        ts.load_bilateral(
            "China",
            "Germany",
            source="comtrade",
            api_key=KEY,
            start=2010,
            end=2010,
            session=_session(httpserver, tmp_path, retries=0),
        )
    assert KEY not in str(info.value)
    assert KEY not in str(info.value.url)


def test_comtrade_empty_200_is_no_data(
    httpserver: HTTPServer, samples: Path, tmp_path: Path
) -> None:
    httpserver.expect_request("/ct/data/v1/get/C/A/HS").respond_with_data(
        _r_body(samples / EMPTY_R), content_type="application/json"
    )
    with pytest.raises(SourceError, match="no data"):
        ts.load_bilateral(
            "China",
            "Germany",
            source="comtrade",
            api_key=KEY,
            start=2010,
            end=2010,
            session=_session(httpserver, tmp_path),
        )


def test_comtrade_splits_periods_and_checks_count(
    httpserver: HTTPServer, samples: Path, tmp_path: Path
) -> None:
    sample = (samples / COMTRADE_JSON).read_bytes()
    empty = _r_body(samples / EMPTY_R)

    def handler(request: Request) -> Response:
        periods = parse_qs(request.query_string.decode())["period"][0].split(",")
        return Response(sample if "2010" in periods else empty, content_type="application/json")

    httpserver.expect_request("/ct/data/v1/get/C/A/HS").respond_with_handler(handler)
    frame = ts.load_bilateral(
        "China",
        "Germany",
        source="comtrade",
        api_key=KEY,
        start=1995,
        end=2020,
        session=_session(httpserver, tmp_path),
    )
    asked = [parse_qs(e[0].query_string.decode())["period"][0].split(",") for e in httpserver.log]
    assert len(asked) == 3
    assert all(len(p) <= _live.COMTRADE_PERIODS_PER_CALL for p in asked)
    assert sorted(y for p in asked for y in p) == [str(y) for y in range(1995, 2021)]
    assert frame["exports"].notna().sum() == 1


def test_comtrade_count_at_the_cap_is_refused(
    httpserver: HTTPServer, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_live, "COMTRADE_MAX_RECORDS", 4)
    httpserver.expect_request("/ct/data/v1/get/C/A/HS").respond_with_data(
        (samples / COMTRADE_JSON).read_bytes(), content_type="application/json"
    )
    with pytest.raises(SourceError, match="cap"):
        ts.load_bilateral(
            "China",
            "Germany",
            source="comtrade",
            api_key=KEY,
            start=2010,
            end=2010,
            session=_session(httpserver, tmp_path),
        )


def test_comtrade_count_mismatch_and_error_bodies(samples: Path) -> None:
    body = json.loads((samples / COMTRADE_JSON).read_bytes())
    body["count"] = 5
    with pytest.raises(SchemaError, match="count 5 but 4"):
        parse_comtrade_json(json.dumps(body).encode())
    with pytest.raises(SourceError, match="rejected"):
        parse_comtrade_json(b'{"count":0,"data":[],"error":"All calls are rejected by policy."}')
    with pytest.raises(SchemaError, match="not JSON"):
        parse_comtrade_json(b"<html>")

"""Census HS loader and the food-embargo claim against pytest-httpserver (127.0.0.1).

The parser is tested on the real API sample (``../shared/data/census/samples``). The HS2
payload the loopback server answers is written in the API's own format (header first, every
value a string in whole dollars, predicates echoed, rows separated by ``,\\n``) with REAL
values: U.S.-reported exports to Russia by HS chapter, 2013–2019, from the UN Comtrade extract
in ``../shared/data/census/commodities`` (their chapter totals equal Census's to 0.9 million,
SOURCES.md §5). They are used here to test and never shipped.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.claims import HOLDS, check_claims
from tradeshock.errors import SchemaError, SourceError, ValidationError
from tradeshock.parsers.census_api import hs_annual_table, parse_intltrade_json
from tradeshock.sources import load_trade_hs

KEY = "CENSUS-HS-KEY-7c1f0a"
HS10 = "census/samples/intltrade_exports_hs_HS10_2710121510_CTY1220_from2016-01.json"
COMTRADE_EXPORTS = "census/commodities/russia_exports_by_hs2_annual.csv"
CLIENT_LOGGERS = ("tradeshock", "requests_cache", "urllib3")  # not the test server's own log
HEADER = ["E_COMMODITY", "E_COMMODITY_LDESC", "ALL_VAL_YR", "COMM_LVL", "CTY_CODE", "MONTH", "time"]


@pytest.fixture(scope="module")
def exports_by_chapter(shared_data: Path) -> pd.DataFrame:
    table = pd.read_csv(shared_data / COMTRADE_EXPORTS, dtype={"hs2": str})
    return table.loc[table["year"] >= 2013]


def api_body(rows: pd.DataFrame) -> bytes:
    """The API's layout: one JSON array of arrays, header first, rows joined by ',\\n'."""
    lines = [json.dumps(HEADER)] + [
        json.dumps(
            [r.hs2, r.description, str(int(r.exports_usd)), "HS2", "4621", "12", f"{r.year}-12"]
        )
        for r in rows.itertuples()
    ]
    return ("[" + ",\n".join(lines) + "]").encode()


@pytest.fixture
def hs_server(
    httpserver: HTTPServer, exports_by_chapter: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> HTTPServer:
    httpserver.expect_request("/api/exports/hs").respond_with_data(
        api_body(exports_by_chapter), content_type="application/json;charset=utf-8"
    )
    monkeypatch.setenv("TRADESHOCK_CENSUS_API_URL", httpserver.url_for("/api"))
    return httpserver


# --- parser ------------------------------------------------------------------------------------


def test_parser_reads_the_real_sample_and_refuses_monthly_rows(shared_data: Path) -> None:
    parsed = parse_intltrade_json((shared_data / HS10).read_bytes())
    assert list(parsed["E_COMMODITY"].unique()) == ["2710121510"]
    assert parsed["ALL_VAL_MO"].iloc[0] == pytest.approx(0.155905)
    with pytest.raises(SchemaError, match="ALL_VAL_YR"):
        hs_annual_table(parsed, "exports")
    monthly = parsed.rename(columns={"ALL_VAL_MO": "ALL_VAL_YR"})
    with pytest.raises(SchemaError, match="not a December"):
        hs_annual_table(monthly, "exports")


def test_parser_table(exports_by_chapter: pd.DataFrame) -> None:
    table = hs_annual_table(parse_intltrade_json(api_body(exports_by_chapter)), "exports")
    assert table.index.freqstr.startswith("Y")
    assert table.index.name == "period"
    expected = exports_by_chapter.pivot(index="year", columns="hs2", values="exports_usd") / 1e6
    assert table.loc["2013", "02"] == pytest.approx(expected.loc[2013, "02"], rel=1e-12)
    # chapter 02 is absent from the 2018 rows (no exports): 0 in a listed year, never NaN
    assert pd.isna(expected.loc[2018, "02"])
    assert table.loc["2018", "02"] == 0.0
    assert table.attrs["categories"]["02"] == "Meat and edible meat offal"


def test_parser_year_without_rows_is_nan_and_duplicates_fail() -> None:
    header = '["E_COMMODITY","ALL_VAL_YR","time"]'
    body = f'[{header},\n["02","5000000","2013-12"],\n["02","1000000","2015-12"]]'.encode()
    table = hs_annual_table(parse_intltrade_json(body), "exports")
    assert table["02"].tolist()[0] == 5.0
    assert pd.isna(table["02"].tolist()[1])
    twice = f'[{header},\n["02","5","2013-12"],\n["02","6","2013-12"]]'.encode()
    with pytest.raises(SchemaError, match="twice"):
        hs_annual_table(parse_intltrade_json(twice), "exports")
    with pytest.raises(SchemaError, match="flow"):
        hs_annual_table(parse_intltrade_json(body), "re-exports")


# --- loader --------------------------------------------------------------------------------------


def test_loader_query_values_and_key_safety(
    hs_server: HTTPServer, exports_by_chapter: pd.DataFrame
) -> None:
    frame = load_trade_hs("Russia", api_key=KEY)
    query = hs_server.log[0][0].args
    assert query["get"] == "E_COMMODITY,E_COMMODITY_LDESC,ALL_VAL_YR"
    assert (query["COMM_LVL"], query["CTY_CODE"], query["MONTH"]) == ("HS2", "4621", "12")
    assert query["time"] == "from 2013-01"
    assert frame.attrs["units"] == "USD millions"
    assert frame.attrs["valuation"].startswith("total exports")
    expected = exports_by_chapter.groupby("year")["exports_usd"].sum() / 1e6
    totals = frame.sum(axis=1)
    assert totals.tolist() == pytest.approx(expected.tolist(), rel=1e-12)
    assert KEY not in json.dumps(frame.attrs)
    load_trade_hs("Russia", api_key=KEY)
    assert len(hs_server.log) == 1  # the second call is served from the cache


@pytest.mark.parametrize(
    ("body", "status", "error", "message"),
    [
        (b"", 204, SourceError, "no data"),
        (b"<html><body>Invalid Key</body></html>", 200, SourceError, "HTML"),
        (b'[["E_COMMODITY","time"],["02","2013-12"]]', 200, SchemaError, "ALL_VAL_YR"),
        (b"error: unknown variable 'X'", 400, SourceError, "HTTP 400"),
    ],
)
def test_loader_bad_answers(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    body: bytes,
    status: int,
    error: type[Exception],
    message: str,
) -> None:
    monkeypatch.setenv("TRADESHOCK_CENSUS_API_URL", httpserver.url_for("/api"))
    httpserver.expect_request("/api/exports/hs").respond_with_data(body, status=status)
    with pytest.raises(error, match=message) as caught:
        load_trade_hs("Russia", api_key=KEY)
    assert KEY not in str(caught.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"source": "bundled"},
        {"flow": "re-exports"},
        {"level": "HS3"},
        {"start": 2010},
        {"start": "2015"},
    ],
)
def test_loader_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        load_trade_hs("Russia", **kwargs)  # type: ignore[arg-type]


def test_loader_unknown_partner() -> None:
    with pytest.raises(ts.UnknownPartnerError):
        load_trade_hs("Atlantis")


# --- the claim, live -----------------------------------------------------------------------------


def test_food_embargo_claim_live(hs_server: HTTPServer, exports_by_chapter: pd.DataFrame) -> None:
    report = check_claims("census", api_key=KEY)
    claim = report["counter_sanctions_nullified_us_farm_exports"]
    by_year = exports_by_chapter.pivot(index="year", columns="hs2", values="exports_usd")
    wide = by_year.reindex(columns=["02", "03", "04", "07", "08", "16"]).sum(axis=1) / 1e6
    by_2015 = wide[2015] / wide[2013] - 1
    lowest = wide.loc[2014:].min() / wide[2013] - 1
    found = {f.label: f.value for f in claim.findings}
    assert found["wide chapters (02, 03, 04, 07, 08, 16), by 2015"] == pytest.approx(by_2015)
    assert found["wide chapters (02, 03, 04, 07, 08, 16), any year to the latest"] == (
        pytest.approx(lowest)
    )
    # issue 16: "from about $656m in 2013 to about $8m in 2015"
    assert round(wide[2013]) == 656
    assert round(wide[2015]) == 8
    assert claim.data_figure == "2013 $656.3m → 2015 $8.2m (-98.7%)"  # as the tutorial says
    assert claim.verdict == HOLDS
    assert claim.checked_with == "census (live)"
    assert "1 needs live data" not in report.summary()
    assert KEY not in report.render("json")
    assert KEY not in repr(report)


def test_key_never_reaches_cache_errors_or_logs(
    httpserver: HTTPServer,
    exports_by_chapter: pd.DataFrame,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A good answer is cached without the key; failing answers that echo it never leak it."""
    from werkzeug import Request, Response

    from tradeshock.sources.http import cached_session

    caplog.set_level(logging.DEBUG)
    mode = {"now": "good"}
    good = api_body(exports_by_chapter)

    def handle(request: Request) -> Response:
        echo = f"you sent {request.query_string.decode()}"
        if mode["now"] == "good":
            return Response(good, content_type="application/json")
        if mode["now"] == "html":
            return Response(f"<html>Invalid key. {echo}</html>", content_type="text/html")
        return Response(f"server error: {echo}", status=500)

    httpserver.expect_request("/api/exports/hs").respond_with_handler(handle)
    session = cached_session(
        cache_dir=tmp_path, base_urls={"census_api": httpserver.url_for("/api")}, retries=0
    )
    load_trade_hs("Russia", api_key=KEY, session=session)
    texts = []
    for failure in ("html", "500"):
        mode["now"] = failure
        session.cache.clear()  # type: ignore[attr-defined]
        with pytest.raises(SourceError) as caught:
            load_trade_hs("Russia", api_key=KEY, session=session)
        texts.append(f"{caught.value}\n{caught.value!r}\n{getattr(caught.value, 'url', '')}")
    mode["now"] = "good"
    load_trade_hs("Russia", api_key=KEY, session=session)
    session.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert len(stored) > 1000  # the good answer really was cached
    assert KEY.encode() not in stored
    assert all(KEY not in text for text in texts)
    client = [r for r in caplog.records if r.name.split(".")[0] in CLIENT_LOGGERS]
    assert client  # the client side logged requests (with the key redacted)
    assert all(KEY not in r.getMessage() for r in client)
    assert any(f"key={KEY}" in entry[0].query_string.decode() for entry in httpserver.log)


def test_cli_claims_source_census(
    hs_server: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from tradeshock.cli import main

    assert main(["claims", "--source", "census", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    food = next(
        c for c in document["claims"] if c["id"] == "counter_sanctions_nullified_us_farm_exports"
    )
    assert food["verdict"] == HOLDS
    assert len(food["findings"]) == 4
    assert "needs live data" not in document["summary"]


def test_imports_flow_reads_general_imports(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADESHOCK_CENSUS_API_URL", httpserver.url_for("/api"))
    # USTR's published 2019 figure for HS 27 imports from Russia, customs basis: "$13 billion"
    # (quoted in ../shared/data/census/commodities/SOURCES.md §5)
    body = (
        b'[["I_COMMODITY","I_COMMODITY_LDESC","GEN_VAL_YR","COMM_LVL","CTY_CODE","MONTH","time"],\n'
        b'["27","MINERAL FUEL","13000000000","HS2","4621","12","2019-12"]]'
    )
    httpserver.expect_request("/api/imports/hs").respond_with_data(body)
    frame = load_trade_hs("RUS", flow="imports")
    assert httpserver.log[0][0].args["get"] == "I_COMMODITY,I_COMMODITY_LDESC,GEN_VAL_YR"
    assert float(frame.loc["2019", "27"]) == 13_000.0
    assert frame.attrs["valuation"] == "general imports, customs value"
    assert frame.attrs["categories"] == {"27": "MINERAL FUEL"}

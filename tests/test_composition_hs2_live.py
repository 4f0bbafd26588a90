"""HS 2-digit composition, live from UN Comtrade (the snapshot no longer bundles it).

The loopback server answers in Comtrade's v1 record format (the 47 keys of the real sample in
``bilateral/api_samples/comtrade/``) with the real U.S.-reported HS chapters of the legacy
extract in ``census/commodities/extracts/``, so the figures of the former bundled tables are
checked again on the live path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradeshock as ts
from tradeshock.errors import ValidationError
from tradeshock.parsers.commodities import parse_comtrade_hs2
from tradeshock.sources.http import cached_session

KEY = "ComtradeKey-hs2-5b1e7c90aa"
COMMODITIES = "census/commodities"
EXTRACT = f"{COMMODITIES}/extracts/comtrade_usa_reporter_russia_partner_hs2_2010_2019.csv"
SAMPLE = "bilateral/api_samples/comtrade/data/HS-60a6ad.json"


def _records(shared: Path) -> list[dict[str, Any]]:
    """The extract's rows as Comtrade v1 records (template: the real recorded record)."""
    template = json.loads((shared / SAMPLE).read_bytes())["data"][0]
    tidy = parse_comtrade_hs2((shared / EXTRACT).read_bytes())
    records = []
    for row in tidy.itertuples():
        record = dict(template)
        code = {"imports": "M", "exports": "X", "re-exports": "RX"}[row.flow]
        record.update(
            reporterCode=842,
            reporterISO="USA",
            reporterDesc="USA",
            partnerCode=643,
            partnerISO="RUS",
            partnerDesc="Russian Federation",
            flowCode=code,
            cmdCode=row.hs2,
            cmdDesc=row.description,
            aggrLevel=2,
            refYear=int(row.year),
            period=str(row.year),
            primaryValue=row.value,
            cifvalue=row.value if code == "M" else None,
            fobvalue=row.value if code == "X" else None,
        )
        records.append(record)
    return records


@pytest.fixture
def hs2_server(shared_data: Path, httpserver: HTTPServer) -> HTTPServer:
    records = _records(shared_data)

    def handler(request: Request) -> Response:
        query = parse_qs(request.query_string.decode())
        years = query["period"][0].split(",")
        data = [
            r
            for r in records
            if r["period"] in years
            and r["flowCode"] in query["flowCode"][0].split(",")
            and query["cmdCode"] == ["AG2"]
        ]
        body = {"elapsedTime": "0.1 secs", "count": len(data), "data": data, "error": ""}
        return Response(json.dumps(body), content_type="application/json; charset=utf-8")

    httpserver.expect_request("/ct/data/v1/get/C/A/HS").respond_with_handler(handler)
    return httpserver


def _load(server: HTTPServer, tmp_path: Path, flow: str = "imports") -> pd.DataFrame:
    session = cached_session(cache_dir=tmp_path, base_urls={"comtrade": server.url_for("/ct")})
    return ts.load_trade_composition(
        "Russia",
        basis="hs2",
        flow=flow,
        source="comtrade",
        api_key=KEY,
        start=2010,
        end=2019,
        session=session,
    )


def test_hs2_live_matches_the_published_figures(hs2_server: HTTPServer, tmp_path: Path) -> None:
    imports = _load(hs2_server, tmp_path)
    exports = _load(hs2_server, tmp_path, "exports")
    assert [p.year for p in imports.index] == list(range(2010, 2020))
    assert imports.attrs["basis"] == "hs2"
    assert "CIF" in imports.attrs["valuation"]
    assert "UN Comtrade (live)" in imports.attrs["source"]
    # SOURCES.md §5: 2019 imports HS 27 13,755.4; HS 71 2,178.5; all chapters 23,185.2;
    # exports 2019 5,786.7 and 2010 5,993.7 (USD million)
    assert round(imports.loc["2019", "27"], 1) == 13755.4
    assert round(imports.loc["2019", "71"], 1) == 2178.5
    assert round(imports.loc["2019"].sum(), 1) == 23185.2
    assert round(exports.loc["2019"].sum(), 1) == 5786.7
    assert round(exports.loc["2010"].sum(), 1) == 5993.7
    asked = [e[0] for e in hs2_server.log]
    assert all(r.headers["Ocp-Apim-Subscription-Key"] == KEY for r in asked)
    assert all(KEY not in r.url for r in asked)
    assert all(len(parse_qs(r.query_string.decode())["period"][0].split(",")) <= 12 for r in asked)


def test_hs2_live_shares_match_the_shared_summary(
    shared_data: Path, hs2_server: HTTPServer, tmp_path: Path
) -> None:
    summary = pd.read_csv(shared_data / COMMODITIES / "russia_import_shares_summary.csv")
    shares = ts.group_shares(_load(hs2_server, tmp_path))
    rows = summary[summary["basis"].str.startswith("HS2")]
    assert len(rows) == 10
    for row in rows.itertuples():
        assert round(100 * shares.loc[str(row.year), "oil"], 1) == row.share_oil_pct
        assert round(100 * shares.loc[str(row.year), "metals"], 1) == row.share_metals_pct


def test_hs2_live_every_extract_cell(
    shared_data: Path, hs2_server: HTTPServer, tmp_path: Path
) -> None:
    raw = pd.read_csv(shared_data / EXTRACT, dtype=str)
    for flow, name in (("imports", "Import"), ("exports", "Export")):
        composition = _load(hs2_server, tmp_path / flow, flow)
        rows = raw[raw["Trade.Flow"] == name]
        assert len(rows) == int((composition != 0).sum().sum())
        for row in rows.itertuples():
            value = composition.loc[row.Year, row._9.zfill(2)]
            assert value * 1e6 == pytest.approx(float(row._11), abs=0.5)


def test_comtrade_composition_needs_a_key_and_hs2(httpserver: HTTPServer) -> None:
    with pytest.raises(ValidationError, match="subscription key"):
        ts.load_trade_composition("Russia", basis="hs2", source="comtrade")
    with pytest.raises(ValidationError, match="basis='hs2' only"):
        ts.load_trade_composition("Russia", source="comtrade", api_key=KEY)
    assert httpserver.log == []

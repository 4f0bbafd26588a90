"""Live loaders parse a response body once (issue 19): tradeshock.sources._memo."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.parsers import fred as fred_parser
from tradeshock.sources import _memo
from tradeshock.sources.http import cached_session


@pytest.fixture(autouse=True)
def _fresh_memo() -> Iterator[None]:
    _memo.clear()
    yield
    _memo.clear()


def test_same_body_parses_once_and_callers_get_copies() -> None:
    calls: list[bytes] = []

    def parse(content: bytes) -> pd.DataFrame:
        calls.append(content)
        return pd.DataFrame({"x": [len(content)]})

    first = _memo.parse_once(parse, b"abc")
    first.loc[0, "x"] = -1  # a caller changing its frame does not change the memo
    second = _memo.parse_once(parse, b"abc")
    assert second.loc[0, "x"] == 3
    assert len(calls) == 1
    _memo.parse_once(parse, b"abcd")  # another body: parsed
    assert len(calls) == 2


def test_closures_over_different_values_are_different_parsers() -> None:
    def parser_for(suffix: str):  # type: ignore[no-untyped-def]
        def parse(content: bytes) -> str:
            return content.decode() + suffix

        return parse

    assert _memo.parse_once(parser_for("-a"), b"x") == "x-a"
    assert _memo.parse_once(parser_for("-b"), b"x") == "x-b"


def test_rejected_bodies_are_not_memoised() -> None:
    calls: list[bytes] = []

    def parse(content: bytes) -> str:
        calls.append(content)
        raise ts.SchemaError("bad body")

    for _ in range(2):
        with pytest.raises(ts.SchemaError):
            _memo.parse_once(parse, b"x")
    assert len(calls) == 2


def test_live_fred_loader_parses_the_cached_body_once(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADESHOCK_FRED_URL", httpserver.url_for("/graph"))
    httpserver.expect_request(
        "/graph/fredgraph.csv", query_string="id=DCOILWTICO"
    ).respond_with_data(
        "observation_date,DCOILWTICO\n2020-04-20,-36.98\n2020-04-21,.\n2020-04-22,13.78\n"
    )
    real = fred_parser.parse_fredgraph_csv
    calls: list[int] = []

    def counting(content: bytes, *, series_id: str) -> pd.Series:
        calls.append(len(content))
        return real(content, series_id=series_id)

    monkeypatch.setattr(fred_parser, "parse_fredgraph_csv", counting)
    session = cached_session()
    results = [ts.load_oil_price("wti", source="fred", session=session) for _ in range(3)]
    assert all(r.equals(results[0]) for r in results)
    assert len(httpserver.log) == 1  # the HTTP cache served the body again
    assert len(calls) == 1  # and the body was parsed once

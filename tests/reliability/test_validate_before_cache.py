"""Validate before caching, through the live loaders (issue 13, items 5-7).

A body that is incomplete, lacks a field or states other units is never stored: without a cached
copy the loader raises a typed error; with one, the good copy is served with a warning and *kept*
(an offline session afterwards still gets it). A partial result is never returned.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
import requests
from pytest_httpserver import HTTPServer

from tradeshock.errors import OfflineError, SchemaError, SourceError, TradeshockError

from .conftest import LiveSource, assert_same, fast_session, live_sources

EIA_PATH = "/v2/petroleum/move/impcus/data/"
TIC_PATH = "/tic/slt_table3.txt"


def _eia_doc() -> dict:
    return json.loads(live_sources()["eia"].good[EIA_PATH].data)


def _eia_without_series() -> bytes:
    doc = _eia_doc()
    for row in doc["response"]["data"]:
        row.pop("series")
    return json.dumps(doc).encode()


def _eia_short_page() -> bytes:
    doc = _eia_doc()
    doc["response"]["total"] = str(len(doc["response"]["data"]) + 12)  # 12 rows missing
    return json.dumps(doc).encode()


def _eia_empty_page_with_total() -> bytes:
    doc = _eia_doc()
    doc["response"]["total"] = str(len(doc["response"]["data"]))
    doc["response"]["data"] = []
    return json.dumps(doc).encode()


def _eia_units(units: str) -> Callable[[], bytes]:
    def body() -> bytes:
        doc = _eia_doc()
        for row in doc["response"]["data"]:
            row["units"] = units
        return json.dumps(doc).encode()

    return body


def _tic_lines() -> list[bytes]:
    return live_sources()["treasury"].good[TIC_PATH].data.splitlines(keepends=True)


def _tic_cut_at_line() -> bytes:
    lines = _tic_lines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith(b"country\t"))
    return b"".join(lines[: header_at + 1 + 6])  # 6 of 24 months, no Content-Length to tell


def _tic_billions() -> bytes:
    return b"".join(_tic_lines()).replace(b"Millions of dollars", b"Billions of dollars")


BAD: dict[str, tuple[str, str, Callable[[], bytes], type[TradeshockError], str]] = {
    # name: (source, path, bad body, error type, words the message must hold)
    "eia_missing_series": ("eia", EIA_PATH, _eia_without_series, SchemaError, "series"),
    "eia_short_page": ("eia", EIA_PATH, _eia_short_page, SourceError, "incomplete"),
    "eia_empty_page_total_says_more": (
        "eia",
        EIA_PATH,
        _eia_empty_page_with_total,
        SourceError,
        "incomplete",
    ),
    "eia_units_barrels": ("eia", EIA_PATH, _eia_units("BBL"), SchemaError, "'BBL'"),
    "eia_units_per_day": ("eia", EIA_PATH, _eia_units("MBBL/D"), SchemaError, "'MBBL/D'"),
    "tic_cut_at_line_boundary": ("treasury", TIC_PATH, _tic_cut_at_line, SchemaError, "truncated"),
    "tic_units_billions": ("treasury", TIC_PATH, _tic_billions, SchemaError, "Billions"),
}


class Server:
    """Serves a source's good bodies; ``bad`` switches its target path to a bad 200 body."""

    def __init__(self, server: HTTPServer, source: LiveSource, path: str, bad: bytes) -> None:
        self.bad_on = False
        self.hits = 0
        for each in source.paths:
            good = source.good[each]

            def handle(request: object, each: str = each, good: object = good) -> object:
                from werkzeug import Response

                if each == path and self.bad_on:
                    self.hits += 1
                    return Response(bad, content_type=good.content_type)  # type: ignore[attr-defined]
                return Response(good.data, content_type=good.content_type)  # type: ignore[attr-defined]

            server.expect_request(each).respond_with_handler(handle)


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_body_without_cache_is_a_typed_error_and_not_stored(
    server: HTTPServer, case: str
) -> None:
    name, path, make, error, words = BAD[case]
    source = live_sources()[name]
    board = Server(server, source, path, make())
    board.bad_on = True
    session = fast_session(server)
    with pytest.raises(error) as info:
        source.load(session)
    assert words in str(info.value), str(info.value)
    assert board.hits >= 1
    # nothing was stored: offline, the same request is not in the cache
    offline = fast_session(server, offline=True)
    with pytest.raises(OfflineError):
        source.load(offline)
    offline.close()
    session.close()


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_body_after_good_copy_serves_and_keeps_the_copy(
    server: HTTPServer, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    name, path, make, _, _ = BAD[case]
    source = live_sources()[name]
    board = Server(server, source, path, make())
    session = fast_session(server)
    first = source.load(session)
    session.cache.reset_expiration(datetime(2000, 1, 1, tzinfo=timezone.utc))  # type: ignore[attr-defined]
    board.bad_on = True
    caplog.set_level(logging.WARNING)
    again = source.load(session)
    assert board.hits >= 1
    assert_same(again, first)
    assert_same(again, source.expected(), exact=source.exact)
    assert any(r.levelno >= logging.WARNING and "cached" in r.getMessage() for r in caplog.records)
    session.close()
    # the good copy was kept, not replaced: offline still answers with it
    offline = fast_session(server, offline=True)
    assert_same(source.load(offline), first)
    offline.close()


def test_census_enduse_bad_body_is_not_cached(server: HTTPServer) -> None:
    """The composition loader validates too: an HTML page with 200 is never stored."""
    import tradeshock as ts

    server.expect_request(
        "/ft/statistics/product/enduse/imports/enduse_imports.xlsx"
    ).respond_with_data(
        b"<!DOCTYPE html><html><body>maintenance</body></html>",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # an error page labelled as the spreadsheet
    session = fast_session(server)
    with pytest.raises(TradeshockError):
        ts.load_trade_composition("Russia", basis="enduse", source="census", session=session)
    session.close()
    offline = fast_session(server, offline=True)
    with pytest.raises(OfflineError):
        ts.load_trade_composition("Russia", basis="enduse", source="census", session=offline)
    offline.close()


def test_plain_session_partial_eia_answer_is_an_error(server: HTTPServer) -> None:
    source = live_sources()["eia"]
    board = Server(server, source, EIA_PATH, _eia_short_page())
    board.bad_on = True
    with requests.Session() as plain:
        plain.base_urls = {"eia": server.url_for("/v2")}  # type: ignore[attr-defined]
        with pytest.raises(SourceError, match="incomplete"):
            source.load(plain)

"""A total deadline per request, and ``Retry-After`` values that are odd (issue 13, items 8-9).

The dripping server sends the whole good body, a few bytes at a time, each piece well inside the
read timeout: only a deadline on the whole request stops it. The tests do not time anything;
they check what is raised.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradeshock as ts
from tradeshock.errors import SourceError, ValidationError
from tradeshock.sources import http

from .conftest import assert_same, fast_session, live_sources

PIECE = 16  # bytes per drip
PAUSE = 0.05  # seconds between drips: far below the read timeout


def _dripping(data: bytes, content_type: str) -> Response:
    def pieces() -> Iterator[bytes]:
        for start in range(0, len(data), PIECE):
            time.sleep(PAUSE)
            yield data[start : start + PIECE]

    response = Response(pieces(), content_type=content_type)
    response.headers["Content-Length"] = str(len(data))
    return response


def _drip_treasury(server: HTTPServer) -> None:
    body = live_sources()["treasury"].good["/tic/slt_table3.txt"]
    assert len(body.data) // PIECE * PAUSE > 3  # without a deadline this takes seconds
    server.expect_request("/tic/slt_table3.txt").respond_with_handler(
        lambda request: _dripping(body.data, body.content_type)
    )


def test_default_deadline_is_documented_and_applied() -> None:
    assert 0 < http.DEFAULT_DEADLINE < float("inf")
    session = http.cached_session()
    assert session.deadline == http.DEFAULT_DEADLINE  # type: ignore[attr-defined]
    session.close()
    assert str(int(http.DEFAULT_DEADLINE)) in (http.cached_session.__doc__ or "") + (
        http.__doc__ or ""
    )


def test_dripping_server_is_cut_off_at_the_deadline(server: HTTPServer) -> None:
    _drip_treasury(server)
    session = fast_session(server, deadline=0.5, timeout=(2.0, 5.0))
    with pytest.raises(SourceError, match="deadline") as info:
        ts.load_treasury_holdings("Russia", source="treasury", session=session)
    assert "0.5 seconds" in str(info.value)
    assert info.value.url is not None
    assert "127.0.0.1" in info.value.url
    session.close()


def test_deadline_applies_to_a_plain_session(server: HTTPServer) -> None:
    _drip_treasury(server)
    with requests.Session() as plain:
        plain.base_urls = {"treasury": server.url_for("/tic")}  # type: ignore[attr-defined]
        plain.deadline = 0.5  # type: ignore[attr-defined]
        with pytest.raises(SourceError, match="deadline"):
            ts.load_treasury_holdings("Russia", source="treasury", session=plain)


def test_dripping_after_cached_good_copy_serves_the_copy(server: HTTPServer) -> None:
    source = live_sources()["treasury"]
    body = source.good["/tic/slt_table3.txt"]
    mode = {"drip": False}

    def handle(request: Request) -> Response:
        if mode["drip"]:
            return _dripping(body.data, body.content_type)
        return Response(body.data, content_type=body.content_type)

    server.expect_request("/tic/slt_table3.txt").respond_with_handler(handle)
    session = fast_session(server, deadline=0.5)
    first = source.load(session)
    session.cache.reset_expiration(datetime(2000, 1, 1, tzinfo=timezone.utc))  # type: ignore[attr-defined]
    mode["drip"] = True
    assert_same(source.load(session), first)
    session.close()


@pytest.mark.parametrize("value", [0, -1.0, float("nan"), float("inf"), "soon"])
def test_bad_deadline_is_rejected(value: object) -> None:
    with pytest.raises((ValidationError, TypeError), match="deadline"):
        http.cached_session(deadline=value)  # type: ignore[arg-type]


# --- item 9: Retry-After -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "retry_after", ["1.5", "soon", "-5", "", "nan", "inf", "1e400", "Wed, 21 Oct 2015 07:28:00 GMT"]
)
def test_odd_retry_after_backs_off_and_succeeds(server: HTTPServer, retry_after: str) -> None:
    source = live_sources()["fred"]
    body = source.good["/graph/fredgraph.csv"]
    calls = {"n": 0}

    def handle(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": retry_after})
        return Response(body.data, content_type=body.content_type)

    server.expect_request("/graph/fredgraph.csv").respond_with_handler(handle)
    session = fast_session(server)
    assert_same(source.load(session), source.expected())
    assert calls["n"] == 2
    session.close()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1.5", 1.5),
        ("2", 2.0),
        ("soon", None),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("", None),
        ("100000", "cap"),
        ("1e400", None),
    ],
)
def test_retry_after_parsing(header: str, expected: float | str | None) -> None:
    session = http.cached_session()
    retry = session.get_adapter("https://example.org").max_retries
    response = requests.Response()
    response.status_code = 429
    response.headers["Retry-After"] = header
    raw = type("Raw", (), {"headers": response.headers, "status": 429})()
    got = retry.get_retry_after(raw)
    want = http.RETRY_AFTER_CAP if expected == "cap" else expected
    assert got == want
    session.close()


def test_large_retry_after_is_capped(server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "RETRY_AFTER_CAP", 0.05)
    source = live_sources()["fred"]
    body = source.good["/graph/fredgraph.csv"]
    calls = {"n": 0}

    def handle(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "86400"})
        return Response(body.data, content_type=body.content_type)

    server.expect_request("/graph/fredgraph.csv").respond_with_handler(handle)
    session = fast_session(server)
    assert_same(source.load(session), source.expected())
    assert calls["n"] == 2
    session.close()

"""Faults for every live source, against a real loopback server on 127.0.0.1.

Each fault ends either in the correct (bundled-equal) result or in a typed
:class:`~tradeshock.TradeshockError` with a helpful message — never a partial frame, never a bare
``KeyError``/``JSONDecodeError`` — and a previously cached good response is still served when a
refresh fails (stale-if-error, with a logged warning).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tradeshock.errors import SchemaError, SourceError, TradeshockError

from .conftest import HTML_PAGE, Body, LiveSource, assert_same, fast_session

READ_TIMEOUT = 0.2
SLOW = 0.6  # the slow server sleeps this long: longer than READ_TIMEOUT


def _respond(body: Body, *, extra_length: int = 0, cut: bool = False) -> Response:
    data = body.data[: len(body.data) // 2] if cut else body.data
    response = Response(data, status=body.status, content_type=body.content_type)
    if extra_length or cut:
        # declare the full length but send less: the connection drops mid-body
        response.headers["Content-Length"] = str(len(body.data) + extra_length)
    return response


def _fault(name: str, source: LiveSource) -> Callable[[int], Response]:
    """The fault's answer to the n-th request (1-based) to the source's target path."""
    good = source.good[source.target]

    def answer(n: int) -> Response:
        if name == "retry_after_429":
            if n == 1:
                return Response("slow down", status=429, headers={"Retry-After": "1"})
            return _respond(good)
        if name == "burst_503":
            return Response("busy", status=503) if n <= 3 else _respond(good)
        if name == "down_503":
            return Response("busy", status=503)
        if name == "read_timeout":
            time.sleep(SLOW)
            return _respond(good)
        if name == "truncated":
            return _respond(good, cut=True)
        if name == "html_200":
            return Response(HTML_PAGE, status=200, content_type="text/html; charset=utf-8")
        if name == "html_500":
            return Response(HTML_PAGE, status=500, content_type="text/html; charset=utf-8")
        if name == "html_as_data":  # a misconfigured server labels its error page as data
            return Response(HTML_PAGE, status=200, content_type=good.content_type)
        if name == "empty":
            return _respond(source.empty)
        if name == "drift":
            return _respond(source.drifted)
        raise AssertionError(name)

    return answer


class Switchboard:
    """Serves the source's good bodies; ``fault`` switches the target path to a fault."""

    def __init__(self, server: HTTPServer, source: LiveSource) -> None:
        self.source = source
        self.fault: str | None = None
        self.hits = 0  # requests to the target while the fault is on
        for path in source.paths:
            server.expect_request(path).respond_with_handler(self._handler(path))

    def _handler(self, path: str) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            if path == self.source.target and self.fault is not None:
                self.hits += 1
                return _fault(self.fault, self.source)(self.hits)
            return _respond(self.source.good[path])

        return handle


def _session(server: HTTPServer, fault: str | None) -> requests.Session:
    if fault == "read_timeout":
        return fast_session(server, retries=0, timeout=(2.0, READ_TIMEOUT))
    if fault == "burst_503":
        return fast_session(server, retries=4)
    return fast_session(server, retries=1)


def _expire_all(session: requests.Session) -> None:
    session.cache.reset_expiration(datetime(2000, 1, 1, tzinfo=timezone.utc))  # type: ignore[attr-defined]


RECOVERING = ["retry_after_429", "burst_503"]
FAILING = [
    "down_503",
    "read_timeout",
    "truncated",
    "html_200",
    "html_500",
    "html_as_data",
    "empty",
    "drift",
]


@pytest.mark.parametrize("fault", RECOVERING)
def test_transient_fault_then_correct_result(
    server: HTTPServer, live_source: LiveSource, fault: str
) -> None:
    board = Switchboard(server, live_source)
    board.fault = fault
    session = _session(server, fault)
    assert_same(live_source.load(session), live_source.expected(), exact=live_source.exact)
    assert board.hits == (2 if fault == "retry_after_429" else 4)
    session.close()


def _check_message(fault: str, source: LiveSource, exc: TradeshockError) -> None:
    """Typed, and says what went wrong in words a user can act on."""
    message = str(exc)
    if fault == "down_503":
        assert isinstance(exc, SourceError)
        assert "503" in message
    elif fault == "read_timeout":
        assert isinstance(exc, SourceError)
        assert "timed out" in message
    elif fault == "truncated":
        assert isinstance(exc, SourceError)
        assert "IncompleteRead" in message or "Connection broken" in message
    elif fault in ("html_200", "html_500", "html_as_data"):
        assert isinstance(exc, (SourceError, SchemaError))
        assert "HTML" in message or "500" in message, message
    elif fault == "drift":
        assert isinstance(exc, SchemaError)
        assert source.drifted_name in message
    elif fault == "empty":
        assert "no " in message or "empty" in message, message
    if fault in ("down_503", "read_timeout", "truncated"):
        assert isinstance(exc, SourceError)
        assert exc.url is not None
        assert "127.0.0.1" in exc.url


@pytest.mark.parametrize("fault", FAILING)
def test_fault_without_cache_is_a_typed_error(
    server: HTTPServer, live_source: LiveSource, fault: str
) -> None:
    board = Switchboard(server, live_source)
    board.fault = fault
    session = _session(server, fault)
    with pytest.raises(TradeshockError) as info:
        live_source.load(session)
    _check_message(fault, live_source, info.value)
    assert board.hits >= 1
    # nothing bad was cached: once the server is healthy the right answer comes back
    board.fault = None
    assert_same(live_source.load(session), live_source.expected(), exact=live_source.exact)
    session.close()


@pytest.mark.parametrize("fault", FAILING)
def test_fault_after_cached_good_response_serves_it(
    server: HTTPServer, live_source: LiveSource, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    board = Switchboard(server, live_source)
    session = _session(server, fault)
    first = live_source.load(session)
    _expire_all(session)
    board.fault = fault
    caplog.set_level(logging.WARNING)
    again = live_source.load(session)
    assert board.hits >= 1  # the refresh really met the fault
    assert_same(again, live_source.expected(), exact=live_source.exact)
    assert_same(again, first)
    assert any(
        r.levelno >= logging.WARNING and "cached" in r.getMessage() for r in caplog.records
    ), [r.getMessage() for r in caplog.records]
    session.close()


def test_connection_refused_is_a_typed_error(live_source: LiveSource) -> None:
    # a port nobody listens on: bind one, note it, close it
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    session = fast_session(f"http://127.0.0.1:{port}", retries=1)
    with pytest.raises(SourceError) as info:
        live_source.load(session)
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "ConnectionError" in str(info.value)
    session.close()


def test_server_gone_after_cached_call_serves_cache(
    own_server: HTTPServer, live_source: LiveSource
) -> None:
    Switchboard(own_server, live_source)
    session = fast_session(own_server, retries=1)
    first = live_source.load(session)
    _expire_all(session)
    own_server.stop()
    assert_same(live_source.load(session), first)
    session.close()


# --- the cache file itself -----------------------------------------------------------------


def test_corrupt_cache_file_is_replaced_and_refetched(
    server: HTTPServer, live_source: LiveSource, caplog: pytest.LogCaptureFixture
) -> None:
    Switchboard(server, live_source)
    session = fast_session(server)
    live_source.load(session)
    session.close()
    path = Path(session.cache_path)  # type: ignore[attr-defined]
    before = len(server.log)
    path.write_bytes(b"this is not an SQLite database \x00\xff" * 200)
    caplog.set_level(logging.WARNING, logger="tradeshock")
    fresh = fast_session(server)
    assert_same(live_source.load(fresh), live_source.expected(), exact=live_source.exact)
    assert len(server.log) > before  # refetched
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("tradeshock")]
    assert any("corrupt" in m and str(path) in m for m in warnings), warnings
    # and the new cache works: the next call does not reach the server
    hits = len(server.log)
    live_source.load(fresh)
    assert len(server.log) == hits
    fresh.close()


def test_corrupt_cache_entry_is_refetched(server: HTTPServer, live_source: LiveSource) -> None:
    Switchboard(server, live_source)
    session = fast_session(server)
    live_source.load(session)
    session.close()
    path = Path(session.cache_path)  # type: ignore[attr-defined]
    with sqlite3.connect(path) as con:
        con.execute("UPDATE responses SET value = ?", (b"\x80\x05garbage",))
    before = len(server.log)
    fresh = fast_session(server)
    assert_same(live_source.load(fresh), live_source.expected(), exact=live_source.exact)
    assert len(server.log) > before
    fresh.close()

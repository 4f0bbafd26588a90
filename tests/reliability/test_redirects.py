"""Redirects: followed and validated on the final response only, and keys never travel or stay.

Issue 13, items 1-4: every live source is redirected (same host, another host, with and without
the query string); keys must not be carried to another host (neither ``Authorization`` nor key
query parameters), must not be stored in the cache through the redirect history or an echoing
response header, and must not reach an exception through the user's own plain session.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradeshock as ts
from tradeshock.errors import SourceError, TradeshockError

from .conftest import (
    AUTH_TOKEN,
    CENSUS_KEY,
    EIA_KEY,
    PREFIX,
    LiveSource,
    assert_same,
    fast_session,
    live_sources,
)

SECRETS = (CENSUS_KEY, EIA_KEY, AUTH_TOKEN)


def _serve_good(srv: HTTPServer, source: LiveSource, prefix: str = "") -> None:
    for path in source.paths:
        body = source.good[path]
        srv.expect_request(prefix + path).respond_with_data(
            body.data, status=body.status, content_type=body.content_type
        )


def _redirecting(to_root: str, *, keep_query: bool, status: int = 302) -> Callable[..., Response]:
    """Answer with a redirect to ``to_root`` + ``/moved`` + the same path (and query)."""

    def handle(request: Request) -> Response:
        target = f"{to_root}/moved{request.path}"
        if keep_query and request.query_string:
            target += "?" + request.query_string.decode()
        return Response("", status=status, headers={"Location": target})

    return handle


def _redirect_all(
    srv: HTTPServer, source: LiveSource, to_root: str, *, keep_query: bool, status: int = 302
) -> None:
    for path in source.paths:
        srv.expect_request(path).respond_with_handler(
            _redirecting(to_root, keep_query=keep_query, status=status)
        )


def _cache_bytes(session: requests.Session) -> bytes:
    session.close()
    path = Path(session.cache_path)  # type: ignore[attr-defined]
    data = b""
    for candidate in path.parent.iterdir():
        if candidate.name.startswith(path.name):
            data += candidate.read_bytes()
    return data


def _keyed(source: LiveSource) -> bool:
    return source.name in ("census_api", "eia")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    for name in ("tradeshock", "requests_cache", "urllib3"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


# --- item 1: redirects are followed, validated on the final response ------------------------


@pytest.mark.parametrize("keep_query", [True, False], ids=["with_query", "without_query"])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_same_host_redirect_is_followed(
    server: HTTPServer,
    live_source: LiveSource,
    keep_query: bool,
    status: int,
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    root = server.url_for("").rstrip("/")
    _redirect_all(server, live_source, root, keep_query=keep_query, status=status)
    _serve_good(server, live_source, prefix="/moved")
    session = fast_session(server)
    result = live_source.load(session)
    assert_same(result, live_source.expected(), exact=live_source.exact)
    moved = [
        r
        for r in debug_logs.records
        if r.name.startswith("tradeshock") and "redirect" in r.getMessage()
    ]
    assert moved, "a followed redirect is logged at DEBUG"
    assert all(r.levelno == logging.DEBUG for r in moved)
    assert "/moved/" in moved[0].getMessage()
    session.close()


def test_redirect_to_another_host_drops_key_parameters(
    server: HTTPServer, own_server: HTTPServer, debug_logs: pytest.LogCaptureFixture
) -> None:
    """The Location keeps the query (key included): the key must not reach the other host."""
    other_root = own_server.url_for("").rstrip("/")
    for name in ("census_api", "eia"):
        source = live_sources()[name]
        server.clear()
        own_server.clear()
        _redirect_all(server, source, other_root, keep_query=True)
        _serve_good(own_server, source, prefix="/moved")
        session = fast_session(server)
        assert_same(source.load(session), source.expected(), exact=source.exact)
        session.close()
        sent_to_other = [req.query_string.decode() for req, _ in own_server.log]
        assert sent_to_other, name
        for query in sent_to_other:
            assert CENSUS_KEY not in query, query
            assert EIA_KEY not in query, query
            assert "key=" not in query, query
        # the first host did get the key: the check above is not vacuous
        assert any(
            CENSUS_KEY in r.query_string.decode() or EIA_KEY in r.query_string.decode()
            for r, _ in server.log
        )
    messages = [r.getMessage() for r in debug_logs.records if r.name.startswith("tradeshock")]
    assert any("another host" in m for m in messages), messages


@pytest.mark.parametrize("plain", [False, True], ids=["cached_session", "plain_session"])
def test_redirect_to_another_host_drops_authorization(
    server: HTTPServer, own_server: HTTPServer, plain: bool
) -> None:
    source = live_sources()["fred"]
    _redirect_all(server, source, own_server.url_for("").rstrip("/"), keep_query=True)
    _serve_good(own_server, source, prefix="/moved")
    if plain:
        session = requests.Session()
        session.base_urls = {  # type: ignore[attr-defined]
            name: server.url_for("").rstrip("/") + prefix for name, prefix in PREFIX.items()
        }
    else:
        session = fast_session(server)
    session.headers["Authorization"] = f"Bearer {AUTH_TOKEN}"
    assert_same(source.load(session), source.expected())
    assert all("Authorization" not in req.headers for req, _ in own_server.log)
    assert any("Authorization" in req.headers for req, _ in server.log)
    session.close()


def test_plain_session_redirect_to_another_host_drops_key(
    server: HTTPServer, own_server: HTTPServer
) -> None:
    source = live_sources()["eia"]
    _redirect_all(server, source, own_server.url_for("").rstrip("/"), keep_query=True)
    _serve_good(own_server, source, prefix="/moved")
    with requests.Session() as plain:
        plain.base_urls = {"eia": server.url_for("/v2")}  # type: ignore[attr-defined]
        assert_same(source.load(plain), source.expected())
    assert own_server.log
    assert all(EIA_KEY not in req.query_string.decode() for req, _ in own_server.log)


def test_redirect_loop_is_a_source_error(server: HTTPServer) -> None:
    source = live_sources()["treasury"]
    root = server.url_for("").rstrip("/")
    server.expect_request("/tic/slt_table3.txt").respond_with_handler(
        lambda r: Response("", status=302, headers={"Location": f"{root}/tic/slt_table3.txt"})
    )
    session = fast_session(server)
    with pytest.raises(SourceError, match="redirect"):
        source.load(session)
    session.close()


# --- item 2: nothing with the key in the cache through redirect history ---------------------


@pytest.mark.parametrize("keep_query", [True, False], ids=["with_query", "without_query"])
def test_keyed_redirect_stores_no_key(
    server: HTTPServer, own_server: HTTPServer, keep_query: bool
) -> None:
    for name in ("census_api", "eia"):
        source = live_sources()[name]
        server.clear()
        root = server.url_for("").rstrip("/")
        _redirect_all(server, source, root, keep_query=keep_query)
        _serve_good(server, source, prefix="/moved")
        session = fast_session(server)
        assert_same(source.load(session), source.expected(), exact=source.exact)
        hits = len(server.log)
        assert_same(source.load(session), source.expected(), exact=source.exact)
        assert len(server.log) == hits, "the redirected request is answered from the cache"
        stored = _cache_bytes(session)
        assert len(stored) > 10_000
        for secret in SECRETS:
            assert secret.encode() not in stored, (name, secret)


# --- item 3: key echoed in a response header value ----------------------------------------------


def _echo_header(source: LiveSource, path: str) -> Callable[[Request], Response]:
    body = source.good[path]

    def handle(request: Request) -> Response:
        query = request.query_string.decode()
        auth = request.headers.get("Authorization", "")
        key = request.args.get("api_key") or request.args.get("key") or ""
        headers = {
            "X-Echo-Query": query,
            "X-Debug": f"key {key} auth {auth}",
            "X-Key-Plain": key or auth,
        }
        return Response(
            body.data, status=body.status, content_type=body.content_type, headers=headers
        )

    return handle


def test_key_echoed_in_response_header_is_not_stored(server: HTTPServer) -> None:
    for name, source in live_sources().items():
        server.clear()
        for path in source.paths:
            server.expect_request(path).respond_with_handler(_echo_header(source, path))
        session = fast_session(server)
        if not _keyed(source):
            session.headers["Authorization"] = f"Bearer {AUTH_TOKEN}"
        result = source.load(session)
        assert_same(result, source.expected(), exact=source.exact)
        stored = _cache_bytes(session)
        for secret in SECRETS:
            assert secret.encode() not in stored, (name, secret)


# --- item 4: redaction independent of the session type -------------------------------------------


def _chain_text(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        parts += [str(current), repr(current), str(getattr(current, "url", ""))]
        parts += traceback.format_exception(type(current), current, current.__traceback__)
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return "\n".join(parts)


@pytest.mark.parametrize("status", [400, 403, 500])
def test_plain_session_error_body_quoting_key_is_redacted(server: HTTPServer, status: int) -> None:
    for name in ("census_api", "eia"):
        key = CENSUS_KEY if name == "census_api" else EIA_KEY
        source = live_sources()[name]
        server.clear()
        for path in source.paths:
            server.expect_request(path).respond_with_data(
                f'{{"error": "invalid key {key} (you sent {urlencode({"k": key})})"}}',
                status=status,
                content_type="application/json",
            )
        with requests.Session() as plain:
            plain.base_urls = {  # type: ignore[attr-defined]
                n: server.url_for("").rstrip("/") + prefix for n, prefix in PREFIX.items()
            }
            with pytest.raises(TradeshockError) as info:
                source.load(plain)
        text = _chain_text(info.value)
        assert key not in text, (name, text)
        assert "REDACTED" in text or str(status) in text


def test_plain_session_network_error_chain_is_redacted() -> None:
    """A refused connection: requests' own exception (kept as __context__) names the URL."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with requests.Session() as plain:
        plain.base_urls = {"eia": f"http://127.0.0.1:{port}/v2"}  # type: ignore[attr-defined]
        with pytest.raises(SourceError) as info:
            ts.load_petroleum_imports("Russia", source="eia", api_key=EIA_KEY, session=plain)
    assert info.value.__context__ is not None or info.value.__cause__ is not None
    assert EIA_KEY not in _chain_text(info.value)

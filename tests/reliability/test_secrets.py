"""API keys and auth headers never reach the cache file, an exception or a log record.

One test drives every keyed source (Census API ``key``, EIA ``api_key``, an ``Authorization``
header on a user-provided session) through successes, cached re-reads, stale-if-error refreshes
and failures — including servers that echo the key back in their bodies — then greps the SQLite
cache (and its -wal/-shm/-journal files), every exception text and every captured log record.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import tradeshock as ts
from tradeshock.errors import TradeshockError
from tradeshock.sources.trade import _live

from .conftest import AUTH_TOKEN, CENSUS_KEY, EIA_KEY, LiveSource, fast_session, live_sources

SECRETS = (CENSUS_KEY, EIA_KEY, AUTH_TOKEN)
LOGGERS = ("tradeshock", "requests_cache", "urllib3")


def _echoing(good: bytes, content_type: str, mode: dict[str, str]) -> Callable[[Request], Response]:
    """Serve ``good``; in other modes fail in ways that echo the key (as real APIs do)."""

    def handle(request: Request) -> Response:
        query = request.query_string.decode()
        auth = request.headers.get("Authorization", "")
        echo = f"you sent {query} with {auth}"
        if mode["now"] == "good":
            if content_type.startswith("application/json") and good.startswith(b"{"):
                doc = json.loads(good)
                doc.setdefault("request", {})["echo"] = echo  # EIA echoes its parameters
                return Response(json.dumps(doc), content_type=content_type)
            return Response(good, content_type=content_type)
        if mode["now"] == "html":
            return Response(
                f"<html><body>Invalid key. {echo}</body></html>", content_type="text/html"
            )
        if mode["now"] == "json_error":
            return Response(
                json.dumps({"error": f"bad request: {echo}", "code": 400}),
                status=400,
                content_type="application/json",
            )
        return Response(f"server error: {echo}", status=500)

    return handle


def _drive(
    session: requests.Session, source: LiveSource, server: HTTPServer, errors: list[BaseException]
) -> None:
    """Good fetch, cached re-read, stale-if-error, then every failure mode without a cache."""
    mode = {"now": "good"}
    for path in source.paths:
        body = source.good[path]
        server.expect_request(path).respond_with_handler(
            _echoing(body.data, body.content_type, mode)
        )
    source.load(session)
    source.load(session)
    session.cache.reset_expiration(datetime(2000, 1, 1, tzinfo=timezone.utc))  # type: ignore[attr-defined]
    for failure in ("html", "json_error", "500"):
        mode["now"] = failure
        source.load(session)  # stale-if-error: served from the cache, with a logged warning
    session.cache.clear()  # type: ignore[attr-defined]
    for failure in ("html", "json_error", "500"):
        mode["now"] = failure
        with pytest.raises(TradeshockError) as info:
            source.load(session)
        errors.append(info.value)
    mode["now"] = "good"
    source.load(session)  # the cache ends holding a good response again
    server.clear()


def _all_text(exc: BaseException) -> str:
    parts = [str(exc), repr(exc), str(getattr(exc, "url", ""))]
    parts += traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "\n".join(parts)


def _cache_bytes(session: requests.Session) -> bytes:
    session.close()
    path = Path(session.cache_path)  # type: ignore[attr-defined]
    data = b""
    for candidate in path.parent.iterdir():  # the db and any -wal/-shm/-journal/.corrupt
        if candidate.name.startswith(path.name):
            data += candidate.read_bytes()
    return data


def test_keys_never_stored_raised_or_logged(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    sources = live_sources()
    errors: list[BaseException] = []
    sessions: list[requests.Session] = []

    # Census International Trade API: key= in the query
    session = fast_session(server, retries=1)
    _drive(session, sources["census_api"], server, errors)
    sessions.append(session)
    # EIA v2: api_key= in the query, and EIA echoes the request parameters in its body
    session = fast_session(server, retries=1)
    _drive(session, sources["eia"], server, errors)
    sessions.append(session)
    # an Authorization header on a user-provided session, for the sources without keys
    for name in ("census_xlsx", "fred", "treasury"):
        session = fast_session(server, retries=1)
        session.headers["Authorization"] = f"Bearer {AUTH_TOKEN}"
        _drive(session, sources[name], server, errors)
        sessions.append(session)
    # and a plain requests.Session (no cache) failing with the header set
    with requests.Session() as plain:
        plain.headers["Authorization"] = f"Bearer {AUTH_TOKEN}"
        with pytest.raises(TradeshockError) as info:
            ts.load_oil_price(
                "brent", source="fred", session=_with_base(plain, "http://127.0.0.1:9")
            )
        errors.append(info.value)
    # the keys really were sent: the check below is not vacuous
    assert len(errors) == 3 * 5 + 1

    for session in sessions:
        stored = _cache_bytes(session)
        assert len(stored) > 10_000  # bodies are stored readably
        for secret in SECRETS:
            assert secret.encode() not in stored, secret
    for exc in errors:
        text = _all_text(exc)
        for secret in SECRETS:
            assert secret not in text, (secret, text)
    client = [r for r in caplog.records if r.name.split(".")[0] in LOGGERS]
    assert any(r.name.startswith("urllib3") for r in client)
    assert any(
        r.name.startswith("requests_cache") and r.levelno >= logging.WARNING for r in client
    )  # the stale-if-error warnings, with tracebacks
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    for record in client:
        shown = handler.format(record)
        for secret in SECRETS:
            assert secret not in shown, (secret, shown)
    assert "\n".join(caplog.text.splitlines()).count("REDACTED") > 0


def _with_base(session: requests.Session, root: str) -> requests.Session:
    """Point a plain session at ``root`` the documented way (a ``base_urls`` mapping)."""
    session.base_urls = {"fred": root + "/graph"}  # type: ignore[attr-defined]
    return session


def test_key_from_environment_is_not_leaked(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CENSUS_API_KEY", CENSUS_KEY)
    server.expect_request("/api/exports/hs").respond_with_data(f"bad key {CENSUS_KEY}", status=400)
    session = fast_session(server, retries=0)
    with pytest.raises(TradeshockError) as info:
        _live.load_trade_live("Russia", source="census-api", session=session)
    assert CENSUS_KEY not in _all_text(info.value)
    assert CENSUS_KEY in server.log[0][0].query_string.decode()

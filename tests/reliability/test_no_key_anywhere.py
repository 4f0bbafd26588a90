"""Issue 13, "done when": a distinctive key is nowhere — cache, DEBUG logs, exception chains.

Every live source is driven through every fault class of the reliability suite plus the ones
that put the key in front of the client (error bodies and headers quoting it, redirects on the
same host and to another host), three ways: a fresh cached session, a cached session holding
an expired good copy (stale-if-error), and the user's own plain ``requests.Session``. Keyed
sources send their key as a query parameter; the others send an ``Authorization`` header.

Afterwards the SQLite cache (db, -wal, -shm, -journal), every record the HTTP libraries and
tradeshock logged at DEBUG, and every exception (``str``, ``repr``, ``url``, traceback, and the
same for everything reachable through ``__cause__``/``__context__``) are searched for the key.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .conftest import AUTH_TOKEN, CENSUS_KEY, EIA_KEY, PREFIX, LiveSource, fast_session
from .test_faults import FAILING, READ_TIMEOUT, RECOVERING, _fault

KEYS = {"census_api": CENSUS_KEY, "eia": EIA_KEY}
ECHOING = ["echo_400", "echo_500_html", "echo_header", "echo_body_200"]
REDIRECTS = ["redirect_same_host", "redirect_other_host"]
FAULTS = [*RECOVERING, *FAILING, *ECHOING, *REDIRECTS]
LOGGERS = ("tradeshock", "requests_cache", "urllib3", "requests")


def _secret(source: LiveSource) -> str:
    return KEYS.get(source.name, AUTH_TOKEN)


def _echo(request: Request) -> str:
    return (
        f"you sent {request.full_path} with {request.headers.get('Authorization', '')} "
        f"{quote(request.query_string.decode())}"
    )


def _answer(fault: str, source: LiveSource, n: int, request: Request, other: str) -> Response:
    good = source.good[source.target]
    if fault == "echo_400":
        return Response(
            f'{{"error": "invalid key: {_echo(request)}"}}',
            status=400,
            content_type="application/json",
        )
    if fault == "echo_500_html":
        return Response(
            f"<html><body>{_echo(request)}</body></html>", status=500, content_type="text/html"
        )
    if fault == "echo_header":
        return Response(
            good.data, content_type=good.content_type, headers={"X-Echo": _echo(request)}
        )
    if fault == "echo_body_200":  # a 200 whose body is an error quoting the key
        return Response(f"error: {_echo(request)}", content_type=good.content_type)
    if fault in REDIRECTS:
        root = request.host_url.rstrip("/") if fault == "redirect_same_host" else other
        query = request.query_string.decode()
        return Response("", status=302, headers={"Location": f"{root}/moved{request.path}?{query}"})
    return _fault(fault, source)(n)


class Board:
    """The source on ``server`` (moved copy on ``other``); the target answers ``fault``."""

    def __init__(self, server: HTTPServer, other: HTTPServer, source: LiveSource) -> None:
        self.fault: str | None = None
        self.hits = 0
        other_root = other.url_for("").rstrip("/")
        for srv in (server, other):
            for path in source.paths:
                body = source.good[path]
                srv.expect_request("/moved" + path).respond_with_data(
                    body.data, content_type=body.content_type
                )
        for path in source.paths:
            server.expect_request(path).respond_with_handler(
                self._handler(source, path, other_root)
            )

    def _handler(self, source: LiveSource, path: str, other: str) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            if path == source.target and self.fault is not None:
                self.hits += 1
                return _answer(self.fault, source, self.hits, request, other)
            body = source.good[path]
            return Response(body.data, content_type=body.content_type)

        return handle


def _session(
    kind: str, server: HTTPServer, source: LiveSource, fault: str, cache_dir: Path
) -> requests.Session:
    if kind == "plain":
        session = requests.Session()
        session.base_urls = {  # type: ignore[attr-defined]
            name: server.url_for("").rstrip("/") + prefix for name, prefix in PREFIX.items()
        }
        session.deadline = 5.0  # type: ignore[attr-defined]
    else:
        timeout = (2.0, READ_TIMEOUT) if fault == "read_timeout" else (2.0, 5.0)
        session = fast_session(
            server,
            retries=4 if fault == "burst_503" else 1,
            timeout=timeout,
            cache_dir=cache_dir,
        )
    if source.name not in KEYS:
        session.headers["Authorization"] = f"Bearer {AUTH_TOKEN}"
    return session


def _chain(exc: BaseException) -> list[BaseException]:
    seen: dict[int, BaseException] = {}
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen[id(current)] = current
        linked = [current.__cause__, current.__context__, *current.args]
        pending += [e for e in linked if isinstance(e, BaseException)]
    return list(seen.values())


def _exception_text(exc: BaseException) -> str:
    parts: list[str] = []
    for each in _chain(exc):
        parts += [str(each), repr(each), str(getattr(each, "url", ""))]
        for holder in (getattr(each, "request", None), getattr(each, "response", None)):
            parts.append(str(getattr(holder, "url", "")))
        parts += traceback.format_exception(type(each), each, each.__traceback__)
    return "\n".join(parts)


def _cache_bytes(session: requests.Session) -> bytes:
    path = getattr(session, "cache_path", None)
    session.close()
    if path is None:
        return b""
    data = b""
    for candidate in Path(path).parent.iterdir():
        if candidate.name.startswith(Path(path).name):
            data += candidate.read_bytes()
    return data


def _forms(secret: str) -> list[bytes]:
    return [secret.encode(), quote(secret, safe="").encode()]


@pytest.mark.parametrize("kind", ["cached", "stale", "plain"])
def test_key_is_nowhere(
    server: HTTPServer,
    own_server: HTTPServer,
    live_source: LiveSource,
    kind: str,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    secret = _secret(live_source)
    board = Board(server, own_server, live_source)
    errors: list[BaseException] = []
    stored = b""
    for fault in FAULTS:
        board.fault, board.hits = None, 0
        session = _session(kind, server, live_source, fault, tmp_path / fault)  # a fresh cache
        if kind == "stale":
            live_source.load(session)
            session.cache.reset_expiration(  # type: ignore[attr-defined]
                datetime(2000, 1, 1, tzinfo=timezone.utc)
            )
        board.fault = fault
        try:
            live_source.load(session)
        except Exception as exc:  # every failure is inspected below, whatever its type
            errors.append(exc)
        stored += _cache_bytes(session)
    # the key really travelled (to the first host), and failures really happened
    sent = [req for req, _ in server.log]
    assert any(
        secret in (req.query_string.decode() + req.headers.get("Authorization", "")) for req in sent
    )
    assert errors or kind == "stale"
    for form in _forms(secret):
        assert form not in stored, (kind, form)
    for exc in errors:
        text = _exception_text(exc)
        assert secret not in text, text
        assert quote(secret, safe="") not in text, text
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    shown = "\n".join(handler.format(r) for r in caplog.records if r.name.split(".")[0] in LOGGERS)
    assert "DEBUG" in shown
    assert secret not in shown
    assert quote(secret, safe="") not in shown
    # the other host never saw the key either
    for req, _ in own_server.log:
        assert secret not in req.query_string.decode()
        assert secret not in req.headers.get("Authorization", "")

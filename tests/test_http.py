"""The cached, key-safe HTTP session, against pytest-httpserver on 127.0.0.1 only."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tradeshock.errors import OfflineError, SourceError
from tradeshock.sources import http

SECRET = "TEST-KEY-8f3a1c9e77d2"


def _fast(**kwargs: object) -> requests.Session:
    """A session that retries quickly (tests must stay fast)."""
    kwargs.setdefault("backoff_factor", 0.01)
    return http.cached_session(**kwargs)  # type: ignore[arg-type]


def _expire_all(session: requests.Session) -> None:
    """Mark every cached response as expired (no sleeping in tests)."""
    session.cache.reset_expiration(datetime(2000, 1, 1, tzinfo=timezone.utc))  # type: ignore[attr-defined]


def _cache_bytes(session: requests.Session) -> bytes:
    session.close()
    path = Path(session.cache_path)  # type: ignore[attr-defined]
    data = path.read_bytes()
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")):
        if extra.exists():
            data += extra.read_bytes()
    return data


def test_second_call_is_served_from_cache(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/data.csv").respond_with_data("a,b\n1,2\n")
    session = _fast()
    first = http.fetch(httpserver.url_for("/data.csv"), session=session)
    second = http.fetch(httpserver.url_for("/data.csv"), session=session)
    assert first.content == second.content == b"a,b\n1,2\n"
    assert len(httpserver.log) == 1
    assert getattr(second, "from_cache", False)


def test_cache_survives_a_new_session(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("one")
    http.fetch(httpserver.url_for("/x"))  # own session, closed after
    assert http.fetch(httpserver.url_for("/x")).text == "one"
    assert len(httpserver.log) == 1


def test_offline_without_cache_raises_offline_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("one")
    url = httpserver.url_for("/x")
    with pytest.raises(OfflineError) as info:
        http.fetch(url, params={"key": SECRET}, session=_fast(offline=True))
    message = str(info.value)
    assert "/x" in message
    assert "source='bundled'" in message
    assert SECRET not in message
    assert SECRET not in (info.value.url or "")
    assert len(httpserver.log) == 0


def test_offline_from_env_serves_cached_entry(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/x").respond_with_data("one")
    url = httpserver.url_for("/x")
    http.fetch(url, params={"key": SECRET}, session=_fast())
    monkeypatch.setenv("TRADESHOCK_OFFLINE", "1")
    session = _fast()
    assert session.offline  # type: ignore[attr-defined]
    # a different key maps to the same cache entry: key values are not part of cache keys
    assert http.fetch(url, params={"key": "another-key-123"}, session=session).text == "one"
    with pytest.raises(OfflineError):
        http.fetch(httpserver.url_for("/y"), session=session)
    assert len(httpserver.log) == 1


def test_offline_env_holds_for_the_users_own_sessions(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import requests_cache

    httpserver.expect_request("/x").respond_with_data("one")
    url = httpserver.url_for("/x")
    own_cache = requests_cache.CachedSession(str(tmp_path / "own"), backend="sqlite")
    monkeypatch.setenv("TRADESHOCK_OFFLINE", "1")
    with pytest.raises(OfflineError, match=r"plain requests\.Session") as info:
        http.fetch(url, params={"key": SECRET}, session=requests.Session())
    assert SECRET not in str(info.value)
    with pytest.raises(OfflineError, match="not in that session's cache"):
        http.fetch(url, session=own_cache)
    assert len(httpserver.log) == 0  # nothing was sent
    monkeypatch.delenv("TRADESHOCK_OFFLINE")
    assert http.fetch(url, session=own_cache).text == "one"
    monkeypatch.setenv("TRADESHOCK_OFFLINE", "1")
    assert http.fetch(url, session=own_cache).text == "one"  # now cached: served
    # an explicit offline=False on our own session wins over the environment
    assert http.fetch(url, session=_fast(offline=False)).text == "one"
    assert len(httpserver.log) == 2
    own_cache.close()


def test_offline_serves_expired_entries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("one")
    session = _fast()
    http.fetch(httpserver.url_for("/x"), session=session)
    _expire_all(session)
    assert http.fetch(httpserver.url_for("/x"), session=_fast(offline=True)).text == "one"
    assert len(httpserver.log) == 1


def test_stale_if_error_after_expiry(httpserver: HTTPServer) -> None:
    calls = {"n": 0}

    def handler(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("fresh", status=200)
        return Response("boom", status=500)

    httpserver.expect_request("/x").respond_with_handler(handler)
    session = _fast(retries=1)
    assert http.fetch(httpserver.url_for("/x"), session=session).text == "fresh"
    _expire_all(session)
    again = http.fetch(httpserver.url_for("/x"), session=session)
    assert again.text == "fresh"
    assert calls["n"] == 3  # one fetch, then one attempt + one retry that both failed


def test_server_error_without_cache_is_source_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("nope", status=404)
    with pytest.raises(SourceError) as info:
        http.fetch(httpserver.url_for("/x"), params={"key": SECRET}, session=_fast(), what="t")
    assert "404" in str(info.value)
    assert "key=REDACTED" in str(info.value)
    assert SECRET not in str(info.value)
    assert info.value.url is not None
    assert SECRET not in info.value.url


def test_429_retry_after_then_success(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/x").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/x").respond_with_data("ok")
    assert http.fetch(httpserver.url_for("/x"), session=_fast()).text == "ok"
    assert [entry[1].status_code for entry in httpserver.log] == [429, 200]


def test_burst_of_503_then_success(httpserver: HTTPServer) -> None:
    for _ in range(3):
        httpserver.expect_ordered_request("/x").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/x").respond_with_data("ok")
    assert http.fetch(httpserver.url_for("/x"), session=_fast(retries=4)).text == "ok"
    assert [entry[1].status_code for entry in httpserver.log] == [503, 503, 503, 200]


def test_503_beyond_retries_is_source_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("busy", status=503)
    with pytest.raises(SourceError, match="503"):
        http.fetch(httpserver.url_for("/x"), session=_fast(retries=2))
    assert len(httpserver.log) == 3


def test_connection_refused_is_source_error_with_key_redacted() -> None:
    with pytest.raises(SourceError) as info:
        http.fetch(
            "http://127.0.0.1:9/nothing",
            params={"api_key": SECRET},
            session=_fast(retries=0),
        )
    assert "api_key=REDACTED" in str(info.value)
    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_read_timeout_is_source_error(httpserver: HTTPServer) -> None:
    import time

    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(SourceError, match="timed out"):
        http.fetch(httpserver.url_for("/slow"), session=_fast(retries=0, timeout=(2.0, 0.1)))


def test_default_timeout_applies_to_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def fake_send(self: object, request: object, **kwargs: object) -> requests.Response:
        seen.append(kwargs.get("timeout"))
        response = requests.Response()
        response.status_code = 404  # not cacheable: keeps the fake minimal
        response._content = b"no"
        response.request = request  # type: ignore[assignment]
        response.url = "http://127.0.0.1/x"
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", fake_send)
    session = _fast(expire_after=-1)
    session.get("http://127.0.0.1:1/x")
    assert seen == [http.DEFAULT_TIMEOUT]


def test_key_never_stored_logged_or_raised(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # EIA echoes request parameters (api_key included) in its response body
    body = json.dumps({"response": {"data": []}, "request": {"params": {"api_key": SECRET}}})
    httpserver.expect_request("/echo").respond_with_data(body, content_type="application/json")
    calls = {"n": 0}

    def flaky(request: Request) -> Response:
        calls["n"] += 1
        return Response(f"ok {calls['n']}") if calls["n"] == 1 else Response("down", status=500)

    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    session = _fast(retries=1)
    echoed = http.fetch(httpserver.url_for("/echo"), params={"api_key": SECRET}, session=session)
    assert SECRET not in echoed.text
    http.fetch(httpserver.url_for("/flaky"), params={"key": SECRET}, session=session)
    _expire_all(session)
    stale = http.fetch(httpserver.url_for("/flaky"), params={"key": SECRET}, session=session)
    assert stale.text == "ok 1"  # stale-if-error logged a warning with a traceback
    with pytest.raises(SourceError) as info:
        http.fetch(httpserver.url_for("/missing"), params={"key": SECRET}, session=session)
    assert SECRET not in str(info.value)
    # werkzeug is the test *server* logging what it received; everything else is the client side
    client = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    assert any(r.name.startswith("urllib3") for r in client)
    assert any(r.name.startswith("requests_cache") and r.exc_text for r in client)
    handler = logging.StreamHandler()
    for record in client:
        assert SECRET not in handler.format(record)
        assert SECRET not in record.getMessage()
    stored = _cache_bytes(session)
    assert b"ok 1" in stored  # the check below is not vacuous: bodies are stored readably
    assert SECRET.encode() not in stored
    # and the key really was sent to the server
    assert any(SECRET in entry[0].query_string.decode() for entry in httpserver.log)


def test_plain_requests_session_is_accepted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("plain")
    with requests.Session() as plain:
        assert http.fetch(httpserver.url_for("/x"), session=plain).text == "plain"
        with pytest.raises(SourceError) as info:
            http.fetch("http://127.0.0.1:9/x", params={"key": SECRET}, session=plain)
    assert SECRET not in str(info.value)


def test_cache_dir_env_and_argument(tmp_path: Path) -> None:
    assert http.default_cache_dir() == Path(os.environ["TRADESHOCK_CACHE_DIR"])
    session = http.cached_session(cache_dir=tmp_path / "c")
    assert session.cache_path == tmp_path / "c" / "http_cache.sqlite"  # type: ignore[attr-defined]
    session.close()


def test_ignored_parameters_extend_requests_cache_defaults() -> None:
    from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS

    session = http.cached_session()
    ignored = set(session.settings.ignored_parameters)  # type: ignore[attr-defined]
    assert set(DEFAULT_IGNORED_PARAMS) <= ignored
    assert {"key", "api_key"} <= ignored
    assert session.settings.stale_if_error is True  # type: ignore[attr-defined]
    session.close()


def test_base_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    assert http.base_url("census") == "https://www.census.gov/foreign-trade"
    monkeypatch.setenv("TRADESHOCK_CENSUS_URL", "http://127.0.0.1:1/mirror/")
    assert http.base_url("census") == "http://127.0.0.1:1/mirror"
    session = http.cached_session(base_urls={"census": "http://localhost:2/other"})
    assert http.base_url("census", session) == "http://localhost:2/other"
    # per-source expiry follows the effective base URL
    assert "localhost:2/other/*" in session.settings.urls_expire_after  # type: ignore[attr-defined]
    session.close()
    with pytest.raises(ValueError, match="base_urls"):
        http.cached_session(base_urls={"nope": "http://x"})
    with pytest.raises(ValueError, match="source="):
        http.base_url("nope")


def test_redact_handles_encoded_and_literal_secrets() -> None:
    text = f"url?key={SECRET}&x=1 and again {SECRET} and api_key=abc%2Fdef"
    out = http.redact(text, {SECRET})
    assert SECRET not in out
    assert "abc%2Fdef" not in out
    assert "x=1" in out


def test_import_tradeshock_does_not_import_requests_cache() -> None:
    code = "import sys, tradeshock; print('requests_cache' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"

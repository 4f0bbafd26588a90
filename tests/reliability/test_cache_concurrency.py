"""Two processes share one HTTP cache and write to it at once: both finish right, no corruption."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

_WRITER = textwrap.dedent(
    """
    import sys
    import requests
    from tradeshock.sources import http

    base, cache_dir, tag = sys.argv[1], sys.argv[2], sys.argv[3]
    session = http.cached_session(cache_dir=cache_dir, backoff_factor=0.01)
    for i in range(40):
        # half the URLs are shared by both processes, half are this process's own
        path = f"/item/{i}" if i % 2 else f"/item/{tag}-{i}"
        text = http.fetch(base + path, session=session).text
        assert text == "value of " + path, (path, text)
    session.close()
    print("ok")
    """
)


def test_two_processes_share_one_cache(server: HTTPServer, tmp_path: Path) -> None:
    def handler(request: Request) -> Response:
        return Response("value of " + request.path, content_type="text/plain")

    server.expect_request(re.compile(r"/item/.*")).respond_with_handler(handler)
    cache_dir = tmp_path / "shared-cache"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, server.url_for(""), str(cache_dir), tag],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    path = cache_dir / "http_cache.sqlite"
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = con.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    assert stored == 60  # 20 shared + 20 + 20 own URLs, each stored once
    # every entry reads back as the right body
    from tradeshock.sources import http

    session = http.cached_session(cache_dir=cache_dir, offline=True)
    for i in range(40):
        for tag in ("a", "b"):
            path_ = f"/item/{i}" if i % 2 else f"/item/{tag}-{i}"
            assert http.fetch(server.url_for(path_), session=session).text == "value of " + path_
    session.close()

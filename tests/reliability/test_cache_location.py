"""Cache location problems end in a typed error naming the path, never a raw OSError/sqlite3 error.

Issue 13, item 10. Bundled loads never touch the cache at all; a cache that cannot be written
after a good download (disk full) costs the caching, not the answer.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import tradeshock as ts
from tradeshock.cli import main
from tradeshock.errors import CacheError, TradeshockError
from tradeshock.sources import http


def _broken_locations(tmp_path: Path) -> dict[str, Path]:
    """Directories (for TRADESHOCK_CACHE_DIR/cache_dir) that cannot hold the cache."""
    a_file = tmp_path / "a_file"
    a_file.write_text("not a directory")
    as_dir = tmp_path / "db_is_dir"
    (as_dir / http.CACHE_FILE).mkdir(parents=True)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    with sqlite3.connect(foreign / http.CACHE_FILE) as con:
        con.execute("CREATE TABLE responses (id INTEGER, name TEXT)")
        con.execute("INSERT INTO responses VALUES (1, 'someone else''s data')")
    other_program = tmp_path / "other_program"
    other_program.mkdir()
    with sqlite3.connect(other_program / http.CACHE_FILE) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
    return {
        "dir_is_a_file": a_file,
        "dir_below_a_file": a_file / "cache",
        "sqlite_path_is_a_directory": as_dir,
        "foreign_sqlite_same_table_name": foreign,
        "foreign_sqlite_other_tables": other_program,
    }


CASES = [
    "dir_is_a_file",
    "dir_below_a_file",
    "sqlite_path_is_a_directory",
    "foreign_sqlite_same_table_name",
    "foreign_sqlite_other_tables",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_cache_location_is_a_typed_error_naming_the_path(tmp_path: Path, case: str) -> None:
    directory = _broken_locations(tmp_path)[case]
    with pytest.raises(CacheError) as info:
        http.cached_session(cache_dir=directory)
    message = str(info.value)
    assert str(directory) in message
    assert "TRADESHOCK_CACHE_DIR" in message  # what to do
    assert info.value.path is not None
    assert isinstance(info.value, TradeshockError)


@pytest.mark.parametrize("case", CASES)
def test_bad_cache_location_through_a_live_loader(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADESHOCK_CACHE_DIR", str(_broken_locations(tmp_path)[case]))
    with pytest.raises(CacheError):
        ts.load_oil_price("brent", source="fred")


def test_foreign_database_is_left_untouched(tmp_path: Path) -> None:
    directory = _broken_locations(tmp_path)["foreign_sqlite_other_tables"]
    before = (directory / http.CACHE_FILE).read_bytes()
    with pytest.raises(CacheError, match="another program"):
        http.cached_session(cache_dir=directory)
    assert (directory / http.CACHE_FILE).read_bytes() == before


def test_unwritable_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a_file = tmp_path / "home_is_a_file"
    a_file.write_text("x")
    monkeypatch.delenv("TRADESHOCK_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(a_file))
    with pytest.raises(CacheError) as info:
        http.cached_session()
    assert str(a_file) in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_read_only_directory(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        with pytest.raises(CacheError) as info:
            http.cached_session(cache_dir=directory)
        assert str(directory) in str(info.value)
    finally:
        directory.chmod(0o700)


@pytest.mark.parametrize("case", CASES)
def test_bundled_loads_never_touch_the_cache(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _broken_locations(tmp_path)[case]
    monkeypatch.setenv("TRADESHOCK_CACHE_DIR", str(directory))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert len(ts.load_trade("Russia")) > 10
    assert len(ts.load_petroleum_imports("Russia")) > 10
    assert len(ts.load_oil_price("brent")) > 10
    assert len(ts.load_treasury_holdings("Russia")) > 10
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_cli_prints_one_line_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _broken_locations(tmp_path)["dir_below_a_file"]
    monkeypatch.setenv("TRADESHOCK_CACHE_DIR", str(directory))
    code = main(["report", "--partner", "Russia", "--source", "census"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert str(directory) in err
    assert "Traceback" not in err


_DISK_FULL = textwrap.dedent(
    """
    import logging, resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (48_000, 48_000))
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from tradeshock.sources import http
    session = http.cached_session(cache_dir=sys.argv[2])
    response = http.fetch(sys.argv[1], session=session)
    print(len(response.content))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_on_first_write_serves_the_answer_with_a_warning(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    body = b"year,value\n" + b"".join(f"{1900 + i},{i}.5\n".encode() for i in range(20_000))
    httpserver.expect_request("/big.csv").respond_with_data(body, content_type="text/csv")
    result = subprocess.run(
        [sys.executable, "-c", _DISK_FULL, httpserver.url_for("/big.csv"), str(tmp_path / "c")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(body))
    assert "not cached" in result.stderr
    assert str(tmp_path / "c") in result.stderr
    assert "Traceback" not in result.stderr


_NO_ROOM = textwrap.dedent(
    """
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    from tradeshock.errors import CacheError
    from tradeshock.sources import http
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))  # not even one database page
    try:
        http.cached_session(cache_dir=sys.argv[1])
    except CacheError as exc:
        sys.stderr.write("CacheError " + str(exc))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_before_the_cache_exists_is_a_typed_error(tmp_path: Path) -> None:
    # requests-cache would retry its write lock for ever on such a file: the check comes first
    result = subprocess.run(
        [sys.executable, "-c", _NO_ROOM, str(tmp_path / "c")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("CacheError the HTTP cache cannot be used"), result.stderr
    assert str(tmp_path / "c") in result.stderr

"""Making sure the HTTP cache file can be used before requests-cache opens it.

requests-cache 1.3 turns every problem with its SQLite file into a raw ``OSError`` or
``sqlite3.OperationalError`` — or worse: with a file it cannot write it retries its write lock
for ever, and a failed write is rolled back silently. So `prepare_cache_file` checks the
place first and raises [`CacheError`][tradeshock.errors.CacheError] naming the path and what to do:

* the directory cannot be created (a file is in the way, a read-only parent, an unusable HOME);
* ``http_cache.sqlite`` is a directory;
* the file is another program's SQLite database (tables other than ``responses``/``redirects``,
  or those names with other columns): it is left untouched;
* the file cannot be written (read-only, disk full): checked by creating the tables in a write
  transaction.

A corrupt file (not a database, or failing ``PRAGMA quick_check``) is moved aside to
``<name>.corrupt`` with a warning and the cache starts empty; a locked one (another process
writing) is in use, not broken, and is left to requests-cache's own waiting.

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     prepare_cache_file(Path(d) / "sub").name
    'http_cache.sqlite'

"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from .._log import logger
from ..errors import CacheError

__all__ = ["CACHE_FILE", "cache_error", "prepare_cache_file"]

CACHE_FILE = "http_cache.sqlite"
_OURS = ("responses", "redirects")
# the table layout requests-cache 1.x creates (CREATE TABLE IF NOT EXISTS keeps existing ones)
_TABLE_SQL = "CREATE TABLE IF NOT EXISTS {} (key TEXT PRIMARY KEY, value BLOB, expires INTEGER)"
_REMEDY = (
    "set TRADESHOCK_CACHE_DIR (or cached_session(cache_dir=...)) to a writable directory; "
    "bundled data (source='bundled') needs no cache"
)

_FOREIGN_REMEDY = "move that file away, or " + _REMEDY


def cache_error(path: Path | str, problem: str, *, remedy: str = _REMEDY) -> CacheError:
    """Build the one-line error for an unusable cache location.

    Example:
        >>> str(cache_error("/x", "is a file")).startswith("the HTTP cache cannot be used: /x")
        True

    """
    return CacheError(f"the HTTP cache cannot be used: {path} {problem}; {remedy}", path=str(path))


def prepare_cache_file(directory: Path) -> Path:
    """Create ``directory`` if needed and return the usable cache file path inside it.

    Raises:
        CacheError: the directory or file cannot hold the cache (the message says why).

    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cache_error(directory, f"cannot be created as a directory ({_reason(exc)})") from None
    if not directory.is_dir():
        raise cache_error(directory, "is not a directory")
    path = directory / CACHE_FILE
    if path.is_dir():
        raise cache_error(path, "is a directory, not the cache file")
    _set_aside_if_corrupt(path)
    _claim(path)
    return path


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _claim(path: Path) -> None:
    """Refuse another program's database, and prove the file can be written."""
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5.0, isolation_level=None)) as con:
            _refuse_foreign(con, path)
            con.execute("BEGIN IMMEDIATE")  # a write lock: fails on a read-only file
            for table in _OURS:
                con.execute(_TABLE_SQL.format(table))
            con.execute("COMMIT")
    except CacheError:
        raise
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):  # another process is writing: in use, not broken
            return
        raise cache_error(path, f"cannot be written ({exc})") from None
    except (sqlite3.Error, OSError) as exc:
        raise cache_error(path, f"cannot be opened ({_reason(exc)})") from None


def _refuse_foreign(con: sqlite3.Connection, path: Path) -> None:
    tables = [str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    others = sorted(t for t in tables if t not in _OURS and not t.startswith("sqlite_"))
    if others:
        raise cache_error(
            path,
            f"is another program's database (tables: {', '.join(others)}), left untouched",
            remedy=_FOREIGN_REMEDY,
        )
    for table in (t for t in tables if t in _OURS):
        columns = {str(r[1]) for r in con.execute(f"PRAGMA table_info({table})")}
        if not {"key", "value"} <= columns:
            raise cache_error(
                path,
                f"is another program's database (table {table} has columns "
                f"{', '.join(sorted(columns))}), left untouched",
                remedy=_FOREIGN_REMEDY,
            )


def _set_aside_if_corrupt(path: Path) -> None:
    """Move an unreadable cache file to ``<name>.corrupt`` (with a warning): it is rebuilt empty.

    A locked database (another process writing) is not corrupt and is left alone.
    """
    if not path.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5.0)) as con:
            status = str(con.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):  # in use, not corrupt
            return
        raise cache_error(path, f"cannot be read ({exc})") from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        status = str(exc)
    if status == "ok":
        return
    aside = path.with_name(path.name + ".corrupt")
    logger.warning(
        "HTTP cache %s is corrupt (%s); moved it to %s and starting an empty cache "
        "(responses will be fetched again)",
        path,
        status,
        aside,
    )
    try:
        os.replace(path, aside)
    except OSError as exc:
        raise cache_error(path, f"is corrupt and cannot be moved aside ({_reason(exc)})") from None
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()

"""Parse a response body once (private): memoised parsers for the live loaders.

A live loader fetches through the HTTP cache, so a repeated call gets the stored body back in a
millisecond; parsing that body again (CSV, JSON, text tables) then costs 24–33 times the cached
fetch (issue 19). `parse_once` keeps the parsed result per (parser, body digest), for the
few most recent bodies, and hands out copies so callers can change what they get.

Keyed by the SHA-256 of the body, never by URL: a body that changed upstream is a new key, so
a memoised result is never stale, and no URL (which may hold an API key) is kept.

Example:
    >>> calls = []
    >>> def parse(content: bytes) -> list[str]:
    ...     calls.append(content)
    ...     return content.decode().split(",")
    >>> parse_once(parse, b"a,b"), parse_once(parse, b"a,b"), len(calls)
    (['a', 'b'], ['a', 'b'], 1)

"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["MEMO_SIZE", "clear", "parse_once"]

T = TypeVar("T")

MEMO_SIZE = 8
"""Parsed bodies kept (least recently used dropped first): a handful of series per session."""

_MEMO: OrderedDict[tuple[str, str], Any] = OrderedDict()
_LOCK = threading.Lock()
_PLAIN = (str, bytes, int, float, bool, type(None))


def _parser_key(parser: Callable[..., Any]) -> str:
    code = getattr(parser, "__code__", None)
    # closures built per call (e.g. a parser for one series id) share their code object, so the
    # key adds what they close over: plain values by value, anything else by identity
    cells = getattr(parser, "__closure__", None) or ()
    closed = tuple(
        cell.cell_contents if isinstance(cell.cell_contents, _PLAIN) else id(cell.cell_contents)
        for cell in cells
    )
    name = f"{getattr(parser, '__module__', '')}.{getattr(parser, '__qualname__', parser)}"
    return name + (f"@{id(code)}{closed!r}" if code is not None else "")


def parse_once(parser: Callable[[bytes], T], content: bytes) -> T:
    """Return ``parser(content)``, parsing a given body with a given parser only once.

    Exceptions are not memoised (a parser that rejects a body raises every time).
    """
    key = (_parser_key(parser), hashlib.sha256(content).hexdigest())
    with _LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return copy.deepcopy(_MEMO[key])  # type: ignore[no-any-return]
    result = parser(content)
    with _LOCK:
        _MEMO[key] = result
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return copy.deepcopy(result)


def clear() -> None:
    """Forget every parsed body (e.g. to time a first parse)."""
    with _LOCK:
        _MEMO.clear()

"""EIA API v2 JSON: bytes in, tidy pandas out, plus paging by ``offset``.

A v2 ``/data/`` response is ``{"response": {"total": "12000", "frequency": ..., "data": [...]},
"request": {...}, "apiVersion": ...}``. Since API 2.1.6 every data value and ``total`` are JSON
strings. Each row carries ``period`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``series``,
``series-description``, ``value`` and ``units`` among route-specific facets. One call returns at
most 5000 rows: :func:`collect_pages` asks for ``offset=0, 5000, 10000, ...`` until ``total`` rows
are in and drops rows seen twice (the data can shift between calls).

An ``{"error": ...}`` body (e.g. HTTP 403 ``API_KEY_INVALID``) raises
:class:`~tradeshock.SourceError` carrying EIA's message (any ``api_key`` redacted); anything that
is not such an envelope raises :class:`~tradeshock.SchemaError`.

Example:
    >>> raw = b'{"response": {"total": "1", "data": [{"period": "2021", "series": "MTTIMUSCA1",'
    >>> raw += b' "value": "1584269", "units": "MBBL"}]}}'
    >>> rows, total = parse_eia_json(raw)
    >>> total, rows["value"].tolist()
    (1, [1584269.0])

"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._log import logger
from .._redact import redact
from ..errors import SchemaError, SourceError
from ._text import decode_text

__all__ = ["PAGE_SIZE", "collect_pages", "eia_error_message", "parse_eia_json"]

#: the most rows one EIA v2 call returns
PAGE_SIZE = 5000
_ROW_KEYS = ("series", "period")


def eia_error_message(parsed: object) -> str | None:
    """Return EIA's error text from a parsed body, or None when the body is not an error.

    Example:
        >>> eia_error_message({"error": {"code": "API_KEY_INVALID", "message": "bad key"}})
        'API_KEY_INVALID: bad key'

    """
    if not isinstance(parsed, dict) or "error" not in parsed:
        return None
    error = parsed["error"]
    if isinstance(error, dict):
        code = error.get("code")
        message = error.get("message") or json.dumps(error, sort_keys=True)
        text = f"{code}: {message}" if code else str(message)
    else:
        text = str(error)
        if parsed.get("code"):
            text = f"{parsed['code']}: {text}"
    return redact(text)


def _number(cell: object, where: str) -> float:
    if cell is None:
        return float("nan")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = str(cell).strip().replace(",", "")
    if text in ("", "NA", "--", "W", "NaN"):
        return float("nan")
    try:
        return float(text)
    except ValueError:
        raise SchemaError(f"{where}: value {cell!r} is not a number") from None


def parse_eia_json(data: bytes, *, what: str = "EIA API") -> tuple[pd.DataFrame, int]:
    """Parse one EIA v2 ``/data/`` response into ``(rows, total)``.

    ``rows`` keeps every field of ``response.data`` (as text) with ``value`` a float (``null``
    or ``""`` → NaN) and ``period`` text; ``total`` counts the rows matched across all pages.

    Example:
        >>> parse_eia_json(b'{"response": {"total": "0", "data": []}}')[1]
        0

    """
    text = decode_text(data, what).strip()
    if text.startswith("<"):
        raise SourceError(f"{what}: got an HTML page instead of JSON: {redact(text[:200])!r}")
    try:
        parsed: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{what}: not valid JSON ({exc.msg} at character {exc.pos})") from None
    message = eia_error_message(parsed)
    if message is not None:
        raise SourceError(f"{what}: EIA answered an error: {message}")
    response = parsed.get("response") if isinstance(parsed, dict) else None
    if not isinstance(response, dict) or not isinstance(response.get("data"), list):
        raise SchemaError(f"{what}: missing 'response.data' (not an EIA v2 /data/ response)")
    rows = response["data"]
    try:
        total = int(str(response.get("total", len(rows))).strip())
    except ValueError:
        shown = response.get("total")
        raise SchemaError(f"{what}: 'response.total' {shown!r} is not a count") from None
    if not rows:
        empty: pd.DataFrame = pd.DataFrame(columns=["period", "value"])
        return empty, total
    if not all(isinstance(row, dict) for row in rows):
        raise SchemaError(f"{what}: 'response.data' must hold objects")
    for needed in ("period", "value"):
        if any(needed not in row for row in rows):
            raise SchemaError(f"{what}: a row has no {needed!r} field")
    frame = pd.DataFrame.from_records(rows)
    frame["value"] = [_number(v, f"{what}, row {i}") for i, v in enumerate(frame["value"], 1)]
    frame["value"] = frame["value"].astype("float64")
    frame["period"] = frame["period"].astype(str).str.strip()
    return frame, total


def collect_pages(
    fetch_page: Callable[[int], bytes],
    *,
    page_size: int = PAGE_SIZE,
    what: str = "EIA API",
    max_pages: int = 1000,
) -> pd.DataFrame:
    """Fetch every page of a query (``fetch_page(offset)`` returns one body) and de-duplicate.

    Stops when ``total`` rows have been requested or a page comes back empty. Rows seen twice
    (same ``series`` and ``period``, or the same whole row without those fields) are kept once.

    Example:
        >>> page = b'{"response": {"total": "2", "data": [{"period": "2020", "value": "1"}]}}'
        >>> len(collect_pages(lambda offset: page, page_size=1))
        1

    """
    if page_size < 1:
        raise SchemaError(f"page_size={page_size!r} must be >= 1")
    frames: list[pd.DataFrame] = []
    offset = 0
    total = None
    for _ in range(max_pages):
        rows, total = parse_eia_json(fetch_page(offset), what=what)
        if rows.empty:
            break
        frames.append(rows)
        offset += page_size
        if offset >= total:
            break
    else:
        raise SourceError(f"{what}: more than {max_pages} pages; narrow the query")
    if not frames:
        empty: pd.DataFrame = pd.DataFrame(columns=["period", "value"])  # nothing matched
        return empty
    combined = pd.concat(frames, ignore_index=True)
    keys = [k for k in _ROW_KEYS if k in combined.columns]
    if len(keys) < 2:
        keys = list(combined.columns)
    before = len(combined)
    combined = combined.drop_duplicates(subset=keys, keep="first").reset_index(drop=True)
    if len(combined) != before:
        logger.debug("%s: dropped %d duplicated row(s) across pages", what, before - len(combined))
    if total is not None and len(combined) < total:
        logger.debug("%s: %d distinct rows of %d announced", what, len(combined), total)
    result: pd.DataFrame = combined
    return result

"""EIA API v2 JSON: bytes in, tidy pandas out, plus paging by ``offset``.

A v2 ``/data/`` response is ``{"response": {"total": "12000", "frequency": ..., "data": [...]},
"request": {...}, "apiVersion": ...}``. Since API 2.1.6 every data value and ``total`` are JSON
strings. Each row carries ``period`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``series``,
``series-description``, ``value`` and ``units`` among route-specific facets. One call returns at
most 5000 rows: [`collect_pages`][tradeshock.parsers.eia_api.collect_pages] asks for ``offset=0,
5000, 10000, ...`` until ``total`` rows are in and drops rows seen twice (the data can shift between
calls).

An ``{"error": ...}`` body (e.g. HTTP 403 ``API_KEY_INVALID``) raises
[`SourceError`][tradeshock.errors.SourceError] carrying EIA's message (any ``api_key`` redacted);
anything that is not such an envelope raises [`SchemaError`][tradeshock.errors.SchemaError].

Example:
    >>> raw = b'{"response": {"total": "1", "data": [{"period": "2021", "series": "MTTIMUSCA1",'
    >>> raw += b' "value": "1584269", "units": "MBBL"}]}}'
    >>> rows, total = parse_eia_json(raw)
    >>> total, rows["value"].tolist()
    (1, [1584269.0])

"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._log import logger
from .._redact import redact
from ..errors import SchemaError, SourceError
from ._text import decode_text

__all__ = [
    "PAGE_SIZE",
    "check_page",
    "check_units",
    "collect_pages",
    "eia_error_message",
    "expected_units",
    "parse_eia_json",
]

#: the most rows one EIA v2 call returns
PAGE_SIZE = 5000
_ROW_KEYS = ("series", "period")
#: units EIA states for the spot price series (USD per barrel)
_PRICE_UNITS = {"RBRTE": "$/BBL", "RWTC": "$/BBL"}
#: ``petroleum/move`` series ids end in 1 (thousand barrels) or 2 (thousand barrels per day)
_MOVE_UNITS = {"1": "MBBL", "2": "MBBL/D"}
_MOVE_SERIES = re.compile(r"^M[A-Z0-9_-]+[12]$")


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


def expected_units(series_id: str) -> str | None:
    """Return the ``units`` EIA states for a series id, or None when the id is not one we know.

    Example:
        >>> expected_units("MTTIMUSCA1"), expected_units("MCRIMUSCA2"), expected_units("RBRTE")
        ('MBBL', 'MBBL/D', '$/BBL')

    """
    if series_id in _PRICE_UNITS:
        return _PRICE_UNITS[series_id]
    if _MOVE_SERIES.match(series_id):
        return _MOVE_UNITS[series_id[-1]]
    return None


def _units_key(text: object) -> str:
    return str(text).strip().upper().replace(" ", "")


def check_units(rows: pd.DataFrame, expected: dict[str, str], *, what: str = "EIA API") -> None:
    """Raise `SchemaError` when rows state other units than ``expected``.

    ``expected`` maps series id → units (e.g. ``{"MTTIMUSCA1": "MBBL"}``); rows of other series
    are not checked. A units change upstream (barrels instead of thousand barrels) would
    otherwise give values 1000x off under the old label.

    Example:
        >>> rows = pd.DataFrame({"series": ["RBRTE"], "period": ["2020"], "value": [41.96],
        ...                      "units": ["$/BBL"]})
        >>> check_units(rows, {"RBRTE": "$/BBL"})

    """
    if rows.empty or not expected:
        return
    if "series" not in rows.columns:
        raise SchemaError(f"{what}: rows have no 'series' field")
    checked = rows.loc[rows["series"].astype(str).isin(list(expected))]
    if checked.empty:
        return
    if "units" not in checked.columns or checked["units"].isna().any():
        wanted = sorted(set(expected.values()))
        raise SchemaError(f"{what}: rows state no 'units' (expected {wanted})")
    for series_id, units in expected.items():
        stated = checked.loc[checked["series"].astype(str) == series_id, "units"].astype(str)
        wrong = sorted({u for u in stated if _units_key(u) != _units_key(units)})
        if wrong:
            raise SchemaError(
                f"{what}: series {series_id} is stated in units {', '.join(map(repr, wrong))}, "
                f"not {units!r}; EIA changed its units: refusing values that would be off "
                "by the conversion factor"
            )


def check_page(data: bytes, *, offset: int, page_size: int, what: str = "EIA API") -> int:
    """Check one page holds every row ``response.total`` promises for it; return ``total``.

    A page at ``offset`` must hold ``min(page_size, total - offset)`` rows: fewer is an
    incomplete answer ([`SourceError`][tradeshock.errors.SourceError]), as is ``total`` 0 on the
    first page. Used before caching, so a short page is never stored.

    Example:
        >>> page = b'{"response": {"total": "3", "data": [{"period": "2020", "value": "1"}]}}'
        >>> check_page(page, offset=2, page_size=2)
        3

    """
    rows, total = parse_eia_json(data, what=what)
    if total == 0 and offset == 0:
        raise SourceError(f"{what}: EIA returned no rows (response.total is 0)")
    _check_count(len(rows), total, offset=offset, page_size=page_size, what=what)
    return total


def _check_count(count: int, total: int, *, offset: int, page_size: int, what: str) -> None:
    promised = max(0, min(page_size, total - offset))
    if count < promised:
        raise SourceError(
            f"{what}: incomplete answer: the page at offset {offset} has {count} rows, "
            f"but response.total={total} promises {promised}"
        )


def collect_pages(
    fetch_page: Callable[[int], bytes],
    *,
    page_size: int = PAGE_SIZE,
    what: str = "EIA API",
    max_pages: int = 1000,
) -> pd.DataFrame:
    """Fetch every page of a query (``fetch_page(offset)`` returns one body) and de-duplicate.

    Stops when ``total`` rows have been requested. A page with fewer rows than ``total``
    promises for it (or an empty one before ``total`` rows came in) raises
    [`SourceError`][tradeshock.errors.SourceError]: the result is complete or there is none. Rows
    seen twice (same ``series`` and ``period``, or the same whole row without those fields) are kept
    once.

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
        if rows.empty and total == 0 and offset == 0:  # nothing matched: empty, not short
            break
        _check_count(len(rows), total, offset=offset, page_size=page_size, what=what)
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

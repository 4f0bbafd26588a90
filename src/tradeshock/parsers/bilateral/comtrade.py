"""UN Comtrade API v1 ``data/v1/get`` JSON: bytes → tidy frame (USD millions).

Body ``{"elapsedTime", "count", "data": [...], "error"}``. A non-empty ``error`` is a
[`SourceError`][tradeshock.errors.SourceError]; ``count`` must equal the number of records (else the
response was cut: [`SchemaError`][tradeshock.errors.SchemaError]). An empty result is ``count`` 0
and ``data`` [] with HTTP 200 — an empty frame here, for the loader to report. ``primaryValue`` (USD
units: FOB for exports, CIF for imports) / 10⁶. Flow codes ``X`` → exports, ``M`` → imports
(re-exports/imports skipped). Reporter and partner codes are UN M49 as Comtrade uses them (India
699, USA 842, World 0).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from ...errors import SchemaError, SourceError
from .._text import decode_text
from ._countries import ECONOMIES
from ._frame import TIDY_COLUMNS

__all__ = ["COMPILER", "parse_comtrade_json"]

COMPILER = "UN Comtrade"
_FLOWS = {"X": "exports", "M": "imports"}
_M49 = {e.m49: e.code for e in ECONOMIES if e.m49 is not None}


def _code(m49: object) -> str:
    """Economy code of a Comtrade M49 code (``""`` when not in the table)."""
    return _M49.get(m49, "") if isinstance(m49, int) and not isinstance(m49, bool) else ""


def _period(record: dict[str, Any]) -> str:
    period = str(record.get("period", ""))
    if len(period) == 4 and period.isdigit():
        return period
    if len(period) == 6 and period.isdigit():
        return f"{period[:4]}-{period[4:]}"
    raise SchemaError(f"UN Comtrade: period {period!r} is neither YYYY nor YYYYMM")


def _row(record: dict[str, Any]) -> dict[str, Any] | None:
    flow = _FLOWS.get(str(record.get("flowCode")))
    if flow is None:
        return None
    value = record.get("primaryValue")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SchemaError(f"UN Comtrade: primaryValue {value!r} is not a number")
    return {
        "reporter": _code(record.get("reporterCode")),
        "partner": _code(record.get("partnerCode")),
        "flow": flow,
        "period": _period(record),
        "value": float(value) / 1e6,
        "units": "USD millions",
        "compiler": COMPILER,
        "reporter_name": str(record.get("reporterDesc") or record.get("reporterCode")),
        "partner_name": str(record.get("partnerDesc") or record.get("partnerCode")),
        "note": "",
    }


def parse_comtrade_json(data: bytes) -> pd.DataFrame:
    """Parse a ``data/v1/get`` response into the tidy frame (empty when ``count`` is 0).

    Raises:
        SourceError: the body carries an ``error`` message.
        SchemaError: not JSON, keys missing, ``count`` not equal to the records returned.

    Example:
        >>> parse_comtrade_json(b'{"elapsedTime":"0.58 secs","count":0,"data":[],"error":""}').empty
        True

    """
    text = decode_text(data, "UN Comtrade response")
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"UN Comtrade response: not JSON ({exc.msg})") from None
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise SchemaError("UN Comtrade response: no 'data' list")
    if body.get("error"):
        raise SourceError(f"UN Comtrade answered an error: {str(body['error'])[:200]}")
    records = body["data"]
    if body.get("count") != len(records):
        raise SchemaError(
            f"UN Comtrade response: count {body.get('count')!r} but "
            f"{len(records)} records (response cut?)"
        )
    rows = [row for record in records if isinstance(record, dict) and (row := _row(record))]
    frame = pd.DataFrame(rows, columns=list(TIDY_COLUMNS))
    result: pd.DataFrame = frame.astype({"value": "float64"})
    return result

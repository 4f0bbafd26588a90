"""HS 2-digit composition of U.S. trade, live from UN Comtrade with the user's own key.

The snapshot no longer bundles HS chapters: the only copy came from UN Comtrade, whose terms
forbid re-dissemination without permission. This module asks Comtrade for U.S.-reported trade
with one partner by HS chapter (``cmdCode=AG2``) through the project's cached, key-safe session
(the key only in the ``Ocp-Apim-Subscription-Key`` header), years split into calls of at most
`COMTRADE_PERIODS_PER_CALL` periods, each call's
``count`` checked against the record cap.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..._partners import resolve_partner
from ...errors import SchemaError, SourceError, ValidationError
from .._provenance import Provenance, stamp
from ..bilateral._live import (
    COMTRADE_MAX_RECORDS,
    comtrade_call,
    missing_key_error,
    year_chunks,
)
from ..bilateral._resolve import resolve_economy
from ..http import base_url
from ._frames import WORLD_CODE, composition_frame

if TYPE_CHECKING:
    import requests

__all__ = ["HS2_NOT_BUNDLED", "load_hs2_comtrade", "parse_comtrade_chapters"]

USA_M49 = 842
FIRST_YEAR = 1990
#: what load_trade_composition(basis="hs2") says offline
HS2_NOT_BUNDLED = (
    "HS 2-digit composition is not bundled: the only copy (U.S.-reported UN Comtrade, Russia "
    "2010-2019) came from UN Comtrade, whose terms forbid re-dissemination. Fetch it live: "
    "load_trade_composition(partner, basis='hs2', source='comtrade', api_key=<your UN Comtrade "
    "key, free at https://comtradedeveloper.un.org>), or U.S. trade by HS code from the Census "
    "International Trade API (public domain) with tradeshock.load_trade_hs"
)
_FLOW_CODE = {"imports": "M", "exports": "X"}


def parse_comtrade_chapters(data: bytes, flow: str) -> pd.DataFrame:
    """Parse a Comtrade ``AG2`` response into ``hs2, description, year, value`` (whole USD).

    Raises:
        SourceError: the body carries an ``error``.
        SchemaError: not JSON, ``count`` differs from the records, a value is not a number.

    Example:
        >>> body = (b'{"count":1,"error":"","data":[{"cmdCode":"27","cmdDesc":"Mineral fuels",'
        ...         b'"refYear":2019,"flowCode":"M","primaryValue":5.0e9}]}')
        >>> parse_comtrade_chapters(body, "imports").to_dict("records")
        [{'hs2': '27', 'description': 'Mineral fuels', 'year': 2019, 'value': 5000000000.0}]

    """
    try:
        body = json.loads(bytes(data).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SchemaError("UN Comtrade response: not JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise SchemaError("UN Comtrade response: no 'data' list")
    if body.get("error"):
        raise SourceError(f"UN Comtrade answered an error: {str(body['error'])[:200]}")
    if body.get("count") != len(body["data"]):
        raise SchemaError(
            f"UN Comtrade response: count {body.get('count')!r} but "
            f"{len(body['data'])} records (response cut?)"
        )
    rows = [_chapter(r) for r in body["data"] if r.get("flowCode") == _FLOW_CODE[flow]]
    chapters: pd.DataFrame = pd.DataFrame(rows, columns=["hs2", "description", "year", "value"])
    return chapters


def _chapter(record: dict[str, Any]) -> dict[str, Any]:
    value = record.get("primaryValue")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SchemaError(f"UN Comtrade: primaryValue {value!r} is not a number")
    code = str(record.get("cmdCode", ""))
    if len(code) != 2 or not code.isdigit():
        raise SchemaError(f"UN Comtrade: cmdCode {code!r} is not an HS chapter")
    return {
        "hs2": code,
        "description": str(record.get("cmdDesc", "")),
        "year": int(record["refYear"]),
        "value": float(value),
    }


def _partner_m49(code: str, label: str) -> int:
    if code == WORLD_CODE:
        return 0
    iso3 = resolve_partner(code).iso3
    m49 = resolve_economy(iso3).m49 if iso3 else None
    if m49 is None:
        raise ValidationError(f"no UN Comtrade code is known for {label}; use basis='enduse'")
    return m49


def load_hs2_comtrade(
    code: str,
    label: str,
    flow: str,
    *,
    session: requests.Session | None,
    api_key: str | None,
    start: object,
    end: object,
) -> pd.DataFrame:
    """U.S. trade with one partner by HS chapter from UN Comtrade (USD millions, annual)."""
    if not api_key:
        raise missing_key_error()
    url = f"{base_url('comtrade', session)}/data/v1/get/C/A/HS"
    frames = []
    for periods in year_chunks(start, end, FIRST_YEAR):
        params = {
            "reporterCode": str(USA_M49),
            "partnerCode": str(_partner_m49(code, label)),
            "partner2Code": "0",
            "period": ",".join(periods),
            "cmdCode": "AG2",
            "flowCode": _FLOW_CODE[flow],
            "customsCode": "C00",
            "motCode": "0",
            "includeDesc": "TRUE",
            "maxRecords": str(COMTRADE_MAX_RECORDS),
        }
        content = comtrade_call(
            url, params, session, api_key, validate=lambda b: parse_comtrade_chapters(b, flow)
        )
        frames.append(parse_comtrade_chapters(content, flow))
    tidy = pd.concat(frames, ignore_index=True)
    if tidy.empty:
        raise SourceError(f"UN Comtrade has no HS chapters of U.S. {flow} with {label}")
    values = tidy.pivot(index="hs2", columns="year", values="value").fillna(0)
    latest = tidy.sort_values("year").drop_duplicates("hs2", keep="last")
    frame, categories = composition_frame(
        values, dict(zip(latest["hs2"], latest["description"], strict=True)), basis="hs2"
    )
    provenance = Provenance(
        dataset="comtrade data/v1 (AG2)",
        source=f"UN Comtrade (live): {url}",
        units="USD millions",
        vintage="live",
        upstream_url=url,
        freq="Y",
        licence="UN Comtrade terms: for your own use; re-dissemination needs UNSD's permission",
        notes=("reporter United States; HS edition as reported (H3-H6)",),
    )
    return stamp(
        frame,
        provenance,
        valuation="imports CIF, exports FOB (as reported)",
        flow=flow,
        partner=label,
        cty_code=code,
        basis="hs2",
        categories=categories,
    )

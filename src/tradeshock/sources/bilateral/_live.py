"""Live bilateral sources through the project's cached, key-safe session.

* IMF IMTS (SDMX 3.0, no key): one request per direction,
  ``{imf}/data/dataflow/IMF.STA/IMTS/+/{REPORTER}.XG_FOB_USD+MG_CIF_USD.{PARTNER}.{A|M}``
  with ``c[TIME_PERIOD]`` bounds, ``Accept: application/xml``. An unknown key or an empty
  selection answers 204 / an empty body: no rows.
* UN Comtrade v1 (your subscription key): ``{comtrade}/data/v1/get/C/{A|M}/HS`` with
  ``cmdCode=TOTAL``, ``flowCode=X,M``, ``customsCode=C00``, ``motCode=0``, ``partner2Code=0``.
  The key travels only in the ``Ocp-Apim-Subscription-Key`` header. Periods are split into
  requests of at most `COMTRADE_PERIODS_PER_CALL` periods, each asking for
  ``maxRecords`` = `COMTRADE_MAX_RECORDS`; a response whose ``count`` reaches that cap is
  refused (it may be cut) rather than returned partially.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from ...errors import SourceError, ValidationError
from ...parsers.bilateral.comtrade import parse_comtrade_json
from ...parsers.bilateral.imts import IMTS_AREAS, parse_imts_xml
from ..http import base_url, fetch

if TYPE_CHECKING:
    import requests

    from ...parsers.bilateral._countries import Economy

__all__ = [
    "COMTRADE_MAX_RECORDS",
    "COMTRADE_PERIODS_PER_CALL",
    "comtrade_call",
    "comtrade_rows",
    "imf_rows",
    "missing_key_error",
    "year_chunks",
]

LONG = ["period", "flow", "value", "units", "compiler", "note"]
COMTRADE_MAX_RECORDS = 100_000
COMTRADE_PERIODS_PER_CALL = 12
FIRST_YEAR = 1990
_IMTS_CODE = {code: area for area, code in IMTS_AREAS.items()}
KEY_HEADER = "Ocp-Apim-Subscription-Key"


def missing_key_error() -> ValidationError:
    """Build the error for a Comtrade call without a key (raised before any request)."""
    return ValidationError(
        "source='comtrade' needs your UN Comtrade subscription key: sign in at "
        "https://comtradedeveloper.un.org, subscribe to the free 'comtrade - v1' product and "
        "pass the primary key as api_key=...; or use source='imf' (IMF IMTS, no key)"
    )


def _years(start: object, end: object) -> tuple[int, int]:
    first = int(str(start)[:4]) if start is not None else FIRST_YEAR
    last = int(str(end)[:4]) if end is not None else dt.date.today().year
    if first > last:
        raise ValidationError(f"start={start!r} is after end={end!r}")
    return first, last


def imf_rows(
    reporter: Economy,
    partner: Economy,
    freq: str,
    *,
    session: requests.Session | None,
    start: object,
    end: object,
) -> tuple[pd.DataFrame, str]:
    """Fetch what ``reporter`` reported to the IMF about ``partner`` (IMTS), long layout."""
    first, last = _years(start, end)
    rep = _IMTS_CODE.get(reporter.code, reporter.code)
    par = _IMTS_CODE.get(partner.code, partner.code)
    url = (
        f"{base_url('imf', session)}/data/dataflow/IMF.STA/IMTS/+/"
        f"{rep}.XG_FOB_USD+MG_CIF_USD.{par}.{'A' if freq == 'Y' else 'M'}"
    )
    # written into the URL as the IMF's own clients send it: a literal '+' joins the bounds
    url += (
        f"?c%5BTIME_PERIOD%5D=ge:{first}-01-01+le:{last}-12-31&dimensionAtObservation=TIME_PERIOD"
    )
    response = fetch(
        url,
        session=session,
        what="IMF IMTS",
        validate=parse_imts_xml,
        headers={"Accept": "application/xml"},
    )
    tidy = parse_imts_xml(b"" if response.status_code == 204 else response.content)
    return _pair(tidy, reporter, partner), str(response.url)


def _pair(tidy: pd.DataFrame, reporter: Economy, partner: Economy) -> pd.DataFrame:
    """Only the asked pair (a server may answer more), in the long layout."""
    mine = tidy[(tidy["reporter"] == reporter.code) & (tidy["partner"] == partner.code)]
    if mine.duplicated(["period", "flow"]).any():
        raise SourceError("the live source returned the same period and flow twice")
    result: pd.DataFrame = mine[LONG].reset_index(drop=True)
    return result


def year_chunks(start: object, end: object, first_year: int = FIRST_YEAR) -> list[list[str]]:
    """Annual Comtrade periods from ``start`` to ``end`` in calls of at most 12 periods.

    Example:
        >>> [len(c) for c in year_chunks(1995, 2020)]
        [12, 12, 2]

    """
    first, last = _years(start if start is not None else first_year, end)
    return _chunks(first, last, "Y")


def _chunks(first: int, last: int, freq: str) -> list[list[str]]:
    if freq == "Y":
        periods = [str(y) for y in range(first, last + 1)]
    else:
        periods = [f"{y}{m:02d}" for y in range(first, last + 1) for m in range(1, 13)]
    size = COMTRADE_PERIODS_PER_CALL
    return [periods[i : i + size] for i in range(0, len(periods), size)]


def comtrade_call(
    url: str,
    params: dict[str, str],
    session: requests.Session | None,
    api_key: str,
    *,
    validate: Callable[[bytes], object] = parse_comtrade_json,
) -> bytes:
    """GET one Comtrade call with the key in the header only; return the checked body.

    401 (bad key) and 429 (rate limit, after the session's retries) become
    [`SourceError`][tradeshock.errors.SourceError] without the key; a ``count`` at the record cap is
    refused.
    """
    response = fetch(
        url,
        params=params,
        session=session,
        what="UN Comtrade",
        check_status=False,
        validate=validate,
        headers={KEY_HEADER: api_key},
    )
    if response.status_code == 401:
        raise SourceError(
            "UN Comtrade refused the subscription key (HTTP 401: invalid key or "
            "no active subscription); check the key at "
            "https://comtradedeveloper.un.org",
            url=url,
        )
    if response.status_code == 429:
        raise SourceError(
            "UN Comtrade rate limit exceeded (HTTP 429) after retries; the free "
            "subscription allows 500 calls a day; try again later",
            url=url,
        )
    if response.status_code >= 400:
        raise SourceError(f"UN Comtrade answered HTTP {response.status_code}", url=url)
    count = _count(response.content)
    if count >= COMTRADE_MAX_RECORDS:
        raise SourceError(
            f"UN Comtrade returned {count} records, the cap per call "
            f"({COMTRADE_MAX_RECORDS}); the result may be cut",
            url=url,
        )
    content: bytes = response.content
    return content


def _count(content: bytes) -> int:
    import json

    body = json.loads(content.decode("utf-8-sig"))  # parse_comtrade_json validated it
    return int(body.get("count", 0))


def comtrade_rows(
    reporter: Economy,
    partner: Economy,
    freq: str,
    *,
    session: requests.Session | None,
    api_key: str | None,
    start: object,
    end: object,
) -> tuple[pd.DataFrame, str]:
    """Fetch what ``reporter`` reported to UN Comtrade about ``partner``, long layout."""
    if not api_key:
        raise missing_key_error()
    if reporter.m49 is None or partner.m49 is None:
        who = reporter if reporter.m49 is None else partner
        raise ValidationError(f"{who.name} has no UN Comtrade code; use source='imf'")
    first, last = _years(start, end)
    url = f"{base_url('comtrade', session)}/data/v1/get/C/{'A' if freq == 'Y' else 'M'}/HS"
    frames = []
    for periods in _chunks(first, last, freq):
        params = {
            "reporterCode": str(reporter.m49),
            "partnerCode": str(partner.m49),
            "partner2Code": "0",
            "period": ",".join(periods),
            "cmdCode": "TOTAL",
            "flowCode": "X,M",
            "customsCode": "C00",
            "motCode": "0",
            "includeDesc": "TRUE",
            "maxRecords": str(COMTRADE_MAX_RECORDS),
        }
        frames.append(parse_comtrade_json(comtrade_call(url, params, session, api_key)))
    tidy = pd.concat(frames, ignore_index=True)
    return _pair(tidy, reporter, partner), url

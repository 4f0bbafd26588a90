"""Live Census trade: ``country.xlsx`` and the International Trade API, shaped like the snapshot.

* ``source="census"``: one download of Census ``country.xlsx`` (every partner, monthly and
  annual) parsed by
  [`tradeshock.parsers.census.parse_country_xlsx`][tradeshock.parsers.census.parse_country_xlsx];
* ``source="census-api"`` (or env ``TRADESHOCK_CENSUS_ROUTE=api`` with ``source="census"``): the
  International Trade API, ``exports/hs`` ``ALL_VAL_MO`` and ``imports/hs`` ``GEN_VAL_MO`` by
  ``CTY_CODE``, monthly from 2013-01 (where the API starts); years are the sum of 12 months.
  Key: ``api_key=`` or env ``CENSUS_API_KEY`` (optional: Census allows a few keyless queries a
  day).

Both routes end in the tidy tables of [`tradeshock.parsers.census`][tradeshock.parsers.census] and
the frame builders of `_frames`, the same as the bundled path; a request outside what the live data
cover raises [`NotCoveredError`][tradeshock.errors.NotCoveredError], as the snapshot raises its
subclass.

Example:
    >>> CENSUS_API_FIRST_MONTH
    '2013-01'

"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pandas as pd

from ..._freq import Freq, normalize_freq
from ..._log import logger
from ..._partners import partner_table, resolve_partner
from ...errors import NotCoveredError, SourceError, ValidationError
from .._common import ENV_CENSUS_KEY, api_key_from, not_covered_live, retrieved, shown_url
from .._provenance import Provenance, licence_of, stamp
from ._frames import (
    DECIMALS,
    UNITS,
    _ordinals,
    bounds,
    panel_frame,
    partner_arrays,
    partner_frame,
    period_mask,
)

if TYPE_CHECKING:
    import requests

__all__ = [
    "CENSUS_API_FIRST_MONTH",
    "census_api_tables",
    "census_xlsx_tables",
    "load_trade_live",
    "load_trade_panel_live",
    "partner_ranks_live",
]

#: first month the International Trade API (HS endpoints) serves
CENSUS_API_FIRST_MONTH = "2013-01"
ENV_CENSUS_ROUTE = "TRADESHOCK_CENSUS_ROUTE"
_DATASET = {"Y": "census_trade_annual", "M": "census_trade_monthly"}

# parsed country.xlsx by content hash: parsing takes seconds, downloads are cached anyway
_XLSX_MEMO: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}


def census_xlsx_tables(
    session: requests.Session | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Download and parse Census ``country.xlsx``: tidy (monthly, annual) tables and provenance.

    Values are rounded to 0.1 USD million (Census's publication precision), half-up on the
    decimal figure, exactly as the snapshot builder rounds them.

    Example:
        >>> census_xlsx_tables  # doctest: +ELLIPSIS
        <function census_xlsx_tables at ...>

    """
    from ...parsers.census import parse_country_xlsx, round_published
    from ..http import base_url, fetch

    def parsed(content: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
        digest = hashlib.sha256(content).hexdigest()
        if digest not in _XLSX_MEMO:
            if len(_XLSX_MEMO) >= 2:
                _XLSX_MEMO.pop(next(iter(_XLSX_MEMO)))
            _XLSX_MEMO[digest] = tuple(  # type: ignore[assignment]
                round_published(t) for t in parse_country_xlsx(content)
            )
        return _XLSX_MEMO[digest]

    url = f"{base_url('census', session)}/balance/country.xlsx"
    response = fetch(url, session=session, what="Census country.xlsx", validate=parsed)
    content = response.content
    digest = hashlib.sha256(content).hexdigest()
    monthly, annual = parsed(content)
    published = monthly.loc[monthly["exports"].notna() | monthly["imports"].notna(), "period"]
    through = str(published.max()) if len(published) else "unknown"
    info = {
        "url": shown_url(str(response.url)),
        "vintage": f"Census country.xlsx retrieved {retrieved(response)}, data through {through}",
        "sha256": digest,
    }
    return monthly, annual, info


def _census_api_flow(
    flow: str, cty_code: str | None, key: str | None, session: requests.Session | None
) -> pd.DataFrame:
    from ...parsers.census_api import EXPORTS_VALUE, IMPORTS_VALUE, parse_intltrade_json
    from .._memo import parse_once
    from ..http import base_url, fetch

    value = EXPORTS_VALUE if flow == "exports" else IMPORTS_VALUE
    params: list[tuple[str, str]] = [
        ("get", f"CTY_NAME,{value}" if cty_code else f"CTY_CODE,CTY_NAME,{value}")
    ]
    if cty_code:
        params.append(("CTY_CODE", cty_code))
    params.append(("time", f"from {CENSUS_API_FIRST_MONTH}"))
    if key:
        params.append(("key", key))
    url = f"{base_url('census_api', session)}/{flow}/hs"
    what = f"Census trade API {flow}"
    nothing = f"{what}: no data for CTY_CODE={cty_code or 'all'} from {CENSUS_API_FIRST_MONTH}"

    def parse(content: bytes) -> pd.DataFrame:
        return parse_intltrade_json(content, required=[value, "CTY_NAME"], what=what)

    def parsed(content: bytes) -> pd.DataFrame:  # also runs before caching
        if not content.strip():  # the API answers 204 with no body when nothing matches
            raise SourceError(nothing)
        return parse_once(parse, content)  # one parse per body (see .._memo)

    response = fetch(url, params=params, session=session, what=what, validate=parsed)
    if response.status_code == 204 or not response.content.strip():
        raise SourceError(nothing, url=shown_url(str(response.url)))
    return parsed(response.content)


def census_api_tables(
    cty_code: str | None = None,
    *,
    api_key: str | None = None,
    session: requests.Session | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Fetch exports and general imports from the International Trade API as tidy tables.

    Returns (monthly, annual, provenance) in the layout of ``parse_country_xlsx``: USD millions,
    annual values only for years with 12 months. ``cty_code=None`` fetches every code.

    Example:
        >>> census_api_tables  # doctest: +ELLIPSIS
        <function census_api_tables at ...>

    """
    from ...parsers.census_api import annual_from_monthly, trade_monthly
    from ..http import base_url

    key = api_key_from(api_key, ENV_CENSUS_KEY, required=False)
    if key is None:
        logger.debug("Census trade API: no key (set CENSUS_API_KEY); keyless use is rate-limited")
    exports = _census_api_flow("exports", cty_code, key, session)
    imports = _census_api_flow("imports", cty_code, key, session)
    monthly = trade_monthly(exports, imports)
    monthly = monthly.loc[monthly["cty_code"].str.fullmatch(r"\d{4}")].reset_index(drop=True)
    annual = annual_from_monthly(monthly)
    through = str(monthly["period"].max()) if len(monthly) else "unknown"
    info = {
        "url": f"{base_url('census_api', session)}/{{exports,imports}}/hs",
        "vintage": f"Census International Trade API retrieved "
        f"{datetime.now(timezone.utc):%Y-%m-%d}, data {CENSUS_API_FIRST_MONTH} to {through}",
    }
    return monthly, annual, info


def _census_route(source: str) -> str:
    source = str(source).lower()
    if source in ("census-api", "census_api"):
        return "api"
    if source != "census":
        raise ValidationError(f"source={source!r} is not a live trade source; use 'census'")
    route = os.environ.get(ENV_CENSUS_ROUTE, "xlsx").strip().lower()
    if route not in ("xlsx", "api"):
        raise ValidationError(f"{ENV_CENSUS_ROUTE}={route!r}: use 'xlsx' or 'api'")
    return route


def _tables(
    route: str, cty_code: str | None, api_key: str | None, session: requests.Session | None
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    if route == "api":
        return census_api_tables(cty_code, api_key=api_key, session=session)
    return census_xlsx_tables(session)


def _provenance(route: str, info: dict[str, str], freq: Freq) -> Provenance:
    what = "International Trade API" if route == "api" else "xlsx"
    return Provenance(
        dataset=_DATASET[freq],
        source=f"census (live, {what}): {info['url']}",
        units=UNITS,
        vintage=info["vintage"],
        upstream_url=info["url"],
        freq=freq,
        licence=licence_of(_DATASET[freq]),
        notes=(),
    )


def load_trade_live(
    partner: str | int,
    *,
    freq: str = "Y",
    source: str = "census",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """Live `tradeshock.load_trade`: the same frame and errors, fetched from Census.

    Example:
        >>> load_trade_live  # doctest: +ELLIPSIS
        <function load_trade_live at ...>

    """
    freq = normalize_freq(freq)
    resolved = resolve_partner(partner)
    route = _census_route(source)
    monthly, annual, info = _tables(route, resolved.cty_code, api_key, session)
    table = annual if freq == "Y" else monthly
    what = "Census International Trade API" if route == "api" else "Census country.xlsx"

    def not_covered(asked: str, first: pd.Period, last: pd.Period) -> NotCoveredError:
        return not_covered_live(what, asked, f"{first} to {last}")

    every = _ordinals(table, freq)
    if len(every) == 0:
        raise SourceError(f"the live {what} has no rows at freq {freq!r}", url=info["url"])
    first = pd.Period(ordinal=int(every.min()), freq=freq)
    last = pd.Period(ordinal=int(every.max()), freq=freq)
    lo, hi = bounds(start, end, freq, first=first, last=last, not_covered=not_covered)
    ordinals, exports, imports, _ = partner_arrays(table, resolved.cty_code, freq)
    if len(ordinals) == 0:
        raise not_covered(f"partner {resolved.label!r} at freq {freq!r}", first, last)

    def partner_not_covered(asked: str, a: pd.Period, b: pd.Period) -> NotCoveredError:
        return not_covered_live(what, asked, f"{resolved.label} from {a} to {b}")

    keep = period_mask(
        ordinals, freq, lo, hi, label=resolved.label, not_covered=partner_not_covered
    )
    frame = partner_frame(
        ordinals[keep],
        exports[keep],
        imports[keep],
        freq,
        # country.xlsx values are rounded to 0.1 like the snapshot's; API values are exact dollars
        decimals=DECIMALS if route == "xlsx" else None,
    )
    return stamp(
        frame,
        _provenance(route, info, freq),
        partner=resolved.label,
        cty_code=resolved.cty_code,
        iso3=resolved.iso3,
    )


def load_trade_panel_live(
    *,
    flow: str = "total",
    freq: str = "Y",
    source: str = "census",
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """Live `tradeshock.load_trade_panel`: every partner country from one download.

    Columns are the bundled partner labels; codes the bundled partner table does not know are
    left out (logged).

    Example:
        >>> load_trade_panel_live  # doctest: +ELLIPSIS
        <function load_trade_panel_live at ...>

    """
    freq = normalize_freq(freq)
    route = _census_route(source)
    monthly, annual, info = _tables(route, None, api_key, session)
    partners = partner_table()
    unknown = sorted(set(annual["cty_code"].astype(str)) - set(partners["cty_code"]))
    if unknown:
        logger.info("live Census data: codes not in the partner table left out: %s", unknown)
    panel = panel_frame(
        monthly,
        annual,
        partners,
        flow=flow,
        freq=freq,
        decimals=DECIMALS if route == "xlsx" else None,
    )
    codes = dict(panel.attrs.get("cty_codes", {}))
    return stamp(panel, _provenance(route, info, freq), flow=flow, cty_codes=codes)


def partner_ranks_live(
    year: int,
    *,
    by: str = "total",
    source: str = "census",
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """Live `tradeshock.partner_ranks`: the same ranking of the live annual table.

    Example:
        >>> partner_ranks_live  # doctest: +ELLIPSIS
        <function partner_ranks_live at ...>

    """
    from ._frames import ranks_frame

    route = _census_route(source)
    _, annual, info = _tables(route, None, api_key, session)
    years = annual["year"].astype("int64")
    if len(years) == 0 or not years.min() <= year <= years.max():
        covers = f"{years.min()} to {years.max()}" if len(years) else "no year"
        raise not_covered_live("Census trade data", f"year {year}", covers)
    ranks = ranks_frame(
        annual, partner_table(), year, by=by, decimals=DECIMALS if route == "xlsx" else None
    )
    return stamp(ranks, _provenance(route, info, "Y"), year=year, by=by)

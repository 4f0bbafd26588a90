"""Live loaders: the public loaders dispatch here for every ``source`` other than ``"bundled"``.

Each function fetches through :func:`tradeshock.sources.http.fetch` (the cached, key-safe session
unless ``session=`` is given), parses with the same parsers the snapshot builder uses and shapes
the result with the same frame builders as the bundled path, so live and bundled objects agree.

* trade, ``source="census"``: one download of Census ``country.xlsx`` (every partner, monthly and
  annual) parsed by :func:`tradeshock.parsers.census.parse_country_xlsx`;
  ``source="census-api"`` (or env ``TRADESHOCK_CENSUS_ROUTE=api`` with ``source="census"``): the
  International Trade API, ``exports/hs`` ``ALL_VAL_MO`` and ``imports/hs`` ``GEN_VAL_MO`` by
  ``CTY_CODE``, monthly from 2013-01 (where the API starts); years are the sum of 12 months.
  Key: ``api_key=`` or env ``CENSUS_API_KEY`` (optional: Census allows a few keyless queries a day).
* petroleum imports, ``source="eia"``: EIA API v2 ``petroleum/move/impcus`` (key required:
  ``api_key=`` or env ``EIA_API_KEY``).
* oil prices, ``source="eia"`` (``petroleum/pri/spt``, ``RBRTE`` / ``RWTC``) or ``source="fred"``
  (``fredgraph.csv``, ``DCOILBRENTEU`` / ``DCOILWTICO``, daily averaged to months or years).
* Treasury holdings, ``source="treasury"``: TIC ``slt_table3.txt``.

Example:
    >>> from tradeshock.sources import _live
    >>> _live.EIA_PETROLEUM_SERIES["crude_and_products"]["Russia"]
    'MTTIM_NUS-NRS_1'

"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._freq import Freq, normalize_freq
from .._log import logger
from ..errors import SchemaError, SourceError, ValidationError
from .http import base_url, fetch, raise_for_status, redact

if TYPE_CHECKING:
    import requests

__all__ = [
    "CENSUS_API_FIRST_MONTH",
    "EIA_PETROLEUM_SERIES",
    "EIA_PRICE_SERIES",
    "FRED_PRICE_SERIES",
    "census_api_tables",
    "census_xlsx_tables",
    "load_oil_price_live",
    "load_petroleum_imports_live",
    "load_trade_live",
    "load_trade_panel_live",
    "load_treasury_holdings_live",
]

UNITS_TRADE = "USD millions"
#: first month the International Trade API (HS endpoints) serves
CENSUS_API_FIRST_MONTH = "2013-01"
ENV_CENSUS_KEY = "CENSUS_API_KEY"
ENV_EIA_KEY = "EIA_API_KEY"
ENV_CENSUS_ROUTE = "TRADESHOCK_CENSUS_ROUTE"

#: EIA ``petroleum/move/impcus`` series per product and origin (ids from EIA's series catalogue,
#: see the project's data notes): thousand barrels (``..1``) and crude-only thousand b/d (``..2``)
EIA_PETROLEUM_SERIES: dict[str, dict[str, str]] = {
    "crude_and_products": {
        "U.S. total": "MTTIMUS1",
        "Russia": "MTTIM_NUS-NRS_1",
        "Canada": "MTTIMUSCA1",
        "Venezuela": "MTTIMUSVE1",
    },
    "crude": {
        "U.S. total": "MCRIMUS2",
        "Russia": "MCRIM_NUS-NRS_2",
        "Canada": "MCRIMUSCA2",
        "Venezuela": "MCRIMUSVE2",
    },
}
_EIA_UNITS = {"crude_and_products": "thousand barrels", "crude": "thousand barrels per day"}
#: EIA ``petroleum/pri/spt`` series per benchmark (USD per barrel)
EIA_PRICE_SERIES = {"brent": "RBRTE", "wti": "RWTC"}
#: FRED daily series per benchmark (USD per barrel)
FRED_PRICE_SERIES = {"brent": "DCOILBRENTEU", "wti": "DCOILWTICO"}
_EIA_FREQUENCY = {"Y": "annual", "M": "monthly"}
_RAW_SERIES_ID = re.compile(r"^M[A-Z0-9]+(?:_[A-Z0-9]+-[A-Z0-9]+)?_?[12]$")

# parsed country.xlsx by content hash: parsing takes seconds, downloads are cached anyway
_XLSX_MEMO: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}


# --- small helpers -----------------------------------------------------------------------------


# where each key is given out (free), for the "key required" message
_KEY_SIGNUP = {
    ENV_EIA_KEY: "https://www.eia.gov/opendata/register.php",
    ENV_CENSUS_KEY: "https://api.census.gov/data/key_signup.html",
}


def _key(api_key: str | None, env: str, *, required: bool, argument: str = "api_key") -> str | None:
    key = api_key if api_key else os.environ.get(env) or None
    if key is None and required:
        raise ValidationError(
            f"{argument} is required for this source: pass {argument}='...' or set the "
            f"environment variable {env} (free keys: {_KEY_SIGNUP[env]})"
        )
    return key


def _retrieved(response: requests.Response) -> str:
    """UTC date the response was fetched (the cache's creation time for cached responses)."""
    created = getattr(response, "created_at", None)
    when = created if isinstance(created, datetime) else datetime.now(timezone.utc)
    return when.strftime("%Y-%m-%d")


def _shown(response: requests.Response) -> str:
    return redact(str(response.url))


def _eia_get(
    url: str, params: list[tuple[str, str]], session: requests.Session | None, what: str
) -> requests.Response:
    """GET an EIA v2 URL; an error body becomes SourceError with EIA's message."""
    from ..parsers.eia_api import eia_error_message, parse_eia_json

    def validate(content: bytes) -> None:  # runs before caching: bad pages are never stored
        if parse_eia_json(content, what=what)[1] == 0:
            raise SourceError(f"{what}: EIA returned no rows (response.total is 0)")

    response = fetch(
        url, params=params, session=session, what=what, check_status=False, validate=validate
    )
    if response.status_code >= 400:
        try:
            message = eia_error_message(response.json())
        except ValueError:
            message = None
        if message:
            raise SourceError(
                f"{what}: EIA answered HTTP {response.status_code}: {message}",
                url=_shown(response),
            )
        raise_for_status(response, what)
    return response


# --- Census --------------------------------------------------------------------------------


def _round_tenth(table: pd.DataFrame) -> pd.DataFrame:
    """Round exports/imports to 0.1 USD million, Census's publication precision.

    The xlsx stores float noise (599.586448); the bundled snapshot is rounded the same way, so
    live and bundled numbers agree exactly.
    """
    out: pd.DataFrame = table.copy()
    for column in ("exports", "imports"):
        out[column] = np.round(out[column].to_numpy(dtype="float64"), 1)
    return out


def census_xlsx_tables(
    session: requests.Session | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Download and parse Census ``country.xlsx``: tidy (monthly, annual) tables and provenance.

    Values are rounded to 0.1 USD million (Census's publication precision, as in the snapshot).

    Example:
        >>> census_xlsx_tables  # doctest: +ELLIPSIS
        <function census_xlsx_tables at ...>

    """
    from ..parsers.census import parse_country_xlsx

    def parsed(content: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
        digest = hashlib.sha256(content).hexdigest()
        if digest not in _XLSX_MEMO:
            if len(_XLSX_MEMO) >= 2:
                _XLSX_MEMO.pop(next(iter(_XLSX_MEMO)))
            _XLSX_MEMO[digest] = tuple(  # type: ignore[assignment]
                _round_tenth(t) for t in parse_country_xlsx(content)
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
        "url": _shown(response),
        "vintage": f"Census country.xlsx retrieved {_retrieved(response)}, data through {through}",
        "sha256": digest,
    }
    return monthly, annual, info


def _census_api_flow(
    flow: str, cty_code: str | None, key: str | None, session: requests.Session | None
) -> pd.DataFrame:
    from ..parsers.census_api import EXPORTS_VALUE, IMPORTS_VALUE, parse_intltrade_json

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

    def parsed(content: bytes) -> pd.DataFrame:  # also runs before caching
        if not content.strip():  # the API answers 204 with no body when nothing matches
            raise SourceError(nothing)
        return parse_intltrade_json(content, required=[value, "CTY_NAME"], what=what)

    response = fetch(url, params=params, session=session, what=what, validate=parsed)
    if response.status_code == 204 or not response.content.strip():
        raise SourceError(nothing, url=_shown(response))
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
    from ..parsers.census_api import annual_from_monthly, trade_monthly

    key = _key(api_key, ENV_CENSUS_KEY, required=False)
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
    """Live :func:`tradeshock.load_trade`: same frame, fetched from Census.

    Example:
        >>> load_trade_live  # doctest: +ELLIPSIS
        <function load_trade_live at ...>

    """
    from .._partners import resolve_partner
    from .trade import trade_frame

    f = normalize_freq(freq)
    resolved = resolve_partner(partner)
    route = _census_route(source)
    if route == "api":
        monthly, annual, info = census_api_tables(
            resolved.cty_code, api_key=api_key, session=session
        )
    else:
        monthly, annual, info = census_xlsx_tables(session)
    table = annual if f == "Y" else monthly
    if not (table["cty_code"].astype(str) == resolved.cty_code).any():
        raise SourceError(
            f"the live Census data have no rows for {resolved.label} (code {resolved.cty_code})",
            url=info["url"],
        )
    frame = trade_frame(monthly, annual, resolved.cty_code, f, start=start, end=end)
    if route == "xlsx":  # inputs are exact at 0.1: drop the float noise of sums, as bundled does
        for column in ("balance", "total"):
            frame[column] = np.round(frame[column].to_numpy(dtype="float64"), 1)
    frame.attrs = {
        "source": f"census (live, {'International Trade API' if route == 'api' else 'xlsx'}): "
        f"{info['url']}",
        "units": UNITS_TRADE,
        "vintage": info["vintage"],
        "partner": resolved.label,
        "cty_code": resolved.cty_code,
        "iso3": resolved.iso3,
        "freq": f,
        "upstream_url": info["url"],
    }
    return frame


def load_trade_panel_live(
    *,
    flow: str = "total",
    freq: str = "Y",
    source: str = "census",
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """Live :func:`tradeshock.load_trade_panel`: every partner country from one download.

    Columns are the bundled partner labels; codes the bundled partner table does not know are
    left out (logged).

    Example:
        >>> load_trade_panel_live  # doctest: +ELLIPSIS
        <function load_trade_panel_live at ...>

    """
    from .._partners import partner_table
    from .trade import panel_frame

    f = normalize_freq(freq)
    route = _census_route(source)
    if route == "api":
        monthly, annual, info = census_api_tables(None, api_key=api_key, session=session)
    else:
        monthly, annual, info = census_xlsx_tables(session)
    partners = partner_table()
    unknown = sorted(set(annual["cty_code"].astype(str)) - set(partners["cty_code"]))
    if unknown:
        logger.info("live Census data: codes not in the partner table left out: %s", unknown)
    panel = panel_frame(monthly, annual, partners, flow=flow, freq=f)
    codes = dict(panel.attrs.get("cty_codes", {}))
    if route == "xlsx" and flow in ("total", "balance"):  # as bundled: exact at 0.1
        panel = panel.round(1)
    panel.attrs = {
        "source": f"census (live): {info['url']}",
        "units": UNITS_TRADE,
        "vintage": info["vintage"],
        "flow": flow,
        "freq": f,
        "cty_codes": codes,
        "upstream_url": info["url"],
    }
    return panel


# --- EIA -----------------------------------------------------------------------------------


def _eia_rows(
    route: str,
    series: Iterable[str],
    freq: Freq,
    key: str,
    session: requests.Session | None,
    what: str,
) -> tuple[pd.DataFrame, requests.Response | None]:
    """Every row of ``route`` for the given series ids at ``freq`` (paged, de-duplicated)."""
    from ..parsers.eia_api import PAGE_SIZE, collect_pages

    url = f"{base_url('eia', session)}/{route}/data/"
    base: list[tuple[str, str]] = [
        ("frequency", _EIA_FREQUENCY[freq]),
        ("data[0]", "value"),
        *[("facets[series][]", s) for s in series],
        ("sort[0][column]", "period"),
        ("sort[0][direction]", "asc"),
        ("length", str(PAGE_SIZE)),
    ]
    last: dict[str, requests.Response] = {}

    def page(offset: int) -> bytes:
        params = [*base, ("offset", str(offset)), ("api_key", key)]
        response = _eia_get(url, params, session, what)
        last["response"] = response
        return response.content

    rows = collect_pages(page, page_size=PAGE_SIZE, what=what)
    return rows, last.get("response")


def _eia_tidy(rows: pd.DataFrame, ids: Mapping[str, str], what: str) -> pd.DataFrame:
    """``origin, period, value`` from EIA rows, origin named by ``ids`` (label → series id)."""
    if rows.empty:
        empty: pd.DataFrame = pd.DataFrame({"origin": [], "period": [], "value": []})
        return empty
    if "series" not in rows.columns:
        raise SchemaError(f"{what}: rows have no 'series' field")
    by_id = {series_id: label for label, series_id in ids.items()}
    tidy = pd.DataFrame(
        {
            "origin": rows["series"].astype(str).map(by_id),
            "period": rows["period"].astype(str),
            "value": rows["value"].astype("float64"),
        }
    )
    stray = rows.loc[tidy["origin"].isna(), "series"].unique().tolist()
    if stray:
        logger.debug("%s: ignoring series not asked for: %s", what, stray)
    result: pd.DataFrame = tidy.dropna(subset=["origin"]).reset_index(drop=True)
    return result


def _petroleum_origins(origins: str | Iterable[str], product: str) -> dict[str, str]:
    """Map requested origins to EIA series ids (known names, aliases, or raw series ids)."""
    from .energy import ORIGIN_ALIASES, resolve_names

    known = EIA_PETROLEUM_SERIES[product]
    requested = [origins] if isinstance(origins, str) else list(origins)
    if not requested:
        raise ValidationError("origins is empty; name at least one")
    result: dict[str, str] = {}
    for item in requested:
        if isinstance(item, str) and _RAW_SERIES_ID.match(item.strip()):
            result[item.strip()] = item.strip()
            continue
        (name,) = resolve_names(item, list(known), aliases=ORIGIN_ALIASES, argument="origins")
        result[name] = known[name]
    return result


def load_petroleum_imports_live(
    *,
    origins: str | Iterable[str] = ("Russia", "Canada", "Venezuela"),
    product: str = "crude_and_products",
    freq: str = "Y",
    source: str = "eia",
    api_key: str | None = None,
    session: requests.Session | None = None,
) -> pd.DataFrame:
    """Live :func:`tradeshock.load_petroleum_imports` from EIA API v2 ``petroleum/move/impcus``.

    Origins: ``"Russia"``, ``"Canada"``, ``"Venezuela"``, ``"U.S. total"`` (aliases accepted) or any
    EIA series id of the route (e.g. ``"MTTIMUSSA1"``), used as the column name.

    Example:
        >>> load_petroleum_imports_live  # doctest: +ELLIPSIS
        <function load_petroleum_imports_live at ...>

    """
    from .energy import imports_frame

    if str(source).lower() != "eia":
        raise ValidationError(f"source={source!r} is not a live petroleum source; use 'eia'")
    if product not in EIA_PETROLEUM_SERIES:
        raise ValidationError(
            f"product={product!r} is not known; use one of {sorted(EIA_PETROLEUM_SERIES)}"
        )
    f = normalize_freq(freq)
    key = _key(api_key, ENV_EIA_KEY, required=True)
    assert key is not None
    ids = _petroleum_origins(origins, product)
    what = "EIA petroleum/move/impcus"
    rows, response = _eia_rows("petroleum/move/impcus", ids.values(), f, key, session, what)
    tidy = _eia_tidy(rows, ids, what)
    if tidy.empty:
        raise SourceError(f"{what}: EIA returned no rows for series {sorted(ids.values())}")
    frame = imports_frame(tidy, list(ids), freq=f)
    url = redact(f"{base_url('eia', session)}/petroleum/move/impcus/data/")
    frame.attrs = {
        "source": f"eia (live): {url}",
        "units": _EIA_UNITS[product],
        "vintage": f"EIA API v2 retrieved {_retrieved(response) if response is not None else ''}",
        "product": product,
        "freq": f,
        "series_ids": dict(ids),
    }
    return frame


def load_oil_price_live(
    *,
    benchmark: str = "brent",
    freq: str = "M",
    source: str = "eia",
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.Series:
    """Live :func:`tradeshock.load_oil_price` from EIA (``petroleum/pri/spt``) or FRED.

    FRED's daily series are averaged over the days with a value in each month or year
    (:func:`tradeshock.parsers.fred.daily_to_period`).

    Example:
        >>> load_oil_price_live  # doctest: +ELLIPSIS
        <function load_oil_price_live at ...>

    """
    from .energy import price_series, resolve_benchmark

    name = resolve_benchmark(benchmark)
    f = normalize_freq(freq)
    src = str(source).lower()
    if src == "eia":
        key = _key(api_key, ENV_EIA_KEY, required=True)
        assert key is not None
        series_id = EIA_PRICE_SERIES[name]
        what = "EIA petroleum/pri/spt"
        rows, response = _eia_rows("petroleum/pri/spt", [series_id], f, key, session, what)
        tidy = _eia_tidy(rows, {name: series_id}, what)
        if tidy.empty:
            raise SourceError(f"{what}: EIA returned no rows for {series_id}")
        result = price_series(tidy, freq=f, name=name)
        url = redact(f"{base_url('eia', session)}/petroleum/pri/spt/data/")
        vintage = f"EIA API v2 retrieved {_retrieved(response) if response is not None else ''}"
        method = "EIA monthly/annual average of daily spot prices"
    elif src == "fred":
        from ..parsers.fred import daily_to_period, parse_fredgraph_csv

        series_id = FRED_PRICE_SERIES[name]
        url = f"{base_url('fred', session)}/fredgraph.csv"

        def parsed(content: bytes, series_id: str = series_id) -> pd.Series:
            daily = parse_fredgraph_csv(content, series_id=series_id)
            if not daily.notna().any():  # header only, or only "." rows: nothing to average
                raise SchemaError(f"FRED fredgraph.csv: no observations of {series_id}")
            return daily

        response = fetch(
            url, params={"id": series_id}, session=session, what=f"FRED {series_id}",
            validate=parsed,
        )
        daily = parsed(response.content)
        result = daily_to_period(daily, f)
        result.name = name
        url = _shown(response)
        vintage = f"FRED fredgraph.csv retrieved {_retrieved(response)}"
        method = "mean of the days with a value in each period (FRED daily series)"
    else:
        raise ValidationError(
            f"source={source!r} is not a live oil price source; use 'eia' or 'fred'"
        )
    result.attrs = {
        "source": f"{src} (live): {url}",
        "units": "USD per barrel",
        "vintage": vintage,
        "benchmark": name,
        "series_id": series_id,
        "freq": f,
        "method": method,
    }
    return result


# --- Treasury ------------------------------------------------------------------------------


def load_treasury_holdings_live(
    *,
    holder: str = "Russia",
    term: str = "total",
    source: str = "treasury",
    session: requests.Session | None = None,
) -> pd.Series:
    """Live :func:`tradeshock.load_treasury_holdings` from TIC ``slt_table3.txt`` (2020-01 on).

    Example:
        >>> load_treasury_holdings_live  # doctest: +ELLIPSIS
        <function load_treasury_holdings_live at ...>

    """
    from ..parsers.treasury import parse_slt_table3
    from .treasury import holdings_series, resolve_holder, resolve_term

    if str(source).lower() != "treasury":
        raise ValidationError(f"source={source!r} is not a live Treasury source; use 'treasury'")
    column = resolve_term(term)
    url = f"{base_url('treasury', session)}/slt_table3.txt"
    response = fetch(url, session=session, what="TIC slt_table3.txt", validate=parse_slt_table3)
    tidy = parse_slt_table3(response.content)
    code = resolve_holder(holder, tidy)
    result = holdings_series(tidy, code, term=column)
    result.attrs = {
        "source": f"treasury (live): {_shown(response)}",
        "units": "USD millions",
        "vintage": f"TIC slt_table3.txt retrieved {_retrieved(response)}, data through "
        f"{tidy['period'].max()}",
        "holder": str(result.name),
        "tic_code": code,
        "term": column,
    }
    return result

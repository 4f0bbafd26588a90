"""Live EIA and FRED energy data, shaped by `_frames` like the snapshot.

* petroleum imports, ``source="eia"``: EIA API v2 ``petroleum/move/impcus`` (key required:
  ``api_key=`` or env ``EIA_API_KEY``);
* oil prices, ``source="eia"`` (``petroleum/pri/spt``, ``RBRTE`` / ``RWTC``) or ``source="fred"``
  (``fredgraph.csv``, ``DCOILBRENTEU`` / ``DCOILWTICO``, daily averaged to months or years).

Example:
    >>> from tradeshock.sources.energy import _live
    >>> _live.EIA_PETROLEUM_SERIES["crude_and_products"]["Russia"]
    'MTTIM_NUS-NRS_1'

"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs
import pandas as pd

from ..._freq import Freq, normalize_freq
from ..._log import logger
from ..._partners import resolve_names
from ...errors import SchemaError, SourceError, ValidationError
from .._common import ENV_EIA_KEY, api_key_from, retrieved, shown_url
from .._provenance import Provenance, licence_of, stamp
from ._frames import (
    EIA_AVERAGE,
    EIA_PETROLEUM_SERIES,
    EIA_PRICE_SERIES,
    FRED_PRICE_SERIES,
    ORIGIN_ALIASES,
    PRODUCT_UNITS,
    check_product,
    imports_frame,
    price_series,
    resolve_benchmark,
)

if TYPE_CHECKING:
    import requests

__all__ = [
    "EIA_PETROLEUM_SERIES",
    "EIA_PRICE_SERIES",
    "FRED_PRICE_SERIES",
    "load_oil_price_live",
    "load_petroleum_imports_live",
]

_EIA_FREQUENCY = {"Y": "annual", "M": "monthly"}
_RAW_SERIES_ID = re.compile(r"^M[A-Z0-9]+(?:_[A-Z0-9]+-[A-Z0-9]+)?_?[12]$")
_PETROLEUM_ROUTE = "petroleum/move/impcus"
_PRICE_ROUTE = "petroleum/pri/spt"
_PRICE_UNITS = "USD per barrel"


def _eia_get(
    url: str,
    params: list[tuple[str, str]],
    session: requests.Session | None,
    what: str,
    *,
    offset: int = 0,
    units: Mapping[str, str] | None = None,
) -> requests.Response:
    """GET one EIA v2 page; an error body becomes SourceError with EIA's message.

    The page is checked before it is cached: every row ``response.total`` promises for it is
    there, rows name their ``series`` and state the expected ``units`` (series id → units).
    """
    from ...parsers.eia_api import (
        PAGE_SIZE,
        check_page,
        check_units,
        eia_error_message,
        parse_eia_json,
    )
    from ..http import fetch, raise_for_status

    def validate(content: bytes) -> None:  # runs before caching: bad pages are never stored
        check_page(content, offset=offset, page_size=PAGE_SIZE, what=what)
        rows, _ = parse_eia_json(content, what=what)
        if not rows.empty and "series" not in rows.columns:
            raise SchemaError(f"{what}: rows have no 'series' field")
        check_units(rows, dict(units or {}), what=what)

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
                url=shown_url(str(response.url)),
            )
        raise_for_status(response, what)
    return response


def _eia_rows(
    route: str,
    series: Iterable[str],
    freq: Freq,
    key: str,
    session: requests.Session | None,
    what: str,
) -> tuple[pd.DataFrame, requests.Response | None]:
    """Every row of ``route`` for the given series ids at ``freq`` (paged, de-duplicated)."""
    from ...parsers.eia_api import PAGE_SIZE, check_units, collect_pages, expected_units
    from ..http import base_url

    series = list(series)  # iterated twice below
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
    units = {s: u for s in series if (u := expected_units(s)) is not None}

    def page(offset: int) -> bytes:
        params = [*base, ("offset", str(offset)), ("api_key", key)]
        response = _eia_get(url, params, session, what, offset=offset, units=units)
        last["response"] = response
        return response.content

    rows = collect_pages(page, page_size=PAGE_SIZE, what=what)
    check_units(rows, units, what=what)  # cached pages were checked when stored; check anyway
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


def _eia_tidy_rows(
    route: str, ids: Mapping[str, str], freq: Freq, api_key: str | None, session: object
) -> tuple[pd.DataFrame, Provenance]:
    """Fetch ``ids`` (label → series id) from an EIA route: tidy rows and their provenance."""
    from ..http import base_url

    key = api_key_from(api_key, ENV_EIA_KEY, required=True)
    assert key is not None  # required=True raised otherwise
    what = f"EIA {route}"
    rows, response = _eia_rows(route, ids.values(), freq, key, session, what)  # type: ignore[arg-type]
    tidy = _eia_tidy(rows, ids, what)
    if tidy.empty:
        raise SourceError(f"{what}: EIA returned no rows for series {sorted(ids.values())}")
    url = shown_url(f"{base_url('eia', session)}/{route}/data/")
    dataset = "oil_prices" if route == _PRICE_ROUTE else ""
    provenance = Provenance(
        dataset=dataset,
        source=f"eia (live): {url}",
        units="",
        vintage=f"EIA API v2 retrieved {retrieved(response)}",
        upstream_url=url,
        freq=freq,
        licence=licence_of("eia_petroleum_imports_annual"),
    )
    return tidy, provenance


def _petroleum_origins(origins: str | Iterable[str], product: str) -> dict[str, str]:
    """Map requested origins to EIA series ids (known names, aliases, or raw series ids)."""
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
    """Live `tradeshock.load_petroleum_imports` from EIA API v2 ``petroleum/move/impcus``.

    Origins: ``"Russia"``, ``"Canada"``, ``"Venezuela"``, ``"U.S. total"`` (aliases accepted) or any
    EIA series id of the route (e.g. ``"MTTIMUSSA1"``), used as the column name.

    Example:
        >>> load_petroleum_imports_live  # doctest: +ELLIPSIS
        <function load_petroleum_imports_live at ...>

    """
    if str(source).lower() != "eia":
        raise ValidationError(f"source={source!r} is not a live petroleum source; use 'eia'")
    product = check_product(product)
    f = normalize_freq(freq)
    ids = _petroleum_origins(origins, product)
    tidy, provenance = _eia_tidy_rows(_PETROLEUM_ROUTE, ids, f, api_key, session)
    frame = imports_frame(tidy, list(ids), freq=f)
    dataset = {
        "crude_and_products": "eia_petroleum_imports_annual",
        "crude": "eia_crude_imports_kbd",
    }[product]
    provenance = attrs.evolve(provenance, dataset=dataset, units=PRODUCT_UNITS[product])
    return stamp(frame, provenance, product=product, series_ids=dict(ids))


def _fred_prices(
    name: str, freq: Freq, session: requests.Session | None
) -> tuple[pd.Series, Provenance]:
    from ...parsers.fred import daily_to_period, parse_fredgraph_csv
    from .._memo import parse_once
    from ..http import base_url, fetch

    series_id = FRED_PRICE_SERIES[name]
    url = f"{base_url('fred', session)}/fredgraph.csv"

    def parse(content: bytes) -> pd.Series:
        return parse_fredgraph_csv(content, series_id=series_id)

    def parsed(content: bytes) -> pd.Series:
        daily = parse_once(parse, content)  # one parse per body and series (see .._memo)
        if not daily.notna().any():  # header only, or only "." rows: nothing to average
            raise SchemaError(f"FRED fredgraph.csv: no observations of {series_id}")
        return daily

    response = fetch(
        url, params={"id": series_id}, session=session, what=f"FRED {series_id}", validate=parsed
    )
    result = daily_to_period(parsed(response.content), freq)
    result.name = name
    shown = shown_url(str(response.url))
    provenance = Provenance(
        dataset="oil_prices",
        source=f"fred (live): {shown}",
        units=_PRICE_UNITS,
        vintage=f"FRED fredgraph.csv retrieved {retrieved(response)}",
        upstream_url=shown,
        freq=freq,
        licence=licence_of("oil_prices"),
    )
    return result, provenance


def load_oil_price_live(
    *,
    benchmark: str = "brent",
    freq: str = "M",
    source: str = "eia",
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.Series:
    """Live `tradeshock.load_oil_price` from EIA (``petroleum/pri/spt``) or FRED.

    FRED's daily series are averaged over the days with a value in each month or year
    ([`tradeshock.parsers.fred.daily_to_period`][tradeshock.parsers.fred.daily_to_period]).

    Example:
        >>> load_oil_price_live  # doctest: +ELLIPSIS
        <function load_oil_price_live at ...>

    """
    name = resolve_benchmark(benchmark)
    f = normalize_freq(freq)
    src = str(source).lower()
    if src == "eia":
        series_id = EIA_PRICE_SERIES[name]
        tidy, provenance = _eia_tidy_rows(_PRICE_ROUTE, {name: series_id}, f, api_key, session)
        result = price_series(tidy, freq=f, name=name)
        provenance = attrs.evolve(provenance, units=_PRICE_UNITS, licence=licence_of("oil_prices"))
        method = EIA_AVERAGE
    elif src == "fred":
        series_id = FRED_PRICE_SERIES[name]
        result, provenance = _fred_prices(name, f, session)
        method = "mean of the days with a value in each period (FRED daily series)"
    else:
        raise ValidationError(
            f"source={source!r} is not a live oil price source; use 'eia' or 'fred'"
        )
    return stamp(result, provenance, benchmark=name, series_id=series_id, method=method)

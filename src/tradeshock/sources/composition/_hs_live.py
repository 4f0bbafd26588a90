"""U.S. trade with one partner by HS code, live from the Census International Trade API.

`load_trade_hs` answers questions the bundled snapshot cannot, such as which U.S. food
exports Russia's August 2014 counter-sanctions stopped. The Census HS endpoints
(``timeseries/intltrade/exports/hs`` and ``imports/hs``) are public domain and start in 2013;
nothing from them is bundled, so this loader is live only (``source="census"``), through the
project's cached, key-safe session
([`tradeshock.sources.http.fetch`][tradeshock.sources.http.fetch]).

One request per call: ``get=<code>,<description>,<value YR>`` with ``COMM_LVL=HS2|HS4|HS6|HS10``,
``CTY_CODE=<Schedule C code>``, ``MONTH=12`` and ``time=from <start>-01``. The year-to-date
value at December is the calendar year's value, so a year is complete or absent, never partial.

Example:
    >>> from tradeshock.sources.composition import HS_LEVELS
    >>> HS_LEVELS
    ('HS2', 'HS4', 'HS6', 'HS10')

"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ...errors import SourceError, ValidationError
from .._common import ENV_CENSUS_KEY, api_key_from, retrieved, shown_url
from .._provenance import Provenance, licence_of, stamp

if TYPE_CHECKING:
    import requests

    from ..._partners import Partner

__all__ = ["HS_DATASET", "HS_FIRST_YEAR", "HS_LEVELS", "load_trade_hs"]

#: the name live HS data carry in ``attrs["dataset"]`` (nothing of it is bundled)
HS_DATASET = "census_intltrade_hs"
HS_LEVELS = ("HS2", "HS4", "HS6", "HS10")
#: first year the International Trade API's HS endpoints serve
HS_FIRST_YEAR = 2013
_VALUATION = {
    "exports": "total exports (domestic + foreign), f.a.s. value",
    "imports": "general imports, customs value",
}


def _check_arguments(flow: str, level: str, start: int, source: str) -> None:
    if source != "census":
        raise ValidationError(
            f"source={source!r}: HS-level trade is live only (source='census', the Census "
            "International Trade API); the bundled snapshot holds no HS-level Census data"
        )
    if flow not in _VALUATION:
        raise ValidationError(f"flow={flow!r} must be 'exports' or 'imports'")
    if level not in HS_LEVELS:
        raise ValidationError(f"level={level!r} must be one of {', '.join(HS_LEVELS)}")
    if isinstance(start, bool) or not isinstance(start, int) or start < HS_FIRST_YEAR:
        raise ValidationError(
            f"start={start!r} must be a year (int) from {HS_FIRST_YEAR}, where the API begins"
        )


def load_trade_hs(
    partner: str | int,
    *,
    flow: str = "exports",
    level: str = "HS2",
    start: int = HS_FIRST_YEAR,
    source: str = "census",
    api_key: str | None = None,
    session: requests.Session | None = None,
) -> pd.DataFrame:
    """Annual U.S. exports to (or general imports from) ``partner`` by HS code, USD millions.

    Args:
        partner: name, ISO alpha-3 or Census code (as in [`load_trade`][tradeshock.load_trade]).
        flow: ``"exports"`` (total exports, f.a.s.) or ``"imports"`` (general imports, customs
            value).
        level: ``"HS2"`` (chapters), ``"HS4"``, ``"HS6"`` or ``"HS10"``.
        start: first year (the API starts in 2013).
        source: only ``"census"`` (live); nothing HS-level is bundled.
        api_key: Census API key (or env ``CENSUS_API_KEY``; optional, keyless use is
            rate-limited). Never cached, logged or shown in messages.
        session: a session of your own (default: the project's cached session).

    Returns:
        A DataFrame, ``PeriodIndex`` (annual) × one column per HS code, USD millions; a code
        absent from a published year is 0 (the API lists only traded codes). ``attrs`` holds
        the [`Provenance`][tradeshock.sources.Provenance] fields plus ``valuation``,
        ``partner``, ``cty_code``, ``level``, ``flow`` and ``categories`` (code →
        description).

    Raises:
        ValidationError: bad arguments or a bundled ``source``.
        SourceError: the API is unreachable, answers an error, or has no rows.
        SchemaError: the response is not in the API's format.

    Example:
        >>> try:
        ...     load_trade_hs("Russia", source="bundled")
        ... except ValidationError as exc:
        ...     "live only" in str(exc)
        True

    """
    from ..._partners import resolve_partner
    from ...parsers.census_api import HS_VARIABLES, hs_annual_table, parse_intltrade_json
    from ..http import base_url, fetch

    _check_arguments(flow, level, start, source)
    resolved = resolve_partner(partner)
    code, description, value = HS_VARIABLES[flow]
    params: list[tuple[str, str]] = [
        ("get", f"{code},{description},{value}"),
        ("COMM_LVL", level),
        ("CTY_CODE", resolved.cty_code),
        ("MONTH", "12"),
        ("time", f"from {start}-01"),
    ]
    key = api_key_from(api_key, ENV_CENSUS_KEY, required=False)
    if key:
        params.append(("key", key))
    url = f"{base_url('census_api', session)}/{flow}/hs"
    what = f"Census HS API {flow} {level} {resolved.label}"
    nothing = f"{what}: no data for CTY_CODE={resolved.cty_code} from {start}"

    def parsed(content: bytes) -> pd.DataFrame:  # runs before caching: bad bodies never stored
        if not content.strip():  # the API answers 204 with no body when nothing matches
            raise SourceError(nothing)
        table = parse_intltrade_json(content, required=[code, value], what=what)
        return hs_annual_table(table, flow, what=what)

    response = fetch(url, params=params, session=session, what=what, validate=parsed)
    if response.status_code == 204 or not response.content.strip():
        raise SourceError(nothing, url=shown_url(str(response.url)))
    frame = parsed(response.content)
    return _stamped(frame, response, url, flow, level, start, resolved)


def _stamped(
    frame: pd.DataFrame,
    response: requests.Response,
    url: str,
    flow: str,
    level: str,
    start: int,
    resolved: Partner,
) -> pd.DataFrame:
    last = str(frame.index.max()) if len(frame) else "none"
    provenance = Provenance(
        dataset=HS_DATASET,
        source=f"U.S. Census Bureau, International Trade API {flow}/hs, live",
        units="USD millions",
        vintage=f"retrieved {retrieved(response)}, data {start} to {last}",
        upstream_url=shown_url(url),
        freq="Y",
        licence=licence_of(HS_DATASET),
    )
    categories = dict(frame.attrs.get("categories", {}))
    return stamp(
        frame,
        provenance,
        valuation=_VALUATION[flow],
        flow=flow,
        partner=resolved.label,
        cty_code=resolved.cty_code,
        level=level,
        categories=categories,
    )

"""Foreign holdings of U.S. Treasury securities (TIC), by holder, monthly.

Bundled data (``source="bundled"``) cover every holder in TIC Table 3 / Table 3D, 2011-09 to
2026-04; ``source="treasury"`` fetches the current Treasury files live through
:mod:`tradeshock.sources._live`, which reuses :func:`holdings_series` and :func:`resolve_holder`.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from .._snapshot import dataset_entry, read_table
from ..errors import NotInSnapshotError, ValidationError
from ._common import check_source
from .energy import resolve_names

__all__ = [
    "TERMS",
    "TREASURY_SOURCES",
    "holdings_series",
    "load_treasury_holdings",
    "resolve_holder",
    "resolve_term",
]

TREASURY_SOURCES = ("bundled", "treasury")
TERMS = ("total", "long_term", "short_term")
DATASET = "tic_treasury_holdings"

# common names → the TIC label
_HOLDER_ALIASES = {
    "russian federation": "Russia",
    "china": "China, Mainland",
    "mainland china": "China, Mainland",
    "south korea": "Korea, South",
    "korea": "Korea, South",
    "republic of korea": "Korea, South",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "uae": "United Arab Emirates",
    "world": "Grand Total",
    "total": "Grand Total",
    "foreign official": "Of Which: Foreign Official",
    "of which foreign official": "Of Which: Foreign Official",
    "foreign non official": "Of Which: Foreign Non-Official",
}


def resolve_term(term: object) -> str:
    """Return ``"total"``, ``"long_term"`` or ``"short_term"`` (``"long-term"`` etc. accepted).

    Example:
        >>> resolve_term("Long-term")
        'long_term'

    """
    key = term.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(term, str) else ""
    if key not in TERMS:
        raise ValidationError(f"term={term!r} is not known; use one of "
                              + ", ".join(repr(t) for t in TERMS))
    return key


def resolve_holder(holder: object, tidy: pd.DataFrame) -> str:
    """Return the TIC code of ``holder`` (a TIC country name, case-insensitive, or a TIC code).

    ``tidy`` has ``tic_code`` and ``country`` columns. Unknown names raise
    ``UnknownPartnerError`` with close matches.

    Example:
        >>> tidy = pd.DataFrame({"tic_code": ["16101"], "country": ["Russia"]})
        >>> resolve_holder("RUSSIA", tidy)
        '16101'

    """
    if not isinstance(holder, str):
        raise ValidationError(f"holder={holder!r} is not a name (str)")
    codes = dict(zip(tidy["country"], tidy["tic_code"], strict=True))
    if holder.strip() in set(codes.values()):
        return holder.strip()
    (name,) = resolve_names(holder, codes, aliases=_HOLDER_ALIASES, argument="holder")
    return str(codes[name])


def holdings_series(tidy: pd.DataFrame, tic_code: str, *, term: str = "total") -> pd.Series:
    """One holder's holdings from tidy TIC rows, on a regular monthly ``PeriodIndex``.

    ``tidy`` has ``tic_code, country, period`` and the term columns; months inside the holder's
    span that no file lists (e.g. 2011-10, 2011-11) are NaN. The Series is named after the holder.

    Example:
        >>> tidy = pd.DataFrame({"tic_code": ["1", "1"], "country": ["X", "X"],
        ...                      "period": ["2011-09", "2011-12"], "total": [5.0, 6.0]})
        >>> holdings_series(tidy, "1").tolist()
        [5.0, nan, nan, 6.0]

    """
    rows = tidy[tidy["tic_code"] == tic_code]
    if rows.empty:
        raise ValidationError(f"holdings_series: no rows for TIC code {tic_code!r}")
    periods = pd.PeriodIndex([pd.Period(p, freq="M") for p in rows["period"]], name="period")
    values = pd.Series(rows[term].to_numpy(dtype=float), index=periods,
                       name=str(rows["country"].iloc[-1]))
    if values.index.duplicated().any():
        raise ValidationError(f"holdings_series: a month appears twice for TIC code {tic_code!r}")
    full = pd.period_range(periods.min(), periods.max(), freq="M", name="period")
    result: pd.Series = values.sort_index().reindex(full)
    return result


@functools.cache
def _bundled_holders() -> pd.DataFrame:
    table = read_table(DATASET)
    holders: pd.DataFrame = table[["tic_code", "country"]].drop_duplicates("tic_code")
    return holders


@functools.cache
def _bundled_series(tic_code: str, term: str) -> pd.Series:
    return holdings_series(read_table(DATASET), tic_code, term=term)


def load_treasury_holdings(
    holder: str = "Russia", *, term: str = "total", source: str = "bundled", session: Any = None
) -> pd.Series:
    """Load a foreign holder's U.S. Treasury securities, USD millions, end of month (TIC).

    ``holder`` is a TIC country or group name (case-insensitive; e.g. ``"Russia"``,
    ``"China, Mainland"`` or ``"China"``, ``"Grand Total"``), a TIC code (``"16101"``) or, for
    a country, its ISO alpha-3 code (``"RUS"``).
    ``term`` is ``"total"``, ``"long_term"`` (bonds and notes) or ``"short_term"`` (bills).
    Bundled: 2011-09..2026-04 (Table 3D, then Table 3 from 2020-01); ``n.a.`` months are NaN.

    Example:
        >>> import tradeshock as ts
        >>> float(ts.load_treasury_holdings("Russia").loc["2014-12"])
        86028.0

    """
    source = check_source(source, TREASURY_SOURCES, loader="load_treasury_holdings")
    if source != "bundled":
        from . import _live  # imported lazily: the live path pulls in requests_cache

        live: pd.Series = _live.load_treasury_holdings_live(
            holder=holder, term=term, source=source, session=session)
        return live
    term_name = resolve_term(term)
    code = resolve_holder(holder, _bundled_holders())
    series = _bundled_series(code, term_name)
    entry = dataset_entry(DATASET)
    if series.isna().all():
        published = [t for t in TERMS if not _bundled_series(code, t).isna().all()]
        raise NotInSnapshotError(
            f"the snapshot does not cover {term_name} holdings of {series.name}: TIC prints "
            f"'n.a.' for every month; it covers term={', '.join(map(repr, published)) or 'none'} "
            "for this holder; source='treasury' serves the same Treasury tables live")
    result: pd.Series = series.copy()
    result.attrs = {
        "source": f"bundled snapshot: {entry['source']}",
        "units": entry["units"],
        "vintage": entry["vintage"],
        "upstream_url": entry["upstream_url"],
        "holder": str(series.name),
        "tic_code": code,
        "term": term_name,
        "dataset": DATASET,
        "notes": list(entry.get("notes", [])),
    }
    return result

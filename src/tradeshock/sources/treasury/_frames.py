"""Pure shaping of TIC holdings (holder and term resolution, one holder's series), both paths."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..._partners import resolve_names
from ...errors import ValidationError

__all__ = [
    "DATASET",
    "TERMS",
    "holdings_series",
    "published_series",
    "resolve_holder",
    "resolve_term",
]

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
        raise ValidationError(
            f"term={term!r} is not known; use one of " + ", ".join(repr(t) for t in TERMS)
        )
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
    values = pd.Series(
        rows[term].to_numpy(dtype=float), index=periods, name=str(rows["country"].iloc[-1])
    )
    if values.index.duplicated().any():
        raise ValidationError(f"holdings_series: a month appears twice for TIC code {tic_code!r}")
    full = pd.period_range(periods.min(), periods.max(), freq="M", name="period")
    result: pd.Series = values.sort_index().reindex(full)
    return result


def published_series(
    tidy: pd.DataFrame, tic_code: str, term: str, *, not_covered: Callable[[str, str], Exception]
) -> pd.Series:
    """Return `holdings_series`, or raise when TIC publishes nothing for the term.

    ``not_covered(what, covers)`` builds the error when TIC prints ``n.a.`` for every month of
    that term (e.g. Anguilla's short-term holdings).

    Example:
        >>> tidy = pd.DataFrame({"tic_code": ["1"], "country": ["X"], "period": ["2020-01"],
        ...                      "total": [5.0], "long_term": [float("nan")],
        ...                      "short_term": [float("nan")]})
        >>> published_series(tidy, "1", "total", not_covered=lambda w, c: ValueError(w)).tolist()
        [5.0]

    """
    series = holdings_series(tidy, tic_code, term=term)
    if series.isna().all():
        published = [t for t in TERMS if not holdings_series(tidy, tic_code, term=t).isna().all()]
        raise not_covered(
            f"{term} holdings of {series.name}: TIC prints 'n.a.' for every month",
            f"term={', '.join(map(repr, published)) or 'none'} for this holder",
        )
    return series

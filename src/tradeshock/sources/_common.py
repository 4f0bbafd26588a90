"""Pieces every dataset folder shares: ``source=`` checks, coverage errors, live-source helpers.

Each public loader validates ``source`` with `check_source` and, for any source other than
``"bundled"``, calls its dataset's ``_live`` module through a lazy import (the live path pulls in
requests_cache). The live modules share the key, date and URL helpers below; they import
[`tradeshock.sources.http`][tradeshock.sources.http] only when called, so ``import tradeshock``
stays light.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd

from .._freq import Freq
from .._redact import redact
from ..errors import NotCoveredError, NotInSnapshotError, ValidationError

if TYPE_CHECKING:
    import requests

__all__ = [
    "ENV_CENSUS_KEY",
    "ENV_EIA_KEY",
    "api_key_from",
    "check_source",
    "not_covered_live",
    "not_in_snapshot",
    "renamed_key",
    "retrieved",
    "select_periods",
    "shown_url",
    "to_period",
]

T = TypeVar("T", pd.DataFrame, pd.Series)

ENV_CENSUS_KEY = "CENSUS_API_KEY"
ENV_EIA_KEY = "EIA_API_KEY"
# where each key is given out (free), for the "key required" message
_KEY_SIGNUP = {
    ENV_EIA_KEY: "https://www.eia.gov/opendata/register.php",
    ENV_CENSUS_KEY: "https://api.census.gov/data/key_signup.html",
}


def check_source(source: object, valid: Sequence[str], *, loader: str) -> str:
    """Return ``source`` lower-cased if it is one of ``valid``, else raise ``ValidationError``.

    Example:
        >>> check_source("bundled", ("bundled", "eia"), loader="load_petroleum_imports")
        'bundled'

    """
    if not isinstance(source, str) or source.lower() not in valid:
        raise ValidationError(
            f"{loader}: source={source!r} is not valid; use one of "
            + ", ".join(repr(v) for v in valid)
        )
    return source.lower()


def not_in_snapshot(what: str, covers: str, instead: str) -> NotInSnapshotError:
    """Build the error for a request the snapshot cannot serve, in the wording every loader uses.

    Example:
        >>> str(not_in_snapshot("year 1900", "1985 to 2025", "source='census'"))
        "the snapshot does not cover year 1900; it covers 1985 to 2025; use source='census'"

    """
    return NotInSnapshotError(
        f"the snapshot does not cover {what}; it covers {covers}; use {instead}"
    )


def not_covered_live(source: str, what: str, covers: str) -> NotCoveredError:
    """Build the error for a request a live source cannot serve (same wording as the snapshot's).

    Example:
        >>> str(not_covered_live("Census country.xlsx", "start=2030", "1985 to 2024"))
        'the live Census country.xlsx does not cover start=2030; it covers 1985 to 2024'

    """
    return NotCoveredError(f"the live {source} does not cover {what}; it covers {covers}")


def renamed_key(api_key: str | None, key: str | None, *, loader: str) -> str | None:
    """Accept the 0.1.0 keyword ``key=`` for one release, with a ``DeprecationWarning``.

    Example:
        >>> renamed_key("k", None, loader="load_trade")
        'k'

    """
    if key is None:
        return api_key
    warnings.warn(
        f"{loader}(key=...) is deprecated and will be removed in tradeshock 0.3; "
        "use api_key=... (the same keyword as every other loader)",
        DeprecationWarning,
        stacklevel=3,
    )
    if api_key is not None and api_key != key:
        raise ValidationError(f"{loader}: pass the API key once, as api_key= (key= is deprecated)")
    return key


def api_key_from(
    api_key: str | None, env: str, *, required: bool, argument: str = "api_key"
) -> str | None:
    """Return the key to use: ``api_key`` if given, else the environment variable ``env``.

    A required key that is missing raises ``ValidationError`` naming where free keys are given
    out. The key itself never appears in a message.

    Example:
        >>> api_key_from("abc", ENV_EIA_KEY, required=True)
        'abc'

    """
    key = api_key if api_key else os.environ.get(env) or None
    if key is None and required:
        raise ValidationError(
            f"{argument} is required for this source: pass {argument}='...' or set the "
            f"environment variable {env} (free keys: {_KEY_SIGNUP[env]})"
        )
    return key


def retrieved(response: requests.Response | None) -> str:
    """UTC date the response was fetched (the cache's creation time for cached responses).

    Example:
        >>> len(retrieved(None))
        10

    """
    created = getattr(response, "created_at", None)
    when = created if isinstance(created, datetime) else datetime.now(timezone.utc)
    return when.strftime("%Y-%m-%d")


def shown_url(url: str) -> str:
    """``url`` with any API key redacted, safe for attrs, messages and logs.

    Example:
        >>> shown_url("https://api.eia.gov/v2/x?api_key=SECRET")
        'https://api.eia.gov/v2/x?api_key=REDACTED'

    """
    return redact(url)


def to_period(value: object, freq: Freq, argument: str) -> pd.Period:
    """Turn a user bound (``2014``, ``"2014-03"``, a date or Period) into a Period of ``freq``.

    A year at ``freq="M"`` means its first month for ``start`` and its last for ``end``.

    Example:
        >>> to_period(2014, "M", "end")
        Period('2014-12', 'M')

    """
    if isinstance(value, bool):
        raise ValidationError(f"{argument}={value!r} is not a date or period")
    try:
        if isinstance(value, pd.Period):
            return value.asfreq(freq, how="start" if argument == "start" else "end")
        if isinstance(value, (int, np.integer)):
            year = pd.Period(str(int(value)), freq="Y")
            return (
                year
                if freq == "Y"
                else year.asfreq("M", how="start" if argument == "start" else "end")
            )
        text = str(value)
        if freq == "M" and len(text.strip()) == 4 and text.strip().isdigit():
            year = pd.Period(text.strip(), freq="Y")
            return year.asfreq("M", how="start" if argument == "start" else "end")
        return pd.Period(text, freq=freq)
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"{argument}={value!r} is not a date or period") from exc


def select_periods(
    obj: T,
    start: object,
    end: object,
    freq: Freq,
    *,
    not_covered: Callable[[str, str], NotCoveredError],
) -> T:
    """Keep the periods of ``obj`` from ``start`` to ``end`` (inclusive), attrs kept.

    A bound outside the object's index, or a window with no row, raises ``not_covered(what,
    covers)``: the same typed error for the bundled and the live path of a loader.

    Example:
        >>> s = pd.Series([1.0, 2.0], index=pd.period_range("2020", periods=2, freq="Y"))
        >>> select_periods(s, 2021, None, "Y", not_covered=lambda w, c: NotCoveredError(w)).tolist()
        [2.0]

    """
    if start is None and end is None:
        return obj
    lo = None if start is None else to_period(start, freq, "start")
    hi = None if end is None else to_period(end, freq, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(f"start={start!r} is after end={end!r}")
    index = obj.index
    covers = f"{index.min()} to {index.max()}" if len(index) else "no period"
    for name, given, bound in (("start", start, lo), ("end", end, hi)):
        if bound is not None and (not len(index) or not index.min() <= bound <= index.max()):
            raise not_covered(f"{name}={given!r} at freq {freq!r}", covers)
    mask = np.ones(len(index), dtype=bool)
    if lo is not None:
        mask &= np.asarray(index >= lo)
    if hi is not None:
        mask &= np.asarray(index <= hi)
    kept: T = obj.loc[mask].copy()
    kept.attrs = dict(obj.attrs)
    return kept

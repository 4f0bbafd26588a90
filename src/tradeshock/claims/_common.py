"""What every check shares: the outcome record, the call context, and small formatters.

Example:
    >>> ordinal(22), bn(26_800.0), pct(0.891)
    ('22nd', '$26.8bn', '89%')

"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pandas as pd

from ._records import Finding, robust_verdict

__all__ = [
    "Context",
    "Outcome",
    "bn",
    "ordinal",
    "pct",
    "periods_to_end",
    "robust",
    "trough_year",
    "value_in",
    "window",
    "years",
]


@attrs.frozen
class Context:
    """How [`check_claims`][tradeshock.claims.check_claims] was called (live data for claim (c))."""

    source: str = "bundled"
    api_key: str | None = attrs.field(default=None, repr=False)  # never shown
    session: Any = attrs.field(default=None, repr=False)


@attrs.frozen
class Outcome:
    """What a check found; the article's wording is added by the caller."""

    verdict: str
    data_figure: str
    rule: str
    detail: str
    findings: tuple[Finding, ...] = ()
    per_year: tuple[Finding, ...] = ()
    checked_with: str = "bundled"
    needs: str = ""


def robust(findings: list[Finding], main: Finding, rule: str, detail: str) -> Outcome:
    """Build the outcome of a claim checked under several choices (``main``: the headline)."""
    return Outcome(robust_verdict(findings), main.figure, rule, detail, tuple(findings))


def years(data: pd.DataFrame | pd.Series) -> np.ndarray:
    """Return the calendar year of each row of a PeriodIndex-ed object."""
    return np.asarray(pd.PeriodIndex(data.index).year)


def window(data: pd.Series, first: int | None = None, last: int | None = None) -> pd.Series:
    """Select the rows of ``data`` from year ``first`` to ``last`` (inclusive; None = open)."""
    y = years(data)
    keep = np.ones(len(y), dtype=bool)
    if first is not None:
        keep &= y >= first
    if last is not None:
        keep &= y <= last
    part: pd.Series = data.loc[keep]
    return part


def periods_to_end(data: pd.Series, shock_year: int) -> int:
    """Count the periods after ``shock_year`` to the end of ``data`` (an explicit horizon).

    The checks always pass the horizon: what "to the end of the data" means must not move
    with the metric's default.
    """
    return int(years(data).max()) - shock_year


def trough_year(response: Any) -> str:
    """Return the trough year of a ``ShockResponse`` ("no trough" when it never fell)."""
    trough = getattr(response, "trough", None)
    return str(trough.year) if trough is not None else "no trough"


def value_in(data: pd.Series, year: int) -> float:
    """Return the value in ``year`` (NaN when absent)."""
    part = window(data, year, year).to_numpy(dtype=float)
    return float(part[0]) if part.size else float("nan")


def bn(musd: float) -> str:
    """Format USD millions as ``$x.ybn``."""
    return f"${musd / 1000:,.1f}bn"


def pct(share: float) -> str:
    """Format a ratio as a whole percentage."""
    return f"{100 * share:.0f}%"


def ordinal(n: int) -> str:
    """Format 1 → 1st, 22 → 22nd, 26 → 26th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

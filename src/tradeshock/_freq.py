"""Frequency names shared by every layer: ``"Y"`` (annual) and ``"M"`` (monthly)."""

from __future__ import annotations

from typing import Literal

from .errors import ValidationError

Freq = Literal["Y", "M"]

# pandas spells calendar-year frequencies several ways ("Y-DEC" is what an annual
# PeriodIndex reports as its freqstr), so accept them all.
_ALIASES = {
    **dict.fromkeys(("Y", "A", "YE", "Y-DEC", "A-DEC", "YE-DEC", "ANNUAL"), "Y"),
    **dict.fromkeys(("M", "ME", "MONTHLY"), "M"),
}


def normalize_freq(freq: object, *, argument: str = "freq") -> Freq:
    """Return ``"Y"`` or ``"M"`` for a user-given frequency; ``"A"`` is an alias of ``"Y"``.

    Example:
        >>> normalize_freq("A")
        'Y'
        >>> normalize_freq("Y-DEC")
        'Y'

    """
    key = str(freq).upper() if isinstance(freq, str) else None
    if key is None or key not in _ALIASES:
        raise ValidationError(f"{argument}={freq!r} is not a known frequency; use 'Y' or 'M'")
    return "Y" if _ALIASES[key] == "Y" else "M"

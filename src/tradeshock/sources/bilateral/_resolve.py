"""Resolve a reporter or partner given in any naming system to one economy.

Accepted (case-insensitive): the economy code (ISO alpha-3 ``"RUS"``, ``"EU27"``, ``"WLD"``),
the 2-letter IMF/ISO code (``"RU"``, ``"B0"``, ``"W00"``), the English name and the names the
compilers print (``"Russian Federation"``, ``"China, P.R.: Mainland"``), Russian names
(``"Россия"``, ``"Китай"`` — Latin look-alike letters tolerated), the UN M49 code as UN Comtrade
uses it (``643``, ``"643"``, ``"m49:643"``) and the IMF numeric code (``"imf:922"``; a bare
number that is not an M49 code is tried as an IMF code).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from ..._partners import close_matches, did_you_mean
from ...errors import UnknownPartnerError, ValidationError
from ...parsers.bilateral._countries import ECONOMIES, Economy, by_code, name_keys, normalise_name

__all__ = ["resolve_economy"]


@functools.lru_cache(maxsize=1)
def _numeric() -> tuple[Mapping[int, str], Mapping[int, str]]:
    m49 = {e.m49: e.code for e in ECONOMIES if e.m49 is not None}
    imf = {e.imf: e.code for e in ECONOMIES if e.imf is not None}
    return m49, imf


@functools.lru_cache(maxsize=1)
def _display() -> Mapping[str, str]:
    """Lower-case key → shown form, over every naming system (for suggestions)."""
    shown: dict[str, str] = {}
    for economy in ECONOMIES:
        for name in (*economy.names, economy.code, economy.iso2 or ""):
            if name:
                shown.setdefault(normalise_name(name), name)
        if economy.m49 is not None:
            shown.setdefault(f"m49:{economy.m49}", f"m49:{economy.m49}")
        if economy.imf is not None:
            shown.setdefault(f"imf:{economy.imf}", f"imf:{economy.imf}")
    return shown


def _by_number(text: str, role: str) -> Economy | None:
    m49, imf = _numeric()
    system, _, digits = text.rpartition(":")
    if not digits.isdigit() or system not in ("", "m49", "imf"):
        return None
    number = int(digits)
    if system == "imf":
        return by_code()[imf[number]] if number in imf else None
    if number in m49:
        return by_code()[m49[number]]
    if system == "" and number in imf:
        return by_code()[imf[number]]
    return None


def _code_of(shown: str) -> str:
    """Code of a suggestion that is itself a code (``RUS``, ``RU``, ``m49:643``, ``imf:922``)."""
    text = normalise_name(shown)
    found = _by_number(text, "suggestion")
    if found is not None:
        return found.code
    return next(e.code for e in ECONOMIES if text in (e.code.casefold(), (e.iso2 or "").casefold()))


def resolve_economy(value: object, role: str = "partner") -> Economy:
    """Return the `Economy` that ``value`` names in any naming system.

    Raises:
        UnknownPartnerError: nothing matches; ``.suggestions`` lists close names and codes
            across all naming systems.
        ValidationError: ``value`` is neither a string nor an integer.

    Example:
        >>> resolve_economy("Россия").code, resolve_economy(156).code
        ('RUS', 'CHN')
        >>> resolve_economy("imf:134").code
        'DEU'
        >>> resolve_economy("Китaй").name     # Latin 'a' inside the Cyrillic word
        'China'

    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(f"{role}={value!r} must be a name or a code (str or int)")
    text = normalise_name(value)
    found = _by_number(text, role)
    if found is not None:
        return found
    codes = by_code()
    for economy in ECONOMIES:
        if text in (economy.code.casefold(), (economy.iso2 or "").casefold()):
            return economy
    code = name_keys().get(text)
    if code:
        return codes[code]
    shown = _display()
    close = [shown[key] for key in close_matches(text, list(shown))]
    # one economy per suggestion, shown in the form that matched and by its English name
    english = [codes[name_keys().get(normalise_name(s)) or _code_of(s)].name for s in close]
    suggestions = tuple(dict.fromkeys([*close[:3], *english]))
    hint = did_you_mean(suggestions)
    raise UnknownPartnerError(
        f"{role}={value!r} is not a known economy (name in English or Russian, ISO alpha-3, "
        f"IMF code 'imf:<n>', UN M49 code){hint}",
        suggestions=suggestions,
    )

"""Partner resolution: a user's name, alias, ISO alpha-3 or Census code → one Census partner code.

The table behind it is the bundled ``partners`` dataset (built from Census Schedule C, the
corbett-hobbs code table and the names in ``country.xlsx``). Accepted inputs, all
case-insensitive:

* the Census code, as an int or a string (``4621``, ``"4621"``, ``15`` → ``"0015"``);
* the name as ``country.xlsx`` prints it (``"Korea, South"``), the Schedule C name
  (``"South Korea (Republic of Korea)"``) or the unambiguous label (``"Serbia [4802]"``);
* the ISO 3166-1 alpha-3 code (``"RUS"``);
* a few common aliases (`ALIASES`: ``"Russian Federation"``, ``"UK"``, ``"World"`` …).

Census names are not unique: Ethiopia, Israel, Serbia and Sudan each have two codes (border and
successor-state changes). A bare ambiguous name, and an ISO code shared by two codes, resolve to
the **current** code (the one in Schedule C: 7749, 5081, 4801, 7321); reach the other with its
code or its label (``"Serbia [4802]"``). Panels and ranks use the labels and never sum the two.

The module also holds the one name matcher of the loaders (`resolve_names`: origins,
holders) and the one "did you mean" implementation (`close_matches`, `did_you_mean`).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping

import attrs
import pandas as pd

from ._snapshot import read_table
from .errors import UnknownPartnerError, ValidationError

__all__ = [
    "ALIASES",
    "Partner",
    "close_matches",
    "did_you_mean",
    "name_key",
    "partner_table",
    "resolve_names",
    "resolve_partner",
]

#: common aliases → a Census code (checked against the bundled table by the tests)
ALIASES: Mapping[str, str] = {
    "russian federation": "4621",
    "south korea": "5800",
    "republic of korea": "5800",
    "korea": "5800",
    "north korea": "5790",
    "uk": "4120",
    "u.k.": "4120",
    "great britain": "4120",
    "britain": "4120",
    "czechia": "4351",
    "türkiye": "4890",
    "turkiye": "4890",
    "world": "0015",
    "world, nsa": "0015",
    "world, seasonally adjusted": "0004",
    "eu": "0003",
    "ivory coast": "7480",
    "myanmar": "5460",
    "north macedonia": "4794",
    "viet nam": "5520",
    "holland": "4210",
    "dr congo": "7660",
    "democratic republic of the congo": "7660",
    "republic of the congo": "7630",
    "uae": "5200",
    "soviet union": "4610",
    "ussr": "4610",
    "cape verde": "7643",
    "swaziland": "7950",
    "timor-leste": "5601",
    "yemen": "5210",
    "vatican": "4752",
    "holy see": "4752",
}


@attrs.frozen
class Partner:
    """One Census trade partner code.

    Attributes:
        cty_code: Census Schedule C code, 4 characters (``"4621"``; aggregates ``"0015"``).
        name: the name as Census ``country.xlsx`` prints it.
        label: unambiguous display name (the name, or ``"Serbia [4802]"`` for the non-current
            code of a shared name); panels and ranks use it as column name.
        iso3: ISO 3166-1 alpha-3 (ISO 3166-3 for former states such as SUN), or ``None``.
        kind: ``"country"``, ``"aggregate"`` (``00xx``: World, EU, regions) or ``"other"``
            (8220 unidentified countries, 8500 international organizations).
        current: the code is in the current Census Schedule C list.

    Example:
        >>> resolve_partner("RUS").cty_code
        '4621'

    """

    cty_code: str
    name: str
    label: str
    iso3: str | None
    kind: str
    current: bool


def partner_table() -> pd.DataFrame:
    """Return the bundled partner table (a copy): one row per Census code in the trade data.

    Columns: ``cty_code, name, schedule_c_name, iso2, iso3, kind, current, first_year,
    last_year, label``.

    Example:
        >>> partner_table().set_index("cty_code").loc["4621", "iso3"]
        'RUS'

    """
    table: pd.DataFrame = _table().copy()
    return table


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    raw = read_table("partners")
    table: pd.DataFrame = raw.copy()
    for col in ("name", "schedule_c_name", "iso2", "iso3", "label", "kind", "cty_code"):
        table[col] = table[col].fillna("").astype(str)
    table["current"] = table["current"].astype(str).str.lower().eq("true")
    for col in ("first_year", "last_year"):
        table[col] = pd.to_numeric(table[col]).astype("Int64")
    return table


@functools.lru_cache(maxsize=1)
def _lookups() -> tuple[dict[str, Partner], dict[str, str], dict[str, str]]:
    """(code → Partner, lower-case key → code, lower-case key → display form for suggestions)."""
    table = _table()
    # plain lists: much faster than itertuples for a few hundred rows
    cols = {
        c: table[c].tolist()
        for c in (
            "cty_code",
            "name",
            "schedule_c_name",
            "label",
            "iso3",
            "kind",
            "current",
            "last_year",
        )
    }
    rows = [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]
    by_code = {
        str(r["cty_code"]): Partner(
            cty_code=str(r["cty_code"]),
            name=str(r["name"]),
            label=str(r["label"]),
            iso3=str(r["iso3"]) or None,
            kind=str(r["kind"]),
            current=bool(r["current"]),
        )
        for r in rows
    }
    # a key shared by several codes goes to the current code, then the latest, then the higher
    rows.sort(
        key=lambda r: (
            bool(r["current"]),
            -1 if pd.isna(r["last_year"]) else int(r["last_year"]),
            str(r["cty_code"]),
        ),
        reverse=True,
    )
    keys: dict[str, str] = {}
    display: dict[str, str] = {}

    def add(key: str, code: str) -> None:
        lowered = key.strip().lower()
        if lowered and lowered not in keys:
            keys[lowered] = code
            display[lowered] = key.strip()

    for field in ("label", "name", "schedule_c_name", "iso3"):
        for r in rows:
            add(str(r[field]), str(r["cty_code"]))
    for alias, code in ALIASES.items():
        if code in by_code:
            add(alias, code)
    return by_code, keys, display


def resolve_partner(partner: str | int) -> Partner:
    """Resolve a partner name, alias, ISO alpha-3 or Census code to a `Partner`.

    Matching is case-insensitive. A name shared by two Census codes (Ethiopia, Israel, Serbia,
    Sudan) resolves to the current code; use the code or the label (``"Serbia [4802]"``) for the
    other one.

    Raises:
        UnknownPartnerError: nothing matches; the message and ``.suggestions`` list close matches.
        ValidationError: ``partner`` is not a string or an integer.

    Example:
        >>> resolve_partner("Russian Federation").label
        'Russia'
        >>> resolve_partner(4621).name
        'Russia'
        >>> resolve_partner("Serbia").cty_code
        '4801'

    """
    if isinstance(partner, bool) or not isinstance(partner, (str, int)):
        raise ValidationError(
            f"partner={partner!r} must be a name, an ISO alpha-3 code or a Census code"
        )
    by_code, keys, display = _lookups()
    text = str(partner).strip()
    if text.isdigit() and len(text) <= 4:
        code = text.zfill(4)
        if code in by_code:
            return by_code[code]
    lowered = text.lower()
    if lowered in keys:
        return by_code[keys[lowered]]
    suggestions = tuple(dict.fromkeys(display[c] for c in close_matches(lowered, keys)))
    hint = did_you_mean(suggestions)
    raise UnknownPartnerError(
        f"partner={partner!r} is not a known Census trade partner (name, alias, ISO alpha-3 or "
        f"Census code){hint}",
        suggestions=suggestions,
    )


# --------------------------------------------------------------------------- "did you mean"


def close_matches(
    word: str, choices: Iterable[str], *, n: int = 5, cutoff: float = 0.6, prefix: bool = False
) -> list[str]:
    """Return up to ``n`` of ``choices`` close to ``word`` (best first): the one suggester.

    Similarity is `difflib.get_close_matches` (ratio >= ``cutoff``); with ``prefix=True``
    choices that start with ``word`` follow (``"kaz"`` → ``"kazakhstan"``).

    Example:
        >>> close_matches("rusia", ["russia", "belarus", "canada"])
        ['russia']
        >>> close_matches("can", ["canada", "cuba"], prefix=True)
        ['canada']

    """
    pool = list(choices)
    close = difflib.get_close_matches(word, pool, n=n, cutoff=cutoff)
    if prefix and word:
        close += [c for c in pool if c.startswith(word) and c not in close]
    return close[:n]


def did_you_mean(suggestions: Iterable[str]) -> str:
    """Return ``"; did you mean 'A', 'B'?"`` for the suggestions, or ``""`` when there are none.

    Example:
        >>> did_you_mean(["Russia"])
        "; did you mean 'Russia'?"
        >>> did_you_mean([])
        ''

    """
    shown = list(suggestions)
    return f"; did you mean {', '.join(repr(s) for s in shown)}?" if shown else ""


# --------------------------------------------------------------------------- names of origins


def name_key(name: str) -> str:
    """Normalise a name for matching: case-folded, dots dropped, other punctuation as spaces.

    Example:
        >>> name_key("U.S. Total")
        'us total'

    """
    text = name.casefold().replace(".", "")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _partner_keys(name: str) -> list[str]:
    """Name keys of the Census partner ``name`` denotes (ISO alpha-3, Census code, alias).

    Lets ``"SAU"`` or ``4621``-style codes find an origin or holder named as Census names it.
    """
    try:
        partner = resolve_partner(name)
    except (UnknownPartnerError, ValidationError):
        return []
    return list(dict.fromkeys(name_key(n) for n in (partner.name, partner.label)))


def _match_name(name: str, by_key: Mapping[str, str], alias_keys: Mapping[str, str]) -> str | None:
    for key in [name_key(name), *_partner_keys(name)]:
        match = by_key.get(key)
        if match is None and key in alias_keys:
            match = by_key.get(name_key(alias_keys[key]))
        if match is not None:
            return match
    return None


def resolve_names(
    requested: str | Iterable[str],
    available: Iterable[str],
    *,
    aliases: Mapping[str, str] | None = None,
    argument: str = "origins",
) -> list[str]:
    """Match user names against ``available`` case-insensitively (plus ``aliases``).

    A name that matches nothing directly is also tried as a Census partner (ISO alpha-3, Census
    code or alias, see `resolve_partner`) under its Census name. Returns the matched names
    in the requested order without duplicates. An unknown name raises ``UnknownPartnerError``
    with close matches in ``suggestions``.

    Example:
        >>> resolve_names(["russia", "CANADA"], ["Canada", "Russia"])
        ['Russia', 'Canada']
        >>> resolve_names(["SAU", "4621"], ["Russia", "Saudi Arabia"])
        ['Saudi Arabia', 'Russia']

    """
    names = [requested] if isinstance(requested, str) else list(requested)
    if not names:
        raise ValidationError(f"{argument} is empty; name at least one")
    by_key = {name_key(name): name for name in available}
    alias_keys = {name_key(k): v for k, v in (aliases or {}).items()}
    resolved: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise ValidationError(f"{argument}: {name!r} is not a name (str)")
        match = _match_name(name, by_key, alias_keys)
        if match is None:
            close = close_matches(name_key(name), by_key, prefix=True)
            suggestions = tuple(by_key[k] for k in close)
            raise UnknownPartnerError(
                f"{argument}: unknown name {name!r}{did_you_mean(suggestions)}",
                suggestions=suggestions,
            )
        if match not in resolved:
            resolved.append(match)
    return resolved

"""Pure shaping of commodity-composition tables, shared by the bundled and the live path."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..._partners import resolve_partner
from ...errors import ValidationError

__all__ = [
    "BASES",
    "CODE_WIDTH",
    "ENDUSE_DATASET",
    "ENDUSE_PATH",
    "FLOWS",
    "HS2_DATASET",
    "RUSSIA",
    "UNITS",
    "WORLD_CODE",
    "check_basis",
    "check_choice",
    "composition_frame",
    "resolve_code",
]

#: the classifications
#: [`load_trade_composition`][tradeshock.sources.composition.load_trade_composition] knows
BASES = ("enduse", "hs2")
FLOWS = ("imports", "exports")
CODE_WIDTH = {"enduse": 5, "hs2": 2}
#: path of the end-use imports file under the ``census`` base URL (see ``sources.http``)
ENDUSE_PATH = "/statistics/product/enduse/imports/enduse_imports.xlsx"
ENDUSE_DATASET = "composition_enduse_imports"
HS2_DATASET = "composition_hs2_russia_{flow}"
RUSSIA = "4621"
WORLD_CODE = "0000"
_WORLD_CODE_COUNTRY_FILE = "0015"
_WORLD_NAMES = frozenset({"world", "world total", "0000", "wld", "all"})
UNITS = "USD millions"


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise ``ValidationError``.

    Example:
        >>> check_choice("flow", "imports", FLOWS)
        'imports'

    """
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(f"{name}={value!r} is not known; use one of {', '.join(allowed)}")
    return value


def check_basis(basis: object) -> str:
    """Return ``basis`` if it is one of `BASES`, else raise ``ValidationError``."""
    return check_choice("basis", basis, BASES)


def resolve_code(partner: object) -> tuple[str, str]:
    """Return (Census code, label) of ``partner``; ``"World"`` is the ``0000`` aggregate.

    Example:
        >>> resolve_code("RUS")
        ('4621', 'Russia')

    """
    if isinstance(partner, str) and partner.strip().lower() in _WORLD_NAMES:
        return WORLD_CODE, "World Total"
    resolved = resolve_partner(partner)  # type: ignore[arg-type]
    if resolved.cty_code == _WORLD_CODE_COUNTRY_FILE:  # "World" in country.xlsx: 0000 here
        return WORLD_CODE, "World Total"
    return str(resolved.cty_code), str(resolved.label)


def composition_frame(
    values: pd.DataFrame, descriptions: Mapping[str, str], *, basis: str
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Categories × years (whole dollars) → years × categories in USD millions.

    Returns the frame (float64, ``PeriodIndex`` ``period`` of freq ``"Y"``, columns the category
    codes in order, named ``basis``) and its ``{code: description}``. Years with no value at
    all (the source does not cover them for this partner) are dropped, never zero-filled.

    Example:
        >>> values = pd.DataFrame({2020: [1e6], 2021: [2e6]}, index=["27"])
        >>> frame, names = composition_frame(values, {"27": "Mineral fuels"}, basis="hs2")
        >>> frame["27"].tolist(), names
        ([1.0, 2.0], {'27': 'Mineral fuels'})

    """
    table = values.T.sort_index()
    table = table.dropna(how="all")  # years the source does not cover for this partner
    table = table.astype(float) / 1e6
    table.index = pd.PeriodIndex([str(int(y)) for y in table.index], freq="Y", name="period")
    table = table[sorted(table.columns)]
    table.columns = pd.Index([str(c) for c in table.columns], name=basis)
    categories = {str(c): descriptions[str(c)] for c in table.columns}
    result: pd.DataFrame = table
    return result, categories

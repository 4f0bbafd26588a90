"""Named groups of commodity categories, and each group's total and share of trade."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..._log import logger
from ...errors import ValidationError
from ._frames import BASES, CODE_WIDTH, check_basis

__all__ = ["commodity_groups", "group_shares", "group_totals"]

# Named groups. Within one basis they do not overlap, so their shares add up to at most 1.
_ENDUSE_GROUPS: dict[str, tuple[str, ...]] = {
    # petroleum only, as in the issue and SOURCES.md: crude, fuel oil, other products
    "oil": ("10000", "10010", "10020"),
    # steelmaking materials, iron and steel, aluminium, copper, nickel, tin, nonmonetary gold,
    # other precious metals (palladium, platinum), other nonferrous (titanium...), metal shapes
    "metals": (
        "14000",
        "14100",
        "14200",
        "14220",
        "14240",
        "14250",
        "14270",
        "14280",
        "14290",
        "15000",
        "15100",
        "15200",
    ),
    "nuclear_fuel": ("10300",),
    # liquefied petroleum gases, coal, natural gas, electricity: fuels outside "oil"
    "other_fuels": ("10030", "10100", "10110", "10400"),
    "fertilizers": ("12510",),
    # inorganic, organic and other chemicals (fertilizers are their own group)
    "chemicals": ("12530", "12540", "12550"),
    "fish": ("01000",),
    # foods, feeds and beverages other than fish and shellfish
    "other_food": (
        "00000",
        "00010",
        "00020",
        "00100",
        "00110",
        "00120",
        "00130",
        "00140",
        "00150",
        "00160",
        "00170",
        "00180",
        "00190",
        "00200",
        "01010",
        "01020",
    ),
    "lumber_and_plywood": ("13000", "13010"),
    "aircraft_and_spacecraft": ("22000", "22010", "22020", "22300"),
    # gem diamonds and other gem stones (not metals on this basis)
    "precious_stones": ("42100", "42110"),
}
_HS2_GROUPS: dict[str, tuple[str, ...]] = {
    # mineral fuels, oils: also coal, gas and electricity
    "oil": ("27",),
    # HS 71 also holds diamonds and other precious stones
    "metals": ("71", "72", "73", "74", "75", "76", "79", "81"),
    # includes uranium compounds and enriched uranium (2844)
    "inorganic_chemicals": ("28",),
    "nuclear_reactors_machinery": ("84",),
    "fertilizers": ("31",),
    "fish": ("03",),
    "wood": ("44",),
    "aircraft_and_spacecraft": ("88",),
}


def commodity_groups(basis: str = "enduse") -> dict[str, tuple[str, ...]]:
    """Named groups of category codes for ``basis`` (a new dict each call: edit it freely).

    End-use (``basis="enduse"``): ``oil`` = 10000 crude, 10010 fuel oil, 10020 other petroleum
    products; ``metals`` = 14000, 14100, 14200, 14220, 14240, 14250, 14270, 14280, 14290, 15000,
    15100, 15200 (steelmaking materials, iron and steel, aluminium, copper, nickel, tin,
    nonmonetary gold, other precious metals, other nonferrous metals, metal shapes);
    ``nuclear_fuel`` = 10300; ``other_fuels`` = 10030 LPG, 10100 coal, 10110 natural gas,
    10400 electricity; ``fertilizers`` = 12510; ``chemicals`` = 12530, 12540, 12550 (inorganic,
    organic, other; not fertilizers); ``fish`` = 01000; ``other_food`` = the other foods, feeds
    and beverages (00000–00200, 01010, 01020); ``lumber_and_plywood`` = 13000, 13010;
    ``aircraft_and_spacecraft`` = 22000, 22010, 22020, 22300; ``precious_stones`` = 42100 gem
    diamonds, 42110 other gem stones.

    HS 2-digit (``basis="hs2"``): ``oil`` = 27 (also coal, gas, electricity); ``metals`` = 71,
    72, 73, 74, 75, 76, 79, 81 (71 also holds diamonds); ``inorganic_chemicals`` = 28 (incl.
    enriched uranium, 2844); ``nuclear_reactors_machinery`` = 84; ``fertilizers`` = 31;
    ``fish`` = 03; ``wood`` = 44; ``aircraft_and_spacecraft`` = 88.

    Groups of one basis never overlap. The two bases group goods differently (gem diamonds are
    metals on the HS basis, not on the end-use basis), so compare them with care.

    Example:
        >>> import tradeshock as ts
        >>> ts.commodity_groups("hs2")["oil"]
        ('27',)
        >>> ts.commodity_groups()["nuclear_fuel"]
        ('10300',)

    """
    basis = check_basis(basis)
    groups = _ENDUSE_GROUPS if basis == "enduse" else _HS2_GROUPS
    return dict(groups)


def _infer_basis(composition: pd.DataFrame) -> str | None:
    basis = composition.attrs.get("basis")
    if basis in BASES:
        return str(basis)
    widths = {len(str(c)) for c in composition.columns}
    for name, width in CODE_WIDTH.items():
        if widths == {width} and all(str(c).isdigit() for c in composition.columns):
            return name
    return None


def _normalise_groups(
    composition: pd.DataFrame, groups: Mapping[str, Iterable[object]] | None
) -> dict[str, list[str]]:
    basis = _infer_basis(composition)
    if groups is None:
        if basis is None:
            raise ValidationError(
                "groups=None needs a composition from load_trade_composition (attrs['basis']); "
                "pass groups={name: [codes]} for other frames"
            )
        groups = commodity_groups(basis)
    if not isinstance(groups, Mapping) or not groups:
        raise ValidationError("groups must be a non-empty mapping {name: [category codes]}")
    width = CODE_WIDTH.get(basis) if basis is not None else None
    columns = {str(c) for c in composition.columns}
    result: dict[str, list[str]] = {}
    for name, codes in groups.items():
        if isinstance(codes, (str, int)):
            codes = [codes]
        listed: list[str] = []
        for code in codes:
            text = str(code).strip()
            if isinstance(code, int) and width is not None:
                text = text.zfill(width)  # 27 -> "27", 300 -> "00300"
            if width is not None and not (len(text) == width and text.isdigit()):
                raise ValidationError(
                    f"groups[{name!r}] has {code!r}, not a {basis} code ({width} digits)"
                )
            if width is None and text not in columns:
                raise ValidationError(f"groups[{name!r}] has {code!r}, not a column")
            listed.append(text)
        if not listed:
            raise ValidationError(f"groups[{name!r}] is empty")
        absent = [c for c in listed if c not in columns]
        if absent:
            logger.debug("group %s: codes %s have no trade here (counted as zero)", name, absent)
        result[str(name)] = listed
    return result


def _check_frame(composition: object) -> pd.DataFrame:
    if not isinstance(composition, pd.DataFrame):
        raise ValidationError(
            f"composition must be a DataFrame from load_trade_composition, not "
            f"{type(composition).__name__}"
        )
    return composition


def group_totals(
    composition: pd.DataFrame,
    groups: Mapping[str, Iterable[object]] | None = None,
    *,
    other: bool = False,
) -> pd.DataFrame:
    """Sum a composition frame's categories into one column per group (same units).

    Args:
        composition: a frame from
            [`load_trade_composition`][tradeshock.sources.composition.load_trade_composition] (or
            any years × codes frame).
        groups: ``{name: codes}``; default `commodity_groups` of the frame's basis.
            Codes with no column (no trade with this partner) count as zero.
        other: add a column ``other`` = total − the groups (groups must not overlap), so the
            columns add up to the total (e.g. for a stacked area chart).

    Returns:
        Years × groups, in the composition's units; a year with a NaN category is NaN for the
        groups holding it. ``attrs`` are the composition's plus ``groups``.
        [`tradeshock.resilience_table`][tradeshock.resilience.resilience_table] works on it
        directly.

    Example:
        >>> import tradeshock as ts
        >>> comp = ts.load_trade_composition("Russia")
        >>> totals = ts.sources.composition.group_totals(comp, {"nuclear": ["10300"]})
        >>> round(float(totals.loc["2021", "nuclear"]), 1)
        689.0

    """
    composition = _check_frame(composition)
    named = _normalise_groups(composition, groups)
    columns = {str(c): c for c in composition.columns}
    out = pd.DataFrame(index=composition.index.copy())
    for name, codes in named.items():
        present = [columns[c] for c in codes if c in columns]
        if present:
            out[name] = composition[present].sum(axis=1, skipna=False).astype(float)
        else:
            out[name] = 0.0
    if other:
        seen: set[str] = set()
        for name, codes in named.items():
            overlap = seen.intersection(codes)
            if overlap:
                raise ValidationError(
                    f"other=True needs groups that do not overlap; {sorted(overlap)} repeats "
                    f"in groups[{name!r}]"
                )
            seen.update(codes)
        if "other" in named:
            raise ValidationError("other=True adds a column 'other': rename that group")
        out["other"] = composition.sum(axis=1, skipna=False).astype(float) - out.sum(
            axis=1, skipna=False
        )
    out.columns.name = "group"
    out.attrs = {**composition.attrs, "groups": {k: list(v) for k, v in named.items()}}
    out.attrs.pop("categories", None)
    result: pd.DataFrame = out
    return result


def group_shares(
    composition: pd.DataFrame,
    groups: Mapping[str, Iterable[object]] | None = None,
    *,
    other: bool = False,
) -> pd.DataFrame:
    """Each group's share of the total per year (0–1); the total is the sum of all categories.

    Args:
        composition: a frame from
            [`load_trade_composition`][tradeshock.sources.composition.load_trade_composition].
        groups: ``{name: codes}``; default `commodity_groups` of the frame's basis.
        other: add ``other`` = 1 − the groups' shares (see `group_totals`).

    Returns:
        Years × groups, ``attrs["units"] == "share"`` (plus the composition's basis, valuation,
        source, vintage and the ``groups``). A year whose total is zero or NaN is NaN.

    Example:
        >>> import tradeshock as ts
        >>> comp = ts.load_trade_composition("Russia")
        >>> groups = ts.commodity_groups("enduse")
        >>> shares = ts.group_shares(comp, {"oil_and_metals": [*groups["oil"], *groups["metals"]]})
        >>> round(float(shares.loc["2014", "oil_and_metals"]), 3)
        0.824

    """
    totals = group_totals(composition, groups, other=other)
    total = composition.sum(axis=1, skipna=False).astype(float)
    total = total.where(total != 0)
    shares = totals.div(total, axis=0)
    shares.attrs = {**totals.attrs, "units": "share"}
    result: pd.DataFrame = shares
    return result

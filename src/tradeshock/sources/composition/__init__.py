"""What trade is made of: imports (and exports) by commodity category, and named groups of them.

Two classifications, never mixed silently:

* ``basis="enduse"`` — Census 5-digit end-use codes, **general imports, customs value**, every
  partner, 2014–2025 (bundled), or live from Census's ``enduse_imports.xlsx``
  (``source="census"``). End-use *exports* are not available (the Census file could not be
  obtained when the snapshot was built).
* ``basis="hs2"`` — HS 2-digit chapters, U.S.-reported UN Comtrade data for **Russia only**,
  2010–2019, imports valued **CIF** (2.7–5.2 % above Census customs value) and exports FOB.

Every frame says which in ``attrs["basis"]`` and ``attrs["valuation"]``; :func:`group_shares`
and :func:`group_totals` keep those attrs, so a share computed on one basis stays labelled.

Categories that do not appear in a year are zero, not missing: Census lists a country × code
row whenever it has trade in any year of the file, and Comtrade omits chapters without trade.
Years a source does not cover are absent from the index (never zero-filled).

Example:
    >>> import tradeshock as ts
    >>> comp = ts.load_trade_composition("Russia")
    >>> shares = ts.group_shares(comp)
    >>> round(float(shares.loc["2019", "oil"]), 3)
    0.591

"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._log import logger
from .._partners import resolve_partner
from .._snapshot import dataset_entry, read_table
from ..errors import UnknownPartnerError, ValidationError
from ._common import check_source, not_in_snapshot

if TYPE_CHECKING:
    import requests

__all__ = [
    "BASES",
    "ENDUSE_PATH",
    "commodity_groups",
    "group_shares",
    "group_totals",
    "load_trade_composition",
    "oil_and_metals_share",
]

#: the classifications :func:`load_trade_composition` knows
BASES = ("enduse", "hs2")
_FLOWS = ("imports", "exports")
_SOURCES = ("bundled", "census")
_CODE_WIDTH = {"enduse": 5, "hs2": 2}
#: path of the end-use imports file under the ``census`` base URL (see :mod:`.http`)
ENDUSE_PATH = "/statistics/product/enduse/imports/enduse_imports.xlsx"
_ENDUSE_DATASET = "composition_enduse_imports"
_HS2_DATASET = "composition_hs2_russia_{flow}"
_RUSSIA = "4621"
_WORLD_CODE = "0000"
_WORLD_CODE_COUNTRY_FILE = "0015"
_WORLD_NAMES = frozenset({"world", "world total", "0000", "wld", "all"})
_UNITS = "USD millions"

# Named groups. Within one basis they do not overlap, so their shares add up to at most 1.
_ENDUSE_GROUPS: dict[str, tuple[str, ...]] = {
    # petroleum only, as in the issue and SOURCES.md: crude, fuel oil, other products
    "oil": ("10000", "10010", "10020"),
    # steelmaking materials, iron and steel, aluminium, copper, nickel, tin, nonmonetary gold,
    # other precious metals (palladium, platinum), other nonferrous (titanium...), metal shapes
    "metals": (
        "14000", "14100", "14200", "14220", "14240", "14250", "14270", "14280", "14290",
        "15000", "15100", "15200",
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
        "00000", "00010", "00020", "00100", "00110", "00120", "00130", "00140", "00150",
        "00160", "00170", "00180", "00190", "00200", "01010", "01020",
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


# --- argument checks ---------------------------------------------------------------------------


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(f"{name}={value!r} is not known; use one of {', '.join(allowed)}")
    return value


def _check_basis(basis: object) -> str:
    return _check_choice("basis", basis, BASES)


# --- partners ----------------------------------------------------------------------------------


def _resolve(partner: object) -> tuple[str, str]:
    """Return (Census code, label) of ``partner``; ``"World"`` is the ``0000`` aggregate."""
    if isinstance(partner, str) and partner.strip().lower() in _WORLD_NAMES:
        return _WORLD_CODE, "World Total"
    resolved = resolve_partner(partner)  # type: ignore[arg-type]
    if resolved.cty_code == _WORLD_CODE_COUNTRY_FILE:  # "World" in country.xlsx: 0000 here
        return _WORLD_CODE, "World Total"
    return str(resolved.cty_code), str(resolved.label)


# --- building frames ---------------------------------------------------------------------------


def _frame(
    values: pd.DataFrame,
    descriptions: Mapping[str, str],
    *,
    basis: str,
    attrs: Mapping[str, Any],
) -> pd.DataFrame:
    """Categories × years (whole dollars) → years × categories in USD millions, with attrs."""
    table = values.T.sort_index()
    table = table.dropna(how="all")  # years the source does not cover for this partner
    table = table.astype(float) / 1e6
    table.index = pd.PeriodIndex([str(int(y)) for y in table.index], freq="Y", name="period")
    table = table[sorted(table.columns)]
    table.columns = pd.Index([str(c) for c in table.columns], name=basis)
    table.attrs = {
        **attrs,
        "units": _UNITS,
        "basis": basis,
        "categories": {str(c): descriptions[str(c)] for c in table.columns},
    }
    result: pd.DataFrame = table
    return result


def _bundled_enduse(code: str, label: str) -> pd.DataFrame:
    entry = dataset_entry(_ENDUSE_DATASET)
    table = read_table(_ENDUSE_DATASET)
    rows = table[table["cty_code"] == code]
    if rows.empty:
        partners = table["cty_code"].nunique()
        raise not_in_snapshot(
            f"end-use imports from {label} (Census code {code})",
            f"{partners} country codes (and the World Total, 0000) for {entry['coverage']}",
            "source='census' for the live file",
        )
    years = [c for c in rows.columns if c.isdigit()]
    values = rows.set_index("end_use")[years]
    descriptions = dict(zip(rows["end_use"], rows["description"], strict=True))
    frame = _frame(
        values,
        descriptions,
        basis="enduse",
        attrs={
            "source": f"bundled snapshot: {entry['source']}",
            "upstream_url": entry["upstream_url"],
            "valuation": entry["valuation"],
            "flow": "imports",
            "partner": label,
            "cty_code": code,
        },
    )
    by_year: Mapping[str, str] = entry.get("vintage_by_year", {})
    present = [str(p.year) for p in frame.index]
    frame.attrs["vintages"] = {y: by_year[y] for y in present if y in by_year}
    frame.attrs["vintage"] = entry["vintage"]
    return frame


def _coverage(dataset: str) -> str:
    """Return the manifest's coverage of ``dataset`` (so messages never go stale)."""
    return str(dataset_entry(dataset)["coverage"])


def _bundled_hs2(code: str, label: str, flow: str) -> pd.DataFrame:
    name = _HS2_DATASET.format(flow=flow)
    entry = dataset_entry(name)
    if code != _RUSSIA:
        raise not_in_snapshot(
            f"HS 2-digit {flow} with {label}",
            f"Russia only ({entry['coverage']})",
            f"basis='enduse' (imports, every partner, {_coverage(_ENDUSE_DATASET)})",
        )
    table = read_table(name)
    values = table.pivot(index="hs2", columns="year", values="value")
    values = values.fillna(0)  # Comtrade omits chapters without trade in a year
    latest = table.sort_values("year").drop_duplicates("hs2", keep="last")
    descriptions = dict(zip(latest["hs2"], latest["description"], strict=True))
    return _frame(
        values,
        descriptions,
        basis="hs2",
        attrs={
            "source": f"bundled snapshot: {entry['source']}",
            "upstream_url": entry["upstream_url"],
            "valuation": entry["valuation"],
            "flow": flow,
            "partner": label,
            "cty_code": code,
            "vintage": entry["vintage"],
        },
    )


def _live_enduse(code: str, label: str, session: requests.Session | None) -> pd.DataFrame:
    from ..parsers.commodities import parse_enduse_imports
    from .http import base_url, fetch

    url = base_url("census", session) + ENDUSE_PATH
    response = fetch(url, session=session, what="Census end-use imports")
    tidy = parse_enduse_imports(response.content)
    rows = tidy[tidy["cty_code"] == code]
    if rows.empty:
        raise UnknownPartnerError(
            f"the Census end-use file has no rows for {label} (Census code {code})"
        )
    values = rows.pivot(index="end_use", columns="year", values="value")
    descriptions = dict(zip(rows["end_use"], rows["description"], strict=True))
    vintage = response.headers.get("Last-Modified") or _dt.date.today().isoformat()
    return _frame(
        values,
        descriptions,
        basis="enduse",
        attrs={
            "source": "U.S. Census Bureau, end-use imports by country (enduse_imports.xlsx), live",
            "upstream_url": url,
            "valuation": "general imports, customs value",
            "flow": "imports",
            "partner": label,
            "cty_code": code,
            "vintage": vintage,
        },
    )


def load_trade_composition(
    partner: str | int,
    *,
    basis: str = "enduse",
    flow: str = "imports",
    source: str = "bundled",
    session: requests.Session | None = None,
) -> pd.DataFrame:
    """U.S. trade with ``partner`` by commodity category, annual, USD millions.

    Args:
        partner: a country name, ISO alpha-3 or Census code (as for :func:`load_trade`), or
            ``"World"`` for all partners together (Census code ``0000``; end-use only).
        basis: ``"enduse"`` (Census 5-digit end-use codes, general imports at customs value;
            every partner, 2014–2025) or ``"hs2"`` (HS chapters, U.S.-reported UN Comtrade,
            Russia only, 2010–2019; imports CIF, exports FOB).
        flow: ``"imports"`` or ``"exports"`` (exports: ``basis="hs2"`` only).
        source: ``"bundled"`` (the snapshot in the package) or ``"census"`` (live
            ``enduse_imports.xlsx``, end-use imports only; cached, see :mod:`.http`).
        session: a ``requests`` session for ``source="census"`` (default: a cached session).

    Returns:
        One row per year (``PeriodIndex`` named ``period``, freq ``"Y"``), one column per category
        code (strings such as ``"10000"`` or ``"27"``); a code absent in a year is ``0.0``.
        ``attrs``: ``categories`` ({code: description}), ``units``, ``basis``, ``flow``,
        ``valuation``, ``partner``, ``cty_code``, ``source``, ``upstream_url``, ``vintage``
        (and ``vintages`` by year for the bundled end-use data, built from two Census
        vintages: the latest wins for every year it covers).

    Raises:
        ValidationError: unknown ``basis``, ``flow`` or ``source``, or ``source="census"`` with
            ``basis="hs2"`` or exports.
        UnknownPartnerError: ``partner`` is not a known country.
        NotInSnapshotError: the snapshot lacks the partner (HS2: every partner but Russia) or
            the flow (end-use exports were not obtained).
        SourceError: the live download failed.

    Example:
        >>> import tradeshock as ts
        >>> comp = ts.load_trade_composition("Russia")
        >>> comp.attrs["valuation"], comp.attrs["categories"]["10300"]
        ('general imports, customs value', 'Nuclear fuel materials')
        >>> round(float(comp.loc["2021", "10300"]), 1)
        689.0

    """
    basis = _check_basis(basis)
    flow = _check_choice("flow", flow, _FLOWS)
    source = check_source(source, _SOURCES, loader="load_trade_composition")
    if source == "census" and (basis != "enduse" or flow != "imports"):
        raise ValidationError(
            f"source='census' serves basis='enduse', flow='imports' only (asked: basis={basis!r}, "
            f"flow={flow!r}); use source='bundled' for HS 2-digit data"
        )
    if basis == "enduse" and flow == "exports":
        raise not_in_snapshot(
            "end-use exports: Census's enduse_exports.xlsx could not be obtained when the "
            "snapshot was built",
            f"end-use imports (every partner, {_coverage(_ENDUSE_DATASET)}) and HS 2-digit "
            f"exports to Russia ({_coverage(_HS2_DATASET.format(flow='exports'))})",
            "basis='hs2'",
        )
    code, label = _resolve(partner)
    if basis == "hs2" and code == _WORLD_CODE:
        raise not_in_snapshot(
            "HS 2-digit trade with the world",
            f"Russia only ({_coverage(_HS2_DATASET.format(flow=flow))})",
            "basis='enduse'",
        )
    if source == "census":
        return _live_enduse(code, label, session)
    if basis == "enduse":
        return _bundled_enduse(code, label)
    return _bundled_hs2(code, label, flow)


# --- groups ------------------------------------------------------------------------------------


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
    basis = _check_basis(basis)
    groups = _ENDUSE_GROUPS if basis == "enduse" else _HS2_GROUPS
    return dict(groups)


def _infer_basis(composition: pd.DataFrame) -> str | None:
    basis = composition.attrs.get("basis")
    if basis in BASES:
        return str(basis)
    widths = {len(str(c)) for c in composition.columns}
    for name, width in _CODE_WIDTH.items():
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
    width = _CODE_WIDTH.get(basis) if basis is not None else None
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
        composition: a frame from :func:`load_trade_composition` (or any years × codes frame).
        groups: ``{name: codes}``; default :func:`commodity_groups` of the frame's basis.
            Codes with no column (no trade with this partner) count as zero.
        other: add a column ``other`` = total − the groups (groups must not overlap), so the
            columns add up to the total (e.g. for a stacked area chart).

    Returns:
        Years × groups, in the composition's units; a year with a NaN category is NaN for the
        groups holding it. ``attrs`` are the composition's plus ``groups``.
        :func:`tradeshock.resilience_table` works on it directly.

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
        composition: a frame from :func:`load_trade_composition`.
        groups: ``{name: codes}``; default :func:`commodity_groups` of the frame's basis.
        other: add ``other`` = 1 − the groups' shares (see :func:`group_totals`).

    Returns:
        Years × groups, ``attrs["units"] == "share"`` (plus the composition's basis, valuation,
        source, vintage and the ``groups``). A year whose total is zero or NaN is NaN.

    Example:
        >>> import tradeshock as ts
        >>> comp = ts.load_trade_composition("Russia", basis="hs2")
        >>> shares = ts.group_shares(comp, {"oil_and_metals": ["27", "71", "72", "73", "74",
        ...                                                    "75", "76", "79", "81"]})
        >>> round(float(shares.loc["2010", "oil_and_metals"]), 3)
        0.865

    """
    totals = group_totals(composition, groups, other=other)
    total = composition.sum(axis=1, skipna=False).astype(float)
    total = total.where(total != 0)
    shares = totals.div(total, axis=0)
    shares.attrs = {**totals.attrs, "units": "share"}
    result: pd.DataFrame = shares
    return result


def oil_and_metals_share(
    basis: str = "enduse", partner: str | int = "Russia", *, source: str = "bundled"
) -> pd.Series:
    """Share of ``oil`` + ``metals`` (see :func:`commodity_groups`) in imports, per year.

    The article's claim "metals and oil make up about 80 percent of U.S. imports from Russia",
    on either basis (``"enduse"``: 2014–2025, customs value; ``"hs2"``: 2010–2019, CIF).

    Example:
        >>> from tradeshock.sources.composition import oil_and_metals_share
        >>> round(float(oil_and_metals_share("enduse").loc["2019"]), 3)
        0.791

    """
    groups = commodity_groups(basis)
    composition = load_trade_composition(partner, basis=basis, source=source)
    shares = group_shares(composition, {"oil_and_metals": [*groups["oil"], *groups["metals"]]})
    series: pd.Series = shares["oil_and_metals"].copy()
    series.attrs = dict(shares.attrs)
    return series

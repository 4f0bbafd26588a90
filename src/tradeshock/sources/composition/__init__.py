"""What trade is made of: imports (and exports) by commodity category, and named groups of them.

Two classifications, never mixed silently:

* ``basis="enduse"`` — Census 5-digit end-use codes, **general imports, customs value**, every
  partner, 2014–2025 (bundled), or live from Census's ``enduse_imports.xlsx``
  (``source="census"``). End-use *exports* are not available (the Census file could not be
  obtained when the snapshot was built).
* ``basis="hs2"`` — HS 2-digit chapters, U.S.-reported UN Comtrade data for **Russia only**,
  2010–2019, imports valued **CIF** (2.7–5.2 % above Census customs value) and exports FOB.

Every frame says which in ``attrs["basis"]`` and ``attrs["valuation"]``; `group_shares`
and `group_totals` keep those attrs, so a share computed on one basis stays labelled.

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

from typing import TYPE_CHECKING

import pandas as pd

from ...errors import NotCoveredError, ValidationError
from .._common import check_source, not_covered_live, not_in_snapshot, select_periods
from ._bundled import coverage, load_enduse_bundled
from ._frames import (
    BASES,
    ENDUSE_DATASET,
    ENDUSE_PATH,
    FLOWS,
    check_basis,
    check_choice,
    resolve_code,
)
from ._groups import commodity_groups, group_shares, group_totals
from ._hs_live import HS_FIRST_YEAR, HS_LEVELS, load_trade_hs

if TYPE_CHECKING:
    import requests

__all__ = [
    "BASES",
    "ENDUSE_PATH",
    "HS_FIRST_YEAR",
    "HS_LEVELS",
    "commodity_groups",
    "group_shares",
    "group_totals",
    "load_trade_composition",
    "load_trade_hs",
    "oil_and_metals_share",
]

_SOURCES = ("bundled", "census", "comtrade")


def load_trade_composition(
    partner: str | int,
    *,
    basis: str = "enduse",
    flow: str = "imports",
    source: str = "bundled",
    start: object = None,
    end: object = None,
    session: requests.Session | None = None,
    api_key: str | None = None,
) -> pd.DataFrame:
    """U.S. trade with ``partner`` by commodity category, annual, USD millions.

    Args:
        partner: a country name, ISO alpha-3 or Census code (as for
            [`load_trade`][tradeshock.sources.trade.load_trade]), or ``"World"`` for all partners
            together (Census code ``0000``; end-use only).
        basis: ``"enduse"`` (Census 5-digit end-use codes, general imports at customs value;
            every partner, 2014–2025) or ``"hs2"`` (HS chapters, U.S.-reported UN Comtrade,
            **live only**: ``source="comtrade"`` with your key; not bundled because UN
            Comtrade's terms forbid re-dissemination).
        flow: ``"imports"`` or ``"exports"`` (exports: ``basis="hs2"`` only).
        source: ``"bundled"`` (the snapshot in the package), ``"census"`` (live
            ``enduse_imports.xlsx``, end-use imports only) or ``"comtrade"`` (live UN Comtrade,
            ``basis="hs2"`` only, needs ``api_key``); cached, see
            [`tradeshock.sources.http`][tradeshock.sources.http]. U.S. trade by HS code from the
            Census International Trade API (public domain) is ``tradeshock.load_trade_hs``.
        start: optional first year kept (inclusive).
        end: optional last year kept (inclusive).
        session: a ``requests`` session for the live sources (default: a cached session).
        api_key: your UN Comtrade subscription key (``source="comtrade"``), sent only in the
            ``Ocp-Apim-Subscription-Key`` header.

    Returns:
        One row per year (``PeriodIndex`` named ``period``, freq ``"Y"``), one column per category
        code (strings such as ``"10000"`` or ``"27"``); a code absent in a year is ``0.0``.
        ``attrs``: the provenance fields (``dataset``, ``source``, ``units``, ``vintage``,
        ``upstream_url``, ``freq``, ``licence``, ``notes``) plus ``categories``
        ({code: description}), ``basis``, ``flow``, ``valuation``, ``partner``, ``cty_code``
        (and ``vintages`` by year for the bundled end-use data, built from two Census
        vintages: the latest wins for every year it covers).

    Raises:
        ValidationError: unknown ``basis``, ``flow`` or ``source``, ``source="census"`` with
            ``basis="hs2"`` or exports, ``source="comtrade"`` with ``basis="enduse"`` or
            without ``api_key`` (no request is sent).
        UnknownPartnerError: ``partner`` is not a known country.
        NotCoveredError: the source lacks the partner, years or flow; from the snapshot this is
            ``NotInSnapshotError`` (``basis="hs2"``: not bundled, the message says where to get
            it; end-use exports were not obtained).
        SourceError: the live download failed.

    Example:
        >>> import tradeshock as ts
        >>> comp = ts.load_trade_composition("Russia")
        >>> comp.attrs["valuation"], comp.attrs["categories"]["10300"]
        ('general imports, customs value', 'Nuclear fuel materials')
        >>> round(float(comp.loc["2021", "10300"]), 1)
        689.0

    """
    basis = check_basis(basis)
    flow = check_choice("flow", flow, FLOWS)
    source = check_source(source, _SOURCES, loader="load_trade_composition")
    if source == "census" and (basis != "enduse" or flow != "imports"):
        raise ValidationError(
            f"source='census' serves basis='enduse', flow='imports' only (asked: basis={basis!r}, "
            f"flow={flow!r}); use source='comtrade' (your key) for HS 2-digit data"
        )
    if source == "comtrade" and basis != "hs2":
        raise ValidationError("source='comtrade' serves basis='hs2' only")
    if basis == "hs2" and source == "bundled":
        from ...errors import NotInSnapshotError
        from ._comtrade import HS2_NOT_BUNDLED

        raise NotInSnapshotError(HS2_NOT_BUNDLED)
    if basis == "enduse" and flow == "exports":
        raise not_in_snapshot(
            "end-use exports: Census's enduse_exports.xlsx could not be obtained when the "
            "snapshot was built",
            f"end-use imports (every partner, {coverage(ENDUSE_DATASET)})",
            "basis='hs2', source='comtrade' (your UN Comtrade key)",
        )
    code, label = resolve_code(partner)
    if source == "comtrade":
        from ._comtrade import load_hs2_comtrade

        return load_hs2_comtrade(
            code, label, flow, session=session, api_key=api_key, start=start, end=end
        )
    if source == "census":
        from . import _live  # imported lazily: the live path pulls in requests_cache

        frame = _live.load_enduse_live(code, label, session)
    else:
        frame = load_enduse_bundled(code, label)

    def not_covered(what: str, covers: str) -> NotCoveredError:
        if source == "bundled":
            return not_in_snapshot(what, covers, "source='census' for the live file")
        return not_covered_live("Census end-use file", what, covers)

    return select_periods(frame, start, end, "Y", not_covered=not_covered)


def oil_and_metals_share(
    basis: str = "enduse", partner: str | int = "Russia", *, source: str = "bundled"
) -> pd.Series:
    """Share of ``oil`` + ``metals`` (see `commodity_groups`) in imports, per year.

    The article's claim "metals and oil make up about 80 percent of U.S. imports from Russia",
    on either basis (``"enduse"``: bundled, 2014–2025, customs value; ``"hs2"``: live UN
    Comtrade only, ``source="comtrade"`` — not bundled).

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

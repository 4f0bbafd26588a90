"""The source article's quantitative claims, every one listed, each checked as far as data allow.

[`check_claims`][tradeshock.claims.check_claims] returns a
[`ClaimsReport`][tradeshock.claims.ClaimsReport]: one [`ClaimCheck`][tradeshock.claims.ClaimCheck]
per claim, in the article's order and grouped as the article is, with a verdict:

* ``holds`` / ``does not hold`` — under **every** reasonable choice a careful reader would try
  (base years, the data the author had versus the data now, the sample start, the product or
  basis); each choice is a [`Finding`][tradeshock.claims.Finding];
* ``depends on the choice`` — the choices disagree; ``robustness`` names the deciding choice
  and gives the numbers on each side;
* ``mixed`` — one part of the claim holds and another does not, under every choice;
* ``not checkable with U.S. statistics`` — ``needs`` says which data would be needed and who
  publishes them;
* ``needs live data`` — checkable with U.S. statistics that are not bundled (the Census HS
  data for the food-embargo claim): run ``check_claims(source="census")``.

The article's text is not part of the project: the claims are worded as the project's issues
record them (see ``quoted_in``). Every data figure is computed at call time from
[`tradeshock.sources`][tradeshock.sources] with the library's own metrics.

Example:
    >>> from tradeshock.claims import check_claims
    >>> report = check_claims()
    >>> report["trade_back_to_pre_sanction_level"].verdict
    'depends on the choice'
    >>> report.summary().startswith("11 claims checked")
    True

"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import InsufficientDataError, NotInSnapshotError, ValidationError
from ._article import ARTICLE, ArticleClaim
from ._common import Context, Outcome
from ._records import (
    CHECKED_VERDICTS,
    COLUMNS,
    DEPENDS,
    DETAIL_COLUMNS,
    FAILS,
    HOLDS,
    MIXED,
    NEEDS_LIVE,
    NOT_US,
    VERDICTS,
    ClaimCheck,
    ClaimsReport,
    Finding,
)

if TYPE_CHECKING:
    import requests

__all__ = [
    "ARTICLE",
    "CHECKED_VERDICTS",
    "COLUMNS",
    "DEPENDS",
    "DETAIL_COLUMNS",
    "FAILS",
    "HOLDS",
    "MIXED",
    "NEEDS_LIVE",
    "NOT_US",
    "SOURCES",
    "VERDICTS",
    "ArticleClaim",
    "ClaimCheck",
    "ClaimsReport",
    "Finding",
    "check_claims",
]

#: ``source`` values of [`check_claims`][tradeshock.claims.check_claims]
SOURCES = ("bundled", "census")


def _checks() -> dict[str, Callable[[Context], Outcome]]:
    """Map each checkable claim to its check (imported on first use: a light import)."""
    from . import _goods_checks as goods
    from . import _trade_checks as trade

    return {
        "imports_rose_2003_2005": trade.imports_2003_2005,
        "trade_follows_oil_prices": trade.trade_follows_oil_prices,
        "oil_shipments_rose_early_2000s": goods.oil_shipments_rose,
        "oil_dip_2008_09_reversed_quickly": goods.oil_dip,
        "venezuela_replaced_by_canada_and_russia": goods.venezuela_replaced,
        "counter_sanctions_nullified_us_farm_exports": goods.counter_sanctions_nullified_exports,
        "trade_back_to_pre_sanction_level": trade.trade_back_to_level,
        "rank_2020_26th_behind_indonesia": trade.rank_2020,
        "never_top_twenty": trade.never_top_twenty,
        "metals_and_oil_80pct_of_imports": goods.metals_and_oil,
        "treasury_holdings_105bn_to_3_9bn": goods.treasury_holdings,
        "forecast_gradual_decline": trade.forecast_gradual_decline,
    }


def _outcome(
    claim: ArticleClaim, ctx: Context, checks: dict[str, Callable[[Context], Outcome]]
) -> Outcome:
    if claim.needs:
        return Outcome(NOT_US, "", "", "", needs=claim.needs, checked_with="")
    try:
        return checks[claim.id](ctx)
    except (NotInSnapshotError, InsufficientDataError) as exc:  # the bundle lacks the data
        return Outcome(NEEDS_LIVE, "n/a", "", str(exc), needs=str(exc), checked_with="")


def check_claims(
    source: str = "bundled",
    *,
    api_key: str | None = None,
    session: requests.Session | None = None,
) -> ClaimsReport:
    """Check every quantitative claim of the source article.

    Args:
        source: ``"bundled"`` (offline; the food-embargo claim then says what data it needs)
            or ``"census"``: the same, plus the HS-level Census exports that claim needs,
            fetched live from the Census International Trade API.
        api_key: Census API key for ``source="census"`` (or env ``CENSUS_API_KEY``; optional).
        session: a session of your own for the live request.

    Returns:
        A [`ClaimsReport`][tradeshock.claims.ClaimsReport]; ``.summary()`` counts distinct
        claims, ``.to_frame()`` has one row per claim, ``.detail_frame()`` one per choice and
        per year, ``.render("text"|"markdown"|"json"|"csv")`` is what the CLI prints.

    Raises:
        ValidationError: unknown ``source``.
        SourceError: ``source="census"`` and the live request failed (no partial report).

    Example:
        >>> report = check_claims()
        >>> report["rank_2020_26th_behind_indonesia"].verdict
        'does not hold'
        >>> report["offshore_800bn"].verdict
        'not checkable with U.S. statistics'

    """
    if source not in SOURCES:
        raise ValidationError(f"source={source!r} must be one of {', '.join(SOURCES)}")
    ctx = Context(source, api_key, session)
    by_id = _checks()
    checks = []
    for order, claim in enumerate(ARTICLE, start=1):
        outcome = _outcome(claim, ctx, by_id)
        checks.append(
            ClaimCheck(
                id=claim.id,
                order=order,
                group=claim.group,
                statement=claim.statement,
                quote=claim.quote,
                quoted_in=claim.quoted_in,
                verdict=outcome.verdict,
                data_figure=outcome.data_figure,
                rule=outcome.rule,
                detail=outcome.detail,
                findings=outcome.findings,
                per_year=outcome.per_year,
                needs=outcome.needs,
                checked_with=outcome.checked_with,
            )
        )
    return ClaimsReport(tuple(checks), source)

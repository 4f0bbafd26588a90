"""The source article's quantitative claims, checked against the bundled data.

:func:`check_claims` returns one row per claim (per year for the composition claim) with the
article's figure, the figure computed from the loaders, a verdict and how it was decided.
Only the article's figures are written here (as quotes, in :data:`ARTICLE`); every data figure
is computed from :mod:`tradeshock.sources` at call time. The verdict rules (tolerances) are the
module constants below and are stated in each row's ``detail``.

Example:
    >>> from tradeshock.claims import check_claims
    >>> claims = check_claims()
    >>> set(claims["verdict"]) <= {"holds", "does not hold", "not checkable with bundled data"}
    True

"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from .errors import NotInSnapshotError, TradeshockError

__all__ = ["ARTICLE", "COLUMNS", "VERDICTS", "check_claims"]

HOLDS = "holds"
FAILS = "does not hold"
UNCHECKABLE = "not checkable with bundled data"
VERDICTS = (HOLDS, FAILS, UNCHECKABLE)
COLUMNS = ("id", "claim", "article_figure", "data_figure", "verdict", "detail")

#: The article's statements and figures, quoted from the source article (as summarised in
#: the project's issue 6). These are the article's numbers, not data.
ARTICLE: dict[str, tuple[str, str]] = {
    "trade_back_to_pre_sanction_level": (
        "U.S.–Russia trade came back to its average pre-sanction level",
        "back at the 2011–2013 average of total trade",
    ),
    "rank_2020_26th_behind_indonesia": (
        "Russia is presently (2020) the 26th U.S. trading partner, behind Indonesia",
        "26th, behind Indonesia",
    ),
    "never_top_twenty": (
        "Russia has never been among the top twenty U.S. trading partners",
        "never in the top 20",
    ),
    "treasury_holdings_105bn_to_3_9bn": (
        "Russia's holdings of U.S. Treasury securities fell from about $105 billion to "
        "$3.9 billion",
        "about $105 billion → $3.9 billion",
    ),
    "oil_dip_2008_09_reversed_quickly": (
        "The 2008–09 dip in Russian oil supply to the U.S. reversed quickly",
        "a dip in 2008–09, quickly reversed",
    ),
    "venezuela_replaced_by_canada_and_russia": (
        "After 2019 Venezuela's collapse as a supplier was made up by Canada and Russia",
        "Venezuela's volumes replaced by Canada and Russia",
    ),
    "imports_rose_2003_2005": (
        "Imports from Russia kept rising in 2003–2005 through political turmoil",
        "rising in 2003, 2004 and 2005",
    ),
    "trade_follows_oil_prices": (
        "Swings in U.S.–Russia trade follow oil prices",
        "trade moves with oil prices",
    ),
    "metals_and_oil_80pct_of_imports": (
        "Metals and oil make up about 80 percent of U.S. imports from Russia",
        "about 80%",
    ),
}

# Verdict rules (tolerances); each row's ``detail`` repeats the one it used.
PRE_SANCTION_YEARS = (2011, 2013)
BACK_AT_LEVEL = 0.95  # "back at" the average: at least 95 % of it
ARTICLE_RANK_YEAR = 2020
ARTICLE_RANK = 26
TOP = 20
TREASURY_HIGH_YEAR = 2017  # the last full year before the April 2018 sell-off
TREASURY_LOW_YEAR = 2021  # the last full year before the article
TREASURY_ARTICLE_HIGH = 105_000.0  # USD millions: the article's "$105 billion"
TREASURY_ARTICLE_LOW = 3_900.0  # USD millions: the article's "$3.9 billion"
TREASURY_TOLERANCE = 0.10
EXPLAINED_SHARE_MIN = 0.5  # oil "drives" trade swings if it explains at least half of them
OIL_SAMPLE = (1993, 2021)  # before the 2022 sanctions break the relationship
SHARE_TARGET = 0.80
SHARE_TOLERANCE = 0.05  # "about 80 %": 75–85 %


def _row(
    claim_id: str, data_figure: str, verdict: str, detail: str, **extra: Any
) -> dict[str, Any]:
    claim, article = ARTICLE[claim_id]
    row = {
        "id": claim_id,
        "claim": claim,
        "article_figure": article,
        "data_figure": data_figure,
        "verdict": verdict,
        "detail": detail,
    }
    row.update(extra)
    return row


def _bn(musd: float) -> str:
    return f"${musd / 1000:,.1f}bn"


def _years(data: pd.DataFrame | pd.Series) -> np.ndarray:
    """Calendar year of each row of a PeriodIndex-ed object."""
    return np.asarray(pd.PeriodIndex(data.index).year)


def _year(frame: pd.DataFrame | pd.Series, year: int) -> Any:
    return frame.loc[_years(frame) == year]


def _value(frame: pd.DataFrame | pd.Series, year: int, column: str | None = None) -> float:
    part = _year(frame, year)
    if column is not None:
        part = part[column]
    values = np.asarray(part, dtype=float).ravel()
    return float(values[0]) if values.size else float("nan")


def _volume(value: float) -> str:
    return "no value" if np.isnan(value) else f"{value:,.0f}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------------- claims


def _trade_back_to_level() -> list[dict[str, Any]]:
    from .sources import load_trade

    total = load_trade("Russia")["total"]
    first, last = PRE_SANCTION_YEARS
    pre = total.loc[(_years(total) >= first) & (_years(total) <= last)]
    average = float(pre.mean())
    after = total.loc[_years(total) > 2014].dropna()
    years = _years(after)
    ratios = after.to_numpy(dtype=float) / average
    best = int(np.argmax(ratios))
    best_ratio = float(ratios[best])
    per_year = ", ".join(f"{y} {100 * r:.0f}%" for y, r in zip(years, ratios, strict=True))
    verdict = HOLDS if best_ratio >= BACK_AT_LEVEL else FAILS
    return [
        _row(
            "trade_back_to_pre_sanction_level",
            f"best year after 2014: {years[best]}, {_bn(float(after.iloc[best]))} = "
            f"{100 * best_ratio:.0f}% of the {first}–{last} average {_bn(average)}",
            verdict,
            f"Total trade (exports + imports) each year after 2014 as % of the {first}–{last} "
            f"average: {per_year}. Rule: holds if some year reaches "
            f"{100 * BACK_AT_LEVEL:.0f}% of the average.",
        )
    ]


def _rank_table(year: int) -> pd.DataFrame:
    """Partner ranks for a year with columns ``partner`` and ``rank`` (1 = largest)."""
    from .sources import partner_ranks

    ranks = partner_ranks(year, by="total")
    result: pd.DataFrame = ranks[["partner", "rank"]].astype({"partner": str})
    return result


def _rank_of(ranks: pd.DataFrame, name: str) -> int | None:
    hits = ranks.loc[ranks["partner"].str.casefold() == name.casefold(), "rank"]
    return int(hits.iloc[0]) if len(hits) else None


def _rank_2020() -> list[dict[str, Any]]:
    year = ARTICLE_RANK_YEAR
    ranks = _rank_table(year)
    russia = _rank_of(ranks, "Russia")
    indonesia = _rank_of(ranks, "Indonesia")
    if russia is None or indonesia is None:
        return [
            _row(
                "rank_2020_26th_behind_indonesia",
                "Russia or Indonesia missing from the ranks",
                UNCHECKABLE,
                f"partner_ranks({year}) lacks Russia or Indonesia.",
            )
        ]
    near = []
    for other in (year - 1, year + 1):
        try:
            other_ranks = _rank_table(other)
        except TradeshockError:
            continue
        r_other = _rank_of(other_ranks, "Russia")
        i_other = _rank_of(other_ranks, "Indonesia")
        if r_other is not None and i_other is not None:
            near.append(f"{other}: Russia {_ordinal(r_other)}, Indonesia {_ordinal(i_other)}")
    neighbours = ranks.loc[(ranks["rank"] >= russia - 2) & (ranks["rank"] < russia)]
    ahead = ", ".join(f"{row.partner} {_ordinal(int(row.rank))}" for row in neighbours.itertuples())
    holds = russia == ARTICLE_RANK and indonesia < russia
    return [
        _row(
            "rank_2020_26th_behind_indonesia",
            f"{_ordinal(russia)} in {year} (Indonesia {_ordinal(indonesia)})",
            HOLDS if holds else FAILS,
            f"Rank by total trade among countries (aggregates excluded), partner_ranks({year}). "
            f"Right ahead of Russia: {ahead}. For comparison {'; '.join(near)}.",
        )
    ]


def _never_top_twenty() -> list[dict[str, Any]]:
    from .sources import load_trade

    years = [int(y) for y in _years(load_trade("Russia")["total"].dropna())]
    ranks = {}
    for year in years:
        try:
            rank = _rank_of(_rank_table(year), "Russia")
        except TradeshockError:
            continue
        if rank is not None:
            ranks[year] = rank
    if not ranks:
        return [_row("never_top_twenty", "no ranks", UNCHECKABLE, "partner_ranks gave no year.")]
    best_year = min(ranks, key=lambda y: (ranks[y], y))
    best = ranks[best_year]
    return [
        _row(
            "never_top_twenty",
            f"best rank {_ordinal(best)} ({best_year}), {min(ranks)}–{max(ranks)}",
            HOLDS if best > TOP else FAILS,
            "Russia's rank by total trade every year: "
            + ", ".join(f"{y} {r}" for y, r in sorted(ranks.items()))
            + f". Rule: holds if Russia's best rank is worse than {_ordinal(TOP)}.",
        )
    ]


def _treasury() -> list[dict[str, Any]]:
    from .sources import load_treasury_holdings

    holdings = load_treasury_holdings("Russia")
    high_part = _year(holdings, TREASURY_HIGH_YEAR).dropna()
    low_part = _year(holdings, TREASURY_LOW_YEAR).dropna()
    if high_part.empty or low_part.empty:
        return [
            _row(
                "treasury_holdings_105bn_to_3_9bn",
                "years missing",
                UNCHECKABLE,
                f"TIC holdings lack {TREASURY_HIGH_YEAR} or {TREASURY_LOW_YEAR}.",
            )
        ]
    high, low = float(high_part.mean()), float(low_part.mean())
    high_ok = abs(high / TREASURY_ARTICLE_HIGH - 1) <= TREASURY_TOLERANCE
    low_ok = abs(low / TREASURY_ARTICLE_LOW - 1) <= TREASURY_TOLERANCE
    return [
        _row(
            "treasury_holdings_105bn_to_3_9bn",
            f"{_bn(high)} ({TREASURY_HIGH_YEAR} average) → {_bn(low)} "
            f"({TREASURY_LOW_YEAR} average)",
            HOLDS if high_ok and low_ok else FAILS,
            f"TIC monthly holdings, USD millions: {TREASURY_HIGH_YEAR} range "
            f"{high_part.min():,.0f}–{high_part.max():,.0f}, {TREASURY_LOW_YEAR} range "
            f"{low_part.min():,.0f}–{low_part.max():,.0f}. Rule: each annual average within "
            f"±{100 * TREASURY_TOLERANCE:.0f}% of the article's figure.",
        )
    ]


def _oil_dip() -> list[dict[str, Any]]:
    from .sources import load_petroleum_imports, load_trade

    volumes = load_petroleum_imports(("Russia",))["Russia"]
    units = str(volumes.attrs.get("units", "thousand barrels"))
    values = {year: _value(volumes, year) for year in range(2007, 2012)}
    if any(np.isnan(values[year]) for year in (2007, 2008, 2009, 2010)):
        return [
            _row(
                "oil_dip_2008_09_reversed_quickly",
                "2007–2010 volumes missing",
                UNCHECKABLE,
                "Russian petroleum imports for 2007–2010 are not in the bundled data.",
            )
        ]
    changes = {year: values[year] / values[year - 1] - 1 for year in (2008, 2009, 2010)}
    dip = changes[2008] < 0 or changes[2009] < 0
    imports = load_trade("Russia")["imports"]
    value_2008, value_2009 = _value(imports, 2008), _value(imports, 2009)
    value_2010 = _value(imports, 2010)
    figure = ", ".join(f"{y} {values[y]:,.0f}" for y in (2007, 2008, 2009, 2010))
    detail = (
        f"Annual volumes ({units}) change: 2008 {100 * changes[2008]:+.1f}%, 2009 "
        f"{100 * changes[2009]:+.1f}%, 2010 {100 * changes[2010]:+.1f}%. "
    )
    if dip:
        low_year = 2008 if changes[2008] < 0 else 2009
        back = [y for y in range(low_year + 1, 2012) if values[y] >= values[low_year - 1]]
        verdict = HOLDS if back and back[0] - low_year <= 2 else FAILS
        detail += f"Rule: holds if the pre-dip level is regained within 2 years ({back[:1]})."
    else:
        verdict = FAILS
        detail += (
            "The annual volumes show no dip at all; a dip inside a year cannot be seen "
            "(monthly EIA crude-and-products volumes are not bundled). The dip is in value: "
            f"imports from Russia {_bn(value_2008)} (2008) → {_bn(value_2009)} (2009) → "
            f"{_bn(value_2010)} (2010), following the oil price."
        )
    return [_row("oil_dip_2008_09_reversed_quickly", figure + f" ({units})", verdict, detail)]


def _venezuela() -> list[dict[str, Any]]:
    from .sources import load_petroleum_imports

    data = load_petroleum_imports(("Russia", "Canada", "Venezuela"))
    units = str(data.attrs.get("units", "thousand barrels"))
    change = {
        origin: _value(data, 2019, origin) - _value(data, 2018, origin)
        for origin in ("Russia", "Canada", "Venezuela")
    }
    if any(np.isnan(v) for v in change.values()):
        return [
            _row(
                "venezuela_replaced_by_canada_and_russia",
                "2018–2019 volumes missing",
                UNCHECKABLE,
                "Petroleum imports for 2018–2019 are not in the bundled data.",
            )
        ]
    replaced = change["Russia"] + change["Canada"]
    share = replaced / -change["Venezuela"] if change["Venezuela"] < 0 else float("nan")
    holds = change["Venezuela"] < 0 and change["Russia"] > 0 and change["Canada"] > 0
    later = [
        f"{year}: " + ", ".join(f"{o} {_volume(_value(data, year, str(o)))}" for o in data.columns)
        for year in (2020, 2021)
        if year in set(_years(data))
    ]
    return [
        _row(
            "venezuela_replaced_by_canada_and_russia",
            f"2018→2019: Venezuela {change['Venezuela']:+,.0f}, Canada {change['Canada']:+,.0f}, "
            f"Russia {change['Russia']:+,.0f} ({units})",
            HOLDS if holds else FAILS,
            f"Canada and Russia together made up {100 * share:.0f}% of Venezuela's fall in "
            f"2019 (PDVSA sanctions, Jan 2019). Later years (blank = no published value): "
            f"{'; '.join(later) or 'n/a'}. Rule: holds if Venezuela fell while both Canada and "
            "Russia rose.",
        )
    ]


def _imports_2003_2005() -> list[dict[str, Any]]:
    from .sources import load_trade

    imports = load_trade("Russia")["imports"]
    values = {year: _value(imports, year) for year in range(2002, 2006)}
    rising = all(values[year] > values[year - 1] for year in (2003, 2004, 2005))
    growth = values[2005] / values[2002] - 1
    return [
        _row(
            "imports_rose_2003_2005",
            " → ".join(f"{y} {_bn(v)}" for y, v in values.items()) + f" ({100 * growth:+.0f}%)",
            HOLDS if rising else FAILS,
            "Census general imports from Russia, annual. Rule: holds if imports rose in each of "
            "2003, 2004 and 2005. Events in those years: Khodorkovsky's arrest, the Rose, Orange "
            "and Tulip revolutions, the Yukos auction.",
        )
    ]


def _oil_prices() -> list[dict[str, Any]]:
    from .cycles import explained_share
    from .sources import load_oil_price, load_trade

    first, last = OIL_SAMPLE
    brent = load_oil_price("brent", freq="Y")
    trade = load_trade("Russia")

    def window(series: pd.Series) -> pd.Series:
        years = _years(series)
        part: pd.Series = series.loc[(years >= first) & (years <= last)]
        return part

    shares = {
        flow: float(explained_share(window(trade[flow]), window(brent).rename("brent")))
        for flow in ("total", "imports", "exports")
    }
    return [
        _row(
            "trade_follows_oil_prices",
            f"R² = {shares['total']:.2f} for total trade ({first}–{last})",
            HOLDS if shares["total"] >= EXPLAINED_SHARE_MIN else FAILS,
            "cycles.explained_share: R² of the yearly change in log trade on the change in the "
            f"log Brent price, {first}–{last}: total {shares['total']:.2f}, imports "
            f"{shares['imports']:.2f}, exports {shares['exports']:.2f}. Rule: holds if oil "
            f"explains at least {100 * EXPLAINED_SHARE_MIN:.0f}% of the swings in total trade.",
        )
    ]


def _metals_and_oil() -> list[dict[str, Any]]:
    from .sources.composition import oil_and_metals_share

    rows = []
    low, high = SHARE_TARGET - SHARE_TOLERANCE, SHARE_TARGET + SHARE_TOLERANCE
    for basis, label in (("enduse", "Census end-use, customs value"), ("hs2", "HS2, CIF")):
        try:
            shares = oil_and_metals_share(basis).dropna()
        except NotInSnapshotError as exc:  # HS2 is live only (UN Comtrade terms)
            if basis != "hs2":
                raise
            rows.append(_row("metals_and_oil_80pct_of_imports", f"{basis}: not bundled",
                             UNCHECKABLE, f"basis {basis} ({label}): {exc}",
                             id=f"metals_and_oil_80pct_of_imports_{basis}"))
            continue
        for year, share in zip(_years(shares), shares.to_numpy(dtype=float), strict=True):
            rows.append(
                _row(
                    "metals_and_oil_80pct_of_imports",
                    f"{year} ({basis}): {100 * float(share):.1f}%",
                    HOLDS if low <= float(share) <= high else FAILS,
                    f"Share of oil + metals groups (tradeshock.commodity_groups('{basis}')) in "
                    f"imports from Russia, {label}. Rule: holds within "
                    f"{100 * low:.0f}–{100 * high:.0f}%.",
                    id=f"metals_and_oil_80pct_of_imports_{basis}_{year}",
                )
            )
    return rows


CHECKS: tuple[Callable[[], list[dict[str, Any]]], ...] = (
    _trade_back_to_level,
    _rank_2020,
    _never_top_twenty,
    _treasury,
    _oil_dip,
    _venezuela,
    _imports_2003_2005,
    _oil_prices,
    _metals_and_oil,
)
_CLAIM_OF_CHECK = dict(zip(CHECKS, ARTICLE, strict=True))

#: What data a claim needs, said when the bundled snapshot cannot check it.
NEEDS = {
    "metals_and_oil_80pct_of_imports": (
        "Needs U.S. imports from Russia by commodity: Census end-use imports by country "
        "(enduse_imports.xlsx) or HS 2-digit chapters (load_trade_composition)."
    ),
    "oil_dip_2008_09_reversed_quickly": (
        "Needs EIA petroleum imports from Russia, 2007–2010 (monthly to see a dip inside a year)."
    ),
}


def _run(checks: Iterable[Callable[[], list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for check in checks:
        try:
            rows.extend(check())
        except TradeshockError as exc:  # the snapshot lacks what the check needs
            rows.append(
                _row(
                    _CLAIM_OF_CHECK[check],
                    "n/a",
                    UNCHECKABLE,
                    " ".join(
                        part for part in (NEEDS.get(_CLAIM_OF_CHECK[check], ""), f"{exc}") if part
                    ),
                )
            )
    return rows


def check_claims() -> pd.DataFrame:
    """Check the source article's quantitative claims against the bundled data.

    Returns:
        A DataFrame with columns ``id``, ``claim``, ``article_figure`` (quoted from the
        article), ``data_figure`` (computed now from the loaders), ``verdict`` (one of
        ``"holds"``, ``"does not hold"``, ``"not checkable with bundled data"``) and
        ``detail`` (the numbers behind the verdict and the rule used). The composition claim
        ("metals and oil about 80 %") has one row per year and basis.

    Example:
        >>> from tradeshock.claims import check_claims
        >>> claims = check_claims().set_index("id")
        >>> claims.loc["rank_2020_26th_behind_indonesia", "verdict"]
        'does not hold'

    """
    frame: pd.DataFrame = pd.DataFrame(_run(CHECKS), columns=list(COLUMNS))
    frame.attrs["source"] = "tradeshock bundled snapshot (see tradeshock.catalog())"
    return frame

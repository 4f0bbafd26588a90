"""Checks of the claims about oil volumes, goods, food exports and Treasury holdings.

Oil volumes are EIA's (crude and products in thousand barrels, 1993–2021; crude alone in
thousand barrels a day, 1993–latest); composition is Census end-use (customs value) and HS
chapters; food exports are Census HS chapters, live
([`load_trade_hs`][tradeshock.load_trade_hs]).

Example:
    >>> oil_shipments_rose(Context()).verdict
    'holds'

"""

from __future__ import annotations

import pandas as pd

from ..errors import TradeshockError
from ._common import (
    Context,
    Outcome,
    bn,
    pct,
    periods_to_end,
    robust,
    trough_year,
    value_in,
    window,
    years,
)
from ._records import NEEDS_LIVE, Finding

__all__ = [
    "EMBARGOED_CHAPTERS",
    "counter_sanctions_nullified_exports",
    "metals_and_oil",
    "oil_dip",
    "oil_shipments_rose",
    "treasury_holdings",
    "venezuela_replaced",
]

UNITS = {"crude_and_products": "thousand barrels", "crude": "thousand b/d"}
PRODUCTS = {
    "crude_and_products": "crude and products (thousand barrels)",
    "crude": "crude only (thousand b/d)",
}
STEADY_MIN_YEARS = 3  # "rise steadily": an unbroken expansion of at least 3 years
EARLY_2000S = (2000, 2003)  # the expansion must start in these years
QUICK_YEARS = 2  # "reversed quickly": the pre-dip level regained within 2 years
TREASURY_ARTICLE = (105_000.0, 3_900.0)  # USD millions: the article's "$105bn" and "$3.9bn"
TREASURY_TOLERANCE = 0.10
SHARE_TARGET, SHARE_TOLERANCE = 0.80, 0.05  # "about 80 %": 75–85 %
AUTHOR_DATA_END = 2020
#: HS chapters of the August 2014 food embargo: meat, fish, dairy, vegetables, fruit and nuts
#: (the ban's product list), plus 16 (prepared meat, for the banned sausages) in the wide set
EMBARGOED_CHAPTERS = {
    "wide": ("02", "03", "04", "07", "08", "16"),
    "core": ("02", "03", "04", "07", "08"),
}
NULLIFIED_FALL = 0.90  # "nullified": exports fell by at least 90 %


def _russia_oil(product: str) -> pd.Series:
    from ..sources import load_petroleum_imports

    series: pd.Series = load_petroleum_imports(("Russia",), product=product)["Russia"].dropna()
    return series


def oil_shipments_rose(ctx: Context) -> Outcome:
    """Find an unbroken expansion of Russian oil volumes from the early 2000s (cycles.phases)."""
    from ..cycles import phases

    findings = []
    for product, label in PRODUCTS.items():
        volumes = window(_russia_oil(product), None, 2012)
        phase = phases(volumes)
        starts = [
            int(y)
            for y, p, before in zip(years(phase)[1:], phase.iloc[1:], phase.iloc[:-1], strict=True)
            if p == 1 and before == 0
        ]
        early = [y for y in starts if EARLY_2000S[0] <= y <= EARLY_2000S[1]]
        run = 0
        if early:
            after = phase.loc[years(phase) >= early[0]]
            run = int((after.cumprod() == 1).sum())  # years until the first contraction
        start = early[0] if early else None
        figure = (
            f"rose every year {start}–{start + run - 1} "
            f"({value_in(volumes, start - 1):,.0f} → {value_in(volumes, start + run - 1):,.0f} "
            f"{UNITS[product]})"
            if start
            else "no expansion starting 2000–2003"
        )
        findings.append(
            Finding(label, (("product", label),), float(run), figure, run >= STEADY_MIN_YEARS)
        )
    return robust(
        findings,
        findings[0],
        f"holds if an expansion (cycles.phases) starts in {EARLY_2000S[0]}–{EARLY_2000S[1]} and "
        f"lasts at least {STEADY_MIN_YEARS} years",
        "EIA U.S. imports from Russia, annual volumes.",
    )


def oil_dip(ctx: Context) -> Outcome:
    """Look for a fall in 2008–09 volumes against 2007 (shock_response) and its reversal."""
    from ..resilience import shock_response
    from ..sources import load_trade

    findings = []
    for product, label in PRODUCTS.items():
        volumes = window(_russia_oil(product), 2000, 2012)
        r = shock_response(volumes, "2008", baseline="pre_last", window=1, horizon=1 + QUICK_YEARS)
        dipped = r.depth < 0
        quick = dipped and r.recovered and (r.time_to_recovery or 0) <= 1 + QUICK_YEARS
        figure = (
            f"lowest {trough_year(r)} at {100 * r.depth:+.1f}% of 2007"
            if dipped
            else f"no fall: 2008–2011 all above 2007 (lowest {100 * r.depth:+.1f}%)"
        )
        findings.append(Finding(label, (("product", label),), r.depth, figure, quick))
    imports = window(load_trade("Russia")["imports"], 2000, 2012)
    value = shock_response(
        imports, "2009", baseline="pre_last", window=1, horizon=periods_to_end(imports, 2009)
    )
    return robust(
        findings,
        findings[0],
        f"holds if volumes fell in 2008 or 2009 and regained the 2007 level within {QUICK_YEARS} "
        "years",
        "Annual volumes only (EIA's monthly crude-and-products series are not bundled: a dip "
        f"inside a year cannot be seen). The dip is in value: imports from Russia fell "
        f"{-100 * value.depth:.0f}% in {trough_year(value)} and regained the 2008 level in "
        f"{value.recovery.year if value.recovery is not None else 'no year'}, following the "
        "oil price.",
    )


def venezuela_replaced(ctx: Context) -> Outcome:
    """Compare 2018→2019 changes, read as direction and as a replacement in full."""
    from ..sources import load_petroleum_imports

    findings = []
    for product, label in PRODUCTS.items():
        data = load_petroleum_imports(("Russia", "Canada", "Venezuela"), product=product)
        change = {
            o: value_in(data[o], 2019) - value_in(data[o], 2018)
            for o in ("Russia", "Canada", "Venezuela")
        }
        direction = change["Venezuela"] < 0 < min(change["Russia"], change["Canada"])
        made_up = (change["Russia"] + change["Canada"]) / -change["Venezuela"]
        figure = (
            f"2018→2019 ({UNITS[product]}): Venezuela {change['Venezuela']:+,.0f}, Canada "
            f"{change['Canada']:+,.0f}, Russia "
            f"{change['Russia']:+,.0f}: together {pct(made_up)} of Venezuela's fall"
        )
        for reading, holds in (
            ("direction: both rose as Venezuela fell", direction),
            ("in full: they replaced all of Venezuela's fall", direction and made_up >= 1),
        ):
            choices = (("product", label), ("reading of 'made up'", reading))
            findings.append(
                Finding(f"{label}, {reading.split(':')[0]}", choices, made_up, figure, holds)
            )
    return robust(
        findings,
        findings[0],
        "holds if in 2019 (the PDVSA sanctions, Jan 2019) Venezuela's volumes fell while "
        "Canada's and Russia's both rose ('made up' read as direction); read in full, their rise "
        "must also cover all of Venezuela's fall",
        "EIA publishes no Venezuelan volumes for 2020–2021 (blank, never zero), so later years "
        "cannot be compared.",
    )


def treasury_holdings(ctx: Context) -> Outcome:
    """Compare holdings before the 2018 sell-off and in 2021 with the article's figures."""
    from ..sources import load_treasury_holdings

    holdings = load_treasury_holdings("Russia")
    before = window(holdings, 2017, 2017).dropna()
    low = float(window(holdings, 2021, 2021).dropna().mean())
    high_article, low_article = TREASURY_ARTICLE
    findings = []
    for label, high in (
        ("2017 average", float(before.mean())),
        ("2017 peak month", float(before.max())),
    ):
        ok = (
            abs(high / high_article - 1) <= TREASURY_TOLERANCE
            and abs(low / low_article - 1) <= TREASURY_TOLERANCE
        )
        findings.append(
            Finding(
                f"high: {label}",
                (("high point", label),),
                high,
                f"{bn(high)} → {bn(low)} (2021 average)",
                ok,
            )
        )
    return robust(
        findings,
        findings[0],
        f"holds if the high and the 2021 average are each within ±{pct(TREASURY_TOLERANCE)} of "
        "the article's $105bn and $3.9bn",
        f"TIC monthly holdings, USD millions: 2017 range {before.min():,.0f}–{before.max():,.0f}.",
    )


def _share_findings(basis: str, label: str) -> tuple[list[Finding], list[Finding]]:
    from ..sources.composition import oil_and_metals_share

    shares = oil_and_metals_share(basis).dropna()
    low, high = SHARE_TARGET - SHARE_TOLERANCE, SHARE_TARGET + SHARE_TOLERANCE
    per_year = [
        Finding(
            f"{y} ({basis})",
            (("basis", label),),
            float(s),
            f"{100 * float(s):.1f}%",
            bool(low <= float(s) <= high),
        )
        for y, s in zip(years(shares), shares.to_numpy(dtype=float), strict=True)
    ]
    findings = []
    latest = int(years(shares).max())
    for end in sorted({min(AUTHOR_DATA_END, latest), latest}):
        part = window(shares, None, end)
        mean = float(part.mean())
        span = f"{int(years(part).min())}–{end}"
        findings.append(
            Finding(
                f"{basis}, average {span}",
                (("basis", label), ("data end", str(end))),
                mean,
                f"{100 * mean:.1f}%",
                bool(low <= mean <= high),
            )
        )
    return findings, per_year


def metals_and_oil(ctx: Context) -> Outcome:
    """Average the oil + metals share of imports per basis and data end; years as detail."""
    findings: list[Finding] = []
    per_year: list[Finding] = []
    missing = []
    for basis, label in (("enduse", "Census end-use, customs value"), ("hs2", "HS2, CIF")):
        try:
            found, years_found = _share_findings(basis, label)
        except TradeshockError as exc:  # e.g. a snapshot without the HS2 tables
            missing.append(f"{basis}: {exc}")
            continue
        findings += found
        per_year += years_found
    if not findings:
        return Outcome(NEEDS_LIVE, "n/a", "", "; ".join(missing), needs="; ".join(missing))
    outcome = robust(
        findings,
        findings[0],
        f"holds if the average share of oil + metals (commodity_groups) in imports from Russia "
        f"is within {pct(SHARE_TARGET - SHARE_TOLERANCE)}–{pct(SHARE_TARGET + SHARE_TOLERANCE)}",
        "Per-year shares below. Oil imports stopped in 2022 (EO 14066), so averages that "
        "include 2022 on fall short."
        + (f" Not available: {'; '.join(missing)}." if missing else ""),
    )
    return Outcome(
        outcome.verdict,
        f"{findings[0].figure} ({findings[0].label})",
        outcome.rule,
        outcome.detail,
        outcome.findings,
        tuple(per_year),
    )


_FOOD_NEEDS = (
    "U.S. exports to Russia by HS chapter (02 meat, 03 fish, 04 dairy, 07 vegetables, 08 fruit "
    "and nuts, 16 prepared meat), 2013 on: the Census International Trade API "
    "(timeseries/intltrade/exports/hs, public domain). Not bundled; run "
    "check_claims(source='census') (or `tradeshock claims --source census`)."
)


def counter_sanctions_nullified_exports(ctx: Context) -> Outcome:
    """Compare embargoed food chapters of U.S. exports to Russia, 2013 against 2015 and later."""
    rule = (
        f"holds if exports of the embargoed chapters fell by at least {pct(NULLIFIED_FALL)} from "
        "2013 (shock_response, baseline pre_last, shock 2014)"
    )
    if ctx.source != "census":
        return Outcome(NEEDS_LIVE, "n/a", rule, "", needs=_FOOD_NEEDS, checked_with="")
    from ..resilience import shock_response
    from ..sources.composition import load_trade_hs

    chapters = load_trade_hs(
        "Russia", flow="exports", level="HS2", api_key=ctx.api_key, session=ctx.session
    )
    findings = []
    for name, codes in EMBARGOED_CHAPTERS.items():
        food = chapters.reindex(columns=list(codes)).sum(axis=1, min_count=1)
        food = food.loc[chapters.notna().any(axis=1)]  # years the API published
        for horizon, when in (
            (1, "by 2015"),
            (periods_to_end(food, 2014), "any year to the latest"),
        ):
            r = shock_response(food, "2014", baseline="pre_last", window=1, horizon=horizon)
            findings.append(
                Finding(
                    f"{name} chapters ({', '.join(codes)}), {when}",
                    (("chapters", name), ("horizon", when)),
                    r.depth,
                    f"2013 ${r.baseline_value:,.1f}m → {trough_year(r)} "
                    f"${r.baseline_value * (1 + r.depth):,.1f}m ({100 * r.depth:+.1f}%)",
                    r.depth <= -NULLIFIED_FALL,
                )
            )
    outcome = robust(
        findings,
        findings[0],
        rule,
        f"Census HS2 exports to Russia, {chapters.attrs.get('vintage', '')}.",
    )
    return Outcome(
        outcome.verdict,
        outcome.data_figure,
        rule,
        outcome.detail,
        outcome.findings,
        checked_with="census (live)",
    )

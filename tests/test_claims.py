"""The claims check: every claim listed, verdicts asserted against numbers computed here.

Each known-answer test recomputes the claim's figures independently of the library's metrics
(plain pandas/numpy on the loaders' output) and compares them with the report's findings.
"""

from __future__ import annotations

import html
import io
import json

import attrs
import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.claims import (
    ARTICLE,
    CHECKED_VERDICTS,
    COLUMNS,
    DEPENDS,
    FAILS,
    HOLDS,
    MIXED,
    NEEDS_LIVE,
    NOT_US,
    VERDICTS,
    ClaimCheck,
    ClaimsReport,
    Finding,
    check_claims,
)
from tradeshock.errors import ValidationError


@pytest.fixture(scope="module")
def report() -> ClaimsReport:
    return check_claims()


def span(series: pd.Series, first: int, last: int) -> pd.Series:
    years = pd.PeriodIndex(series.index).year
    return series.loc[(years >= first) & (years <= last)]


def at(series: pd.Series, year: int) -> float:
    return float(span(series, year, year).iloc[0])


def values(claim: ClaimCheck) -> dict[str, float]:
    return {f.label: f.value for f in claim.findings}


def holds(claim: ClaimCheck) -> dict[str, bool | None]:
    return {f.label: f.holds for f in claim.findings}


# --- the list ----------------------------------------------------------------------------------


def test_every_claim_listed_once_in_article_order_grouped(report: ClaimsReport) -> None:
    assert [c.id for c in report] == [a.id for a in ARTICLE]
    assert [c.order for c in report] == list(range(1, len(ARTICLE) + 1))
    assert len({c.id for c in report}) == len(report) == 20
    groups = [c.group for c in report]
    # a group is one run: the CLI shows the article's parts in order, never interleaved
    runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert len(runs) == len(set(groups))
    assert {c.verdict for c in report} <= set(VERDICTS)


def test_not_checkable_claims_say_what_data_and_who_publishes(report: ClaimsReport) -> None:
    unchecked = [c for c in report if c.verdict == NOT_US]
    assert {c.id for c in unchecked} == {
        "sanctions_affect_15pct_of_russian_economy",
        "sanctions_cost_tenths_of_gdp_growth",
        "us_among_russias_four_leading_import_sources",
        "titanium_shares_boeing_airbus_embraer",
        "dollar_share_of_russian_exports",
        "nwf_40bn_moved_out",
        "offshore_800bn",
        "pax_sinica",
    }
    publishers = ("Rosstat", "Bank of Russia", "Ministry of Finance", "IMF", "VSMPO", "FTS")
    for claim in unchecked:
        assert any(p in claim.needs for p in publishers), claim.id
        assert not claim.findings
        assert claim.data_figure == ""


def test_summary_counts_distinct_claims_not_rows(report: ClaimsReport) -> None:
    counts = {v: sum(c.verdict == v for c in report) for v in VERDICTS}
    checked = sum(counts[v] for v in CHECKED_VERDICTS)
    summary = report.summary()
    assert summary.startswith(f"{checked} claims checked: ")
    assert f"{counts[NOT_US]} not checkable with U.S. data" in summary
    assert f"{counts[HOLDS]} hold," in summary
    # the composition claim has 22 per-year rows but counts once
    assert len(report["metals_and_oil_80pct_of_imports"].per_year) >= 12
    assert report.counts() == counts
    assert checked + counts[NOT_US] + counts[NEEDS_LIVE] == len(ARTICLE)


def test_no_fragile_verdict_printed_as_plain(report: ClaimsReport) -> None:
    for claim in report:
        known = [f.holds for f in claim.findings if f.holds is not None]
        if claim.verdict == HOLDS:
            assert all(known), claim.id
        if claim.verdict == FAILS:
            assert not any(known), claim.id
        if claim.verdict == DEPENDS:
            assert any(known), claim.id
            assert not all(known), claim.id
            assert claim.robustness.startswith("depends on "), claim.id


# --- known answers -------------------------------------------------------------------------------


def test_trade_back_depends_on_base_years(report: ClaimsReport) -> None:
    total = ts.load_trade("Russia")["total"]
    claim = report["trade_back_to_pre_sanction_level"]
    for first in (2008, 2011):
        average = span(total, first, 2013).mean()
        for end in (2020, 2021):
            best = span(total, 2015, end).max() / average
            label = f"base {first}–2013, data to {end}"
            assert values(claim)[label] == pytest.approx(best, rel=1e-12)
            # after the post-2014 trough (2016) a year at >= 95 % of the average
            after_trough = span(total, 2017, end) / average
            assert holds(claim)[label] == bool((after_trough >= 0.95).any())
    assert holds(claim) == {
        "base 2011–2013, data to 2020": False,
        "base 2011–2013, data to 2021": False,
        "base 2008–2013, data to 2020": False,
        "base 2008–2013, data to 2021": True,
    }
    assert claim.verdict == DEPENDS
    assert "102%" in claim.robustness
    assert "89%" in claim.robustness
    assert "goods and services" in claim.detail  # says the check is goods only
    # and how the library's standard specifications see the same shock
    for end in (2020, 2021):
        check = ts.robustness(span(total, 1992, end), "2014", horizon=end - 2014, threshold=0.95)
        assert f"data to {end}: {check.verdict}" in claim.detail


def test_trade_follows_oil_depends_on_sample(report: ClaimsReport) -> None:
    total = ts.load_trade("Russia")["total"]
    brent = ts.load_oil_price("brent", freq="Y")
    claim = report["trade_follows_oil_prices"]
    for start in (1992, 1993):
        for end in (2019, 2020, 2021):
            y = np.diff(np.log(span(total, start, end).to_numpy(dtype=float)))
            x = np.diff(np.log(span(brent, start, end).to_numpy(dtype=float)))
            r2 = float(np.corrcoef(x, y)[0, 1] ** 2)  # one regressor: R² = squared correlation
            assert values(claim)[f"changes {start + 1}–{end}"] == pytest.approx(r2, rel=1e-9)
    # issue 16: 0.57 (to 2021), 0.48 (to 2019), 0.41 including 1992→93
    assert round(values(claim)["changes 1994–2021"], 2) == 0.57
    assert round(values(claim)["changes 1994–2019"], 2) == 0.48
    assert round(values(claim)["changes 1993–2021"], 2) == 0.41
    assert claim.verdict == DEPENDS
    assert "sample start" in claim.robustness
    assert "sample end" in claim.robustness


def test_rank_2020(report: ClaimsReport) -> None:
    claim = report["rank_2020_26th_behind_indonesia"]
    for year in (2019, 2020):
        ranks = ts.partner_ranks(year).set_index("partner")["rank"]
        russia, indonesia = int(ranks["Russia"]), int(ranks["Indonesia"])
        assert values(claim)[str(year)] == russia
        assert holds(claim)[str(year)] == (russia == 26 and indonesia < russia)
    # ../shared/data/census/SOURCES.md §2f: 2019 26th, 2020 28th (Indonesia 24th)
    assert values(claim) == {"2020": 28.0, "2019": 26.0}
    assert claim.verdict == FAILS


def test_never_top_twenty(report: ClaimsReport) -> None:
    claim = report["never_top_twenty"]
    years = pd.PeriodIndex(ts.load_trade("Russia")["total"].dropna().index).year
    for by in ("total", "imports"):
        best = min(
            int(ts.partner_ranks(int(y), by=by).set_index("partner").loc["Russia", "rank"])
            for y in years
        )
        latest = int(years.max())
        assert values(claim)[f"by {by}, to {latest}"] == best
    assert values(claim)["by total, to 2020"] == 20  # 2011
    assert claim.verdict == FAILS


def test_forecast_declined_but_not_gradually(report: ClaimsReport) -> None:
    total = ts.load_trade("Russia")["total"].dropna()
    claim = report["forecast_gradual_decline"]
    for base, label in ((2021, "base 2021"), (2020, "base 2020 (the author's data)")):
        path = span(total, base, 2100)
        low = path.min()
        assert values(claim)[label] == pytest.approx(low / at(total, base) - 1, rel=1e-12)
        biggest_fall = (-path.diff()).max()
        assert biggest_fall / (at(total, base) - low) > 0.5  # one year carries most of it
        assert holds(claim)[label] is False
    assert claim.verdict == MIXED


def test_oil_shipments_rose_steadily(report: ClaimsReport) -> None:
    claim = report["oil_shipments_rose_early_2000s"]
    volumes = ts.load_petroleum_imports(("Russia",))["Russia"]
    changes = span(volumes, 2000, 2006).diff().dropna()
    assert (changes.loc["2001":"2005"] > 0).all()
    assert at(changes, 2006) < 0
    assert at(volumes, 2000) < at(volumes, 1999)  # 2000 is the trough the rise starts from
    assert values(claim)["crude and products (thousand barrels)"] == 5  # 2001–2005
    assert claim.verdict == HOLDS


def test_oil_dip_not_in_volumes(report: ClaimsReport) -> None:
    claim = report["oil_dip_2008_09_reversed_quickly"]
    for product, label in (
        ("crude_and_products", "crude and products (thousand barrels)"),
        ("crude", "crude only (thousand b/d)"),
    ):
        russia = ts.load_petroleum_imports(("Russia",), product=product)["Russia"]
        low = min(at(russia, y) for y in (2008, 2009, 2010, 2011))
        assert low > at(russia, 2007)  # no dip at all in annual volumes
        assert values(claim)[label] == pytest.approx(low / at(russia, 2007) - 1, rel=1e-12)
    assert claim.verdict == FAILS
    imports = ts.load_trade("Russia")["imports"]
    fall = at(imports, 2009) / at(imports, 2008) - 1
    assert f"fell {-100 * fall:.0f}% in 2009" in claim.detail


def test_venezuela_replaced_depends_on_the_reading(report: ClaimsReport) -> None:
    claim = report["venezuela_replaced_by_canada_and_russia"]
    data = ts.load_petroleum_imports(("Russia", "Canada", "Venezuela"))
    change = {o: at(data[o], 2019) - at(data[o], 2018) for o in data.columns}
    share = (change["Russia"] + change["Canada"]) / -change["Venezuela"]
    direction = change["Venezuela"] < 0 < min(change["Russia"], change["Canada"])
    label = "crude and products (thousand barrels)"
    assert values(claim)[f"{label}, direction"] == pytest.approx(share)
    assert holds(claim)[f"{label}, direction"] is direction is True
    assert holds(claim)[f"{label}, in full"] is (direction and share >= 1) is False
    assert f"{100 * share:.0f}%" in claim.data_figure
    assert claim.verdict == DEPENDS
    assert claim.robustness.startswith("depends on reading of 'made up'")


def test_treasury(report: ClaimsReport) -> None:
    claim = report["treasury_holdings_105bn_to_3_9bn"]
    holdings = ts.load_treasury_holdings("Russia")
    high, peak = span(holdings, 2017, 2017).mean(), span(holdings, 2017, 2017).max()
    low = span(holdings, 2021, 2021).mean()
    assert values(claim) == {"high: 2017 average": high, "high: 2017 peak month": peak}
    within = abs(low / 3_900 - 1) <= 0.10
    assert holds(claim)["high: 2017 average"] == (within and abs(high / 105_000 - 1) <= 0.10)
    assert claim.verdict == HOLDS


def test_metals_and_oil_per_year_and_averages(report: ClaimsReport) -> None:
    claim = report["metals_and_oil_80pct_of_imports"]
    per_year = {f.label: f for f in claim.per_year}
    for basis in ("enduse", "hs2"):
        try:
            comp = ts.load_trade_composition("Russia", basis=basis)
        except ts.NotInSnapshotError:  # HS2 (UN Comtrade) is leaving the wheel (issue 20)
            assert basis == "hs2"
            assert "Not available: hs2" in claim.detail  # the claim names the basis it lacks
            assert not [f for f in claim.findings if f.label.startswith("hs2")]
            continue
        groups = ts.commodity_groups(basis)
        codes = [c for c in (*groups["oil"], *groups["metals"]) if c in comp.columns]
        shares = comp[codes].sum(axis=1) / comp.sum(axis=1)
        for year, share in zip(pd.PeriodIndex(shares.index).year, shares, strict=True):
            finding = per_year[f"{year} ({basis})"]
            assert finding.value == pytest.approx(share, rel=1e-12)
            assert finding.holds == (0.75 <= share <= 0.85)
        end = min(2020, int(pd.PeriodIndex(shares.index).year.max()))
        first = int(pd.PeriodIndex(shares.index).year.min())
        average = values(claim)[f"{basis}, average {first}–{end}"]
        assert average == pytest.approx(span(shares, first, end).mean(), rel=1e-12)
    # the author's data: about 80 %; with 2022–2025 (oil imports banned) far less
    assert holds(claim)["enduse, average 2014–2020"] is True
    assert holds(claim)["enduse, average 2014–2025"] is False
    assert claim.verdict == DEPENDS
    assert "data end" in claim.robustness


def test_food_embargo_offline_says_what_it_needs(report: ClaimsReport) -> None:
    claim = report["counter_sanctions_nullified_us_farm_exports"]
    assert claim.verdict == NEEDS_LIVE
    assert "Census International Trade API" in claim.needs
    assert "source='census'" in claim.needs
    assert "1 needs live data" in report.summary()


def test_a_check_without_data_needs_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise ts.NotInSnapshotError("the snapshot does not cover this")

    monkeypatch.setattr(ts.sources.composition, "oil_and_metals_share", missing)
    claim = check_claims()["metals_and_oil_80pct_of_imports"]
    assert claim.verdict == NEEDS_LIVE
    assert "does not cover" in claim.needs


# --- records and renderings ----------------------------------------------------------------------


def test_records_are_frozen_and_explain_themselves(report: ClaimsReport) -> None:
    claim = report["trade_back_to_pre_sanction_level"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        claim.verdict = HOLDS  # type: ignore[misc]
    assert repr(claim) == "ClaimCheck('trade_back_to_pre_sanction_level': depends on the choice)"
    assert repr(report) == f"ClaimsReport({report.summary()})"
    assert len(repr(report)) < 250
    assert html.escape(report.summary()) in report._repr_html_()
    assert "<b>depends on the choice</b>" in claim._repr_html_()
    assert claim.summary().startswith("[depends on the choice] U.S.–Russia trade")
    with pytest.raises(ValidationError, match="no claim 'nope'"):
        report["nope"]


def test_frames(report: ClaimsReport) -> None:
    frame = report.to_frame()
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == len(ARTICLE)
    assert frame.attrs["summary"] == report.summary()
    detail = report.detail_frame()
    metals = detail.loc[detail["id"] == "metals_and_oil_80pct_of_imports"]
    assert (metals["kind"] == "year").sum() == len(
        report["metals_and_oil_80pct_of_imports"].per_year
    )


def test_renderings(report: ClaimsReport) -> None:
    text = report.render("text")
    assert text.rstrip().endswith(report.summary())
    assert text.index("== Trade and politics") < text.index("== Outlook ==")
    document = json.loads(report.render("json"))
    assert document["summary"] == report.summary()
    assert [c["id"] for c in document["claims"]] == [a.id for a in ARTICLE]
    oil = next(c for c in document["claims"] if c["id"] == "trade_follows_oil_prices")
    starts = {f["choices"]["sample start"] for f in oil["findings"]}
    assert starts == {"first change 1992→1993", "first change 1993→1994"}
    csv = pd.read_csv(io.StringIO(report.render("csv")))
    assert list(csv["id"]) == [a.id for a in ARTICLE]
    markdown = report.render("markdown")
    assert markdown.count("### ") == len({c.group for c in report})
    assert (
        "| 2 | Swings in U.S.–Russia trade follow oil prices | depends on the choice |" in markdown
    )
    with pytest.raises(ValidationError, match="format"):
        report.render("html")


def test_bad_source() -> None:
    with pytest.raises(ValidationError, match="source="):
        check_claims("comtrade")


def test_top_level_export() -> None:
    assert ts.check_claims is check_claims
    assert "check_claims" in ts.__all__


def test_robust_verdict_and_deciding_choices() -> None:
    from tradeshock.claims._records import deciding_choices, robust_verdict

    def f(holds: bool | None, **choices: str) -> Finding:
        return Finding("x", tuple(choices.items()), 0.0, "", holds)

    assert robust_verdict([f(True, a="1"), f(None, a="2")]) == HOLDS  # n/a findings don't count
    assert robust_verdict([f(False, a="1"), f(False, a="2")]) == FAILS
    assert robust_verdict([f(None, a="1")]) == NEEDS_LIVE
    mixed = [
        f(True, base="08", end="21"),
        f(False, base="11", end="21"),
        f(False, base="08", end="20"),
        f(False, base="11", end="20"),
    ]
    assert robust_verdict(mixed) == DEPENDS
    assert deciding_choices(mixed) == ("base", "end")
    # flips only when both choices change together: both are named
    joint = [f(True, base="08", end="21"), f(False, base="11", end="20")]
    assert deciding_choices(joint) == ("base", "end")

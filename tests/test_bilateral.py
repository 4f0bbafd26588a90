"""load_bilateral / mirror_trade on the bundled snapshot: names, views, precedence, errors."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.errors import NotInSnapshotError, UnknownPartnerError, ValidationError
from tradeshock.parsers.bilateral import comext, dots
from tradeshock.sources import Provenance
from tradeshock.sources.bilateral import TERMS, resolve_economy


def test_done_when_examples_work_offline() -> None:
    china = ts.load_bilateral("China", "Russia")
    assert isinstance(china.index, pd.PeriodIndex)
    assert china.index.freqstr == "Y-DEC"
    assert list(china.columns) == ["exports", "imports"]
    assert round(china.loc["2019", "exports"], 1) == 49484.5  # SOURCES.md §5.2
    assert round(china.loc["2019", "imports"], 1) == 60257.2
    assert china.attrs["units"] == "USD millions"
    assert china.attrs["compiler"] == "IMF DOTS"
    assert china.attrs["valuation"] == {"exports": "FOB", "imports": "CIF"}
    assert "IMF" in china.attrs["licence"]
    provenance = Provenance.of(china)
    assert provenance.dataset == "bilateral_imf_dots"
    assert provenance.source == "bundled snapshot: IMF DOTS"
    assert "terms.htm" in provenance.licence
    both = ts.load_bilateral("Russia", "China", view="both")
    assert list(both.columns) == [
        "exports_reporter",
        "exports_partner",
        "exports_gap",
        "imports_reporter",
        "imports_partner",
        "imports_gap",
    ]
    row = both.loc["2019"]
    assert row["exports_partner"] == china.loc["2019", "imports"]  # China's imports, mirrored
    assert row["imports_partner"] == china.loc["2019", "exports"]
    assert row["exports_gap"] == pytest.approx(row["exports_reporter"] - row["exports_partner"])


@pytest.mark.parametrize(
    "name",
    [
        "Russia",
        "RUS",
        "ru",
        "Russian Federation",
        "Россия",
        "Российская Федерация",
        643,
        "643",
        "m49:643",
        "imf:922",
    ],
)
def test_every_naming_system_resolves(name: object) -> None:
    assert resolve_economy(name).code == "RUS"  # type: ignore[arg-type]
    frame = ts.load_bilateral(name, "China")  # type: ignore[arg-type]
    assert frame.attrs["reporter"] == "Russia"


def test_codes_that_differ_between_systems() -> None:
    assert resolve_economy(112).code == "BLR"  # M49 112 = Belarus ...
    assert resolve_economy("imf:112").code == "GBR"  # ... IMF 112 = United Kingdom
    assert resolve_economy(699).code == "IND"  # Comtrade's India
    assert resolve_economy("Китaй").code == "CHN"  # Latin 'a' inside Cyrillic
    assert resolve_economy("EU").code == "EU27"
    assert resolve_economy("B0").code == "EU27"


def test_unknown_partner_suggests_across_naming_systems() -> None:
    with pytest.raises(UnknownPartnerError) as info:
        ts.load_bilateral("Russia", "Росия")
    assert "Россия" in info.value.suggestions
    assert "Russia" in info.value.suggestions
    with pytest.raises(UnknownPartnerError, match="reporter='Chna'") as info:
        ts.load_bilateral("Chna", "Russia")
    assert "China" in info.value.suggestions


def test_partner_view_is_the_mirror() -> None:
    mirror = ts.load_bilateral("Russia", "Germany", view="partner")
    germany = ts.load_bilateral("Germany", "Russia")
    pd.testing.assert_series_equal(mirror["exports"], germany["imports"], check_names=False)
    pd.testing.assert_series_equal(mirror["imports"], germany["exports"], check_names=False)
    # SOURCES.md §5.3: Germany imports from Russia 2019 31,243.5; exports 29,855.1
    assert round(mirror.loc["2019", "exports"], 1) == 31243.5
    assert round(mirror.loc["2019", "imports"], 1) == 29855.1


def test_unallocated_russian_exports_are_flagged_not_hidden() -> None:
    frame = ts.load_bilateral("Russia", "Germany", flow="exports")
    notes = [n for n in frame.attrs["notes"] if n.startswith(("2009", "2010", "2011"))]
    assert len(notes) == 3
    assert all("not specified" in n for n in notes)
    assert round(frame.loc["2010", "exports"]) == 15861  # the IMF's (understated) number


def test_eur_series_stay_eur_and_are_never_mixed_with_usd() -> None:
    monthly = ts.load_bilateral("Germany", "Russia", freq="M", flow="exports")
    assert monthly.attrs["units"] == "EUR millions"
    assert monthly.attrs["compiler"] == "Eurostat Comext"
    assert str(monthly.index.min()) == "2019-01"
    assert str(monthly.index.max()) == "2024-08"
    annual = ts.load_bilateral("EU", "Russia")
    assert annual.attrs["units"] == "USD millions"
    assert str(annual.index.max()) == "2020"
    eur = ts.load_bilateral("EU", "Russia", compiler="eurostat", flow="exports")
    assert eur.attrs["units"] == "EUR millions"
    assert round(eur.loc["2023", "exports"] / 1000, 2) == 38.18
    assert math.isnan(
        ts.load_bilateral("EU", "Russia", compiler="eurostat").loc["2019", "imports"]
    )  # Comext extracts hold no imports


def test_united_states_reporter_comes_from_census() -> None:
    us = ts.load_bilateral("United States", "Russia")
    census = ts.load_trade("Russia")
    assert us.attrs["compiler"] == "U.S. Census Bureau"
    assert us.loc["2019", "exports"] == census.loc["2019", "exports"]
    assert str(us.dropna().index.max()) == "2025"


def test_united_states_with_the_world_and_the_eu() -> None:
    world = ts.load_bilateral("United States", "World", freq="M")
    census = ts.load_trade("World", freq="M")
    assert world.loc["2019-05", "imports"] == census.loc["2019-05", "imports"]
    eu = ts.load_bilateral("United States", "EU")
    assert "Census" in eu.attrs["notes"][0]


def test_not_in_snapshot_names_coverage_and_live_sources() -> None:
    with pytest.raises(NotInSnapshotError) as info:
        ts.load_bilateral("Russia", "China", freq="M")
    text = str(info.value)
    assert "IMF DOTS" in text
    assert "source='imf'" in text
    assert "source='comtrade'" in text
    with pytest.raises(NotInSnapshotError):
        ts.load_bilateral("Japan", "Brazil")


def test_start_end_and_single_flow() -> None:
    frame = ts.load_bilateral("Turkey", "Russia", flow="imports", start=2014, end="2016")
    assert list(frame.columns) == ["imports"]
    assert [str(p) for p in frame.index] == ["2014", "2015", "2016"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"flow": "reexports"}, "flow="),
        ({"freq": "Q"}, "freq="),
        ({"view": "mirror"}, "view="),
        ({"source": "wits"}, "source="),
        ({"compiler": "oecd"}, "compiler="),
        ({"start": "20x4"}, "start"),
    ],
)
def test_bad_arguments_are_validation_errors(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        ts.load_bilateral("Russia", "China", **kwargs)  # type: ignore[arg-type]


def test_a_year_bounds_a_monthly_frame_from_january_to_december() -> None:
    frame = ts.load_bilateral("Germany", "Russia", freq="M", flow="exports", start=2020, end="2021")
    assert str(frame.index[0]) == "2020-01"
    assert str(frame.index[-1]) == "2021-12"
    frame = ts.load_bilateral(
        "Germany", "Russia", freq="M", flow="exports", start="2020-03", end="2020-05"
    )
    assert [str(p) for p in frame.index] == ["2020-03", "2020-04", "2020-05"]


def test_same_reporter_and_partner_is_refused() -> None:
    with pytest.raises(ValidationError, match="both Russia"):
        ts.load_bilateral("Russia", "RUS")


def test_bundled_tables_equal_the_parsed_raw_files(shared_data: Path) -> None:
    from tradeshock._snapshot import read_table

    raw = shared_data / "bilateral"
    parsed = pd.concat(
        [
            dots.parse_dots_workbook(p.read_bytes())
            for p in sorted((raw / "imf_dots").glob("*.xlsx"))
        ]
    )
    coded = parsed[(parsed["reporter"] != "") & (parsed["partner"] != "")]
    bundled = read_table("bilateral_imf_dots")
    keys = ["reporter", "partner", "flow", "period"]
    merged = bundled.merge(coded, on=keys, how="outer", suffixes=("_b", "_p"), indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["value_b"] == merged["value_p"]).all()
    comext_rows = pd.concat(
        [
            comext.parse_comext_csv(p.read_bytes())
            for p in sorted((raw / "eurostat_comext").rglob("*.csv"))
        ]
    )
    comext_rows = comext_rows[(comext_rows["reporter"] != "") & (comext_rows["partner"] != "")]
    bundled_eu = read_table("bilateral_eurostat_comext")
    merged = bundled_eu.merge(
        comext_rows, on=keys, how="outer", suffixes=("_b", "_p"), indicator=True
    )
    assert (merged["_merge"] == "both").all()
    assert (merged["value_b"] == merged["value_p"]).all()


def test_wheel_bundles_only_redistributable_compilers() -> None:
    cat = ts.catalog(include_unbundled=True).set_index("dataset")
    bilateral = cat[cat.index.str.startswith("bilateral_")]
    assert bilateral.loc["bilateral_imf_dots", "bundled"]
    assert bilateral.loc["bilateral_eurostat_comext", "bundled"]
    for name in ("bilateral_fts_russia", "bilateral_bns_kazakhstan"):
        assert not bilateral.loc[name, "bundled"]
        assert bilateral.loc[name, "licence"].startswith("NOT BUNDLED: terms not established")
    assert "terms.htm" in bilateral.loc["bilateral_imf_dots", "licence"]
    assert "copyright-notice" in bilateral.loc["bilateral_eurostat_comext", "licence"]
    assert "not bundled" in TERMS["FTS"]
    assert "not bundled" in TERMS["BNS"]
    assert list(ts.catalog()["dataset"]) == sorted(cat[cat["bundled"]].index)


def test_mirror_trade_after_2021_states_coverage() -> None:
    mirror = ts.mirror_trade("Russia", partners=["European Union", "United States", "Kazakhstan"])
    assert mirror.partners == ("European Union", "United States", "Kazakhstan")
    cov = mirror.coverage.set_index(["partner", "flow", "units"])
    assert cov.loc[("United States", "exports", "USD millions"), "last"] == "2025"
    assert cov.loc[("Kazakhstan", "exports", "USD millions"), "last"] == "2020"
    assert cov.loc[("European Union", "imports", "EUR millions"), "last"] == "2023"
    us = ts.load_trade("Russia")
    assert mirror.usd.loc["2023", ("United States", "exports")] == us.loc["2023", "imports"]
    assert mirror.totals.loc["2023", "exports_partners"] == 1
    assert mirror.totals.loc["2019", "exports_partners"] == 3
    expected = sum(mirror.usd.loc["2019", (p, "exports")] for p in mirror.partners)
    assert mirror.totals.loc["2019", "exports"] == pytest.approx(expected)
    assert "Kazakhstan exports: IMF DOTS, USD millions, 1994-2020" in mirror.summary()
    assert repr(mirror).startswith("MirrorTrade('Russia'")
    assert "<table" in mirror._repr_html_()
    # Comext EUR values stay EUR: EU exports to Russia 2023 = 38.18 bn EUR
    assert round(mirror.eur.loc["2023", ("European Union", "imports")] / 1000, 2) == 38.18


def test_mirror_trade_refuses_double_counting() -> None:
    with pytest.raises(ValidationError, match="twice"):
        ts.mirror_trade("Russia", partners=["EU", "Germany"])
    with pytest.raises(ValidationError):
        ts.mirror_trade("Russia", partners=[])
    with pytest.raises(ValidationError):
        ts.mirror_trade("Russia", partners=["China", "CHN"])

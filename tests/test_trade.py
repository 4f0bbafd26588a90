"""Trade loaders on the bundled snapshot (no raw files needed).

Known values are read from the raw files and quoted in ../shared/data/census/SOURCES.md
(S1 = Census country.xlsx, data through 2024-06; S2 = later vintage for 2024-2025).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.errors import NotInSnapshotError, UnknownPartnerError, ValidationError
from tradeshock.sources.trade import _live, panel_frame, ranks_frame, trade_frame

# --------------------------------------------------------------------------- load_trade


def test_russia_annual_known_values() -> None:
    ru = ts.load_trade("Russia")
    assert list(ru.columns) == ["exports", "imports", "balance", "total"]
    assert isinstance(ru.index, pd.PeriodIndex)
    assert ru.index.name == "period"
    assert ru.index.dtype == pd.PeriodDtype("Y")
    # country.xlsx (S1) row 4621/2014: EYR 10752.40503, IYR 23659.566648
    row = ru.loc["2014"]
    assert row["exports"] == 10752.4
    assert row["imports"] == 23659.6
    assert row["balance"] == -12907.2
    assert row["total"] == 34412.0
    # SOURCES 2a/2d (S1): 2020 4,889.1 / 16,902.0; 2021 6,388.2 / 29,638.3; 2022 1,656.1 / 14,437.1;
    # 2023 599.6 / 4,570.8; 1992 surplus 1,631.1; 1994 deficit -666.9; 2011 deficit -26,300.6
    assert ru.loc["2020", ["exports", "imports"]].tolist() == [4889.1, 16902.0]
    assert ru.loc["2021", ["exports", "imports"]].tolist() == [6388.2, 29638.3]
    assert ru.loc["2022", ["exports", "imports"]].tolist() == [1656.1, 14437.1]
    assert ru.loc["2023", ["exports", "imports"]].tolist() == [599.6, 4570.8]
    assert ru.loc["1992", "balance"] == 1631.1
    assert ru.loc["1994", "balance"] == -666.9
    assert ru.loc["2011", "balance"] == -26300.6
    # 1992 (first Russia code year) to 2025 (S2), no gaps
    assert str(ru.index[0]) == "1992"
    assert str(ru.index[-1]) == "2025"
    assert len(ru) == 34
    assert not ru.isna().any().any()


def test_russia_monthly_known_values() -> None:
    ru = ts.load_trade("Russia", freq="M")
    assert ru.index.dtype == pd.PeriodDtype("M")
    assert len(ru) == 408  # 1992-01 ... 2025-12 (SOURCES: 408 months)
    # SOURCES 2d: S1 2023 exports Jan 44.8, Mar 66.5, Apr 65.0, May 60.0; Jul exports 35.7,
    # imports 245.2; imports Feb 643.1, Apr 217.3, May 504.0
    assert ru.loc["2023-01", "exports"] == 44.8
    assert ru.loc["2023-03", "exports"] == 66.5
    assert ru.loc["2023-07", ["exports", "imports"]].tolist() == [35.7, 245.2]
    assert ru.loc["2023-02", "imports"] == 643.1
    # SOURCES caveat: Russia Jan 1992 exports 1.3, imports 0.1
    assert ru.loc["1992-01", ["exports", "imports"]].tolist() == [1.3, 0.1]
    # months add up to the year (to rounding)
    assert ru.loc["2014", "exports"].sum() == pytest.approx(10752.4, abs=0.7)


def test_attrs() -> None:
    ru = ts.load_trade("Russian Federation")
    assert ru.attrs["source"] == "bundled snapshot: U.S. Census Bureau"
    assert ru.attrs["units"] == "USD millions"
    assert "S1" in ru.attrs["vintage"]
    assert "S2" in ru.attrs["vintage"]
    assert ru.attrs["partner"] == "Russia"
    assert ru.attrs["cty_code"] == "4621"
    assert ru.attrs["iso3"] == "RUS"
    assert ru.attrs["freq"] == "Y"
    old = ts.load_trade("Russia", end=2000)
    assert "S2" not in old.attrs["vintage"]


@pytest.mark.parametrize("partner", ["Russia", "RUS", 4621, "4621", "russia"])
def test_partner_forms_give_same_frame(partner: Any) -> None:
    pd.testing.assert_frame_equal(ts.load_trade(partner), ts.load_trade("Russia"))


def test_freq_alias_a() -> None:
    pd.testing.assert_frame_equal(ts.load_trade("Russia", freq="A"), ts.load_trade("Russia"))


def test_returns_independent_copies() -> None:
    first = ts.load_trade("Russia")
    first.loc["2014", "exports"] = -1.0
    first.attrs["units"] = "changed"
    again = ts.load_trade("Russia")
    assert again.loc["2014", "exports"] == 10752.4
    assert again.attrs["units"] == "USD millions"


def test_start_end() -> None:
    ru = ts.load_trade("Russia", start=2010, end="2015")
    assert [str(p) for p in ru.index] == [str(y) for y in range(2010, 2016)]
    m = ts.load_trade("Russia", freq="M", start="2014", end="2014")
    assert str(m.index[0]) == "2014-01"
    assert str(m.index[-1]) == "2014-12"
    m = ts.load_trade("Russia", freq="M", start="2014-03", end=pd.Period("2014-05", "M"))
    assert len(m) == 3


def test_world_aggregate_unpublished_months() -> None:
    world = ts.load_trade("World", freq="M")
    # S2 has no World row, so World ends with S1: Jan-Jun 2024 published, Jul-Dec NaN (not 0)
    assert not math.isnan(world.loc["2024-06", "exports"])
    assert world.loc["2024-07":"2024-12"].isna().all().all()
    annual = ts.load_trade("World")
    assert math.isnan(annual.loc["2024", "exports"])  # incomplete year: no annual value
    assert annual.loc["2023", "exports"] > 1_000_000  # USD millions


def test_ambiguous_name_is_current_code() -> None:
    serbia = ts.load_trade("Serbia")
    assert serbia.attrs["cty_code"] == "4801"
    interim = ts.load_trade(4802)
    assert interim.attrs["partner"] == "Serbia [4802]"


def test_years_without_a_census_row_are_nan_not_skipped() -> None:
    # country.xlsx (S1) has no Libya (7250) rows for 1997-1999 (U.S. embargo): the index stays
    # regular and those years are NaN, as in the panel
    libya = ts.load_trade("Libya")
    assert libya.index.equals(
        pd.period_range(libya.index[0], libya.index[-1], freq="Y", name="period")
    )
    assert libya.loc["1997":"1999"].isna().all().all()
    assert libya.loc["2000", "exports"] == 18.0  # S1 row 2000, 7250, EYR
    pd.testing.assert_series_equal(
        libya["total"].rename("Libya"),
        ts.load_trade_panel()["Libya"].loc[libya.index[0] : libya.index[-1]],
        check_freq=False,
    )
    monthly = ts.load_trade("Libya", freq="M", start=1996, end=2000)
    assert len(monthly) == 60
    assert monthly.loc["1997-01":"1999-12"].isna().all().all()


def test_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="freq"):
        ts.load_trade("Russia", freq="Q")
    with pytest.raises(ValidationError, match=r"source='nope'.*'bundled'.*'census'"):
        ts.load_trade("Russia", source="nope")
    with pytest.raises(ValidationError, match="start"):
        ts.load_trade("Russia", start="not a date")
    with pytest.raises(ValidationError, match="after"):
        ts.load_trade("Russia", start=2015, end=2010)
    with pytest.raises(UnknownPartnerError):
        ts.load_trade("Atlantis")


def test_outside_snapshot() -> None:
    with pytest.raises(NotInSnapshotError, match=r"covers 1985 to 2025.*source='census'"):
        ts.load_trade("Russia", start=2030)
    with pytest.raises(NotInSnapshotError, match="1985-01 to 2025-12"):
        ts.load_trade("Russia", freq="M", end="1980-01")
    with pytest.raises(NotInSnapshotError, match="Russia from 1992"):
        ts.load_trade("Russia", start=1985, end=1990)


def test_live_source_dispatch(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []

    def fake(partner: Any, **kwargs: Any) -> pd.DataFrame:
        calls.append((partner, kwargs))
        return pd.DataFrame()

    monkeypatch.setattr(_live, "load_trade_live", fake, raising=False)
    ts.load_trade("Russia", source="census", freq="A", start=2020)
    assert calls == [
        (
            "Russia",
            {
                "freq": "Y",
                "source": "census",
                "start": 2020,
                "end": None,
                "session": None,
                "api_key": None,
            },
        )
    ]
    monkeypatch.setattr(_live, "load_trade_panel_live", fake_panel := _recorder(), raising=False)
    ts.load_trade_panel(source="census", flow="exports", freq="M")
    assert fake_panel.calls == [
        {"flow": "exports", "freq": "M", "source": "census", "session": None, "api_key": None}
    ]


class _recorder:  # a tiny callable test double
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> pd.DataFrame:
        self.calls.append(kwargs)
        return pd.DataFrame()


# --------------------------------------------------------------------------- panel


def test_panel_countries_only_and_labels() -> None:
    panel = ts.load_trade_panel()
    cols = set(panel.columns)
    assert "Russia" in cols
    assert "China" in cols
    assert not any(c.startswith("World") for c in cols)
    assert "European Union" not in cols
    assert "Unidentified Countries" not in cols
    assert "International Organizations" not in cols
    for name, other in [("Serbia", "4802"), ("Sudan", "7320"), ("Ethiopia", "7740")]:
        assert name in cols
        assert f"{name} [{other}]" in cols
    assert panel.columns.is_unique
    assert panel.index.name == "period"
    assert str(panel.index[0]) == "1985"
    assert str(panel.index[-1]) == "2025"
    assert panel.attrs["cty_codes"]["Serbia [4802]"] == "4802"
    assert panel.attrs["units"] == "USD millions"
    assert panel.attrs["source"] == "bundled snapshot: U.S. Census Bureau"


@pytest.mark.parametrize("flow", ["total", "exports", "imports", "balance"])
def test_panel_matches_load_trade(flow: str) -> None:
    panel = ts.load_trade_panel(flow=flow)
    ru = ts.load_trade("Russia")
    pd.testing.assert_series_equal(
        panel["Russia"].dropna(), ru[flow].rename("Russia"), check_freq=False
    )
    assert math.isnan(panel.loc["1990", "Russia"])  # no Russia code before 1992


def test_panel_monthly() -> None:
    panel = ts.load_trade_panel(flow="imports", freq="M")
    assert panel.loc["2023-07", "Russia"] == 245.2
    assert len(panel) == (2025 - 1985 + 1) * 12


def test_panel_copy_and_bad_flow() -> None:
    panel = ts.load_trade_panel()
    panel.iloc[:, :] = 0.0
    assert ts.load_trade_panel().loc["2014", "Russia"] == 34412.0
    with pytest.raises(ValidationError, match="flow='volume'"):
        ts.load_trade_panel(flow="volume")
    with pytest.raises(ValidationError, match="source"):
        ts.load_trade_panel(source="eia")


# --------------------------------------------------------------------------- ranks


@pytest.mark.parametrize(
    ("year", "by", "rank"),
    # SOURCES 2f (countries only, total = exports + imports)
    [
        (2019, "total", 26),
        (2020, "total", 28),
        (2020, "imports", 22),
        (2020, "exports", 39),
        (2021, "total", 23),
        (2022, "total", 42),
        (2023, "total", 66),
        (2024, "total", 72),
        (2025, "total", 72),
    ],
)
def test_russia_rank(year: int, by: str, rank: int) -> None:
    ranks = ts.partner_ranks(year, by=by)
    assert ranks.set_index("partner").loc["Russia", "rank"] == rank


def test_ranks_2020_neighbours() -> None:
    ranks = ts.partner_ranks(2020).set_index("partner")["rank"]
    # SOURCES 2f: Indonesia 24th, Colombia 26th, Chile 27th, Russia 28th
    assert ranks["Indonesia"] == 24
    assert ranks["Colombia"] == 26
    assert ranks["Chile"] == 27


def test_ranks_frame_shape() -> None:
    ranks = ts.partner_ranks("2020")
    assert list(ranks.columns) == [
        "rank",
        "partner",
        "cty_code",
        "iso3",
        "exports",
        "imports",
        "total",
        "balance",
    ]
    assert ranks["rank"].iloc[0] == 1
    assert ranks["partner"].iloc[0] == "China"
    assert ranks["total"].is_monotonic_decreasing
    assert ranks["partner"].is_unique
    assert not ranks["cty_code"].str.startswith("00").any()
    assert not ranks["cty_code"].isin(["8220", "8500"]).any()
    ru = ranks.set_index("partner").loc["Russia"]
    assert ru["iso3"] == "RUS"
    assert ru["total"] == 21791.1
    assert ranks.attrs["units"] == "USD millions"
    assert ranks.attrs["year"] == 2020


def test_ranks_errors() -> None:
    with pytest.raises(NotInSnapshotError, match="1985 to 2025"):
        ts.partner_ranks(2030)
    with pytest.raises(NotInSnapshotError):
        ts.partner_ranks(1900)
    with pytest.raises(ValidationError, match="by='balance'"):
        ts.partner_ranks(2020, by="balance")
    with pytest.raises(ValidationError, match="year"):
        ts.partner_ranks("last year")


def test_ranks_frame_ties_and_nan() -> None:
    annual = pd.DataFrame(
        {
            "cty_code": ["1000", "2000", "3000", "4000", "0015"],
            "year": [2020] * 5,
            "exports": [5.0, 3.0, 3.0, np.nan, 100.0],
            "imports": [0.0, 1.0, 1.0, 1.0, 100.0],
        }
    )
    partners = pd.DataFrame(
        {
            "cty_code": ["1000", "2000", "3000", "4000", "0015"],
            "label": ["A", "B", "C", "D", "World"],
            "iso3": ["AAA", "", "CCC", "DDD", ""],
            "kind": ["country"] * 4 + ["aggregate"],
        }
    )
    ranks = ranks_frame(annual, partners, 2020)
    assert ranks["partner"].tolist() == ["A", "B", "C", "D"]
    assert ranks["rank"].tolist()[:3] == [1, 2, 2]
    assert ranks["rank"].isna().tolist() == [False, False, False, True]
    assert pd.isna(ranks["iso3"].iloc[1])
    by_imports = ranks_frame(annual, partners, 2020, by="imports")
    assert by_imports["partner"].tolist() == ["B", "C", "D", "A"]
    assert by_imports["rank"].tolist() == [1, 1, 1, 4]


# --------------------------------------------------------------------------- generic builders


def _tidy() -> tuple[pd.DataFrame, pd.DataFrame]:
    monthly = pd.DataFrame(
        {
            "cty_code": ["4621"] * 3 + ["1220"] * 2,
            "name": ["Russia"] * 3 + ["Canada"] * 2,
            "period": ["2024-02", "2024-01", "2024-03", "2024-01", "2024-02"],
            "exports": [2.0, 1.0, np.nan, 10.0, 20.0],
            "imports": [4.0, 3.0, np.nan, 30.0, 40.0],
        }
    )
    annual = pd.DataFrame(
        {
            "cty_code": ["4621", "1220"],
            "name": ["Russia", "Canada"],
            "year": [2023, 2023],
            "exports": [7.0, 8.0],
            "imports": [9.0, np.nan],
        }
    )
    return monthly, annual


def test_trade_frame_generic() -> None:
    monthly, annual = _tidy()
    m = trade_frame(monthly, annual, "4621", "M")
    assert [str(p) for p in m.index] == ["2024-01", "2024-02", "2024-03"]
    assert m["total"].tolist()[:2] == [4.0, 6.0]
    assert m.loc["2024-03"].isna().all()
    y = trade_frame(monthly, annual, "1220", "Y")
    assert math.isnan(y.loc["2023", "total"])
    assert trade_frame(monthly, annual, "4621", "M", start="2024-02", end="2024-02").shape == (1, 4)
    assert trade_frame(monthly, annual, "9999", "Y").empty
    gap = annual.loc[[0]].assign(year=2020)  # 4621 has rows for 2020 and 2023 only
    spread = trade_frame(monthly, pd.concat([annual, gap]), "4621", "Y")
    assert [str(p) for p in spread.index] == ["2020", "2021", "2022", "2023"]
    assert spread.loc["2021":"2022"].isna().all().all()


def test_panel_frame_generic() -> None:
    monthly, annual = _tidy()
    partners = pd.DataFrame(
        {"cty_code": ["1220", "4621"], "label": ["Canada", "Russia"], "kind": ["country"] * 2}
    )
    panel = panel_frame(monthly, annual, partners, flow="exports", freq="M")
    assert panel.columns.tolist() == ["Canada", "Russia"]
    assert panel.loc["2024-01"].tolist() == [10.0, 1.0]
    assert math.isnan(panel.loc["2024-03", "Canada"])  # no row → NaN

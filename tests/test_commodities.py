"""Commodity composition: parsers on small generated files, the bundled loader, groups, live path.

Runs on a fresh clone (no ../shared/data): the parser tests use generated xlsx/CSV bytes, the
loader tests use the snapshot inside the package. Known values are quoted from
../shared/data/census/commodities/SOURCES.md (sections 4 and 5) with the place they come from.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeshock as ts
from tradeshock import (
    NotInSnapshotError,
    SchemaError,
    SourceError,
    UnknownPartnerError,
    ValidationError,
)
from tradeshock._snapshot import read_table
from tradeshock.parsers.commodities import parse_comtrade_hs2, parse_enduse_imports
from tradeshock.sources.composition import (
    ENDUSE_PATH,
    group_totals,
    oil_and_metals_share,
)

# --- generated fixtures -----------------------------------------------------------------------


def _enduse_frame(**overrides: Any) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "CTY_CODE": ["0000", "0000", "4621", "4621"],
            "CTY_DESC": ["World Total", "World Total", "Russia", "Russia"],
            "END_USE": ["10000", "10300", "10000", "10300"],
            "COMM_DESC": [
                "Crude oil",
                "Nuclear fuel materials",
                "Crude oil",
                "Nuclear fuel materials",
            ],
            "value_22": [250_000_000, 9_000_000, 2_000_000, 1_000_000],
            "value_23": [200_000_000, 8_000_000, 0, 3_000_000],
        }
    )
    for key, value in overrides.items():
        frame[key] = value
    return frame


def _xlsx(frame: pd.DataFrame, sheet: str = "EnduseImp") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
    return buf.getvalue()


COMTRADE_HEADER = (
    "Classification,Year,Trade Flow,Reporter,Partner,Commodity Code,Commodity,Trade Value (US$)\n"
)
COMTRADE_ROWS = (
    "H4,2015,Import,USA,Russian Federation,27,Mineral fuels,8500000000\n"
    'H4,2015,Import,USA,Russian Federation,9,"Coffee, tea, matÃ© and spices",1000\n'
    "H4,2015,Import,USA,Russian Federation,TOTAL,All Commodities,9000000000\n"
    "H4,2015,Import,USA,Russian Federation,2709,Crude,100\n"
    "H4,2015,Export,USA,Russian Federation,84,Machinery,300000000\n"
    "H4,2015,Re-Export,USA,Russian Federation,84,Machinery,\n"
)


# --- end-use parser ---------------------------------------------------------------------------


def test_enduse_parser_tidy_long() -> None:
    tidy = parse_enduse_imports(_xlsx(_enduse_frame()))
    assert list(tidy.columns) == ["cty_code", "partner", "end_use", "description", "year", "value"]
    assert len(tidy) == 8
    assert set(tidy["year"]) == {2022, 2023}
    russia = tidy[(tidy["cty_code"] == "4621") & (tidy["year"] == 2023)]
    assert russia.set_index("end_use")["value"].to_dict() == {"10000": 0.0, "10300": 3e6}
    assert tidy["value"].dtype == np.float64


def test_enduse_parser_pads_codes_excel_turned_into_numbers() -> None:
    frame = _enduse_frame(CTY_CODE=[0, 0, 4621, 4621], END_USE=[10000, 300, 10000, 300])
    tidy = parse_enduse_imports(_xlsx(frame))
    assert set(tidy["cty_code"]) == {"0000", "4621"}
    assert set(tidy["end_use"]) == {"10000", "00300"}


def test_enduse_parser_ignores_extra_columns() -> None:
    frame = _enduse_frame(**{"Unnamed: 14": [None] * 4, "CHINA": [1, 2, 3, 4], "value_xx": 5})
    plain = parse_enduse_imports(_xlsx(_enduse_frame()))
    pd.testing.assert_frame_equal(parse_enduse_imports(_xlsx(frame)), plain)


def test_enduse_parser_accepts_path_and_four_digit_years(tmp_path: Any) -> None:
    frame = _enduse_frame().rename(columns={"value_22": "value_2022", "value_23": "value_2023"})
    path = tmp_path / "e.xlsx"
    path.write_bytes(_xlsx(frame))
    assert set(parse_enduse_imports(path)["year"]) == {2022, 2023}


def test_enduse_parser_renamed_column_names_it() -> None:
    frame = _enduse_frame().rename(columns={"COMM_DESC": "COMMODITY"})
    with pytest.raises(SchemaError, match="COMM_DESC"):
        parse_enduse_imports(_xlsx(frame))


def test_enduse_parser_missing_sheet() -> None:
    with pytest.raises(SchemaError, match="EnduseImp"):
        parse_enduse_imports(_xlsx(_enduse_frame(), sheet="Sheet1"))


def test_enduse_parser_empty_sheet() -> None:
    with pytest.raises(SchemaError, match="no data rows"):
        parse_enduse_imports(_xlsx(_enduse_frame().iloc[:0]))


def test_enduse_parser_no_value_columns() -> None:
    with pytest.raises(SchemaError, match="value_YY"):
        parse_enduse_imports(_xlsx(_enduse_frame().drop(columns=["value_22", "value_23"])))


def test_enduse_parser_not_xlsx() -> None:
    with pytest.raises(SchemaError, match="xlsx"):
        parse_enduse_imports(b"<html>moved</html>")


def test_enduse_parser_bad_value_and_blank_value() -> None:
    with pytest.raises(SchemaError, match="value_23"):
        parse_enduse_imports(_xlsx(_enduse_frame(value_23=[1, 2, "lots", 4])))
    tidy = parse_enduse_imports(_xlsx(_enduse_frame(value_23=[1, 2, None, "(D)"])))
    assert tidy["value"].isna().sum() == 2  # blank and suppressed cells are NaN, never 0


def test_enduse_parser_bad_code_and_repeated_row() -> None:
    with pytest.raises(SchemaError, match="END_USE"):
        parse_enduse_imports(_xlsx(_enduse_frame(END_USE=["10000", "1030X", "10000", "10300"])))
    with pytest.raises(SchemaError, match="repeats"):
        parse_enduse_imports(_xlsx(_enduse_frame(END_USE=["10000", "10000", "10000", "10300"])))


# --- Comtrade parser --------------------------------------------------------------------------


def test_comtrade_parser_keeps_chapters_only() -> None:
    tidy = parse_comtrade_hs2((COMTRADE_HEADER + COMTRADE_ROWS).encode())
    assert list(tidy.columns) == [
        "reporter",
        "partner",
        "flow",
        "hs2",
        "description",
        "year",
        "value",
    ]
    imports = tidy[tidy["flow"] == "imports"].set_index("hs2")["value"]
    # TOTAL (sum of all chapters) and the 4-digit 2709 row are dropped: no double counting
    assert imports.to_dict() == {"09": 1000.0, "27": 8.5e9}
    assert set(tidy["flow"]) == {"imports", "exports", "re-exports"}
    assert np.isnan(tidy.loc[tidy["flow"] == "re-exports", "value"].iloc[0])
    assert tidy.loc[tidy["hs2"] == "09", "description"].iloc[0] == "Coffee, tea, maté and spices"


def test_comtrade_parser_r_mangled_header_is_the_same_layout() -> None:
    mangled = (
        "Classification,Year,Trade.Flow,Reporter.Code,Reporter,Partner.Code,Partner,"
        "Aggregate.Level,Commodity.Code,Commodity,Trade.Value..US..,Flag\n"
        "H4,2015,Import,842,USA,643,Russian Federation,2,27,Mineral fuels,8500000000.0,0\n"
    )
    tidy = parse_comtrade_hs2(mangled.encode())
    assert tidy[["flow", "hs2", "year", "value"]].to_dict("records") == [
        {"flow": "imports", "hs2": "27", "year": 2015, "value": 8.5e9}
    ]


def test_comtrade_parser_flow_filter() -> None:
    tidy = parse_comtrade_hs2((COMTRADE_HEADER + COMTRADE_ROWS).encode(), flows=["exports"])
    assert list(tidy["flow"]) == ["exports"]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            COMTRADE_HEADER.replace("Trade Value (US$)", "Value") + COMTRADE_ROWS,
            r"Trade Value \(US\$\)",
        ),
        (COMTRADE_HEADER + COMTRADE_ROWS.replace("Export,", "Transit,"), "Transit"),
        (COMTRADE_HEADER, "no data rows"),
        ("", "empty"),
        (COMTRADE_HEADER + "H4,15,Import,USA,Russia,27,Fuels,1\n", "Year"),
        (COMTRADE_HEADER + "H4,2015,Import,USA,Russia,27,Fuels,lots\n", "non-numeric"),
        (
            COMTRADE_HEADER
            + "H4,2015,Import,USA,Russia,27,F,1\nH4,2015,Import,USA,Russia,27,F,2\n",
            "repeats",
        ),
        (COMTRADE_HEADER + "H4,2015,Import,USA,Russia,TOTAL,All,1\n", "no HS chapter"),
    ],
)
def test_comtrade_parser_errors(text: str, match: str) -> None:
    with pytest.raises(SchemaError, match=match):
        parse_comtrade_hs2(text.encode())


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.integers(1, 99), st.integers(0, 10**12), min_size=1, max_size=20))
def test_comtrade_parser_round_trips_chapter_values(values: dict[int, int]) -> None:
    rows = "".join(
        f"H5,2019,Import,USA,Russian Federation,{code},Chapter {code},{value}\n"
        for code, value in values.items()
    )
    tidy = parse_comtrade_hs2((COMTRADE_HEADER + rows).encode())
    assert tidy.set_index("hs2")["value"].to_dict() == {
        f"{code:02d}": float(value) for code, value in values.items()
    }


# --- bundled loader ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def russia() -> pd.DataFrame:
    return ts.load_trade_composition("Russia")


def test_enduse_frame_shape_and_attrs(russia: pd.DataFrame) -> None:
    assert isinstance(russia.index, pd.PeriodIndex)
    assert russia.index.name == "period"
    assert russia.index.freqstr.startswith("Y")
    assert [p.year for p in russia.index] == list(range(2014, 2026))
    assert all(isinstance(c, str) and len(c) == 5 for c in russia.columns)
    # SOURCES.md §2: Russia has 135 end-use rows in E1
    assert russia.shape[1] >= 135
    attrs = russia.attrs
    assert attrs["units"] == "USD millions"
    assert attrs["basis"] == "enduse"
    assert attrs["valuation"] == "general imports, customs value"
    assert attrs["flow"] == "imports"
    assert attrs["partner"] == "Russia"
    assert attrs["categories"]["10300"] == "Nuclear fuel materials"
    assert set(attrs["categories"]) == set(russia.columns)
    assert "spring 2026" in attrs["vintages"]["2016"]
    assert "autumn 2024" in attrs["vintages"]["2015"]
    assert {"source", "units", "vintage"} <= set(attrs)
    assert not russia.isna().any().any()


def test_enduse_known_values(russia: pd.DataFrame) -> None:
    # SOURCES.md §5 (E1 column of the 2021 comparison): fuel oil 10,220.5, crude oil 4,687.9,
    # nuclear fuel 689.0, fertilizers 1,181.6 (USD million)
    row = russia.loc["2021"]
    assert round(row["10010"], 1) == 10220.5
    assert round(row["10000"], 1) == 4687.9
    assert round(row["10300"], 1) == 689.0
    assert round(row["12510"], 1) == 1181.6
    # SOURCES.md §5: E1 fertilizers 2019 = 963.3 million
    assert round(russia.loc["2019", "12510"], 1) == 963.3


def test_enduse_totals_match_sources_cross_check(russia: pd.DataFrame) -> None:
    # SOURCES.md §5 "End-use totals = Census totals" (sum of all Russia end-use rows)
    expected = {
        2014: 23659.6,
        2015: 16372.4,
        2016: 14543.4,
        2017: 17055.4,
        2018: 20845.0,
        2019: 22279.1,
        2020: 16902.0,
        2021: 29638.3,
        2022: 14437.1,
        2023: 4570.8,
        2024: 3007.3,
        2025: 3793.4,
    }
    totals = russia.sum(axis=1)
    for year, value in expected.items():
        assert round(totals.loc[str(year)], 1) == pytest.approx(value, abs=0.051), year


def test_composition_is_a_new_object_each_call(russia: pd.DataFrame) -> None:
    again = ts.load_trade_composition("Russia")
    again.iloc[0, 0] = -1.0
    again.attrs["categories"]["10300"] = "changed"
    fresh = ts.load_trade_composition("RUS")
    assert fresh.iloc[0, 0] != -1.0
    assert fresh.attrs["categories"]["10300"] == "Nuclear fuel materials"


def test_partner_spellings_agree(russia: pd.DataFrame) -> None:
    for spelling in ("russian federation", "RUS", 4621, "4621"):
        pd.testing.assert_frame_equal(ts.load_trade_composition(spelling), russia)


def test_world_total_is_sum_of_countries() -> None:
    table = read_table("composition_enduse_imports")
    years = [c for c in table.columns if c.isdigit()]
    countries = table[table["cty_code"] != "0000"].groupby("end_use")[years].sum()
    world = table[table["cty_code"] == "0000"].set_index("end_use")[years]
    pd.testing.assert_frame_equal(countries.loc[world.index], world, check_names=False)
    composition = ts.load_trade_composition("World")
    assert composition.attrs["partner"] == "World Total"
    assert composition.shape[1] == 142  # every end-use code has world trade


def test_other_partner_and_ambiguous_names() -> None:
    canada = ts.load_trade_composition("Canada")
    assert canada.attrs["cty_code"] == "1220"
    assert canada.loc["2023", "10000"] > 50_000  # crude oil is Canada's largest end-use
    serbia = ts.load_trade_composition("Serbia")
    assert serbia.attrs["cty_code"] == "4801"


def test_hs2_is_not_bundled_and_says_where_to_get_it() -> None:
    # UN Comtrade's terms forbid re-dissemination: HS2 is live only (tests in
    # test_composition_hs2_live.py run the same checks on the live path)
    for flow in ("imports", "exports"):
        with pytest.raises(NotInSnapshotError) as info:
            ts.load_trade_composition("Russia", basis="hs2", flow=flow)
        text = str(info.value)
        for needle in ("source='comtrade'", "api_key", "load_trade_hs", "re-dissemination"):
            assert needle in text
    names = set(ts.catalog()["dataset"])
    assert not any(name.startswith("composition_hs2") for name in names)


# --- typed errors -----------------------------------------------------------------------------


def test_unknown_partner() -> None:
    with pytest.raises(UnknownPartnerError):
        ts.load_trade_composition("Atlantis")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"basis": "sitc"}, ValidationError, "basis"),
        ({"flow": "reexports"}, ValidationError, "flow"),
        ({"source": "comtrade"}, ValidationError, "basis='hs2' only"),
        ({"source": "wits"}, ValidationError, "source"),
        ({"basis": "hs2", "source": "comtrade"}, ValidationError, "subscription key"),
        ({"basis": "hs2", "source": "census"}, ValidationError, "source='census'"),
        ({"flow": "exports", "source": "census"}, ValidationError, "source='census'"),
        ({"flow": "exports"}, NotInSnapshotError, "could not be obtained"),
    ],
)
def test_bad_arguments(kwargs: dict[str, str], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        ts.load_trade_composition("Russia", **kwargs)


def test_partner_without_enduse_rows() -> None:
    # 4610 is the former Soviet Union: a Census code with no end-use rows in the 2014+ files
    with pytest.raises(NotInSnapshotError, match="4610"):
        ts.load_trade_composition(4610)


# --- groups and shares ------------------------------------------------------------------------


ISSUE_GROUPS = {
    "enduse": {
        "oil": ("10000", "10010", "10020"),
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
    },
    "hs2": {
        "oil": ("27",),
        "metals": ("71", "72", "73", "74", "75", "76", "79", "81"),
        "inorganic_chemicals": ("28",),
        "nuclear_reactors_machinery": ("84",),
    },
}


@pytest.mark.parametrize("basis", ["enduse", "hs2"])
def test_commodity_groups_as_in_the_issue(basis: str) -> None:
    groups = ts.commodity_groups(basis)
    for name, codes in ISSUE_GROUPS[basis].items():
        assert groups[name] == codes
    flat = [code for codes in groups.values() for code in codes]
    assert len(flat) == len(set(flat)), "default groups must not overlap"
    width = 5 if basis == "enduse" else 2
    assert all(len(c) == width and c.isdigit() for c in flat)


def test_enduse_group_codes_exist_in_the_data() -> None:
    known = set(ts.load_trade_composition("World").columns)
    for name, codes in ts.commodity_groups("enduse").items():
        assert set(codes) <= known, name


def test_commodity_groups_returns_a_copy_and_checks_basis() -> None:
    groups = ts.commodity_groups()
    groups["oil"] = ("99999",)
    assert ts.commodity_groups()["oil"] == ("10000", "10010", "10020")
    with pytest.raises(ValidationError, match="basis"):
        ts.commodity_groups("sitc")


def test_group_shares_by_hand_2019(russia: pd.DataFrame) -> None:
    shares = ts.group_shares(russia)
    assert shares.attrs["units"] == "share"
    assert shares.attrs["basis"] == "enduse"
    assert shares.attrs["valuation"] == "general imports, customs value"
    # 2019, USD million, values of the raw E1 file (Russia rows, value_19):
    #   oil = 3,392.165416 + 7,745.326107 + 2,033.866138 = 13,171.357661
    #   metals = 1,004.312323 + 400.182947 + 501.553830 + 0.011500 + 206.582063 + 17.331710
    #            + 197.817314 + 1,587.215379 + 212.292637 + 30.558482 + 1.931734 + 296.984459
    #          = 4,456.770378
    #   total (SOURCES.md §5) = 22,279.1  ->  oil 59.12 %, metals 20.00 %
    #   SOURCES.md §4 table: end-use oil 59.1, metals 20.0, oil+metals 79.1, +nuclear 81.9
    row = shares.loc["2019"]
    assert row["oil"] == pytest.approx(13171.357661 / 22279.1, abs=1e-5)
    assert row["metals"] == pytest.approx(4456.770378 / 22279.1, abs=1e-5)
    assert round(100 * row["oil"], 1) == 59.1
    assert round(100 * row["metals"], 1) == 20.0
    assert round(100 * (row["oil"] + row["metals"] + row["nuclear_fuel"]), 1) == 81.9
    assert (shares >= 0).all().all()
    assert (shares <= 1).all().all()


def test_group_shares_with_other_add_up_to_one(russia: pd.DataFrame) -> None:
    shares = ts.group_shares(russia, other=True)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-12)
    totals = group_totals(russia, other=True)
    np.testing.assert_allclose(totals.sum(axis=1), russia.sum(axis=1), rtol=1e-12)


def test_oil_and_metals_share_enduse_bundled_hs2_live_only() -> None:
    enduse = oil_and_metals_share("enduse")
    # SOURCES.md §4: oil+metals 2019 end-use 79.1; 2023 end-use 32.9 (HS 81.2: live test)
    assert round(100 * enduse.loc["2019"], 1) == 79.1
    assert round(100 * enduse.loc["2023"], 1) == 32.9
    assert enduse.attrs["basis"] == "enduse"
    with pytest.raises(NotInSnapshotError, match="source='comtrade'"):
        oil_and_metals_share("hs2")


def test_group_shares_custom_groups_and_int_codes() -> None:
    enduse = ts.load_trade_composition("Russia")
    by_int = ts.group_shares(enduse, {"fuel": [10000], "nuclear": 10300})
    by_str = ts.group_shares(enduse, {"fuel": ["10000"], "nuclear": ["10300"]})
    pd.testing.assert_frame_equal(by_int, by_str)
    assert by_int.attrs["groups"] == {"fuel": ["10000"], "nuclear": ["10300"]}


def test_group_shares_absent_code_is_zero_not_an_error() -> None:
    frame = pd.DataFrame(
        {"10000": [1.0, 2.0], "10300": [3.0, 2.0]},
        index=pd.period_range("2020", periods=2, freq="Y", name="period"),
    )
    shares = ts.group_shares(frame, {"oil": ["10000", "10010"], "gems": ["42100"]})
    assert shares["oil"].tolist() == [0.25, 0.5]
    assert shares["gems"].tolist() == [0.0, 0.0]


def test_group_shares_nan_and_zero_totals() -> None:
    frame = pd.DataFrame(
        {"27": [1.0, np.nan, 0.0], "28": [1.0, 1.0, 0.0]},
        index=pd.period_range("2010", periods=3, freq="Y", name="period"),
    )
    shares = ts.group_shares(frame)  # basis inferred from the 2-digit codes
    assert shares.loc["2010", "oil"] == 0.5
    assert np.isnan(shares.loc["2011", "oil"])  # unknown total: unknown share, never 0
    assert np.isnan(shares.loc["2012", "oil"])  # nothing traded: no share


@pytest.mark.parametrize(
    ("groups", "match"),
    [
        ({"oil": ["1000"]}, "5 digits"),
        ({"oil": []}, "empty"),
        ({}, "non-empty"),
        (["10000"], "mapping"),
    ],
)
def test_group_shares_bad_groups(russia: pd.DataFrame, groups: Any, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        ts.group_shares(russia, groups)


def test_group_shares_bad_inputs(russia: pd.DataFrame) -> None:
    with pytest.raises(ValidationError, match="DataFrame"):
        ts.group_shares(russia["10000"])  # type: ignore[arg-type]
    unlabelled = pd.DataFrame({"a": [1.0]}, index=pd.period_range("2020", periods=1, freq="Y"))
    with pytest.raises(ValidationError, match="groups="):
        ts.group_shares(unlabelled)
    with pytest.raises(ValidationError, match="not a column"):
        ts.group_shares(unlabelled, {"x": ["b"]})
    with pytest.raises(ValidationError, match="overlap"):
        group_totals(russia, {"a": ["10000"], "b": ["10000", "10010"]}, other=True)


# --- live source (pytest-httpserver on 127.0.0.1, a generated xlsx) ----------------------------


@pytest.fixture
def census_session(httpserver: Any) -> Iterator[Any]:
    from tradeshock.sources.http import cached_session

    session = cached_session(base_urls={"census": httpserver.url_for("/").rstrip("/")}, retries=0)
    yield session
    session.close()


def test_live_enduse(httpserver: Any, census_session: Any) -> None:
    httpserver.expect_request(ENDUSE_PATH).respond_with_data(
        _xlsx(_enduse_frame()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Last-Modified": "Tue, 07 Apr 2026 12:00:00 GMT"},
    )
    live = ts.load_trade_composition("Russia", source="census", session=census_session)
    assert [p.year for p in live.index] == [2022, 2023]
    assert live.loc["2023", "10300"] == 3.0
    assert live.loc["2023", "10000"] == 0.0
    assert live.attrs["vintage"] == "Tue, 07 Apr 2026 12:00:00 GMT"
    assert "live" in live.attrs["source"]
    assert live.attrs["upstream_url"].endswith(ENDUSE_PATH)
    assert live.attrs["valuation"] == "general imports, customs value"
    world = ts.load_trade_composition("World", source="census", session=census_session)
    assert world.loc["2022", "10000"] == 250.0
    # the live file lacks Canada: the same error family as the snapshot's (NotCoveredError)
    with pytest.raises(ts.NotCoveredError, match="1220"):
        ts.load_trade_composition("Canada", source="census", session=census_session)


def test_live_enduse_errors(httpserver: Any, census_session: Any) -> None:
    httpserver.expect_request(ENDUSE_PATH).respond_with_data("oops", status=500)
    with pytest.raises(SourceError):
        ts.load_trade_composition("Russia", source="census", session=census_session)


def test_live_enduse_changed_format(httpserver: Any, census_session: Any) -> None:
    renamed = _enduse_frame().rename(columns={"CTY_CODE": "COUNTRY"})
    httpserver.expect_request(ENDUSE_PATH).respond_with_data(_xlsx(renamed))
    with pytest.raises(SchemaError, match="CTY_CODE"):
        ts.load_trade_composition("Russia", source="census", session=census_session)


# --- the tutorial runs and prints what it shows -----------------------------------------------

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorials" / "composition.md"


def test_tutorial_code_blocks_run_and_match_their_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not TUTORIAL.exists():
        pytest.skip(f"{TUTORIAL} not found")
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)  # the last block saves a PNG
    text = TUTORIAL.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    outputs = re.findall(r"```text\n(.*?)```", text, re.S)
    assert len(blocks) >= len(outputs) >= 4

    def lines(s: str) -> list[str]:
        return [line.rstrip() for line in s.strip().splitlines()]

    namespace: dict[str, Any] = {}
    for number, block in enumerate(blocks):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(block, f"{TUTORIAL.name} block {number}", "exec"), namespace)
        if number < len(outputs):
            assert lines(printed.getvalue()) == lines(outputs[number]), f"block {number}"
    assert (tmp_path / "composition.png").stat().st_size > 0

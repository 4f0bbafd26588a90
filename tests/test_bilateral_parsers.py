"""Bilateral parsers: every parsed cell against an independent read of the raw files.

The independent reads use pandas (``read_excel`` with ``header=None``, ``read_csv``) and the
published figures quoted in ``bilateral/SOURCES.md``; the traps listed there are tested by name.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from tradeshock.errors import SchemaError
from tradeshock.parsers.bilateral import bns, comext, dots, fts
from tradeshock.parsers.bilateral._countries import code_for_name, normalise_name

MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Path:
    return shared_data / "bilateral"


@pytest.fixture(scope="module")
def monthly(raw: Path) -> pd.DataFrame:
    return fts.parse_fts_monthly((raw / "russia_fts_rosstat/96stran.xlsx").read_bytes())


def _index(frame: pd.DataFrame, *keys: str) -> dict[tuple[str, ...], float]:
    assert not frame.duplicated(list(keys)).any()
    return {tuple(k): v for *k, v in frame[[*keys, "value"]].itertuples(index=False)}


# --- FTS / Rosstat -------------------------------------------------------------------------


def test_fts_monthly_every_cell_matches_the_workbook(raw: Path, monthly: pd.DataFrame) -> None:
    path = raw / "russia_fts_rosstat/96stran.xlsx"
    expected: dict[tuple[str, ...], float] = {}
    for sheet, flow in (("Экспорт", "exports"), ("Импорт", "imports")):
        grid = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
        names = [" ".join(str(n).split()) for n in grid.iloc[4, 1:30]]
        year = None
        for r in range(5, len(grid)):
            label = grid.iloc[r, 0]
            if isinstance(label, int):
                year = label
                continue
            period = f"{year}-{MONTHS.index(str(label).strip()) + 1:02d}"
            for c, name in enumerate(names, start=1):
                cell = grid.iloc[r, c]
                expected[(flow, name, period)] = math.nan if cell == "\u2026" else float(cell)
    got = _index(monthly, "flow", "partner_name", "period")
    assert got.keys() == expected.keys()
    assert len(got) == 2 * 29 * 16 * 12
    for key, value in expected.items():
        assert (math.isnan(value) and math.isnan(got[key])) or got[key] == value, key


def test_fts_latin_letters_in_cyrillic_names_resolve(monthly: pd.DataFrame) -> None:
    # 13 names hide a Latin 'a' (U+0061): they must still resolve, by code, in both sheets
    latin = monthly[monthly["partner_name"].str.contains("a", regex=False)]
    assert latin["partner_name"].nunique() == 13
    assert (monthly["partner"] != "").all()
    assert monthly["partner"].nunique() == 29
    assert set(latin["partner"]) >= {
        "CHN",
        "DEU",
        "NLD",
        "GBR",
        "KOR",
        "ITA",
        "FRA",
        "POL",
        "VNM",
        "BRA",
        "ESP",
        "CHE",
        "TWN",
    }
    assert code_for_name("Китaй") == code_for_name("Китай") == "CHN"
    # Korea and Czechia are written with a line break (with / without a space before it)
    korea = monthly[monthly["partner"] == "KOR"].groupby("flow")["partner_name"].unique()
    assert korea["exports"].tolist() == korea["imports"].tolist() == ["Республикa Корея"]


def test_fts_ellipsis_cells_are_nan_never_zero(monthly: pd.DataFrame) -> None:
    gaps = monthly[monthly["value"].isna()]
    assert len(gaps) == 12  # Kazakhstan, July-December 2010, both flows
    assert set(gaps["partner"]) == {"KAZ"}
    assert sorted(set(gaps["period"])) == [f"2010-{m:02d}" for m in range(7, 13)]
    assert gaps["note"].str.contains("…").all()
    belarus_2010 = monthly[(monthly["partner"] == "BLR") & monthly["period"].str.startswith("2010")]
    assert belarus_2010["value"].notna().all()


def test_fts_published_sums(monthly: pd.DataFrame) -> None:
    # SOURCES.md §5.2/§5.3: 96stran 2019 sums of 12 months
    year = monthly[monthly["period"].str.startswith("2019")]
    sums = year.groupby(["partner", "flow"])["value"].sum().round(1)
    assert sums[("CHN", "exports")] == 57315.2
    assert sums[("CHN", "imports")] == 54172.8
    assert sums[("DEU", "exports")] == 28048.9
    assert sums[("KAZ", "exports")] == 14286.9


def test_fts_annual_every_cell_matches(raw: Path) -> None:
    path = raw / "russia_fts_rosstat/94itog.xlsx"
    parsed = fts.parse_fts_annual(path.read_bytes())
    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
    expected = {}
    for sheet, grid in sheets.items():
        if not sheet.isdigit():
            continue
        flow = None
        for r in range(len(grid)):
            label, value = grid.iloc[r, 0], grid.iloc[r, 1] if grid.shape[1] > 1 else None
            if not isinstance(label, str) or not isinstance(value, (int, float)) or pd.isna(value):
                continue
            if label.strip() in ("Экспорт", "Импорт"):
                flow = "exports" if label.strip() == "Экспорт" else "imports"
            expected[(flow, sheet, " ".join(label.split()))] = float(value)
    got = {
        (
            f,
            p,
            "Экспорт" if n == "Весь мир" and f == "exports" else "Импорт" if n == "Весь мир" else n,
        ): v
        for f, p, n, v in parsed[["flow", "period", "partner_name", "value"]].itertuples(
            index=False
        )
    }
    assert got == expected
    kaz = _index(parsed[parsed["partner"] == "KAZ"], "flow", "period")
    assert kaz[("exports", "2010")] == 10690
    assert kaz[("imports", "2010")] == 4449
    assert sorted(parsed["period"].unique())[0] == "1994"


def test_fts_continents_billion_to_million(raw: Path) -> None:
    folder = raw / "russia_fts_rosstat/fts_by_continent_2022_2024"
    full = fts.parse_fts_continents((folder / "fts_by_continent_2023-12.xlsx").read_bytes())
    cell = _index(full, "partner", "flow", "period")
    assert cell[("WLD", "exports", "2023")] == pytest.approx(425088.0, abs=1e-6)
    assert cell[("WLD", "imports", "2023")] == pytest.approx(285057.0, abs=1e-6)
    assert cell[("ASIA", "exports", "2023")] == pytest.approx(306623.0, abs=1e-6)
    assert (full["units"] == "USD millions").all()
    span = fts.parse_fts_continents((folder / "fts_by_continent_2024-09.xlsx").read_bytes())
    assert set(span["period"]) == {"2023-01/2023-09", "2024-01/2024-09"}
    grid = pd.read_excel(folder / "fts_by_continent_2024-09.xlsx", header=None)
    assert _index(span, "partner", "flow", "period")[
        ("EUROPE", "imports", "2024-01/2024-09")
    ] == pytest.approx(grid.iloc[7, 5] * 1000)


@pytest.mark.parametrize(
    "parser", [fts.parse_fts_monthly, fts.parse_fts_annual, dots.parse_dots_workbook]
)
def test_workbook_parsers_reject_non_workbooks(parser: object) -> None:
    with pytest.raises(SchemaError):
        parser(b"PK\x03\x04 not really a zip")  # type: ignore[operator]


# --- IMF DOTS ------------------------------------------------------------------------------

DOTS = ("DOTS_162", "DOTS_40", "DOTS_77", "DOTS_93", "DOTS_103", "DOTS_200", "DOTS_230")


@pytest.mark.parametrize("name", DOTS)
def test_dots_every_cell_matches_the_workbook(raw: Path, name: str) -> None:
    path = raw / "imf_dots" / f"{name}.xlsx"
    parsed = dots.parse_dots_workbook(path.read_bytes())
    expected: dict[tuple[str, ...], float] = {}
    estimates: set[tuple[str, ...]] = set()
    for sheet, flow in (("Exports, FOB", "exports"), ("Imports, CIF", "imports")):
        grid = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
        assert grid.iloc[4, 1] == "US Dollars, Millions"
        years = {
            c: str(grid.iloc[6, c]) for c in range(2, grid.shape[1]) if not pd.isna(grid.iloc[6, c])
        }
        for r in range(7, len(grid)):
            partner = grid.iloc[r, 1]
            if not isinstance(partner, str):
                continue
            for c, year in years.items():
                cell = grid.iloc[r, c]
                if pd.isna(cell) or (isinstance(cell, str) and not cell.strip()):
                    continue
                key = (flow, partner.strip(), year)
                if isinstance(cell, str):
                    assert cell.endswith(" e"), cell
                    estimates.add(key)
                    cell = cell[:-2].replace(",", "")  # "1,420.58 e"
                # a partner printed twice (Australia) must hold the same values both times
                assert expected.setdefault(key, float(cell)) == float(cell), key
    got = _index(parsed, "flow", "partner_name", "period")
    assert got == expected
    flagged = parsed[parsed["note"] == "IMF estimate"]
    assert (
        set(flagged[["flow", "partner_name", "period"]].itertuples(index=False, name=None))
        == estimates
    )
    assert not (parsed["value"].isna()).any()


def test_dots_published_figures_and_the_unallocated_years(raw: Path) -> None:
    china = dots.parse_dots_workbook((raw / "imf_dots/DOTS_40.xlsx").read_bytes())
    cell = _index(china[china["partner"] != ""], "partner", "flow", "period")
    assert round(cell[("RUS", "exports", "2019")], 1) == 49484.5  # SOURCES.md §5.2
    assert round(cell[("RUS", "imports", "2019")], 1) == 60257.2
    russia = dots.parse_dots_workbook((raw / "imf_dots/DOTS_162.xlsx").read_bytes())
    lost = russia[
        (russia["partner_name"] == "Countries & Areas not specified")
        & (russia["flow"] == "exports")
    ].set_index("period")["value"]
    # §2: 49.3, 50.4 and 86.6 billion USD of exports unallocated in 2009-2011
    assert [round(lost[y] / 1000, 1) for y in ("2009", "2010", "2011")] == [49.3, 50.4, 86.6]
    de = _index(russia[russia["partner"] == "DEU"], "flow", "period")
    assert round(de[("exports", "2010")]) == 15861  # vs 25,662 in FTS: the trap


# --- Eurostat Comext -----------------------------------------------------------------------


def _comext_files(raw: Path, folder: str) -> list[Path]:
    return sorted((raw / "eurostat_comext" / folder).glob("*.csv"))


def test_comext_every_cell_matches_the_csv(raw: Path) -> None:
    for path in _comext_files(raw, "eu27_exports_by_partner_annual") + _comext_files(
        raw, "member_states_exports_to_russia_monthly"
    ):
        parsed = comext.parse_comext_csv(path.read_bytes())
        table = pd.read_csv(path, dtype={"VALUE_IN_EUR": "float64"}, keep_default_na=False)
        assert len(parsed) == len(table)
        assert parsed["value"].tolist() == (table["VALUE_IN_EUR"] / 1e6).tolist()
        assert parsed["partner_name"].tolist() == table["PARTNER"].str.strip().tolist()
        assert (parsed["units"] == "EUR millions").all()


def test_comext_eu27_exports_to_russia_match_sources_md(raw: Path) -> None:
    frames = [
        comext.parse_comext_csv(p.read_bytes())
        for p in _comext_files(raw, "eu27_exports_by_partner_annual")
    ]
    eu = pd.concat(frames)
    to_russia = eu[(eu["reporter"] == "EU27") & (eu["partner"] == "RUS")].set_index("period")
    billions = (to_russia["value"] / 1000).round(2).to_dict()
    assert billions == {
        "2010": 82.71,
        "2011": 103.78,
        "2012": 117.93,
        "2013": 114.80,
        "2014": 99.10,
        "2015": 70.46,
        "2016": 69.28,
        "2017": 82.77,
        "2018": 82.30,
        "2019": 87.75,
        "2020": 78.98,
        "2021": 89.17,
        "2022": 55.01,
        "2023": 38.18,
    }
    # the 2016 file is in French: Russie, Fédération de / Union européenne - 27 pays
    french = to_russia.loc["2016"]
    assert french["partner_name"] == "Russie, Fédération de"


def test_comext_monthly_germany_and_eu_aggregates(raw: Path) -> None:
    frames = [
        comext.parse_comext_csv(p.read_bytes())
        for p in _comext_files(raw, "member_states_exports_to_russia_monthly")
    ]
    monthly = pd.concat(frames)
    assert monthly["period"].min() == "2019-01"
    assert monthly["period"].max() == "2024-08"
    germany = monthly[monthly["reporter"] == "DEU"]
    yearly = germany.groupby(germany["period"].str[:4])["value"].sum() / 1000
    assert yearly.round(2).to_dict() == {
        "2019": 26.68,
        "2020": 23.18,
        "2021": 26.76,
        "2022": 14.54,
        "2023": 8.90,
        "2024": 5.08,
    }
    # EU of changing composition and the euro areas are not the EU27: left without a code
    unmapped = set(monthly.loc[monthly["reporter"] == "", "reporter_name"])
    assert len(unmapped) == 3
    assert all(n.startswith(("European Union (AT-01/1995", "Euro area")) for n in unmapped)
    # §5.5: monthly EU27 rows summed per year equal the annual files within 6 euro
    eu = monthly[monthly["reporter"] == "EU27"]
    eu_sum = eu.groupby(eu["period"].str[:4])["value"].sum()
    annual = pd.concat(
        [
            comext.parse_comext_csv(p.read_bytes())
            for p in _comext_files(raw, "eu27_exports_by_partner_annual")
        ]
    )
    eu_annual = annual[(annual["reporter"] == "EU27") & (annual["partner"] == "RUS")]
    for year, value in eu_annual.set_index("period")["value"].items():
        if year in eu_sum.index and year != "2024":
            assert abs(eu_sum[year] - value) * 1e6 < 6.01, (
                year
            )  # "within 6 euro", float noise aside


def test_comext_rejects_other_flows_and_headers() -> None:
    head = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
    with pytest.raises(SchemaError, match="not export"):
        comext.parse_comext_csv(
            (head + '"DE","RU","Total","IMPORT","Total","Jan. 2019",1\n').encode()
        )
    with pytest.raises(SchemaError, match="header"):
        comext.parse_comext_csv(b"A,B\n1,2\n")
    with pytest.raises(SchemaError, match="period"):
        comext.parse_comext_csv(
            (head + '"DE","RU","Total","EXPORT","Total","Q1 2019",1\n').encode()
        )


# --- Kazakhstan BNS ------------------------------------------------------------------------


def test_bns_every_cell_matches_and_thousands_become_millions(raw: Path) -> None:
    pytest.importorskip("xlrd")
    for path in sorted((raw / "kazakhstan_bns").glob("*.xls")):
        parsed = bns.parse_bns_xls(path.read_bytes())
        expected = {}
        for sheet, grid in pd.read_excel(path, sheet_name=None, header=None, dtype=object).items():
            head = [
                r
                for r in range(min(len(grid), 10))
                if grid.shape[1] > 5 and str(grid.iloc[r, 3]).strip().lower() == "экспорт"
            ]
            if not head:
                continue
            for r in range(head[0] + 2, len(grid)):
                name = grid.iloc[r, 0]
                if not isinstance(name, str) or not name.strip():
                    continue
                for c, flow in ((3, "exports"), (5, "imports")):
                    if not pd.isna(grid.iloc[r, c]):
                        expected[(f"sheet {sheet}", flow, " ".join(name.split()))] = (
                            float(grid.iloc[r, c]) / 1000
                        )
        got = {
            (n, f, p): v
            for n, f, p, v in parsed[["note", "flow", "partner_name", "value"]].itertuples(
                index=False
            )
        }
        assert got == pytest.approx(expected), path.name


def test_bns_russia_matches_sources_md(raw: Path) -> None:
    pytest.importorskip("xlrd")
    frames = [
        bns.parse_bns_xls(p.read_bytes()) for p in sorted((raw / "kazakhstan_bns").glob("*.xls"))
    ]
    kaz = pd.concat(frames)
    russia = kaz[kaz["partner"] == "RUS"].drop_duplicates(["flow", "period"], keep="last")
    cell = _index(russia, "flow", "period")
    published = {
        "2019": (5670.9, 14312.1),
        "2020": (5007.1, 13768.2),
        "2021": (7018.7, 17605.5),
        "2022": (9091.4, 17880.6),
        "2023": (10207.4, 16847.0),
    }
    for year, (exports, imports) in published.items():
        assert round(cell[("exports", year)], 1) == exports
        assert round(cell[("imports", year)], 1) == imports
    assert set(kaz.loc[kaz["partner_name"] == "Всего", "partner"]) == {"WLD"}
    assert {"CHN", "IND", "TUR", "DEU", "EU27"} <= set(kaz["partner"])


def test_bns_rejects_non_xls() -> None:
    pytest.importorskip("xlrd")
    with pytest.raises(SchemaError, match="xls"):
        bns.parse_bns_xls(b"\xd0\xcf\x11\xe0 broken")


def test_normalise_name_collapses_breaks_and_folds_case() -> None:
    assert normalise_name("Чешская\nреспублика") == normalise_name("Чешская республика")
    assert normalise_name("  ЕВРОПА ") == "европа"
    assert normalise_name("Bosnia and Herzegovina") == "bosnia and herzegovina"  # Latin stays


def test_csv_module_and_pandas_agree_on_the_french_file(raw: Path) -> None:
    # a second independent reader for the one French-labelled file
    path = (
        raw / "eurostat_comext/eu27_exports_by_partner_annual/"
        "Relational_View_2024-11-25T10_45_38.711Z.csv"
    )
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    parsed = comext.parse_comext_csv(path.read_bytes())
    assert [float(r["VALUE_IN_EUR"]) / 1e6 for r in rows] == parsed["value"].tolist()
    assert set(parsed["flow"]) == {"exports"}
    assert set(parsed["period"]) == {"2016"}

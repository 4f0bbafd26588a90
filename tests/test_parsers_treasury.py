"""TIC Table 3 / Table 3D parsers: real files and small made-up fixtures."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeshock.build.treasury import combine_holdings, overlap_differences
from tradeshock.errors import SchemaError
from tradeshock.parsers.treasury import TIDY_COLUMNS, parse_slt3d_globl, parse_slt_table3

TIC = "treasury/raw/konstantinevm-dollar-breaking-point"

TABLE3_HEAD = (
    "Table 3: U.S. Treasury Securities Held by Foreign Residents 1/\t\t\r\n"
    "Millions of dollars\t\t\r\n"
    "\t\t\r\n"
    "\t\t\tTotal U.S. Treasuries\tTotal U.S. Treasuries\tLong-term\r\n"
    "Country\tCountry Code\tDate\tHoldings\tNet U.S. Sales\tHoldings\tNet U.S. Sales\r\n"
)
MACHINE = (
    "country\tcountry_code\tdate\tfor_treas_pos\tfor_treas_net\tfor_lt_treas_pos\t"
    "for_lt_treas_net\tfor_lt_treas_valchg\tfor_st_treas_pos\tfor_st_treas_net\r\n"
)


def _table3(rows: list[str], machine: str = MACHINE) -> bytes:
    notes = "\t\r\nNotes:\t\r\n1/ Data collected by TIC.\t\r\n"
    return (TABLE3_HEAD + machine + "".join(r + "\r\n" for r in rows) + notes).encode()


GLOBL_HEAD = (
    '""\r\n"TABLE 3D:  U.S",". Treasury Secu","rities Held by"\r\n'
    '"","Millio","ns of dollars"\r\n""\r\n'
    '"","","","Total U.S.","Long-term","Short-term"\r\n'
    '"","","","Treasury  U.S",". Treasury  U.S",". Treasury"\r\n'
    '"","","","----------","----------","----------"\r\n""\r\n'
)


def _globl(rows: list[str]) -> bytes:
    notes = '""\r\n"Notes:"\r\n"1/ Estimated foreign holdings of","U.S. Treasury m"\r\n'
    return (GLOBL_HEAD + "".join(r + "\r\n" for r in rows) + notes).encode()


# ---- slt_table3.txt -------------------------------------------------------------------------


def test_table3_header_found_by_content_and_na_is_nan() -> None:
    tidy = parse_slt_table3(
        _table3(
            [
                "Russia\t16101\t2021-12\t3910\tn.a.\t102\tn.a.\tn.a.\t3808\t1500",
                "Anguilla\t30228\t2021-12\tn.a.\tn.a.\t7\t1\t0\tn.a.\tn.a.",
            ]
        )
    )
    assert list(tidy.columns) == TIDY_COLUMNS
    assert tidy.iloc[0][["country", "tic_code", "period"]].tolist() == [
        "Russia",
        "16101",
        "2021-12",
    ]
    assert tidy.iloc[0][["total", "long_term", "short_term"]].tolist() == [3910, 102, 3808]
    assert math.isnan(tidy.iloc[1]["total"])
    assert tidy.iloc[1]["long_term"] == 7


def test_table3_columns_read_by_name() -> None:
    machine = "date\tcountry\tfor_st_treas_pos\tcountry_code\tfor_lt_treas_pos\tfor_treas_pos\r\n"
    tidy = parse_slt_table3(_table3(["2021-12\tRussia\t3808\t16101\t102\t3910"], machine))
    assert tidy.iloc[0][["total", "long_term", "short_term"]].tolist() == [3910, 102, 3808]


@pytest.mark.parametrize(
    "column", ["country_code", "for_treas_pos", "for_lt_treas_pos", "for_st_treas_pos"]
)
def test_table3_missing_or_renamed_column_named(column: str) -> None:
    machine = MACHINE.replace(column, column.upper() + "_X")
    with pytest.raises(SchemaError, match=column):
        parse_slt_table3(_table3(["Russia\t16101\t2021-12\t1\t0\t1\t0\t0\t0\t0"], machine))


@pytest.mark.parametrize(
    "data", [b"", b"\r\n\t\t\r\n", b"just some text\nwithout a header\n", _table3([])]
)
def test_table3_empty_or_garbage(data: bytes) -> None:
    with pytest.raises(SchemaError):
        parse_slt_table3(data)


def test_table3_bad_cells() -> None:
    with pytest.raises(SchemaError, match="lots"):
        parse_slt_table3(_table3(["Russia\t16101\t2021-12\tlots\t0\t1\t0\t0\t0\t0"]))
    with pytest.raises(SchemaError, match="country_code"):
        parse_slt_table3(_table3(["Russia\tRU\t2021-12\t1\t0\t1\t0\t0\t0\t0"]))
    with pytest.raises(SchemaError, match="twice"):
        parse_slt_table3(_table3(["Russia\t16101\t2021-12\t1\t0\t1\t0\t0\t0\t0"] * 2))


# ---- slt3d_globl.csv ------------------------------------------------------------------------


def test_globl_thousands_separators_and_na() -> None:
    tidy = parse_slt3d_globl(
        _globl(
            [
                '"Austria",10189,"2023-01","5,367","4,175","1,192"',
                '"Russia",16101,"2014-12","86,028","86,028",0',
                '"Anguilla",30228,"2014-12","n.a.",12,"n.a."',
            ]
        )
    )
    assert list(tidy.columns) == TIDY_COLUMNS
    assert tidy["total"].iloc[:2].tolist() == [5367, 86028]
    assert tidy["short_term"].iloc[1] == 0  # a published zero stays 0
    assert math.isnan(tidy["total"].iloc[2])
    assert tidy["tic_code"].tolist() == ["10189", "16101", "30228"]


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=3, max_size=3))
@settings(max_examples=40, deadline=None)
def test_globl_number_formats_roundtrip(values: list[int]) -> None:
    cells = ",".join(f'"{v:,}"' for v in values)
    tidy = parse_slt3d_globl(_globl([f'"X",1,"2020-01",{cells}']))
    assert tidy[["total", "long_term", "short_term"]].iloc[0].tolist() == values


def test_globl_header_missing_column() -> None:
    broken = GLOBL_HEAD.replace('"Short-term"', '"Bills"').encode()
    with pytest.raises(SchemaError, match="Short-term"):
        parse_slt3d_globl(broken + b'"Russia",16101,"2014-12","1","1","0"\r\n')


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'""\r\n""\r\n',
        b"\x00\x01binary",
        _globl([]),
        _globl(['"Russia",16101,"2014-12","1",x,"0"']),
        _globl(['"Russia",RU,"2014-12","1","1","0"']),
    ],
)
def test_globl_empty_or_garbage(data: bytes) -> None:
    with pytest.raises(SchemaError):
        parse_slt3d_globl(data)


# ---- combining the two files ----------------------------------------------------------------


def test_combine_newer_wins_and_names_from_newer() -> None:
    old = pd.DataFrame(
        {
            "country": ["Of which Foreign Official"] * 2,
            "tic_code": ["99990"] * 2,
            "period": ["2019-12", "2020-01"],
            "total": [1.0, 2.0],
            "long_term": [1.0, 2.0],
            "short_term": [0.0, 0.0],
            "source_file": "old",
        }
    )
    new = pd.DataFrame(
        {
            "country": ["Of Which: Foreign Official"],
            "tic_code": ["99990"],
            "period": ["2020-01"],
            "total": [3.0],
            "long_term": [3.0],
            "short_term": [0.0],
            "source_file": "new",
        }
    )
    table = combine_holdings(new, old)
    assert table["total"].tolist() == [1.0, 3.0]
    assert set(table["country"]) == {"Of Which: Foreign Official"}
    assert table["source_file"].tolist() == ["old", "new"]
    assert len(overlap_differences(new, old)) == 1


# ---- the real upstream files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def tic_tables(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = shared_data / TIC
    return (
        parse_slt_table3((folder / "slt_table3.txt").read_bytes()),
        parse_slt3d_globl((folder / "slt3d_globl.csv").read_bytes()),
    )


def _russia(tidy: pd.DataFrame) -> pd.DataFrame:
    return tidy[tidy["tic_code"] == "16101"].set_index("period")[
        ["total", "long_term", "short_term"]
    ]


def test_real_table3_known_values(tic_tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    russia = _russia(tic_tables[0])
    # treasury/SOURCES.md selected values (millions USD)
    assert russia.loc["2021-12"].tolist() == [3910, 102, 3808]
    assert russia.loc["2022-12", "total"] == 629
    assert russia.loc["2026-04", "total"] == 26
    assert russia.index.min() == "2020-01"
    assert russia.index.max() == "2026-04"


def test_real_globl_known_values(tic_tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    russia = _russia(tic_tables[1])
    assert russia.loc["2013-12", "total"] == 138604
    assert russia.loc["2014-12", "total"] == 86028
    assert russia.loc["2018-04", "total"] == 48724
    assert russia.loc["2021-12"].tolist() == [3910, 102, 3808]
    assert russia.index.min() == "2011-09"
    assert russia.index.max() == "2023-01"
    assert "2011-10" not in russia.index


def test_real_files_agree_for_russia_on_overlap(
    tic_tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    new, old = (_russia(t) for t in tic_tables)
    both = new.index.intersection(old.index)
    assert len(both) == 37  # treasury/SOURCES.md: 37 overlapping months, 0 mismatches
    pd.testing.assert_frame_equal(new.loc[both], old.loc[both])
    differences = overlap_differences(*tic_tables)
    assert "16101" not in set(differences["tic_code"])

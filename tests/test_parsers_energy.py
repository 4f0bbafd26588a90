"""EIA petroleum-imports and datahub oil-price parsers: real files and small made-up fixtures."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from tradeshock.errors import SchemaError, ValidationError
from tradeshock.parsers.eia import (
    YEAR_WORDS,
    parse_crude_kbd,
    parse_petroleum_imports_table,
)
from tradeshock.parsers.oil import parse_oil_prices

WORDS = [w for w, year in YEAR_WORDS.items() if 1993 <= year <= 2021]


def _table(header: list[str], rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(r) for r in [header, *rows]) + "\n").encode()


def _row(name: str, first: str = "7") -> list[str]:
    return [name, first, *(str(i) for i in range(2, 30))]


# ---- EIA annual table (crude + products) ----------------------------------------------------


def test_year_words_spell_1993_to_2021() -> None:
    assert WORDS[0] == "ninetythree"
    assert WORDS[7] == "zero"
    assert WORDS[-1] == "twentyone"
    assert [YEAR_WORDS[w] for w in WORDS] == list(range(1993, 2022))


def test_petroleum_table_tidy_layout_and_zero_is_nan() -> None:
    tidy = parse_petroleum_imports_table(_table(["Country", *WORDS], [_row("Russia", "0")]))
    assert list(tidy.columns) == ["origin", "period", "value", "product", "units"]
    assert len(tidy) == 29
    first = tidy.iloc[0]
    assert (first["origin"], first["period"]) == ("Russia", "1993")
    assert math.isnan(first["value"])  # a 0 in the derived file is an EIA blank
    assert tidy.iloc[1]["value"] == 2.0
    assert set(tidy["units"]) == {"thousand barrels"}
    assert set(tidy["product"]) == {"crude_and_products"}


def test_petroleum_table_reads_columns_by_name_not_position() -> None:
    header = ["Country", *reversed(WORDS)]
    tidy = parse_petroleum_imports_table(_table(header, [_row("Canada")]))
    # the first value cell now sits under 'twentyone'
    assert tidy.set_index("period").loc["2021", "value"] == 7.0
    assert tidy["period"].tolist() == [str(y) for y in range(1993, 2022)]


def test_petroleum_table_missing_year_column_is_named() -> None:
    header = ["Country", *WORDS]
    header[5] = "ninetyseventeen"  # renamed 1997
    with pytest.raises(SchemaError, match="ninetyseven"):
        parse_petroleum_imports_table(_table(header, [_row("Canada")]))
    with pytest.raises(SchemaError, match="twentyone"):
        parse_petroleum_imports_table(_table(["Country", *WORDS[:-1]], [_row("Canada")[:-1]]))


def test_petroleum_table_renamed_country_column() -> None:
    with pytest.raises(SchemaError, match="Country"):
        parse_petroleum_imports_table(_table(["Origin", *WORDS], [_row("Canada")]))


def test_petroleum_table_extra_unknown_column_is_ignored_later_year_read() -> None:
    tidy = parse_petroleum_imports_table(
        _table(["Country", *WORDS, "twentytwo", "comment"], [[*_row("Canada"), "99", "x"]])
    )
    assert tidy["period"].iloc[-1] == "2022"
    assert tidy["value"].iloc[-1] == 99.0


@pytest.mark.parametrize("data", [b"", b"   \n", b"Country\n", b"\x00\x01\x02garbage\x00"])
def test_petroleum_table_empty_or_garbage(data: bytes) -> None:
    with pytest.raises(SchemaError):
        parse_petroleum_imports_table(data)


def test_petroleum_table_non_numeric_cell() -> None:
    row = _row("Canada")
    row[3] = "lots"
    with pytest.raises(SchemaError, match="Canada 1995"):
        parse_petroleum_imports_table(_table(["Country", *WORDS], [row]))


def test_petroleum_table_ragged_row() -> None:
    with pytest.raises(SchemaError, match="line 2"):
        parse_petroleum_imports_table(_table(["Country", *WORDS], [_row("Canada")[:-3]]))


def test_petroleum_table_duplicate_names() -> None:
    tidy = parse_petroleum_imports_table(
        _table(["Country", *WORDS], [_row("Congo"), _row(" Idnonesia"), _row("Congo", "1")])
    )
    assert list(dict.fromkeys(tidy["origin"])) == [
        "Congo (Brazzaville)",
        "Indonesia",
        "Congo (Kinshasa)",
    ]
    with pytest.raises(SchemaError, match="Canada"):
        parse_petroleum_imports_table(_table(["Country", *WORDS], [_row("Canada")] * 2))


def test_petroleum_table_not_bytes() -> None:
    with pytest.raises(SchemaError, match="bytes"):
        parse_petroleum_imports_table("Country,ninetythree")  # type: ignore[arg-type]


# ---- crude kb/d extracts --------------------------------------------------------------------


def test_crude_extract_tidy_and_total_label() -> None:
    tidy = parse_crude_kbd(b"series,period,kbd\nU.S. Imports,2025-01,6649\nCanada,2025-01,4271\n")
    assert tidy["origin"].tolist() == ["U.S. total", "Canada"]
    assert tidy["value"].tolist() == [6649.0, 4271.0]
    assert set(tidy["units"]) == {"thousand barrels per day"}
    assert set(tidy["product"]) == {"crude"}


@pytest.mark.parametrize("header", ["series,period,value", "origin,period,kbd", "series,date,kbd"])
def test_crude_extract_missing_column_named(header: str) -> None:
    missing = ({"series", "period", "kbd"} - set(header.split(","))).pop()
    with pytest.raises(SchemaError, match=missing):
        parse_crude_kbd(f"{header}\nCanada,1993,900\n".encode())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b",,\n",
        b"series,period,kbd\n",
        b"series,period,kbd\nCanada,June 1993,900\n",
        b"series,period,kbd\nCanada,1993,n/a\n",
        b"series,period,kbd\nCanada,1993,1\nCanada,1993,2\n",
    ],
)
def test_crude_extract_bad_input(data: bytes) -> None:
    with pytest.raises(SchemaError):
        parse_crude_kbd(data)


# ---- oil prices -----------------------------------------------------------------------------


def test_oil_prices_monthly_and_annual_periods() -> None:
    monthly = parse_oil_prices(b"Date,Price\n1987-05-15,18.58\n1987-06-15,18.86\n", freq="M")
    assert monthly.values.tolist() == [["1987-05", 18.58], ["1987-06", 18.86]]
    annual = parse_oil_prices(b"Date,Price\n2016-06-30,43.64\n2017-06-30,54.13\n", freq="A")
    assert annual["period"].tolist() == ["2016", "2017"]


def test_oil_prices_blank_price_is_nan_and_rows_sorted() -> None:
    tidy = parse_oil_prices(b"Date,Price\n2020-02-15,\n2020-01-15,60\n", freq="M")
    assert tidy["period"].tolist() == ["2020-01", "2020-02"]
    assert math.isnan(tidy["value"].iloc[1])


@pytest.mark.parametrize(
    ("data", "named"),
    [(b"Day,Price\n2020-01-15,1\n", "Date"), (b"Date,Close\n2020-01-15,1\n", "Price")],
)
def test_oil_prices_missing_column_named(data: bytes, named: str) -> None:
    with pytest.raises(SchemaError, match=named):
        parse_oil_prices(data, freq="M")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Date,Price\n",
        b"Date,Price\n15/01/2020,1\n",
        b"Date,Price\n2020-01-15,cheap\n",
        b"Date,Price\n2020-01-01,1\n2020-01-02,2\n",
    ],
)
def test_oil_prices_bad_input(data: bytes) -> None:
    with pytest.raises(SchemaError):
        parse_oil_prices(data, freq="M")


def test_oil_prices_bad_freq() -> None:
    with pytest.raises(ValidationError, match="freq"):
        parse_oil_prices(b"Date,Price\n2020-01-15,1\n", freq="Q")


# ---- the real upstream files (../shared/data) -----------------------------------------------


def test_real_petroleum_table(shared_data: Path) -> None:
    raw = (shared_data / "eia/raw/andrewpari-IV_PRJ_US_OIL/data.csv").read_bytes()
    tidy = parse_petroleum_imports_table(raw).set_index(["origin", "period"])["value"]
    # eia/SOURCES.md eyeball table and cross-checks (source A)
    assert tidy["Russia", "2021"] == 245194
    assert tidy["Russia", "1995"] == 9071
    assert tidy["Canada", "2014"] == 1236459
    assert tidy["Venezuela", "2016"] == 291461
    assert tidy["Venezuela", "2019"] == 33666
    for origin, year in [
        ("Russia", "1993"),
        ("Russia", "1994"),
        ("Venezuela", "2020"),
        ("Venezuela", "2021"),
    ]:
        assert math.isnan(tidy[origin, year])  # zeros in the derived file
    assert int(tidy.isna().sum()) == 1564  # SOURCES.md: "1,564 zeros"
    assert tidy.index.get_level_values("origin").nunique() == 135


def test_real_crude_extracts(shared_data: Path) -> None:
    folder = shared_data / "eia/raw/endorrfin-numbers-speak"
    annual = parse_crude_kbd((folder / "eia-crude-imports-annual.EXCERPT.csv").read_bytes())
    values = annual.set_index(["origin", "period"])["value"]
    # eia/SOURCES.md: crude kb/d Russia 14 (1995), 199 (2021); Canada 3798 (2022)
    assert values["Russia", "1995"] == 14
    assert values["Russia", "2021"] == 199
    assert values["Canada", "2022"] == 3798
    assert ("Russia", "2024") not in values.index  # EIA blank
    monthly = parse_crude_kbd((folder / "eia-crude-imports-monthly.EXCERPT.csv").read_bytes())
    assert "Russia" not in set(monthly["origin"])
    assert monthly["period"].min() == "2025-01"
    assert monthly["period"].max() == "2026-07"


def test_real_oil_prices(shared_data: Path) -> None:
    folder = shared_data / "oil_prices/raw/datasets-oil-prices/data"
    brent = parse_oil_prices((folder / "brent-year.csv").read_bytes(), freq="Y")
    wti = parse_oil_prices((folder / "wti-year.csv").read_bytes(), freq="Y")
    brent_a = brent.set_index("period")["value"]
    wti_a = wti.set_index("period")["value"]
    # oil_prices/SOURCES.md, USITC cross-check
    assert brent_a["2016"] == 43.64
    assert brent_a["2017"] == 54.13
    assert wti_a["2016"] == 43.29
    assert wti_a["2017"] == 50.8
    monthly = parse_oil_prices((folder / "brent-monthly.csv").read_bytes(), freq="M")
    assert len(monthly) == 471  # SOURCES.md: 471 months
    assert monthly["period"].iloc[0] == "1987-05"
    assert isinstance(monthly, pd.DataFrame)

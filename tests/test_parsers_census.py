"""Census trade parsers: country.xlsx, the later-vintage JSON, Schedule C and countries.json."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tradeshock.errors import SchemaError
from tradeshock.parsers.census import (
    MONTHS,
    corbett_key_table,
    parse_corbett_countries,
    parse_country_xlsx,
    parse_schedule_c,
    parse_trade_by_country_json,
)

HEADER = ["year", "CTY_CODE", "CTYNAME", *(f"I{m}" for m in MONTHS), "IYR"]
HEADER += [*(f"E{m}" for m in MONTHS), "EYR"]


def xlsx_bytes(
    rows: list[list[Any]], header: list[str] | None = None, sheet: str = "country"
) -> bytes:
    """A small country.xlsx-shaped workbook, written with openpyxl."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header or HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def row(year: int, code: str, name: str, imports: list[float], exports: list[float]) -> list[Any]:
    return [year, code, name, *imports, sum(imports), *exports, sum(exports)]


FULL = [float(m) for m in range(1, 13)]
HALF = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
ZERO = [0.0] * 12


@pytest.fixture(scope="module")
def small() -> tuple[Any, Any]:
    """Two years; the latest has Jan-Jun published; a small partner has real zeros."""
    rows = [
        row(2023, "4621", "Russia", FULL, FULL),
        row(2023, "6022", "Norfolk Island", ZERO, ZERO),
        row(2024, "4621", "Russia", HALF, HALF),
        # real zero trade in a published month (Mar) and in the whole half-year of exports
        row(2024, "6022", "Norfolk Island", [1.0, 1.0, 0.0, 1.0, 1.0, 1.0, *[0.0] * 6], ZERO),
        row(2024, "15", "World, Not Seasonally Adjusted", HALF, HALF),
    ]
    return parse_country_xlsx(xlsx_bytes(rows))


def test_xlsx_tidy_columns_and_codes(small: tuple[Any, Any]) -> None:
    monthly, annual = small
    assert list(monthly.columns) == ["cty_code", "name", "period", "exports", "imports"]
    assert list(annual.columns) == ["cty_code", "name", "year", "exports", "imports"]
    assert sorted(set(monthly["cty_code"])) == ["0015", "4621", "6022"]
    assert monthly["period"].iloc[0] == "2024-01"  # sorted by code then period
    assert len(monthly) == 5 * 12


def test_xlsx_unpublished_months_are_nan(small: tuple[Any, Any]) -> None:
    monthly, annual = small
    ru = monthly[monthly.cty_code == "4621"].set_index("period")
    assert ru.loc["2024-06", "exports"] == 6.0
    assert (
        ru.loc[[f"2024-{m:02d}" for m in range(7, 13)], ["exports", "imports"]].isna().all().all()
    )
    # an incomplete year has no annual value (not the Jan-Jun total of 21)
    an = annual.set_index(["cty_code", "year"])
    assert math.isnan(an.loc[("4621", 2024), "exports"])
    assert an.loc[("4621", 2023), "exports"] == sum(FULL)


def test_xlsx_real_zeros_stay_zero(small: tuple[Any, Any]) -> None:
    monthly, annual = small
    nf = monthly[monthly.cty_code == "6022"].set_index("period")
    assert nf.loc["2024-03", "imports"] == 0.0  # a published month with no trade
    assert nf.loc["2024-01", "exports"] == 0.0
    assert nf.loc["2023-05", "exports"] == 0.0
    assert math.isnan(nf.loc["2024-07", "imports"])
    assert annual.set_index(["cty_code", "year"]).loc[("6022", 2023), "imports"] == 0.0


def test_xlsx_complete_latest_year_is_kept() -> None:
    monthly, annual = parse_country_xlsx(xlsx_bytes([row(2024, "4621", "Russia", FULL, ZERO)]))
    assert not monthly["imports"].isna().any()
    assert monthly["exports"].eq(0).all()  # published (imports non-zero) → real zeros
    assert annual["imports"].item() == sum(FULL)


def test_xlsx_latest_year_nothing_published() -> None:
    rows = [row(2023, "4621", "Russia", FULL, FULL), row(2024, "4621", "Russia", ZERO, ZERO)]
    monthly, annual = parse_country_xlsx(xlsx_bytes(rows))
    assert monthly[monthly.period.str.startswith("2024")][["exports", "imports"]].isna().all().all()
    assert annual.set_index("year").loc[2024, ["exports", "imports"]].isna().all()
    # zeros of an older year are never treated as unpublished
    assert not monthly[monthly.period.str.startswith("2023")]["exports"].isna().any()


def test_xlsx_extra_column_is_ignored() -> None:
    rows = [[*row(2023, "4621", "Russia", FULL, FULL), "x"]]
    monthly, _ = parse_country_xlsx(xlsx_bytes(rows, [*HEADER, "NOTE"]))
    assert len(monthly) == 12


@pytest.mark.parametrize("column", ["IJUL", "EYR", "CTY_CODE", "CTYNAME", "year"])
def test_xlsx_missing_column(column: str) -> None:
    header = [c for c in HEADER if c != column]
    full = row(2023, "4621", "Russia", FULL, FULL)
    data = [v for c, v in zip(HEADER, full, strict=True) if c != column]
    with pytest.raises(SchemaError, match=column):
        parse_country_xlsx(xlsx_bytes([data], header))


def test_xlsx_renamed_column() -> None:
    header = ["Year" if c == "year" else "CTY_NAME" if c == "CTYNAME" else c for c in HEADER]
    with pytest.raises(SchemaError, match="CTYNAME"):
        parse_country_xlsx(xlsx_bytes([row(2023, "4621", "Russia", FULL, FULL)], header))


def test_xlsx_wrong_sheet_name() -> None:
    data = xlsx_bytes([row(2023, "4621", "Russia", FULL, FULL)], sheet="Sheet1")
    with pytest.raises(SchemaError, match=r"no sheet 'country'.*Sheet1"):
        parse_country_xlsx(data)


@pytest.mark.parametrize("data", [b"", b"garbage, not a workbook", b"PK\x03\x04broken zip"])
def test_xlsx_empty_or_garbage(data: bytes) -> None:
    with pytest.raises(SchemaError, match=r"country\.xlsx"):
        parse_country_xlsx(data)


def test_xlsx_header_only() -> None:
    with pytest.raises(SchemaError, match="no data rows"):
        parse_country_xlsx(xlsx_bytes([]))


def test_xlsx_non_numeric_value() -> None:
    bad = row(2023, "4621", "Russia", FULL, FULL)
    bad[5] = "abc"
    with pytest.raises(SchemaError, match="IMAR"):
        parse_country_xlsx(xlsx_bytes([bad]))


def test_xlsx_duplicate_row() -> None:
    rows = [row(2023, "4621", "Russia", FULL, FULL)] * 2
    with pytest.raises(SchemaError, match="duplicate row for code 4621 year 2023"):
        parse_country_xlsx(xlsx_bytes(rows))


def test_xlsx_bad_code() -> None:
    with pytest.raises(SchemaError, match="not a Census country code"):
        parse_country_xlsx(xlsx_bytes([row(2023, "RUS", "Russia", FULL, FULL)]))


# --------------------------------------------------------------------------- JSON

KEYS = {"RUS": "4621", "AGG_0003": "0003", "XKX": "4803"}
NAMES = {"4621": "Russia", "0003": "European Union", "4803": "Kosovo"}


def json_row(key: str, exports: list[Any], imports: list[Any], year: int = 2025) -> dict[str, Any]:
    return {
        "country_code": key,
        "year": year,
        "exports": exports,
        "imports": imports,
        "exports_year": sum(v for v in exports if isinstance(v, float)),
        "imports_year": sum(v for v in imports if isinstance(v, float)),
        "balance_year": 0,
    }


def test_json_parses_and_maps_keys() -> None:
    rows = [json_row("RUS", FULL, HALF[:6] + FULL[6:]), json_row("AGG_0003", FULL, FULL)]
    monthly, annual = parse_trade_by_country_json(json.dumps(rows).encode(), KEYS, NAMES)
    assert sorted(set(annual["cty_code"])) == ["0003", "4621"]
    assert annual.set_index("cty_code").loc["4621", "name"] == "Russia"
    ru = monthly[monthly.cty_code == "4621"].set_index("period")
    assert ru.loc["2025-12", "exports"] == 12.0
    assert list(monthly.columns) == ["cty_code", "name", "period", "exports", "imports"]


def test_json_unpublished_trailing_months_and_nulls() -> None:
    rows = [
        json_row("RUS", HALF, HALF),
        json_row("XKX", [1.0, None, *[0.0] * 10], ZERO),  # null → NaN; Feb published elsewhere
    ]
    monthly, annual = parse_trade_by_country_json(json.dumps(rows).encode(), KEYS, NAMES)
    ru = monthly[monthly.cty_code == "4621"].set_index("period")
    assert ru.loc["2025-07":, ["exports", "imports"]].isna().all().all()
    assert annual[["exports", "imports"]].isna().all().all()
    kv = monthly[monthly.cty_code == "4803"].set_index("period")
    assert math.isnan(kv.loc["2025-02", "exports"])
    assert kv.loc["2025-03", "exports"] == 0.0


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b'{"a": 1}', "array of objects"),
        (b"[]", "no rows"),
        (json.dumps([{"country_code": "RUS"}]).encode(), "lacks field"),
        (json.dumps([json_row("ZZZ", FULL, FULL)]).encode(), "'ZZZ'"),
        (json.dumps([json_row("RUS", FULL[:11], FULL)]).encode(), "12 monthly values"),
        (json.dumps([json_row("RUS", [*FULL[:11], "x"], FULL)]).encode(), "not a number"),
        (json.dumps([json_row("RUS", FULL, FULL)] * 2).encode(), "two rows for code 4621"),
    ],
)
def test_json_bad_input(payload: bytes, match: str) -> None:
    with pytest.raises(SchemaError, match=match):
        parse_trade_by_country_json(payload, KEYS, NAMES)


# --------------------------------------------------------------------------- code lists


def test_schedule_c_small_and_errors() -> None:
    text = b"Code | Name | ISO Code\n----\n1220     |    Canada    | CA\n4803 | Kosovo | KV\n"
    frame = parse_schedule_c(text)
    assert frame.to_dict("records") == [
        {"cty_code": "1220", "name": "Canada", "iso_code": "CA"},
        {"cty_code": "4803", "name": "Kosovo", "iso_code": "KV"},
    ]
    with pytest.raises(SchemaError, match="no 'Code"):
        parse_schedule_c(b"nothing here\n")
    with pytest.raises(SchemaError, match="appears twice"):
        parse_schedule_c(text + b"1220 | Canada | CA\n")
    # not UTF-8: read as Latin-1 (no byte is lost), then the layout check fails
    with pytest.raises(SchemaError, match="no 'Code"):
        parse_schedule_c(b"\xff\xfe1220 | Canada | CA")
    with pytest.raises(SchemaError, match="binary content"):
        parse_schedule_c(b"\x001220 | Canada | CA")
    with pytest.raises(SchemaError, match="expected bytes"):
        parse_schedule_c("1220 | Canada | CA")  # type: ignore[arg-type]


def test_corbett_countries_errors() -> None:
    with pytest.raises(SchemaError, match="lacks field"):
        parse_corbett_countries(b'[{"country_code": "RUS"}]')
    with pytest.raises(SchemaError, match="not valid JSON"):
        parse_corbett_countries(b"[")


def test_schedule_c_real_file(shared_data: Path) -> None:
    sc = parse_schedule_c(
        (shared_data / "census/country_codes/raw/census_schedule_c_country.txt").read_bytes()
    )
    assert len(sc) == 241  # SOURCES: 241 codes
    rows = sc.set_index("cty_code")
    assert rows.loc["4621", "name"] == "Russia"
    assert rows.loc["4621", "iso_code"] == "RU"
    assert rows.loc["4803", "iso_code"] == "KV"


def test_corbett_real_file_and_key_table(shared_data: Path) -> None:
    raw = shared_data / "census/country_codes/raw"
    cc = parse_corbett_countries((raw / "corbett-hobbs_countries.json").read_bytes())
    sc = parse_schedule_c((raw / "census_schedule_c_country.txt").read_bytes())
    assert len(cc) == 261  # SOURCES: 261 rows
    keys = corbett_key_table(sc, cc)
    # shared keys go to the current Schedule C code (SOURCES check C / FORMER table)
    assert keys["SRB"] == "4801"
    assert keys["SDN"] == "7321"
    assert keys["ETH"] == "7749"
    assert keys["RUS"] == "4621"
    assert keys["AGG_0015"] == "0015"
    assert keys["XKX"] == "4803"
    assert keys["SUN"] == "4610"


def test_country_xlsx_real_file(shared_data: Path) -> None:
    path = shared_data / "census/raw/cesinco__tableau-dashboard-extension-d3js/country.xlsx"
    monthly, annual = parse_country_xlsx(path.read_bytes())
    assert len(annual) == 8725  # SOURCES: 8,725 rows
    assert annual["cty_code"].nunique() == 263
    ru = annual[annual.cty_code == "4621"].set_index("year")
    # SOURCES 2a/2d (S1): 2020 exports 4,889.1, imports 16,902.0; 2022 exports 1,656.1
    assert round(ru.loc[2020, "exports"], 1) == 4889.1
    assert round(ru.loc[2020, "imports"], 1) == 16902.0
    assert round(ru.loc[2022, "exports"], 1) == 1656.1
    assert math.isnan(ru.loc[2024, "exports"])  # only Jan-Jun 2024 published
    rm = monthly[monthly.cty_code == "4621"].set_index("period")
    # SOURCES 2d (TASS): 2024 imports Jan 244.0, May 438.7; exports Mar 43.7
    assert round(rm.loc["2024-01", "imports"], 1) == 244.0
    assert round(rm.loc["2024-05", "imports"], 1) == 438.7
    assert round(rm.loc["2024-03", "exports"], 1) == 43.7
    assert np.isnan(rm.loc["2024-07", "exports"])
    # months sum to the annual column for complete years (SOURCES: checked for 4 countries)
    full = rm.loc["2014-01":"2014-12", "exports"].sum()
    assert full == pytest.approx(ru.loc[2014, "exports"], abs=1e-6)

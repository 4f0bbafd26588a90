"""The bundled commodity snapshot against the raw files in ../shared/data (skipped without them).

The raw xlsx files are read here with plain ``pandas.read_excel`` / ``read_csv``, independently
of the project's parsers, and every bundled cell is compared with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock._snapshot import (
    dataset_entry,
    read_table,
    sha256_bytes,
    sha256_file,
    table_bytes,
)
from tradeshock.build import commodities as builder
from tradeshock.sources.composition import ENDUSE_PATH

COMMODITIES = "census/commodities"
E1 = f"{COMMODITIES}/raw/iriswang-creator__US_Trade_Analytics_/enduse_imports.xlsx"
E2 = f"{COMMODITIES}/raw/redzone67__g/enduse_imports.xlsx"
EXTRACT = f"{COMMODITIES}/extracts/comtrade_usa_reporter_russia_partner_hs2_2010_2019.csv"


def _raw_wide(path: Path) -> pd.DataFrame:
    sheet = pd.read_excel(path, sheet_name="EnduseImp", dtype={"CTY_CODE": str, "END_USE": str})
    values = [c for c in sheet.columns if str(c).startswith("value_")]
    wide = sheet.set_index(["CTY_CODE", "END_USE"])[values].astype("int64")
    wide.columns = [str(2000 + int(c[-2:])) for c in values]
    wide["CTY_DESC"] = sheet["CTY_DESC"].to_numpy()
    wide["COMM_DESC"] = sheet["COMM_DESC"].to_numpy()
    return wide


@pytest.fixture(scope="module")
def raw_enduse(shared_data: Path) -> dict[str, pd.DataFrame]:
    return {"E1": _raw_wide(shared_data / E1), "E2": _raw_wide(shared_data / E2)}


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    table = read_table("composition_enduse_imports")
    return table.set_index(["cty_code", "end_use"])


def test_every_bundled_enduse_cell_equals_the_raw_file(
    raw_enduse: dict[str, pd.DataFrame], bundled: pd.DataFrame
) -> None:
    # the vintage rule: E1 (spring 2026) for 2016-2025, E2 (autumn 2024) only for 2014-2015
    assert dataset_entry("composition_enduse_imports")["source_by_year"] == {
        **{str(y): "E2" for y in (2014, 2015)},
        **{str(y): "E1" for y in range(2016, 2026)},
    }
    for vintage, years in (("E1", range(2016, 2026)), ("E2", (2014, 2015))):
        raw = raw_enduse[vintage]
        for year in map(str, years):
            column = bundled[year]
            listed = column.reindex(raw.index)
            np.testing.assert_array_equal(listed.to_numpy(dtype="int64"), raw[year].to_numpy())
            # pairs the vintage does not list are zero (Census lists every pair with trade)
            unlisted = column.drop(raw.index)
            assert (unlisted == 0).all(), (vintage, year)
    # every raw row is bundled, and nothing else
    union = raw_enduse["E1"].index.union(raw_enduse["E2"].index)
    assert bundled.index.sort_values().equals(union.sort_values())


def test_names_come_from_the_latest_vintage(
    raw_enduse: dict[str, pd.DataFrame], bundled: pd.DataFrame
) -> None:
    names = raw_enduse["E1"]
    common = bundled.index.intersection(names.index)
    assert (bundled.loc[common, "description"] == names.loc[common, "COMM_DESC"]).all()
    assert (bundled.loc[common, "partner"] == names.loc[common, "CTY_DESC"]).all()


def test_russia_enduse_equals_shared_derived_csv(shared_data: Path) -> None:
    derived = pd.read_csv(
        shared_data / COMMODITIES / "russia_imports_by_enduse_annual.csv", dtype={"end_use": str}
    )
    composition = ts.load_trade_composition("Russia")
    for row in derived.itertuples():
        value = composition.loc[str(row.year), row.end_use]
        assert value * 1e6 == pytest.approx(row.imports_usd, abs=0.5), (row.year, row.end_use)
    # every nonzero bundled cell is in the derived file (it leaves out zeros)
    nonzero = int((composition != 0).sum().sum())
    assert nonzero == int((derived["imports_usd"] != 0).sum())


def test_enduse_totals_equal_census_trade_totals(shared_data: Path) -> None:
    annual = pd.read_csv(shared_data / "census" / "russia_annual.csv").set_index("year")
    totals = ts.load_trade_composition("Russia").sum(axis=1)
    for year in range(2014, 2024):
        assert round(totals.loc[str(year)], 1) == pytest.approx(
            annual.loc[year, "imports_musd"], abs=0.051
        ), year


def test_enduse_totals_equal_load_trade() -> None:
    try:
        trade = ts.load_trade("Russia")
    except NotImplementedError:
        pytest.skip("load_trade is not implemented yet")
    totals = ts.load_trade_composition("Russia").sum(axis=1)
    for year in range(2014, 2024):
        assert totals.loc[str(year)] == pytest.approx(trade.loc[str(year), "imports"], abs=0.1)


def test_shares_match_the_shared_summary(shared_data: Path) -> None:
    summary = pd.read_csv(shared_data / COMMODITIES / "russia_import_shares_summary.csv")
    # HS2 is live only now (UN Comtrade terms): see test_composition_hs2_live.py
    for basis, label in (("enduse", "Census end-use"),):
        composition = ts.load_trade_composition("Russia", basis=basis)
        shares = ts.group_shares(composition)
        rows = summary[summary["basis"].str.startswith(label)]
        assert len(rows) >= 10
        totals = composition.sum(axis=1)
        for row in rows.itertuples():
            assert round(100 * shares.loc[str(row.year), "oil"], 1) == row.share_oil_pct
            assert round(100 * shares.loc[str(row.year), "metals"], 1) == row.share_metals_pct
            assert round(totals.loc[str(row.year)], 1) == pytest.approx(row.total_musd, abs=0.051)


def test_manifest_inputs_and_reproducible_build(shared_data: Path) -> None:
    # the committed snapshot is what the builder makes from the raw files, byte for byte
    # (build() writes exactly these tables with write_table; calling the table functions
    # directly avoids parsing the xlsx files a second time)
    enduse, source_of_year = builder.enduse_table(shared_data)
    assert source_of_year == {
        int(k): v for k, v in dataset_entry("composition_enduse_imports")["source_by_year"].items()
    }
    rebuilt = {"composition_enduse_imports": enduse}
    for name, table in rebuilt.items():
        entry = dataset_entry(name)
        assert sha256_bytes(table_bytes(table)) == entry["sha256"], name
        assert entry["rows"] == len(table)
        assert entry["valuation"]
        for item in entry["inputs"]:
            assert sha256_file(shared_data / item["path"]) == item["sha256"], item["path"]
    assert dataset_entry("composition_enduse_imports")["inputs"][0]["sha256"] == (
        # SOURCES.md §2, E1 sha256
        "0cb950ca2ba7e3492a25a60ed3187d464c0e2e9a606f772e33bba6089de1739c"
    )


def test_live_path_on_the_real_file(shared_data: Path, httpserver: Any) -> None:
    from tradeshock.sources.http import cached_session

    httpserver.expect_request(ENDUSE_PATH).respond_with_data((shared_data / E1).read_bytes())
    session = cached_session(base_urls={"census": httpserver.url_for("/").rstrip("/")}, retries=0)
    try:
        live = ts.load_trade_composition("Russia", source="census", session=session)
    finally:
        session.close()
    bundled_frame = ts.load_trade_composition("Russia").loc["2016":]
    # the bundle also has codes only E2 lists (trade in 2014-2015 only): zero from 2016 on
    extra = bundled_frame.columns.difference(live.columns)
    assert (bundled_frame[extra] == 0).all().all()
    pd.testing.assert_frame_equal(live, bundled_frame[live.columns], check_freq=False)
    assert live.attrs["categories"].items() <= bundled_frame.attrs["categories"].items()

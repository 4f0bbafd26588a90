"""Every bundled energy cell equals the raw upstream file (read here independently of the parsers).

Also checks the manifest entries (inputs' sha256, coverage) and that the builder is deterministic.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from tradeshock._snapshot import dataset_entry, read_table
from tradeshock.build import energy, treasury

PETROLEUM = "eia/raw/andrewpari-IV_PRJ_US_OIL/data.csv"
CRUDE = {
    "Y": "eia/raw/endorrfin-numbers-speak/eia-crude-imports-annual.EXCERPT.csv",
    "M": "eia/raw/endorrfin-numbers-speak/eia-crude-imports-monthly.EXCERPT.csv",
}
OIL = "oil_prices/raw/datasets-oil-prices/data"
# the year words of the derived EIA table, spelled out here rather than taken from the parser
WORDS = [
    "ninetythree",
    "ninetyfour",
    "ninetyfive",
    "ninetysix",
    "ninetyseven",
    "ninetyeight",
    "ninetynine",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "twentyone",
]


def _same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == want


def test_every_petroleum_cell_equals_raw(shared_data: Path) -> None:
    rows = list(csv.reader(io.StringIO((shared_data / PETROLEUM).read_text())))
    assert rows[0] == ["Country", *WORDS]
    bundled = read_table("eia_petroleum_imports_annual").set_index(["origin", "period"])["value"]
    assert len(bundled) == (len(rows) - 1) * len(WORDS)
    congo = iter(["Congo (Brazzaville)", "Congo (Kinshasa)"])  # OPEC block first, as in EIA
    for row in rows[1:]:
        name = row[0].strip()
        name = next(congo) if name == "Congo" else {"Idnonesia": "Indonesia"}.get(name, name)
        for year, cell in zip(range(1993, 2022), row[1:], strict=True):
            want = math.nan if float(cell) == 0 else float(cell)  # 0 = EIA blank in this file
            assert _same(bundled[name, str(year)], want), (name, year, cell)


def test_every_crude_cell_equals_raw(shared_data: Path) -> None:
    bundled = read_table("eia_crude_imports_kbd")
    for freq, rel in CRUDE.items():
        raw = {
            (r["series"].replace("U.S. Imports", "U.S. total"), r["period"]): float(r["kbd"])
            for r in csv.DictReader(io.StringIO((shared_data / rel).read_text()))
        }
        part = bundled[bundled["freq"] == freq]
        values = part.set_index(["origin", "period"])["value"]
        assert set(part["origin"]) == {"U.S. total", "Canada", "Russia", "Venezuela"}
        assert set(raw) <= set(values.index)
        for key, value in values.items():
            assert _same(value, raw.get(key, math.nan)), key  # absent upstream = EIA blank
        # the grid is regular: every origin has every period of the file's span
        assert part.groupby("origin").size().nunique() == 1
    monthly = bundled[bundled["freq"] == "M"]
    assert monthly["period"].min() == "2025-01"
    assert monthly["period"].max() == "2026-07"


@pytest.mark.parametrize(
    ("benchmark", "freq", "file"),
    [
        ("brent", "M", "brent-monthly.csv"),
        ("brent", "Y", "brent-year.csv"),
        ("wti", "M", "wti-monthly.csv"),
        ("wti", "Y", "wti-year.csv"),
    ],
)
def test_every_oil_price_equals_raw(
    shared_data: Path, benchmark: str, freq: str, file: str
) -> None:
    raw = pd.read_csv(shared_data / OIL / file, dtype={"Date": str})
    want = dict(zip(raw["Date"].str[: 7 if freq == "M" else 4], raw["Price"], strict=True))
    table = read_table("oil_prices")
    part = table[(table["benchmark"] == benchmark) & (table["freq"] == freq)]
    assert set(part["series_id"]) == {"RBRTE" if benchmark == "brent" else "RWTC"}
    got = dict(zip(part["period"], part["value"], strict=True))
    assert got == want


def test_manifest_inputs_match_raw_files(shared_data: Path) -> None:
    for name in (
        "eia_petroleum_imports_annual",
        "eia_crude_imports_kbd",
        "oil_prices",
        "tic_treasury_holdings",
    ):
        entry = dataset_entry(name)
        for key in (
            "description",
            "coverage",
            "frequency",
            "units",
            "upstream_url",
            "vintage",
            "source",
            "notes",
        ):
            assert entry[key], (name, key)
        for item in entry["inputs"]:
            data = (shared_data / item["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == item["sha256"], item["path"]
            assert item["role"]


def test_builders_reproduce_bundled_files_byte_for_byte(shared_data: Path, tmp_path: Path) -> None:
    entries = {**energy.build(shared_data, tmp_path), **treasury.build(shared_data, tmp_path)}
    for name, entry in entries.items():
        bundled = dataset_entry(name)
        assert entry["sha256"] == bundled["sha256"], f"{name}: rebuild the snapshot"
        assert (
            hashlib.sha256((tmp_path / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
        )

"""catalog(): every bundled dataset, with provenance and checksums that match the files."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

import tradeshock as ts
from tradeshock.sources.catalog import CATALOG_COLUMNS

DATA = resources.files("tradeshock") / "data"


def _manifest() -> dict[str, dict[str, object]]:
    datasets: dict[str, dict[str, object]] = json.loads(
        (DATA / "manifest.json").read_text(encoding="utf-8")
    )["datasets"]
    return datasets


def test_catalog_lists_every_dataset() -> None:
    cat = ts.catalog()
    assert list(cat.columns) == list(CATALOG_COLUMNS)
    assert cat["dataset"].tolist() == sorted(_manifest())
    for name in ("census_trade_monthly", "census_trade_annual", "partners"):
        assert name in set(cat["dataset"])


def test_catalog_sha256_matches_file_bytes() -> None:
    cat = ts.catalog().set_index("dataset")
    for name, entry in _manifest().items():
        data = (DATA / str(entry["file"])).read_bytes()
        assert cat.loc[name, "sha256"] == hashlib.sha256(data).hexdigest(), name
        assert cat.loc[name, "file"] == entry["file"]


def test_catalog_provenance_fields_filled() -> None:
    cat = ts.catalog()
    for col in (
        "description",
        "coverage",
        "frequency",
        "units",
        "upstream_url",
        "vintage",
        "source",
        "inputs",
        "freq",
        "licence",
    ):
        assert (cat[col].str.len() > 0).all(), col
    assert (cat["rows"] > 0).all()


def test_census_entries() -> None:
    cat = ts.catalog().set_index("dataset")
    annual = cat.loc["census_trade_annual"]
    assert annual["upstream_url"] == "https://www.census.gov/foreign-trade/balance/country.xlsx"
    assert annual["units"] == "USD millions"
    assert annual["frequency"] == "Y"
    assert "country.xlsx (4b16c664bfc3)" in annual["inputs"]  # sha256 prefix from SOURCES.md
    assert cat.loc["census_trade_monthly", "frequency"] == "M"
    entry = _manifest()["census_trade_annual"]
    vintages = entry["vintages"]
    assert isinstance(vintages, dict)
    assert set(vintages) == {"S1", "S2"}
    assert vintages["S2"]["years"] == "2024-2025"
    digests = {i["sha256"] for v in vintages.values() for i in v["inputs"]}
    # full sha256 of S1 and S2 raw files, as listed in census/SOURCES.md
    assert "4b16c664bfc35e4c3bc3b9f169e372e522dd0cb8a1150669d5a83d672eaf8149" in digests
    assert "e09436f40a1645af984ba02d66e91fd6008c111353326564df7321469ee73351" in digests


def test_catalog_returns_new_frame() -> None:
    cat = ts.catalog()
    cat.loc[:, "sha256"] = "x"
    assert ts.catalog()["sha256"].str.len().eq(64).all()


@pytest.mark.parametrize("name", ["census_trade_monthly", "census_trade_annual", "partners"])
def test_census_files_are_compact(name: str) -> None:
    size = len((DATA / str(_manifest()[name]["file"])).read_bytes())
    assert size < 500_000, f"{name} is {size} bytes"


def test_catalog_lists_every_provenance_field_and_the_terms_of_reuse() -> None:
    from tradeshock.sources import Provenance

    cat = ts.catalog().set_index("dataset")
    assert set(Provenance.FIELDS) <= {"dataset", *cat.columns}
    for name in ("census_trade_annual", "eia_crude_imports_kbd", "tic_treasury_holdings"):
        assert cat.loc[name, "licence"].startswith("U.S. public domain"), name
    assert (cat["licence"].str.len() > 0).all()  # every bundled dataset states its terms
    # a loaded object carries the same licence as its dataset's catalog row
    trade = ts.load_trade("Russia")
    assert Provenance.of(trade).licence == cat.loc["census_trade_annual", "licence"]

"""Snapshot part 'commodities': U.S. trade by commodity category.

Datasets written (values in **whole U.S. dollars**, exactly as published, so every cell can be
checked against the raw file; the loader converts to USD millions):

* ``composition_enduse_imports`` — Census end-use imports, **all partners** (and the ``0000``
  World Total), one row per country code × 5-digit end-use code, one column per year
  2014–2025. Two vintages of ``enduse_imports.xlsx``; the latest vintage wins for every year it
  covers (E1, spring 2026: 2016–2025; E2, autumn 2024: 2014–2015 only). A code listed for a
  country in one vintage but not in the other is a true zero in the other's years (Census lists
  a country × code row whenever it has trade in any of the file's years).
* (no longer written) ``composition_hs2_russia_imports`` / ``_exports`` — U.S.-reported UN
  Comtrade HS chapters: UN Comtrade's terms forbid re-dissemination, so HS2 is live only
  (``load_trade_composition(..., basis="hs2", source="comtrade", api_key=...)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .._snapshot import sha256_file, write_table
from ..parsers.commodities import parse_comtrade_hs2, parse_enduse_imports

ENDUSE_URL = (
    "https://www.census.gov/foreign-trade/statistics/product/enduse/imports/enduse_imports.xlsx"
)
COMTRADE_URL = "https://comtrade.un.org/api/get?r=842&p=all&cc=AG2 (legacy Comtrade API)"

_DIR = "census/commodities"

#: end-use vintages, newest first: the first one covering a year supplies that year
ENDUSE_VINTAGES: tuple[dict[str, str], ...] = (
    {
        "id": "E1",
        "path": f"{_DIR}/raw/iriswang-creator__US_Trade_Analytics_/enduse_imports.xlsx",
        "vintage": "2026-04 (Census enduse_imports.xlsx as of spring 2026)",
        "origin": "GitHub iriswang-creator/US_Trade_Analytics_, enduse_imports.xlsx, "
        "commit 224dd77dd58dba8900036a17e5439ff88903a5c6 (2026-04-14)",
    },
    {
        "id": "E2",
        "path": f"{_DIR}/raw/redzone67__g/enduse_imports.xlsx",
        "vintage": "2024-11 (Census enduse_imports.xlsx as of autumn 2024)",
        "origin": "GitHub redzone67/g, enduse_imports.xlsx, "
        "commit a87a478b520c4b594ae1b0a06842c513f38f35ae (2024-11-10)",
    },
)

COMTRADE_EXTRACT = f"{_DIR}/extracts/comtrade_usa_reporter_russia_partner_hs2_2010_2019.csv"
COMTRADE_RAW = f"{_DIR}/raw/memed01__Data_Product_Project/US_Trade.RData"

ENDUSE_NOTES = (
    "General imports, customs value (Census basis), whole U.S. dollars.",
    "The latest vintage wins per year: 2016-2025 from E1 (spring 2026), 2014-2015 from E2 "
    "(autumn 2024). E1 and E2 agree on 2016-2021 and differ only by small annual revisions in "
    "2022-2023.",
    "A country x code absent from a vintage is a true zero for that vintage's years.",
    "Country code 0000 'World Total' is the sum of all countries; there are no subtotal rows.",
    "2024 and 2025 are as published in spring 2026 (later revisions are not included).",
    "End-use exports are not bundled: the Census enduse_exports.xlsx file could not be obtained.",
)

HS2_NOTES = (
    "U.S.-reported data as disseminated by UN Comtrade (legacy CSV layout), not mirror data.",
    "HS vintage H3 (HS2007) for 2010-2011, H4 (HS2012) for 2012-2016, H5 (HS2017) for "
    "2017-2019; chapter descriptions follow each year's vintage.",
    "Chapters with no trade in a year are absent upstream (read as zero by the loader).",
    "HS 99 (special/unclassified) is kept. One Comtrade vintage downloaded around 2020.",
    "No HS2 data for 2020 onwards was found; use basis='enduse' for later years.",
    "Extract of C1 (US_Trade.RData, memed01/Data_Product_Project commit "
    "1bdfa72b03a976442c4385bdc1b24b2f5ee949e8): every row with partner Russia, columns "
    "unchanged.",
)


def _input(shared: Path, relative: str, origin: str) -> dict[str, str]:
    return {"path": relative, "sha256": sha256_file(shared / relative), "origin": origin}


def enduse_table(shared: Path) -> tuple[pd.DataFrame, dict[int, str]]:
    """Merge the end-use vintages into one wide table (whole dollars); return it and year → id."""
    parsed = [(v, parse_enduse_imports(shared / v["path"])) for v in ENDUSE_VINTAGES]
    source_of_year: dict[int, str] = {}
    pieces = []
    names: list[pd.DataFrame] = []
    for vintage, tidy in parsed:
        names.append(tidy[["cty_code", "partner", "end_use", "description"]])
        taken = sorted(set(tidy["year"]) - set(source_of_year))
        for year in taken:
            source_of_year[int(year)] = vintage["id"]
        part = tidy[tidy["year"].isin(taken)]
        # pairs the vintage does not list are zero in that vintage's years, for partners it has
        wide = part.pivot(index=["cty_code", "end_use"], columns="year", values="value")
        partners = set(part["cty_code"])
        pieces.append((wide, partners))
    rows = pd.concat(names).drop_duplicates(["cty_code", "end_use"], keep="first")
    rows = rows.sort_values(["cty_code", "end_use"]).reset_index(drop=True)
    index = pd.MultiIndex.from_frame(rows[["cty_code", "end_use"]])
    table = rows.copy()
    for wide, partners in pieces:
        wide = wide.reindex(index)
        listed = index.get_level_values("cty_code").isin(sorted(partners))
        for year in wide.columns:
            values = wide[year].to_numpy(copy=True)
            values[listed & pd.isna(values)] = 0.0
            table[str(year)] = pd.array(values.round(), dtype="Int64")
    year_columns = sorted(c for c in table.columns if c.isdigit())
    table = table[["cty_code", "partner", "end_use", "description", *year_columns]]
    return table, dict(sorted(source_of_year.items()))


def hs2_table(shared: Path, flow: str) -> pd.DataFrame:
    """Russia's HS-chapter rows of one flow (whole dollars), sorted by year and chapter."""
    tidy = parse_comtrade_hs2(shared / COMTRADE_EXTRACT, flows=[flow])
    tidy = tidy[tidy["partner"] == "Russian Federation"]
    table: pd.DataFrame = tidy[["year", "hs2", "description", "value"]].reset_index(drop=True)
    table["value"] = table["value"].round().astype("Int64")
    return table


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Build the commodity datasets; return their manifest entries.

    Example:
        >>> from tradeshock.build import commodities
        >>> entries = commodities.build(shared, out)  # doctest: +SKIP

    """
    entries: dict[str, Any] = {}
    enduse, source_of_year = enduse_table(shared)
    by_id = {v["id"]: v for v in ENDUSE_VINTAGES}
    years = sorted(source_of_year)
    entries["composition_enduse_imports"] = write_table(
        enduse,
        out,
        "composition_enduse_imports",
        {
            "description": "U.S. general imports by Census 5-digit end-use code and country "
            "(all partners and the World Total), annual",
            "coverage": f"{years[0]}-{years[-1]}",
            "frequency": "Y",
            "units": "USD (whole dollars)",
            "valuation": "general imports, customs value",
            "basis": "enduse",
            "flow": "imports",
            "upstream_url": ENDUSE_URL,
            "vintage": "; ".join(
                f"{by_id[i]['vintage']} for "
                f"{min(y for y, s in source_of_year.items() if s == i)}-"
                f"{max(y for y, s in source_of_year.items() if s == i)}"
                for i in dict.fromkeys(source_of_year.values())
            ),
            "vintage_by_year": {str(y): by_id[s]["vintage"] for y, s in source_of_year.items()},
            "source_by_year": {str(y): s for y, s in source_of_year.items()},
            "source": "U.S. Census Bureau, end-use imports by country (enduse_imports.xlsx)",
            "inputs": [
                {**_input(shared, v["path"], v["origin"]), "id": v["id"]} for v in ENDUSE_VINTAGES
            ],
            "notes": list(ENDUSE_NOTES),
        },
    )
    # The HS2 tables (U.S.-reported UN Comtrade) are no longer written: UN Comtrade's terms
    # forbid re-dissemination. hs2_table() still parses the raw extract for the tests.
    return entries

"""Snapshot part 'energy': EIA petroleum imports by origin and Brent/WTI spot prices.

Writes three tables, all long format with ``period`` as ``"YYYY"`` / ``"YYYY-MM"`` text:

* ``eia_petroleum_imports_annual`` — ``origin, period, value``: crude oil and petroleum products,
  thousand barrels, every origin of the derived EIA table, 1993-2021 (its ``0`` cells → NaN);
* ``eia_crude_imports_kbd`` — ``freq, origin, period, value``: crude oil only, thousand barrels per
  day, U.S. total, Canada, Russia, Venezuela (annual 1993-2025, monthly 2025-01..2026-07; EIA
  blanks, i.e. rows absent from the extract, → NaN);
* ``oil_prices`` — ``benchmark, series_id, freq, period, value``: USD per barrel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .._snapshot import sha256_file, write_table
from ..parsers.eia import (
    CRUDE_TOTAL,
    EIA_PETROLEUM_SERIES,
    PRODUCT_CRUDE,
    PRODUCT_CRUDE_AND_PRODUCTS,
    UNITS_KB,
    UNITS_KBD,
    parse_crude_kbd,
    parse_petroleum_imports_table,
)
from ..parsers.oil import BENCHMARK_SERIES, parse_oil_prices

PETROLEUM_TABLE = "eia/raw/andrewpari-IV_PRJ_US_OIL/data.csv"
CRUDE_ANNUAL = "eia/raw/endorrfin-numbers-speak/eia-crude-imports-annual.EXCERPT.csv"
CRUDE_MONTHLY = "eia/raw/endorrfin-numbers-speak/eia-crude-imports-monthly.EXCERPT.csv"
OIL_FILES = {
    ("brent", "M"): "oil_prices/raw/datasets-oil-prices/data/brent-monthly.csv",
    ("brent", "Y"): "oil_prices/raw/datasets-oil-prices/data/brent-year.csv",
    ("wti", "M"): "oil_prices/raw/datasets-oil-prices/data/wti-monthly.csv",
    ("wti", "Y"): "oil_prices/raw/datasets-oil-prices/data/wti-year.csv",
}
#: the origins the crude kb/d extracts were transcribed for (SOURCES.md, source B)
CRUDE_ORIGINS = (CRUDE_TOTAL, "Canada", "Russia", "Venezuela")

#: EIA series ids (crude oil and products, thousand barrels) of the origins the article uses
PETROLEUM_SERIES_IDS = {
    origin: EIA_PETROLEUM_SERIES[PRODUCT_CRUDE_AND_PRODUCTS][origin]
    for origin in ("Russia", "Canada", "Venezuela")
}
#: EIA series ids (crude oil, thousand barrels per day), see ``parsers.eia``
CRUDE_SERIES_IDS = dict(EIA_PETROLEUM_SERIES[PRODUCT_CRUDE])


def _input(shared: Path, rel: str, role: str) -> dict[str, str]:
    return {"path": rel, "sha256": sha256_file(shared / rel), "role": role}


def _span(periods: pd.Series) -> str:
    return f"{periods.min()}..{periods.max()}"


def complete_grid(tidy: pd.DataFrame, origins: tuple[str, ...], freq: str) -> pd.DataFrame:
    """Return ``origin, period, value`` with one row per origin × period of the full range.

    Periods between the first and last one in ``tidy`` that an origin lacks get NaN (EIA blanks).
    """
    first, last = tidy["period"].min(), tidy["period"].max()
    periods = [str(p) for p in pd.period_range(first, last, freq=freq)]
    names = list(dict.fromkeys([*origins, *sorted(set(tidy["origin"]) - set(origins))]))
    index = pd.MultiIndex.from_product([names, periods], names=["origin", "period"])
    values = tidy.set_index(["origin", "period"])["value"].reindex(index)
    result: pd.DataFrame = values.reset_index()
    return result


def build_petroleum(shared: Path, out: Path) -> dict[str, Any]:
    """Write ``eia_petroleum_imports_annual``; return its manifest entry."""
    tidy = parse_petroleum_imports_table((shared / PETROLEUM_TABLE).read_bytes())
    table = tidy[["origin", "period", "value"]].sort_values(["origin", "period"], kind="stable")
    table = table.reset_index(drop=True)
    years = _span(table["period"])
    meta = {
        "description": "U.S. imports of crude oil and petroleum products by country of origin, "
        "annual (EIA, from a derived copy of EIA's annual table)",
        "coverage": f"{years}, {table['origin'].nunique()} origins",
        "frequency": "Y",
        "units": UNITS_KB,
        "upstream_url": "https://www.eia.gov/dnav/pet/pet_move_impcus_a2_nus_ep00_im0_mbbl_a.htm",
        "vintage": "EIA annual table as copied about 2022-05 (AndrewPari/IV_PRJ_US_OIL commit "
        "07a65c7b98dd9fb96cc49c3028170a51b007b292, 2022-05-01)",
        "source": "EIA U.S. Imports by Country of Origin (crude oil and total products), via "
        "github.com/AndrewPari/IV_PRJ_US_OIL data.csv",
        "series_ids": PETROLEUM_SERIES_IDS,
        "inputs": [_input(shared, PETROLEUM_TABLE, "annual table, thousand barrels")],
        "notes": [
            "The derived file replaced EIA's blank cells with 0, so every 0 is read as unknown "
            f"(NaN): {int(table['value'].isna().sum())} cells.",
            "Russia 1993-1994 and Venezuela 2020-2021 are NaN for that reason.",
            "No U.S. total, no 2022 or later and no monthly crude-and-products data in the "
            "snapshot; source='eia' fetches them live.",
            "Origin labels as in the derived file except 'Idnonesia' -> 'Indonesia' and the two "
            "'Congo' rows -> 'Congo (Brazzaville)' (OPEC block) and 'Congo (Kinshasa)'.",
            "The 2021 values may predate EIA's final Petroleum Supply Annual revision.",
        ],
    }
    return write_table(table, out, "eia_petroleum_imports_annual", meta)


def build_crude(shared: Path, out: Path) -> dict[str, Any]:
    """Write ``eia_crude_imports_kbd`` (annual and monthly); return its manifest entry."""
    parts = []
    for freq, rel in (("Y", CRUDE_ANNUAL), ("M", CRUDE_MONTHLY)):
        grid = complete_grid(parse_crude_kbd((shared / rel).read_bytes()), CRUDE_ORIGINS, freq)
        grid.insert(0, "freq", freq)
        parts.append(grid)
    table = pd.concat(parts, ignore_index=True)
    annual, monthly = (table[table["freq"] == f] for f in ("Y", "M"))
    blanks = table[table["value"].isna()].groupby(["freq", "origin"])["period"].agg(_span)
    blank_text = "; ".join(
        f"{origin} {'annual' if freq == 'Y' else 'monthly'} {span}"
        for (freq, origin), span in blanks.items()
    )
    meta = {
        "description": "U.S. imports of crude oil by country of origin, thousand barrels per day "
        "(EIA period averages)",
        "coverage": f"annual {_span(annual['period'])}, monthly {_span(monthly['period'])}; "
        + ", ".join(CRUDE_ORIGINS),
        "frequency": "Y, M",
        "units": UNITS_KBD,
        "upstream_url": "https://www.eia.gov/dnav/pet/pet_move_impcus_a2_nus_epc0_im0_mbblpd_a.htm",
        "vintage": "EIA release 2026-09-30 (downloaded 2026-10-07 by Endorrfin/numbers-speak)",
        "source": "EIA PET_MOVE_IMPCUS_A2_NUS_EPC0_IM0_MBBLPD_A/_M workbooks, via "
        "github.com/Endorrfin/numbers-speak data-raw/oil (excerpt)",
        "series_ids": CRUDE_SERIES_IDS,
        "inputs": [
            _input(shared, CRUDE_ANNUAL, "crude kb/d, annual (excerpt)"),
            _input(shared, CRUDE_MONTHLY, "crude kb/d, monthly (excerpt)"),
        ],
        "notes": [
            "Rows absent from the extract are EIA blanks and are NaN here: " + blank_text + ".",
            "kb/d are EIA period averages; do not multiply by days to get thousand barrels.",
        ],
    }
    return write_table(table, out, "eia_crude_imports_kbd", meta)


def build_oil_prices(shared: Path, out: Path) -> dict[str, Any]:
    """Write ``oil_prices`` (Brent and WTI, monthly and annual); return its manifest entry."""
    parts = []
    for (benchmark, freq), rel in OIL_FILES.items():
        tidy = parse_oil_prices((shared / rel).read_bytes(), freq=freq)
        tidy.insert(0, "freq", freq)
        tidy.insert(0, "series_id", BENCHMARK_SERIES[benchmark])
        tidy.insert(0, "benchmark", benchmark)
        parts.append(tidy)
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["benchmark", "freq", "period"], kind="stable").reset_index(drop=True)
    spans = table.groupby(["benchmark", "freq"])["period"].agg(_span)
    meta = {
        "description": "Crude oil spot prices FOB: Europe Brent (EIA RBRTE) and Cushing, OK WTI "
        "(EIA RWTC), monthly and annual averages",
        "coverage": "; ".join(
            f"{b} {'monthly' if f == 'M' else 'annual'} {s}" for (b, f), s in spans.items()
        ),
        "frequency": "M, Y",
        "units": "USD per barrel",
        "upstream_url": "https://www.eia.gov/dnav/pet/hist/RBRTEM.htm; "
        "https://www.eia.gov/dnav/pet/hist/RWTCM.htm",
        "vintage": "datasets/oil-prices commit 2d75ce3a792c2f152619c10272e86052be3a8390 "
        "(2026-08-22)",
        "source": "EIA spot prices RBRTE / RWTC via the datahub.io oil-prices dataset "
        "(github.com/datasets/oil-prices)",
        "series_ids": dict(BENCHMARK_SERIES),
        "inputs": [
            _input(shared, rel, f"{b} {'monthly' if f == 'M' else 'annual'}")
            for (b, f), rel in OIL_FILES.items()
        ],
        "notes": [
            "Monthly rows are dated the 15th and annual rows June 30 upstream; only YYYY-MM / "
            "YYYY is kept.",
            "Brent 1987 annual covers only May-December 1987 (the series starts 1987-05-20).",
            "EIA occasionally revises history (e.g. Brent 2016-12 differs from a 2017 vintage); "
            "the latest months may be revised.",
        ],
    }
    return write_table(table, out, "oil_prices", meta)


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Build the energy part of the snapshot; return manifest entries by dataset name."""
    return {
        "eia_petroleum_imports_annual": build_petroleum(shared, out),
        "eia_crude_imports_kbd": build_crude(shared, out),
        "oil_prices": build_oil_prices(shared, out),
    }

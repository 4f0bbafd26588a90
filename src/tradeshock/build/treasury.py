"""Snapshot part 'treasury': TIC holdings of U.S. Treasury securities, every foreign holder.

Writes ``tic_treasury_holdings`` — ``tic_code, country, period, total, long_term, short_term,
source_file`` (USD millions, end of month) — by combining the legacy Table 3D
(``slt3d_globl.csv``, 2011-09..2023-01) with the current Table 3 (``slt_table3.txt``, 2020-01 on).
Where both have a holder-month the newer ``slt_table3`` wins; each holder keeps the name it has in
the newest file that lists it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .._snapshot import sha256_file, write_table
from ..parsers.treasury import parse_slt3d_globl, parse_slt_table3

_DIR = "treasury/raw/konstantinevm-dollar-breaking-point"
TABLE3 = f"{_DIR}/slt_table3.txt"
TABLE3D = f"{_DIR}/slt3d_globl.csv"
VALUE_COLUMNS = ["total", "long_term", "short_term"]


def combine_holdings(newer: pd.DataFrame, older: pd.DataFrame) -> pd.DataFrame:
    """Stack two tidy TIC tables; for a (tic_code, period) in both, keep the ``newer`` row.

    Both inputs need a ``source_file`` column. Each code gets the name of its newest appearance.
    """
    stacked = pd.concat([newer, older], ignore_index=True)
    table = stacked.drop_duplicates(["tic_code", "period"], keep="first")
    names = stacked.drop_duplicates("tic_code", keep="first").set_index("tic_code")["country"]
    table = table.assign(country=table["tic_code"].map(names))
    table = table.sort_values(["tic_code", "period"], kind="stable").reset_index(drop=True)
    columns = ["tic_code", "country", "period", *VALUE_COLUMNS, "source_file"]
    result: pd.DataFrame = table[columns]
    return result


def overlap_differences(newer: pd.DataFrame, older: pd.DataFrame) -> pd.DataFrame:
    """Holder-months present in both tables whose values differ (revisions between files)."""
    both = newer.merge(older, on=["tic_code", "period"], suffixes=("_new", "_old"))
    differs = pd.Series(False, index=both.index)
    for column in VALUE_COLUMNS:
        new, old = both[f"{column}_new"], both[f"{column}_old"]
        differs |= ~((new == old) | (new.isna() & old.isna()))
    result: pd.DataFrame = both.loc[differs]
    return result


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Build the treasury part of the snapshot; return manifest entries by dataset name."""
    newer = parse_slt_table3((shared / TABLE3).read_bytes()).assign(source_file="slt_table3.txt")
    older = parse_slt3d_globl((shared / TABLE3D).read_bytes()).assign(source_file="slt3d_globl.csv")
    table = combine_holdings(newer, older)
    differences = overlap_differences(newer, older)
    overlap = newer.merge(older, on=["tic_code", "period"])
    russia_diff = int((differences["tic_code"] == "16101").sum())
    months = sorted(table["period"].unique())
    meta = {
        "description": "U.S. Treasury securities held by foreign residents, by holder (countries, "
        "regions, international organisations, totals), end of month (TIC Table 3 "
        "and legacy Table 3D)",
        "coverage": f"{months[0]}..{months[-1]} ({len(months)} months; "
        f"{table['tic_code'].nunique()} holders)",
        "frequency": "M",
        "units": "USD millions",
        "upstream_url": "https://treasury.gov/resource-center/data-chart-center/tic/Documents/"
        "slt_table3.txt; https://treasury.gov/resource-center/data-chart-center/"
        "tic/Documents/slt3d_globl.csv",
        "vintage": "TIC files downloaded 2026-07-01 (KonstantineVM/dollar-breaking-point commit "
        "d204d7e1330c3024f9e1a65ab6384a92ecbab371)",
        "source": "U.S. Treasury, Treasury International Capital (TIC) system, Table 3 / Table 3D",
        "inputs": [
            _input(shared, TABLE3, "Table 3, 2020-01 onward (wins on overlap)"),
            _input(shared, TABLE3D, "legacy Table 3D, 2011-09..2023-01"),
        ],
        "notes": [
            "Months absent from both files (2011-10, 2011-11) are absent here; loaders return "
            "them as NaN on a regular monthly index.",
            "'n.a.' in the TIC files is NaN; a 0 is a published zero (less than USD 0.5 million).",
            f"Where the files overlap ({len(overlap)} holder-months, 2020-01..2023-01) "
            f"slt_table3 wins; {len(differences)} of them differ between the files (later "
            f"revisions), {russia_diff} of them for Russia (16101).",
            "Holdings are attributed to the country of the custodian-reported owner; holdings in "
            "overseas custody may be attributed to the custody country (TIC FAQ #7).",
        ],
    }
    entry = write_table(table, out, "tic_treasury_holdings", meta)
    return {"tic_treasury_holdings": entry}


def _input(shared: Path, rel: str, role: str) -> dict[str, str]:
    return {"path": rel, "sha256": sha256_file(shared / rel), "role": role}

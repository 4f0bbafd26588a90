"""Snapshot part 'census': U.S. goods trade by partner (Census ``country.xlsx``) and partners.

Inputs (paths relative to ``shared/data``):

* S1 — ``census/raw/cesinco__tableau-dashboard-extension-d3js/country.xlsx``: the Census bulk
  file as committed 2024-11-01, data 1985-01 … 2024-06.
* S2 — ``census/raw/corbett-hobbs__congress-ideology/pipeline/output/trade_by_country/2024.json``
  and ``2025.json``: a later vintage of the same Census file (fetched 2026-10-01), ISO-keyed,
  rounded to 0.1.
* ``census/country_codes/raw/census_schedule_c_country.txt`` (Census Schedule C) and
  ``census/country_codes/raw/corbett-hobbs_countries.json`` (historical codes, ISO alpha-3 keys).

Vintage rule: for each (code, year) the latest vintage that has a row wins (S2 for 2024–2025;
S1 elsewhere). Where S2 has no row for a code in 2024 (World 0004/0015, Norfolk Island 6022,
Heard and McDonald Islands 6029, Wallis and Futuna 6413), S1's published 2024 Jan–Jun values are
kept, and the manifest lists each such (code, months) under ``fallback``: they are figures Census
published (S1 is the Census file itself), so NaN would discard known data; the flag says they
were not revised by the later vintage. Values are stored rounded to 0.1 USD million, Census's
publication precision, half-up on the decimal figure (S2 is already rounded; S1 keeps float
noise).

Datasets written:

* ``census_trade_monthly`` — one row per (code, year): ``cty_code, year, vintage,
  exports_01 … exports_12, imports_01 … imports_12`` (a compact layout of the monthly table;
  the loaders turn it back into tidy rows);
* ``census_trade_annual`` — ``cty_code, year, vintage, exports, imports``;
* ``partners`` — ``cty_code, name, schedule_c_name, iso2, iso3, kind, current, first_year,
  last_year, label``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._log import logger
from .._snapshot import sha256_bytes, write_table
from ..parsers.census import (
    corbett_key_table,
    parse_corbett_countries,
    parse_country_xlsx,
    parse_schedule_c,
    parse_trade_by_country_json,
    round_published,
)

S1_PATH = "census/raw/cesinco__tableau-dashboard-extension-d3js/country.xlsx"
S2_DIR = "census/raw/corbett-hobbs__congress-ideology/pipeline/output/trade_by_country"
S2_YEARS = (2024, 2025)
SCHEDULE_C_PATH = "census/country_codes/raw/census_schedule_c_country.txt"
CORBETT_PATH = "census/country_codes/raw/corbett-hobbs_countries.json"

UPSTREAM_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
SCHEDULE_C_URL = "https://www.census.gov/foreign-trade/schedules/c/country.txt"
UNITS = "USD millions"
SOURCE = (
    "U.S. Census Bureau, Foreign Trade Division: U.S. trade in goods by country "
    "(exports f.a.s., general imports customs value, not seasonally adjusted)"
)
VINTAGE_TEXT = {
    "S1": (
        "country.xlsx as committed to GitHub cesinco/tableau-dashboard-extension-d3js on "
        "2024-11-01 (commit bc24e2a), data through 2024-06"
    ),
    "S2": (
        "country.xlsx fetched 2026-10-01 by GitHub corbett-hobbs/congress-ideology (commit "
        "31caa71), in that pipeline's derived ISO-keyed form rounded to 0.1 (trade_by_country/"
        "2024.json, 2025.json)"
    ),
}
VINTAGE = "S1 (Census country.xlsx, data through 2024-06) + S2 (later vintage fetched 2026-10-01)"

MONTH_COLS = [f"{m:02d}" for m in range(1, 13)]
OTHER_CODES = ("8220", "8500")  # "Unidentified Countries", "International Organizations"
_ISO3 = re.compile(r"[A-Z]{3}")


def _read(shared: Path, rel: str) -> tuple[bytes, dict[str, str]]:
    data = (shared / rel).read_bytes()
    return data, {"path": rel, "sha256": sha256_bytes(data)}


def _with_year(monthly: pd.DataFrame) -> pd.DataFrame:
    out: pd.DataFrame = monthly.copy()
    out["year"] = out["period"].str.slice(0, 4).astype("int64")
    return out


def merge_vintages(
    vintages: dict[str, tuple[pd.DataFrame, pd.DataFrame]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge tidy (monthly, annual) pairs keyed by vintage, later keys winning per (code, year).

    Returns tidy monthly and annual frames with an added ``vintage`` column.

    Example:
        >>> a1 = pd.DataFrame({"cty_code": ["4621"], "name": ["Russia"], "year": [2024],
        ...                    "exports": [1.0], "imports": [2.0]})
        >>> m1 = pd.DataFrame({"cty_code": ["4621"], "name": ["Russia"], "period": ["2024-01"],
        ...                    "exports": [1.0], "imports": [2.0]})
        >>> a2, m2 = a1.assign(exports=3.0), m1.assign(exports=3.0)
        >>> merge_vintages({"S1": (m1, a1), "S2": (m2, a2)})[1]["vintage"].tolist()
        ['S2']

    """
    owner: dict[tuple[str, int], str] = {}
    for key, (_, annual) in vintages.items():  # dict order = oldest first
        for code, year in zip(annual["cty_code"].tolist(), annual["year"].tolist(), strict=True):
            owner[(code, int(year))] = key
    monthly_parts, annual_parts = [], []
    for key, (monthly, annual) in vintages.items():
        keep_a = [
            owner[(c, int(y))] == key
            for c, y in zip(annual["cty_code"], annual["year"], strict=True)
        ]
        annual_parts.append(annual.loc[keep_a].assign(vintage=key))
        m = _with_year(monthly)
        keep_m = [
            owner.get((c, int(y))) == key for c, y in zip(m["cty_code"], m["year"], strict=True)
        ]
        monthly_parts.append(m.loc[keep_m].drop(columns="year").assign(vintage=key))
    monthly_all = pd.concat(monthly_parts, ignore_index=True)
    annual_all = pd.concat(annual_parts, ignore_index=True)
    monthly_all = monthly_all.sort_values(["cty_code", "period"], kind="stable")
    annual_all = annual_all.sort_values(["cty_code", "year"], kind="stable")
    return monthly_all.reset_index(drop=True), annual_all.reset_index(drop=True)


def round_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Round ``exports``/``imports`` to 0.1 (Census's publication precision); NaN stays NaN.

    Decimal half-up on the published figure
    ([`tradeshock.parsers.census.round_published`][tradeshock.parsers.census.round_published]), not
    numpy's binary half-to-even: 10.05 becomes 10.1.

    Example:
        >>> nan = float("nan")
        >>> round_values(pd.DataFrame({"exports": [599.586448, 10.05], "imports": [nan, 0]}))
        ... # doctest: +NORMALIZE_WHITESPACE
           exports  imports
        0    599.6      NaN
        1     10.1      0.0

    """
    return round_published(frame)


def fallback_cells(monthly: pd.DataFrame) -> dict[str, str]:
    """Return the (code → published months) that S2's years take from S1 (S2 has no row).

    Example:
        >>> nan = float("nan")
        >>> m = pd.DataFrame({"cty_code": ["6022", "6022", "4621"], "vintage": ["S1", "S1", "S2"],
        ...                   "period": ["2024-01", "2024-02", "2024-01"],
        ...                   "exports": [0.0, nan, 1.0], "imports": [0.0, nan, 2.0]})
        >>> fallback_cells(m)
        {'6022': '2024-01..2024-01'}

    """
    years = monthly["period"].str.slice(0, 4).astype("int64")
    late = monthly.loc[
        years.isin(S2_YEARS)
        & (monthly["vintage"] == "S1")
        & (monthly["exports"].notna() | monthly["imports"].notna())
    ]
    spans = late.groupby("cty_code")["period"].agg(["min", "max"])
    return {str(code): f"{row['min']}..{row['max']}" for code, row in spans.iterrows()}


def monthly_to_stored(monthly: pd.DataFrame) -> pd.DataFrame:
    """Tidy monthly rows → the stored layout (one row per code and year, months in columns).

    Example:
        >>> m = pd.DataFrame({"cty_code": ["4621"] * 12, "vintage": ["S1"] * 12,
        ...                   "period": [f"2020-{i:02d}" for i in range(1, 13)],
        ...                   "exports": [1.0] * 12, "imports": [2.0] * 12})
        >>> monthly_to_stored(m).columns[:5].tolist()
        ['cty_code', 'year', 'vintage', 'exports_01', 'exports_02']

    """
    m = _with_year(monthly)
    m["month"] = m["period"].str.slice(5, 7)
    wide: pd.DataFrame = m.pivot(
        index=["cty_code", "year", "vintage"], columns="month", values=["exports", "imports"]
    )
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["exports", "imports"], MONTH_COLS]))
    wide.columns = [f"{pair[0]}_{pair[1]}" for pair in wide.columns.tolist()]
    wide = wide.reset_index().sort_values(["cty_code", "year"], kind="stable")
    result: pd.DataFrame = wide.reset_index(drop=True)
    return result


def partners_table(
    monthly: pd.DataFrame,
    xlsx_names: dict[str, str],
    schedule_c: pd.DataFrame,
    countries: pd.DataFrame,
) -> pd.DataFrame:
    """Build the partner table for every code with a row in the tidy ``monthly`` table.

    ``name`` is the ``country.xlsx`` name (else the Schedule C / pipeline name);
    ``iso2`` the Schedule C code where the pipeline confirms it is ISO 3166-1; ``iso3`` the
    pipeline's alpha-3 key (user-assigned ``X..`` keys and aggregate keys are not ISO: blank);
    ``kind`` aggregate (``00xx``), other (8220, 8500) or country; ``current`` = in Schedule C;
    ``first_year``/``last_year`` = first and last year with non-zero trade in the snapshot;
    ``label`` = the name, or ``"name [code]"`` for a non-current code that shares its name.

    Example:
        >>> sc = pd.DataFrame({"cty_code": ["4801"], "name": ["Serbia"], "iso_code": ["RS"]})
        >>> cc = pd.DataFrame({"key": ["SRB", "SRB"], "cty_code": ["4801", "4802"],
        ...                    "name": ["Serbia", "Serbia"], "iso2": ["RS", ""]})
        >>> an = pd.DataFrame({"cty_code": ["4801", "4802"], "period": ["2010-01", "2008-01"],
        ...                    "exports": [1.0, 1.0], "imports": [0.0, 0.0]})
        >>> partners_table(an, {"4801": "Serbia", "4802": "Serbia"}, sc, cc)["label"].tolist()
        ['Serbia', 'Serbia [4802]']

    """
    sc = schedule_c.set_index("cty_code")
    cc = countries.set_index("cty_code")
    active = _with_year(
        monthly[(monthly["exports"].fillna(0) != 0) | (monthly["imports"].fillna(0) != 0)]
    )
    first = active.groupby("cty_code")["year"].min()
    last = active.groupby("cty_code")["year"].max()
    rows = []
    for code in sorted(set(monthly["cty_code"])):
        in_sc = code in sc.index
        in_cc = code in cc.index
        key = str(cc.at[code, "key"]) if in_cc else ""
        iso3 = key if _ISO3.fullmatch(key) and not key.startswith("X") else ""
        sc_iso = str(sc.at[code, "iso_code"]) if in_sc else ""
        iso2 = sc_iso if (not in_cc or str(cc.at[code, "iso2"]) == sc_iso) else ""
        name = (
            xlsx_names.get(code)
            or (str(sc.at[code, "name"]) if in_sc else "")
            or (str(cc.at[code, "name"]) if in_cc else code)
        )
        kind = "aggregate" if int(code) < 1000 else "other" if code in OTHER_CODES else "country"
        rows.append(
            {
                "cty_code": code,
                "name": name,
                "schedule_c_name": str(sc.at[code, "name"]) if in_sc else "",
                "iso2": iso2,
                "iso3": iso3,
                "kind": kind,
                "current": in_sc,
                "first_year": first.get(code, pd.NA),
                "last_year": last.get(code, pd.NA),
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    for col in ("first_year", "last_year"):
        table[col] = table[col].astype("Int64")
    shared = table["name"].duplicated(keep=False)
    has_current = table.groupby("name")["current"].transform("any")
    needs_code = shared & ~(table["current"] & has_current)
    table["label"] = np.where(
        needs_code, table["name"] + " [" + table["cty_code"] + "]", table["name"]
    )
    # two current codes with one name would still clash: label both with their code
    clash = table["label"].duplicated(keep=False)
    table.loc[clash, "label"] = table.loc[clash, "name"] + " [" + table.loc[clash, "cty_code"] + "]"
    return table


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Build the census part of the snapshot; return its manifest entries.

    Example:
        >>> from pathlib import Path
        >>> entries = build(Path("../shared/data"), Path("/tmp/snap"))  # doctest: +SKIP
        >>> sorted(entries)  # doctest: +SKIP
        ['census_trade_annual', 'census_trade_monthly', 'partners']

    """
    s1_bytes, s1_input = _read(shared, S1_PATH)
    sc_bytes, sc_input = _read(shared, SCHEDULE_C_PATH)
    cc_bytes, cc_input = _read(shared, CORBETT_PATH)
    schedule_c = parse_schedule_c(sc_bytes)
    countries = parse_corbett_countries(cc_bytes)
    keys = corbett_key_table(schedule_c, countries)

    s1_monthly, s1_annual = parse_country_xlsx(s1_bytes)
    xlsx_names = dict(zip(s1_annual["cty_code"], s1_annual["name"], strict=True))
    names = {**dict(zip(countries["cty_code"], countries["name"], strict=True)), **xlsx_names}

    s2_parts, s2_inputs = [], []
    for year in S2_YEARS:
        data, meta = _read(shared, f"{S2_DIR}/{year}.json")
        s2_parts.append(parse_trade_by_country_json(data, keys, names))
        s2_inputs.append(meta)
    s2_monthly = pd.concat([p[0] for p in s2_parts], ignore_index=True)
    s2_annual = pd.concat([p[1] for p in s2_parts], ignore_index=True)

    monthly, annual = merge_vintages({"S1": (s1_monthly, s1_annual), "S2": (s2_monthly, s2_annual)})
    monthly, annual = round_values(monthly), round_values(annual)
    partners = partners_table(monthly, xlsx_names, schedule_c, countries)

    s1_years = sorted(set(annual.loc[annual["vintage"] == "S1", "year"]))
    s2_years = sorted(set(annual.loc[annual["vintage"] == "S2", "year"]))
    s1_late = sorted(
        set(annual.loc[(annual["vintage"] == "S1") & annual["year"].isin(S2_YEARS), "cty_code"])
    )
    vintages = {
        "S1": {
            "description": VINTAGE_TEXT["S1"],
            "years": f"{s1_years[0]}-{s1_years[-1]}",
            "rows": "every (code, year) before 2024, and 2024 (Jan-Jun published) for codes "
            f"absent from S2: {', '.join(s1_late)}",
            "inputs": [{**s1_input, "role": "S1"}],
        },
        "S2": {
            "description": VINTAGE_TEXT["S2"],
            "years": f"{s2_years[0]}-{s2_years[-1]}",
            "rows": "every (code, year) present in the S2 files",
            "inputs": [{**m, "role": "S2"} for m in s2_inputs],
        },
    }
    trade_inputs = [
        {**s1_input, "role": "S1: Census country.xlsx (1985-01 to 2024-06)"},
        *({**m, "role": "S2: later vintage, ISO-keyed JSON"} for m in s2_inputs),
        {**sc_input, "role": "Census Schedule C country list (code table)"},
        {**cc_input, "role": "corbett-hobbs countries.json (historical codes, ISO alpha-3 keys)"},
    ]
    notes = [
        "Vintage rule: per (code, year) the latest vintage with a row wins; the 'vintage' column "
        "says which (S1 or S2, see 'vintages').",
        "Values rounded to 0.1 USD million (Census publication precision), half-up on the "
        "published decimal figure (10.05 -> 10.1), not binary half-to-even.",
        "Unpublished months (trailing all-zero months of a file's latest year) are empty (NaN); "
        "an annual value exists only for years with 12 published months.",
        "USSR caveat: in early 1992 much trade with Russia was still recorded under 4610 USSR "
        "(1992 exports 1,035.2, imports 187.1); Russia (4621) 1992 understates Russia's trade.",
        "S2 has no rows for 0004/0015 (World), 6022, 6029 and 6413 in 2024: their 2024 Jan-Jun "
        "values are S1's published figures (not revised by S2), listed under 'fallback'; "
        "World ends with 2024-06.",
        "S2 merges predecessor codes into ISO keys (SRB, SDN, ETH); for 2024-2025 these map to the "
        "current codes 4801, 7321, 7749.",
    ]
    monthly_meta = {
        "description": "U.S. goods exports and general imports by partner code (countries, "
        "aggregates such as 0015 World, 8220, 8500), monthly; one row per code and year with "
        "the months in columns exports_01..exports_12, imports_01..imports_12",
        "coverage": f"{monthly['period'].min()} to {monthly['period'].max()}, "
        f"{monthly['cty_code'].nunique()} Census codes",
        "frequency": "M",
        "units": UNITS,
        "upstream_url": UPSTREAM_URL,
        "vintage": VINTAGE,
        "source": SOURCE,
        "inputs": trade_inputs,
        "vintages": vintages,
        "fallback": {
            "rule": "per (code, year) the latest vintage with a row wins; these codes have no "
            "S2 row in 2024, so their published S1 months are kept (flagged here)",
            "cells": fallback_cells(monthly),
        },
        "notes": notes,
    }
    annual_meta = {
        **monthly_meta,
        "description": "U.S. goods exports and general imports by partner code, annual (calendar "
        "year; empty for a year without 12 published months)",
        "coverage": f"{annual['year'].min()} to {annual['year'].max()}, "
        f"{annual['cty_code'].nunique()} Census codes",
        "frequency": "Y",
    }
    unmapped = partners.loc[(partners["kind"] == "country") & (partners["iso3"] == ""), "cty_code"]
    partners_meta = {
        "description": "Census partner codes in the trade data: name as in country.xlsx, "
        "Schedule C name, ISO 3166-1 alpha-2/alpha-3 where one exists, kind (country, aggregate, "
        "other), current (in Schedule C), first/last year with non-zero trade, unambiguous label",
        "coverage": f"{len(partners)} Census codes",
        "frequency": "none",
        "units": "none",
        "upstream_url": SCHEDULE_C_URL,
        "vintage": "Schedule C list as fetched by corbett-hobbs/congress-ideology (commit 31caa71; "
        "header stamp 31JAN14 is stale)",
        "source": "U.S. Census Bureau Schedule C country list; corbett-hobbs countries.json for "
        "historical codes and alpha-3 keys",
        "inputs": [
            {**sc_input, "role": "Census Schedule C (codes, names, ISO alpha-2)"},
            {**cc_input, "role": "alpha-3 keys and historical codes"},
            {**s1_input, "role": "country.xlsx names and codes"},
        ],
        "notes": [
            "Codes without ISO alpha-3: " + ", ".join(unmapped) + " (5080 Israel: all-zero "
            "rows, in neither code list; 4803 Kosovo, 5082 Gaza Strip, 5083 West Bank: no ISO "
            "code; 5160 Neutral Zone: not in the code files).",
            "Names shared by two codes (Ethiopia, Israel, Serbia, Sudan): the current code keeps "
            "the bare name as label, the other is labelled 'Name [code]'.",
        ],
    }
    logger.info("census snapshot: %d monthly rows, %d annual rows", len(monthly), len(annual))
    stored_annual = annual[["cty_code", "year", "vintage", "exports", "imports"]]
    return {
        "census_trade_monthly": write_table(
            monthly_to_stored(monthly), out, "census_trade_monthly", monthly_meta
        ),
        "census_trade_annual": write_table(stored_annual, out, "census_trade_annual", annual_meta),
        "partners": write_table(partners, out, "partners", partners_meta),
    }

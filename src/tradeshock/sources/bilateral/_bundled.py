"""Rows of the bundled bilateral tables (and the Census tables for the U.S.) for one direction.

Every function returns the *long* layout ``period, flow, value, units, compiler, note`` for
what ``reporter`` reported about its trade with ``partner`` (``reporter``'s exports to and
imports from ``partner``); `_frames` turns that into the user's frame.
"""

from __future__ import annotations

import functools

import pandas as pd

from ..._snapshot import dataset_entry, read_table
from ...errors import NotInSnapshotError, UnknownPartnerError

__all__ = ["BUNDLED", "COMPILER_OF", "census_rows", "reported_rows"]

#: bundled dataset → its compiler
COMPILER_OF = {"bilateral_imf_dots": "IMF DOTS", "bilateral_eurostat_comext": "Eurostat Comext"}
BUNDLED = tuple(COMPILER_OF)
LONG = ["period", "flow", "value", "units", "compiler", "note"]
CENSUS = "U.S. Census Bureau"
#: economy codes whose Census name is not their ISO alpha-3
_CENSUS_NAMES = {"EU27": "EU", "WLD": "World"}


@functools.cache
def _table(name: str) -> pd.DataFrame:
    frame = read_table(name).copy()
    frame["note"] = frame["note"].fillna("")
    frame["compiler"] = COMPILER_OF[name]
    result: pd.DataFrame = frame
    return result


def reported_rows(reporter: str, partner: str, freq: str) -> pd.DataFrame:
    """Return what ``reporter`` reported about ``partner`` in the bundled tables."""
    parts = []
    for name in BUNDLED:
        table = _table(name)
        rows = table[(table["reporter"] == reporter) & (table["partner"] == partner)]
        monthly = rows["period"].str.len() == 7
        parts.append(rows[monthly if freq == "M" else ~monthly])
    if reporter == "USA":
        parts.append(census_rows(partner, freq))
    result: pd.DataFrame = pd.concat(parts, ignore_index=True)[LONG]
    return result


def census_rows(partner: str, freq: str) -> pd.DataFrame:
    """U.S.-reported trade with ``partner`` from the bundled Census tables (empty if unknown)."""
    from ..trade import load_trade

    try:
        trade = load_trade(_CENSUS_NAMES.get(partner, partner), freq=freq)
    except (UnknownPartnerError, NotInSnapshotError):
        empty: pd.DataFrame = pd.DataFrame(columns=LONG)
        return empty
    long = trade[["exports", "imports"]].stack().rename("value").reset_index()
    long.columns = ["period", "flow", "value"]
    long["period"] = long["period"].astype(str)
    long["units"] = "USD millions"
    long["compiler"] = CENSUS
    long["note"] = "EU as defined by Census (code 0003)" if partner == "EU27" else ""
    result: pd.DataFrame = long[LONG]
    return result


def coverage_text() -> str:
    """Say what the bundled bilateral tables cover (for messages and docs)."""
    dots = dataset_entry("bilateral_imf_dots")
    comext = dataset_entry("bilateral_eurostat_comext")
    return (
        f"IMF DOTS {dots['coverage']} (annual, USD millions, every partner); Eurostat "
        f"Comext {comext['coverage']} (exports only, EUR millions); U.S. Census (reporter "
        "United States)"
    )

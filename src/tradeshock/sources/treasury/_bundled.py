"""The bundled TIC table: foreign holdings of U.S. Treasury securities, 2011-09 to 2026-04."""

from __future__ import annotations

import functools

import pandas as pd

from ..._snapshot import read_table
from ...errors import NotInSnapshotError
from .._common import not_in_snapshot
from .._provenance import bundled_provenance, stamp
from ._frames import DATASET, published_series, resolve_holder

__all__ = ["load_holdings_bundled"]


@functools.cache
def _bundled_holders() -> pd.DataFrame:
    table = read_table(DATASET)
    holders: pd.DataFrame = table[["tic_code", "country"]].drop_duplicates("tic_code")
    return holders


def _not_covered(what: str, covers: str) -> NotInSnapshotError:
    return not_in_snapshot(
        what, covers, "source='treasury' (it serves the same Treasury tables live)"
    )


@functools.cache
def _bundled_series(tic_code: str, term: str) -> pd.Series:
    return published_series(read_table(DATASET), tic_code, term, not_covered=_not_covered)


def load_holdings_bundled(holder: str, term: str) -> pd.Series:
    """Bundled `tradeshock.load_treasury_holdings` (``term`` already resolved)."""
    code = resolve_holder(holder, _bundled_holders())
    result: pd.Series = _bundled_series(code, term).copy()
    return stamp(
        result,
        bundled_provenance(DATASET, freq="M"),
        holder=str(result.name),
        tic_code=code,
        term=term,
    )

"""The tidy long layout every bilateral parser returns, and the checks it must pass."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ...errors import SchemaError
from .._text import require_bytes

__all__ = ["TIDY_COLUMNS", "open_workbook", "tidy_frame"]

#: columns of every parser's result, in order
TIDY_COLUMNS = (
    "reporter",
    "partner",
    "flow",
    "period",
    "value",
    "units",
    "compiler",
    "reporter_name",
    "partner_name",
    "note",
)


def tidy_frame(rows: Iterable[Mapping[str, Any]], what: str) -> pd.DataFrame:
    """Build the tidy frame from row dicts; an empty result is a `SchemaError`.

    Example:
        >>> row = dict(reporter="RUS", partner="CHN", flow="exports", period="2019",
        ...            value=1.0, units="USD millions", compiler="FTS", reporter_name="Russia",
        ...            partner_name="Китай", note="")
        >>> list(tidy_frame([row], "x").columns) == list(TIDY_COLUMNS)
        True

    """
    frame = pd.DataFrame(list(rows), columns=list(TIDY_COLUMNS))
    if frame.empty:
        raise SchemaError(f"{what}: no data rows found")
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    for col in TIDY_COLUMNS:
        if col != "value":
            frame[col] = frame[col].fillna("").astype(str)
    result: pd.DataFrame = frame
    return result


def open_workbook(data: object, what: str) -> Any:
    """Open xlsx bytes with openpyxl (read-only, values not formulas)."""
    import openpyxl

    raw = require_bytes(data, what)
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise SchemaError(f"{what}: not a readable .xlsx workbook ({exc})") from None

"""Parsers for trade by commodity: Census end-use imports (xlsx) and legacy Comtrade HS2 CSV.

Both are pure functions from upstream bytes (or a path) to a tidy long DataFrame, used by the
snapshot builder and by the live loader alike.

Census end-use file (``enduse_imports.xlsx``, sheet ``EnduseImp``): one row per country code ×
5-digit end-use code, columns ``CTY_CODE, CTY_DESC, END_USE, COMM_DESC, value_YY…`` in whole
dollars (general imports, customs value). The file has no subtotal rows: every ``END_USE`` is a
leaf, and the only aggregate "country" is ``0000`` *World Total* (the exact sum of the countries).
It lists a country × code row when that pair has trade in at least one of the file's years, so a
``0`` in a listed row is a true zero, not a gap. Extra columns that some copies carry (analysis
formulas, lookups) are ignored.

Legacy UN Comtrade CSV (``Classification, Year, Trade Flow, Reporter, Partner, Commodity Code,
Commodity, Trade Value (US$)``, …; the R-mangled spelling ``Trade.Value..US..`` is accepted too):
rows for HS chapters (2-digit codes) are kept; ``TOTAL`` rows (sums of all chapters) and finer
codes are dropped so that chapter values can be summed without double counting.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from os import PathLike
from typing import IO, Any, Union

import pandas as pd

from .._log import logger
from ..errors import SchemaError

__all__ = ["ENDUSE_SHEET", "parse_comtrade_hs2", "parse_enduse_imports"]

#: sheet that holds the data in Census's ``enduse_imports.xlsx``
ENDUSE_SHEET = "EnduseImp"
_ENDUSE_REQUIRED = ("CTY_CODE", "CTY_DESC", "END_USE", "COMM_DESC")
_VALUE_COLUMN = re.compile(r"^value_(\d{2}|\d{4})$", re.IGNORECASE)

# cells that mean "no value" (Census uses (D) suppressed, (NA), (X), (S), (Z)): NaN, never 0
_MISSING_MARKS = frozenset({"", "-", "n/a", "na", "nan", "(na)", "(d)", "(x)", "(s)", "(z)"})

Source = Union[bytes, str, "PathLike[str]", IO[bytes]]

_FLOWS = {
    "import": "imports",
    "imports": "imports",
    "export": "exports",
    "exports": "exports",
    "re-export": "re-exports",
    "re-exports": "re-exports",
    "re-import": "re-imports",
    "re-imports": "re-imports",
}
# normalised header key -> output name; the key drops case and every non-alphanumeric character,
# so "Trade Value (US$)" and R's "Trade.Value..US.." are the same column
_COMTRADE_REQUIRED = {
    "year": "Year",
    "tradeflow": "Trade Flow",
    "reporter": "Reporter",
    "partner": "Partner",
    "commoditycode": "Commodity Code",
    "commodity": "Commodity",
    "tradevalueus": "Trade Value (US$)",
}


def _year_from_suffix(suffix: str) -> int:
    """``"16"`` → 2016, ``"2016"`` → 2016 (two-digit years 90–99 are the 1990s)."""
    number = int(suffix)
    if len(suffix) == 4:
        return number
    return 1900 + number if number >= 90 else 2000 + number


def _as_buffer(data: Source) -> Any:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(data))
    if isinstance(data, (str, os.PathLike)) or hasattr(data, "read"):
        return data
    raise SchemaError(f"expected bytes, a path or a binary file, got {type(data).__name__}")


def _codes(column: pd.Series, width: int, name: str) -> pd.Series:
    """Codes as zero-padded strings (a copy saved by Excel may have turned ``0000`` into 0)."""
    text = column.map(lambda v: "" if pd.isna(v) else str(v).strip())
    text = text.map(lambda s: s[:-2] if s.endswith(".0") and s[:-2].isdigit() else s)
    text = text.map(lambda s: s.zfill(width) if s.isdigit() else s)
    bad = text[~text.str.fullmatch(rf"\d{{{width}}}")]
    if len(bad):
        raise SchemaError(
            f"column {name} should hold {width}-digit codes; found {bad.iloc[0]!r} "
            f"(row {bad.index[0] + 2})"
        )
    return text.astype(str)


def _numbers(column: pd.Series, name: str) -> pd.Series:
    """Numeric values as float; empty cells and "not available" marks are NaN, other text fails."""
    raw = column.map(lambda v: v.strip().replace(",", "") if isinstance(v, str) else v)
    raw = raw.map(lambda v: None if isinstance(v, str) and v.lower() in _MISSING_MARKS else v)
    values = pd.to_numeric(raw, errors="coerce")
    bad = raw[values.isna() & raw.notna()]
    if len(bad):
        raise SchemaError(f"column {name!r} holds a non-numeric value {bad.iloc[0]!r}")
    return values.astype(float)


def parse_enduse_imports(data: Source) -> pd.DataFrame:
    """Parse Census ``enduse_imports.xlsx`` into a tidy long frame.

    Args:
        data: the xlsx as bytes, a path, or a binary file object.

    Returns:
        One row per country × end-use code × year, columns ``cty_code`` (4-character string),
        ``partner`` (Census country name), ``end_use`` (5-character string), ``description``,
        ``year`` (int) and ``value`` (USD, float; empty cells are NaN). Row order follows the file.

    Raises:
        SchemaError: not an xlsx file, no ``EnduseImp`` sheet, a required column missing or
            renamed, no ``value_YY`` column, no data rows, or a malformed code or value.

    Example:
        >>> from tradeshock.parsers.commodities import parse_enduse_imports
        >>> tidy = parse_enduse_imports("enduse_imports.xlsx")  # doctest: +SKIP
        >>> list(tidy.columns)  # doctest: +SKIP
        ['cty_code', 'partner', 'end_use', 'description', 'year', 'value']

    """
    try:
        # pandas imports openpyxl itself, only when an xlsx is actually read
        sheet = pd.read_excel(
            _as_buffer(data),
            sheet_name=ENDUSE_SHEET,
            dtype=object,
            keep_default_na=False,  # "NA" could be a name; missing marks are handled below
            na_values=[""],
        )
    except ValueError as exc:
        if "Worksheet" in str(exc) or "not found" in str(exc):
            raise SchemaError(f"the end-use file has no sheet {ENDUSE_SHEET!r}") from exc
        raise SchemaError(f"the end-use file is not a readable xlsx workbook: {exc}") from exc
    except Exception as exc:  # zipfile.BadZipFile, openpyxl InvalidFileException, ...
        raise SchemaError(f"the end-use file is not a readable xlsx workbook: {exc}") from exc
    sheet.columns = [str(c).strip() for c in sheet.columns]
    missing = [c for c in _ENDUSE_REQUIRED if c not in sheet.columns]
    if missing:
        raise SchemaError(
            f"sheet {ENDUSE_SHEET!r} lacks column(s) {', '.join(missing)}; "
            f"found {', '.join(map(str, sheet.columns))}"
        )
    value_columns = [c for c in sheet.columns if _VALUE_COLUMN.match(c)]
    if not value_columns:
        raise SchemaError(f"sheet {ENDUSE_SHEET!r} has no value_YY columns (annual values)")
    sheet = sheet.dropna(how="all", subset=[*_ENDUSE_REQUIRED, *value_columns])
    if sheet.empty:
        raise SchemaError(f"sheet {ENDUSE_SHEET!r} has no data rows")
    sheet = sheet.reset_index(drop=True)
    keys = pd.DataFrame(
        {
            "cty_code": _codes(sheet["CTY_CODE"], 4, "CTY_CODE"),
            "partner": sheet["CTY_DESC"].map(lambda v: "" if pd.isna(v) else str(v).strip()),
            "end_use": _codes(sheet["END_USE"], 5, "END_USE"),
            "description": sheet["COMM_DESC"].map(lambda v: "" if pd.isna(v) else str(v).strip()),
        }
    )
    duplicated = keys.duplicated(["cty_code", "end_use"])
    if duplicated.any():
        row = keys[duplicated].iloc[0]
        raise SchemaError(
            f"sheet {ENDUSE_SHEET!r} repeats CTY_CODE {row['cty_code']} END_USE {row['end_use']}"
        )
    frames = []
    for column in value_columns:
        match = _VALUE_COLUMN.match(column)
        assert match is not None  # filtered above
        part = keys.copy()
        part["year"] = _year_from_suffix(match.group(1))
        part["value"] = _numbers(sheet[column], column).to_numpy()
        frames.append(part)
    years = [f["year"].iloc[0] for f in frames]
    if len(set(years)) != len(years):
        raise SchemaError(f"sheet {ENDUSE_SHEET!r} has two value columns for one year")
    ignored = [c for c in sheet.columns if c not in _ENDUSE_REQUIRED and c not in value_columns]
    if ignored:
        logger.debug("end-use file: ignoring extra columns %s", ignored)
    tidy: pd.DataFrame = pd.concat(frames, ignore_index=True)
    tidy["year"] = tidy["year"].astype("int64")
    return tidy


def _normalise(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _repair_text(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (``'matÃ©'`` → ``'maté'``); other text is returned unchanged."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def parse_comtrade_hs2(data: Source, *, flows: Sequence[str] | None = None) -> pd.DataFrame:
    r"""Parse a legacy UN Comtrade CSV (HS chapters) into a tidy long frame.

    Args:
        data: the CSV as bytes, a path, or a binary file object.
        flows: keep only these flows (``"imports"``, ``"exports"``, ``"re-exports"``,
            ``"re-imports"``); all by default.

    Returns:
        Columns ``reporter``, ``partner``, ``flow`` (``imports``/``exports``/``re-exports``/
        ``re-imports``), ``hs2`` (2-character string), ``description``, ``year`` (int) and
        ``value`` (USD, float; empty cells are NaN), sorted by flow, year and chapter.
        ``TOTAL`` rows and codes finer than a chapter are dropped.

    Raises:
        SchemaError: a required column missing or renamed, an unknown trade flow, a malformed
            year, code or value, a repeated record, or no rows.

    Example:
        >>> from tradeshock.parsers.commodities import parse_comtrade_hs2
        >>> csv = (b"Classification,Year,Trade Flow,Reporter,Partner,Commodity Code,"
        ...        b"Commodity,Trade Value (US$)\n"
        ...        b"H4,2015,Import,USA,Russian Federation,27,Mineral fuels,8.5e9\n")
        >>> parse_comtrade_hs2(csv)[["flow", "hs2", "year", "value"]].to_dict("records")
        [{'flow': 'imports', 'hs2': '27', 'year': 2015, 'value': 8500000000.0}]

    """
    try:
        table = pd.read_csv(_as_buffer(data), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as exc:
        raise SchemaError("the Comtrade CSV is empty (no header row)") from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SchemaError(f"the Comtrade CSV could not be read: {exc}") from exc
    by_key: dict[str, str] = {}
    for column in table.columns:
        by_key.setdefault(_normalise(column), column)
    missing = [label for key, label in _COMTRADE_REQUIRED.items() if key not in by_key]
    if missing:
        raise SchemaError(
            f"the Comtrade CSV lacks column(s) {', '.join(missing)}; "
            f"found {', '.join(map(str, table.columns))}"
        )
    if table.empty:
        raise SchemaError("the Comtrade CSV has a header but no data rows")

    def col(key: str) -> pd.Series:
        return table[by_key[key]].str.strip()

    codes = col("commoditycode")
    keep = codes.str.fullmatch(r"\d{1,2}")
    dropped = codes[~keep]
    if len(dropped):
        logger.debug(
            "Comtrade CSV: dropping %d rows that are not HS chapters (e.g. %r)",
            len(dropped),
            dropped.iloc[0],
        )
    table = table[keep].reset_index(drop=True)
    if table.empty:
        raise SchemaError("the Comtrade CSV has no HS chapter (2-digit) rows")
    flow_text = col("tradeflow").str.lower()
    unknown = col("tradeflow")[~flow_text.isin(list(_FLOWS))]
    if len(unknown):
        raise SchemaError(f"the Comtrade CSV has an unknown Trade Flow {unknown.iloc[0]!r}")
    years = col("year")
    bad_years = years[~years.str.fullmatch(r"\d{4}")]
    if len(bad_years):
        raise SchemaError(f"the Comtrade CSV has a malformed Year {bad_years.iloc[0]!r}")
    tidy = pd.DataFrame(
        {
            "reporter": col("reporter"),
            "partner": col("partner"),
            "flow": flow_text.map(_FLOWS),
            "hs2": col("commoditycode").str.zfill(2),
            "description": col("commodity").map(_repair_text),
            "year": years.astype("int64"),
            "value": _numbers(table[by_key["tradevalueus"]], _COMTRADE_REQUIRED["tradevalueus"]),
        }
    )
    if flows is not None:
        wanted = {_FLOWS.get(str(f).lower(), str(f)) for f in flows}
        tidy = tidy[tidy["flow"].isin(wanted)]
    key = ["reporter", "partner", "flow", "year", "hs2"]
    repeated = tidy.duplicated(key)
    if repeated.any():
        row = tidy[repeated].iloc[0]
        raise SchemaError(
            f"the Comtrade CSV repeats {row['flow']} of chapter {row['hs2']} in {row['year']}"
        )
    result: pd.DataFrame = tidy.sort_values(["flow", "year", "hs2"], kind="stable")
    result = result.reset_index(drop=True)
    return result

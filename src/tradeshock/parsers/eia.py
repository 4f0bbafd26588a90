"""EIA petroleum imports by country of origin: bytes → tidy pandas.

Two upstream shapes are understood:

* the annual table of crude oil **and** petroleum products imports by origin, in thousand barrels,
  as re-published in ``AndrewPari/IV_PRJ_US_OIL`` ``data.csv`` (first column ``Country``, then one
  column per year named in words, ``ninetythree`` … ``twentyone`` = 1993 … 2021);
* the crude-oil-only extracts in thousand barrels per day (``series,period,kbd``) written by
  ``Endorrfin/numbers-speak`` from EIA's ``PET_MOVE_IMPCUS_A2_NUS_EPC0_IM0_MBBLPD`` workbooks.

Both parsers return the same tidy layout: ``origin, period, value, product, units`` with ``period``
a ``"YYYY"`` or ``"YYYY-MM"`` string and ``value`` a float (NaN where EIA published nothing).

NaN policy for the annual table: its author replaced EIA's blank cells with ``0``, so a ``0`` there
cannot be told apart from a blank; every ``0`` is read as *unknown* (NaN), never as zero imports.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from ..errors import SchemaError
from ._text import decode_text

__all__ = [
    "CRUDE_TOTAL",
    "EIA_PETROLEUM_SERIES",
    "PRODUCT_CRUDE",
    "PRODUCT_CRUDE_AND_PRODUCTS",
    "UNITS_KB",
    "UNITS_KBD",
    "YEAR_WORDS",
    "parse_crude_kbd",
    "parse_petroleum_imports_table",
]

PRODUCT_CRUDE_AND_PRODUCTS = "crude_and_products"
PRODUCT_CRUDE = "crude"
UNITS_KB = "thousand barrels"
UNITS_KBD = "thousand barrels per day"
#: the origin label used for EIA's "U.S. Imports" (all origins) row
CRUDE_TOTAL = "U.S. total"

#: EIA ``petroleum/move/impcus`` series per product and origin, the project's one table of them
#: (ids from EIA's series catalogue, see the data notes): thousand barrels (``..1``) and
#: crude-only thousand barrels per day (``..2``); Canada's and Russia's crude ids follow EIA's
#: naming rule but were not seen verbatim
EIA_PETROLEUM_SERIES: dict[str, dict[str, str]] = {
    PRODUCT_CRUDE_AND_PRODUCTS: {
        CRUDE_TOTAL: "MTTIMUS1",
        "Russia": "MTTIM_NUS-NRS_1",
        "Canada": "MTTIMUSCA1",
        "Venezuela": "MTTIMUSVE1",
    },
    PRODUCT_CRUDE: {
        CRUDE_TOTAL: "MCRIMUS2",
        "Russia": "MCRIM_NUS-NRS_2",
        "Canada": "MCRIMUSCA2",
        "Venezuela": "MCRIMUSVE2",
    },
}

_TIDY_COLUMNS = ["origin", "period", "value", "product", "units"]

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
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
)


def _two_digit_words(n: int) -> str:
    """Spell 0..99 the way the derived table does (``ninetythree``, ``zero``, ``twentyone``)."""
    tens = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    return tens[n // 10] + ("" if n % 10 == 0 else _ONES[n % 10])


#: year-column words of the derived annual table: 1990s as ``ninetyX``, 2000s as the bare number
YEAR_WORDS: dict[str, int] = {
    **{_two_digit_words(y - 1900): y for y in range(1990, 2000)},
    **{_two_digit_words(y - 2000): y for y in range(2000, 2040)},
}
# the years this table must carry: a missing one means the upstream layout changed
_REQUIRED_YEARS = range(1993, 2022)

# Labels fixed on the way in. The derived file edited EIA's headers (typos, one name used twice).
_NAME_FIXES = {"Idnonesia": "Indonesia"}
# EIA lists OPEC members first, then other countries alphabetically, so the first "Congo" (in the
# OPEC block, after Angola) is Congo (Brazzaville) and the second (after Colombia) Congo (Kinshasa).
_DUPLICATE_NAMES = {"Congo": ("Congo (Brazzaville)", "Congo (Kinshasa)")}
# the crude extracts name the all-origins row "U.S. Imports"
_CRUDE_SERIES_NAMES = {"U.S. Imports": CRUDE_TOTAL}


def _rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _number(cell: str, where: str) -> float:
    text = cell.strip().replace(",", "")
    if text == "":
        return float("nan")
    try:
        return float(text)
    except ValueError:
        raise SchemaError(f"{where}: {cell!r} is not a number") from None


def _origin_labels(names: list[str]) -> list[str]:
    """Clean origin names; give duplicated names their distinct EIA labels, refuse unknown ones."""
    cleaned = [_NAME_FIXES.get(name.strip(), name.strip()) for name in names]
    seen: dict[str, int] = {}
    labels = []
    for name in cleaned:
        count = seen.get(name, 0)
        seen[name] = count + 1
        if cleaned.count(name) == 1:
            labels.append(name)
        elif name in _DUPLICATE_NAMES and cleaned.count(name) == len(_DUPLICATE_NAMES[name]):
            labels.append(_DUPLICATE_NAMES[name][count])
        else:
            raise SchemaError(
                f"petroleum imports table: origin {name!r} appears "
                f"{cleaned.count(name)} times; cannot tell the rows apart"
            )
    return labels


def parse_petroleum_imports_table(data: bytes) -> pd.DataFrame:
    r"""Parse the derived EIA annual table (crude oil and products, thousand barrels) to tidy rows.

    The header is checked by name: ``Country`` and every year word for 1993-2021 must be present
    (columns for later years, e.g. ``twentytwo``, are read too; other columns are ignored).
    A ``0`` is read as NaN because the derived file wrote ``0`` for EIA's blanks.

    Example:
        >>> words = [w for w, year in YEAR_WORDS.items() if 1993 <= year <= 2021]
        >>> raw = ("Country," + ",".join(words) + "\nRussia,0" + ",5" * 28 + "\n").encode()
        >>> tidy = parse_petroleum_imports_table(raw)
        >>> tidy["value"].iloc[:2].tolist()
        [nan, 5.0]

    """
    what = "petroleum imports table"
    rows = _rows(decode_text(data, what))
    if len(rows) < 2:
        raise SchemaError(f"{what}: no data rows (missing column 'Country' or year columns?)")
    header = [cell.strip() for cell in rows[0]]
    if not header or header[0].lower() != "country":
        raise SchemaError(f"{what}: first column must be 'Country', found {header[0]!r}")
    year_columns = {
        i: YEAR_WORDS[name.lower()] for i, name in enumerate(header) if name.lower() in YEAR_WORDS
    }
    missing = [
        word
        for word, year in YEAR_WORDS.items()
        if year in _REQUIRED_YEARS and year not in year_columns.values()
    ]
    if missing:
        raise SchemaError(f"{what}: missing year column(s) {', '.join(missing)}")
    if len(set(year_columns.values())) != len(year_columns):
        raise SchemaError(f"{what}: a year column appears twice")
    body = rows[1:]
    if any(len(row) != len(header) for row in body):
        bad = next(i for i, row in enumerate(body, start=2) if len(row) != len(header))
        raise SchemaError(f"{what}: line {bad} has a different number of cells than the header")
    labels = _origin_labels([row[0] for row in body])
    records = []
    for label, row in zip(labels, body, strict=True):
        for index, year in sorted(year_columns.items(), key=lambda item: item[1]):
            value = _number(row[index], f"{what}, {label} {year}")
            records.append((label, str(year), float("nan") if value == 0 else value))
    tidy = pd.DataFrame.from_records(records, columns=["origin", "period", "value"])
    tidy["product"] = PRODUCT_CRUDE_AND_PRODUCTS
    tidy["units"] = UNITS_KB
    result: pd.DataFrame = tidy[_TIDY_COLUMNS]
    return result


_PERIOD = re.compile(r"^\d{4}(-\d{2})?$")


def parse_crude_kbd(data: bytes) -> pd.DataFrame:
    r"""Parse a crude-oil imports extract (``series,period,kbd``; thousand barrels per day).

    Only published cells are present upstream, so an absent origin-period is an EIA blank; the
    tidy output holds what is there (complete it with NaN against the origins you expect).
    ``"U.S. Imports"`` becomes the origin ``"U.S. total"``.

    Example:
        >>> parse_crude_kbd(b"series,period,kbd\nCanada,2025-01,4271\n")["value"].tolist()
        [4271.0]

    """
    what = "crude imports extract"
    rows = _rows(decode_text(data, what))
    if not rows:
        raise SchemaError(f"{what}: no header row")
    header = [cell.strip().lower() for cell in rows[0]]
    positions = {}
    for column in ("series", "period", "kbd"):
        if column not in header:
            raise SchemaError(f"{what}: missing column {column!r} (header: {rows[0]})")
        positions[column] = header.index(column)
    if len(rows) < 2:
        raise SchemaError(f"{what}: no data rows")
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise SchemaError(f"{what}: line {line} has {len(row)} cells, expected {len(header)}")
        period = row[positions["period"]].strip()
        if not _PERIOD.match(period):
            raise SchemaError(f"{what}: line {line}: period {period!r} is not YYYY or YYYY-MM")
        name = row[positions["series"]].strip()
        value = _number(row[positions["kbd"]], f"{what}, line {line}")
        records.append((_CRUDE_SERIES_NAMES.get(name, name), period, value))
    tidy = pd.DataFrame.from_records(records, columns=["origin", "period", "value"])
    if tidy.duplicated(["origin", "period"]).any():
        dup = tidy.loc[tidy.duplicated(["origin", "period"]), ["origin", "period"]].iloc[0]
        raise SchemaError(f"{what}: {dup['origin']} {dup['period']} appears twice")
    tidy["product"] = PRODUCT_CRUDE
    tidy["units"] = UNITS_KBD
    result: pd.DataFrame = tidy[_TIDY_COLUMNS]
    return result

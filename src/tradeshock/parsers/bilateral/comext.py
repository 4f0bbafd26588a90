"""Eurostat Comext "relational view" CSV extracts: bytes → tidy frame (EUR millions).

Columns ``REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR``; three label styles
(``bilateral/SOURCES.md`` §3): codes and labels (``2-EXPORT``, ``201952-Jan.-Dec. 2019``), labels
only (``EXPORT``, ``Jan.-Dec. 2012``) and French (``EXPORTATION``, ``Russie, Fédération de``).
Values are euro **units**; the parser divides by 10⁶ and says ``"EUR millions"`` (a change of
scale, not of currency: nothing here is converted to USD). Periods ``Jan.-Dec. YYYY`` become
``"YYYY"``, monthly ``Aug. 2024`` become ``"2024-08"``. Only product ``TOTAL`` and flow export are
accepted (the files hold nothing else); anything else is a
[`SchemaError`][tradeshock.errors.SchemaError].
"""

from __future__ import annotations

import csv
import io
import math
import re

import pandas as pd

from ...errors import SchemaError
from .._text import decode_text
from ._countries import code_for_name
from ._frame import tidy_frame

__all__ = ["COMPILER", "parse_comext_csv"]

COMPILER = "Eurostat Comext"
COLUMNS = ("REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD", "VALUE_IN_EUR")
_EXPORT = {"export", "exportation", "2-export"}
_TOTAL = {"total", "total-total", "tout"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FR_MONTHS = (
    "janv",
    "févr",
    "mars",
    "avr",
    "mai",
    "juin",
    "juil",
    "août",
    "sept",
    "oct",
    "nov",
    "déc",
)
_YEAR = re.compile(r"^(?:\d+-)?(?:jan\.?-dec\.?|janv\.?-déc\.?)\s+(\d{4})$", re.IGNORECASE)
_MONTH = re.compile(r"^(?:\d+-)?([a-zéû]+)\.?\s+(\d{4})$", re.IGNORECASE)


def _period(label: str, where: str) -> str:
    text = label.strip()
    if match := _YEAR.match(text):
        return match.group(1)
    if match := _MONTH.match(text):
        word = match.group(1).lower()
        for names in (_MONTHS, _FR_MONTHS):
            if word in names:
                return f"{match.group(2)}-{names.index(word) + 1:02d}"
    raise SchemaError(f"{where}: period {label!r} is neither 'Jan.-Dec. YYYY' nor 'Mon. YYYY'")


def _reporter_code(label: str) -> str:
    """Code of a reporter label; the EU27 label carries a member list, dropped before lookup.

    Only a stem naming 27 members is the EU27: ``European Union (AT-01/1995, …, GB-…)`` is the
    EU of changing composition and stays unmapped (``""``), as do the euro-area aggregates.
    """
    stem = label.split(" (")[0].strip()
    return code_for_name(label) or (code_for_name(stem) if "27" in stem else "")


def parse_comext_csv(data: bytes, *, what: str = "Comext CSV") -> pd.DataFrame:
    r"""Parse one Comext relational-view CSV into the tidy frame (EUR millions, exports).

    Raises:
        SchemaError: wrong header, a flow other than export, a product other than total,
            an unreadable period or a non-numeric value.

    Example:
        >>> lines = ["REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR",
        ...          '"Germany","Russian Federation (Russia)","Total","EXPORT","Total",'
        ...          '"Aug. 2024",5']
        >>> tidy = parse_comext_csv(chr(10).join(lines).encode())
        >>> row = tidy.iloc[0]
        >>> row["reporter"], row["partner"], row["period"], float(row["value"])
        ('DEU', 'RUS', '2024-08', 5e-06)

    """
    text = decode_text(data, what)
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != COLUMNS:
        raise SchemaError(f"{what}: header {header!r} is not {COLUMNS!r}")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(COLUMNS):
            raise SchemaError(f"{what} line {number}: {len(cells)} fields, expected 7")
        reporter, partner, product, flow, _, period, value = cells
        where = f"{what} line {number}"
        if flow.strip().lower() not in _EXPORT or product.strip().lower() not in _TOTAL:
            raise SchemaError(f"{where}: flow {flow!r} / product {product!r} not export/total")
        try:
            euros = float(value)
        except ValueError:
            raise SchemaError(f"{where}: value {value!r} is not a number") from None
        if not math.isfinite(euros):
            raise SchemaError(f"{where}: value {value!r} is not finite")
        rows.append(
            {
                "reporter": _reporter_code(reporter),
                "partner": code_for_name(partner),
                "flow": "exports",
                "period": _period(period, where),
                "value": euros / 1e6,
                "units": "EUR millions",
                "compiler": COMPILER,
                "reporter_name": reporter.strip(),
                "partner_name": partner.strip(),
                "note": "",
            }
        )
    return tidy_frame(rows, what)

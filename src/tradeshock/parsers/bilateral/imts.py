"""IMF IMTS (SDMX 3.0 ``StructureSpecificData`` XML, successor of DOTS): bytes → tidy frame.

**Units trap** (``bilateral/api_samples/README.md``): IMTS ``OBS_VALUE`` is in U.S. dollars
(units) although every series still carries ``SCALE="6"``; the legacy DOT service returned
millions with ``UNIT_MULT`` 6. The parser divides by 10⁶ once and ignores ``SCALE`` — checked
against the legacy response: USA exports to the world 2023 = 2,019,551.635133 million in both.

Indicators ``XG_FOB_USD`` → exports, ``MG_CIF_USD`` → imports; others (``TBG_USD``) skipped.
Periods ``2023`` stay, monthly ``2023-M01``/``2023-01`` become ``"2023-01"``; quarterly skipped.
Codes: ISO alpha-3; ``G001`` world → ``WLD``, ``G998`` European Union → ``EU27``.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd

from ...errors import SchemaError
from .._text import require_bytes
from ._countries import by_code
from ._frame import TIDY_COLUMNS

__all__ = ["COMPILER", "IMTS_AREAS", "INDICATORS", "parse_imts_xml"]

COMPILER = "IMF IMTS"
INDICATORS = {"XG_FOB_USD": "exports", "MG_CIF_USD": "imports"}
#: IMTS area code → economy code, where they differ
IMTS_AREAS = {"G001": "WLD", "G998": "EU27"}
_MONTH = re.compile(r"^(\d{4})-M?(\d{2})$")


def _period(text: str) -> str | None:
    if re.fullmatch(r"\d{4}", text):
        return text
    if match := _MONTH.match(text):
        return f"{match.group(1)}-{match.group(2)}"
    return None  # quarterly or other: not served


def _code(area: str) -> str:
    code = IMTS_AREAS.get(area, area)
    return code if code in by_code() else ""


def parse_imts_xml(data: bytes) -> pd.DataFrame:
    """Parse an IMTS SDMX-ML 3.0 data message; an empty body gives an empty frame.

    Raises:
        SchemaError: not XML, or an ``Obs`` without a numeric ``OBS_VALUE``/``TIME_PERIOD``.

    Example:
        >>> xml = (b'<m:StructureSpecificData xmlns:m="urn:m"><m:DataSet><Series COUNTRY="USA" '
        ...        b'INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="G001" FREQUENCY="A" SCALE="6">'
        ...        b'<Obs OBS_VALUE="2019551635133" TIME_PERIOD="2023"/></Series></m:DataSet>'
        ...        b'</m:StructureSpecificData>')
        >>> row = parse_imts_xml(xml).iloc[0]
        >>> row["reporter"], row["partner"], row["flow"], row["period"], float(row["value"])
        ('USA', 'WLD', 'exports', '2023', 2019551.635133)

    """
    raw = require_bytes(data, "IMF IMTS response")
    if not raw.strip():
        empty: pd.DataFrame = pd.DataFrame(columns=list(TIDY_COLUMNS)).astype({"value": "float64"})
        return empty
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise SchemaError(f"IMF IMTS response: not XML ({exc})") from None
    rows = []
    for series in root.iter():
        if not series.tag.endswith("Series") or series.get("INDICATOR") not in INDICATORS:
            continue
        reporter, partner = series.get("COUNTRY", ""), series.get("COUNTERPART_COUNTRY", "")
        for obs in series:
            period = _period(obs.get("TIME_PERIOD", ""))
            value = obs.get("OBS_VALUE")
            if period is None or value in (None, "", "NaN"):
                continue
            try:
                dollars = float(value)  # USD units despite SCALE="6": do not scale again
            except ValueError:
                raise SchemaError(f"IMF IMTS: OBS_VALUE {value!r} is not a number") from None
            if not math.isfinite(dollars):
                raise SchemaError(f"IMF IMTS: OBS_VALUE {value!r} is not finite")
            rows.append(
                {
                    "reporter": _code(reporter),
                    "partner": _code(partner),
                    "flow": INDICATORS[series.get("INDICATOR", "")],
                    "period": period,
                    "value": dollars / 1e6,
                    "units": "USD millions",
                    "compiler": COMPILER,
                    "reporter_name": reporter,
                    "partner_name": partner,
                    "note": "",
                }
            )
    frame = pd.DataFrame(rows, columns=list(TIDY_COLUMNS))
    result: pd.DataFrame = frame.astype({"value": "float64"})
    return result

"""U.S. Treasury TIC holdings of Treasury securities by foreign holder: bytes → tidy pandas.

Two Treasury files are understood, both "Table 3: U.S. Treasury Securities Held by Foreign
Residents" in millions of USD, end of month:

* ``slt_table3.txt`` (current, 2020-01 onward): tab-separated, several title lines, two human
  header lines and one machine header line ``country country_code date for_treas_pos ...``;
* ``slt3d_globl.csv`` (legacy Table 3D, 2011-09 .. 2023-01): quoted CSV whose title and header
  are broken across cells and lines, with thousands separators (``"5,367"``).

Header rows are located by their content, never by line number. Both parsers return
``country, tic_code, period, total, long_term, short_term`` (``period`` ``"YYYY-MM"``, values in USD
millions as floats; ``n.a.`` and blanks become NaN; Treasury's ``0`` is a published zero).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from ..errors import SchemaError
from ._text import decode_text

__all__ = ["TIDY_COLUMNS", "parse_slt3d_globl", "parse_slt_table3"]

TIDY_COLUMNS = ["country", "tic_code", "period", "total", "long_term", "short_term"]

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_CODE = re.compile(r"^\d+$")
_MISSING = {"", "n.a.", "na", "n.a", "-"}
_UNITS = re.compile(r"(?i)\b(?:thousands|millions|billions|trillions)\s+of\s+(?:u\.s\.\s+)?dollars")
# machine column names of slt_table3.txt → tidy names
_TABLE3_COLUMNS = {
    "country": "country",
    "country_code": "tic_code",
    "date": "period",
    "for_treas_pos": "total",
    "for_lt_treas_pos": "long_term",
    "for_st_treas_pos": "short_term",
}


def _amount(cell: str, where: str) -> float:
    text = cell.strip()
    if text.lower() in _MISSING:
        return float("nan")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise SchemaError(f"{where}: {cell!r} is not a number") from None


def _tidy(records: list[tuple[str, str, str, float, float, float]], what: str) -> pd.DataFrame:
    if not records:
        raise SchemaError(f"{what}: no data rows (country, code, YYYY-MM date) found")
    tidy: pd.DataFrame = pd.DataFrame.from_records(records, columns=TIDY_COLUMNS)
    dup = tidy.duplicated(["tic_code", "period"])
    if dup.any():
        first = tidy.loc[dup].iloc[0]
        raise SchemaError(
            f"{what}: {first['country']} ({first['tic_code']}) {first['period']} appears twice"
        )
    return tidy


def parse_slt_table3(data: bytes) -> pd.DataFrame:
    r"""Parse TIC ``slt_table3.txt`` (tab-separated) into tidy holdings rows.

    The machine header line (``country``, ``country_code``, ``date``, ``for_treas_pos``,
    ``for_lt_treas_pos``, ``for_st_treas_pos``) is found by content; a missing name raises
    ``SchemaError`` naming it. Rows after it with a ``YYYY-MM`` date are data; notes are skipped.

    The file must be whole and in the units we label: the title states "Millions of dollars"
    (other units raise ``SchemaError`` naming them), and — because a text file cut at a line
    boundary still parses — every holder lists the same months, the months run without a gap
    and the footnotes the title announces (``1/``) and the column definitions follow the data.

    Example:
        >>> raw = (b"Table 3\nMillions of dollars\ncountry\tcountry_code\tdate\tfor_treas_pos\t"
        ...        b"for_lt_treas_pos\tfor_st_treas_pos\nRussia\t16101\t2021-12\t3910\t102\t3808\n")
        >>> row = parse_slt_table3(raw).iloc[0]
        >>> (row["country"], row["tic_code"], row["period"], float(row["total"]))
        ('Russia', '16101', '2021-12', 3910.0)

    """
    what = "TIC slt_table3"
    lines = [line.split("\t") for line in decode_text(data, what).splitlines()]
    # The human header ("Country", "Country Code", "Date", ...) also has "country" and "date";
    # the machine header is the candidate sharing the most names with the expected columns.
    scores = {
        i: len(set(_TABLE3_COLUMNS) & {c.strip().lower() for c in cells})
        for i, cells in enumerate(lines)
        if {"country", "date"} <= {c.strip().lower() for c in cells}
    }
    header_at = max(scores, key=lambda i: (scores[i], -i)) if scores else None
    if header_at is None:
        raise SchemaError(f"{what}: no machine header line with 'country' and 'date' columns")
    header = [cell.strip().lower() for cell in lines[header_at]]
    missing = [name for name in _TABLE3_COLUMNS if name not in header]
    if missing:
        raise SchemaError(f"{what}: missing column(s) {', '.join(missing)}")
    at = {tidy: header.index(name) for name, tidy in _TABLE3_COLUMNS.items()}
    records = []
    for number, cells in enumerate(lines[header_at + 1 :], start=header_at + 2):
        if len(cells) < len(header) or not _MONTH.match(cells[at["period"]].strip()):
            continue  # blank separator lines and the notes block
        code = cells[at["tic_code"]].strip()
        if not _CODE.match(code):
            raise SchemaError(f"{what}: line {number}: country_code {code!r} is not a number")
        where = f"{what}, line {number}"
        records.append(
            (
                cells[at["country"]].strip(),
                code,
                cells[at["period"]].strip(),
                _amount(cells[at["total"]], where),
                _amount(cells[at["long_term"]], where),
                _amount(cells[at["short_term"]], where),
            )
        )
    tidy = _tidy(records, what)
    _check_units(lines[:header_at], what)
    _check_whole(tidy, lines, header, what)
    return tidy


def _check_units(title: list[list[str]], what: str) -> None:
    """Require the title block to state millions of dollars, the units every value carries."""
    stated = [m.group(0) for cells in title for m in [_UNITS.search(" ".join(cells))] if m]
    if not stated:
        raise SchemaError(
            f"{what}: the title states no units line ('Millions of dollars'); "
            "refusing values whose units are unknown"
        )
    if not stated[0].lower().startswith("millions"):
        raise SchemaError(
            f"{what}: the title states units {stated[0]!r}, not 'Millions of "
            "dollars'; refusing values that would be off by the conversion factor"
        )


def _check_whole(tidy: pd.DataFrame, lines: list[list[str]], header: list[str], what: str) -> None:
    """Detect a file cut at a line boundary: holders, months and the trailer must be complete."""
    months = tidy.groupby("tic_code")["period"].nunique()
    if months.nunique() > 1:
        short = tidy.loc[tidy["tic_code"] == months.idxmin(), "country"].iloc[0]
        raise SchemaError(
            f"{what}: truncated or incomplete: {short} lists {months.min()} months, "
            f"other holders {months.max()}"
        )
    span = pd.period_range(tidy["period"].min(), tidy["period"].max(), freq="M").strftime("%Y-%m")
    gaps = sorted(set(span) - set(tidy["period"]))
    if gaps:
        raise SchemaError(
            f"{what}: incomplete: month(s) {', '.join(gaps[:5])} missing inside "
            f"{span[0]}..{span[-1]}"
        )
    text = ["\t".join(cells).strip() for cells in lines]
    last_data = max(
        i
        for i, cells in enumerate(lines)
        if len(cells) > 2 and any(_MONTH.match(c.strip()) for c in cells[:3])
    )
    after = text[last_data + 1 :]
    if "1/" in " ".join(text[:3]) and not any(line.startswith("1/") for line in after):
        raise SchemaError(
            f"{what}: truncated: the footnotes (1/) the title announces do not follow the data"
        )
    if any(line.lower().startswith("column definitions") for line in after):
        defined = {line.split(":")[0].strip().lower() for line in after if ":" in line}
        undefined = [name for name in header[3:] if name and name not in defined]
        if undefined:
            raise SchemaError(
                f"{what}: truncated: the column definitions end before {undefined[0]}"
            )


def _is_globl_header(cells: list[str]) -> bool:
    joined = [cell.strip().lower() for cell in cells]
    return (
        any(c.startswith("total") for c in joined)
        and any(c.startswith("long-term") for c in joined)
        and any(c.startswith("short-term") for c in joined)
    )


def parse_slt3d_globl(data: bytes) -> pd.DataFrame:
    r"""Parse the legacy TIC ``slt3d_globl.csv`` (Table 3D) into tidy holdings rows.

    The column-label row (cells starting ``Total``, ``Long-term``, ``Short-term``) is found by
    content and gives the value columns; country, TIC code and date are the three cells before them.
    Thousands separators are removed; ``n.a.`` becomes NaN.

    Example:
        >>> raw = (b'"","","","Total U.S.","Long-term","Short-term"\n'
        ...        b'"Russia",16101,"2021-12","3,910","102","3,808"\n')
        >>> row = parse_slt3d_globl(raw).iloc[0]
        >>> (row["country"], row["tic_code"], row["period"], float(row["total"]))
        ('Russia', '16101', '2021-12', 3910.0)

    """
    what = "TIC slt3d_globl"
    try:
        rows = list(csv.reader(io.StringIO(decode_text(data, what))))
    except csv.Error as exc:  # e.g. a stray carriage return inside a field
        raise SchemaError(f"{what}: not a readable CSV ({exc})") from None
    header_at = next((i for i, cells in enumerate(rows) if _is_globl_header(cells)), None)
    if header_at is None:
        raise SchemaError(
            f"{what}: no header row with 'Total', 'Long-term' and 'Short-term' holdings columns"
        )
    labels = [cell.strip().lower() for cell in rows[header_at]]
    total_at = next(i for i, c in enumerate(labels) if c.startswith("total"))
    long_at = next(i for i, c in enumerate(labels) if c.startswith("long-term"))
    short_at = next(i for i, c in enumerate(labels) if c.startswith("short-term"))
    if total_at < 3:
        raise SchemaError(f"{what}: expected country, code and date columns before 'Total'")
    records = []
    for number, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if len(cells) <= max(total_at, long_at, short_at) or not _MONTH.match(cells[2].strip()):
            continue  # separators, blank lines and the notes block
        code = cells[1].strip()
        if not _CODE.match(code):
            raise SchemaError(f"{what}: row {number}: country code {code!r} is not a number")
        where = f"{what}, row {number}"
        records.append(
            (
                cells[0].strip(),
                code,
                cells[2].strip(),
                _amount(cells[total_at], where),
                _amount(cells[long_at], where),
                _amount(cells[short_at], where),
            )
        )
    return _tidy(records, what)

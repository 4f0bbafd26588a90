"""Units drift and truncation the format can reveal, at the parser level (issue 13, items 5-7).

* EIA rows state ``units``; TIC's title states "Millions of dollars". Other units raise
  ``SchemaError`` naming what was found: never values 1000x off under the old label.
* EIA pages: a page shorter than ``response.total`` promises, or empty before ``total`` rows
  came in, is an incomplete answer (``SourceError``), never a partial frame.
* TIC ``slt_table3.txt`` cut at a line boundary (no Content-Length to tell): every holder lists
  the same months, the months run without a gap, and the footnote block follows the data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tradeshock.errors import SchemaError, SourceError
from tradeshock.parsers import eia_api
from tradeshock.parsers.treasury import parse_slt_table3

from .conftest import live_sources

TIC_RAW = "treasury/raw/konstantinevm-dollar-breaking-point/slt_table3.txt"


# --- EIA units -----------------------------------------------------------------------------------


def _eia_rows(units: str | None) -> pd.DataFrame:
    body = live_sources()["eia"].good["/v2/petroleum/move/impcus/data/"].data
    doc = json.loads(body)
    for row in doc["response"]["data"]:
        if units is None:
            row.pop("units")
        else:
            row["units"] = units
    rows, _ = eia_api.parse_eia_json(json.dumps(doc).encode())
    return rows


def test_eia_expected_units_pass() -> None:
    eia_api.check_units(_eia_rows("MBBL"), {"MTTIM_NUS-NRS_1": "MBBL"}, what="EIA impcus")


@pytest.mark.parametrize("found", ["BBL", "MMBBL", "MBBL/D", "Thousand Barrels"])
def test_eia_units_drift_names_the_units(found: str) -> None:
    with pytest.raises(SchemaError) as info:
        eia_api.check_units(_eia_rows(found), {"MTTIM_NUS-NRS_1": "MBBL"}, what="EIA impcus")
    assert repr(found) in str(info.value)
    assert "'MBBL'" in str(info.value)


def test_eia_rows_without_units_field_are_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="units"):
        eia_api.check_units(_eia_rows(None), {"MTTIM_NUS-NRS_1": "MBBL"}, what="EIA impcus")


@pytest.mark.parametrize("series", ["MTTIMUSCA1", "MCRIMUSCA2", "RBRTE"])
def test_expected_units_by_series(series: str) -> None:
    assert (
        eia_api.expected_units(series)
        == {"MTTIMUSCA1": "MBBL", "MCRIMUSCA2": "MBBL/D", "RBRTE": "$/BBL"}[series]
    )


# --- EIA pages -----------------------------------------------------------------------------------


def _page(rows: list[dict[str, str]], total: int) -> bytes:
    return json.dumps({"response": {"total": str(total), "data": rows}}).encode()


ROWS = [
    {"period": str(1990 + i), "series": "X", "value": str(i), "units": "MBBL"} for i in range(10)
]


@pytest.mark.parametrize(
    "pages",
    [
        {0: ROWS[0:4], 4: ROWS[4:6], 8: ROWS[8:10]},  # a short middle page
        {0: ROWS[0:4], 4: []},  # empty before total rows came in
        {0: ROWS[0:4], 4: ROWS[4:8], 8: ROWS[8:9]},  # the last page one row short
    ],
    ids=["short_page", "empty_page", "short_last_page"],
)
def test_incomplete_paging_is_an_error_not_a_partial_frame(pages: dict[int, list]) -> None:
    with pytest.raises(SourceError, match="incomplete"):
        eia_api.collect_pages(lambda offset: _page(pages[offset], 10), page_size=4)


def test_check_page_rejects_a_short_page_before_caching() -> None:
    eia_api.check_page(_page(ROWS[4:8], 10), offset=4, page_size=4)
    eia_api.check_page(_page(ROWS[8:10], 10), offset=8, page_size=4)
    with pytest.raises(SourceError, match="incomplete"):
        eia_api.check_page(_page(ROWS[4:6], 10), offset=4, page_size=4)
    with pytest.raises(SourceError, match="no rows"):
        eia_api.check_page(_page([], 0), offset=0, page_size=4)


# --- TIC units and truncation --------------------------------------------------------------------


@pytest.fixture
def tic_raw(shared_data: Path) -> bytes:
    return (shared_data / TIC_RAW).read_bytes()


def test_real_tic_file_parses_whole(tic_raw: bytes) -> None:
    tidy = parse_slt_table3(tic_raw)
    assert tidy.groupby("tic_code")["period"].nunique().nunique() == 1


@pytest.mark.parametrize("units", ["Billions of dollars", "Thousands of dollars"])
def test_tic_units_drift_names_the_units(tic_raw: bytes, units: str) -> None:
    drifted = tic_raw.replace(b"Millions of dollars", units.encode(), 1)
    with pytest.raises(SchemaError) as info:
        parse_slt_table3(drifted)
    assert units.split()[0] in str(info.value)
    assert "Millions" in str(info.value)


def test_tic_without_units_line_is_a_schema_error(tic_raw: bytes) -> None:
    with pytest.raises(SchemaError, match="units"):
        parse_slt_table3(tic_raw.replace(b"Millions of dollars", b"", 1))


def _cut_at_line(raw: bytes, keep_fraction: float) -> bytes:
    lines = raw.splitlines(keepends=True)
    return b"".join(lines[: int(len(lines) * keep_fraction)])


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.995])
def test_tic_cut_at_a_line_boundary_is_detected(tic_raw: bytes, keep: float) -> None:
    with pytest.raises(SchemaError, match=r"truncated|incomplete"):
        parse_slt_table3(_cut_at_line(tic_raw, keep))


def test_tic_single_holder_cut_at_a_line_boundary_is_detected() -> None:
    """The reliability fixture (one holder, 24 months): 6 of 24 months kept, footnote gone."""
    good = live_sources()["treasury"].good["/tic/slt_table3.txt"].data
    lines = good.splitlines(keepends=True)
    header_at = next(i for i, line in enumerate(lines) if line.startswith(b"country\t"))
    cut = b"".join(lines[: header_at + 1 + 6])
    with pytest.raises(SchemaError, match=r"truncated|incomplete"):
        parse_slt_table3(cut)


def test_tic_month_missing_inside_the_span_is_detected(tic_raw: bytes) -> None:
    lines = tic_raw.splitlines(keepends=True)
    # every holder loses 2025-06: the months are no longer contiguous
    kept = [line for line in lines if b"\t2025-06\t" not in line]
    with pytest.raises(SchemaError, match="2025-06"):
        parse_slt_table3(b"".join(kept))

"""Bundled TIC Treasury-holdings loader, and the bundled table against the raw Treasury files."""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import tradeshock as ts
from tradeshock._snapshot import read_table
from tradeshock.sources.treasury import holdings_series, resolve_holder

TIC = "treasury/raw/konstantinevm-dollar-breaking-point"


def test_russia_total_known_values() -> None:
    russia = ts.load_treasury_holdings()
    assert russia.name == "Russia"
    assert isinstance(russia.index, pd.PeriodIndex)
    assert russia.index.name == "period"
    assert russia.index.freqstr == "M"
    # treasury/SOURCES.md selected values, read from slt3d_globl.csv / slt_table3.txt
    assert russia.loc["2013-12"] == 138604
    assert russia.loc["2014-12"] == 86028
    assert russia.loc["2018-03"] == 96050
    assert russia.loc["2019-12"] == 9974
    assert russia.loc["2021-12"] == 3910
    assert russia.loc["2022-03"] == 2003
    assert russia.loc["2026-04"] == 26
    assert str(russia.index[0]) == "2011-09"
    assert str(russia.index[-1]) == "2026-04"
    # months no TIC file lists are NaN on the regular index
    assert russia.loc[["2011-10", "2011-11"]].isna().all()
    assert russia.attrs["units"] == "USD millions"
    assert russia.attrs["tic_code"] == "16101"
    for key in ("source", "units", "vintage"):
        assert russia.attrs[key]


def test_terms() -> None:
    long_term = ts.load_treasury_holdings("Russia", term="long_term")
    short_term = ts.load_treasury_holdings("russia", term="short-term")
    assert long_term.loc["2021-12"] == 102
    assert short_term.loc["2021-12"] == 3808
    assert short_term.loc["2014-12"] == 0  # a published zero, not a gap
    assert short_term.attrs["term"] == "short_term"


def test_holder_names_codes_and_aliases() -> None:
    assert ts.load_treasury_holdings("16101").name == "Russia"
    assert ts.load_treasury_holdings("China").name == "China, Mainland"
    assert ts.load_treasury_holdings("korea, south").name == "Korea, South"
    assert ts.load_treasury_holdings("RUS").name == "Russia"  # ISO alpha-3
    assert ts.load_treasury_holdings("KOR").name == "Korea, South"
    assert ts.load_treasury_holdings("CHN").name == "China, Mainland"
    grand = ts.load_treasury_holdings("Grand Total")
    assert grand.attrs["tic_code"] == "99996"
    # the legacy file calls 99990 "Of which Foreign Official": one holder, newest name
    official = ts.load_treasury_holdings("Of which Foreign Official")
    assert official.name == "Of Which: Foreign Official"
    assert str(official.index[0]) == "2013-12"  # first month listed in slt3d_globl.csv


def test_unknown_holder_suggests() -> None:
    with pytest.raises(ts.UnknownPartnerError) as info:
        ts.load_treasury_holdings("Rusia")
    assert "Russia" in info.value.suggestions


def test_all_na_term_is_not_in_snapshot() -> None:
    # TIC prints n.a. for Anguilla's total and short-term holdings in every month
    with pytest.raises(ts.NotInSnapshotError, match="long_term"):
        ts.load_treasury_holdings("Anguilla")
    assert ts.load_treasury_holdings("Anguilla", term="long_term").notna().any()


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"term": "medium"}, "term"),
        ({"source": "eia"}, "'bundled', 'treasury'"),
        ({"holder": 16101}, "holder"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], named: str) -> None:
    with pytest.raises(ts.ValidationError, match=named):
        ts.load_treasury_holdings(**kwargs)  # type: ignore[arg-type]


def test_returns_new_objects() -> None:
    first = ts.load_treasury_holdings()
    first.loc["2014-12"] = -1.0
    first.attrs["units"] = "x"
    second = ts.load_treasury_holdings()
    assert second.loc["2014-12"] == 86028
    assert second.attrs["units"] == "USD millions"


def test_live_source_dispatches(monkeypatch: pytest.MonkeyPatch) -> None:
    import tradeshock.sources.treasury._live as live

    seen: dict[str, object] = {}

    def fake(**kwargs: object) -> pd.Series:
        seen.update(kwargs)
        return pd.Series(dtype=float)

    monkeypatch.setattr(live, "load_treasury_holdings_live", fake, raising=False)
    ts.load_treasury_holdings("China", term="long_term", source="treasury")
    assert seen["holder"] == "China"
    assert seen["term"] == "long_term"


def test_holdings_series_and_resolve_holder_on_tidy_rows() -> None:
    tidy = pd.DataFrame(
        {
            "tic_code": ["1", "1", "2"],
            "country": ["X", "X", "Y"],
            "period": ["2020-03", "2020-01", "2020-01"],
            "total": [3.0, 1.0, 9.0],
        }
    )
    series = holdings_series(tidy, "1")
    assert [str(p) for p in series.index] == ["2020-01", "2020-02", "2020-03"]
    assert series.iloc[0] == 1.0
    assert math.isnan(series.iloc[1])
    assert resolve_holder("y", tidy.drop_duplicates("tic_code")) == "2"


# ---- every bundled cell against the raw Treasury files --------------------------------------


def _raw_table3(path: Path) -> dict[tuple[str, str], list[str]]:
    """slt_table3.txt read independently: machine header → columns by name."""
    lines = [line.split("\t") for line in path.read_text().splitlines()]
    header_at = next(i for i, c in enumerate(lines) if "for_treas_pos" in c)
    header = lines[header_at]
    at = [header.index(n) for n in ("for_treas_pos", "for_lt_treas_pos", "for_st_treas_pos")]
    return {
        (c[1], c[2]): [c[0]] + [c[i] for i in at]
        for c in lines[header_at + 1 :]
        if len(c) > 2 and re.fullmatch(r"\d{4}-\d{2}", c[2])
    }


def _raw_globl(path: Path) -> dict[tuple[str, str], list[str]]:
    rows = csv.reader(io.StringIO(path.read_text()))
    return {
        (r[1], r[2]): [r[0], *r[3:6]]
        for r in rows
        if len(r) >= 6 and re.fullmatch(r"\d{4}-\d{2}", r[2])
    }


def _number(cell: str) -> float:
    return math.nan if cell.strip() == "n.a." else float(cell.replace(",", ""))


def test_every_bundled_holding_equals_raw(shared_data: Path) -> None:
    new = _raw_table3(shared_data / TIC / "slt_table3.txt")
    old = _raw_globl(shared_data / TIC / "slt3d_globl.csv")
    bundled = read_table("tic_treasury_holdings")
    assert len(bundled) == len(set(new) | set(old))  # every raw holder-month, once
    for row in bundled.itertuples(index=False):
        key = (row.tic_code, row.period)
        raw = new.get(key) or old[key]  # slt_table3 wins where both have it
        assert row.source_file == ("slt_table3.txt" if key in new else "slt3d_globl.csv")
        for got, cell in zip((row.total, row.long_term, row.short_term), raw[1:], strict=True):
            want = _number(cell)
            assert (math.isnan(got) and math.isnan(want)) or got == want, (key, got, cell)

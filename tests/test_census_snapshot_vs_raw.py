"""Every bundled Census trade cell equals the raw upstream files; the builder is deterministic.

The raw files are read here independently of the project's parsers (openpyxl and json directly),
then the documented snapshot rules are applied: values rounded to 0.1 USD million, half-up on the
decimal figure (each value on its own, with :mod:`decimal`); S1 = Census country.xlsx (data
through 2024-06: its Jul-Dec 2024 zeros are unpublished → NaN, and 2024 has no annual value);
S2 = the later-vintage JSON for 2024-2025, which wins per (code, year); a code S2 lacks keeps its
published S1 months, each listed in the manifest's ``fallback``.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tradeshock.sources.trade import bundled_tables

S1 = "census/raw/cesinco__tableau-dashboard-extension-d3js/country.xlsx"
S2 = "census/raw/corbett-hobbs__congress-ideology/pipeline/output/trade_by_country/{}.json"
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

Expected = dict[tuple[str, int], dict[str, Any]]


def _tenth(value: Any) -> float:
    """The published figure rounded half-up to 0.1, as a person rounds it (NaN stays NaN)."""
    number = float(value)
    if np.isnan(number):
        return number
    return float(Decimal(str(number)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _tenths(values: Any) -> np.ndarray:
    return np.array([_tenth(v) for v in values], dtype=float)


@pytest.fixture(scope="module")
def raw_s1(shared_data: Path) -> list[dict[str, Any]]:
    import openpyxl

    book = openpyxl.load_workbook(shared_data / S1, read_only=True)
    rows = list(book["country"].iter_rows(values_only=True))
    book.close()
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def _key_codes(shared_data: Path) -> dict[str, str]:
    """corbett key → Census code; a key shared by several codes → the one in Schedule C."""
    codes_dir = shared_data / "census/country_codes/raw"
    text = (codes_dir / "census_schedule_c_country.txt").read_text(encoding="utf-8")
    schedule_c = set(re.findall(r"^(\d{4})\s*\|", text, flags=re.M))
    by_key: dict[str, list[str]] = {}
    for row in json.loads((codes_dir / "corbett-hobbs_countries.json").read_bytes()):
        by_key.setdefault(row["country_code"], []).append(row["census_code"])
    out = {}
    for key, codes in by_key.items():
        out[key] = codes[0] if len(codes) == 1 else next(c for c in codes if c in schedule_c)
    return out


@pytest.fixture(scope="module")
def expected(shared_data: Path, raw_s1: list[dict[str, Any]]) -> Expected:
    latest = max(int(r["year"]) for r in raw_s1)
    assert latest == 2024
    # the unpublished months of S1: Jul-Dec 2024 are 0 for every code, Jun is not
    in_latest = [r for r in raw_s1 if int(r["year"]) == latest]
    assert all(r[f"{f}{m}"] == 0 for r in in_latest for f in "IE" for m in MONTHS[6:])
    assert any(r["IJUN"] != 0 for r in in_latest)
    out: Expected = {}
    for r in raw_s1:
        year = int(r["year"])
        months = 6 if year == latest else 12
        exports = [float(r[f"E{m}"]) if i < months else np.nan for i, m in enumerate(MONTHS)]
        imports = [float(r[f"I{m}"]) if i < months else np.nan for i, m in enumerate(MONTHS)]
        out[(str(r["CTY_CODE"]).zfill(4), year)] = {
            "vintage": "S1",
            "exports": _tenths(exports),
            "imports": _tenths(imports),
            "exports_year": np.nan if year == latest else _tenth(r["EYR"]),
            "imports_year": np.nan if year == latest else _tenth(r["IYR"]),
        }
    keys = _key_codes(shared_data)
    for year in (2024, 2025):
        for r in json.loads((shared_data / S2.format(year)).read_bytes()):
            assert r["year"] == year
            out[(keys[r["country_code"]], year)] = {
                "vintage": "S2",
                "exports": _tenths(r["exports"]),
                "imports": _tenths(r["imports"]),
                "exports_year": _tenth(r["exports_year"]),
                "imports_year": _tenth(r["imports_year"]),
            }
    return out


def _expected_frames(expected: Expected) -> tuple[pd.DataFrame, pd.DataFrame]:
    keys = sorted(expected)
    codes = [k[0] for k in keys]
    years = [k[1] for k in keys]
    monthly = pd.DataFrame(
        {
            "cty_code": np.repeat(codes, 12),
            "period": [f"{y}-{m:02d}" for y in years for m in range(1, 13)],
            "exports": np.concatenate([expected[k]["exports"] for k in keys]),
            "imports": np.concatenate([expected[k]["imports"] for k in keys]),
            "vintage": np.repeat([expected[k]["vintage"] for k in keys], 12),
        }
    )
    annual = pd.DataFrame(
        {
            "cty_code": codes,
            "year": years,
            "exports": [expected[k]["exports_year"] for k in keys],
            "imports": [expected[k]["imports_year"] for k in keys],
            "vintage": [expected[k]["vintage"] for k in keys],
        }
    )
    return monthly, annual


def _same(got: pd.DataFrame, want: pd.DataFrame, keys: list[str]) -> None:
    got = got[want.columns].sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    assert len(got) == len(want)
    for col in want.columns:
        if col in ("exports", "imports"):
            a, b = got[col].to_numpy(dtype=float), want[col].to_numpy(dtype=float)
            bad = ~((a == b) | (np.isnan(a) & np.isnan(b)))  # exact equality, NaN where NaN
            assert not bad.any(), got.loc[bad].head()
        else:
            assert got[col].astype(str).tolist() == want[col].astype(str).tolist(), col


def test_every_monthly_cell_equals_raw(expected: Expected) -> None:
    monthly, _ = bundled_tables()
    _same(monthly, _expected_frames(expected)[0], ["cty_code", "period"])


def test_every_annual_cell_equals_raw(expected: Expected) -> None:
    _, annual = bundled_tables()
    _same(annual, _expected_frames(expected)[1], ["cty_code", "year"])


def test_load_trade_equals_raw(expected: Expected) -> None:
    import tradeshock as ts

    for code in ("4621", "1220", "5700", "3070", "0015", "4802"):
        frame = ts.load_trade(code, freq="M")
        for period, row in frame.iterrows():
            exp = expected[(code, period.year)]
            i = period.month - 1
            for flow in ("exports", "imports"):
                want = exp[flow][i]
                assert (np.isnan(want) and np.isnan(row[flow])) or row[flow] == want


def test_rounding_is_decimal_half_up_not_binary(raw_s1: list[dict[str, Any]]) -> None:
    # Cuba (2390) June 2020 imports: published 10.05; numpy's binary half-to-even gives 10.0
    cuba = next(r for r in raw_s1 if str(r["CTY_CODE"]) == "2390" and int(r["year"]) == 2020)
    assert str(float(cuba["IJUN"])) == "10.05"
    assert float(np.round(float(cuba["IJUN"]), 1)) == 10.0
    monthly, _ = bundled_tables()
    row = monthly.loc[(monthly.cty_code == "2390") & (monthly.period == "2020-06")]
    assert row["imports"].item() == 10.1
    # the cells where the two roundings part: exactly the six the re-derivation found
    parted = [
        (str(r["CTY_CODE"]), int(r["year"]), f"{flow}{m}")
        for r in raw_s1
        for flow in "EI"
        for m in MONTHS
        if int(r["year"]) < 2024
        and float(np.round(float(r[f"{flow}{m}"]), 1)) != _tenth(r[f"{flow}{m}"])
    ]
    assert len(parted) == 6, parted


def test_fallback_cells_are_flagged_and_equal_the_older_vintage(
    expected: Expected, raw_s1: list[dict[str, Any]]
) -> None:
    manifest = json.loads(
        (resources.files("tradeshock") / "data" / "manifest.json").read_text(encoding="utf-8")
    )["datasets"]
    flagged = manifest["census_trade_monthly"]["fallback"]["cells"]
    assert flagged == manifest["census_trade_annual"]["fallback"]["cells"]
    # one rule: every (code, 2024-2025) that S2 lacks and S1 has is flagged, and nothing else
    s1_late = {k[0] for k, v in expected.items() if k[1] >= 2024 and v["vintage"] == "S1"}
    assert set(flagged) == s1_late == {"0004", "0015", "6022", "6029", "6413"}
    assert set(flagged.values()) == {"2024-01..2024-06"}
    monthly, _ = bundled_tables()
    for code in flagged:
        rows = monthly.loc[(monthly.cty_code == code) & monthly.period.str.startswith("2024")]
        assert set(rows["vintage"]) == {"S1"}
        raw = next(r for r in raw_s1 if str(r["CTY_CODE"]).zfill(4) == code and r["year"] == "2024")
        published = rows.iloc[:6]
        assert published["exports"].tolist() == [_tenth(raw[f"E{m}"]) for m in MONTHS[:6]]
        assert published["imports"].tolist() == [_tenth(raw[f"I{m}"]) for m in MONTHS[:6]]
        assert rows.iloc[6:][["exports", "imports"]].isna().all().all()  # Jul-Dec unpublished


def test_vintage_rule(expected: Expected) -> None:
    _, annual = bundled_tables()
    by_year = annual.groupby("year")["vintage"].agg(set)
    assert all(v == {"S1"} for y, v in by_year.items() if y < 2024)
    assert by_year[2025] == {"S2"}
    # 2024: S2 wins; S1 only for codes S2 lacks (World 0004/0015 among them)
    s1_2024 = set(annual.loc[(annual.year == 2024) & (annual.vintage == "S1"), "cty_code"])
    assert {"0004", "0015"} <= s1_2024
    assert "4621" not in s1_2024


def test_partner_names_and_codes_equal_raw(raw_s1: list[dict[str, Any]]) -> None:
    from tradeshock._partners import partner_table

    table = partner_table().set_index("cty_code")
    names = {str(r["CTY_CODE"]).zfill(4): str(r["CTYNAME"]).strip() for r in raw_s1}
    assert set(names) == set(table.index)  # S2 has no code that S1 lacks
    for code, name in names.items():
        assert table.loc[code, "name"] == name


def test_partner_iso3_from_code_files(shared_data: Path) -> None:
    from tradeshock._partners import partner_table

    table = partner_table().set_index("cty_code")
    rows = json.loads(
        (shared_data / "census/country_codes/raw/corbett-hobbs_countries.json").read_bytes()
    )
    for row in rows:
        code, key = row["census_code"], row["country_code"]
        if code not in table.index:
            continue
        iso_like = re.fullmatch(r"[A-Z]{3}", key) is not None and not key.startswith("X")
        assert table.loc[code, "iso3"] == (key if iso_like else ""), code


def test_builder_is_deterministic_and_snapshot_is_fresh(shared_data: Path, tmp_path: Path) -> None:
    """A fresh run gives the committed files byte for byte (the committed ones are another run)."""
    from tradeshock.build import census

    entries = census.build(shared_data, tmp_path)
    data = resources.files("tradeshock") / "data"
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["datasets"]
    assert set(entries) == {"census_trade_monthly", "census_trade_annual", "partners"}
    for name, entry in entries.items():
        built = (tmp_path / entry["file"]).read_bytes()
        assert built == (data / entry["file"]).read_bytes(), f"{name}: rebuild differs"
        assert entry == manifest[name], f"{name}: manifest entry differs"


def test_snapshot_frame_is_small() -> None:
    monthly, annual = bundled_tables()
    assert isinstance(monthly, pd.DataFrame)
    assert monthly["cty_code"].str.len().eq(4).all()
    assert annual["cty_code"].nunique() == 263

"""Bundled petroleum-imports and oil-price loaders (no ../shared needed: the snapshot ships)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.sources.energy import imports_frame, price_series, resolve_names


def test_default_petroleum_imports_known_values() -> None:
    imports = ts.load_petroleum_imports()
    assert list(imports.columns) == ["Russia", "Canada", "Venezuela"]
    assert isinstance(imports.index, pd.PeriodIndex)
    assert imports.index.name == "period"
    assert isinstance(imports.index.freq, pd.offsets.YearEnd)
    assert str(imports.index[0]) == "1993"
    assert str(imports.index[-1]) == "2021"
    # values from eia/raw/andrewpari-IV_PRJ_US_OIL/data.csv (eia/SOURCES.md eyeball table)
    assert imports.loc["2021", "Russia"] == 245194
    assert imports.loc["2005", "Canada"] == 796219
    assert imports.loc["1995", "Venezuela"] == 540296
    # the derived file's zeros (EIA blanks) are NaN
    assert imports.loc[["1993", "1994"], "Russia"].isna().all()
    assert imports.loc[["2020", "2021"], "Venezuela"].isna().all()
    assert imports.attrs["units"] == "thousand barrels"
    assert imports.attrs["series_ids"]["Russia"] == "MTTIM_NUS-NRS_1"
    for key in ("source", "units", "vintage"):
        assert imports.attrs[key]


def test_petroleum_origins_case_insensitive_single_string_and_other_origins() -> None:
    imports = ts.load_petroleum_imports(["RUSSIA", "saudi arabia", "russia"])
    assert list(imports.columns) == ["Russia", "Saudi Arabia"]
    assert list(ts.load_petroleum_imports("canada", freq="A").columns) == ["Canada"]
    assert list(ts.load_petroleum_imports("Russian Federation").columns) == ["Russia"]


def test_petroleum_origins_by_iso3_and_census_code() -> None:
    # partners resolve by ISO alpha-3 and Census code as everywhere else (DESIGN conventions)
    imports = ts.load_petroleum_imports(["SAU", "MEX", "4621", "RUS"])
    assert list(imports.columns) == ["Saudi Arabia", "Mexico", "Russia"]


def test_crude_kbd_annual_and_monthly() -> None:
    crude = ts.load_petroleum_imports(["total", "Russia", "Canada", "Venezuela"], product="crude")
    assert list(crude.columns) == ["U.S. total", "Russia", "Canada", "Venezuela"]
    assert "thousand barrels per day" in crude.attrs["units"]
    # eia/raw/endorrfin-numbers-speak/eia-crude-imports-annual.EXCERPT.csv
    assert crude.loc["1993", "U.S. total"] == 6787
    assert crude.loc["2021", "Russia"] == 199
    assert str(crude.index[-1]) == "2025"
    assert crude.loc[["2024", "2025"], "Russia"].isna().all()  # EIA blank
    assert crude.loc[["2020", "2021", "2022"], "Venezuela"].isna().all()
    monthly = ts.load_petroleum_imports(
        ["U.S. total", "Canada", "Russia"], product="crude", freq="M"
    )
    assert monthly.index.freqstr == "M"
    assert str(monthly.index[0]) == "2025-01"
    assert str(monthly.index[-1]) == "2026-07"
    assert monthly.loc["2025-01", "Canada"] == 4271  # monthly excerpt
    assert monthly["Russia"].isna().all()


def test_monthly_crude_and_products_not_in_snapshot() -> None:
    with pytest.raises(ts.NotInSnapshotError, match=r"1993\.\.2021.*source='eia'"):
        ts.load_petroleum_imports(freq="M")
    with pytest.raises(LookupError):
        ts.load_petroleum_imports(freq="M")


def test_origin_only_in_other_product_not_in_snapshot() -> None:
    with pytest.raises(ts.NotInSnapshotError, match="Algeria"):
        ts.load_petroleum_imports("Algeria", product="crude")
    with pytest.raises(ts.NotInSnapshotError, match=r"U\.S\. total"):
        ts.load_petroleum_imports("total")


def test_unknown_origin_suggests() -> None:
    with pytest.raises(ts.UnknownPartnerError) as info:
        ts.load_petroleum_imports(["Russia", "Rusia"])
    assert "Russia" in info.value.suggestions
    assert "Rusia" in str(info.value)
    with pytest.raises(ts.UnknownPartnerError) as info:
        ts.load_petroleum_imports("Congo")
    assert {"Congo (Brazzaville)", "Congo (Kinshasa)"} <= set(info.value.suggestions)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"product": "gasoline"}, "product"),
        ({"freq": "Q"}, "freq"),
        ({"source": "census"}, "'bundled', 'eia'"),
        ({"origins": []}, "origins"),
        ({"origins": [42]}, "origins"),
    ],
)
def test_petroleum_bad_arguments(kwargs: dict[str, object], named: str) -> None:
    with pytest.raises(ts.ValidationError, match=named):
        ts.load_petroleum_imports(**kwargs)  # type: ignore[arg-type]


def test_loads_return_new_objects() -> None:
    first = ts.load_petroleum_imports()
    first.loc["2021", "Russia"] = -1.0
    first.attrs["units"] = "changed"
    second = ts.load_petroleum_imports()
    assert second.loc["2021", "Russia"] == 245194
    assert second.attrs["units"] == "thousand barrels"
    price = ts.load_oil_price()
    price.iloc[0] = -1.0
    assert ts.load_oil_price().iloc[0] != -1.0


def test_oil_price_known_values() -> None:
    brent = ts.load_oil_price()
    assert brent.name == "brent"
    assert brent.index.freqstr == "M"
    assert brent.index.name == "period"
    # oil_prices/raw/datasets-oil-prices/data/brent-monthly.csv
    assert str(brent.index[0]) == "1987-05"
    assert brent.loc["1987-05"] == 18.58
    assert str(brent.index[-1]) == "2026-07"
    assert len(brent) == 471
    assert brent.attrs["units"] == "USD per barrel"
    assert brent.attrs["series_id"] == "RBRTE"
    annual = ts.load_oil_price("brent", freq="Y")
    assert annual.loc["2016"] == 43.64  # USITC quote in oil_prices/SOURCES.md
    wti = ts.load_oil_price("RWTC", freq="A")
    assert wti.attrs["series_id"] == "RWTC"
    assert wti.loc["2016"] == 43.29
    assert wti.loc["2017"] == 50.8
    assert str(wti.index[0]) == "1986"


@pytest.mark.parametrize("name", ["Brent", "RBRTE", "rbrte", "PET.RBRTE.M", "DCOILBRENTEU"])
def test_oil_benchmark_aliases(name: str) -> None:
    assert ts.load_oil_price(name).attrs["benchmark"] == "brent"


def test_oil_bad_arguments() -> None:
    with pytest.raises(ts.ValidationError, match="benchmark"):
        ts.load_oil_price("urals")
    with pytest.raises(ts.ValidationError, match="'bundled', 'eia', 'fred'"):
        ts.load_oil_price(source="treasury")
    with pytest.raises(ts.ValidationError, match="freq"):
        ts.load_oil_price(freq="D")


def test_live_source_dispatches_to_live_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import tradeshock.sources.energy._live as live

    calls: dict[str, dict[str, object]] = {}

    def fake_imports(**kwargs: object) -> pd.DataFrame:
        calls["imports"] = kwargs
        return pd.DataFrame()

    def fake_price(**kwargs: object) -> pd.Series:
        calls["price"] = kwargs
        return pd.Series(dtype=float)

    monkeypatch.setattr(live, "load_petroleum_imports_live", fake_imports, raising=False)
    monkeypatch.setattr(live, "load_oil_price_live", fake_price, raising=False)
    ts.load_petroleum_imports("Russia", source="eia", api_key="k", freq="M")
    ts.load_oil_price("wti", source="fred")
    assert calls["imports"]["origins"] == "Russia"
    assert calls["imports"]["api_key"] == "k"
    assert calls["imports"]["freq"] == "M"
    assert calls["price"]["source"] == "fred"
    assert calls["price"]["benchmark"] == "wti"


# ---- the small frame builders the live path reuses ------------------------------------------


def test_imports_frame_regular_index_and_order() -> None:
    tidy = pd.DataFrame(
        {
            "origin": ["Canada", "Russia", "Canada"],
            "period": ["2025-01", "2025-01", "2025-03"],
            "value": [1.0, 2.0, 3.0],
        }
    )
    frame = imports_frame(tidy, ["Russia", "Canada"], freq="M")
    assert list(frame.columns) == ["Russia", "Canada"]
    assert [str(p) for p in frame.index] == ["2025-01", "2025-02", "2025-03"]
    assert math.isnan(frame.loc["2025-02", "Canada"])
    with pytest.raises(ts.ValidationError):
        imports_frame(pd.concat([tidy, tidy]), ["Canada"], freq="M")


def test_price_series_regular_index() -> None:
    series = price_series(
        pd.DataFrame({"period": ["2020-03", "2020-01"], "value": [3.0, 1.0]}), freq="M", name="wti"
    )
    assert series.tolist()[0] == 1.0
    assert math.isnan(series.iloc[1])
    assert series.name == "wti"


def test_resolve_names_alias_needs_target() -> None:
    assert resolve_names("us total", ["U.S. total"]) == ["U.S. total"]
    with pytest.raises(ts.UnknownPartnerError):
        resolve_names("world", ["Canada"], aliases={"world": "U.S. total"})

"""Petroleum imports by origin (EIA) and oil spot prices (Brent, WTI).

Bundled data (``source="bundled"``, the default) come from the package's snapshot; other sources
are fetched live by :mod:`tradeshock.sources._live`, which reuses the small functions here
(:func:`imports_frame`, :func:`price_series`, :func:`resolve_names`) on its own tidy tables.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from .._freq import Freq, normalize_freq
from .._partners import resolve_partner
from .._snapshot import dataset_entry, read_table
from ..errors import NotInSnapshotError, TradeshockError, UnknownPartnerError, ValidationError
from ..parsers.eia import CRUDE_TOTAL, PRODUCT_CRUDE, PRODUCT_CRUDE_AND_PRODUCTS, UNITS_KBD
from ._common import check_source, not_in_snapshot

__all__ = [
    "OIL_SOURCES",
    "ORIGIN_ALIASES",
    "PETROLEUM_SOURCES",
    "PRODUCTS",
    "check_source",
    "imports_frame",
    "load_oil_price",
    "load_petroleum_imports",
    "name_key",
    "price_series",
    "resolve_benchmark",
    "resolve_names",
]

PETROLEUM_SOURCES = ("bundled", "eia")
OIL_SOURCES = ("bundled", "eia", "fred")
PRODUCTS = (PRODUCT_CRUDE_AND_PRODUCTS, PRODUCT_CRUDE)

PETROLEUM_DATASET = "eia_petroleum_imports_annual"
CRUDE_DATASET = "eia_crude_imports_kbd"
OIL_DATASET = "oil_prices"

#: names users type for an origin → the label in the data (bundled and live EIA loaders)
ORIGIN_ALIASES = {
    "total": CRUDE_TOTAL,
    "us total": CRUDE_TOTAL,
    "us imports": CRUDE_TOTAL,
    "united states": CRUDE_TOTAL,
    "world": CRUDE_TOTAL,
    "all": CRUDE_TOTAL,
    "russian federation": "Russia",
    "rus": "Russia",
    "can": "Canada",
    "ven": "Venezuela",
    "bolivarian republic of venezuela": "Venezuela",
}
# benchmark names, EIA and FRED ids → benchmark
_BENCHMARKS = {"brent": "brent", "rbrte": "brent", "dcoilbrenteu": "brent",
               "wti": "wti", "rwtc": "wti", "dcoilwtico": "wti"}
_SERIES_IDS = {"brent": "RBRTE", "wti": "RWTC"}


def name_key(name: str) -> str:
    """Normalise a name for matching: case-folded, dots dropped, other punctuation as spaces.

    Example:
        >>> name_key("U.S. Total")
        'us total'

    """
    text = name.casefold().replace(".", "")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _partner_keys(name: str) -> list[str]:
    """Name keys of the Census partner ``name`` denotes (ISO alpha-3, Census code, alias).

    Lets ``"SAU"`` or ``4621``-style codes find an origin or holder named as Census names it.
    """
    try:
        partner = resolve_partner(name)
    except TradeshockError:
        return []
    return list(dict.fromkeys(name_key(n) for n in (partner.name, partner.label)))


def resolve_names(
    requested: str | Iterable[str],
    available: Iterable[str],
    *,
    aliases: Mapping[str, str] | None = None,
    argument: str = "origins",
) -> list[str]:
    """Match user names against ``available`` case-insensitively (plus ``aliases``).

    A name that matches nothing directly is also tried as a Census partner (ISO alpha-3, Census
    code or alias, see :func:`tradeshock._partners.resolve_partner`) under its Census name.
    Returns the matched names in the requested order without duplicates. An unknown name raises
    ``UnknownPartnerError`` with close matches in ``suggestions``.

    Example:
        >>> resolve_names(["russia", "CANADA"], ["Canada", "Russia"])
        ['Russia', 'Canada']
        >>> resolve_names(["SAU", "4621"], ["Russia", "Saudi Arabia"])
        ['Saudi Arabia', 'Russia']

    """
    names = [requested] if isinstance(requested, str) else list(requested)
    if not names:
        raise ValidationError(f"{argument} is empty; name at least one")
    by_key = {name_key(name): name for name in available}
    alias_keys = {name_key(k): v for k, v in (aliases or {}).items()}
    resolved: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise ValidationError(f"{argument}: {name!r} is not a name (str)")
        match = None
        for key in [name_key(name), *_partner_keys(name)]:
            match = by_key.get(key)
            if match is None and key in alias_keys:
                match = by_key.get(name_key(alias_keys[key]))
            if match is not None:
                break
        key = name_key(name)
        if match is None:
            close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.6)
            close += [k for k in by_key if key and k.startswith(key) and k not in close]
            suggestions = tuple(by_key[k] for k in close[:5])
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            raise UnknownPartnerError(f"{argument}: unknown name {name!r}{hint}",
                                      suggestions=suggestions)
        if match not in resolved:
            resolved.append(match)
    return resolved


def _periods(values: Iterable[Any], freq: Freq) -> pd.PeriodIndex:
    index: pd.PeriodIndex = pd.PeriodIndex([pd.Period(str(v), freq=freq) for v in values],
                                           name="period")
    return index


def imports_frame(tidy: pd.DataFrame, origins: Sequence[str], *, freq: Freq) -> pd.DataFrame:
    """Turn tidy ``origin, period, value`` rows into one column per origin (in ``origins`` order).

    The index is a regular ``PeriodIndex`` named ``period`` spanning the tidy table; periods an
    origin lacks are NaN.

    Example:
        >>> tidy = pd.DataFrame({"origin": ["Canada", "Canada"], "period": ["2020", "2022"],
        ...                      "value": [1.0, 3.0]})
        >>> imports_frame(tidy, ["Canada"], freq="Y")["Canada"].tolist()
        [1.0, nan, 3.0]

    """
    periods = _periods(tidy["period"], freq)
    values = pd.Series(tidy["value"].to_numpy(dtype=float), index=[tidy["origin"].to_numpy(),
                                                                    periods])
    if values.index.duplicated().any():
        raise ValidationError("imports_frame: an origin-period appears twice in the tidy table")
    wide = values.unstack(level=0)
    full = pd.period_range(periods.min(), periods.max(), freq=freq, name="period")
    frame = wide.reindex(index=full, columns=list(origins))
    frame.columns = pd.Index(list(origins))
    frame.index.name = "period"
    result: pd.DataFrame = frame.astype(float)
    return result


def price_series(tidy: pd.DataFrame, *, freq: Freq, name: str) -> pd.Series:
    """Turn tidy ``period, value`` rows into a float Series on a regular ``PeriodIndex``.

    Example:
        >>> tidy = pd.DataFrame({"period": ["2016", "2017"], "value": [43.64, 54.13]})
        >>> [str(p) for p in price_series(tidy, freq="Y", name="brent").index]
        ['2016', '2017']

    """
    periods = _periods(tidy["period"], freq)
    series = pd.Series(tidy["value"].to_numpy(dtype=float), index=periods, name=name)
    if series.index.duplicated().any():
        raise ValidationError("price_series: a period appears twice in the tidy table")
    full = pd.period_range(periods.min(), periods.max(), freq=freq, name="period")
    result: pd.Series = series.sort_index().reindex(full)
    return result


def resolve_benchmark(benchmark: object) -> str:
    """Return ``"brent"`` or ``"wti"`` for a benchmark name or EIA/FRED series id.

    Example:
        >>> resolve_benchmark("RWTC")
        'wti'

    """
    parts = benchmark.strip().casefold().split(".") if isinstance(benchmark, str) else [""]
    if len(parts) > 1 and parts[0] == "pet":  # EIA APIv1 style "PET.RBRTE.M"
        parts = parts[1:]
    if len(parts) == 2 and parts[1] in {"m", "a", "d", "w"}:
        parts = parts[:1]
    key = parts[0] if len(parts) == 1 else ""
    if key not in _BENCHMARKS:
        raise ValidationError(f"benchmark={benchmark!r} is not known; use 'brent' (EIA RBRTE) "
                              "or 'wti' (EIA RWTC)")
    return _BENCHMARKS[key]


@functools.cache
def _bundled_imports(product: str, freq: Freq) -> pd.DataFrame:
    """All bundled origins of one product and frequency (cached; callers copy)."""
    if product == PRODUCT_CRUDE_AND_PRODUCTS:
        tidy = read_table(PETROLEUM_DATASET)
    else:
        table = read_table(CRUDE_DATASET)
        tidy = table[table["freq"] == freq]
    origins = list(dict.fromkeys(tidy["origin"]))
    return imports_frame(tidy, origins, freq=freq)


def _not_covered(what: str, entry: Mapping[str, Any], extra: str = "") -> NotInSnapshotError:
    covers = f"{entry['coverage']} ({entry['units']}){extra}"
    return not_in_snapshot(what, covers, "source='eia' for live data")


def load_petroleum_imports(
    origins: str | Iterable[str] = ("Russia", "Canada", "Venezuela"),
    *,
    product: str = "crude_and_products",
    freq: str = "Y",
    source: str = "bundled",
    api_key: str | None = None,
    session: Any = None,
) -> pd.DataFrame:
    """U.S. petroleum imports by country of origin, one column per origin.

    ``product="crude_and_products"`` (default) is EIA's crude oil and petroleum products imports in
    **thousand barrels** (bundled: annual 1993-2021, every origin of EIA's table).
    ``product="crude"`` is crude oil only in **thousand barrels per day** (bundled: U.S. total,
    Canada, Russia, Venezuela; annual 1993-2025 and monthly 2025-01..2026-07). Missing values
    (EIA blanks, and zeros of the derived annual table) are NaN. Origins are EIA country names
    (case-insensitive), ISO alpha-3 or Census codes (``"SAU"``). ``source="eia"`` fetches live
    from the EIA API (``api_key`` or env ``EIA_API_KEY``).

    Example:
        >>> import tradeshock as ts
        >>> imports = ts.load_petroleum_imports(["Russia", "Canada"])
        >>> float(imports.loc["2021", "Russia"])
        245194.0

    """
    source = check_source(source, PETROLEUM_SOURCES, loader="load_petroleum_imports")
    if source != "bundled":
        from . import _live  # imported lazily: the live path pulls in requests_cache

        frame: pd.DataFrame = _live.load_petroleum_imports_live(
            origins=origins, product=product, freq=freq, source=source, api_key=api_key,
            session=session)
        return frame
    if product not in PRODUCTS:
        raise ValidationError(f"product={product!r} is not known; use one of "
                              + ", ".join(repr(p) for p in PRODUCTS))
    freq_code = normalize_freq(freq)
    crude_entry = dataset_entry(CRUDE_DATASET)
    if product == PRODUCT_CRUDE_AND_PRODUCTS:
        entry = dataset_entry(PETROLEUM_DATASET)
        if freq_code == "M":
            raise _not_covered(
                "monthly crude_and_products imports", entry,
                f"; product='crude' has crude-only kb/d ({crude_entry['coverage']})")
    else:
        entry = crude_entry
    bundled = _bundled_imports(product, freq_code)
    names = _resolve_origins(origins, product, list(bundled.columns), entry)
    result: pd.DataFrame = bundled.loc[:, names].copy()
    series_ids: Mapping[str, str] = entry.get("series_ids", {})
    result.attrs = {
        "source": f"bundled snapshot: {entry['source']}",
        "units": entry["units"] if product == PRODUCT_CRUDE_AND_PRODUCTS
        else f"{UNITS_KBD} (crude oil only; kb/d is the only bundled crude series)",
        "vintage": entry["vintage"],
        "upstream_url": entry["upstream_url"],
        "product": product,
        "freq": freq_code,
        "dataset": PETROLEUM_DATASET if product == PRODUCT_CRUDE_AND_PRODUCTS else CRUDE_DATASET,
        "series_ids": {n: series_ids[n] for n in names if n in series_ids},
        "notes": list(entry.get("notes", [])),
    }
    return result


def _resolve_origins(
    origins: str | Iterable[str], product: str, available: list[str], entry: Mapping[str, Any]
) -> list[str]:
    """Resolve origins for one product; names known only for the other product → NotInSnapshot."""
    other = PRODUCT_CRUDE if product == PRODUCT_CRUDE_AND_PRODUCTS else PRODUCT_CRUDE_AND_PRODUCTS
    everything = list(dict.fromkeys([*available, *_bundled_imports(other, "Y").columns]))
    names = resolve_names(origins, everything, aliases=ORIGIN_ALIASES)
    absent = [n for n in names if n not in available]
    if absent:
        raise _not_covered(
            f"{', '.join(absent)} for product={product!r}", entry,
            f"; product={other!r} has {', '.join(absent)}")
    return names


@functools.cache
def _bundled_prices(benchmark: str, freq: Freq) -> pd.Series:
    table = read_table(OIL_DATASET)
    tidy = table[(table["benchmark"] == benchmark) & (table["freq"] == freq)]
    return price_series(tidy, freq=freq, name=benchmark)


def load_oil_price(
    benchmark: str = "brent", *, freq: str = "M", source: str = "bundled", session: Any = None
) -> pd.Series:
    """Crude oil spot price FOB in USD per barrel: Brent (EIA ``RBRTE``) or WTI (EIA ``RWTC``).

    ``benchmark`` is ``"brent"`` or ``"wti"`` (EIA ids ``RBRTE`` / ``RWTC`` and FRED ids are
    accepted too); ``freq`` ``"M"`` (monthly average) or ``"Y"`` (annual average). Live sources:
    ``"eia"`` and ``"fred"``.

    Example:
        >>> import tradeshock as ts
        >>> float(ts.load_oil_price("brent", freq="Y").loc["2016"])
        43.64

    """
    source = check_source(source, OIL_SOURCES, loader="load_oil_price")
    if source != "bundled":
        from . import _live

        live: pd.Series = _live.load_oil_price_live(
            benchmark=benchmark, freq=freq, source=source, session=session)
        return live
    name = resolve_benchmark(benchmark)
    freq_code = normalize_freq(freq)
    entry = dataset_entry(OIL_DATASET)
    result: pd.Series = _bundled_prices(name, freq_code).copy()
    result.attrs = {
        "source": f"bundled snapshot: {entry['source']}",
        "units": entry["units"],
        "vintage": entry["vintage"],
        "upstream_url": entry["upstream_url"],
        "benchmark": name,
        "series_id": _SERIES_IDS[name],
        "freq": freq_code,
        "dataset": OIL_DATASET,
        "notes": list(entry.get("notes", [])),
    }
    return result

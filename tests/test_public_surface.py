"""The public surface, pinned: every public module's ``__all__``, name by name.

A name added to or dropped from a public module's ``__all__`` (or a new public module) fails
here until the list below says so: adding a public name is a decision, not an accident. To add
one, put it in the module's ``__all__`` (and ``tradeshock.__all__`` if it is top-level API) and
in that module's list in :data:`PUBLIC` (one list per module, any order).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import tradeshock

#: module → its public names (``None``: a package that only groups modules)
PUBLIC: dict[str, list[str] | None] = {
    "tradeshock": [
        "check_claims",
        "load_trade_hs",
        "MartinIndices",  # issue 18: the result classes are importable from the package
        "PlaceboTest",
        "__version__",
        "Baseline",
        "baselines",
        "CacheError",
        "catalog",
        "commodity_groups",
        "counterfactual",
        "cycles",
        "Event",
        "event_study",
        "EventStudy",
        "group_shares",
        "group_totals",
        "InsufficientDataError",
        "load_bilateral",
        "load_oil_price",
        "load_petroleum_imports",
        "load_trade",
        "load_trade_composition",
        "load_trade_panel",
        "load_treasury_holdings",
        "martin_indices",
        "mirror_trade",
        "NotCoveredError",
        "NotInSnapshotError",
        "OfflineError",
        "partner_ranks",
        "placebo_pvalue",
        "placebo_table",
        "Provenance",
        "resilience_table",
        "ResponseOptions",
        "ResponseWarning",
        "Robustness",
        "robustness",
        "SchemaError",
        "shock_response",
        "ShockResponse",
        "SourceError",
        "synthetic_control",
        "SyntheticControl",
        "Timeline",
        "TimelineError",
        "TradeshockError",
        "transform_series",
        "UnknownEventError",
        "UnknownPartnerError",
        "us_russia",
        "us_sanctions",
        "ValidationError",
    ],
    "tradeshock.baselines": [
        "Baseline",
        "BaselineFit",
        "BaselineInputs",
        "BASELINES",
        "BaselineUnavailable",
        "PreLastBaseline",
        "PreMeanBaseline",
        "ReferenceBaseline",
        "REGISTRY",
        "RegressionBaseline",
        "resolve_baseline",
        "SyntheticBaseline",
        "TrendBaseline",
    ],
    "tradeshock.claims": [
        "ArticleClaim",
        "CHECKED_VERDICTS",
        "ClaimCheck",
        "ClaimsReport",
        "DEPENDS",
        "DETAIL_COLUMNS",
        "FAILS",
        "Finding",
        "HOLDS",
        "MIXED",
        "NEEDS_LIVE",
        "NOT_US",
        "SOURCES",
        "ARTICLE",
        "check_claims",
        "COLUMNS",
        "VERDICTS",
    ],
    "tradeshock.cli": [
        "main",
        "report_table",
    ],
    "tradeshock.cycles": [
        "Concordance",
        "concordance",
        "explained_share",
        "phases",
        "turning_points",
    ],
    "tradeshock.dask": [
        "placebo_table",
        "read_long",
        "resilience_table",
    ],
    "tradeshock.errors": [
        "CacheError",
        "InsufficientDataError",
        "NotCoveredError",
        "NotInSnapshotError",
        "OfflineError",
        "Problem",
        "ResponseWarning",
        "SchemaError",
        "SourceError",
        "TimelineError",
        "TradeshockError",
        "UnknownEventError",
        "UnknownPartnerError",
        "ValidationError",
    ],
    "tradeshock.event_study": [
        "event_study",
        "EventStudy",
        "GROUP_FIELDS",
    ],
    "tradeshock.events": [
        "ARTICLE_EVENT_IDS",
        "Category",
        "COLUMNS",
        "DateLike",  # issue 18: the input types of Event dates and of shocks
        "ShockLike",
        "Direction",
        "Event",
        "PartialDate",
        "Problem",
        "Timeline",
        "TimelineError",
        "UnknownEventError",
        "us_russia",
        "us_sanctions",
    ],
    "tradeshock.parsers": None,
    "tradeshock.parsers.bilateral": None,
    "tradeshock.parsers.bilateral.bns": [
        "COMPILER",
        "parse_bns_xls",
    ],
    "tradeshock.parsers.bilateral.comext": [
        "COMPILER",
        "parse_comext_csv",
    ],
    "tradeshock.parsers.bilateral.comtrade": [
        "COMPILER",
        "parse_comtrade_json",
    ],
    "tradeshock.parsers.bilateral.dots": [
        "COMPILER",
        "parse_dots_workbook",
    ],
    "tradeshock.parsers.bilateral.fts": [
        "MONTHS_RU",
        "parse_fts_annual",
        "parse_fts_continents",
        "parse_fts_monthly",
    ],
    "tradeshock.parsers.bilateral.imts": [
        "COMPILER",
        "IMTS_AREAS",
        "INDICATORS",
        "parse_imts_xml",
    ],
    "tradeshock.parsers.census": [
        "corbett_key_table",
        "MONTHS",
        "parse_corbett_countries",
        "parse_country_xlsx",
        "parse_schedule_c",
        "parse_trade_by_country_json",
        "round_half_up",
        "round_published",
    ],
    "tradeshock.parsers.census_api": [
        "HS_VARIABLES",
        "hs_annual_table",
        "annual_from_monthly",
        "EXPORTS_VALUE",
        "IMPORTS_VALUE",
        "is_money_column",
        "parse_intltrade_json",
        "trade_monthly",
    ],
    "tradeshock.parsers.commodities": [
        "ENDUSE_SHEET",
        "parse_comtrade_hs2",
        "parse_enduse_imports",
    ],
    "tradeshock.parsers.eia": [
        "CRUDE_TOTAL",
        "EIA_PETROLEUM_SERIES",
        "parse_crude_kbd",
        "parse_petroleum_imports_table",
        "PRODUCT_CRUDE",
        "PRODUCT_CRUDE_AND_PRODUCTS",
        "UNITS_KB",
        "UNITS_KBD",
        "YEAR_WORDS",
    ],
    "tradeshock.parsers.eia_api": [
        "check_page",
        "check_units",
        "collect_pages",
        "eia_error_message",
        "expected_units",
        "PAGE_SIZE",
        "parse_eia_json",
    ],
    "tradeshock.parsers.fred": [
        "daily_to_period",
        "parse_fredgraph_csv",
    ],
    "tradeshock.parsers.oil": [
        "BENCHMARK_SERIES",
        "parse_oil_prices",
    ],
    "tradeshock.parsers.treasury": [
        "parse_slt3d_globl",
        "parse_slt_table3",
        "TIDY_COLUMNS",
    ],
    "tradeshock.placebo": [
        "DEFAULT_HORIZON",
        "placebo_pvalue",
        "placebo_table",
        "PlaceboTest",
    ],
    "tradeshock.plot": [
        "composition",
        "event_study",
        "petroleum_imports",
        "shock_response",
        "synthetic_control",
        "trade_events",
    ],
    "tradeshock.report": [
        "DEFAULT_MIN_BASELINE",
        "FLOWS",
        "REPORT_COLUMNS",
        "report_table",
        "robust_table",
        "select_events",
    ],
    "tradeshock.resilience": [
        "BASELINES",
        "counterfactual",
        "martin_indices",
        "MartinIndices",
        "resilience_table",
        "ResponseOptions",
        "shock_response",
        "ShockResponse",
        "transform_series",
        "TRANSFORMS",
    ],
    "tradeshock.robust": [
        "Robustness",
        "robustness",
        "WINDOWS",
    ],
    "tradeshock.sources": [
        "load_trade_hs",
        "catalog",
        "commodity_groups",
        "group_shares",
        "group_totals",
        "load_bilateral",
        "load_oil_price",
        "load_petroleum_imports",
        "load_trade",
        "load_trade_composition",
        "load_trade_panel",
        "load_treasury_holdings",
        "mirror_trade",
        "partner_ranks",
        "Provenance",
    ],
    "tradeshock.sources.bilateral": [
        "load_bilateral",
        "mirror_trade",
        "MirrorTrade",
        "PRECEDENCE",
        "resolve_economy",
        "TERMS",
    ],
    "tradeshock.sources.catalog": [
        "catalog",
        "CATALOG_COLUMNS",
    ],
    "tradeshock.sources.composition": [
        "HS_FIRST_YEAR",
        "HS_LEVELS",
        "load_trade_hs",
        "BASES",
        "commodity_groups",
        "ENDUSE_PATH",
        "group_shares",
        "group_totals",
        "load_trade_composition",
        "oil_and_metals_share",
    ],
    "tradeshock.sources.energy": [
        "check_source",
        "imports_frame",
        "load_oil_price",
        "load_petroleum_imports",
        "name_key",
        "OIL_SOURCES",
        "ORIGIN_ALIASES",
        "PETROLEUM_SOURCES",
        "price_series",
        "PRODUCTS",
        "resolve_benchmark",
        "resolve_names",
    ],
    "tradeshock.sources.http": [
        "base_url",
        "cached_session",
        "DEFAULT_BASE_URLS",
        "default_cache_dir",
        "DEFAULT_DEADLINE",
        "DEFAULT_EXPIRE_AFTER",
        "DEFAULT_TIMEOUT",
        "fetch",
        "is_offline",
        "raise_for_status",
        "redact",
        "RETRY_AFTER_CAP",
        "retry_after_seconds",
        "RETRY_STATUSES",
        "SECRET_PARAMETERS",
    ],
    "tradeshock.sources.trade": [
        "FLOWS",
        "load_trade",
        "load_trade_panel",
        "panel_frame",
        "partner_ranks",
        "RANK_BY",
        "ranks_frame",
        "SOURCES",
        "trade_frame",
    ],
    "tradeshock.sources.treasury": [
        "holdings_series",
        "load_treasury_holdings",
        "resolve_holder",
        "resolve_term",
        "TERMS",
        "TREASURY_SOURCES",
    ],
    "tradeshock.synthetic": [
        "ConformalIntervals",
        "LeaveOneOut",
        "synthetic_control",
        "SyntheticControl",
        "SyntheticPlacebo",
    ],
}

#: internal tooling, not API (the snapshot builder is run from scripts/, never imported by users)
NOT_API = ("tradeshock.build",)


def _public_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(tradeshock.__path__, prefix="tradeshock.")
        if not any(part.startswith("_") for part in info.name.split(".")[1:])
        and not info.name.startswith(NOT_API)
    ]
    return sorted(["tradeshock", *names])


def test_every_public_module_is_pinned() -> None:
    assert _public_modules() == sorted(PUBLIC), (
        "a public module was added or removed: list it in PUBLIC (or give it a _private name)"
    )


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_module_all_is_pinned(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    expected = PUBLIC[name]
    if expected is None:
        assert exported is None, f"{name} now has __all__: pin it in PUBLIC"
        return
    assert exported is not None, f"{name} lost its __all__"
    assert len(exported) == len(set(exported)), f"{name}.__all__ lists a name twice"
    assert sorted(exported) == sorted(expected), (
        f"{name}.__all__ changed: added {sorted(set(exported) - set(expected))}, "
        f"removed {sorted(set(expected) - set(exported))}; update PUBLIC if intended"
    )


@pytest.mark.parametrize("name", sorted(n for n, names in PUBLIC.items() if names))
def test_no_private_helper_is_exported(name: str) -> None:
    module = importlib.import_module(name)
    for exported in module.__all__:
        assert exported == "__version__" or not exported.startswith("_"), (name, exported)
        obj = getattr(module, exported)  # every listed name exists
        if inspect.isfunction(obj) or inspect.isclass(obj):
            # a public function or class has a docstring (and so a place in the API docs)
            assert inspect.getdoc(obj), f"{name}.{exported} has no docstring"


def test_top_level_names_are_what_the_submodules_export() -> None:
    # tradeshock.X is the same object as in the module that defines it in public
    for exported in tradeshock.__all__:
        obj = getattr(tradeshock, exported)
        if inspect.ismodule(obj):
            assert obj.__name__ in PUBLIC, exported
            continue
        homes = [
            n for n, names in PUBLIC.items() if names and n != "tradeshock" and exported in names
        ]
        if exported != "__version__":
            assert homes, f"tradeshock.{exported} is exported by no public submodule"
            # (plot.shock_response draws, resilience.shock_response computes: one must match)
            assert any(getattr(importlib.import_module(h), exported) is obj for h in homes)

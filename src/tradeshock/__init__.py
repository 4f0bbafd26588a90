"""tradeshock: how far trade falls when politics hits, how fast it comes back, and why.

The public API lives here; submodules are implementation detail except
[`tradeshock.events`][tradeshock.events], [`tradeshock.resilience`][tradeshock.resilience],
[`tradeshock.cycles`][tradeshock.cycles], [`tradeshock.sources`][tradeshock.sources] and
[`tradeshock.plot`][tradeshock.plot] (needs the ``plot`` extra).

Example:
    >>> import tradeshock as ts
    >>> trade = ts.load_trade("Russia")
    >>> trade.attrs["units"]
    'USD millions'

"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import baselines, cycles
from ._log import logger as _logger  # noqa: F401  (installs the NullHandler)
from .baselines import Baseline
from .errors import (
    CacheError,
    InsufficientDataError,
    NotCoveredError,
    NotInSnapshotError,
    OfflineError,
    ResponseWarning,
    SchemaError,
    SourceError,
    TimelineError,
    TradeshockError,
    UnknownEventError,
    UnknownPartnerError,
    ValidationError,
)

# eager: the function shares its name with its module, which an import would bind here
from .event_study import EventStudy, event_study
from .events import Event, Timeline, us_russia, us_sanctions
from .resilience import (
    MartinIndices,
    ResponseOptions,
    ShockResponse,
    counterfactual,
    martin_indices,
    resilience_table,
    shock_response,
    transform_series,
)
from .sources import (
    Provenance,
    catalog,
    commodity_groups,
    group_shares,
    group_totals,
    load_oil_price,
    load_petroleum_imports,
    load_trade,
    load_trade_composition,
    load_trade_hs,
    load_trade_panel,
    load_treasury_holdings,
    partner_ranks,
)

# The result records of the heavier analyses load on first use (PEP 562), so that
# `import tradeshock` stays cheap; type checkers and IDEs see the static imports below.
_LAZY = {
    "check_claims": "claims",
    "PlaceboTest": "placebo",
    "placebo_pvalue": "placebo",
    "placebo_table": "placebo",
    "Robustness": "robust",
    "robustness": "robust",
    "SyntheticControl": "synthetic",
    "synthetic_control": "synthetic",
    "load_bilateral": "sources",
    "mirror_trade": "sources",
}

if TYPE_CHECKING:
    from .claims import check_claims
    from .placebo import PlaceboTest, placebo_pvalue, placebo_table
    from .robust import Robustness, robustness
    from .sources import load_bilateral, mirror_trade
    from .synthetic import SyntheticControl, synthetic_control


def __getattr__(name: str) -> Any:
    """Import a lazily exported name (see ``_LAZY``) on first access."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    "Baseline",
    "CacheError",
    "Event",
    "EventStudy",
    "InsufficientDataError",
    "MartinIndices",
    "NotCoveredError",
    "NotInSnapshotError",
    "OfflineError",
    "PlaceboTest",
    "Provenance",
    "ResponseOptions",
    "ResponseWarning",
    "Robustness",
    "SchemaError",
    "ShockResponse",
    "SourceError",
    "SyntheticControl",
    "Timeline",
    "TimelineError",
    "TradeshockError",
    "UnknownEventError",
    "UnknownPartnerError",
    "ValidationError",
    "__version__",
    "baselines",
    "catalog",
    "check_claims",
    "commodity_groups",
    "counterfactual",
    "cycles",
    "event_study",
    "group_shares",
    "group_totals",
    "load_bilateral",
    "load_oil_price",
    "load_petroleum_imports",
    "load_trade",
    "load_trade_composition",
    "load_trade_hs",
    "load_trade_panel",
    "load_treasury_holdings",
    "martin_indices",
    "mirror_trade",
    "partner_ranks",
    "placebo_pvalue",
    "placebo_table",
    "resilience_table",
    "robustness",
    "shock_response",
    "synthetic_control",
    "transform_series",
    "us_russia",
    "us_sanctions",
]

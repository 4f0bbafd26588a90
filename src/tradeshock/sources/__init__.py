"""Loaders: official U.S. statistics as tidy pandas objects, one folder per dataset.

Every loader reads the bundled snapshot by default (offline, instant) and a live agency
source with ``source=`` (see [`tradeshock.sources.http`][tradeshock.sources.http] for caching
and keys). Each dataset folder (``trade/``, ``energy/``, ``treasury/``, ``composition/``) holds
the public loaders in ``__init__.py``, the snapshot reader in ``_bundled.py``, the agency client
in ``_live.py`` and the shaping both share in ``_frames.py``; every returned object carries the
same [`Provenance`][tradeshock.sources.Provenance] fields in ``.attrs``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._provenance import Provenance
from .catalog import catalog
from .composition import (
    commodity_groups,
    group_shares,
    group_totals,
    load_trade_composition,
    load_trade_hs,
)
from .energy import load_oil_price, load_petroleum_imports
from .trade import load_trade, load_trade_panel, partner_ranks
from .treasury import load_treasury_holdings

if TYPE_CHECKING:
    from .bilateral import load_bilateral, mirror_trade

# The non-U.S. loaders (their parsers and country tables) load on first use (PEP 562).
_LAZY = {"load_bilateral": "bilateral", "mirror_trade": "bilateral"}


def __getattr__(name: str) -> Any:
    """Import a lazily exported loader (see ``_LAZY``) on first access."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Provenance",
    "catalog",
    "commodity_groups",
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
    "mirror_trade",
    "partner_ranks",
]

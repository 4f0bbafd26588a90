"""Loaders: official U.S. statistics as tidy pandas objects, one folder per dataset.

Every loader reads the bundled snapshot by default (offline, instant) and a live agency
source with ``source=`` (see [`tradeshock.sources.http`][tradeshock.sources.http] for caching
and keys). Each dataset folder (``trade/``, ``energy/``, ``treasury/``, ``composition/``) holds
the public loaders in ``__init__.py``, the snapshot reader in ``_bundled.py``, the agency client
in ``_live.py`` and the shaping both share in ``_frames.py``; every returned object carries the
same [`Provenance`][tradeshock.sources.Provenance] fields in ``.attrs``.
"""

from __future__ import annotations

from ._provenance import Provenance
from .bilateral import load_bilateral, mirror_trade
from .catalog import catalog
from .composition import commodity_groups, group_shares, group_totals, load_trade_composition
from .energy import load_oil_price, load_petroleum_imports
from .trade import load_trade, load_trade_panel, partner_ranks
from .treasury import load_treasury_holdings

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
    "load_trade_panel",
    "load_treasury_holdings",
    "mirror_trade",
    "partner_ranks",
]

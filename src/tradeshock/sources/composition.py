"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def commodity_groups(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("commodity_groups")


def group_shares(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("group_shares")


def load_trade_composition(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load_trade_composition")

"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def load_trade(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load_trade")


def load_trade_panel(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load_trade_panel")


def partner_ranks(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("partner_ranks")

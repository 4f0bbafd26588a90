"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def load_treasury_holdings(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load_treasury_holdings")

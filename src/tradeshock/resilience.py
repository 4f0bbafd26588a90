"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def ShockResponse(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("ShockResponse")


def martin_indices(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("martin_indices")


def placebo_pvalue(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("placebo_pvalue")


def resilience_table(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("resilience_table")


def shock_response(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("shock_response")

"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def Event(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Event")


def Timeline(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("Timeline")


def us_russia(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("us_russia")

"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def catalog(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("catalog")

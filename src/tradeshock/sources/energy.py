"""Not implemented yet (work in progress)."""

from __future__ import annotations

from typing import Any


def load_oil_price(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load_oil_price")


def load_petroleum_imports(*args: Any, **kwargs: Any) -> Any:
    """Not implemented yet."""
    raise NotImplementedError("load_petroleum_imports")

"""Helpers every loader shares: checking ``source=`` and saying what the snapshot lacks.

Each public loader validates ``source`` with :func:`check_source` and, for any source other than
``"bundled"``, calls its counterpart in :mod:`tradeshock.sources._live` through a lazy
``from . import _live`` (the live path pulls in requests_cache).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import NotInSnapshotError, ValidationError

__all__ = ["check_source", "not_in_snapshot"]


def check_source(source: object, valid: Sequence[str], *, loader: str) -> str:
    """Return ``source`` lower-cased if it is one of ``valid``, else raise ``ValidationError``.

    Example:
        >>> check_source("bundled", ("bundled", "eia"), loader="load_petroleum_imports")
        'bundled'

    """
    if not isinstance(source, str) or source.lower() not in valid:
        raise ValidationError(f"{loader}: source={source!r} is not valid; use one of "
                              + ", ".join(repr(v) for v in valid))
    return source.lower()


def not_in_snapshot(what: str, covers: str, instead: str) -> NotInSnapshotError:
    """Build the error for a request the snapshot cannot serve, in the wording every loader uses.

    Example:
        >>> str(not_in_snapshot("year 1900", "1985 to 2025", "source='census'"))
        "the snapshot does not cover year 1900; it covers 1985 to 2025; use source='census'"

    """
    return NotInSnapshotError(
        f"the snapshot does not cover {what}; it covers {covers}; use {instead}"
    )

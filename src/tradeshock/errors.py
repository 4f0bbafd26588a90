"""Typed errors raised by tradeshock.

Every error a user can see derives from :class:`TradeshockError`, so one
``except tradeshock.TradeshockError`` catches them all.

Example:
    >>> import tradeshock as ts
    >>> try:
    ...     ts.load_trade("Atlantis")
    ... except ts.UnknownPartnerError as exc:
    ...     print(type(exc).__name__)
    UnknownPartnerError

"""

from __future__ import annotations

__all__ = [
    "InsufficientDataError",
    "NotInSnapshotError",
    "OfflineError",
    "SchemaError",
    "SourceError",
    "TradeshockError",
    "UnknownPartnerError",
    "ValidationError",
]


class TradeshockError(Exception):
    """Base class of every error raised by tradeshock."""


class SourceError(TradeshockError):
    """A live source failed (network, HTTP status, an error body).

    ``url`` holds the request URL with any API key redacted.
    """

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class SchemaError(TradeshockError):
    """Upstream bytes do not have the expected format; the message names what is missing."""


class OfflineError(SourceError):
    """Offline mode is on and the response is not in the cache."""


class UnknownPartnerError(TradeshockError, LookupError):
    """A partner (or holder, or origin) name could not be resolved.

    ``suggestions`` lists the closest known names.
    """

    def __init__(self, message: str, *, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class ValidationError(TradeshockError, ValueError):
    """An argument or input record is invalid; the message names the argument or field."""


class InsufficientDataError(TradeshockError, ValueError):
    """Not enough finite data to compute what was asked (e.g. a gap in the estimation window)."""


class NotInSnapshotError(TradeshockError, LookupError):
    """The bundled snapshot does not cover what was asked (a frequency, period or origin).

    The message says what the snapshot covers and which live ``source=`` has the data.
    """

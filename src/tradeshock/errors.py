"""Typed errors raised by tradeshock.

Every error a user can see derives from [`TradeshockError`][tradeshock.errors.TradeshockError], so
one ``except tradeshock.TradeshockError`` catches them all.

Example:
    >>> import tradeshock as ts
    >>> try:
    ...     ts.load_trade("Atlantis")
    ... except ts.UnknownPartnerError as exc:
    ...     print(type(exc).__name__)
    UnknownPartnerError

"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

__all__ = [
    "CacheError",
    "InsufficientDataError",
    "NotCoveredError",
    "NotInSnapshotError",
    "OfflineError",
    "Problem",
    "ResponseWarning",
    "SchemaError",
    "SourceError",
    "TimelineError",
    "TradeshockError",
    "UnknownEventError",
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


class CacheError(TradeshockError):
    """The HTTP cache cannot be used where it is; ``path`` names the place.

    The message says what is wrong (a file where the directory should be, a read-only
    directory, another program's database, a full disk) and what to do: point
    ``TRADESHOCK_CACHE_DIR`` (or ``cached_session(cache_dir=...)``) at a writable directory.
    Bundled data never needs the cache.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


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


class NotCoveredError(TradeshockError, LookupError):
    """The source asked for does not cover the request (a period, partner, frequency or origin).

    Raised alike by the bundled snapshot (as its subclass
    [`NotInSnapshotError`][tradeshock.errors.NotInSnapshotError]) and by the live sources (e.g.
    ``load_trade(start=2030, source="census")``), so ``except NotCoveredError`` handles both. The
    message says what the source covers.
    """


class NotInSnapshotError(NotCoveredError):
    """The bundled snapshot does not cover what was asked (a frequency, period or origin).

    The message says what the snapshot covers and which live ``source=`` has the data.
    """


class Problem(NamedTuple):
    """One problem found in timeline input: its row (0 = header), field and message.

    Example:
        >>> Problem(3, "category", "category='warx' is not a known category")
        Problem(row=3, field='category', message="category='warx' is not a known category")

    """

    row: int
    field: str
    message: str


class TimelineError(ValidationError):
    r"""Timeline input is invalid; ``problems`` lists every problem as ``(row, field, message)``.

    It is a [`ValidationError`][tradeshock.errors.ValidationError], hence also a ``ValueError`` and
    a [`TradeshockError`][tradeshock.errors.TradeshockError]. Also importable from
    [`tradeshock.events`][tradeshock.events].

    Example:
        >>> import io
        >>> from tradeshock import Timeline
        >>> bad = "id,start,label,category,direction\nx,2014-13,X,warx,escalation\n"
        >>> try:
        ...     Timeline.from_csv(io.StringIO(bad))
        ... except TimelineError as exc:
        ...     [(p.row, p.field) for p in exc.problems]
        [(1, 'start'), (1, 'category')]

    """

    def __init__(self, problems: Sequence[Problem], *, what: str = "timeline input") -> None:
        self.problems: list[Problem] = [Problem(*p) for p in problems]
        self.what = what
        count = len(self.problems)
        lines = [
            f"{'header' if p.row == 0 else f'row {p.row}'}: {p.message}" for p in self.problems
        ]
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {what}:\n  " + "\n  ".join(lines)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # keep the error picklable (e.g. across multiprocessing) despite the keyword argument
        return (_rebuild_timeline_error, (self.problems, self.what))


def _rebuild_timeline_error(problems: Sequence[Problem], what: str) -> TimelineError:
    return TimelineError(problems, what=what)


class UnknownEventError(TradeshockError, KeyError):
    """An event id is not in the timeline; ``suggestions`` lists the closest ids.

    It is also a ``KeyError`` (hence a ``LookupError``). Also importable from
    [`tradeshock.events`][tradeshock.events].

    Example:
        >>> from tradeshock import us_russia
        >>> try:
        ...     us_russia()["crimea"]
        ... except UnknownEventError as exc:
        ...     exc.suggestions[0]
        'crimea_annexation'

    """

    def __init__(self, message: str, *, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions

    def __str__(self) -> str:
        # KeyError would show the repr of the message; show the message itself.
        return str(self.args[0]) if self.args else ""


class ResponseWarning(UserWarning):
    """A shock response whose numbers need care (see its ``status``).

    The regression baseline extrapolates, or another event of the timeline falls inside
    the post-shock span.

    Example:
        >>> import warnings
        >>> import tradeshock as ts
        >>> crimea = ts.us_russia()["crimea_annexation"]
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     r = ts.shock_response(ts.load_trade("Russia")["total"], crimea)
        >>> caught[0].category.__name__, r.status.startswith("confounded by")
        ('ResponseWarning', True)

    """

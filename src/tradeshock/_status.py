"""Statuses that keep a response's numbers but say why they need care (private).

A row (or a [`ShockResponse`][tradeshock.ShockResponse]) whose numbers could be
computed has status ``"ok"`` only when nothing below applies; otherwise its
status lists every warning, in this order, separated by ``"; "``:

* ``"no drop"`` — the series never fell below the baseline: no trough, recovery or
  half-life;
* ``"2 of 3 post-shock periods missing"`` — the post-shock span P has gaps, which are
  skipped (pass ``missing="zero"`` where a blank means no trade);
* the baseline's own flags, e.g. ``"covariates outside the window's range
  (extrapolation)"`` for the regression baseline;
* ``"confounded by full_scale_invasion_ukraine"`` (``"(+2 more)"``) — another event of
  the timeline falls inside P.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .events import Timeline

__all__ = [
    "NO_DROP",
    "EventSpans",
    "compose",
    "confounded_by",
    "event_spans",
    "missing_text",
    "timeline_spans",
]

NO_DROP = "no drop"


def missing_text(missing: int, periods: int) -> str:
    """Return e.g. ``"2 of 3 post-shock periods missing"``."""
    return f"{missing} of {periods} post-shock period{'s' if periods != 1 else ''} missing"


def compose(
    *, dropped: bool, missing: int, periods: int, flags: Sequence[str], confounders: Sequence[str]
) -> str:
    """Return ``"ok"`` or the warnings that apply, joined by ``"; "``."""
    parts = []
    if not dropped:
        parts.append(NO_DROP)
    if missing:
        parts.append(missing_text(missing, periods))
    parts.extend(flags)
    if confounders:
        more = f" (+{len(confounders) - 1} more)" if len(confounders) > 1 else ""
        parts.append(f"confounded by {confounders[0]}{more}")
    return "; ".join(parts) if parts else "ok"


def _start_days(event: object) -> tuple[dt.date, dt.date] | None:
    """First and last day an event may have started (its start's precision), or None."""
    start = getattr(event, "start", event)
    first_day, last_day = getattr(start, "first_day", None), getattr(start, "last_day", None)
    if isinstance(first_day, dt.date) and isinstance(last_day, dt.date):
        return first_day, last_day
    if isinstance(start, pd.Period):
        return start.start_time.date(), start.end_time.date()
    if isinstance(start, (dt.date, str, pd.Timestamp)):
        try:
            day = pd.Timestamp(start).date()
        except (ValueError, TypeError):
            return None
        return day, day
    return None


def _same_event(a: object, b: object) -> bool:
    a_id, b_id = getattr(a, "id", None), getattr(b, "id", None)
    if a_id is not None and b_id is not None:
        return bool(a_id == b_id)
    return a is b or bool(a == b)


def _targets(event: object) -> frozenset[str]:
    """Return the partners an event concerns (``Event.targets``); empty = every partner."""
    targets = getattr(event, "targets", ())
    return frozenset(str(t) for t in targets) if isinstance(targets, (tuple, list)) else frozenset()


@attrs.frozen(eq=False)
class EventSpans:
    """The events of one timeline with a known start.

    Their ids, the days each may have started on (days since 1970-01-01, int arrays compared
    all at once) and their targets.
    """

    events: tuple[object, ...]
    ids: tuple[str, ...]
    first_day: npt.NDArray[np.int64]
    last_day: npt.NDArray[np.int64]
    targets: tuple[frozenset[str], ...]


def event_spans(events: Iterable[object]) -> EventSpans:
    """Return each event with its id, the days its start may fall on, and its targets."""
    kept, ids, first, last, targets = [], [], [], [], []
    for event in events:
        days = _start_days(event)
        if days is not None:
            kept.append(event)
            ids.append(str(getattr(event, "id", event)))
            first.append(days[0].toordinal() - _EPOCH)
            last.append(days[1].toordinal() - _EPOCH)
            targets.append(_targets(event))
    return EventSpans(
        tuple(kept),
        tuple(ids),
        np.array(first, dtype=np.int64),
        np.array(last, dtype=np.int64),
        tuple(targets),
    )


_SPANS: dict[int, tuple[weakref.ReferenceType[Timeline], EventSpans]] = {}


def timeline_spans(events: Iterable[object]) -> EventSpans:
    """Return ``event_spans(events)``, kept per `Timeline` object while it lives.

    A Timeline is immutable, so its spans never change: scalar responses and placebo tests
    on events of one timeline compute them once. Other iterables are not kept.
    """
    if not isinstance(events, Timeline):
        return event_spans(events)
    key = id(events)
    kept = _SPANS.get(key)
    if kept is not None and kept[0]() is events:
        return kept[1]
    spans = event_spans(events)

    def forget(_: object) -> None:  # the timeline is gone: its id may be reused
        _SPANS.pop(key, None)

    _SPANS[key] = (weakref.ref(events, forget), spans)
    return spans


# Period ordinals of these frequencies count datetime64 units from 1970
_UNITS: dict[str, Literal["M", "Y"]] = {"M": "M", "Y": "Y", "Y-DEC": "Y", "A-DEC": "Y"}
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _day_range(first: pd.Period, last: pd.Period) -> tuple[int, int]:
    """Return the first day of ``first`` and the last of ``last``, in days since 1970.

    From the Periods' ordinals (``Period.start_time`` is slow).
    """
    unit = _UNITS.get(first.freqstr)
    if unit is None or first.freqstr != last.freqstr:
        return (
            first.start_time.date().toordinal() - _EPOCH,
            last.end_time.date().toordinal() - _EPOCH,
        )
    lo = np.datetime64(first.ordinal, unit).astype("datetime64[D]").astype(np.int64)
    after = np.datetime64(last.ordinal + 1, unit).astype("datetime64[D]").astype(np.int64)
    return int(lo), int(after) - 1


def confounded_by(
    shock: object, spans: EventSpans, first: pd.Period, last: pd.Period
) -> tuple[str, ...]:
    """Ids of the events in ``spans`` (other than ``shock``) starting within first … last.

    An event known only to the year (or month) counts when that year overlaps the span. When
    both events name their targets (partners), only an event sharing one counts: sanctions
    on Iran do not confound a response to sanctions on Venezuela.
    """
    lo, hi = _day_range(first, last)
    mine = _targets(shock)
    candidates = np.flatnonzero((spans.first_day <= hi) & (spans.last_day >= lo))
    found = [
        spans.ids[i]
        for i in candidates.tolist()
        if (not mine or not spans.targets[i] or bool(mine & spans.targets[i]))
        and not _same_event(spans.events[i], shock)
    ]
    return tuple(dict.fromkeys(found))

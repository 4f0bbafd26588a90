"""Hypothesis strategies shared by the property tests: one definition of each generated input.

Import them as ``from strategies import levels`` (``tests/`` is on the import path when pytest
runs). Values are integer-valued floats where near-ties could flip on float noise, so a failing
example is a real failure.
"""

from __future__ import annotations

import calendar

from hypothesis import strategies as st

from tradeshock.events import Category, Direction, Event, PartialDate, Timeline

__all__ = [
    "events",
    "levels",
    "partial_dates",
    "series_values",
    "timelines",
]

#: positive trade levels (integer-valued, so near-ties stay out of the way)
levels = st.integers(min_value=1, max_value=1000).map(float)
#: a short positive series for turning points and phases
series_values = st.lists(st.integers(1, 50).map(float), min_size=5, max_size=40)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """A date known to the year, the month or the day."""
    year = draw(st.integers(1800, 2100))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, calendar.monthrange(year, month)[1])))


_one_line = st.characters(blacklist_categories=("Cc", "Cs"))
_labels = st.text(_one_line, min_size=1, max_size=20).filter(lambda s: bool(s.strip()))
_descriptions = st.text(st.one_of(_one_line, st.sampled_from("\n\t,\"';")), max_size=30)
_urls = st.one_of(
    st.just(""),
    st.from_regex(r"https?://[a-z0-9.]{1,10}/[A-Za-z0-9_%?=&,\"-]{0,12}", fullmatch=True),
)
_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,12}", fullmatch=True)
_actor_lists = st.lists(st.from_regex(r"[A-Z]{3}", fullmatch=True), unique=True, max_size=3)


@st.composite
def events(draw: st.DrawFn) -> Event:
    """A valid event with awkward text (quotes, commas, newlines) in its free-text fields."""
    start = draw(partial_dates())
    end = draw(st.one_of(st.none(), partial_dates()))
    if end is not None and end.last_day < start.first_day:
        start, end = end, start  # then end.last_day >= old end.last_day >= start.first_day
    return Event(
        id=draw(_ids),
        start=start,
        end=end,
        label=draw(_labels),
        category=draw(st.sampled_from(list(Category))),
        direction=draw(st.sampled_from(list(Direction))),
        actors=draw(_actor_lists),
        description=draw(_descriptions),
        source_url=draw(_urls),
    )


#: timelines of up to 8 events with unique ids
timelines = st.lists(events(), max_size=8, unique_by=lambda ev: ev.id).map(Timeline)

"""Political and economic events as immutable typed records, and the bundled U.S.–Russia timeline.

An [`Event`][tradeshock.events.Event] is a frozen record (id, start, optional end, label, category,
direction, actors, description, source URL). Its dates are
[`PartialDate`][tradeshock.events.PartialDate] values that keep their
precision: ``"1993"`` is a year, ``"1993-04"`` a month and ``"1993-04-03"`` a day, and each stays
so through every round trip. A [`Timeline`][tradeshock.events.Timeline] is an immutable, sorted
collection of events with unique ids, read from and written to CSV, records or DataFrames.

Bad input never fails on the first problem only: [`TimelineError`][tradeshock.errors.TimelineError]
lists every problem found, each as ``(row, field, message)``. Rows count records after the CSV
header (the first record is row 1; problems with the header itself are row 0).

Example:
    >>> from tradeshock.events import us_russia
    >>> tl = us_russia()
    >>> len(tl)
    87
    >>> ev = tl["crimea_annexation"]
    >>> str(ev.start), str(ev.period("Y")), ev.direction.value
    ('2014-02-20', '2014', 'escalation')

"""

from __future__ import annotations

import calendar
import collections
import copy
import csv
import datetime as dt
import enum
import functools
import io
import math
import numbers
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias, overload

import pandas as pd
from attrs import field, frozen

from . import _display
from ._freq import normalize_freq
from ._partners import close_matches, did_you_mean
from .errors import (  # the timeline's errors live with the others; importable here too
    Problem,
    TimelineError,
    UnknownEventError,
    ValidationError,
    _rebuild_timeline_error,  # noqa: F401  (pickles made before the move refer to it here)
)

__all__ = [
    "ARTICLE_EVENT_IDS",
    "COLUMNS",
    "Category",
    "DateLike",
    "Direction",
    "Event",
    "PartialDate",
    "Problem",
    "ShockLike",
    "Timeline",
    "TimelineError",
    "UnknownEventError",
    "us_russia",
    "us_sanctions",
]

Precision = Literal["year", "month", "day"]

#: columns of the timeline CSV / DataFrame format, in order
COLUMNS: tuple[str, ...] = (
    "id",
    "start",
    "end",
    "label",
    "category",
    "direction",
    "actors",
    "description",
    "source_url",
)
_REQUIRED: tuple[str, ...] = ("id", "start", "label", "category", "direction")

#: names of the bundled tables in the snapshot manifest
BUNDLED_NAME = "events_us_russia"
BUNDLED_SANCTIONS = "events_us_sanctions"

#: the actor code of the United States: every other actor of an event is a target
US_ACTOR = "USA"

#: Ids of the events the source article names, in the article's order.
#: "Putin 2000" is ``putin_inauguration_2000`` (7 May 2000): the other candidate,
#: ``putin_acting_president``, is dated 31 Dec 1999 and would put the shock in 1999.
#: "Khodorkovsky arrest and Yukos auction" are two rows, as are "Crimea annexation and EO 13660".
ARTICLE_EVENT_IDS: tuple[str, ...] = (
    "gore_chernomyrdin_commission",
    "russia_financial_crisis_1998",
    "second_chechen_war",
    "putin_inauguration_2000",
    "bush_inauguration_2001",
    "khodorkovsky_arrest",
    "yukos_yuganskneftegaz_auction",
    "rose_revolution",
    "orange_revolution",
    "tulip_revolution",
    "russia_georgia_war",
    "global_financial_crisis",
    "crimea_annexation",
    "eo13660_first_ukraine_sanctions",
    "donbas_war",
    "russia_food_embargo",
    "trump_inauguration_2017",
    "geneva_summit_2021",
    "pdvsa_sanctions",
)


# --------------------------------------------------------------------------------------------
# dates with precision

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_DATE_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"


def _check_partial_date(year: int, month: int | None, day: int | None) -> str | None:
    """Return why (year, month, day) is not a date, or None when it is one."""
    if not 1 <= year <= 9999:
        return f"year {year} is out of range 1–9999"
    if month is None:
        return "a day needs a month" if day is not None else None
    if not 1 <= month <= 12:
        return f"month {month} is out of range 1–12"
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"day {day} is out of range for {calendar.month_name[month]} {year} (1–{last})"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


@frozen(repr=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    ``str()`` gives back the exact ISO text (``"1993"``, ``"1993-04"``, ``"1993-04-03"``).
    There are no ``<``/``>`` operators (is ``"1993"`` before ``"1993-04"``?); compare
    `first_day` / `last_day` instead.

    Example:
        >>> d = PartialDate.parse("1993-04")
        >>> d.precision, str(d), d.first_day, d.last_day
        ('month', '1993-04', datetime.date(1993, 4, 1), datetime.date(1993, 4, 30))

    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        parts = (self.year, self.month, self.day)
        if not _is_int(self.year) or any(p is not None and not _is_int(p) for p in parts[1:]):
            raise ValidationError(f"PartialDate{parts!r}: year, month and day must be integers")
        reason = _check_partial_date(self.year, self.month, self.day)
        if reason is not None:
            raise ValidationError(f"PartialDate{parts!r} is not a valid date: {reason}")

    @classmethod
    def parse(cls, value: object, *, argument: str = "date") -> PartialDate:
        """Read a date from ISO text, a ``date``/``Timestamp``, a ``Period`` or a year ``int``.

        Text keeps its precision; ``date``/``datetime``/``Timestamp`` values are days (any time
        of day is dropped); a ``Period`` of freq Y, M or D gives a year, month or day.
        ``argument`` names the value in error messages.

        Example:
            >>> str(PartialDate.parse("2014")), str(PartialDate.parse(dt.date(2014, 2, 20)))
            ('2014', '2014-02-20')
            >>> PartialDate.parse("2014-02-30")
            Traceback (most recent call last):
            ...
            tradeshock.errors.ValidationError: date='2014-02-30' is not a valid date: \
day 30 is out of range for February 2014 (1–28); use YYYY, YYYY-MM or YYYY-MM-DD

        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, str):
            return cls._parse_text(value, argument)
        if _is_int(value):
            year = int(value)  # type: ignore[call-overload]  # an Integral
            reason = _check_partial_date(year, None, None)
            if reason is not None:
                raise ValidationError(f"{argument}={value!r} is not a valid year: {reason}")
            return cls(year)
        if isinstance(value, pd.Period):
            return cls._from_period(value, argument)
        if isinstance(value, dt.date):  # includes datetime and pandas Timestamp
            if isinstance(value, pd.Timestamp) and pd.isna(value):
                raise ValidationError(f"{argument} is missing (NaT)")
            return cls(value.year, value.month, value.day)
        raise ValidationError(
            f"{argument}={value!r} is not a date; give ISO text ({_DATE_FORMS}), "
            "a datetime.date, a pandas Timestamp or Period"
        )

    @classmethod
    def _parse_text(cls, text: str, argument: str) -> PartialDate:
        match = _DATE_RE.fullmatch(text.strip())
        if match is None:
            raise ValidationError(f"{argument}={text!r} is not a date; {_DATE_FORMS}")
        year, month, day = (int(g) if g is not None else None for g in match.groups())
        assert year is not None  # the regex always captures the year
        reason = _check_partial_date(year, month, day)
        if reason is not None:
            raise ValidationError(
                f"{argument}={text!r} is not a valid date: {reason}; {_DATE_FORMS}"
            )
        return cls(year, month, day)

    @classmethod
    def _from_period(cls, period: pd.Period, argument: str) -> PartialDate:
        code = period.freqstr.split("-")[0].upper()
        if code in ("Y", "A", "YE"):
            return cls(period.year)
        if code in ("M", "ME"):
            return cls(period.year, period.month)
        if code == "D":
            return cls(period.year, period.month, period.day)
        raise ValidationError(
            f"{argument}={period!r}: only annual, monthly or daily periods are dates"
        )

    @property
    def precision(self) -> Precision:
        """``"year"``, ``"month"`` or ``"day"``.

        Example:
            >>> PartialDate(1993).precision
            'year'

        """
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @property
    def first_day(self) -> dt.date:
        """The first calendar day the date covers.

        Example:
            >>> PartialDate(1993).first_day
            datetime.date(1993, 1, 1)

        """
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last calendar day the date covers.

        Example:
            >>> PartialDate(2016, 2).last_day
            datetime.date(2016, 2, 29)

        """
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def to_period(self, freq: str = "Y") -> pd.Period:
        """Return the period of ``freq`` (``"Y"``/``"A"`` or ``"M"``) containing this date.

        A year-precision date lies in no single month: asking for ``freq="M"`` raises
        [`ValidationError`][tradeshock.errors.ValidationError] rather than guessing January.

        Example:
            >>> str(PartialDate(1993, 4).to_period("Y")), str(PartialDate(1993, 4).to_period("M"))
            ('1993', '1993-04')

        """
        f = normalize_freq(freq)
        if f == "Y":
            return pd.Period(year=self.year, freq="Y")
        if self.month is None:
            raise ValidationError(
                f"date {self} has year precision and lies in no single month; "
                "use freq='Y' or give the event a month"
            )
        return pd.Period(year=self.year, month=self.month, freq="M")

    def sort_key(self) -> tuple[int, int]:
        """Key used to order dates: the first day, then coarser precision first.

        Example:
            >>> dates = [PartialDate.parse(s) for s in ("1993-04-03", "1993-04", "1993")]
            >>> [str(d) for d in sorted(dates, key=PartialDate.sort_key)]
            ['1993', '1993-04', '1993-04-03']

        """
        return (self.first_day.toordinal(), _PRECISION_RANK[self.precision])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"


# --------------------------------------------------------------------------------------------
# categories and directions


class Category(str, enum.Enum):
    """What kind of event it is; plain strings such as ``"war"`` are accepted everywhere.

    Example:
        >>> Category("war") is Category.WAR, str(Category.TRADE_POLICY)
        (True, 'trade_policy')

    """

    SANCTIONS = "sanctions"
    COUNTERSANCTIONS = "countersanctions"
    WAR = "war"
    REVOLUTION = "revolution"
    CRISIS = "crisis"
    DIPLOMACY = "diplomacy"
    LEADERSHIP = "leadership"
    TRADE_POLICY = "trade_policy"
    ENERGY_POLICY = "energy_policy"
    MARKET = "market"

    def __str__(self) -> str:
        return self.value


class Direction(str, enum.Enum):
    """Which way an event moved bilateral relations; ``sign`` is +1, −1 or 0.

    Example:
        >>> Direction("de-escalation").sign, Direction.ESCALATION.sign, Direction.NEUTRAL.sign
        (1, -1, 0)

    """

    ESCALATION = "escalation"
    DE_ESCALATION = "de-escalation"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        """+1 for a de-escalation, −1 for an escalation, 0 for neutral.

        Example:
            >>> Direction.ESCALATION.sign
            -1

        """
        return {"escalation": -1, "de-escalation": 1, "neutral": 0}[self.value]

    def __str__(self) -> str:
        return self.value


# --------------------------------------------------------------------------------------------
# field coercion: each function takes a raw value and returns the typed one or raises
# ValidationError naming the field. Event uses them as attrs converters; the row parsers call
# them one by one to collect every problem of a row.


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _bad_chars(text: str, allowed: str = "") -> list[str]:
    # control characters would break the one-record-per-line CSV; surrogates cannot be encoded
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in allowed]


def _coerce_text(value: object, name: str, *, required: bool, allowed: str = "") -> str:
    if _is_missing(value) or value == "":
        if required:
            raise ValidationError(f"{name} is required")
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{name}={value!r} must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise ValidationError(f"{name}={value!r} is blank")
    bad = _bad_chars(value, allowed)
    if bad:
        raise ValidationError(f"{name}={value!r} contains control characters {sorted(set(bad))!r}")
    return value


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def _coerce_id(value: object) -> str:
    text = _coerce_text(value, "id", required=True)
    if not _ID_RE.fullmatch(text):
        raise ValidationError(
            f"id={text!r} is not a valid id: use letters, digits, '_', '.' or '-' "
            "(no spaces), starting with a letter or digit"
        )
    return text


def _coerce_start(value: object) -> PartialDate:
    if _is_missing(value) or value == "":
        raise ValidationError("start is required")
    return PartialDate.parse(value, argument="start")


def _coerce_end(value: object) -> PartialDate | None:
    if _is_missing(value) or value == "":
        return None
    return PartialDate.parse(value, argument="end")


def _coerce_label(value: object) -> str:
    return _coerce_text(value, "label", required=True)


def _coerce_description(value: object) -> str:
    return _coerce_text(value, "description", required=False, allowed="\n\t")


def _enum_value(cls: type[enum.Enum], value: object, name: str) -> Any:
    if isinstance(value, cls):
        return value
    if _is_missing(value) or value == "":
        raise ValidationError(f"{name} is required")
    choices = [str(member.value) for member in cls]
    if isinstance(value, str):
        key = value.strip().lower()
        if key in choices:
            return cls(key)
        close = close_matches(key, choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValidationError(
            f"{name}={value!r} is not a known {name}{hint}; use one of: {', '.join(choices)}"
        )
    raise ValidationError(f"{name}={value!r} must be text, one of: {', '.join(choices)}")


def _coerce_category(value: object) -> Category:
    result: Category = _enum_value(Category, value, "category")
    return result


def _coerce_direction(value: object) -> Direction:
    result: Direction = _enum_value(Direction, value, "direction")
    return result


_ACTOR_RE = re.compile(r"[A-Z]{3}")


def _coerce_actors(value: object) -> tuple[str, ...]:
    if _is_missing(value) or value == "":
        return ()
    if isinstance(value, str):
        items: list[object] = [part.strip() for part in value.split(";")]
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        items = list(value)
    else:
        raise ValidationError(
            f"actors={value!r} must be ISO alpha-3 codes separated by ';' or a sequence of codes"
        )
    bad = [item for item in items if not (isinstance(item, str) and _ACTOR_RE.fullmatch(item))]
    if bad:
        raise ValidationError(
            f"actors={value!r}: {', '.join(repr(b) for b in bad)} "
            f"{'is not an' if len(bad) == 1 else 'are not'} ISO 3166-1 alpha-3 code"
            f"{'' if len(bad) == 1 else 's'} (three upper-case letters, e.g. 'RUS')"
        )
    codes = tuple(str(item) for item in items)
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise ValidationError(f"actors={value!r} lists {', '.join(repeated)} more than once")
    return codes


_URL_RE = re.compile(r"https?://\S+")


def _coerce_url(value: object) -> str:
    text = _coerce_text(value, "source_url", required=False)
    if text and not _URL_RE.fullmatch(text):
        raise ValidationError(
            f"source_url={text!r} is not an http(s) URL without spaces (leave it empty if unknown)"
        )
    return text


_COERCERS: dict[str, Callable[[object], object]] = {
    "id": _coerce_id,
    "start": _coerce_start,
    "end": _coerce_end,
    "label": _coerce_label,
    "category": _coerce_category,
    "direction": _coerce_direction,
    "actors": _coerce_actors,
    "description": _coerce_description,
    "source_url": _coerce_url,
}


def _end_problem(start: PartialDate, end: PartialDate | None) -> str | None:
    # An end at coarser precision is fine as long as it can cover the start:
    # end "2014-06" >= start "2014-06-15" because June 2014 contains that day.
    if end is not None and end.last_day < start.first_day:
        return f"end={str(end)!r} is before start={str(start)!r}"
    return None


# The documented input forms of each Event field, as the attrs converters' parameter types:
# mypy checks Event(...) calls against them (``Event(id=1, start=None, label=3)`` is rejected),
# while the converters still validate at run time whatever reaches them.

#: what ``start``/``end`` accept: ISO text, a date/datetime/Timestamp, a Period, a year
DateLike: TypeAlias = str | int | dt.date | pd.Period | PartialDate


def _id_field(value: str) -> str:
    return _coerce_id(value)


def _start_field(value: DateLike) -> PartialDate:
    return _coerce_start(value)


def _end_field(value: DateLike | None) -> PartialDate | None:
    return _coerce_end(value)


def _label_field(value: str) -> str:
    return _coerce_label(value)


def _category_field(value: Category | str) -> Category:
    return _coerce_category(value)


def _direction_field(value: Direction | str) -> Direction:
    return _coerce_direction(value)


def _actors_field(value: str | Iterable[str]) -> tuple[str, ...]:
    return _coerce_actors(value)


def _description_field(value: str) -> str:
    return _coerce_description(value)


def _url_field(value: str) -> str:
    return _coerce_url(value)


# --------------------------------------------------------------------------------------------
# Event


@frozen(kw_only=True, repr=False)
class Event:
    """One dated political or economic event (immutable; construct with keywords).

    ``start``/``end`` accept ISO text of any precision (``"2014"``, ``"2014-02"``,
    ``"2014-02-20"``), dates, Timestamps or Periods and are stored as
    [`PartialDate`][tradeshock.events.PartialDate]; ``category``/``direction`` accept plain strings
    and are stored as [`Category`][tradeshock.events.Category] /
    [`Direction`][tradeshock.events.Direction]; ``actors`` accepts ``"USA;RUS"`` or a sequence of
    ISO alpha-3 codes. ``end`` (optional) must not be before ``start``. Invalid values raise
    [`ValidationError`][tradeshock.errors.ValidationError] naming the field. Use
    ``attrs.evolve(event, direction="neutral")`` for a modified copy.

    Example:
        >>> ev = Event(id="gcc", start="1993-04", label="Gore-Chernomyrdin Commission",
        ...            category="diplomacy", direction="de-escalation", actors="USA;RUS")
        >>> ev.start.precision, ev.actors, str(ev.period("M"))
        ('month', ('USA', 'RUS'), '1993-04')

    """

    id: str = field(converter=_id_field)
    start: PartialDate = field(converter=_start_field)
    end: PartialDate | None = field(default=None, converter=_end_field)
    label: str = field(converter=_label_field)
    category: Category = field(converter=_category_field)
    direction: Direction = field(converter=_direction_field)
    actors: tuple[str, ...] = field(default=(), converter=_actors_field)
    description: str = field(default="", converter=_description_field)
    source_url: str = field(default="", converter=_url_field)
    # The timeline the event was obtained from, set by Timeline; never compared, hashed or
    # shown, so an event equals its unlinked copy. Metrics use it to default to "the other
    # events of the timeline the shock came from" (confounders, placebo exclusions).
    _timeline: Timeline | None = field(default=None, init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problem = _end_problem(self.start, self.end)
        if problem is not None:
            raise ValidationError(f"event {self.id!r}: {problem}")

    @property
    def targets(self) -> tuple[str, ...]:
        """The event's non-U.S. actors (ISO alpha-3), in the order the timeline lists them.

        Example:
            >>> us_russia()["crimea_annexation"].targets
            ('RUS', 'UKR')

        """
        return tuple(code for code in self.actors if code != US_ACTOR)

    @property
    def timeline(self) -> Timeline | None:
        """The timeline this event came from, or None for an event built on its own.

        Events keep it through ``select``, ``filter``, ``between`` and slices: the
        metrics look there for the other events of the period (confounders).

        Example:
            >>> tl = us_russia()
            >>> tl["crimea_annexation"].timeline is tl
            True

        """
        return self._timeline

    def period(self, freq: str = "Y") -> pd.Period:
        """Return the period of ``freq`` (``"Y"``/``"A"`` or ``"M"``) containing ``start``.

        Raises [`ValidationError`][tradeshock.errors.ValidationError] for ``freq="M"`` when
        ``start`` is known only to the year.

        Example:
            >>> ev = us_russia()["crimea_annexation"]
            >>> str(ev.period("Y")), str(ev.period("M"))
            ('2014', '2014-02')

        """
        return self.start.to_period(freq)

    def end_period(self, freq: str = "Y") -> pd.Period:
        """Return the period containing ``end`` (``start`` when the event has no end).

        Example:
            >>> str(us_russia()["donbas_war"].end_period("Y"))
            '2022'

        """
        return (self.end if self.end is not None else self.start).to_period(freq)

    def to_dict(self) -> dict[str, Any]:
        """Return the event as plain Python values (ISO text for dates, strings for enums).

        Example:
            >>> us_russia()["pdvsa_sanctions"].to_dict()["actors"]
            ('USA', 'VEN')

        """
        return {
            "id": self.id,
            "start": str(self.start),
            "end": None if self.end is None else str(self.end),
            "label": self.label,
            "category": self.category.value,
            "direction": self.direction.value,
            "actors": self.actors,
            "description": self.description,
            "source_url": self.source_url,
        }

    def __repr__(self) -> str:
        span = str(self.start) if self.end is None else f"{self.start}/{self.end}"
        return (
            f"Event({self.id!r}, {span}, {self.label!r}, {self.category.value}, "
            f"{self.direction.value})"
        )

    def _when(self) -> str:
        return str(self.start) if self.end is None else f"{self.start} to {self.end}"

    def summary(self) -> str:
        """Describe the event in one line of plain language.

        Example:
            >>> print(us_russia()["crimea_annexation"].summary())  # doctest: +ELLIPSIS
            Russian annexation of Crimea: war, an escalation, from 2014-02-20 to 2014-03-18 ...

        """
        moved = {"escalation": "an escalation", "de-escalation": "a de-escalation"}.get(
            self.direction.value, "neutral for relations"
        )
        who = f" (actors {', '.join(self.actors)})" if self.actors else ""
        when = f"on {self.start}" if self.end is None else f"from {self.start} to {self.end}"
        kind = f"{self.category.value}, {moved}"
        return f"{self.label}: {kind}, {when}{who}."

    def _repr_html_(self) -> str:
        fields = [
            ("id", _display.escape(self.id)),
            ("date", _display.escape(self._when())),
            ("category", _display.badge(self.category.value)),
            ("direction", _display.escape(self.direction.value)),
            ("actors", _display.escape(", ".join(self.actors)) or _display.MISSING),
        ]
        if self.description:
            fields.append(("description", _display.escape(self.description)))
        if self.source_url:
            fields.append(("source", _display.link(self.source_url)))
        return _display.card(self.label, self.summary(), fields)


#: what the metrics accept as a shock: an event, a period, or a date (ISO text, a
#: ``datetime.date``/``Timestamp``, or a year as ``int``)
ShockLike: TypeAlias = Event | pd.Period | str | dt.date | int


# --------------------------------------------------------------------------------------------
# row parsing shared by from_csv / from_records / from_frame


def _event_from_mapping(
    record: Mapping[str, object], row: int, ignore: frozenset[str] = frozenset()
) -> tuple[Event | None, list[Problem]]:
    """Build one event from a record, collecting every problem instead of stopping at the first."""
    problems = [
        Problem(row, str(key), f"unknown field {key!r}; known fields: {', '.join(COLUMNS)}")
        for key in record
        if key not in COLUMNS
    ]
    values: dict[str, Any] = {}
    for name in COLUMNS:
        if name in ignore:
            continue
        try:
            values[name] = _COERCERS[name](record.get(name))
        except ValidationError as exc:
            problems.append(Problem(row, name, str(exc)))
    start, end = values.get("start"), values.get("end")
    if isinstance(start, PartialDate) and isinstance(end, PartialDate):
        problem = _end_problem(start, end)
        if problem is not None:
            problems.append(Problem(row, "end", problem))
    if problems or ignore:
        return None, problems
    return Event(**values), []


def _duplicate_problems(ids: Sequence[tuple[int, str]]) -> list[Problem]:
    first_row: dict[str, int] = {}
    problems = []
    for row, event_id in ids:
        if event_id in first_row:
            problems.append(
                Problem(row, "id", f"id {event_id!r} is already used in row {first_row[event_id]}")
            )
        else:
            first_row[event_id] = row
    return problems


def _header_problems(columns: Sequence[str]) -> tuple[list[Problem], frozenset[str]]:
    problems = []
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            problems.append(Problem(0, name, f"column {name!r} appears more than once"))
        seen.add(name)
        if name not in COLUMNS:
            problems.append(
                Problem(0, name, f"unknown column {name!r}; known columns: {', '.join(COLUMNS)}")
            )
    missing = [name for name in _REQUIRED if name not in seen]
    problems.extend(Problem(0, name, f"required column {name!r} is missing") for name in missing)
    return problems, frozenset(missing)


def _events_from_rows(
    rows: Iterable[tuple[int, Mapping[str, object]]],
    problems: list[Problem],
    ignore: frozenset[str] = frozenset(),
    what: str = "timeline input",
) -> list[Event]:
    parsed: list[tuple[int, Event]] = []
    ids: list[tuple[int, str]] = []  # every valid id, also of rows with other problems
    for row, record in rows:
        event, row_problems = _event_from_mapping(record, row, ignore)
        problems.extend(row_problems)
        if event is not None:
            parsed.append((row, event))
            ids.append((row, event.id))
        elif not any(p.field == "id" for p in row_problems) and "id" not in ignore:
            ids.append((row, _coerce_id(record.get("id"))))
    problems.extend(_duplicate_problems(ids))
    if problems:
        raise TimelineError(sorted(problems, key=lambda p: p.row), what=what)
    return [event for _, event in parsed]


def _read_text(path_or_buffer: object) -> tuple[str, str]:
    """Return (text, name) of a path or a text/binary buffer."""
    if hasattr(path_or_buffer, "read"):
        data = path_or_buffer.read()
        name = str(getattr(path_or_buffer, "name", "<buffer>"))
    elif isinstance(path_or_buffer, (str, os.PathLike)):
        name = os.fspath(path_or_buffer)
        with open(name, "rb") as handle:
            data = handle.read()
    else:
        raise ValidationError(
            f"path_or_buffer={path_or_buffer!r} must be a path or a file-like object"
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"path_or_buffer {name!r} is not UTF-8 text: {exc}") from exc
    if not isinstance(data, str):
        raise ValidationError(f"path_or_buffer {name!r} did not read as text")
    return data.removeprefix("\ufeff"), name


def _csv_records(
    text: str, what: str
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem], frozenset[str]]:
    """Split CSV text into (row, record) pairs plus header and row-shape problems."""
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[list[str]] = []
    try:
        lines = [line for line in reader if line]
    except csv.Error as exc:
        raise TimelineError(
            [Problem(0, "file", f"unreadable CSV near line {reader.line_num}: {exc}")], what=what
        ) from exc
    if not lines:
        raise TimelineError([Problem(0, "file", "the CSV is empty (no header)")], what=what)
    header = [name.strip() for name in lines[0]]
    problems, missing = _header_problems(header)
    records = []
    for row, values in enumerate(lines[1:], start=1):
        if len(values) != len(header):
            hint = " (an unquoted comma?)" if len(values) > len(header) else ""
            problems.append(
                Problem(row, "row", f"expected {len(header)} fields, found {len(values)}{hint}")
            )
            continue
        records.append(
            (
                row,
                {
                    name: value
                    for name, value in zip(header, values, strict=True)
                    if name in COLUMNS
                },
            )
        )
    return records, problems, missing


# --------------------------------------------------------------------------------------------
# Timeline


def _sorted_unique_events(events: Iterable[Event]) -> tuple[Event, ...]:
    if not isinstance(events, Iterable):
        raise TypeError(
            f"Timeline events must be an iterable of Event, got {type(events).__name__}"
        )
    items = list(events)
    problems = [
        Problem(row, "row", f"expected an Event, got {type(item).__name__}")
        for row, item in enumerate(items, start=1)
        if not isinstance(item, Event)
    ]
    if not problems:
        problems = _duplicate_problems([(row, ev.id) for row, ev in enumerate(items, start=1)])
    if problems:
        raise TimelineError(problems, what="Timeline events")
    return tuple(sorted(items, key=lambda ev: (*ev.start.sort_key(), ev.id)))


_DEFAULT_ATTRS = {"source": "user", "units": "n/a", "vintage": "n/a"}
_HTML_MAX_ROWS = 120  # longer timelines show their first and last 60 events in a notebook


class _ReadOnlyAttrs(Mapping[str, Any]):
    """A read-only dict view that, unlike ``MappingProxyType``, pickles and deep-copies."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getstate__(self) -> dict[str, Any]:
        return self._data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)


def _freeze_attrs(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return _ReadOnlyAttrs({**_DEFAULT_ATTRS, **dict(value or {})})


def _merge_attrs(left: Mapping[str, Any], right: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(left)
    for key, value in right.items():
        if key in merged and merged[key] != value:
            merged[key] = f"{merged[key]} + {value}"
        else:
            merged.setdefault(key, value)
    return merged


def _as_values(value: object) -> list[object]:
    """One value or a collection of values, as a list."""
    if isinstance(value, (str, bytes, enum.Enum)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _resolve_target(code: str) -> dict[str, object]:
    """Panel label and Census code of an ISO alpha-3 target (NaN when the table lacks it)."""
    from ._partners import resolve_partner
    from .errors import UnknownPartnerError

    try:
        partner = resolve_partner(code)
    except UnknownPartnerError:
        return {"partner": math.nan, "cty_code": math.nan}
    return {"partner": partner.label, "cty_code": partner.cty_code}


def _linked(event: Event, timeline: Timeline | None) -> Event:
    """Return ``event`` linked to the timeline it came from (``timeline`` if it had none).

    An event already linked keeps its link: the events of ``tl.select(...)`` or
    ``tl.filter(...)`` still come from ``tl``. An unlinked event is copied, so the
    caller's object is unchanged. ``timeline=None`` returns an unlinked copy.
    """
    if event._timeline is not None and timeline is not None:
        return event
    linked = copy.copy(event)
    object.__setattr__(linked, "_timeline", timeline)
    return linked


@frozen(repr=False)
class Timeline:
    """An immutable sequence of events, sorted by start then id, with unique ids.

    ``tl["id"]`` returns an event ([`UnknownEventError`][tradeshock.errors.UnknownEventError], a
    ``KeyError``, when absent), ``tl[0]`` the first one and ``tl[2:5]`` a smaller timeline. Equality
    compares events only; ``attrs`` (source, units, vintage) is carried along for provenance.

    Example:
        >>> tl = Timeline([
        ...     Event(id="b", start="2014-03-06", label="B", category="sanctions",
        ...           direction="escalation"),
        ...     Event(id="a", start="2014", label="A", category="war", direction="escalation"),
        ... ])
        >>> tl.ids, len(tl), "a" in tl
        (('a', 'b'), 2, True)

    """

    events: tuple[Event, ...] = field(default=(), converter=_sorted_unique_events)
    attrs: Mapping[str, Any] = field(default=None, converter=_freeze_attrs, eq=False, kw_only=True)
    _by_id: dict[str, Event] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # each event knows the timeline it first came from (Event.timeline)
        linked = tuple(_linked(ev, self) for ev in self.events)
        object.__setattr__(self, "events", linked)
        object.__setattr__(self, "_by_id", {ev.id: ev for ev in linked})

    # ---- construction --------------------------------------------------------------------

    @classmethod
    def from_csv(cls, path_or_buffer: str | os.PathLike[str] | Any) -> Timeline:
        r"""Read a timeline CSV (path or text/binary buffer), validating every row.

        Columns: ``id, start, end, label, category, direction, actors, description,
        source_url`` (``end``, ``actors``, ``description``, ``source_url`` may be absent or
        empty; actors are separated by ``;``). Every problem raises one
        [`TimelineError`][tradeshock.errors.TimelineError].

        Example:
            >>> import io
            >>> text = "id,start,label,category,direction\nx,1993-04,X,diplomacy,neutral\n"
            >>> str(Timeline.from_csv(io.StringIO(text))["x"].start)
            '1993-04'

        """
        text, name = _read_text(path_or_buffer)
        what = f"timeline CSV {name!r}"
        records, problems, missing = _csv_records(text, what)
        events = _events_from_rows(records, problems, missing, what)
        return cls(events, attrs={"source": name})

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object] | Event]) -> Timeline:
        """Build a timeline from dicts (keys as the CSV columns) and/or `Event` objects.

        Rows in error messages count records from 1.

        Example:
            >>> tl = Timeline.from_records([{"id": "x", "start": "2014", "label": "X",
            ...                              "category": "war", "direction": "escalation"}])
            >>> tl["x"].start.precision
            'year'

        """
        if not isinstance(records, Iterable):
            raise TypeError(
                f"Timeline.from_records: records must be an iterable of mappings or "
                f"Events, got {type(records).__name__}"
            )
        problems: list[Problem] = []
        rows: list[tuple[int, Mapping[str, object]]] = []
        for row, record in enumerate(records, start=1):
            if isinstance(record, Event):
                rows.append((row, record.to_dict()))
            elif isinstance(record, Mapping):
                rows.append((row, record))
            else:
                problems.append(
                    Problem(
                        row, "row", f"expected a mapping or an Event, got {type(record).__name__}"
                    )
                )
        return cls(_events_from_rows(rows, problems, what="timeline records"))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Timeline:
        """Build a timeline from a DataFrame with the CSV columns (NaN = missing).

        Rows in error messages count frame rows from 1 (position, not index label).

        Example:
            >>> tl = us_russia()
            >>> Timeline.from_frame(tl.to_frame()) == tl
            True

        """
        if not isinstance(frame, pd.DataFrame):
            raise ValidationError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
        what = "timeline frame"
        problems, missing = _header_problems([str(c) for c in frame.columns])
        known = [c for c in frame.columns if c in COLUMNS]
        records = frame[known].to_dict("records")
        rows = [
            (row, {str(k): v for k, v in rec.items()}) for row, rec in enumerate(records, start=1)
        ]
        events = _events_from_rows(rows, problems, missing, what)
        return cls(events, attrs={str(k): v for k, v in frame.attrs.items()})

    # ---- output ------------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """Return one row per event with the CSV columns (dates as ISO text; missing = NaN).

        Example:
            >>> frame = us_russia().to_frame()
            >>> list(frame.columns[:3]), frame.loc[3, "start"]
            (['id', 'start', 'end'], '1993-04')

        """
        rows = []
        for ev in self.events:
            record = ev.to_dict()
            record["actors"] = ";".join(ev.actors)
            rows.append({k: (math.nan if v in (None, "") else v) for k, v in record.items()})
        frame: pd.DataFrame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame.attrs = {str(k): v for k, v in self.attrs.items()}
        return frame

    def to_csv(self, path_or_buffer: str | os.PathLike[str] | Any = None) -> str | None:
        """Write the timeline as CSV (UTF-8, LF line ends); return the text when no target.

        ``Timeline.from_csv`` of the output gives back an equal timeline, precision included.

        Example:
            >>> print(us_russia().select("gore_chernomyrdin_commission").to_csv()[:60])
            id,start,end,label,category,direction,actors,description,sou

        """
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for ev in self.events:
            record = ev.to_dict()
            record["actors"] = ";".join(ev.actors)
            writer.writerow(["" if record[c] is None else record[c] for c in COLUMNS])
        text = buf.getvalue()
        if path_or_buffer is None:
            return text
        if hasattr(path_or_buffer, "write"):
            try:
                path_or_buffer.write(text)
            except TypeError:  # a binary buffer
                path_or_buffer.write(text.encode("utf-8"))
            return None
        if isinstance(path_or_buffer, (str, os.PathLike)):
            with open(path_or_buffer, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return None
        raise ValidationError(
            f"path_or_buffer={path_or_buffer!r} must be None, a path or a file-like object"
        )

    # ---- sequence protocol -------------------------------------------------------------------

    @property
    def ids(self) -> tuple[str, ...]:
        """The event ids, in timeline order.

        Example:
            >>> us_russia().ids[0]
            'ussr_dissolution'

        """
        return tuple(ev.id for ev in self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Event):
            return self._by_id.get(item.id) == item
        return isinstance(item, str) and item in self._by_id

    @overload
    def __getitem__(self, key: str) -> Event: ...
    @overload
    def __getitem__(self, key: int) -> Event: ...
    @overload
    def __getitem__(self, key: slice) -> Timeline: ...

    def __getitem__(self, key: str | int | slice) -> Event | Timeline:
        if isinstance(key, str):
            try:
                return self._by_id[key]
            except KeyError:
                raise self._unknown([key]) from None
        if isinstance(key, slice):
            return Timeline(self.events[key], attrs=self.attrs)
        if _is_int(key):
            return self.events[int(key)]
        raise ValidationError(f"key={key!r}: use an event id (str), a position (int) or a slice")

    def _unknown(self, ids: Sequence[str]) -> UnknownEventError:
        suggestions = tuple(
            dict.fromkeys(s for key in ids for s in close_matches(key, self.ids, n=3, cutoff=0.5))
        )
        if not suggestions:  # fall back to substring matches: "crimea" -> crimea_annexation
            suggestions = tuple(i for i in self.ids if any(k.lower() in i for k in ids))[:3]
        hint = did_you_mean(suggestions)
        noun = "event id" if len(ids) == 1 else "event ids"
        return UnknownEventError(
            f"unknown {noun} {', '.join(repr(i) for i in ids)} in a timeline of "
            f"{len(self)} events{hint}",
            suggestions=suggestions,
        )

    def __add__(self, other: object) -> Timeline:
        if not isinstance(other, Timeline):
            return NotImplemented
        problems = [
            Problem(row, "id", f"id {ev.id!r} is in both timelines")
            for row, ev in enumerate(other.events, start=1)
            if ev.id in self._by_id
        ]
        if problems:
            raise TimelineError(problems, what="the right-hand timeline of '+'")
        return Timeline(self.events + other.events, attrs=_merge_attrs(self.attrs, other.attrs))

    # ---- selection ---------------------------------------------------------------------------

    def filter(
        self,
        *,
        category: Category | str | Iterable[Category | str] | None = None,
        direction: Direction | str | Iterable[Direction | str] | None = None,
        actors: str | Iterable[str] | None = None,
    ) -> Timeline:
        """Keep the events matching every given criterion; each takes one value or several.

        ``actors`` keeps events involving *any* of the given codes (chain two calls for
        "both").

        Example:
            >>> tl = us_russia()
            >>> war = tl.filter(category="war", direction="escalation")
            >>> "crimea_annexation" in war, len(tl.filter(actors="VEN"))
            (True, 1)

        """
        events: Iterable[Event] = self.events
        if category is not None:
            cats = {_coerce_category(c) for c in _as_values(category)}
            events = [ev for ev in events if ev.category in cats]
        if direction is not None:
            dirs = {_coerce_direction(d) for d in _as_values(direction)}
            events = [ev for ev in events if ev.direction in dirs]
        if actors is not None:
            codes = set(_coerce_actors([str(a) for a in _as_values(actors)]))
            events = [ev for ev in events if codes.intersection(ev.actors)]
        return Timeline(events, attrs=self.attrs)

    def between(self, start: object = None, end: object = None) -> Timeline:
        """Keep the events whose start lies between ``start`` and ``end`` (inclusive).

        Bounds are date-like of any precision and cover their whole span: ``between("2014",
        "2014")`` keeps every event starting in 2014. Either bound may be ``None`` (open).
        An event's start counts from its first day.

        Example:
            >>> [ev.id for ev in us_russia().between("2008-08", "2008-09")]
            ['russia_georgia_war', 'global_financial_crisis']

        """
        lo = None if start is None else PartialDate.parse(start, argument="start").first_day
        hi = None if end is None else PartialDate.parse(end, argument="end").last_day
        if lo is not None and hi is not None and hi < lo:
            raise ValidationError(f"between: end={end!r} is before start={start!r}")
        events = [
            ev
            for ev in self.events
            if (lo is None or ev.start.first_day >= lo) and (hi is None or ev.start.first_day <= hi)
        ]
        return Timeline(events, attrs=self.attrs)

    def select(self, *ids: str) -> Timeline:
        """Keep the events with the given ids; `UnknownEventError` lists unknown ones.

        Example:
            >>> len(us_russia().select("crimea_annexation", "donbas_war"))
            2

        """
        unknown = [i for i in ids if not isinstance(i, str) or i not in self._by_id]
        if unknown:
            raise self._unknown([str(i) for i in unknown])
        return Timeline([self._by_id[i] for i in dict.fromkeys(ids)], attrs=self.attrs)

    def for_partner(self, partner: str | int) -> Timeline:
        """Keep the events that target ``partner`` (a name, alias, ISO alpha-3 or Census code).

        The partner is resolved through the bundled partner table (as in ``load_trade``) and
        matched by its ISO alpha-3 code against each event's
        [`targets`][tradeshock.events.Event.targets] (its non-U.S. actors).

        Raises:
            UnknownPartnerError: ``partner`` is not a known trade partner.
            ValidationError: the partner has no ISO code (an aggregate such as ``"World"``).

        Example:
            >>> iran = us_sanctions().for_partner("Iran")
            >>> iran.ids[:2]
            ('irn_eo12957_petroleum_1995', 'irn_eo12959_trade_embargo_1995')

        """
        from ._partners import resolve_partner

        resolved = resolve_partner(partner)
        if resolved.iso3 is None:
            raise ValidationError(
                f"partner={partner!r} ({resolved.label}) has no ISO alpha-3 code, so no event "
                "can target it"
            )
        return Timeline([ev for ev in self.events if resolved.iso3 in ev.targets], attrs=self.attrs)

    def targets(self) -> pd.DataFrame:
        """One row per (event, target): the mapping of events to the partners they hit.

        A target is a non-U.S. actor (ISO alpha-3). ``partner`` is the label the trade panel
        uses for it (``load_trade_panel`` columns) and ``cty_code`` its Census code, both
        resolved through the bundled partner table; an ISO code shared by two Census codes
        resolves to the current one, as everywhere (``SDN`` → ``"Sudan"``, code 7321). Codes
        the table does not know give NaN. Events with no target (U.S. only) have no row.

        Example:
            >>> t = us_russia().select("crimea_annexation").targets()
            >>> t[["event", "target", "partner"]].values.tolist()
            [['crimea_annexation', 'RUS', 'Russia'], ['crimea_annexation', 'UKR', 'Ukraine']]

        """
        rows = [
            {"event": ev.id, "label": ev.label, "target": code, **_resolve_target(code)}
            for ev in self.events
            for code in ev.targets
        ]
        table: pd.DataFrame = pd.DataFrame(
            rows, columns=["event", "label", "target", "partner", "cty_code"]
        )
        return table

    # ---- analysis ----------------------------------------------------------------------------

    def relations_index(
        self, freq: str = "Y", start: object = None, end: object = None
    ) -> pd.Series:
        """Cumulative "temperature" of relations: +1 per de-escalation, −1 per escalation.

        Each event counts in the period containing its start (neutral events count 0); the
        value of a period is the sum over all events up to and including it, so it does not
        depend on ``start``. The result covers every period from ``start`` (default: the first
        event's period) to ``end`` (default: the last event's period), as an int Series with a
        ``PeriodIndex`` named ``period``; bounds of any precision cover their whole span
        (``start="2014", end="2015"`` at ``freq="M"`` is 2014-01 … 2015-12). With ``freq="M"``
        every event needs a month.

        Example:
            >>> idx = us_russia().relations_index("Y")
            >>> idx.index.name, str(idx.index[0]), int(idx.loc["1993"])
            ('period', '1991', 2)

        """
        f = normalize_freq(freq)
        periods = [ev.period(f) for ev in self.events]
        if not periods and (start is None or end is None):
            raise ValidationError("relations_index: the timeline is empty; give start= and end=")
        first = (
            min(periods)
            if start is None
            else pd.Period(PartialDate.parse(start, argument="start").first_day, freq=f)
        )
        last = (
            max(periods)
            if end is None
            else pd.Period(PartialDate.parse(end, argument="end").last_day, freq=f)
        )
        if last < first:
            raise ValidationError(f"relations_index: end={end!r} is before start={start!r}")
        signs = pd.Series(
            [ev.direction.sign for ev in self.events],
            index=pd.PeriodIndex(periods, freq=f),
            dtype="int64",
        )
        signs = signs[signs.index <= last]
        lowest = min([first, *signs.index])
        span = pd.period_range(lowest, last, freq=f, name="period")
        per_period = signs.groupby(level=0).sum().reindex(span, fill_value=0)
        result = per_period.cumsum().loc[first:last].astype("int64")
        result.index.name = "period"
        result.name = "relations_index"
        result.attrs = {
            **{str(k): v for k, v in self.attrs.items()},
            "units": "cumulative count (de-escalations minus escalations)",
        }
        return result

    # ---- display -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        if not self.events:
            return "Timeline(0 events)"
        ids = list(self.ids)
        shown = ", ".join(ids if len(ids) <= 4 else [*ids[:2], "…", ids[-1]])
        return (
            f"Timeline({len(self)} event{'s' if len(self) != 1 else ''}, "
            f"{self.events[0].start} … {self.events[-1].start}: {shown})"
        )

    def summary(self) -> str:
        """Describe the timeline in one line: span, directions and the main categories.

        Example:
            >>> print(us_russia(article=True).summary())  # doctest: +ELLIPSIS
            19 events from 1993-04 to 2021-06-16: 11 escalations, 2 de-escalations, 6 neutral; ...

        """
        if not self.events:
            return "An empty timeline (0 events)."
        directions = collections.Counter(ev.direction.value for ev in self.events)
        categories = collections.Counter(ev.category.value for ev in self.events)
        moves = ", ".join(
            _display.plural(directions[d.value], d.value)
            if d is not Direction.NEUTRAL
            else f"{directions[d.value]} neutral"
            for d in Direction
            if directions[d.value]
        )
        top = ", ".join(f"{name} ({count})" for name, count in categories.most_common(3))
        return (
            f"{_display.plural(len(self), 'event')} from {self.events[0].start} to "
            f"{self.events[-1].start}: {moves}; mostly {top}."
        )

    def _repr_html_(self) -> str:
        # a compact table (date, label, category badge, direction, clickable source); very long
        # timelines show their first and last rows, so a notebook cell stays small
        shown: list[Event | None] = list(self.events)
        if len(shown) > _HTML_MAX_ROWS:
            half = _HTML_MAX_ROWS // 2
            shown = [*shown[:half], None, *shown[-half:]]
        rows = [
            ["…", f"{len(self) - 2 * (_HTML_MAX_ROWS // 2)} more events", "", "", ""]
            if ev is None
            else [
                _display.escape(ev._when()),
                _display.escape(ev.label),
                _display.badge(ev.category.value),
                _display.escape(ev.direction.value),
                _display.link(ev.source_url, "source"),
            ]
            for ev in shown
        ]
        caption = self.summary()
        if self.attrs.get("vintage") not in (None, "n/a"):
            caption += f" Source: {self.attrs['source']} ({self.attrs['vintage']})."
        header = ["date", "event", "category", "direction", "source"]
        return _display.table(header, rows, caption=caption)


# --------------------------------------------------------------------------------------------
# the bundled timeline


@functools.cache
def _bundled(name: str = BUNDLED_NAME) -> Timeline:
    from ._snapshot import dataset_entry, read_table

    entry = dataset_entry(name)
    timeline = Timeline.from_frame(read_table(name))
    return Timeline(
        [_linked(ev, None) for ev in timeline.events],  # link them to the returned timeline
        attrs={"source": entry["source"], "units": entry["units"], "vintage": entry["vintage"]},
    )


@functools.cache
def _article() -> Timeline:
    return _bundled().select(*ARTICLE_EVENT_IDS)


def us_russia(article: bool = False) -> Timeline:
    """Return the bundled, sourced U.S.–Russia timeline (87 events, 1991–2025).

    With ``article=True``, only the events the source article names (`ARTICLE_EVENT_IDS`).
    Every event carries the URL of the page its date was checked on (``source_url``); coding
    conventions for ``direction`` and date precision are in the data's SOURCES.md. The
    timeline joins the original 72 events and 15 trade-relevant additions (2014 sectoral
    sanctions, the 2018–2019 rounds, 2022 export controls and import bans, tariffs; see
    SOURCES_sanctions.md).

    Example:
        >>> len(us_russia()), len(us_russia(article=True))
        (87, 19)
        >>> us_russia().attrs["units"]
        'n/a'

    """
    if not isinstance(article, bool):
        raise ValidationError(f"article={article!r} must be True or False")
    return _article() if article else _bundled()


def us_sanctions() -> Timeline:
    """Return the bundled U.S. sanctions and trade-policy episodes (70 events, 1994–2025).

    Impositions and easings against partners other than Russia (Iran, Cuba, Venezuela, Syria,
    North Korea, Burma, Belarus, Sudan, China's tariffs, …), each dated to the day from the
    page in ``source_url``. ``actors`` lists ``USA`` then the target(s); ``direction`` is seen
    from relations between the United States and the target. Conventions and per-row notes
    are in the data's SOURCES_sanctions.md.

    Example:
        >>> tl = us_sanctions()
        >>> len(tl), tl["jcpoa_implementation_day"].targets
        (70, ('IRN',))

    """
    return _bundled(BUNDLED_SANCTIONS)

"""Events: PartialDate, Event, Timeline selection and arithmetic, relations_index, bundled data."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import attrs
import numpy as np
import pandas as pd
import pytest

import tradeshock
from tradeshock.errors import TradeshockError, ValidationError
from tradeshock.events import (
    ARTICLE_EVENT_IDS,
    Category,
    Direction,
    Event,
    PartialDate,
    Timeline,
    TimelineError,
    UnknownEventError,
    us_russia,
)


def make(id_: str, start: str, direction: str = "neutral", **kw: object) -> Event:
    fields: dict[str, object] = {"label": id_.upper(), "category": "crisis"}
    fields.update(kw)
    return Event(id=id_, start=start, direction=direction, **fields)  # type: ignore[arg-type]


# ---- PartialDate ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("1993", "year", dt.date(1993, 1, 1), dt.date(1993, 12, 31)),
        ("1993-04", "month", dt.date(1993, 4, 1), dt.date(1993, 4, 30)),
        ("1993-04-03", "day", dt.date(1993, 4, 3), dt.date(1993, 4, 3)),
        ("2016-02", "month", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
        ("2016-02-29", "day", dt.date(2016, 2, 29), dt.date(2016, 2, 29)),
    ],
)
def test_partial_date_keeps_precision(
    text: str, precision: str, first: dt.date, last: dt.date
) -> None:
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert str(date) == text
    assert (date.first_day, date.last_day) == (first, last)
    assert PartialDate.parse(str(date)) == date
    assert repr(date) == f"PartialDate({text!r})"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2014, 2, 20), "2014-02-20"),
        (dt.datetime(2014, 2, 20, 15, 30), "2014-02-20"),
        (pd.Timestamp("2014-02-20"), "2014-02-20"),
        (pd.Period("2014", freq="Y"), "2014"),
        (pd.Period("2014-02", freq="M"), "2014-02"),
        (pd.Period("2014-02-20", freq="D"), "2014-02-20"),
        (2014, "2014"),
        (" 2014-02 ", "2014-02"),
    ],
)
def test_partial_date_from_other_types(value: object, expected: str) -> None:
    assert str(PartialDate.parse(value)) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2014-02-30", "day 30 is out of range for February 2014"),
        ("2015-02-29", "day 29 is out of range for February 2015"),
        ("2014-13", "month 13 is out of range"),
        ("2014-00", "month 0 is out of range"),
        ("2014-04-31", "day 31 is out of range for April 2014"),
        ("0000", "year 0 is out of range"),
        ("14-02-20", "is not a date"),
        ("2014-2-3", "is not a date"),
        ("20 Feb 2014", "is not a date"),
        ("2014/02/20", "is not a date"),
    ],
)
def test_partial_date_rejects_impossible_dates(text: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        PartialDate.parse(text, argument="start")


def test_partial_date_rejects_other_types_and_bad_fields() -> None:
    with pytest.raises(ValidationError, match="is not a date"):
        PartialDate.parse(3.5)
    with pytest.raises(ValidationError, match="only annual, monthly or daily"):
        PartialDate.parse(pd.Period("2014Q1", freq="Q"))
    with pytest.raises(ValidationError, match="a day needs a month"):
        PartialDate(2014, None, 3)
    with pytest.raises(ValidationError, match="must be integers"):
        PartialDate(2014, True)  # type: ignore[arg-type]


# ---- period mapping for each precision and frequency ------------------------------------------


@pytest.mark.parametrize(
    ("start", "freq", "expected"),
    [
        ("1993", "Y", pd.Period("1993", freq="Y")),
        ("1993", "A", pd.Period("1993", freq="Y")),
        ("1993-04", "Y", pd.Period("1993", freq="Y")),
        ("1993-04", "M", pd.Period("1993-04", freq="M")),
        ("1993-04-03", "Y", pd.Period("1993", freq="Y")),
        ("1993-04-03", "M", pd.Period("1993-04", freq="M")),
        ("1999-12-31", "Y", pd.Period("1999", freq="Y")),
        ("1999-12-31", "M", pd.Period("1999-12", freq="M")),
    ],
)
def test_event_period(start: str, freq: str, expected: pd.Period) -> None:
    period = make("x", start).period(freq)
    assert period == expected
    assert period.freqstr == expected.freqstr


def test_year_precision_has_no_monthly_period() -> None:
    with pytest.raises(ValidationError, match="year precision"):
        make("x", "1993").period("M")


def test_period_rejects_unknown_freq() -> None:
    with pytest.raises(ValidationError, match="freq='Q'"):
        make("x", "1993").period("Q")


def test_end_period() -> None:
    event = make("x", "2008-09-15", end="2009-06")
    assert event.end_period("Y") == pd.Period("2009", freq="Y")
    assert event.end_period("M") == pd.Period("2009-06", freq="M")
    assert make("y", "2008-09-15").end_period("M") == pd.Period("2008-09", freq="M")


# ---- Event ------------------------------------------------------------------------------------


def test_event_converts_plain_values() -> None:
    event = Event(
        id="gcc",
        start="1993-04",
        label="GCC",
        category="diplomacy",
        direction="de-escalation",
        actors="USA;RUS",
        description="d",
        source_url="https://example.org/x",
    )
    assert event.category is Category.DIPLOMACY
    assert event.direction is Direction.DE_ESCALATION
    assert event.direction.sign == 1
    assert event.actors == ("USA", "RUS")
    assert event.start == PartialDate(1993, 4)
    assert event.end is None
    assert (
        Event(
            id="gcc",
            start=PartialDate(1993, 4),
            label="GCC",
            category=Category.DIPLOMACY,
            direction=Direction.DE_ESCALATION,
            actors=["USA", "RUS"],
            description="d",
            source_url="https://example.org/x",
        )
        == event
    )
    assert "gcc" in repr(event)
    assert "1993-04" in repr(event)


def test_enum_values_match_design() -> None:
    assert {c.value for c in Category} == {
        "sanctions",
        "countersanctions",
        "war",
        "revolution",
        "crisis",
        "diplomacy",
        "leadership",
        "trade_policy",
        "energy_policy",
        "market",
    }
    assert {d.value for d in Direction} == {"escalation", "de-escalation", "neutral"}
    assert str(Category.WAR) == "war"
    assert Category.WAR == "war"
    assert [d.sign for d in (Direction.ESCALATION, Direction.NEUTRAL)] == [-1, 0]


def test_event_is_frozen_and_hashable() -> None:
    event = make("x", "2014")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.label = "y"  # type: ignore[misc]
    assert len({event, make("x", "2014")}) == 1
    assert attrs.evolve(event, direction="escalation").direction is Direction.ESCALATION


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2014-06-15", "2014-06", True),  # June 2014 contains the start day
        ("2014-06", "2014-06-01", True),
        ("2014-06", "2014-06-30", True),
        ("2014", "2014-01-01", True),
        ("2014-06-15", "2014-06-15", True),
        ("2014-06-15", "2014-06-14", False),
        ("2014-06-15", "2014-05", False),
        ("2014-06", "2013", False),
        ("2014-06", "2014-05-31", False),
    ],
)
def test_end_not_before_start_across_precisions(start: str, end: str, ok: bool) -> None:
    if ok:
        assert str(make("x", start, end=end).end) == end
    else:
        with pytest.raises(ValidationError, match="is before start"):
            make("x", start, end=end)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("category", "warx", r"not a known category \(did you mean 'war'\?\)"),
        ("direction", "up", "not a known direction"),
        ("actors", "RU;usa", "'RU', 'usa' are not ISO 3166-1 alpha-3 codes"),
        ("actors", "USA;;RUS", "'' is not an ISO"),
        ("actors", "USA;USA", "lists USA more than once"),
        ("id", "has space", "not a valid id"),
        ("label", "  ", "is blank"),
        ("label", "a\rb", "control characters"),
        ("source_url", "www.example.org", "not an http"),
        ("start", "", "start is required"),
        ("label", None, "label is required"),
        ("label", 5, "must be text"),
    ],
)
def test_event_rejects_bad_fields(field: str, value: object, match: str) -> None:
    fields: dict[str, object] = {
        "id": "x",
        "start": "2014",
        "label": "X",
        "category": "war",
        "direction": "escalation",
    }
    fields[field] = value
    with pytest.raises(ValidationError, match=match):
        Event(**fields)  # type: ignore[arg-type]


def test_enum_strings_are_case_insensitive() -> None:
    event = make("x", "2014", direction=" Escalation ", category="War")
    assert (event.category, event.direction) == (Category.WAR, Direction.ESCALATION)


# ---- Timeline ---------------------------------------------------------------------------------


@pytest.fixture
def small() -> Timeline:
    return Timeline(
        [
            make("c", "2014-03-06", "escalation", category="sanctions", actors="USA;RUS"),
            make("b", "2014-02-20", "escalation", category="war", actors="RUS;UKR"),
            make("a", "2014-03-06", "de-escalation", category="diplomacy", actors="USA;RUS"),
            make("d", "2014", "neutral", category="market"),
            make("e", "2015-07", "de-escalation", category="diplomacy", actors=["IRN", "USA"]),
        ]
    )


def test_timeline_sorted_by_start_then_id(small: Timeline) -> None:
    # "2014" (year) starts on 1 Jan 2014 and sorts first; same-day events sort by id
    assert small.ids == ("d", "b", "a", "c", "e")
    assert [ev.id for ev in small] == list(small.ids)
    assert len(small) == 5


def test_timeline_lookup(small: Timeline) -> None:
    assert small["a"].label == "A"
    assert small[0].id == "d"
    assert small[-1].id == "e"
    assert small[1:3].ids == ("b", "a")
    assert "a" in small
    assert "zz" not in small
    assert small["a"] in small
    with pytest.raises(UnknownEventError, match="unknown event id 'aa'") as info:
        small["aa"]
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, TradeshockError)
    assert str(info.value).startswith("unknown event id")  # not the repr KeyError would give
    with pytest.raises(ValidationError, match=r"key=1\.5"):
        small[1.5]  # type: ignore[call-overload]


def test_unknown_event_suggests_ids() -> None:
    with pytest.raises(UnknownEventError) as info:
        us_russia()["crimea_anexation"]
    assert info.value.suggestions[0] == "crimea_annexation"


def test_timeline_is_immutable_and_equal_by_events(small: Timeline) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        small.events = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        small.attrs["source"] = "x"  # type: ignore[index]
    assert Timeline(reversed(small.events)) == small
    assert hash(Timeline(small.events)) == hash(small)
    assert Timeline(small.events, attrs={"source": "other"}) == small


def test_timeline_pickles_and_copies(small: Timeline) -> None:
    clone = pickle.loads(pickle.dumps(Timeline(small.events, attrs={"source": "s"})))
    assert clone == small
    assert clone.attrs["source"] == "s"
    assert clone["a"] is not small["a"]
    assert copy.deepcopy(small) == small
    assert dict(small.attrs) == {"source": "user", "units": "n/a", "vintage": "n/a"}
    assert small[np.int64(1)].id == "b"


def test_timeline_rejects_duplicates_and_non_events() -> None:
    with pytest.raises(TimelineError, match="id 'x' is already used in row 1") as info:
        Timeline([make("x", "2014"), make("x", "2015")])
    assert info.value.problems == [(2, "id", "id 'x' is already used in row 1")]
    with pytest.raises(TimelineError, match="expected an Event, got str"):
        Timeline(["x"])  # type: ignore[list-item]


def test_filter(small: Timeline) -> None:
    assert small.filter(category="diplomacy").ids == ("a", "e")
    assert small.filter(category=["war", Category.SANCTIONS]).ids == ("b", "c")
    assert small.filter(direction="escalation").ids == ("b", "c")
    assert small.filter(direction=("escalation", "de-escalation"), category="diplomacy").ids == (
        "a",
        "e",
    )
    assert small.filter(actors="UKR").ids == ("b",)
    assert small.filter(actors=["UKR", "IRN"]).ids == ("b", "e")  # any of the codes
    assert small.filter(actors="USA").filter(actors="RUS").ids == ("a", "c")  # both
    assert small.filter(category=[]).ids == ()
    assert small.filter() == small
    with pytest.raises(ValidationError, match="category='wars'"):
        small.filter(category="wars")
    with pytest.raises(ValidationError, match="alpha-3"):
        small.filter(actors="rus")


def test_between(small: Timeline) -> None:
    assert small.between("2014", "2014").ids == ("d", "b", "a", "c")
    assert small.between("2014-03", "2015").ids == ("a", "c", "e")
    assert small.between("2014-03-06", "2014-03-06").ids == ("a", "c")
    assert small.between(start="2014-02-21").ids == ("a", "c", "e")
    assert small.between(end=pd.Timestamp("2014-02-20")).ids == ("d", "b")
    assert small.between(dt.date(2016, 1, 1)).ids == ()
    with pytest.raises(ValidationError, match="before start"):
        small.between("2015", "2014")
    with pytest.raises(ValidationError, match="start='2014-13'"):
        small.between("2014-13")


def test_select(small: Timeline) -> None:
    assert small.select("e", "a").ids == ("a", "e")
    assert small.select().ids == ()
    with pytest.raises(UnknownEventError, match="'zz', 'yy'"):
        small.select("a", "zz", "yy")


def test_add(small: Timeline) -> None:
    other = Timeline([make("f", "1990"), make("g", "2020-01-01")], attrs={"source": "mine"})
    both = small + other
    assert both.ids == ("f", "d", "b", "a", "c", "e", "g")
    assert both.attrs["source"] == "user + mine"
    with pytest.raises(TimelineError, match="id 'a' is in both timelines"):
        small + Timeline([make("a", "2020")])
    assert small.__add__([make("h", "2020")]) is NotImplemented  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _ = small + 1  # type: ignore[operator]


def test_repr(small: Timeline) -> None:
    assert repr(small) == "Timeline(5 events, 2014 … 2015-07: d, b, …, e)"
    assert repr(Timeline()) == "Timeline(0 events)"
    assert "<table" in small._repr_html_()


# ---- relations_index --------------------------------------------------------------------------


@pytest.fixture
def five() -> Timeline:
    return Timeline(
        [
            make("e1", "2010-03", "de-escalation"),
            make("e2", "2010-07-01", "escalation"),
            make("e3", "2012", "escalation"),
            make("e4", "2012-05-05", "neutral"),
            make("e5", "2013-11", "de-escalation"),
        ]
    )


def test_relations_index_annual_by_hand(five: Timeline) -> None:
    # per year: 2010 = +1 (e1) - 1 (e2) = 0; 2011 = 0; 2012 = -1 (e3) + 0 (e4) = -1; 2013 = +1 (e5)
    # cumulative: 2010: 0, 2011: 0, 2012: -1, 2013: 0
    index = five.relations_index("Y")
    expected = pd.Series(
        [0, 0, -1, 0],
        index=pd.period_range("2010", "2013", freq="Y", name="period"),
        name="relations_index",
        dtype="int64",
    )
    pd.testing.assert_series_equal(index, expected)
    assert index.attrs["units"].startswith("cumulative count")
    # a wider span: nothing before 2010 (0), the last level carries on after 2013
    wide = five.relations_index("A", start="2008", end="2015")
    assert wide.tolist() == [0, 0, 0, 0, -1, 0, 0, 0]
    assert str(wide.index[0]) == "2008"
    assert str(wide.index[-1]) == "2015"
    # a later start keeps the level built up by earlier events (2012 is still -1)
    assert five.relations_index("Y", start="2012").tolist() == [-1, 0]
    # an earlier end drops later events: 2010: 0, 2011: 0
    assert five.relations_index("Y", end="2011").tolist() == [0, 0]


def test_relations_index_monthly_by_hand(five: Timeline) -> None:
    without_year = five.select("e1", "e2", "e4", "e5")
    # 2010-03: +1 -> 1; 2010-07: -1 -> 0; 2012-05: 0 -> 0; 2013-11: +1 -> 1
    index = without_year.relations_index("M")
    assert index.index.freqstr == "M"
    assert len(index) == 45  # 2010-03 .. 2013-11, every month present
    assert index.index.name == "period"
    assert index["2010-03"] == 1
    assert index["2010-06"] == 1
    assert index["2010-07"] == 0
    assert index["2013-10"] == 0
    assert index["2013-11"] == 1
    # bounds at year precision cover the whole year: January .. December
    assert str(without_year.relations_index("M", start="2010").index[0]) == "2010-01"
    assert str(without_year.relations_index("M", end="2014").index[-1]) == "2014-12"
    with pytest.raises(ValidationError, match="year precision"):
        five.relations_index("M")


def test_relations_index_errors(five: Timeline) -> None:
    with pytest.raises(ValidationError, match="empty"):
        Timeline().relations_index("Y")
    assert Timeline().relations_index("Y", "2000", "2001").tolist() == [0, 0]
    with pytest.raises(ValidationError, match="before start"):
        five.relations_index("Y", start="2013", end="2011")


# ---- the bundled timeline ---------------------------------------------------------------------


def test_bundled_timeline() -> None:
    tl = us_russia()
    assert len(tl) == 87
    assert tl is us_russia()  # cached: immutable, so sharing it is safe
    assert all(ev.source_url.startswith(("https://", "http://")) for ev in tl)
    assert all(ev.description and ev.actors for ev in tl)
    assert tl.ids[0] == "ussr_dissolution"
    assert tl.ids[-1] == "rosneft_lukoil_sanctions"
    assert {"source", "units", "vintage"} <= set(tl.attrs)
    assert tl.to_frame().attrs["vintage"] == tl.attrs["vintage"]
    # precision is kept (SOURCES.md: month-precision dates)
    assert str(tl["gore_chernomyrdin_commission"].start) == "1993-04"
    assert tl["gore_chernomyrdin_commission"].start.precision == "month"
    assert str(tl["global_financial_crisis"].end) == "2009-06"
    assert str(tl["oil_price_collapse_2014_2016"].end) == "2016-01"
    assert tradeshock.us_russia is us_russia
    assert tradeshock.Event is Event
    assert tradeshock.Timeline is Timeline


def test_article_subset() -> None:
    article = us_russia(article=True)
    assert set(article.ids) == set(ARTICLE_EVENT_IDS)
    assert len(article) == len(ARTICLE_EVENT_IDS) == 19
    assert all(i in us_russia() for i in ARTICLE_EVENT_IDS)
    assert all(article[i] == us_russia()[i] for i in article.ids)
    assert "putin_inauguration_2000" in article
    assert "putin_acting_president" not in article
    assert article["putin_inauguration_2000"].period("Y") == pd.Period("2000", freq="Y")
    with pytest.raises(ValidationError, match="article='yes'"):
        us_russia(article="yes")  # type: ignore[arg-type]

"""Event.timeline: the hidden link to the timeline an event was obtained from."""

from __future__ import annotations

import pickle

import attrs

from tradeshock import Event, Timeline, us_russia


def test_events_obtained_from_a_timeline_link_back_to_it() -> None:
    tl = us_russia()
    assert tl["crimea_annexation"].timeline is tl
    assert all(ev.timeline is tl for ev in tl)
    assert tl[0].timeline is tl
    war = tl.filter(category="war")
    assert war[0].timeline is tl  # a derived timeline keeps the origin
    assert tl.select("crimea_annexation")["crimea_annexation"].timeline is tl


def test_the_link_is_not_compared_hashed_or_shown() -> None:
    tl = us_russia()
    linked = tl["crimea_annexation"]
    alone = attrs.evolve(linked)  # a copy built on its own: no link
    assert alone.timeline is None
    assert linked == alone
    assert hash(linked) == hash(alone)
    assert repr(linked) == repr(alone)
    assert "timeline" not in linked.to_dict()
    standalone = Event(id="x", start="2000", label="X", category="war", direction="escalation")
    assert standalone.timeline is None
    assert Timeline([standalone])["x"].timeline is not None
    assert standalone.timeline is None  # the timeline links its own copy


def test_pickling_keeps_equality_and_the_link() -> None:
    tl = us_russia()
    ev = tl["crimea_annexation"]
    back = pickle.loads(pickle.dumps(ev))
    assert back == ev
    assert back.timeline == tl
    tl_back = pickle.loads(pickle.dumps(tl))
    assert tl_back == tl
    assert tl_back["crimea_annexation"].timeline is tl_back

"""Events I/O: CSV/records/frame round trips, every bad-input case, the raw file and the builder."""

from __future__ import annotations

import gzip
import io
import pickle
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings

from strategies import timelines
from tradeshock.build import events as build_events
from tradeshock.errors import TradeshockError, ValidationError
from tradeshock.events import (
    COLUMNS,
    Event,
    Timeline,
    TimelineError,
    UnknownEventError,
    us_russia,
    us_sanctions,
)
from tradeshock.sources._provenance import licence_of

HEADER = ",".join(COLUMNS)


# ---- generated timelines ------------------------------------------------------------------------


# shared with the other property tests: tests/strategies.py


@settings(max_examples=40, deadline=None)
@given(timelines)
def test_csv_round_trip_is_exact(tl: Timeline) -> None:
    text = tl.to_csv()
    assert text is not None
    back = Timeline.from_csv(io.StringIO(text))
    assert back == tl
    # precision survives: every date prints back to the same ISO text
    assert [(str(a.start), str(a.end)) for a in back] == [(str(b.start), str(b.end)) for b in tl]
    assert back.to_csv() == text


@settings(max_examples=40, deadline=None)
@given(timelines)
def test_frame_and_records_round_trip(tl: Timeline) -> None:
    assert Timeline.from_frame(tl.to_frame()) == tl
    assert Timeline.from_records(ev.to_dict() for ev in tl) == tl
    assert Timeline.from_records(list(tl)) == tl


def test_to_csv_targets(tmp_path: Path) -> None:
    tl = us_russia().select("gore_chernomyrdin_commission", "crimea_annexation")
    path = tmp_path / "events.csv"
    assert tl.to_csv(path) is None
    assert Timeline.from_csv(path) == tl
    assert Timeline.from_csv(str(path)).attrs["source"] == str(path)
    text_buf, bytes_buf = io.StringIO(), io.BytesIO()
    tl.to_csv(text_buf)
    tl.to_csv(bytes_buf)
    assert text_buf.getvalue() == bytes_buf.getvalue().decode("utf-8") == tl.to_csv()
    assert Timeline.from_csv(io.BytesIO(bytes_buf.getvalue())) == tl
    with pytest.raises(ValidationError, match="path_or_buffer=5"):
        tl.to_csv(5)
    with pytest.raises(ValidationError, match="path_or_buffer=5"):
        Timeline.from_csv(5)


def test_from_csv_accepts_optional_columns_bom_and_crlf() -> None:
    text = "\ufeffid,start,label,category,direction\r\nx,1993-04,X,diplomacy,neutral\r\n\r\n"
    tl = Timeline.from_csv(io.StringIO(text))
    assert tl["x"].end is None
    assert tl["x"].actors == ()
    assert tl["x"].source_url == ""
    assert str(tl["x"].start) == "1993-04"


def test_to_frame_missing_values_are_nan() -> None:
    tl = Timeline([Event(id="x", start="2014", label="X", category="war", direction="escalation")])
    row = tl.to_frame().iloc[0]
    assert pd.isna(row["end"])
    assert pd.isna(row["actors"])
    assert pd.isna(row["source_url"])
    assert row["start"] == "2014"


# ---- bad input: one error listing every problem -----------------------------------------------

BAD_CSV = "\n".join(
    [
        HEADER,
        # row 1: fine
        "ok,2014-02-20,2014-03-18,OK,war,escalation,RUS;UKR,fine,https://example.org/a",
        # row 2: unknown category and unknown direction
        "cat,2014-03-06,,Cat,warfare,sideways,USA,d,https://example.org/b",
        # row 3: end before start
        "rev,2014-03-06,2014-03-05,Rev,war,escalation,USA,d,",
        # row 4: impossible dates
        "imp,2014-02-30,2014-13,Imp,war,escalation,USA,d,",
        # row 5: bad actors
        "act,2014-04-01,,Act,war,escalation,RU;usa;RUSS,d,",
        # row 6: duplicate id (of row 1)
        "ok,2014-05-01,,Dup,war,escalation,USA,d,",
        # row 7: malformed (an unquoted comma in the label makes 10 fields)
        "mal,2014-06-01,,Label, with comma,war,escalation,USA,d,",
        # row 8: missing required fields
        "req,,,,war,,USA,d,",
        # row 9: malformed (too few fields)
        "short,2014",
    ]
)


def test_bad_csv_lists_every_problem_at_once() -> None:
    with pytest.raises(TimelineError) as info:
        Timeline.from_csv(io.StringIO(BAD_CSV))
    error = info.value
    assert isinstance(error, ValidationError)
    assert isinstance(error, ValueError)
    assert isinstance(error, TradeshockError)
    found = {(p.row, p.field) for p in error.problems}
    assert found == {
        (2, "category"),
        (2, "direction"),
        (3, "end"),
        (4, "start"),
        (4, "end"),
        (5, "actors"),
        (6, "id"),
        (7, "row"),
        (8, "start"),
        (8, "label"),
        (8, "direction"),
        (9, "row"),
    }
    assert [p.row for p in error.problems] == sorted(p.row for p in error.problems)
    message = str(error)
    assert message.startswith("12 problems in timeline CSV")
    for expected in [
        "row 2: category='warfare' is not a known category",
        "row 2: direction='sideways' is not a known direction",
        "row 3: end='2014-03-05' is before start='2014-03-06'",
        "row 4: start='2014-02-30' is not a valid date: day 30 is out of range for February 2014",
        "row 4: end='2014-13' is not a valid date: month 13 is out of range",
        "row 5: actors='RU;usa;RUSS': 'RU', 'usa', 'RUSS' are not ISO 3166-1 alpha-3 codes",
        "row 6: id 'ok' is already used in row 1",
        "row 7: expected 9 fields, found 10",
        "row 8: start is required",
        "row 8: label is required",
        "row 8: direction is required",
        "row 9: expected 9 fields, found 2",
    ]:
        assert expected in message


def test_duplicate_id_of_a_row_with_other_problems_is_listed() -> None:
    # row 1 is invalid (impossible date) but its id still counts: row 2 repeats it
    text = (
        "id,start,label,category,direction\n"
        "a,2014-02-30,A,war,escalation\n"
        "a,2015,A2,war,escalation\n"
        "b,2015,B,warx,escalation\n"
        "b,2016,B2,war,escalation\n"
    )
    with pytest.raises(TimelineError) as info:
        Timeline.from_csv(io.StringIO(text))
    assert {(p.row, p.field) for p in info.value.problems} == {
        (1, "start"),
        (2, "id"),
        (3, "category"),
        (4, "id"),
    }
    assert "row 2: id 'a' is already used in row 1" in str(info.value)


def test_timeline_error_pickles() -> None:
    with pytest.raises(TimelineError) as info:
        Timeline.from_csv(io.StringIO(BAD_CSV))
    clone = pickle.loads(pickle.dumps(info.value))
    assert clone.problems == info.value.problems
    assert str(clone) == str(info.value)
    with pytest.raises(UnknownEventError) as missing:
        us_russia()["crimea"]
    again = pickle.loads(pickle.dumps(missing.value))
    assert (str(again), again.suggestions) == (str(missing.value), missing.value.suggestions)


def test_header_problems() -> None:
    text = "id,start,category,colour,colour\nx,2014,war,red,blue\n"
    with pytest.raises(TimelineError) as info:
        Timeline.from_csv(io.StringIO(text))
    problems = info.value.problems
    assert {(p.row, p.field) for p in problems} == {(0, "colour"), (0, "label"), (0, "direction")}
    assert "header: required column 'label' is missing" in str(info.value)
    assert "header: unknown column 'colour'" in str(info.value)
    assert "header: column 'colour' appears more than once" in str(info.value)
    # missing columns are reported once in the header, not again on every row
    assert all(p.row == 0 for p in problems)


def test_empty_and_unreadable_csv() -> None:
    with pytest.raises(TimelineError, match="empty"):
        Timeline.from_csv(io.StringIO(""))
    with pytest.raises(ValidationError, match="not UTF-8"):
        Timeline.from_csv(io.BytesIO(b"id,start\n\xff\xfe,2014\n"))
    with pytest.raises(FileNotFoundError):
        Timeline.from_csv("/nonexistent/events.csv")


def test_from_records_lists_every_problem() -> None:
    records: list[object] = [
        {"id": "a", "start": "2014", "label": "A", "category": "war", "direction": "escalation"},
        {
            "id": "b",
            "start": "2014-13",
            "label": "B",
            "category": "war",
            "direction": "escalation",
            "colour": "red",
        },
        "not a record",
        {"id": "a", "start": "2015", "label": "A2", "category": "war", "direction": "escalation"},
    ]
    with pytest.raises(TimelineError) as info:
        Timeline.from_records(records)  # type: ignore[arg-type]
    assert {(p.row, p.field) for p in info.value.problems} == {
        (2, "start"),
        (2, "colour"),
        (3, "row"),
        (4, "id"),
    }


def test_from_frame_lists_every_problem() -> None:
    frame = us_russia().select("crimea_annexation", "donbas_war").to_frame()
    frame.loc[0, "direction"] = "up"
    frame.loc[1, "end"] = "2014-04-11"  # before its start, 2014-04-12
    with pytest.raises(TimelineError) as info:
        Timeline.from_frame(frame)
    assert {(p.row, p.field) for p in info.value.problems} == {(1, "direction"), (2, "end")}
    with pytest.raises(ValidationError, match="frame must be a pandas DataFrame"):
        Timeline.from_frame([1, 2])  # type: ignore[arg-type]


# ---- the raw shared file and the builder ------------------------------------------------------


RAW_FILES = {
    "events_us_russia": ("us_russia_events.csv", "us_russia_events_additions.csv"),
    "events_us_sanctions": ("us_sanctions_episodes.csv",),
}


def test_bundled_equals_raw_csv(shared_data: Path) -> None:
    folder = shared_data / "events"
    raw = folder / "us_russia_events.csv"
    parsed = Timeline.from_csv(raw)
    assert len(parsed) == 72
    # the raw files are already in canonical form (sorted by start then id, minimal quoting),
    # so writing them back gives the same text: the CSV round trip is exact on real data
    for name in (
        "us_russia_events.csv",
        "us_russia_events_additions.csv",
        "us_sanctions_episodes.csv",
    ):
        path = folder / name
        assert Timeline.from_csv(path).to_csv() == path.read_text(encoding="utf-8"), name
    additions = Timeline.from_csv(folder / "us_russia_events_additions.csv")
    assert len(additions) == 15
    assert us_russia() == parsed + additions
    assert us_sanctions() == Timeline.from_csv(folder / "us_sanctions_episodes.csv")


@pytest.mark.parametrize("bundled", sorted(RAW_FILES))
def test_every_bundled_event_equals_its_raw_row(shared_data: Path, bundled: str) -> None:
    """Field by field, every bundled event is the raw row of the same id (and no row is lost)."""
    import csv

    timeline = us_russia() if bundled == "events_us_russia" else us_sanctions()
    raw_rows: dict[str, dict[str, str]] = {}
    for name in RAW_FILES[bundled]:
        with open(shared_data / "events" / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                assert row["id"] not in raw_rows
                raw_rows[row["id"]] = row
    assert set(timeline.ids) == set(raw_rows)
    for event in timeline:
        row = raw_rows[event.id]
        assert str(event.start) == row["start"]
        assert ("" if event.end is None else str(event.end)) == row["end"]
        assert event.label == row["label"]
        assert event.category.value == row["category"]
        assert event.direction.value == row["direction"]
        assert ";".join(event.actors) == row["actors"]
        assert event.description == row["description"]
        assert event.source_url == row["source_url"]


def test_builder_writes_own_format(shared_data: Path, tmp_path: Path) -> None:
    first = build_events.build(shared_data, tmp_path)
    assert set(first) == set(RAW_FILES)
    for name, timeline in (
        ("events_us_russia", us_russia()),
        ("events_us_sanctions", us_sanctions()),
    ):
        entry = first[name]
        assert entry["rows"] == len(timeline)
        assert entry["frequency"] == "event"
        assert entry["units"] == "n/a"
        assert entry["licence"] == licence_of(name)
        assert "MIT licence" in entry["licence"]
        assert [i["path"] for i in entry["inputs"]] == [f"events/{raw}" for raw in RAW_FILES[name]]
        data = (tmp_path / entry["file"]).read_bytes()
        for raw in RAW_FILES[name]:
            assert data != (shared_data / "events" / raw).read_bytes()  # own format, not a copy
        assert Timeline.from_csv(io.BytesIO(gzip.decompress(data))) == timeline
    assert first["events_us_russia"]["rows"] == 87
    assert first["events_us_sanctions"]["rows"] == 70
    second = build_events.build(shared_data, tmp_path)
    assert second == first  # deterministic

"""Notebook displays: short reprs, one-line summaries and small, escaped HTML (issue 18 item 1)."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from tradeshock import _display
from tradeshock.events import Event, Timeline, us_russia


class _Cells(HTMLParser):
    """Collect the text of each table row and every link target of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(fragment: str) -> _Cells:
    parser = _Cells()
    parser.feed(fragment)
    return parser


# ------------------------------------------------------------------------- formatting helpers


def test_numbers_are_rounded_and_unit_aware() -> None:
    assert _display.pct(-0.4957967596568116) == "-49.6 %"
    assert _display.pct(0.0004) == "0.0 %"
    assert _display.pct(-0.0004) == "0.0 %"  # no "-0.0 %"
    assert _display.pct(math.nan) == _display.MISSING
    assert _display.number(1234567.891, 1) == "1,234,567.9"
    assert _display.number(math.inf) == "∞"
    assert _display.pvalue(0.0769) == "0.08"
    assert _display.pvalue(0.0049) == "0.005"
    assert _display.period(pd.Period("2016-03", freq="M")) == "2016-03"
    assert _display.period(pd.NaT) == _display.MISSING
    assert _display.span(pd.Period("2011", freq="Y"), pd.Period("2013", freq="Y")) == "2011–2013"


def test_html_escapes_text_and_refuses_non_http_links() -> None:
    assert _display.link("javascript:alert(1)", "x") == "x"
    assert _display.link('https://a.org/?q="><script>') == (
        '<a href="https://a.org/?q=&quot;&gt;&lt;script&gt;">a.org</a>'
    )
    fragment = _display.table(["<h>"], [[_display.escape("<script>")]], caption="<c>")
    assert "<script>" not in fragment
    assert "&lt;script&gt;" in fragment
    assert _parse(fragment).rows == [["<h>"], ["<script>"]]


# ------------------------------------------------------------------------------------ Event


def _event(**changes: object) -> Event:
    fields: dict[str, object] = {
        "id": "x",
        "start": "2014-03",
        "label": "Sanctions <round 1>",
        "category": "sanctions",
        "direction": "escalation",
        "actors": "USA;RUS",
        "source_url": "https://home.treasury.gov/news/press-releases/jl2309",
        "description": 'A "first" round & more',
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def test_event_repr_and_summary_are_one_short_line() -> None:
    ev = _event()
    assert repr(ev) == "Event('x', 2014-03, 'Sanctions <round 1>', sanctions, escalation)"
    assert ev.summary() == (
        "Sanctions <round 1>: sanctions, an escalation, on 2014-03 (actors USA, RUS)."
    )
    ranged = _event(end="2015", direction="neutral", actors="")
    assert (
        ranged.summary()
        == "Sanctions <round 1>: sanctions, neutral for relations, from 2014-03 to 2015."
    )


def test_event_html_is_a_card_with_badge_and_clickable_source() -> None:
    html = _event()._repr_html_()
    parsed = _parse(html)
    assert parsed.links == ["https://home.treasury.gov/news/press-releases/jl2309"]
    assert "&lt;round 1&gt;" in html
    assert "<round 1>" not in html
    fields = {row[0]: row[1] for row in parsed.rows}
    assert fields["category"] == "sanctions"
    assert 'class="ts-b ts-sanctions"' in html
    assert fields["date"] == "2014-03"
    assert fields["actors"] == "USA, RUS"
    assert fields["description"] == 'A "first" round & more'


# --------------------------------------------------------------------------------- Timeline


def test_timeline_html_is_a_compact_table_of_all_87_events() -> None:
    tl = us_russia()
    html = tl._repr_html_()
    assert len(html.encode("utf-8")) < 25_000  # the raw nine-column table was 35 KB for 72 events
    parsed = _parse(html)
    header, *body = parsed.rows
    assert header == ["date", "event", "category", "direction", "source"]
    assert len(body) == len(tl) == 87
    crimea = next(row for row in body if row[1] == tl["crimea_annexation"].label)
    assert crimea == ["2014-02-20 to 2014-03-18", crimea[1], "war", "escalation", "source"]
    assert parsed.links == [ev.source_url for ev in tl if ev.source_url]
    assert html.count("<style>") == 1
    assert "style=" not in html
    assert tl.summary() in html


def test_long_timeline_html_shows_head_and_tail_only() -> None:
    events = [
        Event(
            id=f"e{i:03d}",
            start=str(1800 + i),
            label=f"E{i}",
            category="market",
            direction="neutral",
        )
        for i in range(200)
    ]
    parsed = _parse(Timeline(events)._repr_html_())
    labels = [row[1] for row in parsed.rows[1:]]
    assert labels[:2] == ["E0", "E1"]
    assert labels[-1] == "E199"
    assert "80 more events" in labels
    assert len(labels) == 121


def test_timeline_summary_counts_directions_and_categories() -> None:
    tl = us_russia(article=True)
    directions = pd.Series([ev.direction.value for ev in tl]).value_counts()
    text = tl.summary()
    assert text.startswith(f"19 events from {tl[0].start} to {tl[-1].start}: ")
    assert f"{directions['escalation']} escalations" in text
    assert f"{directions['neutral']} neutral" in text
    assert Timeline().summary() == "An empty timeline (0 events)."
    assert re.search(r"mostly war \(\d+\)", text)


@pytest.mark.parametrize("obj", [us_russia(), us_russia()["crimea_annexation"]])
def test_reprs_are_short(obj: object) -> None:
    assert len(repr(obj)) < 200
    assert "\n" not in repr(obj)


# --------------------------------------------------------------------- metric records (text)


def _yearly(values: list[float], first: str) -> pd.Series:
    return pd.Series(values, index=pd.period_range(first, periods=len(values), freq="Y"))


def test_response_summary_reads_like_a_sentence() -> None:
    from tradeshock import _explain, shock_response

    censored = shock_response(
        _yearly([100.0, 100, 100, 48, 60, 70, 80, 90], "2011"), "2014", horizon=3
    )
    assert _explain.response_summary(censored, "imports") == (
        "Imports fell 52.0 % below the 2011–2013 mean by 2014; not back within 3 years."
    )
    back = shock_response(_yearly([4.0, 4, 4, 2, 3, 4], "2000"), "2003")
    assert _explain.response_summary(back) == (
        "The series fell 50.0 % below the 2000–2002 mean by 2003; back at the baseline in 2005, "
        "2 years after the shock."
    )
    assert _explain.response_repr(back) == (
        "ShockResponse(2003, pre_mean: depth -50.0 % at 2003, recovered 2005 (+2y), loss 3.0)"
    )
    monthly = pd.Series(
        [5.0] * 12 + [4.0, 5.0], index=pd.period_range("2020-01", periods=14, freq="M")
    )
    text = _explain.response_summary(shock_response(monthly, "2021-01"))
    assert text.endswith("by 2021-01; back at the baseline in 2021-02, 1 month after the shock.")
    trend = shock_response(_yearly([1.0, 2, 4, 3], "2000"), "2003", baseline="trend")
    assert "below the 2000–2002 trend by 2003" in _explain.response_summary(trend)


def test_response_html_is_a_rounded_card() -> None:
    from tradeshock import _explain, shock_response

    response = shock_response(
        _yearly([100.0, 100, 100, 48, 60, 70, 80, 90], "2011"), "2014", horizon=3
    )
    html = _explain.response_html(response, "<imports>")
    assert "&lt;imports&gt;" in html
    assert "<imports>" not in html
    fields = {row[0]: row[1] for row in _parse(html).rows}
    assert fields["depth"] == "-52.0 %"
    assert fields["baseline"] == "the 2011–2013 mean: 100.0"
    assert fields["trough"] == "2014 (the shock period)"
    assert fields["recovery"] == "not back within 3 years"
    assert fields["cumulative loss"] == f"{52 + 40 + 30 + 20:.1f} (35.5 % of the baseline)"


def test_martin_summary_compares_with_the_reference() -> None:
    from tradeshock import _explain, martin_indices

    y = _yearly([10.0, 10, 10, 5, 8, 10], "2000")
    world = _yearly([100.0, 100, 100, 80, 90, 100], "2000")
    indices = martin_indices(y, world, "2003", baseline="pre_mean")
    assert _explain.martin_summary(indices) == (
        "From 2002 to the trough in 2003 the series fell more than the reference "
        "(-50.0 % vs -20.0 %; resistance -1.50); to its recovery in 2005 it came back faster "
        "than the reference (+100.0 % vs +25.0 %; recoverability 3.00)."
    )
    assert _explain.martin_repr(indices) == (
        "MartinIndices(2003: resistance -1.50, recoverability 3.00, trough 2003, recovered)"
    )
    fields = {row[0]: row[1] for row in _parse(_explain.martin_html(indices)).rows}
    assert fields["series: drop / rebound"] == "-50.0 % / +100.0 %"
    assert fields["end"] == "2005 (recovery)"


def test_placebo_text_is_rounded_and_has_no_series_dump() -> None:
    from tradeshock import _explain, placebo_pvalue

    y = _yearly([5.0] * 12 + [2.0] + [5.0] * 12, "2000")
    test = placebo_pvalue(y, "2012", horizon=1, window=3)
    assert test.n_placebos > 0
    expected_p = (1 + int((test.placebo_depths <= test.depth).sum())) / (1 + test.n_placebos)
    assert _explain.placebo_summary(test) == (
        f"Placebo test at 2012: depth -60.0 %, p = {expected_p:.2f} against "
        f"{test.n_placebos} clean placebo dates."
    )
    assert test._repr_html_() == _explain.placebo_html(test)
    none = placebo_pvalue(_yearly([5.0, 5, 5, 5, 2, 5, 5, 5], "2000"), "2004", horizon=0)
    assert _explain.placebo_summary(none) == (
        "Placebo test at 2004: depth -60.0 %, no placebo date, no p-value."
    )
    html = _explain.placebo_html(test)
    fields = {row[0]: row[1] for row in _parse(html).rows}
    assert fields["depth at the shock"] == "-60.0 %"
    assert fields["placebo dates"] == str(test.n_placebos)
    assert "dtype" not in html
    assert "Name:" not in html


def test_every_result_record_shows_rounded_text_and_a_sentence() -> None:
    import tradeshock as ts

    trade = ts.load_trade("Russia")
    crimea = ts.us_russia()["crimea_annexation"]
    response = ts.shock_response(trade["imports"], crimea, horizon=5)
    indices = ts.martin_indices(trade["imports"], ts.load_trade("World")["imports"], crimea)
    monthly = ts.load_trade("Russia", freq="M")["imports"]
    placebo = ts.placebo_pvalue(monthly, crimea, horizon=24)
    records = [
        (response, response.summary(), "ShockResponse(2014, pre_mean: depth -52.1 % at 2016"),
        (indices, indices.summary(), "MartinIndices(2014: resistance "),
        (placebo, placebo.summary().splitlines()[0], "PlaceboTest("),
    ]
    for record, sentence, start in records:
        text = repr(record)
        assert text.startswith(start), text
        assert len(text) < 160
        assert not re.search(r"\d\.\d{4,}", text), text  # no raw floats
        html = record._repr_html_()  # type: ignore[attr-defined]
        assert _display.escape(sentence).split(";")[0] in html
        assert not re.search(r"\d\.\d{4,}", html)
        assert "dtype" not in html
        assert len(html) < 4_000
    others = response.confounded_by
    assert len(others) > 1
    assert response.summary() == (
        "The series fell 52.1 % below the 2011–2013 mean by 2016; not back within 5 years; "
        f"other events in the span: {others[0]} and {len(others) - 1} more."
    )
    assert response._repr_html_() == _explain_html(response)
    assert placebo.n_placebos > 0
    assert f"over {placebo.n_placebos} clean placebo dates" in placebo._repr_html_()


def _explain_html(record: object) -> str:
    from tradeshock import _explain

    return _explain.response_html(record)

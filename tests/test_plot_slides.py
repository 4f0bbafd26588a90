"""Charts for slides (issue 18 item 5): legends, footnotes, spans, thinning, no overlaps."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import tradeshock as ts  # noqa: E402
from tradeshock import _plot_base, plot  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _footnotes(ax: Any) -> list[Any]:
    return [t for t in ax.texts if t.get_fontsize() == _plot_base.FOOTNOTE_SIZE and t.get_text()]


def _visible_text(ax: Any) -> str:
    return " ".join(t.get_text() for t in ax.texts)


# ------------------------------------------------------------------------------- composition


def test_composition_legend_uses_human_labels_and_shows_the_first_year() -> None:
    data = ts.load_trade_composition("Russia")
    ax = plot.composition(data)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "Oil and petroleum products" in labels
    assert "Everything else" in labels
    assert not [label for label in labels if "_" in label]
    first_year = int(data.index.year.min())
    left, right = ax.get_xlim()
    ticks = [tick for tick in ax.get_xticks() if left <= tick <= right]
    assert left <= first_year
    assert ticks[0] == first_year  # a labelled major tick at the first year


# --------------------------------------------------------------------------------- footnotes


@pytest.mark.parametrize("draw", ["trade", "petroleum", "composition", "response"])
def test_footnotes_fit_inside_the_figure_width(draw: str) -> None:
    if draw == "trade":
        ax = plot.trade_events(timeline=ts.us_russia())
    elif draw == "petroleum":
        ax = plot.petroleum_imports()
    elif draw == "composition":
        ax = plot.composition(ts.load_trade_composition("Russia"), ts.us_russia(article=True))
    else:
        total = ts.load_trade("Russia")["total"]
        ax = plot.shock_response(total, ts.shock_response(total, "2014"))
    figure = ax.figure
    figure.canvas.draw()
    notes = _footnotes(ax)
    assert notes
    for note in notes:
        box = note.get_window_extent()
        assert box.x1 <= figure.bbox.x1 + 1, note.get_text()[:60]


def test_chart_2_names_the_agency_and_leaves_the_copy_to_the_catalog() -> None:
    ax = plot.petroleum_imports()
    text = " ".join(note.get_text() for note in _footnotes(ax)).replace("\n", " ")
    assert "U.S. Energy Information Administration (EIA), U.S. Imports by Country of Origin" in text
    assert "github" not in text.lower()
    assert "tradeshock.catalog()" in text
    row = ts.catalog().set_index("dataset").loc["eia_petroleum_imports_annual"]
    assert "github.com/AndrewPari" in row["source"]  # the copy is documented there


# ------------------------------------------------------------------------------ trade_events


def test_trade_events_end_limits_the_years() -> None:
    ax = plot.trade_events(end=2013)
    assert ax.get_title(loc="left").endswith("1992–2013")
    xs = ax.get_lines()[0].get_xdata()
    assert max(xs) < 2014
    assert "Crimea" not in _visible_text(ax)  # events after the end are not marked
    with pytest.raises(ts.ValidationError, match="end"):
        plot.trade_events(end="2013")  # type: ignore[arg-type]
    with pytest.raises(ts.ValidationError, match="no data"):
        plot.trade_events(start=2010, end=2005)


def test_multi_year_events_are_shaded_spans() -> None:
    timeline = ts.us_russia().select("donbas_war", "crimea_annexation")
    donbas = timeline["donbas_war"]
    assert donbas.end is not None
    ax = plot.trade_events(timeline=timeline)
    spans = [patch for patch in ax.patches if patch.get_alpha() == pytest.approx(0.07)]
    assert len(spans) == 1  # Crimea (a month) is a line only
    span = spans[0]
    xs = [span.get_x(), span.get_x() + span.get_width()]
    assert min(xs) == pytest.approx(donbas.start.year + (donbas.start.first_day.month - 1) / 12)
    last = donbas.end.last_day  # 2022-02-24: the span ends after that day
    assert max(xs) == pytest.approx(last.year + (last.timetuple().tm_yday) / 365, abs=0.01)
    assert "Shaded: events lasting a year or more" in _visible_text(ax)


def test_all_events_are_thinned_so_numbers_never_overlap() -> None:
    timeline = ts.us_russia()
    ax = plot.trade_events(timeline=timeline)
    ax.figure.canvas.draw()
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    boxes = [t.get_window_extent() for t in numbers]
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    in_range = [ev for ev in timeline if 1992 <= _plot_base._event_x(ev) <= 2026]
    unnumbered = len(in_range) - len(numbers)
    assert unnumbered > 0
    assert f"Faint lines: {unnumbered} more events" in _visible_text(ax).replace("\n", " ")
    article = plot.trade_events()  # the slide's 19 events all keep their number
    assert len([t for t in article.texts if t.get_text().isdigit()]) == 19


# --------------------------------------------------------------------- shock_response labels

OVERLAPPED_BEFORE = [  # (event, flow, freq) whose labels collided before the label placement
    ("russia_financial_crisis_1998", "imports", "Y"),
    ("orange_revolution", "exports", "Y"),
    ("second_chechen_war", "imports", "M"),
    ("gazprombank_sanctions", "imports", "M"),
    ("crimea_annexation", "total", "Y"),
    ("putin_inauguration_2000", "imports", "M"),
]


@pytest.mark.parametrize(("event_id", "flow", "freq"), OVERLAPPED_BEFORE)
def test_shock_response_labels_and_legend_never_overlap(
    event_id: str, flow: str, freq: str
) -> None:
    event = ts.us_russia()[event_id]
    series = ts.load_trade("Russia", freq=freq)[flow]
    horizon = 5 if freq == "Y" else 36
    response = ts.shock_response(series, event, horizon=horizon)
    path = ts.counterfactual(series, event, horizon=horizon)
    ax = plot.shock_response(series, response, event=event, baseline=path)
    ax.figure.canvas.draw()
    inside = [t for t in ax.texts if t.get_text() and t not in _footnotes(ax)]
    boxes = [(t.get_text()[:24], t.get_window_extent()) for t in inside]
    boxes.append(("legend", ax.get_legend().get_window_extent()))
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
    assert clashes == []
    assert (
        len(boxes) >= 2
    )  # the event label and the legend (a response without a drop has no trough)

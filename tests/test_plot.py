"""Charts: rendered with Agg to real PNGs of sensible size, labels that do not overlap."""

from __future__ import annotations

import io
import itertools
import struct
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import tradeshock as ts  # noqa: E402
from tradeshock import plot  # noqa: E402
from tradeshock.resilience import counterfactual  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def png_size(ax: Any) -> tuple[int, int]:
    """Save the axes' figure as PNG and read width and height from the IHDR chunk."""
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = buffer.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert len(data) > 20_000  # a real picture, not an empty canvas
    return width, height


def badge_boxes(ax: Any) -> list[Any]:
    """Window extents of the numbered event badges (texts that are plain numbers)."""
    renderer = ax.figure.canvas.get_renderer()
    return [
        text.get_bbox_patch().get_window_extent(renderer)
        for text in ax.texts
        if text.get_text().isdigit() and text.get_bbox_patch() is not None
    ]


def test_trade_events_draws_chart_1_without_overlapping_labels() -> None:
    trade = ts.load_trade("Russia")
    article = ts.us_russia(article=True)
    ax = plot.trade_events(trade, article)
    width, height = png_size(ax)
    assert width >= 900
    assert height >= 500
    assert [line.get_label() for line in ax.get_lines()[:3]] == ["Exports", "Imports", "Balance"]
    # data drawn in USD billions: the 2011 imports peak read back from the line
    imports = ax.get_lines()[1].get_ydata()
    assert max(imports) == pytest.approx(trade["imports"].max() / 1000)
    boxes = badge_boxes(ax)
    assert len(boxes) == len(article)
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second), "event badges overlap"
    # every event named in the key under the chart, and the key's columns do not collide
    key = [text for text in ax.texts if "(" in text.get_text() and "\n" in text.get_text()]
    joined = "\n".join(text.get_text() for text in key)
    for event in article:
        assert event.label[:20] in joined
    renderer = ax.figure.canvas.get_renderer()
    extents = [text.get_window_extent(renderer) for text in key]
    for first, second in itertools.combinations(extents, 2):
        assert not first.overlaps(second), "key columns overlap"
    assert "Source: U.S. Census Bureau" in " ".join(text.get_text() for text in ax.texts)


def test_trade_events_on_a_given_axes_returns_it() -> None:
    _fig, (left, right) = plt.subplots(1, 2, figsize=(16, 5))
    returned = plot.trade_events(ts.load_trade("Canada"), ts.us_russia(article=True), ax=right)
    assert returned is right
    assert "Canada" in right.get_title(loc="left")
    assert not left.has_data()


def test_petroleum_imports_keeps_gaps() -> None:
    data = ts.load_petroleum_imports()
    ax = plot.petroleum_imports(data)
    width, height = png_size(ax)
    assert width >= 900
    assert height >= 400
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert {"Russia", "Canada", "Venezuela"} <= set(lines)
    venezuela = np.asarray(lines["Venezuela"].get_ydata(), dtype=float)
    # EIA left Venezuela 2020-2021 blank: NaN in the data, a gap in the line, never 0
    assert np.isnan(venezuela[-1])
    assert np.isnan(data["Venezuela"].iloc[-1])
    assert ax.get_ylabel() == data.attrs["units"]


def test_shock_response_marks_trough_and_baseline() -> None:
    total = ts.load_trade("Russia")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    response = ts.shock_response(total, crimea, baseline="trend", horizon=5)
    path = counterfactual(total, crimea, baseline="trend", horizon=5)
    ax = plot.shock_response(total, response, event=crimea, baseline=path)
    width, height = png_size(ax)
    assert width >= 800
    assert height >= 400
    labels = [line.get_label() for line in ax.get_lines()]
    assert "baseline (trend)" in labels
    baseline_line = ax.get_lines()[labels.index("baseline (trend)")]
    np.testing.assert_allclose(baseline_line.get_ydata(), path.to_numpy())
    texts = " ".join(text.get_text() for text in ax.texts)
    assert f"trough {response.trough}" in texts
    assert f"{100 * response.depth:+.1f}%" in texts


def test_shock_response_flat_baseline_and_recovery() -> None:
    imports = ts.load_trade("Russia")["imports"]
    crisis = ts.us_russia()["global_financial_crisis"]
    response = ts.shock_response(imports, crisis, baseline="pre_last", horizon=5)
    ax = plot.shock_response(imports, response)
    labels = [line.get_label() for line in ax.get_lines()]
    flat = ax.get_lines()[labels.index("baseline (pre_last)")].get_ydata()
    assert np.allclose(flat, response.baseline_value)
    if response.recovered:
        assert any("recovered" in text.get_text() for text in ax.texts)
    png_size(ax)


def test_shock_response_without_path_stops_at_the_horizon() -> None:
    total = ts.load_trade("Russia")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    response = ts.shock_response(total, crimea, horizon=3)  # P = 2014-2017, censored
    ax = plot.shock_response(total, response, event=crimea, horizon=3)
    labels = [line.get_label() for line in ax.get_lines()]
    flat = ax.get_lines()[labels.index("baseline (pre_mean)")].get_xdata()
    assert len(flat) == 4  # 2014 ... 2017, not to the end of the series
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "not recovered by 2017" in legend
    with pytest.raises(ts.ValidationError, match="horizon"):
        plot.shock_response(total, response, horizon=-1)


def test_shock_response_of_a_plain_series_claims_no_units_or_source() -> None:
    import pandas as pd

    index = pd.period_range("2010", periods=7, freq="Y", name="period")
    widgets = pd.Series([10.0, 10, 10, 6, 8, 10, 11], index=index, name="widgets")
    ax = plot.shock_response(widgets, ts.shock_response(widgets, "2013"))
    footnote = ax.texts[-1].get_text()
    assert footnote == "Cumulative loss 6 (30.0% of the baseline over the span)."
    assert ax.get_ylabel() == ""


def test_trough_label_has_a_white_box_over_the_data() -> None:
    total = ts.load_trade("Russia", freq="M")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    ax = plot.shock_response(total, ts.shock_response(total, crimea, horizon=36))
    (label,) = [text for text in ax.texts if text.get_text().startswith("trough")]
    assert label.get_bbox_patch() is not None
    assert label.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_composition_stacks_groups() -> None:
    comp = ts.load_trade_composition("Russia")
    events = ts.us_russia().select("full_scale_invasion_ukraine", "russian_uranium_import_ban")
    ax = plot.composition(comp, events)
    png_size(ax)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert {"Oil and petroleum products", "Metals", "Everything else"} <= set(labels)
    # stacked in USD billions: the top of the stack is the largest yearly total
    top = max(np.asarray(c.get_paths()[0].vertices[:, 1]).max() for c in ax.collections)
    assert top == pytest.approx(comp.sum(axis=1).max() / 1000, rel=1e-6)
    assert len(badge_boxes(ax)) == 2


def test_bad_inputs_raise_typed_errors() -> None:
    trade = ts.load_trade("Russia")
    with pytest.raises(ts.ValidationError, match="balance"):
        plot.trade_events(trade[["exports", "imports"]], [])
    with pytest.raises(ts.ValidationError, match="PeriodIndex"):
        plot.trade_events(trade.reset_index(drop=True), [])


def test_import_tradeshock_does_not_import_matplotlib() -> None:
    code = "import sys, tradeshock, tradeshock.plot; assert 'matplotlib' not in sys.modules"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_composition_draws_unknown_values_as_gaps(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.axes import Axes

    drawn: list[list[np.ndarray]] = []
    original = Axes.stackplot

    def spy(self: Axes, x: object, *ys: object, **kw: object) -> object:
        drawn.append([np.asarray(y, dtype=float) for y in ys[0]])  # type: ignore[index]
        return original(self, x, *ys, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Axes, "stackplot", spy)
    comp = ts.load_trade_composition("Russia")
    comp.loc["2018", :] = np.nan
    ax = plot.composition(comp)
    row = list(comp.index.astype(str)).index("2018")
    assert drawn
    assert all(np.isnan(layer[row]) for layer in drawn[0])
    assert all(np.isfinite(layer[0]) for layer in drawn[0])
    plt.close(ax.figure)

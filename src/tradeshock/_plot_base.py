"""Shared pieces of the charts: colours, the lazy pyplot import, x scale, footnotes (private).

Kept apart from [`tradeshock.plot`][tradeshock.plot] so that the chart modules (``plot`` itself and
``_plot_synthetic``) import them from one floor down instead of from each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .events import Event

# Okabe–Ito colours (readable for colour-blind viewers and on a projector).
COLORS = {
    "exports": "#0072B2",
    "imports": "#E69F00",
    "balance": "#333333",
    "total": "#009E73",
}
ORIGIN_COLORS = {"Russia": "#D55E00", "Canada": "#0072B2", "Venezuela": "#009E73"}
DIRECTION_COLORS = {"escalation": "#B2182B", "de-escalation": "#1A9850", "neutral": "#777777"}
GROUP_COLORS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
FOOTNOTE_SIZE = 7.5
# white box behind labels drawn over the data, so they stay legible where they cross a line
LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _pyplot() -> Any:
    """Import pyplot lazily, with a clear message when the ``plot`` extra is missing."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "tradeshock.plot needs matplotlib; install the plot extra: "
            "pip install 'tradeshock[plot]'"
        ) from exc
    return plt


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, new_ax = _pyplot().subplots(figsize=figsize)
    return new_ax  # type: ignore[no-any-return]


def _x(index: pd.Index) -> np.ndarray:
    """Map a PeriodIndex to decimal years at the middle of each period (shared x scale)."""
    periods = _periods(index)
    start = periods.start_time
    end = periods.end_time
    middle = start + (end - start) / 2
    return _decimal_years(middle)


def _periods(index: pd.Index) -> pd.PeriodIndex:
    if not isinstance(index, pd.PeriodIndex):
        raise ValidationError("data must have a PeriodIndex named 'period' (freq 'Y' or 'M')")
    return index


def _is_annual(index: pd.Index) -> bool:
    return str(_periods(index).freqstr).startswith("Y")


def _value_at(series: pd.Series, period: Any) -> float:
    return float(series.to_numpy(dtype=float)[_periods(series.index).get_loc(period)])


def _decimal_years(stamps: pd.DatetimeIndex) -> np.ndarray:
    years = stamps.year.to_numpy()
    day = stamps.day_of_year.to_numpy() - 1
    days_in_year = np.where(stamps.is_leap_year, 366, 365)
    return years + day / days_in_year


def _event_x(event: Event) -> float:
    """Decimal year of an event's start (month precision is enough on a chart)."""
    period = event.period("M")
    return float(period.year + (period.month - 1) / 12)


def _event_when(event: Event) -> str:
    period = event.period("M")
    return f"{period.strftime('%b %Y')}"


def _direction(event: Event) -> str:
    return str(event.direction)  # Direction's str() is its value


def _wrap_to_axes(ax: Axes, text: str, fontsize: float = FOOTNOTE_SIZE) -> str:
    """Wrap each line of ``text`` to the axes' width (about 0.5 em per character).

    Words are never split, so a long URL keeps a line of its own rather than being cut.
    """
    import textwrap

    figure: Any = ax.figure
    width_pt = float(figure.get_figwidth()) * 72 * ax.get_position().width
    columns = max(40, int(width_pt / (fontsize * 0.52)))
    return "\n".join(
        textwrap.fill(line, columns, break_long_words=False, break_on_hyphens=False)
        for line in text.splitlines()
    )


def _footnote(ax: Axes, text: str, offset_points: float) -> None:
    ax.annotate(
        _wrap_to_axes(ax, text),
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -offset_points),
        textcoords="offset points",
        va="top",
        ha="left",
        fontsize=FOOTNOTE_SIZE,
        color="#555555",
    )


def _source_line(data: pd.DataFrame | pd.Series, agency: str, *, table: str | None = None) -> str:
    """One footnote line: agency, upstream URL, where the numbers came from.

    With ``table`` the line names the agency and its table only: the copy the numbers were
    read from (e.g. a mirror) is left to ``tradeshock.catalog()``, not put on a slide.
    """
    url = data.attrs.get("upstream_url")
    where = _attr(data, "source", "bundled")
    bundled = where.startswith("bundled") or "(bundled snapshot)" in where
    described = where.removeprefix("bundled snapshot: ").replace(" (bundled snapshot)", "")
    origin = agency if described == "bundled" else described
    if table is not None:
        origin = f"{agency}, {table}"
    if url:
        origin += f" ({url})"
    if bundled and table is not None:
        return (
            f"Source: {origin}; bundled snapshot (the copy it was read from and its vintage: "
            "tradeshock.catalog())."
        )
    if bundled:
        return f"Source: {origin}; bundled snapshot, vintages in tradeshock.catalog()."
    return f"Source: {origin}; fetched live."


def _attr(frame: pd.DataFrame | pd.Series, key: str, default: str) -> str:
    value = frame.attrs.get(key)
    return default if value in (None, "") else str(value)

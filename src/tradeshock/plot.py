"""Charts (needs the ``plot`` extra: ``pip install 'tradeshock[plot]'``).

Each function takes an optional matplotlib ``Axes`` (a new figure is made when it is omitted)
and returns the ``Axes`` it drew on, with a title, units and the data sources in a footnote.
matplotlib is imported only when a function is called, never at ``import tradeshock``; this
module never selects a backend (the CLI and the tests use ``Agg``).

To save a chart in code that ``mypy --strict`` checks, make the figure yourself and pass its
axes (``ax.figure`` is typed ``Figure | SubFigure``, and a ``SubFigure`` cannot be saved).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from tradeshock import plot
    >>> fig, ax = plt.subplots(figsize=(11.5, 6.2))
    >>> ax = plot.trade_events(ax=ax)
    >>> ax.get_title(loc="left")
    'U.S. goods trade with Russia and political events, 1992–2025'
    >>> fig.savefig("trade_events.png", dpi=150, bbox_inches="tight")

"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._plot_base import (
    COLORS,
    DIRECTION_COLORS,
    GROUP_COLORS,
    LABEL_BOX,
    ORIGIN_COLORS,
    _attr,
    _axes,
    _direction,
    _event_when,
    _event_x,
    _footnote,
    _is_annual,
    _periods,
    _source_line,
    _value_at,
    _wrap_to_axes,
    _x,
)
from .errors import ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .event_study import EventStudy
    from .events import Event, Timeline
    from .resilience import ShockResponse
    from .synthetic import ConformalIntervals, SyntheticControl, SyntheticPlacebo

__all__ = [
    "composition",
    "event_study",
    "petroleum_imports",
    "shock_response",
    "synthetic_control",
    "trade_events",
]


def _stagger(xs: Sequence[float], min_gap: float) -> list[int]:
    """Assign each x (sorted) the lowest row whose last badge is at least ``min_gap`` away."""
    last: list[float] = []
    rows = []
    for x in xs:
        for row, previous in enumerate(last):
            if x - previous >= min_gap:
                last[row] = x
                rows.append(row)
                break
        else:
            last.append(x)
            rows.append(len(last) - 1)
    return rows


def _short_label(event: Event, width: int = 36) -> str:
    """Return an event's label without its parenthetical (for labels drawn on a chart)."""
    return _shorten(event.label.split(" (")[0], width)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def mark_events(
    ax: Axes,
    events: Iterable[Event],
    *,
    key: bool = True,
    key_columns: int | None = None,
    key_offset: float = 24.0,
) -> float:
    """Mark events as numbered vertical lines with a numbered key under the axes.

    Numbers sit in staggered rows at the top of the axes so that close events never
    overlap; the key (number, label, month) is laid out in columns below the x axis.
    Lines are coloured by direction (red escalation, green de-escalation, grey neutral).
    Returns the vertical space (points) the key takes below the axes, so a footnote can
    go underneath.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> import tradeshock as ts
        >>> fig, ax = plt.subplots()
        >>> _ = ax.set_xlim(1992, 2026)
        >>> height = mark_events(ax, ts.us_russia(article=True))
        >>> height > 0
        True

    """
    from matplotlib.transforms import blended_transform_factory

    left, right = ax.get_xlim()
    every = sorted((e for e in events if left <= _event_x(e) <= right), key=_event_x)
    if not every:
        return 0.0
    _shade_spans(ax, every)
    numbered = _thin(every, min_gap=(right - left) * 0.022)
    for event in every:
        if event not in numbered:  # too crowded for a number: a faint line, counted in a note
            color = DIRECTION_COLORS.get(_direction(event), "#777777")
            ax.axvline(_event_x(event), color=color, linewidth=0.6, alpha=0.35, zorder=1)
    items = [event for event in every if event in numbered]
    xs = [_event_x(event) for event in items]
    rows = [numbered[event] for event in items]
    transform = blended_transform_factory(ax.transData, ax.transAxes)
    for number, (event, x, row) in enumerate(zip(items, xs, rows, strict=True), start=1):
        color = DIRECTION_COLORS.get(_direction(event), "#777777")
        ax.axvline(x, color=color, linewidth=0.8, linestyle=(0, (3, 2)), alpha=0.7, zorder=1)
        ax.text(
            x,
            0.975 - 0.065 * row,
            str(number),
            transform=transform,
            ha="center",
            va="top",
            fontsize=7.5,
            fontweight="bold",
            color="white",
            bbox={"boxstyle": "round,pad=0.25", "facecolor": color, "edgecolor": "none"},
            zorder=5,
        )
    if not key:
        return 0.0
    # Fit the key's columns to the axes width: about 0.55 em per character at 8 pt.
    figure: Any = ax.figure
    figure_width_pt = float(figure.get_figwidth()) * 72 * ax.get_position().width
    char_pt = 8 * 0.56
    full = [f"{event.label} ({_event_when(event)})" for event in items]
    columns = key_columns or max(1, min(3, int(figure_width_pt // (char_pt * 48))))
    per_column = -(-len(full) // columns)
    width = int(figure_width_pt / columns / char_pt) - 5
    lines = [
        f"{number:>2}  {_shorten(event.label, width - 11)} ({_event_when(event)})"
        for number, event in enumerate(items, start=1)
    ]
    for column in range(columns):
        chunk = lines[column * per_column : (column + 1) * per_column]
        if not chunk:
            continue
        ax.annotate(
            "\n".join(chunk),
            xy=(column / columns, 0),
            xycoords="axes fraction",
            xytext=(0, -key_offset),
            textcoords="offset points",
            va="top",
            ha="left",
            fontsize=8,
            linespacing=1.35,
        )
    legend_y = key_offset + per_column * 8 * 1.35 + 6
    direction_note = "Event lines: red = escalation, green = de-escalation, grey = neutral."
    if any(_years_long(event) for event in every):
        direction_note += " Shaded: events lasting a year or more (start to end)."
    unnumbered = len(every) - len(items)
    if unnumbered:
        direction_note += (
            f" Faint lines: {unnumbered} more events, too close to number "
            "(list them with `tradeshock events --events all`)."
        )
    _footnote(ax, direction_note, legend_y)
    return legend_y + 12 + 10 * (_wrap_to_axes(ax, direction_note).count("\n"))


#: at most this many rows of event numbers at the top of a chart; more events are thinned
MAX_NUMBER_ROWS = 4


def _thin(events: Sequence[Event], min_gap: float) -> dict[Event, int]:
    """Pick the events that get a number and the row of each, so that numbers never overlap.

    Escalations and de-escalations go first, then neutral events, each in date order; an
    event is numbered in the first of ``MAX_NUMBER_ROWS`` rows where it is at least
    ``min_gap`` from every number already there, else it is left unnumbered.
    """
    rows: list[list[float]] = [[] for _ in range(MAX_NUMBER_ROWS)]
    chosen: dict[Event, int] = {}
    for event in sorted(events, key=lambda e: (_direction(e) == "neutral", _event_x(e))):
        x = _event_x(event)
        for row, taken in enumerate(rows):
            if all(abs(x - other) >= min_gap for other in taken):
                taken.append(x)
                chosen[event] = row
                break
    return chosen


def _years_long(event: Event) -> bool:
    """Whether an event lasts a year or more (drawn as a shaded span)."""
    return event.end is not None and (event.end.last_day - event.start.first_day).days >= 365


def _shade_spans(ax: Axes, events: Iterable[Event]) -> None:
    """Shade each multi-year event from its start to the end of its end date."""
    right = ax.get_xlim()[1]
    for event in events:
        if not _years_long(event):
            continue
        assert event.end is not None
        last = event.end.last_day
        end_x = last.year + (last.timetuple().tm_yday) / (366 if last.year % 4 == 0 else 365)
        color = DIRECTION_COLORS.get(_direction(event), "#777777")
        ax.axvspan(
            _event_x(event), min(end_x, right), color=color, alpha=0.07, linewidth=0, zorder=0
        )


def _year_axis(ax: Axes, first: float, last: float) -> None:
    from matplotlib.ticker import MultipleLocator

    ax.set_xlim(first, last)
    span = last - first
    ax.xaxis.set_major_locator(MultipleLocator(2 if span <= 40 else 5))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def trade_events(
    trade: pd.DataFrame | None = None,
    timeline: Timeline | Iterable[Event] | None = None,
    *,
    ax: Axes | None = None,
    partner: str | None = None,
    start: int = 1992,
    end: int | None = None,
    key: bool = True,
) -> Axes:
    """Draw the article's Chart 1: exports, imports and balance with political events.

    ``trade`` is a [`load_trade`][tradeshock.load_trade] frame (default: Russia, annual,
    bundled); ``timeline`` the events to mark (default: ``us_russia(article=True)``).
    ``start`` and ``end`` are the first and last years drawn (default: 1992 to the end of the
    data). Values are drawn in USD billions at the middle of each period; events are numbered
    lines with a key below the chart (when they are too close to number, the extra ones are
    faint unnumbered lines); events lasting a year or more are shaded from start to end.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import tradeshock as ts
        >>> ax = trade_events(ts.load_trade("Russia"), ts.us_russia(article=True))
        >>> [line.get_label() for line in ax.get_lines()[:3]]
        ['Exports', 'Imports', 'Balance']

    """
    from .events import us_russia
    from .sources import load_trade

    if trade is None:
        trade = load_trade(partner or "Russia")
    if timeline is None:
        timeline = us_russia(article=True)
    missing = [column for column in ("exports", "imports", "balance") if column not in trade]
    if missing:
        raise ValidationError(f"trade is missing column(s) {', '.join(missing)}")
    name = partner or _attr(trade, "partner", "Russia")
    for argument, year in (("start", start), ("end", end)):
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ValidationError(f"{argument}={year!r} must be a year (int)")
    years = _periods(trade.index).year
    data = trade.loc[(years >= start) & (years <= (end if end is not None else years.max()))]
    if data.empty:
        raise ValidationError(f"trade has no data from {start} to {end or 'the end'}")
    ax = _axes(ax, (11.5, 6.2))
    x = _x(data.index)
    scale = 1000.0  # USD millions → billions, for readable tick labels
    for column, label, style in (
        ("exports", "Exports", "-"),
        ("imports", "Imports", "-"),
        ("balance", "Balance", "--"),
    ):
        ax.plot(
            x,
            data[column].to_numpy(dtype=float) / scale,
            style,
            color=COLORS[column],
            linewidth=2.2 if column != "balance" else 1.6,
            marker="o" if _is_annual(data.index) else None,
            markersize=3.5,
            label=label,
            zorder=3,
        )
    ax.axhline(0, color="#999999", linewidth=0.8, zorder=2)
    first_year = int(_periods(data.index).year.min())
    last_year = int(_periods(data.index).year.max())
    _year_axis(ax, first_year, last_year + 1)
    low = float(np.nanmin(data[["exports", "imports", "balance"]].to_numpy(dtype=float))) / scale
    high = float(np.nanmax(data[["exports", "imports", "balance"]].to_numpy(dtype=float))) / scale
    # headroom at the top for up to four rows of event numbers
    ax.set_ylim(min(low, 0) - 0.05 * (high - low), high + 0.38 * (high - min(low, 0)))
    ax.set_ylabel("USD billions (nominal)")
    ax.set_title(
        f"U.S. goods trade with {name} and political events, {first_year}–{last_year}",
        fontsize=13,
        loc="left",
    )
    ax.legend(loc="lower left", frameon=False, fontsize=9, ncols=3)
    used = mark_events(ax, timeline, key=key)
    _footnote(
        ax,
        f"{_source_line(trade, 'U.S. Census Bureau')}\nExports f.a.s., general imports "
        "customs value, not seasonally adjusted; balance = exports − imports. Events: the "
        "bundled U.S.–Russia timeline (tradeshock.us_russia), each with a source URL.",
        max(used, 24.0),
    )
    return ax


def _default_petroleum_events() -> list[Event]:
    from .events import us_russia

    wanted = ("global_financial_crisis", "pdvsa_sanctions", "full_scale_invasion_ukraine")
    return [event for event in us_russia() if event.id in wanted]


def petroleum_imports(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    events: Iterable[Event] | None = None,
    missing: str = "skip",
) -> Axes:
    """Draw the article's Chart 2: U.S. petroleum imports from Russia, Canada and Venezuela.

    ``data`` is a
    [`tradeshock.load_petroleum_imports`][tradeshock.sources.energy.load_petroleum_imports] frame
    (default: the three origins, crude oil and products, annual, bundled). Years the source leaves
    blank stay gaps (``missing="skip"``, the default); ``missing="zero"`` draws them as zero
    imports, as EIA means a blank after an embargo (Venezuela 2020-2021). A few events are marked
    and labelled directly (default: the global financial crisis, the PDVSA sanctions, the 2022
    invasion, when inside the data).

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = petroleum_imports()
        >>> sorted(line.get_label() for line in ax.get_lines()[:3])
        ['Canada', 'Russia', 'Venezuela']

    """
    from matplotlib.ticker import FuncFormatter

    from .sources import load_petroleum_imports

    if data is None:
        data = load_petroleum_imports()
    if data.empty or len(data.columns) == 0:
        raise ValidationError("data has no origins to plot")
    if missing not in ("skip", "zero"):
        raise ValidationError(f"missing={missing!r}: use 'skip' or 'zero'")
    if missing == "zero":
        data = data.fillna(0.0)  # the caller asserts that a blank means no imports
    ax = _axes(ax, (11.5, 6.0))
    x = _x(data.index)
    annual = _is_annual(data.index)
    for position, column in enumerate(data.columns):
        color = ORIGIN_COLORS.get(str(column), GROUP_COLORS[position % len(GROUP_COLORS)])
        ax.plot(
            x,
            data[column].to_numpy(dtype=float),
            color=color,
            linewidth=2.2,
            marker="o" if annual else None,
            markersize=3.5,
            label=str(column),
            zorder=3,
        )
    first_year = int(_periods(data.index).year.min())
    last_year = int(_periods(data.index).year.max())
    _year_axis(ax, first_year, last_year + 1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    top = float(np.nanmax(data.to_numpy(dtype=float)))
    ax.set_ylim(0, top * 1.15)
    units = _attr(data, "units", "thousand barrels")
    ax.set_ylabel(units)
    ax.set_title(
        f"U.S. imports of {_product_text(data)} by origin, {first_year}–{last_year}",
        fontsize=13,
        loc="left",
    )
    ax.legend(loc="upper left", frameon=False, fontsize=10)
    marked = list(events) if events is not None else _default_petroleum_events()
    shown = [event for event in marked if first_year <= _event_x(event) <= last_year + 1]
    for event in shown:
        xe = _event_x(event)
        color = DIRECTION_COLORS.get(_direction(event), "#777777")
        ax.axvline(xe, color=color, linestyle=(0, (3, 2)), linewidth=0.9, alpha=0.8, zorder=1)
        ax.annotate(
            f"{_short_label(event)}\n{_event_when(event)}",
            xy=(xe, 0.98),
            xycoords=("data", "axes fraction"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=8,
            color=color,
        )
    _footnote(
        ax,
        f"{_source_line(data, EIA, table=PETROLEUM_TABLE)}\nCountry of origin "
        "as declared to U.S. Customs. Gaps are years with no published value (blank, not zero).",
        24.0,
    )
    return ax


EIA = "U.S. Energy Information Administration (EIA)"
PETROLEUM_TABLE = "U.S. Imports by Country of Origin"


def _product_text(data: pd.DataFrame) -> str:
    product = str(data.attrs.get("product", "crude_and_products"))
    return {
        "crude_and_products": "crude oil and petroleum products",
        "crude": "crude oil",
    }.get(product, product.replace("_", " "))


def _baseline_path(
    series: pd.Series, response: ShockResponse, path: pd.Series | None, horizon: int | None
) -> tuple[pd.Series, str]:
    """Return the counterfactual path b_t over the post-shock span and a label for it."""
    if path is not None:
        if not isinstance(path, pd.Series) or path.empty:
            raise ValidationError("baseline must be a non-empty Series (see counterfactual())")
        return path.astype(float), f"baseline ({response.baseline_method})"
    shock = response.shock_period
    after = series.loc[series.index >= shock]
    if horizon is not None:
        if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 0:
            raise ValidationError(f"horizon must be a whole number >= 0, got {horizon!r}")
        after = after.loc[after.index <= shock + horizon]
    constant = pd.Series(float(response.baseline_value), index=after.index)
    if response.baseline_method in ("pre_mean", "pre_last"):
        return constant, f"baseline ({response.baseline_method})"
    return constant, f"mean of the {response.baseline_method} baseline"


def shock_response(
    series: pd.Series,
    response: ShockResponse,
    *,
    ax: Axes | None = None,
    event: Event | None = None,
    baseline: pd.Series | None = None,
    before: int | None = None,
    horizon: int | None = None,
) -> Axes:
    """Draw one shock response: the series, the baseline, the shortfall, trough and recovery.

    ``response`` is what [`tradeshock.shock_response`][tradeshock.resilience.shock_response]
    returned for ``series``. The shaded area between the baseline and the series from the shock to
    the recovery (or the end of the post-shock span P) is the cumulative loss. ``baseline`` is the
    counterfactual path b_t from
    [`tradeshock.resilience.counterfactual`][tradeshock.resilience.counterfactual] (called with the
    same arguments), which also fixes P; without it the baseline is drawn flat at
    ``response.baseline_value`` (exact for ``pre_mean`` and ``pre_last``) from the shock to ``shock
    + horizon`` — pass the ``horizon`` you gave
    [`tradeshock.shock_response`][tradeshock.resilience.shock_response], else P runs to the end of
    the series. ``before`` limits how many periods before the shock are shown (default 9 years or 36
    months).

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import tradeshock as ts
        >>> total = ts.load_trade("Russia")["total"]
        >>> crimea = ts.us_russia()["crimea_annexation"]
        >>> ax = shock_response(total, ts.shock_response(total, crimea), event=crimea)
        >>> "trough" in " ".join(text.get_text() for text in ax.texts)
        True

    """
    if not isinstance(series, pd.Series):
        raise ValidationError("series must be a pandas Series with a PeriodIndex")
    shock = response.shock_period
    annual = _is_annual(series.index)
    lead = before if before is not None else (9 if annual else 36)
    shown = series.loc[series.index >= shock - lead]
    ax = _axes(ax, (10.5, 5.8))
    x = _x(shown.index)
    path, path_label = _baseline_path(series, response, baseline, horizon)
    _draw_series_and_path(ax, series, shown, path, path_label, annual=annual)
    _shade_shortfall(ax, series, response, path)
    label = event.label if event is not None else f"shock {shock}"
    _mark_shock(ax, shock, label, x)
    values = np.concatenate([shown.to_numpy(dtype=float), path.to_numpy(dtype=float)])
    ceiling = float(np.nanmax(values)) * 1.2
    ax.set_ylim(0, ceiling)
    trough_label = _mark_trough(ax, series, response, x, ceiling)
    recovery_label = _mark_recovery(ax, series, response, path, annual=annual)
    movable = [text for text in (trough_label, recovery_label) if text is not None]
    _finish_response(ax, series, response, x, label, annual=annual, movable=movable)
    return ax


def _draw_series_and_path(
    ax: Axes,
    series: pd.Series,
    shown: pd.Series,
    path: pd.Series,
    path_label: str,
    *,
    annual: bool,
) -> None:
    """Draw the observed series (solid) and the counterfactual baseline path (dashed)."""
    ax.plot(
        _x(shown.index),
        shown.to_numpy(dtype=float),
        color=COLORS["exports"],
        linewidth=2.2,
        marker="o" if annual else None,
        markersize=4,
        label=str(series.name or "series"),
        zorder=3,
    )
    ax.plot(
        _x(path.index),
        path.to_numpy(),
        color="#333333",
        linestyle="--",
        linewidth=1.6,
        label=path_label,
        zorder=2,
    )


def _shade_shortfall(ax: Axes, series: pd.Series, response: ShockResponse, path: pd.Series) -> None:
    """Shade the cumulative loss: shock … recovery−1, or to the end when censored."""
    shock = response.shock_period
    end = response.recovery if response.recovered else path.index[-1] + 1
    span = path.loc[(path.index >= shock) & (path.index < end)]
    actual = series.reindex(span.index).to_numpy(dtype=float)
    if len(span):
        ax.fill_between(
            _x(span.index),
            actual,
            span.to_numpy(),
            where=actual < span.to_numpy(),
            color="#D55E00",
            alpha=0.18,
            interpolate=True,
            label="shortfall (cumulative loss)",
            zorder=1,
        )


def _mark_shock(ax: Axes, shock: pd.Period, label: str, x: np.ndarray) -> None:
    """Draw a dashed line at the shock, labelled on the side with room."""
    shock_x = float(_x(pd.PeriodIndex([shock]))[0])
    ax.axvline(shock_x, color="#B2182B", linestyle=(0, (3, 2)), linewidth=1)
    right_half = shock_x > float(x.min()) + 0.5 * (float(x.max()) - float(x.min()))
    ax.annotate(
        f"{_shorten(label, 34)}\n({shock})",
        xy=(shock_x, 0.97),
        xycoords=("data", "axes fraction"),
        xytext=(-5 if right_half else 5, 0),
        textcoords="offset points",
        ha="right" if right_half else "left",
        va="top",
        fontsize=8.5,
        color="#B2182B",
    )


def _mark_trough(
    ax: Axes, series: pd.Series, response: ShockResponse, x: np.ndarray, ceiling: float
) -> Any:
    """Mark the trough and the depth, labelled where the label fits; return the label."""
    if response.trough is None or pd.isna(response.depth):
        return None
    trough_y = _value_at(series, response.trough)
    trough_x = float(_x(pd.PeriodIndex([response.trough]))[0])
    ax.plot([trough_x], [trough_y], "v", color="#B2182B", markersize=10, zorder=4)
    low_in_axes = trough_y < 0.15 * ceiling  # no room for two lines below: label above
    where = (trough_x - float(x.min())) / max(float(x.max()) - float(x.min()), 1e-9)
    return ax.annotate(
        f"trough {response.trough}\n{100 * response.depth:+.1f}% vs baseline",
        xy=(trough_x, trough_y),
        xytext=(0, 14 if low_in_axes else -16),
        textcoords="offset points",
        ha="right" if where > 0.85 else "left" if where < 0.15 else "center",
        va="bottom" if low_in_axes else "top",
        fontsize=9,
        color="#B2182B",
        bbox=LABEL_BOX,
        zorder=5,
    )


def _mark_recovery(
    ax: Axes, series: pd.Series, response: ShockResponse, path: pd.Series, *, annual: bool
) -> Any:
    """Mark the recovery point (return its label), or say "not recovered by …" in the legend."""
    if response.recovered and response.recovery is not None:
        rec_y = _value_at(series, response.recovery)
        rec_x = float(_x(pd.PeriodIndex([response.recovery]))[0])
        unit = "year" if annual else "month"
        n = response.time_to_recovery
        ax.plot([rec_x], [rec_y], "^", color="#1A9850", markersize=10, zorder=4)
        return ax.annotate(
            f"recovered {response.recovery}\n({n} {unit}{'s' if n != 1 else ''} after the shock)",
            xy=(rec_x, rec_y),
            xytext=(0, 14),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            color="#1A9850",
            bbox=LABEL_BOX,
            zorder=5,
        )
    # in the legend, where it can never collide with the data or the labels
    ax.plot([], [], " ", label=f"not recovered by {path.index[-1]}")
    return None


def _finish_response(
    ax: Axes,
    series: pd.Series,
    response: ShockResponse,
    x: np.ndarray,
    label: str,
    *,
    annual: bool,
    movable: Sequence[Any] = (),
) -> None:
    """Set axes, title, legend and the footnote; move ``movable`` labels clear of each other."""
    from matplotlib.ticker import FuncFormatter

    # any series can be drawn: state units and source only when its attrs carry them
    units = _attr(series, "units", "")
    first_year = float(x.min()) - 0.5 if annual else float(x.min())
    _year_axis(ax, first_year, float(x.max()) + (0.5 if annual else 0.1))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_ylabel(units)
    ax.set_title(
        f"{_series_title(series)}: response to "
        f"{_shorten(label, 40)} (baseline {response.baseline_method})",
        fontsize=12,
        loc="left",
    )
    legend = ax.legend(loc="best", frameon=False, fontsize=9)
    if not response.recovered:
        legend.get_texts()[-1].set_color("#B2182B")
        legend.get_texts()[-1].set_fontweight("bold")
    _separate_labels(ax, movable)
    loss = response.cumulative_loss
    note = (
        f"Cumulative loss {loss:,.0f}{' ' + units if units else ''} "
        f"({100 * response.relative_loss:.1f}% of the baseline over the span)."
    )
    if series.attrs.get("source"):
        note += "\n" + _source_line(series, "U.S. Census Bureau")
    _footnote(ax, note, 24.0)


LEGEND_PLACES: tuple[Any, ...] = (
    "best",
    "upper right",
    "upper left",
    "lower right",
    "lower left",
    "center right",
)


def _text_box(artist: Any, pad_px: float = 4.0) -> Any:
    """Return the window extent of a text or legend, with a margin for a label's box."""
    return artist.get_window_extent().padded(pad_px)


def _clear_offset(label: Any, placed: Sequence[Any], inside: Any, direction: float) -> bool:
    """Move ``label`` vertically in ``direction`` until clear of ``placed``.

    Returns False when the label would leave ``inside`` (the axes) on the way.
    """
    points_per_px = 72.0 / float(label.figure.dpi)
    dx, dy = label.xyann
    for _ in range(30):
        box = _text_box(label)
        if box.y0 < inside.y0 or box.y1 > inside.y1:
            return False
        hit = next((other for other in placed if box.overlaps(other)), None)
        if hit is None:
            return True
        overlap = hit.y1 - box.y0 if direction > 0 else box.y1 - hit.y0
        dy += direction * (overlap * points_per_px + 2.0)
        label.xyann = (dx, dy)
    return False


def _separate_labels(ax: Axes, movable: Sequence[Any]) -> None:
    """Move labels and the legend until no two of them overlap (measured with the renderer).

    The legend takes the first place in ``LEGEND_PLACES`` clear of every label; then each
    ``movable`` annotation (offset in points from its anchor) in turn moves away from its
    anchor by the overlap — down when it sits below the point, up otherwise, the other way
    when that would leave the axes — until clear of the fixed labels, the legend and the
    labels placed before it.
    """
    fixed: list[Any] = [text for text in ax.texts if text not in movable and text.get_text()]
    legend = ax.get_legend()
    if legend is not None:
        labels = [_text_box(text) for text in [*fixed, *movable]]
        for place in LEGEND_PLACES:
            legend.set_loc(place)
            if not any(_text_box(legend).overlaps(box) for box in labels):
                break
        fixed.append(legend)
    placed = [_text_box(artist) for artist in fixed]
    inside = ax.get_window_extent()
    for label in movable:
        start = label.xyann
        direction = -1.0 if start[1] < 0 else 1.0
        if not _clear_offset(label, placed, inside, direction):
            label.xyann = start
            _clear_offset(label, placed, inside, -direction)
        placed.append(_text_box(label))


def _series_title(series: pd.Series) -> str:
    name = str(series.name or "series")
    partner = series.attrs.get("partner")
    if not partner:
        return name.capitalize()
    return {
        "exports": f"U.S. exports to {partner}",
        "imports": f"U.S. imports from {partner}",
        "total": f"U.S. trade with {partner} (total)",
        "balance": f"U.S. trade balance with {partner}",
    }.get(name, f"{name.capitalize()} ({partner})")


def composition(
    data: pd.DataFrame,
    timeline: Timeline | Iterable[Event] | None = None,
    *,
    groups: Mapping[str, Sequence[Any]] | None = None,
    largest: int = 5,
    ax: Axes | None = None,
    key: bool = True,
) -> Axes:
    """Draw a stacked area of commodity groups over time, with events marked.

    ``data`` is a
    [`tradeshock.load_trade_composition`][tradeshock.sources.composition.load_trade_composition]
    frame (one column per category, USD millions). ``groups`` maps a group name to its category
    codes (default: `tradeshock.commodity_groups` for the frame's basis, which must not overlap);
    the ``largest`` groups are drawn and everything else (smaller groups and categories in no group)
    is drawn as "other". ``timeline`` (default: none) adds numbered event lines with a key.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import tradeshock as ts
        >>> ax = composition(ts.load_trade_composition("Russia"))
        >>> ax.get_ylabel()
        'USD billions'

    """
    grouped = _group_columns(data, groups, largest)
    ax = _axes(ax, (11.5, 6.0))
    x = _x(grouped.index)
    # unknown stays unknown: a NaN leaves a gap in its layer and those above, never a zero
    values = [grouped[column].to_numpy(dtype=float) / 1000.0 for column in grouped]
    colors = [
        "#BBBBBB" if column == "other" else GROUP_COLORS[i % len(GROUP_COLORS)]
        for i, column in enumerate(grouped.columns)
    ]
    labels = [_group_label(str(c)) for c in grouped.columns]
    ax.stackplot(x, values, labels=labels, colors=colors, alpha=0.85)
    first_year = int(_periods(grouped.index).year.min())
    last_year = int(_periods(grouped.index).year.max())
    _year_axis(ax, first_year, last_year + 1)  # whole years: the first one is labelled too
    total = np.nansum(np.vstack(values), axis=0)
    ax.set_ylim(0, float(np.nanmax(total)) * (1.45 if timeline is not None else 1.15))
    ax.set_ylabel("USD billions")
    basis = _attr(data, "basis", "enduse")
    flow = _attr(data, "flow", "imports")
    partner = _attr(data, "partner", "")
    ax.set_title(
        f"U.S. {flow} {'from' if flow == 'imports' else 'to'} {partner} by commodity group "
        f"({basis}), {first_year}–{last_year}".replace("  ", " "),
        fontsize=13,
        loc="left",
    )
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", frameon=False, fontsize=9, ncols=2)
    used = 24.0
    if timeline is not None:
        used = max(used, mark_events(ax, timeline, key=key))
    _footnote(
        ax,
        f"{_source_line(data, 'U.S. Census Bureau')}\nValuation: "
        f"{_attr(data, 'valuation', 'n/a')}. Groups: tradeshock.commodity_groups('{basis}').",
        used,
    )
    return ax


# Legend labels of commodity groups (tradeshock.commodity_groups keys), for slides.
GROUP_LABELS = {
    "oil": "Oil and petroleum products",
    "metals": "Metals",
    "nuclear_fuel": "Nuclear fuel (uranium)",
    "other_fuels": "Other fuels (gas, coal, …)",
    "fertilizers": "Fertilizers",
    "chemicals": "Chemicals",
    "inorganic_chemicals": "Inorganic chemicals (incl. uranium)",
    "nuclear_reactors_machinery": "Reactors and machinery",
    "fish": "Fish and seafood",
    "other_food": "Other food",
    "lumber_and_plywood": "Lumber and plywood",
    "wood": "Wood",
    "aircraft_and_spacecraft": "Aircraft and spacecraft",
    "precious_stones": "Precious stones",
    "other": "Everything else",
}


def _group_label(name: str) -> str:
    """Return the legend label of a group: a human name, or the key with spaces for user groups."""
    return GROUP_LABELS.get(name, name.replace("_", " ").capitalize())


def _group_columns(
    data: pd.DataFrame, groups: Mapping[str, Sequence[Any]] | None, largest: int
) -> pd.DataFrame:
    """Sum categories into groups plus ``other``; keep the ``largest`` groups, fold the rest."""
    from .sources.composition import group_totals

    totals = group_totals(data, groups, other=True)
    named = [column for column in totals.columns if column != "other"]
    size = totals[named].sum().sort_values(ascending=False)
    keep = [str(name) for name in size.index[:largest] if size[name] > 0]
    folded = [name for name in named if name not in keep]
    out: pd.DataFrame = totals[keep].copy()
    out["other"] = totals["other"] + totals[folded].sum(axis=1)
    if out.empty:
        raise ValidationError("data has no category columns to plot")
    return out


# ---------------------------------------------------------------------------------------------
# event study (issue 15)

HIGHLIGHT_COLORS = ("#D55E00", "#CC79A7", "#E69F00", "#56B4E9")


def event_study(
    study: EventStudy,
    *,
    group: str | None = None,
    highlight: pd.DataFrame | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw every episode's path in grey, the mean path and its band in colour.

    ``group`` picks one group of the study (default: ``"escalation"`` when there is one, else
    the first). ``highlight`` holds paths to draw on top in colour, one column each, indexed
    by event time like ``study.paths`` (``tradeshock chart study`` passes Russia 2014 and
    2022). The y axis is linear from −100 % to +100 % and logarithmic
    beyond (``symlog``): a gap cannot fall below −100 %, but an easing from a near-zero base
    can rise by thousands of percent.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import tradeshock as ts
        >>> study = ts.event_study(ts.load_trade_panel(), ts.us_sanctions())
        >>> event_study(study).get_ylabel()
        '% gap to the pre_mean baseline'

    """
    if group is None:
        group = "escalation" if "escalation" in study.groups else study.groups[0]
    if group not in study.groups:
        raise ValidationError(f"group={group!r} is not in the study; use one of {study.groups}")
    ax = _axes(ax, (10.0, 5.8))
    members = study.episodes.loc[study.paths.columns, "group"].to_numpy() == group
    k = study.paths.index.to_numpy()
    for column in study.paths.columns[members]:
        ax.plot(k, study.paths[column].to_numpy(), color="#BBBBBB", linewidth=0.8, zorder=1)
    color = DIRECTION_COLORS.get(group.split(",")[0], GROUP_COLORS[1])
    ax.fill_between(
        k,
        study.lower[group],
        study.upper[group],
        color=color,
        alpha=0.25,
        linewidth=0,
        zorder=2,
        label=f"{study.level:.0%} bootstrap band",
    )
    ax.plot(
        k,
        study.mean[group],
        color=color,
        linewidth=2.4,
        zorder=3,
        label=f"mean of {int(study.n[group].max())} {group} episodes",
    )
    ax.plot(
        k,
        study.median[group],
        color=color,
        linewidth=1.4,
        linestyle="--",
        zorder=3,
        label="median (robust to a few huge rebounds)",
    )
    for i, (name, path) in enumerate(_highlighted(highlight).items()):
        ax.plot(
            k,
            path.reindex(study.paths.index).to_numpy(),
            linewidth=2.0,
            zorder=4,
            color=HIGHLIGHT_COLORS[i % len(HIGHLIGHT_COLORS)],
            label=str(name),
        )
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.axvline(0, color="#333333", linewidth=0.8, linestyle=":")
    ax.set_yscale("symlog", linthresh=100)
    ax.set_ylim(bottom=-110)  # a gap cannot fall below -100 %
    ax.set_xlim(float(k[0]), float(k[-1]))
    unit = "years" if study.freq == "Y" else "months"
    ax.set_xlabel(f"{unit} since the event (k)")
    ax.set_ylabel(f"% gap to the {study.baseline} baseline")
    flow = {"imports": "U.S. imports", "exports": "U.S. exports"}.get(str(study.flow), "U.S. trade")
    ax.set_title(
        f"{flow} around {group} events: every episode, the mean and its band",
        fontsize=12,
        loc="left",
    )
    ax.legend(loc="upper left", frameon=False, fontsize=8.5)
    note = (
        "Grey: one episode each (partner | event). Descriptive: events are not randomly "
        "assigned. Source: tradeshock.event_study on the bundled snapshot."
    )
    _footnote(ax, note, 34.0)
    return ax


def _highlighted(highlight: pd.DataFrame | None) -> dict[str, pd.Series]:
    """Return the paths to draw in colour, by name."""
    if highlight is None:
        return {}
    if not isinstance(highlight, pd.DataFrame):
        raise ValidationError("highlight must be a DataFrame of paths (one column each)")
    return {str(c): highlight[c] for c in highlight.columns}


def synthetic_control(
    fit: SyntheticControl,
    *,
    placebo: SyntheticPlacebo | None = None,
    intervals: ConformalIntervals | None = None,
    axes: tuple[Axes, Axes] | None = None,
    max_pre_rmspe: float = 5.0,
    title: str | None = None,
) -> tuple[Axes, Axes]:
    """Draw the classic synthetic-control figure: two panels side by side.

    Left: the treated unit and its synthetic control (``fit.actual``, ``fit.synthetic``).
    Right: the treated gap, in front of the placebo gaps in grey (from ``placebo``, i.e.
    ``fit.placebo()``) and the conformal band (from ``intervals``, i.e. ``fit.intervals()``).
    As in Abadie, Diamond & Hainmueller (2010), placebos whose pre-window RMSPE exceeds
    ``max_pre_rmspe`` times the treated's are not drawn (they still count in the p-value).

    Returns:
        The two ``Axes`` (left, right).

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="imports")
        >>> fit = ts.synthetic_control(panel, "Russia", "2014", window=10, horizon=5)
        >>> left, right = synthetic_control(fit, placebo=fit.placebo())
        >>> right.get_title(loc="left")
        'gap, with placebo gaps behind'

    """
    from ._plot_synthetic import draw

    return draw(
        fit,
        placebo=placebo,
        intervals=intervals,
        axes=axes,
        max_pre_rmspe=max_pre_rmspe,
        title=title,
    )

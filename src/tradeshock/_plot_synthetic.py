"""The classic synthetic-control figure, behind `tradeshock.plot.synthetic_control`.

Left: the treated unit and its synthetic control. Right: the treated gap in front of the
placebo gaps (grey), with the conformal band. Private: call it through ``tradeshock.plot``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._plot_base import FOOTNOTE_SIZE, _pyplot, _source_line, _x
from .errors import ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .synthetic import ConformalIntervals, SyntheticControl, SyntheticPlacebo

TREATED = "#D55E00"
SYNTHETIC = "#333333"
PLACEBO = "#BBBBBB"
BAND = "#E69F00"


def _shock_line(ax: Axes, fit: SyntheticControl) -> None:
    x = float(_x(pd.PeriodIndex([fit.shock_period]))[0])
    # the shock period starts half a period before its middle: draw the line at its start
    step = float(np.diff(_x(fit.gap.index[:2]))[0]) if len(fit.gap) > 1 else 1.0
    ax.axvline(x - step / 2, color="#B2182B", linestyle=(0, (3, 2)), linewidth=1)


def _paths(ax: Axes, fit: SyntheticControl) -> None:
    x = _x(fit.gap.index)
    marker = "o" if len(x) <= 60 else None
    ax.plot(
        x,
        fit.actual.to_numpy(),
        color=TREATED,
        linewidth=2.2,
        marker=marker,
        markersize=3.5,
        label=str(fit.treated),
        zorder=3,
    )
    ax.plot(
        x,
        fit.synthetic.to_numpy(),
        color=SYNTHETIC,
        linestyle="--",
        linewidth=1.8,
        label=f"synthetic {fit.treated}",
        zorder=2,
    )
    _shock_line(ax, fit)
    ax.set_ylabel(fit.units)
    ax.set_title("actual and synthetic", fontsize=11, loc="left")
    ax.legend(loc="best", frameon=False, fontsize=9)


def _placebo_lines(
    ax: Axes, fit: SyntheticControl, placebo: SyntheticPlacebo, max_pre_rmspe: float
) -> int:
    """Draw the placebo gaps that fit well enough before the shock; return how many."""
    x = _x(fit.gap.index)
    ceiling = max_pre_rmspe * max(fit.pre_rmspe, 1e-12)
    shown = 0
    for unit in placebo.gaps.columns[1:]:
        if placebo.pre_rmspe[unit] > ceiling:
            continue
        ax.plot(x, placebo.gaps[unit].to_numpy(), color=PLACEBO, linewidth=0.8, zorder=1)
        shown += 1
    if shown:
        ax.plot([], [], color=PLACEBO, linewidth=0.8, label=f"placebo gaps ({shown} units)")
    return shown


def _gap_limits(fit: SyntheticControl, placebo: SyntheticPlacebo | None) -> tuple[float, float]:
    """Y range: the treated gap in full, placebo gaps up to their 95th percentile.

    A few tiny partners' placebo gaps (and the band where an interval is very wide) run to
    thousands of index points; scaling the axis to them would flatten the treated gap.
    """
    reach = float(np.nanmax(np.abs(fit.gap.to_numpy())))
    if placebo is not None and placebo.gaps.shape[1] > 1:
        others = np.abs(placebo.gaps.iloc[:, 1:].to_numpy())
        reach = max(reach, float(np.nanquantile(others, 0.95)))
    reach = 1.3 * reach if reach > 0 else 1.0
    return -reach, reach


def _band(ax: Axes, fit: SyntheticControl, intervals: ConformalIntervals) -> None:
    frame = intervals.frame
    lower, upper = frame["lower"].to_numpy(), frame["upper"].to_numpy()
    finite = np.isfinite(lower) & np.isfinite(upper)
    if finite.any():
        ax.fill_between(
            _x(frame.index)[finite],
            lower[finite],
            upper[finite],
            color=BAND,
            alpha=0.3,
            linewidth=0,
            zorder=2,
            label=f"{1 - intervals.alpha:.0%} conformal interval",
        )
    if not finite.all():
        ax.plot([], [], " ", label=f"{int((~finite).sum())} unbounded interval(s) not drawn")


def draw(
    fit: SyntheticControl,
    *,
    placebo: SyntheticPlacebo | None,
    intervals: ConformalIntervals | None,
    axes: tuple[Axes, Axes] | None,
    max_pre_rmspe: float,
    title: str | None,
) -> tuple[Axes, Axes]:
    """Draw the two panels; see `tradeshock.plot.synthetic_control`."""
    from .synthetic import SyntheticControl

    if not isinstance(fit, SyntheticControl):
        raise ValidationError(f"fit must be a SyntheticControl, got {type(fit).__name__}")
    if axes is None:
        figure: Any = _pyplot().figure(figsize=(12.5, 5.2))
        left, right = figure.subplots(1, 2)
    else:
        left, right = axes
    left.figure.suptitle(title or f"{fit.treated}: synthetic control", x=0.06, ha="left")
    _paths(left, fit)
    x = _x(fit.gap.index)
    shown = 0 if placebo is None else _placebo_lines(right, fit, placebo, max_pre_rmspe)
    if intervals is not None:
        _band(right, fit, intervals)
    right.plot(
        x, fit.gap.to_numpy(), color=TREATED, linewidth=2.2, label=f"{fit.treated} gap", zorder=3
    )
    right.axhline(0, color="#777777", linewidth=0.8)
    right.set_ylim(*_gap_limits(fit, placebo))
    _shock_line(right, fit)
    right.set_ylabel(f"gap, actual − synthetic ({fit.units})")
    right.set_title("gap, with placebo gaps behind", fontsize=11, loc="left")
    right.legend(loc="best", frameon=False, fontsize=8.5)
    note = fit._sentence()
    if placebo is not None:
        note += f" {placebo._sentence()}"
        if shown < placebo.n_units - 1:
            note += (
                f" Placebos with a pre-window RMSPE above {max_pre_rmspe:g}× the treated's "
                "are not drawn."
            )
    if intervals is not None:
        note += f" {intervals._sentence()}"
    if fit.panel.attrs.get("source"):
        note += "\n" + _source_line(fit.panel, "U.S. Census Bureau")
    for ax in (left, right):
        _year_axis_light(ax)
    left.figure.text(
        0.06, -0.01, note, va="top", ha="left", fontsize=FOOTNOTE_SIZE, color="#555555", wrap=True
    )
    return left, right


def _year_axis_light(ax: Axes) -> None:
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

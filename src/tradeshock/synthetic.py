"""Synthetic control: what the treated unit would have done without the shock.

[`synthetic_control`][tradeshock.synthetic.synthetic_control] builds the counterfactual of one
column of a wide panel (periods × units, e.g. [`load_trade_panel`][tradeshock.load_trade_panel]) as
the convex combination of the other columns (the *donors*) that best reproduces it before the shock
(Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010, 2015). The result, a
[`SyntheticControl`][tradeshock.synthetic.SyntheticControl], carries the weights, the
synthetic path and the gap, and answers the inference questions:

* [`placebo()`][tradeshock.synthetic.SyntheticControl.placebo]: in-space placebos, every donor
  in turn treated; the p-value is the treated's rank by post/pre RMSPE ratio.
* [`intervals()`][tradeshock.synthetic.SyntheticControl.intervals]: conformal confidence
  intervals for the effect in each post period and for its average (Chernozhukov, Wüthrich &
  Zhu 2021, moving-block permutations).
* [`leave_one_out()`][tradeshock.synthetic.SyntheticControl.leave_one_out]: the fit without
  each donor of positive weight, in turn.

Periods: the **pre-window** is the ``window`` periods before the shock period *s*; the
**post periods** run from *s* through ``horizon`` periods after it (as in
[`shock_response`][tradeshock.shock_response]). Units are compared after a ``transform``:
``"index"`` (each unit ÷ its own pre-window mean × 100, the default: trade partners differ in
size by orders of magnitude), ``"log"`` or ``"level"``.

Example:
    >>> import tradeshock as ts
    >>> panel = ts.load_trade_panel(flow="imports")
    >>> fit = ts.synthetic_control(panel, "Russia", "2014", window=10, horizon=5)
    >>> round(float(fit.weights.sum()), 12), bool((fit.weights >= 0).all())
    (1.0, True)
    >>> str(fit.pre_periods[0]), str(fit.post_periods[-1])
    ('2004', '2019')

"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from ._synth import conformal, prepare, solver
from .errors import ValidationError

if TYPE_CHECKING:
    from .events import ShockLike

__all__ = [
    "ConformalIntervals",
    "LeaveOneOut",
    "SyntheticControl",
    "SyntheticPlacebo",
    "synthetic_control",
]

POOR_FIT = 0.10
"""A pre-window RMSPE above this share of the treated's pre-window scale is a poor fit."""


# --------------------------------------------------------------------------- helpers


def _rms(values: np.ndarray) -> np.ndarray:
    """Root mean square down the rows (periods) of a 1-D or 2-D array."""
    out: np.ndarray = np.sqrt(np.mean(values * values, axis=0))
    return out


def _ratio(post: np.ndarray, pre: np.ndarray, zero: float) -> np.ndarray:
    """post/pre RMSPE (or mean post gap/pre RMSPE); ±inf for a perfect pre-fit, NaN for 0/0.

    Values within ``zero`` of 0 count as 0: with more donors than pre-window periods a fit is
    often exact, and its RMSPE is then rounding noise (1e-14) whose ratio would rank units by
    noise. Perfect fits tie at inf instead, which makes the placebo test conservative.
    """
    pre = np.where(pre <= zero, 0.0, pre)
    post = np.where(np.abs(post) <= zero, 0.0, post)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = np.divide(post, pre)
    return out


def _zero(paths: np.ndarray) -> float:
    """RMSPE below which a fit counts as exact: 1e-9 of the largest transformed value."""
    return 1e-9 * max(float(np.max(np.abs(paths))), 1e-300)


def _span(periods: pd.PeriodIndex) -> str:
    return f"{periods[0]}–{periods[-1]}" if len(periods) > 1 else str(periods[0])


def _units(transform: str, panel: pd.DataFrame) -> str:
    if transform == "index":
        return "index, pre-window mean = 100"
    if transform == "log":
        return "log points"
    return str(panel.attrs.get("units", "panel units"))


def _amount(value: float, transform: str, units: str) -> str:
    if transform == "index":
        return f"{abs(value):,.1f} index points"
    if transform == "log":
        return f"{abs(value):.3f} log points (≈{math.expm1(abs(value)):.0%})"
    return f"{abs(value):,.4g} {units}"


def _html_table(rows: Iterable[tuple[str, str]], sentence: str) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<div><p>{html.escape(sentence)}</p><table>{cells}</table></div>"


# --------------------------------------------------------------------------- records


@attrs.frozen(eq=False, repr=False)
class SyntheticPlacebo:
    """In-space placebo test of a [`SyntheticControl`][tradeshock.synthetic.SyntheticControl].

    Every unit of the pool (the treated and its donors) is in turn treated, with all the others
    as donors, over the same periods and transform. ``float(result)`` is the p-value.

    Attributes:
        treated: the treated column.
        pvalue: share of units, the treated included, whose post/pre RMSPE ratio is ≥ the
            treated's (Abadie, Diamond & Hainmueller 2010); the smallest possible value is
            1 / ``n_units``. A NaN ratio (perfect fit before and after) counts as smaller.
        ratios: every unit's post/pre RMSPE ratio (treated first, then the donors).
        pvalue_fall: one-sided companion for "did it fall unusually": share of units whose
            ``standardized_gaps`` is ≤ the treated's. The RMSPE ratio counts any divergence,
            up or down (a partner whose trade boomed ranks above one whose trade collapsed);
            this one counts only falls at least as large, relative to each unit's pre-fit.
        standardized_gaps: every unit's mean post gap ÷ its pre-window RMSPE.
        pre_rmspe: every unit's pre-window RMSPE (transformed units).
        post_rmspe: every unit's post-period RMSPE.
        gaps: every unit's gap path (periods × units), for the classic placebo chart.
        n_units: units in the test (treated + donors).
        rank: the treated's rank by ratio (1 = the largest).

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="imports")
        >>> test = ts.synthetic_control(panel, "Russia", "2014", window=10, horizon=5).placebo()
        >>> test.n_units == len(test.ratios), 0 < test.pvalue <= 1
        (True, True)

    """

    treated: Hashable
    pvalue: float
    ratios: pd.Series
    pvalue_fall: float
    standardized_gaps: pd.Series
    pre_rmspe: pd.Series
    post_rmspe: pd.Series
    gaps: pd.DataFrame
    n_units: int
    rank: int

    def __float__(self) -> float:
        """Return the p-value."""
        return self.pvalue

    def _sentence(self) -> str:
        return (
            f"{self.treated}'s post/pre RMSPE ratio ranks {self.rank} of {self.n_units}: "
            f"placebo p-value {self.pvalue:.3f} (smallest possible {1 / self.n_units:.3f}); "
            f"one-sided p-value of a fall {self.pvalue_fall:.3f}."
        )

    def __repr__(self) -> str:
        return (
            f"SyntheticPlacebo(treated={self.treated!r}, pvalue={self.pvalue:.3f}, "
            f"rank={self.rank}, n_units={self.n_units})"
        )

    def summary(self) -> str:
        """Return a short text summary: the sentence and the five largest ratios."""
        top = self.ratios.sort_values(ascending=False, na_position="last").head(5)
        lines = [self._sentence(), "largest post/pre RMSPE ratios:"]
        lines += [f"  {unit}: {ratio:.2f}" for unit, ratio in top.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        treated_ratio = float(self.ratios.iloc[0])
        rows = [
            ("treated", str(self.treated)),
            ("p-value", f"{self.pvalue:.3f}"),
            ("p-value of a fall (one-sided)", f"{self.pvalue_fall:.3f}"),
            ("rank", f"{self.rank} of {self.n_units}"),
            ("treated's post/pre RMSPE ratio", f"{treated_ratio:.2f}"),
        ]
        return _html_table(rows, self._sentence())


@attrs.frozen(eq=False, repr=False)
class LeaveOneOut:
    """The synthetic control refitted without each donor of positive weight, in turn.

    Attributes:
        treated: the treated column.
        dropped: the donors left out, one refit each (the columns of the frames below).
        weights: the refits' weights (donors × dropped donor; 0 for the one left out).
        synthetic: the refits' synthetic paths (periods × dropped donor).
        gap: the refits' gaps, treated − synthetic (periods × dropped donor).
        pre_rmspe: each refit's pre-window RMSPE.
        average_gap: each refit's mean gap over the post periods.
        full_average_gap: the mean post gap of the fit with every donor.

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="imports")
        >>> loo = ts.synthetic_control(panel, "Russia", "2014", window=10).leave_one_out()
        >>> list(loo.gap.columns) == list(loo.dropped)
        True

    """

    treated: Hashable
    dropped: tuple[Hashable, ...]
    weights: pd.DataFrame
    synthetic: pd.DataFrame
    gap: pd.DataFrame
    pre_rmspe: pd.Series
    average_gap: pd.Series
    full_average_gap: float

    def _sentence(self) -> str:
        if not self.dropped:
            return "No donor has positive weight."
        low, high = float(self.average_gap.min()), float(self.average_gap.max())
        return (
            f"Without any one of the {len(self.dropped)} donors with weight, the mean post gap "
            f"ranges from {low:+.2f} to {high:+.2f} (all donors: {self.full_average_gap:+.2f})."
        )

    def __repr__(self) -> str:
        return f"LeaveOneOut(treated={self.treated!r}, refits={len(self.dropped)})"

    def summary(self) -> str:
        """Return a short text summary: the sentence and each refit's mean post gap."""
        lines = [self._sentence()]
        lines += [f"  without {unit}: {gap:+.2f}" for unit, gap in self.average_gap.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(f"without {unit}", f"{gap:+.2f}") for unit, gap in self.average_gap.items()]
        return _html_table(rows, self._sentence())


@attrs.frozen(eq=False, repr=False)
class ConformalIntervals:
    """Conformal confidence intervals for the effect (Chernozhukov, Wüthrich & Zhu 2021).

    For each post period t, H0: effect_t = θ is tested by subtracting θ from the treated's
    value in t, refitting the weights on the pre-window and t together, and ranking the
    residual of t among the cyclic (moving-block) permutations of the residuals. The interval
    collects every θ not rejected at level ``alpha``. The average effect is tested the same way
    with all post periods at once (H0: the effect is θ in every post period). Validity needs
    residuals that are stationary and weakly dependent; with many more donors than pre-window
    periods the refit absorbs almost any θ and the intervals become wide.

    Attributes:
        treated: the treated column.
        alpha: the level (0.1 gives 90 % intervals).
        frame: one row per post period: ``effect`` (the gap), ``lower``, ``upper``.
        average_effect: the mean gap over the post periods.
        average_lower: lower end of the interval for the average effect.
        average_upper: upper end.
        pvalue_no_effect: p-value of H0: no effect in any post period.
        units: units of the effects (the transformed units).

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="imports")
        >>> fit = ts.synthetic_control(panel, "Russia", "2014", window=10, horizon=2,
        ...                            donors=["China", "Germany", "Japan", "Canada", "Mexico"])
        >>> band = fit.intervals(alpha=0.1)
        >>> list(band.frame.columns), bool(band.average_lower <= band.average_effect)
        (['effect', 'lower', 'upper'], True)

    """

    treated: Hashable
    alpha: float
    frame: pd.DataFrame
    average_effect: float
    average_lower: float
    average_upper: float
    pvalue_no_effect: float
    units: str

    def _sentence(self) -> str:
        return (
            f"Average effect {self.average_effect:+.2f} ({self.units}); "
            f"{1 - self.alpha:.0%} conformal interval [{self.average_lower:+.2f}, "
            f"{self.average_upper:+.2f}]; p-value of no effect {self.pvalue_no_effect:.3f}."
        )

    def __repr__(self) -> str:
        return (
            f"ConformalIntervals(treated={self.treated!r}, alpha={self.alpha}, "
            f"average=[{self.average_lower:.2f}, {self.average_upper:.2f}], "
            f"periods={len(self.frame)})"
        )

    def summary(self) -> str:
        """Return a short text summary: the sentence and the per-period intervals."""
        lines = [self._sentence()]
        lines += [
            f"  {period}: {row.effect:+.2f} [{row.lower:+.2f}, {row.upper:+.2f}]"
            for period, row in self.frame.iterrows()
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [
            (str(period), f"{row.effect:+.2f} [{row.lower:+.2f}, {row.upper:+.2f}]")
            for period, row in self.frame.iterrows()
        ]
        return _html_table(rows, self._sentence())


@attrs.frozen(eq=False, repr=False)
class SyntheticControl:
    """A synthetic-control fit: weights, synthetic path, gap, fit diagnostics and inference.

    Created by [`synthetic_control`][tradeshock.synthetic_control]; it records its inputs
    (``panel``, ``shock`` and the options) so that its methods can refit.

    Attributes:
        treated: the treated column.
        shock: the shock as given (an Event, a Period or a date).
        shock_period: the first post period *s*.
        window: pre-window length (periods).
        horizon: the ``horizon`` asked for (None: through the treated's last value).
        transform: ``"index"``, ``"log"`` or ``"level"``.
        units: units of ``synthetic``, ``gap`` and the RMSPEs (the transformed units).
        weights: donor → weight (≥ 0, sum 1), largest first; every donor of the pool.
        actual: the treated's transformed path over the pre-window and post periods.
        synthetic: ``donors @ weights`` over the same periods.
        gap: ``actual − synthetic``.
        pre_rmspe: root mean squared gap over the pre-window.
        pre_rmspe_relative: ``pre_rmspe`` ÷ the treated's pre-window scale (100 for the
            index, 1 for logs, the mean absolute level for levels): above 0.10 the pre-fit is
            poor (reported, not an error).
        post_rmspe: root mean squared gap over the post periods.
        rmspe_ratio: ``post_rmspe / pre_rmspe`` (inf for a perfect pre-fit).
        average_gap: mean gap over the post periods (the average effect).
        outcomes: transformed paths of the treated (first column) and donors.
        dropped: candidate donors left out of the pool, with the reason.
        exclude: the columns excluded by the caller.
        panel: the panel as given.

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="imports")
        >>> fit = ts.synthetic_control(panel, "Russia", ts.us_russia()["crimea_annexation"],
        ...                            window=10, horizon=5)
        >>> synthetic = fit.outcomes[fit.weights.index] @ fit.weights
        >>> bool(np.allclose(synthetic, fit.synthetic))
        True

    """

    treated: Hashable
    shock: object
    shock_period: pd.Period
    window: int
    horizon: int | None
    transform: str
    units: str
    weights: pd.Series
    actual: pd.Series
    synthetic: pd.Series
    gap: pd.Series
    pre_rmspe: float
    pre_rmspe_relative: float
    post_rmspe: float
    rmspe_ratio: float
    average_gap: float
    outcomes: pd.DataFrame = attrs.field(repr=False)
    dropped: Mapping[str, str] = attrs.field(repr=False)
    exclude: tuple[Hashable, ...] = attrs.field(repr=False)
    panel: pd.DataFrame = attrs.field(repr=False)

    # ------------------------------------------------------------------ views

    @property
    def donors(self) -> tuple[Hashable, ...]:
        """The donor pool, in panel order."""
        return tuple(self.outcomes.columns[1:])

    @property
    def pre_periods(self) -> pd.PeriodIndex:
        """The pre-window periods."""
        index: pd.PeriodIndex = pd.PeriodIndex(self.gap.index[: self.window])
        return index

    @property
    def post_periods(self) -> pd.PeriodIndex:
        """The post periods (from the shock period on)."""
        index: pd.PeriodIndex = pd.PeriodIndex(self.gap.index[self.window :])
        return index

    @property
    def poor_fit(self) -> bool:
        """True when the pre-window RMSPE exceeds 10 % of the treated's pre-window scale."""
        return bool(self.pre_rmspe_relative > POOR_FIT)

    def to_frame(self) -> pd.DataFrame:
        """Return actual, synthetic and gap per period, with a ``post`` flag.

        Example:
            >>> import tradeshock as ts
            >>> panel = ts.load_trade_panel(flow="exports")
            >>> frame = ts.synthetic_control(panel, "Russia", "2014", window=5).to_frame()
            >>> list(frame.columns)
            ['actual', 'synthetic', 'gap', 'post']

        """
        frame: pd.DataFrame = pd.DataFrame(
            {
                "actual": self.actual,
                "synthetic": self.synthetic,
                "gap": self.gap,
                "post": self.gap.index >= self.shock_period,
            }
        )
        frame.attrs = {"units": self.units, "treated": self.treated}
        return frame

    def counterfactual(self) -> pd.Series:
        """Return the synthetic path in the panel's own units (the transform undone).

        ``"index"``: ``synthetic`` × the treated's pre-window mean ÷ 100; ``"log"``:
        ``exp(synthetic)``; ``"level"``: ``synthetic``. This is the baseline b_t a
        shock response measures the treated's path against (y_t / b_t − 1 equals
        ``actual / synthetic − 1`` for the index).

        Example:
            >>> import tradeshock as ts
            >>> panel = ts.load_trade_panel(flow="imports")
            >>> fit = ts.synthetic_control(panel, "Russia", "2014", window=10, horizon=5)
            >>> path = fit.counterfactual()
            >>> path.attrs["units"], len(path) == len(fit.synthetic)
            ('USD millions', True)

        """
        if self.transform == "log":
            values = np.exp(self.synthetic.to_numpy())
        elif self.transform == "index":
            treated = self.panel[self.treated].reindex(self.pre_periods).to_numpy(dtype=float)
            values = self.synthetic.to_numpy() * treated.mean() / 100.0
        else:
            values = self.synthetic.to_numpy().copy()
        path: pd.Series = pd.Series(values, index=self.synthetic.index, name="counterfactual")
        path.attrs = {"units": str(self.panel.attrs.get("units", "panel units"))}
        return path

    # ------------------------------------------------------------------ text

    def _sentence(self) -> str:
        direction = "below" if self.average_gap < 0 else "above"
        text = (
            f"{self.treated}: {_amount(self.average_gap, self.transform, self.units)} "
            f"{direction} its synthetic control on average over {_span(self.post_periods)} "
            f"(pre-fit RMSPE {self.pre_rmspe_relative:.1%} of the pre-window scale)."
        )
        if self.poor_fit:
            text += " Poor pre-fit: read the gap with care."
        return text

    def __repr__(self) -> str:
        positive = int((self.weights > 0).sum())
        return (
            f"SyntheticControl(treated={self.treated!r}, shock_period={self.shock_period}, "
            f"transform={self.transform!r}, donors={len(self.weights)} ({positive} weighted), "
            f"pre_rmspe={self.pre_rmspe:.3g}, rmspe_ratio={self.rmspe_ratio:.3g})"
        )

    def summary(self) -> str:
        """Return a short text summary: the sentence, fit diagnostics and the main weights."""
        top = self.weights[self.weights > 0].head(8)
        lines = [
            self._sentence(),
            f"pre-window {_span(self.pre_periods)} ({self.window} periods), "
            f"post {_span(self.post_periods)}; transform {self.transform!r} ({self.units})",
            f"pre RMSPE {self.pre_rmspe:.3g}, post RMSPE {self.post_rmspe:.3g}, "
            f"ratio {self.rmspe_ratio:.3g}; {len(self.weights)} donors, "
            f"{len(self.dropped)} left out",
            "weights:",
        ]
        lines += [f"  {unit}: {weight:.3f}" for unit, weight in top.items()]
        if len(self.weights) >= self.window and self.pre_rmspe_relative < 1e-6:
            lines.append(
                f"note: an exact pre-fit with {len(self.weights)} donors for {self.window} "
                "pre-window periods proves little (any path can be matched); restrict donors="
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        top = self.weights[self.weights > 0].head(5)
        rows = [
            ("treated", str(self.treated)),
            ("shock period", str(self.shock_period)),
            ("pre-window", f"{_span(self.pre_periods)} ({self.window} periods)"),
            ("average post gap", f"{self.average_gap:+.2f} ({self.units})"),
            ("pre RMSPE", f"{self.pre_rmspe:.3g} ({self.pre_rmspe_relative:.1%} of scale)"),
            ("post/pre RMSPE ratio", f"{self.rmspe_ratio:.3g}"),
            ("main donors", ", ".join(f"{u} {w:.2f}" for u, w in top.items())),
        ]
        return _html_table(rows, self._sentence())

    # ------------------------------------------------------------------ inference

    def placebo(self) -> SyntheticPlacebo:
        """Run the in-space placebo test: each unit of the pool in turn treated.

        Returns:
            A [`SyntheticPlacebo`][tradeshock.synthetic.SyntheticPlacebo]; its ``pvalue`` is
            the share of units whose post/pre RMSPE ratio is ≥ the treated's.

        Example:
            >>> import tradeshock as ts
            >>> panel = ts.load_trade_panel(flow="exports")
            >>> test = ts.synthetic_control(panel, "Russia", "2014", window=5).placebo()
            >>> bool(test.pvalue >= 1 / test.n_units)
            True

        """
        paths = self.outcomes.to_numpy()
        synthetic = solver.placebo_fits(paths, slice(0, self.window))
        gaps = paths - synthetic
        pre = _rms(gaps[: self.window])
        post = _rms(gaps[self.window :])
        zero = _zero(paths)
        ratios = _ratio(post, pre, zero)
        treated_ratio = ratios[0]
        at_least = ratios >= treated_ratio  # NaN compares False
        standardized = _ratio(gaps[self.window :].mean(axis=0), pre, zero)
        columns = self.outcomes.columns
        return SyntheticPlacebo(
            treated=self.treated,
            pvalue=float(at_least.mean()),
            ratios=pd.Series(ratios, index=columns, name="rmspe_ratio"),
            pvalue_fall=float(np.mean(standardized <= standardized[0])),
            standardized_gaps=pd.Series(standardized, index=columns, name="standardized_gap"),
            pre_rmspe=pd.Series(pre, index=columns, name="pre_rmspe"),
            post_rmspe=pd.Series(post, index=columns, name="post_rmspe"),
            gaps=pd.DataFrame(gaps, index=self.outcomes.index, columns=columns),
            n_units=int(ratios.size),
            rank=int(at_least.sum()),
        )

    def leave_one_out(self) -> LeaveOneOut:
        """Refit without each donor of positive weight, in turn.

        Example:
            >>> import tradeshock as ts
            >>> panel = ts.load_trade_panel(flow="exports")
            >>> loo = ts.synthetic_control(panel, "Russia", "2014", window=5).leave_one_out()
            >>> len(loo.dropped) == int((loo.weights.sum() > 0).sum())
            True

        """
        paths = self.outcomes.to_numpy()
        target, donors = paths[:, 0], paths[:, 1:]
        names = list(self.outcomes.columns[1:])
        weight_of = self.weights.reindex(names).to_numpy()
        dropped = [i for i in np.flatnonzero(weight_of > 0)]
        refits = np.zeros((len(names), len(dropped)))
        for k, left_out in enumerate(dropped):
            keep = np.arange(len(names)) != left_out
            refits[keep, k] = solver.simplex_weights(
                target[: self.window], donors[: self.window, keep]
            )
        synthetic = donors @ refits
        gap = target[:, None] - synthetic
        labels = [names[i] for i in dropped]
        index = self.outcomes.index
        return LeaveOneOut(
            treated=self.treated,
            dropped=tuple(labels),
            weights=pd.DataFrame(refits, index=names, columns=labels),
            synthetic=pd.DataFrame(synthetic, index=index, columns=labels),
            gap=pd.DataFrame(gap, index=index, columns=labels),
            pre_rmspe=pd.Series(_rms(gap[: self.window]), index=labels, name="pre_rmspe"),
            average_gap=pd.Series(
                gap[self.window :].mean(axis=0), index=labels, name="average_gap"
            ),
            full_average_gap=self.average_gap,
        )

    def intervals(self, alpha: float = 0.1, *, per_period: bool = True) -> ConformalIntervals:
        """Conformal intervals for the effect in each post period and for its average.

        Chernozhukov, Wüthrich & Zhu (2021) with moving-block (cyclic) permutations; see
        [`ConformalIntervals`][tradeshock.synthetic.ConformalIntervals]. An interval is finite
        only when the pre-window has at least 1/alpha − 1 periods. Each interval costs a few
        dozen refits; ``per_period=False`` computes only the one for the average effect (the
        per-period bounds are then NaN), which is much faster on long monthly spans.

        Args:
            alpha: level; 0.1 gives 90 % intervals.
            per_period: also compute an interval for each post period.

        Raises:
            ValidationError: ``alpha`` is not strictly between 0 and 1.

        Example:
            >>> import tradeshock as ts
            >>> panel = ts.load_trade_panel(flow="imports")
            >>> fit = ts.synthetic_control(panel, "Russia", "2014", window=10, horizon=1,
            ...                            donors=["China", "Germany", "Japan", "Mexico"])
            >>> len(fit.intervals().frame)
            2

        """
        if (
            isinstance(alpha, bool)
            or not isinstance(alpha, numbers.Real)
            or not 0 < float(alpha) < 1
        ):
            raise ValidationError(f"alpha must be a number between 0 and 1, got {alpha!r}")
        paths = self.outcomes.to_numpy()
        target, donors = paths[:, 0], paths[:, 1:]
        # bisection precision: a millionth of the data's magnitude; first step: the pre-fit noise
        tolerance = 1e-6 * max(float(np.max(np.abs(paths))), 1e-12)
        search = {
            "alpha": float(alpha),
            "step": max(self.pre_rmspe, 1e3 * tolerance),
            "tolerance": tolerance,
        }
        n_post = len(paths) - self.window
        average = conformal.confidence_interval(
            target, donors, n_post, center=self.average_gap, **search
        )
        pre = np.arange(self.window)
        bounds = []
        for row in range(self.window, len(paths)):
            if not per_period:
                bounds.append((math.nan, math.nan))
            elif n_post == 1:  # the one post period: the same test as the average
                bounds.append(average)
            else:
                rows = np.append(pre, row)
                center = float(self.gap.iloc[row])
                bounds.append(
                    conformal.confidence_interval(
                        target[rows], donors[rows], 1, center=center, **search
                    )
                )
        frame = pd.DataFrame(bounds, index=self.post_periods, columns=["lower", "upper"])
        frame.insert(0, "effect", self.gap.iloc[self.window :].to_numpy())
        frame.attrs = {"units": self.units, "alpha": float(alpha)}
        return ConformalIntervals(
            treated=self.treated,
            alpha=float(alpha),
            frame=frame,
            average_effect=self.average_gap,
            average_lower=average[0],
            average_upper=average[1],
            pvalue_no_effect=conformal.null_pvalue(target, donors, n_post, 0.0),
            units=self.units,
        )


# --------------------------------------------------------------------------- the function


def synthetic_control(
    panel: pd.DataFrame,
    treated: Hashable,
    shock: ShockLike,
    *,
    window: int | None = None,
    horizon: int | None = None,
    donors: Iterable[Hashable] | None = None,
    exclude: Iterable[Hashable] = (),
    transform: str = "index",
) -> SyntheticControl:
    """Fit a synthetic control for column ``treated`` of ``panel`` around ``shock``.

    The weights solve min ‖x₁ − X₀w‖² over the simplex (w ≥ 0, Σw = 1) on the pre-window,
    exactly (scipy's NNLS on an equivalent problem; see ``tradeshock._synth.solver``).

    Args:
        panel: wide frame, ``PeriodIndex`` (annual or monthly) × units, e.g.
            [`load_trade_panel`][tradeshock.load_trade_panel]; any such panel works.
        treated: the treated column (a partner alias such as ``"RUS"`` also finds its column).
        shock: an [`Event`][tradeshock.Event], a ``pd.Period`` or a date string; the post
            periods start at the period containing it.
        window: pre-window length in periods (≥ 3); default: every period before the shock
            back to the treated's last gap.
        horizon: post periods after the shock period (the span is *s* … *s* + horizon,
            cut at the panel's end); default: through the treated's last value.
        donors: restrict the donor pool to these columns.
        exclude: columns never to use as donors. Census aggregates ("World", "European
            Union", regions) are never donors anyway.
        transform: ``"index"`` (each unit ÷ its own pre-window mean × 100; default),
            ``"log"`` or ``"level"``.

    Returns:
        A [`SyntheticControl`][tradeshock.synthetic.SyntheticControl]. Donors need complete
        data over the pre-window and post periods (positive pre-window values for
        ``"index"``, positive values for ``"log"``); the others are listed in ``dropped``.

    Raises:
        UnknownPartnerError: ``treated`` (or a name in ``donors``/``exclude``) is not a
            column; ``suggestions`` lists close column names.
        InsufficientDataError: fewer than 2 donors, a pre-window of fewer than 3 periods, or
            a treated series with gaps in the pre-window or post periods; the message says
            what is missing.
        ValidationError: the panel's index is not an annual or monthly ``PeriodIndex``, a
            non-numeric column, an unknown ``transform``, a bad ``window``/``horizon``.

    Example:
        >>> import tradeshock as ts
        >>> panel = ts.load_trade_panel(flow="imports")
        >>> fit = ts.synthetic_control(panel, "Russia", ts.us_russia()["crimea_annexation"],
        ...                            window=10, horizon=5)
        >>> fit.shock_period, fit.window, "World" in fit.weights.index
        (Period('2014', 'Y-DEC'), 10, False)

    """
    setup = prepare.setup(
        panel,
        treated,
        shock,
        window=window,
        horizon=horizon,
        donors=donors,
        exclude=exclude,
        transform=transform,
    )
    return _fit(setup, panel, shock, horizon)


def _fit(
    setup: prepare.Setup, panel: pd.DataFrame, shock: object, horizon: Any
) -> SyntheticControl:
    """Solve the weights and assemble the record."""
    paths, n_pre = setup.paths, setup.n_pre
    weights = solver.simplex_weights(paths[:n_pre, 0], paths[:n_pre, 1:])
    synthetic = paths[:, 1:] @ weights
    gap = paths[:, 0] - synthetic
    pre_rmspe = float(_rms(gap[:n_pre]))
    post_rmspe = float(_rms(gap[n_pre:]))
    index = setup.periods
    order = np.argsort(-weights, kind="stable")  # largest first, ties in panel order
    units = _units(setup.transform, panel)
    return SyntheticControl(
        treated=setup.treated,
        shock=shock,
        shock_period=setup.shock_period,
        window=setup.window,
        horizon=horizon,
        transform=setup.transform,
        units=units,
        weights=pd.Series(
            weights[order], index=pd.Index([setup.donors[i] for i in order]), name="weight"
        ),
        actual=pd.Series(paths[:, 0], index=index, name="actual"),
        synthetic=pd.Series(synthetic, index=index, name="synthetic"),
        gap=pd.Series(gap, index=index, name="gap"),
        pre_rmspe=pre_rmspe,
        pre_rmspe_relative=pre_rmspe / setup.scale,
        post_rmspe=post_rmspe,
        rmspe_ratio=float(_ratio(np.array(post_rmspe), np.array(pre_rmspe), _zero(paths))),
        average_gap=float(gap[n_pre:].mean()),
        outcomes=pd.DataFrame(paths, index=index, columns=[setup.treated, *setup.donors]),
        dropped=dict(setup.dropped),
        exclude=setup.excluded,
        panel=panel,
    )

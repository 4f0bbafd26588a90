"""Resilience metrics: how far a series falls after a shock and how fast it comes back.

The formulas are those of [methods](../methods.md). For a shock period **s**, an
estimation window **W** = s-window … s-1 and a post-shock span **P** =
s … s+horizon (default 5 years or 36 months), a counterfactual baseline b_t
([`tradeshock.baselines`](baselines.md)) is estimated on W and the gap
g_t = y_t / b_t - 1 is measured over P.

* [`shock_response`][tradeshock.resilience.shock_response] — one series, one shock: a
  [`ShockResponse`][tradeshock.resilience.ShockResponse]. It is the clear scalar reference
  implementation of the formulas.
* [`resilience_table`][tradeshock.resilience.resilience_table] — a Series or a whole panel
  (DataFrame) times a timeline: one row per (event, column), computed with numpy over all
  columns at once.
* [`martin_indices`][tradeshock.resilience.martin_indices] — Martin (2012) resistance and
  recoverability.
* ``placebo_pvalue`` — moved to [`tradeshock.placebo`][tradeshock.placebo] (still importable
  from here until 0.3, with a DeprecationWarning).
* [`counterfactual`][tradeshock.resilience.counterfactual] — the baseline path b_t itself (for
  charts).
* [`transform_series`][tradeshock.resilience.transform_series] — the series as the metrics see it
  after a seasonal ``transform`` or ``missing="zero"``.

Every computed response has a ``status``: ``"ok"``, or the warnings that
apply (no drop, missing periods in P, an extrapolating regression, another
event inside P); see [methods](../methods.md#statuses).

Float noise: gaps within 1e-12 of 0 count as 0, the trough is the first
period whose gap is within 1e-12 of the minimum, and the recovery and
half-life tests allow the same 1e-12. A baseline estimated from equal values
can differ from them in the last bit, and that noise must not decide whether
a flat series dropped or which of two equal gaps is the trough.

Missing values: W must be complete (else
[`InsufficientDataError`][tradeshock.errors.InsufficientDataError]). Inside P a missing y_t (or b_t)
is skipped: it cannot be the trough, it cannot mark a recovery or a half-life, and it is left out of
both sums of the losses; ``missing`` counts such periods and the status says so.
Periods missing from the index are treated as missing values.

Example:
    >>> import pandas as pd
    >>> from tradeshock.resilience import shock_response
    >>> y = pd.Series([10.0, 10, 10, 6, 8, 10, 11],
    ...               index=pd.period_range("2010", periods=7, freq="Y", name="period"))
    >>> r = shock_response(y, "2013")
    >>> r.depth, str(r.trough), str(r.recovery), r.cumulative_loss
    (-0.4, '2013', '2015', 6.0)

"""

from __future__ import annotations

import datetime as _dt
import html
import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import pandas as pd

from . import _explain, _kernel, _long, _status, _table
from ._inputs import DEFAULT_HORIZON as DEFAULT_HORIZON  # one default, importable from here too
from ._inputs import (
    _align,
    _Data,
    _locate,
    _Options,
    _options,
    _prepare,
    _transformed,
)
from ._transform import TRANSFORMS, apply_missing, apply_transform, check_transform
from .baselines import BASELINES, Baseline, BaselineFit
from .errors import InsufficientDataError, ResponseWarning, ValidationError

if TYPE_CHECKING:
    from .events import ShockLike, Timeline

__all__ = [
    "BASELINES",
    "TRANSFORMS",
    "MartinIndices",
    "ResponseOptions",
    "ShockResponse",
    "counterfactual",
    "martin_indices",
    "resilience_table",
    "shock_response",
    "transform_series",
]

# --------------------------------------------------------------------------- records


@attrs.frozen
class ResponseOptions:
    """The options a [`ShockResponse`][tradeshock.ShockResponse] was computed with.

    Attributes:
        baseline: the baseline's name (``baseline_method``).
        window: length of the estimation window W, in periods.
        horizon: P = s … s+horizon (cut at the end of the data); None = to the end.
        threshold: recovery is y_t >= threshold x b_t.
        lag: periods added to the shock's own period.
        transform: the seasonal transform applied first (``"rolling12"``, ``"yoy"``,
            ``"sa"``), or None.
        missing: ``"skip"`` (gaps in P are skipped) or ``"zero"`` (blanks read as 0).
        min_baseline: responses on a smaller mean baseline are "baseline too small";
            None = no minimum.
        donor_weights: for a synthetic-control baseline, the donors' weights
            (a Series, donor → weight); None otherwise.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([4.0, 4, 4, 2, 3, 4],
        ...               index=pd.period_range("2000", periods=6, freq="Y"))
        >>> shock_response(y, "2003", window=2).options  # doctest: +NORMALIZE_WHITESPACE
        ResponseOptions(baseline='pre_mean', window=2, horizon=5, threshold=1.0, lag=0,
                        transform=None, missing='skip', min_baseline=None)

    """

    baseline: str
    window: int
    horizon: int | None
    threshold: float
    lag: int
    transform: str | None = None
    missing: str = "skip"
    min_baseline: float | None = None
    donor_weights: pd.Series | None = attrs.field(default=None, eq=False, repr=False)

    def summary(self) -> str:
        """Return the options as one line of text.

        Example:
            >>> ResponseOptions("trend", 3, 5, 1.0, 0).summary()
            'baseline trend, window 3, horizon 5, threshold 1, lag 0'

        """
        horizon = "to the end" if self.horizon is None else str(self.horizon)
        text = (
            f"baseline {self.baseline}, window {self.window}, horizon {horizon}, "
            f"threshold {self.threshold:g}, lag {self.lag}"
        )
        if self.transform is not None:
            text += f", transform {self.transform}"
        if self.missing != "skip":
            text += f", missing as {self.missing}"
        if self.min_baseline is not None:
            text += f", min_baseline {self.min_baseline:g}"
        return text

    def _repr_html_(self) -> str:
        weights = ""
        if self.donor_weights is not None:
            top = self.donor_weights.head(3)
            weights = "; donors " + ", ".join(f"{k} {v:.2f}" for k, v in top.items())
        return f"<p>Options: {html.escape(self.summary() + weights)}</p>"


@attrs.frozen
class ShockResponse:
    """The response of one series to one shock ([methods](../methods.md)).

    Periods are `pandas.Period`; times are whole numbers of periods
    counted from the shock period ``s``; losses are in the series' units.

    Attributes:
        shock_period: s, the period containing the shock's start, plus ``lag``.
        baseline_method: which counterfactual was used (one of ``BASELINES``).
        baseline_value: mean of the baseline b_t over the post-shock span P.
        depth: min of g_t = y_t/b_t - 1 over P (negative = a drop).
        trough: first period of P attaining ``depth``; None when the series did not drop.
        time_to_trough: trough - s, or None.
        recovery: first period t >= trough with y_t >= threshold x b_t, or None.
        time_to_recovery: recovery - s, or None.
        recovered: False when the recovery is censored (not within P) or there was no drop.
        cumulative_loss: sum of max(b_t - y_t, 0) over s … recovery-1 (or end of P).
        relative_loss: cumulative_loss / sum of b_t over the same span (0 for an empty span).
        half_life: periods from the trough to the first t with g_t >= depth/2
            (None if never, or if there was no drop).
        dropped: whether the series fell below the baseline (depth < 0); when False,
            trough, recovery and half-life are None.
        missing: periods of P without a value (skipped by every metric).
        confounded_by: ids of other events of the shock's timeline that start within P.
        status: ``"ok"``, or the warnings that apply (``"no drop"``, ``"2 of 3 post-shock
            periods missing"``, ``"covariates outside the window's range (extrapolation)"``,
            ``"confounded by …"``), joined by ``"; "``.
        options: the options it was computed with
            (a [`ResponseOptions`][tradeshock.ResponseOptions]).
        diagnostics: the baseline's fit diagnostics (regression: ``coefficients``,
            ``r2``, ``resid_se``, ``n``); empty for the other baselines.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([4.0, 4, 4, 2, 3, 4],
        ...               index=pd.period_range("2000", periods=6, freq="Y", name="period"))
        >>> r = shock_response(y, "2003")
        >>> r.depth, r.time_to_trough, r.time_to_recovery, r.half_life
        (-0.5, 0, 2, 1)
        >>> r.to_dict()["recovered"]
        True

    """

    shock_period: pd.Period
    baseline_method: str
    baseline_value: float
    depth: float
    trough: pd.Period | None
    time_to_trough: int | None
    recovery: pd.Period | None
    time_to_recovery: int | None
    recovered: bool
    cumulative_loss: float
    relative_loss: float
    half_life: int | None
    dropped: bool
    missing: int
    confounded_by: tuple[str, ...]
    status: str
    # equal numbers = equal responses, whatever options or diagnostics produced them
    options: ResponseOptions = attrs.field(repr=False, eq=False)
    diagnostics: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the metric fields (``FIELDS``) as a plain dict (periods stay Periods).

        Example:
            >>> import pandas as pd
            >>> y = pd.Series([2.0, 2, 1, 2],
            ...               index=pd.period_range("2000", periods=4, freq="Y"))
            >>> sorted(shock_response(y, "2002", window=2).to_dict())[:3]
            ['baseline_method', 'baseline_value', 'confounded_by']

        """
        return {name: getattr(self, name) for name in FIELDS}

    def summary(self, subject: str | None = None) -> str:
        """Say in one line of plain language how far the series fell and whether it came back.

        ``subject`` names the series (default "the series").

        Example:
            >>> import pandas as pd
            >>> y = pd.Series([4.0, 4, 4, 2, 3, 4],
            ...               index=pd.period_range("2000", periods=6, freq="Y"))
            >>> print(shock_response(y, "2003").summary("imports"))
            Imports fell 50.0 % below the 2000–2002 mean by 2003; back at the baseline in 2005, \
2 years after the shock.

        """
        return _explain.response_summary(self, subject)

    def __repr__(self) -> str:
        return _explain.response_repr(self)

    def _repr_html_(self) -> str:
        return _explain.response_html(self)


FIELDS: tuple[str, ...] = tuple(
    a.name
    for a in attrs.fields(ShockResponse)
    if a.name not in ("status", "options", "diagnostics")
)
"""Names of the `ShockResponse` metric fields, in order (the metric columns of a table)."""


@attrs.frozen
class MartinIndices:
    """Martin (2012) resistance and recoverability of a series against a reference.

    resistance = (%Δy - %ΔR) / |%ΔR| from s-1 to the trough; recoverability is
    the same ratio from the trough to the recovery (or to the end of P when the
    series has not recovered). 0 = moved like the reference; a negative
    resistance = fell more than the reference; a positive recoverability =
    came back faster. NaN when the reference did not move (%ΔR = 0) or a value
    is missing.

    Attributes:
        resistance: the index over s-1 → trough.
        recoverability: the index over trough → end.
        shock_period: s.
        trough: the trough of [`shock_response`][tradeshock.shock_response]; None (and
            every index NaN) when the series did not drop.
        end: the recovery period, or the last period of P with y and R present.
        recovered: whether ``end`` is a recovery (False = censored).
        series_drop: %Δy over s-1 → trough (a fraction: -0.25 = -25 %).
        reference_drop: %ΔR over s-1 → trough.
        series_rebound: %Δy over trough → end.
        reference_rebound: %ΔR over trough → end.

    Example:
        >>> import pandas as pd
        >>> idx = pd.period_range("2000", periods=6, freq="Y")
        >>> y = pd.Series([10.0, 10, 10, 5, 8, 10], index=idx)
        >>> world = pd.Series([100.0, 100, 100, 80, 90, 100], index=idx)
        >>> m = martin_indices(y, world, "2003", baseline="pre_mean")
        >>> round(m.resistance, 6), round(m.recoverability, 6)
        (-1.5, 3.0)

    """

    resistance: float
    recoverability: float
    shock_period: pd.Period
    trough: pd.Period | None
    end: pd.Period | None
    recovered: bool
    series_drop: float
    reference_drop: float
    series_rebound: float
    reference_rebound: float

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dict.

        Example:
            >>> import pandas as pd
            >>> idx = pd.period_range("2000", periods=5, freq="Y")
            >>> y = pd.Series([4.0, 4, 4, 2, 4], index=idx)
            >>> r = pd.Series([8.0, 8, 8, 6, 8], index=idx)
            >>> martin_indices(y, r, "2003", baseline="pre_mean").to_dict()["resistance"]
            -1.0

        """
        return attrs.asdict(self, recurse=False)

    def summary(self) -> str:
        """Say in one line whether the series fell less than the reference and came back faster.

        Example:
            >>> import pandas as pd
            >>> idx = pd.period_range("2000", periods=5, freq="Y")
            >>> y = pd.Series([4.0, 4, 4, 2, 4], index=idx)
            >>> r = pd.Series([8.0, 8, 8, 6, 8], index=idx)
            >>> print(martin_indices(y, r, "2003", baseline="pre_mean").summary())
            ... # doctest: +NORMALIZE_WHITESPACE
            From 2002 to the trough in 2003 the series fell more than the reference (-50.0 % vs
            -25.0 %; resistance -1.00); to its recovery in 2004 it came back faster than the
            reference (+100.0 % vs +33.3 %; recoverability 2.00).

        """
        return _explain.martin_summary(self)

    def __repr__(self) -> str:
        return _explain.martin_repr(self)

    def _repr_html_(self) -> str:
        return _explain.martin_html(self)


def _record(opts: _Options) -> ResponseOptions:
    """Return the options as the public record a ShockResponse carries."""
    return ResponseOptions(
        opts.baseline.name,
        opts.window,
        opts.horizon,
        opts.threshold,
        opts.lag,
        transform=opts.transform,
        missing=opts.missing,
        min_baseline=opts.min_baseline,
    )


# --------------------------------------------------------------------------- scalar reference


def _running_sum(values: Iterable[float]) -> float:
    """Sum left to right (the kernel sums in the same order)."""
    total = 0.0
    for value in values:
        total += value
    return total


def _scalar_baseline(
    y: np.ndarray, s: int, stop: int, opts: _Options
) -> tuple[np.ndarray, BaselineFit]:
    """b_t for t in P ([methods](../methods.md)) and the fit, for one series ``y``.

    The baseline's own class does the math (the same code as the table's); this
    only turns its column statuses into errors.
    """
    w = opts.window
    win = y[s - w : s]
    if not np.isfinite(win).all():
        raise InsufficientDataError(
            f"series has missing values in the estimation window (the {w} periods before the shock)"
        )
    # BaselineUnavailable (an InsufficientDataError) propagates with its message
    fit = opts.baseline.fit(win[:, None].astype(np.float64), opts.inputs, s)
    if not bool(np.asarray(fit.usable)[0]):
        if fit.problems and fit.problems[0]:
            raise InsufficientDataError(f"baseline={opts.baseline.name!r}: {fit.problems[0]}")
        raise ValidationError(
            f"series must be positive over the estimation window for "
            f"baseline={opts.baseline.name!r} (its log is taken)"
        )
    path = np.asarray(opts.baseline.predict(fit, opts.inputs, s, stop), dtype=np.float64)
    column: np.ndarray = np.broadcast_to(path, (stop - s, 1))[:, 0].copy()
    return column, fit


def _scalar_metrics(
    y: np.ndarray, b: np.ndarray, opts: _Options, s_period: pd.Period
) -> dict[str, Any]:
    """Compute the [methods](../methods.md) metrics over P with plain loops (rows from s)."""
    m = len(y)
    tol = _kernel.TOLERANCE  # |g| below it is float noise of the baseline estimate
    present = [math.isfinite(y[i]) and math.isfinite(b[i]) for i in range(m)]
    gaps = [y[i] / b[i] - 1.0 if present[i] else math.nan for i in range(m)]
    gaps = [0.0 if abs(g) < tol else g for g in gaps]
    finite = [i for i in range(m) if math.isfinite(gaps[i])]
    if not finite:
        raise InsufficientDataError(f"series has no value from the shock period {s_period} on")
    depth = min(gaps[i] for i in finite)
    dropped = bool(depth < 0)
    trough = next(i for i in finite if gaps[i] <= depth + tol) if dropped else None
    # y_t >= threshold * b_t  <=>  g_t >= threshold - 1 (b_t > 0)
    recovery = None
    half_life = None
    if trough is not None:
        recovery = next(
            (i for i in finite if i >= trough and gaps[i] >= opts.threshold - 1.0 - tol), None
        )
        half_life = next(
            (i - trough for i in finite if i > trough and gaps[i] >= depth / 2.0 - tol), None
        )
    loss_end = m if recovery is None else recovery
    span = [i for i in finite if i < loss_end]
    loss = _running_sum(b[i] - y[i] if gaps[i] < 0 else 0.0 for i in span)
    base = _running_sum(b[i] for i in span)
    finite_b = [v for v in b if math.isfinite(v)]
    return {
        "baseline_value": float(_running_sum(finite_b) / len(finite_b)),
        "depth": float(depth),
        "trough": trough,
        "recovery": recovery,
        "cumulative_loss": float(loss),
        "relative_loss": float(loss / base if base > 0 else (0.0 if loss == 0 else math.nan)),
        "half_life": half_life,
        "dropped": dropped,
        "missing": sum(not math.isfinite(v) for v in y),
    }


def _scalar_response(
    data: _Data, s_period: pd.Period, s: int, stop: int, opts: _Options, shock: object
) -> ShockResponse:
    """Compute the metrics for the single column of ``data``, with their statuses."""
    b, fit = _scalar_baseline(data.values[:, 0], s, stop, opts)
    y = data.values[s:stop, 0]
    if any(math.isfinite(y[i]) and b[i] <= 0 for i in range(stop - s)):
        raise ValidationError(
            f"series gives a non-positive {opts.baseline.name!r} baseline after the shock; "
            "gaps y/b - 1 need a positive baseline (use exports, imports or total, not balance)"
        )
    got = _scalar_metrics(y, b, opts, s_period)
    if opts.min_baseline is not None and got["baseline_value"] < opts.min_baseline:
        raise InsufficientDataError(
            f"baseline too small: the mean baseline {got['baseline_value']:.4g} is below "
            f"min_baseline={opts.min_baseline:g}"
        )
    flags = _flags(opts, fit, s, stop)
    confounders = _confounders(shock, opts, s_period, data.period(stop - 1))
    status = _status.compose(
        dropped=got["dropped"],
        missing=got["missing"],
        periods=stop - s,
        flags=flags,
        confounders=confounders,
    )
    trough, recovery = got["trough"], got["recovery"]
    diagnostics = _scalar_diagnostics(fit, opts)
    diagnostics.pop("paths", None)  # the path is b_t: counterfactual() returns it
    return ShockResponse(
        shock_period=s_period,
        baseline_method=opts.baseline.name,
        baseline_value=got["baseline_value"],
        depth=got["depth"],
        trough=None if trough is None else data.period(s + trough),
        time_to_trough=trough,
        recovery=None if recovery is None else data.period(s + recovery),
        time_to_recovery=recovery,
        recovered=recovery is not None,
        cumulative_loss=got["cumulative_loss"],
        relative_loss=got["relative_loss"],
        half_life=got["half_life"],
        dropped=got["dropped"],
        missing=got["missing"],
        confounded_by=confounders,
        status=status,
        options=attrs.evolve(_record(opts), donor_weights=diagnostics.pop("weights", None)),
        diagnostics=diagnostics,
    )


def _flags(opts: _Options, fit: BaselineFit, s: int, stop: int) -> tuple[str, ...]:
    """Return the baseline's own warnings over P (e.g. the regression's extrapolation)."""
    flags = getattr(opts.baseline, "flags", None)
    return tuple(flags(fit, opts.inputs, s, stop)) if callable(flags) else ()


def _confounders(
    shock: object,
    opts: _Options,
    first: pd.Period,
    last: pd.Period,
    cache: dict[int, _status.EventSpans] | None = None,
) -> tuple[str, ...]:
    """Other events starting within P: from ``confounders=``, else the shock's own timeline.

    ``cache`` keeps each timeline's event spans across the events of one table.
    """
    others: object = opts.confounders
    if others is None:
        others = getattr(shock, "timeline", None)
    if not isinstance(others, Iterable):
        return ()
    cache = {} if cache is None else cache
    if id(others) not in cache:
        cache[id(others)] = _status.timeline_spans(others)
    return _status.confounded_by(shock, cache[id(others)], first, last)


def _scalar_diagnostics(fit: BaselineFit, opts: _Options) -> dict[str, Any]:
    """Return the fit's diagnostics for the single column (coefficients by covariate)."""
    out: dict[str, Any] = {}
    for key, value in fit.diagnostics.items():
        if isinstance(value, list):  # one entry per column (e.g. the synthetic weights)
            out[key] = value[0]
        elif key == "coefficients":
            names = ("intercept", *opts.inputs.covariate_names)
            column = np.asarray(value)[:, 0]
            out[key] = {name: float(c) for name, c in zip(names, column, strict=True)}
        elif isinstance(value, np.ndarray):
            out[key] = float(value[0])
        else:
            out[key] = value
    return out


def _raise_for_status(status: str, s_period: pd.Period, data: _Data, opts: _Options) -> None:
    if status == _kernel.SHOCK_OUTSIDE:
        raise ValidationError(
            f"shock period {s_period} is outside the series ({data.first} … "
            f"{data.period(data.n - 1)})"
        )
    if status == _kernel.WINDOW_OUTSIDE:
        raise InsufficientDataError(
            f"window={opts.window} needs {opts.window} periods before the shock period "
            f"{s_period}, but the series starts at {data.first}"
        )


def shock_response(
    series: pd.Series,
    shock: ShockLike,
    *,
    baseline: str | Baseline = "pre_mean",
    window: int | None = None,
    horizon: int | Literal["end"] | None = None,
    threshold: float = 1.0,
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    lag: int = 0,
    transform: Literal["rolling12", "yoy", "sa"] | None = None,
    missing: Literal["skip", "zero"] = "skip",
    min_baseline: float | None = None,
    confounders: Iterable[object] | None = None,
    donors: pd.DataFrame | None = None,
) -> ShockResponse:
    """Measure how far ``series`` falls after ``shock`` and how fast it comes back.

    Args:
        series: values with a PeriodIndex of frequency ``"Y"`` or ``"M"``
            (unique, increasing; periods missing from the index count as NaN).
        shock: an [`Event`][tradeshock.Event] (anything with ``.period(freq)``),
            a date-like (``"2014-03"``, a ``datetime``, a year as ``int``) or a
            ``pandas.Period`` (a monthly Period on an annual series means
            its year). The shock period s is the period containing it, plus ``lag``.
        baseline: a name in [`BASELINES`][tradeshock.baselines.BASELINES] or a
            [`Baseline`][tradeshock.Baseline] object: ``"pre_mean"`` (mean of y over W),
            ``"pre_last"`` (y at s-1), ``"trend"`` (exp of the OLS line of ln y on time
            over W, extrapolated), ``"reference"`` (R_t x mean(y/R over W)) or
            ``"regression"`` (exp of the OLS fit of ln y on ln of each ``covariates``
            column over W, at t).
        window: length of W = s-window … s-1 (default 3 annual, 12 monthly; regression:
            10 annual, 60 monthly, and at least 5 per coefficient).
        horizon: P = s … s+horizon, cut at the end of the series (default 5 annual,
            36 monthly; ``"end"``: to the end of the series).
        threshold: recovery is the first t >= trough with y_t >= threshold x b_t.
        reference: R for ``baseline="reference"``, aligned by period.
        covariates: Series or DataFrame for ``baseline="regression"``, aligned by period.
        lag: periods added to the shock period (negative = anticipation).
        transform: for monthly data, ``"rolling12"`` (12-month sums), ``"yoy"``
            (100 x y_t / y_(t-12)) or ``"sa"`` (STL seasonal adjustment; needs the
            ``sa`` extra); applied to the series and the reference first.
        missing: ``"skip"`` (gaps in P are skipped and counted in ``missing``) or
            ``"zero"`` (every blank is read as 0: only for sources that document it,
            e.g. EIA petroleum imports by origin).
        min_baseline: a mean baseline over P below this (in the series' units) is an
            error ("baseline too small"); default None: no minimum.
        confounders: events whose start inside P marks the response "confounded"
            (default: the other events of the timeline ``shock`` came from; ``()``: none).
        donors: the donor panel for ``baseline="synthetic"`` (e.g.
            ``load_trade_panel()``), aligned by period; donors named like the series or
            equal to it over W are left out.

    Returns:
        A [`ShockResponse`][tradeshock.ShockResponse]; its ``status`` is ``"ok"`` or says
        what needs care (no drop, missing periods, extrapolation, confounding).

    Raises:
        ValidationError: bad arguments (not a Series, no/unsorted/duplicate
            PeriodIndex, unknown baseline, missing ``reference``/``covariates``,
            a regression window under 5 observations per coefficient,
            shock outside the series, non-positive values where a log or ratio
            is taken, a non-positive baseline).
        InsufficientDataError: the window starts before the series, has missing
            values, collinear covariates, no value from s on, or a baseline under
            ``min_baseline``.

    Warns:
        ResponseWarning: when the regression extrapolates or another event falls in P.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([100.0, 100, 100, 50, 60, 90, 100],
        ...               index=pd.period_range("2011", periods=7, freq="Y", name="period"))
        >>> r = shock_response(y, "2014")            # W = 2011-2013, b = 100
        >>> r.depth, str(r.trough), r.time_to_recovery, r.cumulative_loss, r.half_life
        (-0.5, '2014', 3, 100.0, 2)
        >>> shock_response(y, "2014", horizon=2).recovered   # censored
        False

    """
    data = _prepare(series, "series", frame_ok=False)
    opts = _options(
        data,
        baseline=baseline,
        window=window,
        horizon=horizon,
        threshold=threshold,
        reference=reference,
        covariates=covariates,
        lag=lag,
        transform=transform,
        missing=missing,
        min_baseline=min_baseline,
        confounders=confounders,
        donors=donors,
    )
    response = _prepared_response(data, shock, opts)
    _warn(response)
    return response


def _prepared_response(data: _Data, shock: object, opts: _Options) -> ShockResponse:
    """`shock_response` on validated data and options (raises as it does; does not warn)."""
    data = _transformed(data, opts)
    s_period, s, stop, status = _locate(data, shock, opts)
    _raise_for_status(status, s_period, data, opts)
    assert stop is not None
    # an overflowing y/b or exp(trend) is inf and skipped like NaN: no RuntimeWarning for users
    with np.errstate(over="ignore"):
        return _scalar_response(data, s_period, s, stop, opts, shock)


def _warn(response: ShockResponse, stacklevel: int = 3) -> None:
    """Warn about what a status alone might hide: extrapolation and confounding.

    ``stacklevel`` 3 names the line that called the public function that called this.
    """
    serious = [
        part
        for part in response.status.split("; ")
        if part.startswith("confounded") or "extrapolation" in part
    ]
    if serious:
        warnings.warn(
            f"response at {response.shock_period}: {'; '.join(serious)}",
            ResponseWarning,
            stacklevel=stacklevel,
        )


def transform_series(
    series: pd.Series,
    transform: Literal["rolling12", "yoy", "sa"] | None = None,
    *,
    missing: Literal["skip", "zero"] = "skip",
) -> pd.Series:
    """Return ``series`` as the metrics see it with ``transform`` and ``missing`` (e.g. to draw).

    Example:
        >>> import pandas as pd
        >>> y = pd.Series(range(1, 25), dtype=float,
        ...               index=pd.period_range("2000-01", periods=24, freq="M"))
        >>> float(transform_series(y, "rolling12").dropna().iloc[0])   # 1 + 2 + ... + 12
        78.0

    """
    data = _prepare(series, "series", frame_ok=False)
    check_transform(transform, missing, data.freq)
    values = apply_transform(apply_missing(data.values, missing), transform)[:, 0]
    index = pd.period_range(data.first, periods=data.n, freq=data.first.freq, name="period")
    out: pd.Series = pd.Series(values, index=index, name=series.name)
    out.attrs = {**series.attrs, "transform": transform, "missing": missing}
    return out


def counterfactual(
    series: pd.Series,
    shock: ShockLike,
    *,
    baseline: str | Baseline = "pre_mean",
    window: int | None = None,
    horizon: int | Literal["end"] | None = None,
    threshold: float = 1.0,
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    lag: int = 0,
    transform: Literal["rolling12", "yoy", "sa"] | None = None,
    missing: Literal["skip", "zero"] = "skip",
    donors: pd.DataFrame | None = None,
) -> pd.Series:
    """Return the baseline b_t over the post-shock span P as a Series (e.g. to draw it).

    Takes the same arguments as [`shock_response`][tradeshock.shock_response]
    (``threshold`` is accepted for symmetry; it does not change b_t). With a
    ``transform`` the path is in the transformed units.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([1.0, 2, 4, 3],
        ...               index=pd.period_range("2000", periods=4, freq="Y", name="period"))
        >>> counterfactual(y, "2003", baseline="trend", window=3).round(6).tolist()
        [8.0]

    """
    data = _prepare(series, "series", frame_ok=False)
    opts = _options(
        data,
        baseline=baseline,
        window=window,
        horizon=horizon,
        threshold=threshold,
        reference=reference,
        covariates=covariates,
        lag=lag,
        transform=transform,
        missing=missing,
        donors=donors,
    )
    data = _transformed(data, opts)
    s_period, s, stop, status = _locate(data, shock, opts)
    _raise_for_status(status, s_period, data, opts)
    assert stop is not None
    with np.errstate(over="ignore"):
        b, _ = _scalar_baseline(data.values[:, 0], s, stop, opts)
    index = pd.period_range(s_period, periods=stop - s, freq=s_period.freq, name="period")
    path: pd.Series = pd.Series(b, index=index, name="baseline")
    return path


def _shock_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults of `shock_response`'s keywords, with unknown names rejected."""
    known = {
        "baseline": "pre_mean",
        "window": None,
        "horizon": None,
        "threshold": 1.0,
        "reference": None,
        "covariates": None,
        "lag": 0,
        "transform": None,
        "missing": "skip",
        "min_baseline": None,
        "confounders": None,
        "donors": None,
    }
    unknown = sorted(set(kwargs) - set(known))
    if unknown:
        raise ValidationError(f"unknown keyword argument(s) {unknown}; use {sorted(known)}")
    return {**known, **kwargs}


# --------------------------------------------------------------------------- panel table


def _events(timeline: object) -> list[object]:
    """List the shocks of ``timeline`` (an iterable of events, or one event/date/Period)."""
    single = (str, pd.Period, _dt.date, np.datetime64, numbers.Integral)
    if isinstance(timeline, single) or callable(getattr(timeline, "period", None)):
        return [timeline]
    if isinstance(timeline, Iterable):
        return list(timeline)
    raise ValidationError(f"timeline must be an iterable of events, got {type(timeline).__name__}")


def resilience_table(
    data: pd.Series | pd.DataFrame,
    timeline: Timeline | Iterable[ShockLike] | ShockLike,
    *,
    baseline: str | Baseline = "pre_mean",
    window: int | None = None,
    horizon: int | Literal["end"] | None = None,
    threshold: float = 1.0,
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    lag: int = 0,
    transform: Literal["rolling12", "yoy", "sa"] | None = None,
    missing: Literal["skip", "zero"] = "skip",
    min_baseline: float | None = None,
    confounders: Iterable[object] | None = None,
    donors: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    period: str = "period",
    value: str = "value",
) -> pd.DataFrame:
    """One [`shock_response`][tradeshock.shock_response] per (event, column), vectorised.

    Args:
        data: a Series or a DataFrame (e.g. ``load_trade_panel()``: one column per partner),
            or a long DataFrame with one row per (series key, period): key columns ``by``,
            a ``period`` column (pandas Periods, or integer years) and a ``value`` column.
        timeline: an iterable of events (a [`Timeline`][tradeshock.events.Timeline], a list of
            events, dates or Periods), or a single one.
        baseline: as in [`shock_response`][tradeshock.shock_response].
        window: as in [`shock_response`][tradeshock.shock_response].
        horizon: as in [`shock_response`][tradeshock.shock_response] (default 5 annual,
            36 monthly).
        threshold: as in [`shock_response`][tradeshock.shock_response].
        reference: as in [`shock_response`][tradeshock.shock_response], shared by every column.
        covariates: as in [`shock_response`][tradeshock.shock_response], shared by every column.
        lag: as in [`shock_response`][tradeshock.shock_response].
        transform: as in [`shock_response`][tradeshock.shock_response].
        missing: as in [`shock_response`][tradeshock.shock_response].
        min_baseline: rows whose mean baseline is below it get status
            ``"baseline too small"`` and no numbers.
        confounders: as in [`shock_response`][tradeshock.shock_response]: by default the
            other events of the timeline each event came from (dates and Periods: none).
        donors: as in [`shock_response`][tradeshock.shock_response]; each column gets its
            own synthetic control (the donors minus itself).
        by: the key columns of a long ``data`` (e.g. ``("partner", "hs")``); default: every
            column but ``period`` and ``value`` when ``data`` has those and no PeriodIndex.
        period: name of the period column of a long ``data``.
        value: name of the value column of a long ``data``.

    Returns:
        A DataFrame with one row per (event, column), events in timeline
        order: ``event`` (the event's ``id``, else its text), ``label``,
        ``series`` (the column name), ``status``, then every
        [`ShockResponse`][tradeshock.ShockResponse] metric field (periods as a Period
        column, times as nullable ``Int64``, ``recovered`` as nullable ``boolean``).
        ``status`` is ``"ok"``, or the warnings of a computed row (``"no drop"``,
        ``"2 of 3 post-shock periods missing"``, ``"covariates outside the window's range
        (extrapolation)"``, ``"confounded by …"``, joined by ``"; "``), or why a row has
        no numbers: ``"shock outside data"``, ``"window starts before data"``,
        ``"incomplete window"``, ``"incomplete reference window"``,
        ``"incomplete covariates window"``, ``"collinear covariates in window"``,
        ``"non-positive values in window"``, ``"non-positive baseline"``,
        ``"no data after shock"``, ``"baseline too small"``, ``"event date coarser than
        the data"`` (a year-only event on monthly data; its ``shock_period`` is NaT).
        Bad arguments still raise. ``attrs["options"]`` holds the options.
        For a long ``data`` the key columns replace ``series``, in front, and series come in
        sorted key order; the numbers are those of the wide path on ``data`` pivoted to one
        column per key (the long path only reshapes, in blocks of bounded size).

    Raises:
        ValidationError: bad arguments; for a long ``data`` also missing columns, missing keys,
            periods that are not Periods/years, and duplicate (key, period) rows (the error
            names the first duplicate in sorted key order).

    Example:
        >>> import pandas as pd
        >>> idx = pd.period_range("2010", periods=6, freq="Y", name="period")
        >>> panel = pd.DataFrame({"a": [4.0, 4, 4, 2, 4, 4], "b": [1.0, 1, 1, 1, 0.5, 1]},
        ...                      index=idx)
        >>> t = resilience_table(panel, ["2013", "2030"])
        >>> t[["event", "series", "status", "depth", "time_to_recovery"]]
          event series              status  depth  time_to_recovery
        0  2013      a                  ok   -0.5                 1
        1  2013      b                  ok   -0.5                 2
        2  2030      a  shock outside data    NaN              <NA>
        3  2030      b  shock outside data    NaN              <NA>

        The same panel in long format (one row per key and period):

        >>> long = panel.rename_axis(columns="hs").stack().rename("value").reset_index()
        >>> t = resilience_table(long, ["2013"], by="hs")
        >>> t[["hs", "event", "status", "depth"]]
          hs event status  depth
        0  a  2013     ok   -0.5
        1  b  2013     ok   -0.5

    """
    options: dict[str, Any] = {
        "baseline": baseline,
        "window": window,
        "horizon": horizon,
        "threshold": threshold,
        "reference": reference,
        "covariates": covariates,
        "lag": lag,
        "transform": transform,
        "missing": missing,
        "min_baseline": min_baseline,
        "confounders": confounders,
        "donors": donors,
    }
    if by is not None or _long.looks_long(data, period, value):
        if not isinstance(data, pd.DataFrame):
            raise ValidationError(f"by= needs a long DataFrame, got {type(data).__name__}")
        return _long.long_table(
            data, timeline, by=by, period=period, value=value, wide_table=resilience_table,
            options=options,
        )  # fmt: skip
    panel = _prepare(data, "data", frame_ok=True)
    opts = _options(panel, **options)
    return _wide_table(_transformed(panel, opts), _events(timeline), opts)


def _wide_table(panel: _Data, events: list[object], opts: _Options) -> pd.DataFrame:
    """`resilience_table` on validated data: locate, kernel, statuses, frame."""
    located = [_located(panel, event, opts) for event in events]
    fields, texts, fits = _table.kernel_fields(
        panel.values,
        located,
        window=opts.window,
        baseline=opts.baseline,
        threshold=opts.threshold,
        inputs=opts.inputs,
        min_baseline=opts.min_baseline,
    )
    spans: dict[int, _status.EventSpans] = {}  # each timeline's event dates, computed once
    warnings = [
        _row_warnings(event, where, fit, opts, spans)
        for event, where, fit in zip(events, located, fits, strict=True)
    ]
    periods = [0 if w.stop is None else w.stop - w.s for w in located]
    codes = _table.row_statuses(fields, texts, len(panel.columns), periods, warnings)
    table = _table.assemble(
        fields,
        (codes, texts),
        columns=panel.columns,
        located=located,
        identity=[(_event_id(event), _event_label(event)) for event in events],
        confounders=[found for _, found in warnings],
        baseline=opts.baseline.name,
        freq=panel.freq,
    )
    table.attrs["options"] = attrs.asdict(_record(opts))  # what every row was computed with
    return table


def _located(panel: _Data, event: object, opts: _Options) -> _table.Located:
    """Locate ``event`` in ``panel``.

    An event dated more coarsely than the data (a year-only date on monthly data) has no
    shock period: a row that says so, not an error.
    """
    try:
        s_period, s, stop, status = _locate(panel, event, opts)
    except ValidationError:
        if not callable(getattr(event, "period", None)):
            raise
        return _table.Located(None, 0, None, _kernel.COARSE_DATE)
    return _table.Located(s_period, s, stop, status)


def _row_warnings(
    event: object,
    where: _table.Located,
    fit: BaselineFit | None,
    opts: _Options,
    spans: dict[int, _status.EventSpans],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the baseline's flags and the confounders of an event's computed rows."""
    if where.stop is None or where.period is None:
        return (), ()
    flags = () if fit is None else _flags(opts, fit, where.s, where.stop)
    last = where.period + (where.stop - where.s - 1)
    return flags, _confounders(event, opts, where.period, last, spans)


def _event_id(event: object) -> str:
    ident = getattr(event, "id", None)
    return str(ident) if ident is not None else str(event)


def _event_label(event: object) -> str:
    label = getattr(event, "label", None)
    return str(label) if label is not None else _event_id(event)


# --------------------------------------------------------------------------- Martin, placebo


def _pct_change(start: float, end: float) -> float:
    return end / start - 1.0 if start != 0 else math.nan


def _martin_ratio(dy: float, dr: float) -> float:
    if not (math.isfinite(dy) and math.isfinite(dr)) or dr == 0:
        return math.nan
    return (dy - dr) / abs(dr)


def martin_indices(
    series: pd.Series,
    reference: pd.Series,
    shock: ShockLike,
    *,
    baseline: str | Baseline = "reference",
    window: int | None = None,
    horizon: int | None = None,
    threshold: float = 1.0,
    covariates: pd.Series | pd.DataFrame | None = None,
    lag: int = 0,
) -> MartinIndices:
    """Martin (2012) resistance and recoverability of ``series`` against ``reference``.

    The trough and the recovery are those of [`shock_response`][tradeshock.shock_response]
    with the same ``reference`` and keywords (default ``baseline="reference"``, so the
    counterfactual is "kept its pre-shock share of R"). Then
    resistance = (%Δy - %ΔR) / |%ΔR| over s-1 → trough and recoverability the
    same over trough → recovery (or, if censored, the last period of P where
    both y and R are present).

    Example:
        >>> import pandas as pd
        >>> idx = pd.period_range("2000", periods=6, freq="Y")
        >>> y = pd.Series([10.0, 10, 10, 5, 8, 10], index=idx)      # falls 50 %
        >>> world = pd.Series([100.0, 100, 100, 80, 90, 100], index=idx)  # falls 20 %
        >>> m = martin_indices(y, world, "2003")
        >>> round(m.resistance, 6), m.recovered
        (-1.5, True)

    """
    response = shock_response(
        series,
        shock,
        baseline=baseline,
        window=window,
        horizon=horizon,
        threshold=threshold,
        reference=reference,
        covariates=covariates,
        lag=lag,
    )
    if response.trough is None:  # no drop: nothing to resist or recover from
        nan = math.nan
        return MartinIndices(nan, nan, response.shock_period, None, None, False, nan, nan, nan, nan)
    data = _prepare(series, "series", frame_ok=False)
    ref = _align(reference, data, "reference", frame_ok=False)[:, 0]
    y = data.values[:, 0]
    s = data.row(response.shock_period)
    trough = data.row(response.trough)
    if response.recovery is not None:
        end: int | None = data.row(response.recovery)
    else:
        horizon = response.options.horizon
        last = data.n - 1 if horizon is None else min(s + horizon, data.n - 1)
        end = next(
            (i for i in range(last, trough - 1, -1) if np.isfinite(y[i]) and np.isfinite(ref[i])),
            None,
        )
    dy_drop = _pct_change(y[s - 1], y[trough])
    dr_drop = _pct_change(ref[s - 1], ref[trough])
    dy_up = math.nan if end is None else _pct_change(y[trough], y[end])
    dr_up = math.nan if end is None else _pct_change(ref[trough], ref[end])
    return MartinIndices(
        resistance=float(_martin_ratio(dy_drop, dr_drop)),
        recoverability=float(_martin_ratio(dy_up, dr_up)),
        shock_period=response.shock_period,
        trough=response.trough,
        end=None if end is None else data.period(end),
        recovered=response.recovered,
        series_drop=float(dy_drop),
        reference_drop=float(dr_drop),
        series_rebound=float(dy_up),
        reference_rebound=float(dr_up),
    )


def __getattr__(name: str) -> Any:
    """Serve ``placebo_pvalue`` and ``PlaceboTest``, which moved to `tradeshock.placebo`.

    A deprecated path kept for one release (0.1.0 code imports them from here): the import is
    lazy because `tradeshock.placebo` builds on this module. It goes in 0.3, and with it the
    last import running back up from this module.
    """
    if name in ("placebo_pvalue", "PlaceboTest"):
        warnings.warn(
            f"tradeshock.resilience.{name} is deprecated and will be removed in tradeshock 0.3; "
            f"use tradeshock.{name} (or tradeshock.placebo.{name})",
            DeprecationWarning,
            stacklevel=2,
        )
        from . import placebo

        return getattr(placebo, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

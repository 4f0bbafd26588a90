"""Counterfactual baselines: one small class per baseline behind one protocol.

A baseline is fitted on the estimation window W = s-window … s-1 and predicts
the counterfactual path b_t over the post-shock span P = s … stop-1 (formulas
in [methods](../methods.md#baselines)). Every baseline works on a block of
columns at once (a window x k array), so the scalar
[`shock_response`][tradeshock.shock_response] and the vectorised
[`resilience_table`][tradeshock.resilience_table] run the same code: each
baseline's math lives in exactly one place, its class.

Choose a baseline by name (``baseline="trend"``) or pass an object
(``baseline=TrendBaseline()``). Adding a baseline is one class and one line in
[`REGISTRY`][tradeshock.baselines.REGISTRY].

Sums over W are sequential (``np.cumsum`` along the period axis, never numpy's
pairwise ``sum``): a baseline then does not depend on how many columns are
computed together, to the last bit, and the troughs and recoveries it decides
are the same in a table and in a single response.

Example:
    >>> import numpy as np
    >>> from tradeshock.baselines import BaselineInputs, TrendBaseline
    >>> window = np.array([[1.0], [2.0], [4.0]])          # W = s-3 … s-1, one column
    >>> trend = TrendBaseline()
    >>> fit = trend.fit(window, BaselineInputs(), s=3)
    >>> trend.predict(fit, BaselineInputs(), s=3, stop=5).round(6).ravel().tolist()
    [8.0, 16.0]

"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import InsufficientDataError, ValidationError

__all__ = [
    "BASELINES",
    "REGISTRY",
    "Baseline",
    "BaselineFit",
    "BaselineInputs",
    "BaselineUnavailable",
    "PreLastBaseline",
    "PreMeanBaseline",
    "ReferenceBaseline",
    "RegressionBaseline",
    "SyntheticBaseline",
    "TrendBaseline",
    "resolve_baseline",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# statuses of problems shared by every column (an input other than the series)
INCOMPLETE_REFERENCE = "incomplete reference window"
INCOMPLETE_COVARIATES = "incomplete covariates window"
COLLINEAR = "collinear covariates in window"

DEFAULT_WINDOW = {"Y": 3, "M": 12}
"""Default length of W by frequency (annual, monthly)."""

REGRESSION_WINDOW = {"Y": 10, "M": 60}
"""Default length of W for the regression baseline (at least 5 observations per coefficient)."""

OBSERVATIONS_PER_COEFFICIENT = 5
"""The regression baseline needs window >= 5 x (covariates + 1): fewer points overfit wildly."""

EXTRAPOLATION = "covariates outside the window's range (extrapolation)"


def seqsum(values: FloatArray) -> Any:
    """Sequential sum along axis 0 (a running sum, not numpy's pairwise sum).

    Wide blocks add row by row (the same additions in the same order as ``cumsum``, which
    is several times slower along axis 0 of a wide array); narrow ones take ``cumsum``.
    """
    if values.ndim == 2 and values.shape[1] >= _WIDE and values.shape[0] > 0:
        total = values[0].copy()
        for row in values[1:]:
            total += row
        return total
    return np.cumsum(values, axis=0)[-1]


_WIDE = 64  # columns from which seqsum adds row by row


def design_matrix(log_covariates: FloatArray) -> FloatArray:
    """``[1, ln x_1, ..., ln x_c]`` rows for the regression baseline."""
    ones = np.ones((log_covariates.shape[0], 1))
    return np.concatenate([ones, log_covariates], axis=1)


class BaselineUnavailable(InsufficientDataError):
    """No baseline can be fitted for any column: an input shared by all columns fails.

    ``status`` is the short text a table row shows (e.g. ``"incomplete reference window"``).
    """

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


@attrs.frozen(eq=False)
class BaselineInputs:
    """Series shared by every column, aligned on the data's periods (row i = period i).

    Attributes:
        reference: R_t for ``ReferenceBaseline`` (positive or NaN), or None.
        log_covariates: ln x_t (periods x covariates) for ``RegressionBaseline``, or None.
        freq: the data's frequency, ``"Y"`` or ``"M"``.
        covariate_names: the covariates' names, in column order.
        donors: the donor panel for ``SyntheticBaseline`` on the data's periods, or None.
        periods: the data's periods (row i = ``periods[i]``), when a baseline needs dates.
        columns: the data's column names.
        horizon: P's length after s (None: to the data's end), for baselines that fit
            over P's periods too (the synthetic control's donors must cover P).

    """

    reference: FloatArray | None = None
    log_covariates: FloatArray | None = None
    freq: str = "Y"
    covariate_names: tuple[str, ...] = ()
    donors: pd.DataFrame | None = None
    periods: pd.PeriodIndex | None = None
    columns: tuple[Hashable, ...] = ()
    horizon: int | None = None


@attrs.frozen(eq=False)
class BaselineFit:
    """A baseline fitted on W for k columns.

    Attributes:
        params: the fitted parameters, each an array over the k columns (per baseline).
        usable: per column, whether W admits the baseline (False: a log of a
            non-positive value would be needed).
        diagnostics: per-baseline fit diagnostics (e.g. the regression's R²), arrays or
            lists over k.
        unusable_status: the status of a column that is not ``usable``.
        problems: per column, why it is not usable (None where it is), for error messages.

    """

    params: Mapping[str, FloatArray]
    usable: BoolArray
    diagnostics: Mapping[str, Any] = attrs.field(factory=dict)
    unusable_status: str = "non-positive values in window"
    problems: tuple[str | None, ...] = ()


@runtime_checkable
class Baseline(Protocol):
    """What every baseline provides: fit on the pre-window, predict the counterfactual path.

    ``fit`` receives the window W as a (window x k) array of finite-or-NaN values
    (columns with a NaN in W are reported as "incomplete window" whatever ``fit``
    returns for them) and may raise
    [`BaselineUnavailable`][tradeshock.baselines.BaselineUnavailable] when an input
    shared by every column cannot be used. ``predict`` returns b_t over
    P = s … stop-1 as an (m x k) array, or (1 x k) for a baseline constant over P.
    Optionally, ``flags(fit, inputs, s, stop)`` returns warnings that become part of the
    response's status (the regression's extrapolation does).

    Example:
        A baseline of your own, passed as an object (here: y at s-2, constant over P):

        >>> import numpy as np, pandas as pd
        >>> import tradeshock as ts
        >>> from tradeshock.baselines import BaselineFit, PreLastBaseline
        >>> class TwoBack(PreLastBaseline):
        ...     name = "two_back"
        ...     def fit(self, window_values, inputs, s):
        ...         return BaselineFit({"level": window_values[-2].copy()},
        ...                            np.ones(window_values.shape[1], dtype=bool))
        >>> y = pd.Series([8.0, 10, 9, 5, 10],
        ...               index=pd.period_range("2000", periods=5, freq="Y"))
        >>> r = ts.shock_response(y, "2003", baseline=TwoBack())
        >>> isinstance(TwoBack(), ts.Baseline), r.baseline_method, r.depth
        (True, 'two_back', -0.5)

    """

    name: str
    """The name tables show in ``baseline_method``."""
    inputs: ClassVar[frozenset[str]]
    """Which of ``reference``/``covariates`` the baseline uses."""

    def default_window(self, freq: str, inputs: BaselineInputs) -> int:
        """Length of W when the caller gives none."""
        ...

    def check(self, window: int, inputs: BaselineInputs) -> None:
        """Raise ValidationError when ``window`` or the inputs cannot work at all."""
        ...

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit on W = rows s-window … s-1 (``window_values``, window x k)."""
        ...

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Return b_t for the rows s … stop-1."""
        ...


class _Simple:
    """Defaults shared by the built-in baselines."""

    name: str = ""
    inputs: ClassVar[frozenset[str]] = frozenset()
    min_window: ClassVar[int] = 1

    def default_window(self, freq: str, inputs: BaselineInputs) -> int:
        """Return 3 (annual) or 12 (monthly)."""
        return DEFAULT_WINDOW[freq]

    def check(self, window: int, inputs: BaselineInputs) -> None:
        """Require ``window >= min_window``."""
        if window < self.min_window:
            raise ValidationError(
                f"baseline={self.name!r} needs window >= {self.min_window}, got window={window}"
            )

    def flags(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> tuple[str, ...]:
        """Return warnings about this fit over P (statuses that keep the numbers); none here."""
        return ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


def _all_columns(k: int) -> BoolArray:
    return np.ones(k, dtype=bool)


def _log_window(window_values: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Return ln y over W and, per column, whether it is defined.

    Columns with a NaN in W count as usable: their status is "incomplete window".
    """
    usable = np.asarray((window_values > 0).all(axis=0) | ~np.isfinite(window_values).all(axis=0))
    with np.errstate(all="ignore"):
        log_win = np.log(np.where(window_values > 0, window_values, np.nan))
    return log_win, usable


class PreMeanBaseline(_Simple):
    """b_t = mean of y over W (constant over P)."""

    name = "pre_mean"

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit the level on W."""
        level = seqsum(window_values) / window_values.shape[0]
        return BaselineFit({"level": level}, _all_columns(window_values.shape[1]))

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Return the fitted level as one row (constant over P)."""
        return np.asarray(fit.params["level"][None, :], dtype=np.float64)


class PreLastBaseline(_Simple):
    """b_t = y at s-1 (constant over P)."""

    name = "pre_last"

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit the level on W."""
        level = window_values[-1].copy()
        return BaselineFit({"level": level}, _all_columns(window_values.shape[1]))

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Return the fitted level as one row (constant over P)."""
        return np.asarray(fit.params["level"][None, :], dtype=np.float64)


class TrendBaseline(_Simple):
    """b_t = exp(a + c·t): OLS of ln y on t = -window … -1 over W, extrapolated (s is t=0)."""

    name = "trend"
    min_window = 2

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit the OLS line of ln y on time over W."""
        window = window_values.shape[0]
        log_win, usable = _log_window(window_values)
        t = np.arange(-window, 0, dtype=np.float64)
        t_mean = seqsum(t) / window
        log_mean = seqsum(log_win) / window
        dt = t - t_mean
        slope = seqsum(dt[:, None] * (log_win - log_mean[None, :])) / seqsum(dt * dt)
        intercept = log_mean - slope * t_mean
        return BaselineFit({"intercept": intercept, "slope": slope}, usable)

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Extrapolate the line over P."""
        steps = np.arange(stop - s, dtype=np.float64)
        intercept, slope = fit.params["intercept"], fit.params["slope"]
        return np.asarray(np.exp(intercept[None, :] + slope[None, :] * steps[:, None]))


class ReferenceBaseline(_Simple):
    """b_t = R_t x mean of y/R over W: the series keeps its pre-shock share of R."""

    name = "reference"
    inputs: ClassVar[frozenset[str]] = frozenset({"reference"})

    def check(self, window: int, inputs: BaselineInputs) -> None:
        """Require ``reference=``."""
        super().check(window, inputs)
        if inputs.reference is None:
            raise ValidationError(
                "baseline='reference' needs reference= (a Series, e.g. all U.S. imports)"
            )

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit the mean share y/R over W."""
        assert inputs.reference is not None
        window = window_values.shape[0]
        ref_win = inputs.reference[s - window : s]
        if not np.isfinite(ref_win).all():
            raise BaselineUnavailable(
                INCOMPLETE_REFERENCE, "reference has missing values in the estimation window"
            )
        share = seqsum(window_values / ref_win[:, None]) / window
        return BaselineFit({"share": share}, _all_columns(window_values.shape[1]))

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Return R_t times the share over P."""
        assert inputs.reference is not None
        return np.asarray(inputs.reference[s:stop, None] * fit.params["share"][None, :])


class RegressionBaseline(_Simple):
    """b_t = exp(β₀ + Σ β_j ln x_jt): OLS of ln y on the log covariates over W, at t."""

    name = "regression"
    inputs: ClassVar[frozenset[str]] = frozenset({"covariates"})

    @staticmethod
    def required_window(inputs: BaselineInputs) -> int:
        """Return 5 x the number of coefficients (covariates + intercept)."""
        n_covariates = 0 if inputs.log_covariates is None else inputs.log_covariates.shape[1]
        return OBSERVATIONS_PER_COEFFICIENT * (n_covariates + 1)

    def default_window(self, freq: str, inputs: BaselineInputs) -> int:
        """Return 10 years or 60 months, or more when many covariates need it."""
        return max(REGRESSION_WINDOW[freq], self.required_window(inputs))

    def check(self, window: int, inputs: BaselineInputs) -> None:
        """Require ``covariates=`` and 5 observations per coefficient."""
        if inputs.log_covariates is None:
            raise ValidationError("baseline='regression' needs covariates= (a Series or DataFrame)")
        n_covariates = inputs.log_covariates.shape[1]
        needed = self.required_window(inputs)
        if window < needed:
            raise ValidationError(
                f"baseline='regression' with {n_covariates} covariate(s) needs window >= "
                f"{needed} ({OBSERVATIONS_PER_COEFFICIENT} observations per coefficient), "
                f"got window={window}"
            )

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit the OLS of ln y on [1, ln x] over W."""
        assert inputs.log_covariates is not None
        window = window_values.shape[0]
        win_x = inputs.log_covariates[s - window : s]
        if not np.isfinite(win_x).all():
            raise BaselineUnavailable(
                INCOMPLETE_COVARIATES, "covariates have missing values in the estimation window"
            )
        design = design_matrix(win_x)
        if np.linalg.matrix_rank(design) < design.shape[1]:
            raise BaselineUnavailable(
                COLLINEAR, "covariates are collinear (or constant) over the estimation window"
            )
        log_win, usable = _log_window(window_values)
        solve = np.linalg.pinv(design)  # (c+1) x window
        coef = seqsum(solve.T[:, :, None] * log_win[:, None, :])  # (c+1) x k
        return BaselineFit({"coef": coef}, usable, _regression_diagnostics(design, log_win, coef))

    def flags(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> tuple[str, ...]:
        """Flag covariates over P outside their range over W (the fit extrapolates)."""
        assert inputs.log_covariates is not None
        window = int(fit.diagnostics["n"])
        win_x = inputs.log_covariates[s - window : s]
        post_x = inputs.log_covariates[s:stop]
        slack = 1e-9  # ln x equal to the window's extreme up to float noise is inside
        with np.errstate(invalid="ignore"):
            outside = (post_x < win_x.min(axis=0) - slack) | (post_x > win_x.max(axis=0) + slack)
        return (EXTRAPOLATION,) if bool(outside.any()) else ()

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Evaluate the fit at the covariates over P."""
        assert inputs.log_covariates is not None
        coef = fit.params["coef"]
        post_x = inputs.log_covariates[s:stop]
        log_b = np.broadcast_to(coef[0], (stop - s, coef.shape[1])).copy()
        for j in range(post_x.shape[1]):
            log_b = log_b + post_x[:, j, None] * coef[j + 1][None, :]
        return np.asarray(np.exp(log_b))


def _regression_diagnostics(
    design: FloatArray, log_win: FloatArray, coef: FloatArray
) -> dict[str, Any]:
    """R², residual standard error and n of the OLS fit of ln y over W, per column."""
    n, n_coef = design.shape
    residuals = log_win - design @ coef
    ss_res = (residuals**2).sum(axis=0)
    ss_tot = ((log_win - log_win.mean(axis=0)) ** 2).sum(axis=0)
    with np.errstate(all="ignore"):
        r2 = np.where(ss_tot > 0, 1.0 - ss_res / ss_tot, np.nan)
        resid_se = np.sqrt(ss_res / (n - n_coef)) if n > n_coef else np.full(len(ss_res), np.nan)
    return {"coefficients": coef, "r2": r2, "resid_se": resid_se, "n": n}


class SyntheticBaseline(_Simple):
    """b_t = the synthetic control's path in the series' units: donors' weighted indices.

    For each column, [`synthetic_control`][tradeshock.synthetic_control] (``transform="index"``)
    weighs the donors (``donors=``, a panel such as ``load_trade_panel()``) so that their
    indices (each ÷ its own W mean x 100) best match the column's index over W; then
    b_t = synthetic index_t x mean of y over W / 100. Donors named like the column, or equal
    to it over W, are left out (the panel usually holds the treated series itself). The
    weights are in ``ShockResponse.options.donor_weights``.
    """

    name = "synthetic"
    inputs: ClassVar[frozenset[str]] = frozenset({"donors"})
    min_window = 3
    UNAVAILABLE: ClassVar[str] = "no synthetic control"

    def default_window(self, freq: str, inputs: BaselineInputs) -> int:
        """Return 10 years or 60 months (a long pre-window makes a credible fit)."""
        return REGRESSION_WINDOW[freq]

    def check(self, window: int, inputs: BaselineInputs) -> None:
        """Require ``donors=`` and a window of at least 3 periods."""
        super().check(window, inputs)
        if inputs.donors is None:
            raise ValidationError(
                "baseline='synthetic' needs donors= (a panel, e.g. tradeshock.load_trade_panel())"
            )

    def fit(self, window_values: FloatArray, inputs: BaselineInputs, s: int) -> BaselineFit:
        """Fit one synthetic control per column on W (the weights use W only)."""
        k = window_values.shape[1]
        levels = np.full(k, np.nan)
        weights: list[pd.Series | None] = [None] * k
        paths: list[FloatArray | None] = [None] * k
        problems: list[str | None] = [None] * k
        for j in range(k):
            try:
                weights[j], paths[j] = _synthetic_column(window_values[:, j], inputs, s, j)
                levels[j] = seqsum(window_values[:, j]) / window_values.shape[0]
            except (InsufficientDataError, ValidationError) as exc:
                problems[j] = str(exc)
        usable = np.array([p is None for p in problems]) | ~np.isfinite(window_values).all(axis=0)
        return BaselineFit(
            {"level": levels},
            usable,
            {"weights": weights, "paths": paths},
            unusable_status=self.UNAVAILABLE,
            problems=tuple(problems),
        )

    def predict(self, fit: BaselineFit, inputs: BaselineInputs, s: int, stop: int) -> FloatArray:
        """Return the synthetic index over P, rescaled to each column's W mean."""
        paths = fit.diagnostics["paths"]
        out = np.full((stop - s, len(paths)), np.nan)
        for j, path in enumerate(paths):
            if path is not None:
                out[:, j] = path[: stop - s] * fit.params["level"][j] / 100.0
        return out


_TREATED = "__treated__"  # the treated column's name inside the panel given to synthetic_control


def _synthetic_column(
    window_values: FloatArray, inputs: BaselineInputs, s: int, j: int
) -> tuple[pd.Series, FloatArray]:
    """Weights and synthetic index over P (from s to the data's end) for column ``j``."""
    from .synthetic import synthetic_control

    assert inputs.donors is not None
    assert inputs.periods is not None
    if not np.isfinite(window_values).all():
        raise InsufficientDataError("incomplete window")
    window = window_values.shape[0]
    rows = inputs.periods[s - window :]
    donors = inputs.donors.loc[rows]
    same = [
        c
        for c in donors.columns
        if (inputs.columns and c == inputs.columns[j])
        or np.array_equal(donors[c].to_numpy(dtype=float)[:window], window_values)
    ]
    others = donors.drop(columns=same)
    # The weights and the synthetic path use W only: the treated's values after s do not
    # enter them, so P is filled with its W mean to keep synthetic_control from refusing the
    # gaps inside P that the response metrics count and skip themselves.
    treated = np.concatenate([window_values, np.full(len(rows) - window, window_values.mean())])
    panel = pd.concat([pd.DataFrame({_TREATED: treated}, index=rows), others], axis=1)
    fit = synthetic_control(
        panel, _TREATED, rows[window], window=window, horizon=inputs.horizon, transform="index"
    )
    post = fit.synthetic.to_numpy(dtype=float)[window:]
    path = np.full(len(rows) - window, np.nan)
    path[: len(post)] = post
    return fit.weights, path


REGISTRY: dict[str, type[Baseline]] = {
    "pre_mean": PreMeanBaseline,
    "pre_last": PreLastBaseline,
    "trend": TrendBaseline,
    "reference": ReferenceBaseline,
    "regression": RegressionBaseline,
    "synthetic": SyntheticBaseline,
}
"""Baseline classes by name: ``baseline="trend"`` means ``REGISTRY["trend"]()``."""

BASELINES: tuple[str, ...] = tuple(REGISTRY)
"""The names of the built-in baselines, in the order tables and the CLI list them."""


def resolve_baseline(baseline: object) -> Baseline:
    """Return the baseline object for a name in ``REGISTRY`` or an object following the protocol.

    Example:
        >>> resolve_baseline("trend")
        TrendBaseline()

    """
    if isinstance(baseline, str):
        cls = REGISTRY.get(baseline)
        if cls is None:
            raise ValidationError(f"baseline={baseline!r} is unknown; use one of {BASELINES}")
        return cls()
    if isinstance(baseline, Baseline) and isinstance(getattr(baseline, "name", None), str):
        return baseline
    raise ValidationError(
        f"baseline={baseline!r} is unknown; use one of {BASELINES} or an object with "
        "name, inputs, default_window, check, fit and predict (tradeshock.baselines.Baseline)"
    )

"""Conformal inference for synthetic control (Chernozhukov, Wüthrich & Zhu 2021), private.

Test of H0: the effect in the post periods P is θ0. Subtract θ0 from the treated's values in P,
fit the weights on the pre-window *and* P together (so every period is treated alike), and
take the residuals u_t = adjusted treated − synthetic over all T periods. The statistic is
S(u) = |Σ_{t∈P} u_t| / √|P|. Under H0 (and stationary, weakly dependent residuals) the
residuals are exchangeable under moving-block permutations: the cyclic shifts of the T
periods. The p-value is the share of the T shifts whose statistic is ≥ the observed one
(the identity shift included), and the confidence set collects every θ0 with p > α.

Per-period intervals use P = one post period (with the pre-window); the interval for the
average post effect uses P = all post periods (H0: the effect is θ0 in every post period).

The set {θ0 : p(θ0) > α} is found by bracketing and bisection from the point estimate rather
than on a fixed grid: each evaluation is a full refit, so a grid fine enough to be precise would
cost far more fits. The reported interval is [lowest, highest] accepted θ0 found this way
(the set is an interval in practice; the search does not look for holes).
"""

from __future__ import annotations

import math

import numpy as np

from .solver import simplex_weights

# p-values compare statistics that can tie exactly (e.g. the identity shift with itself);
# allow float noise so that a recomputed equal statistic counts as "as large"
_TIE = 1e-10


def block_pvalue(residuals: np.ndarray, n_post: int) -> float:
    """Share of cyclic shifts whose |sum over the last n_post positions| ≥ the observed one."""
    total = residuals.size
    doubled = np.concatenate([residuals, residuals])
    sums = np.concatenate([[0.0], np.cumsum(doubled)])
    windows = np.abs(sums[n_post : n_post + total] - sums[:total])  # every cyclic block
    observed = abs(float(sums[total] - sums[total - n_post]))  # the last n_post periods
    return float(np.mean(windows >= observed - _TIE * max(observed, 1.0)))


def null_pvalue(target: np.ndarray, donors: np.ndarray, n_post: int, theta: float) -> float:
    """p-value of H0: effect = theta in the last ``n_post`` rows (rows = pre then post)."""
    adjusted = target.copy()
    adjusted[-n_post:] -= theta
    weights = simplex_weights(adjusted, donors)
    return block_pvalue(adjusted - donors @ weights, n_post)


def confidence_interval(
    target: np.ndarray,
    donors: np.ndarray,
    n_post: int,
    *,
    alpha: float,
    center: float,
    step: float,
    tolerance: float,
) -> tuple[float, float]:
    """[lower, upper] of {θ : p(θ) > alpha}, searched outward from ``center``.

    ``step`` is the first bracketing step (doubled until rejection), ``tolerance`` the
    precision of the bisection. Returns (-inf, inf) when even the smallest attainable p-value
    (1/T) exceeds alpha, and (nan, nan) when ``center`` itself is rejected.
    """
    if 1.0 / target.size > alpha:
        return -math.inf, math.inf

    def accepted(theta: float) -> bool:
        return null_pvalue(target, donors, n_post, theta) > alpha

    if not accepted(center):
        return math.nan, math.nan
    ends = []
    for sign in (-1.0, 1.0):
        inside, width = center, step
        for _ in range(60):  # bracket: double the step until rejected
            if not accepted(center + sign * width):
                break
            inside, width = center + sign * width, 2 * width
        else:
            ends.append(sign * math.inf)
            continue
        outside = center + sign * width
        while abs(outside - inside) > tolerance:
            middle = (inside + outside) / 2
            if accepted(middle):
                inside = middle
            else:
                outside = middle
        ends.append(inside)
    return ends[0], ends[1]

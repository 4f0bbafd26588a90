"""Synthetic-control weights: exact least squares over the simplex, via one NNLS (private).

Problem: minimise ‖x − X w‖² subject to w ≥ 0 and Σw = 1, with x the treated unit's
pre-window path (m periods) and X the donors' paths (m × n).

Why NNLS and not SLSQP: SLSQP approximates the Hessian by BFGS updates and stops at a
tolerance, and each of its iterations solves an n × n subproblem; with n ≈ 240 donors and
a placebo fit per unit that is too slow and only approximately optimal. The simplex problem is
instead *exactly* one non-negative least-squares problem, which scipy's Lawson–Hanson active-set
``nnls`` solves to machine precision (it stops at the exact KKT point of its active set):

    with D = X − x 1ᵀ (column j = donor j minus the treated),  min_{u ≥ 0} ‖D u‖² + (1ᵀu − 1)².

Proof: write u = c·w with c = 1ᵀu ≥ 0 and w on the simplex. Because Σw = 1,
x − X w = −D w, so the objective is c²·r + (c − 1)² with r = ‖x − X w‖². For fixed w it is
minimised at c = 1/(1 + r), with value r/(1 + r), which increases with r. Hence the optimal u
gives w = u / Σu, the simplex optimum (c > 0 always: u = 0 has value 1 > r/(1 + r)). D is
rescaled to unit root-mean-square first; that changes r by a constant factor and so leaves the
argmin unchanged, but keeps the sum row and D on the same scale (better conditioned).

When the treated path lies inside the convex hull of the donors (r = 0 is reachable, common when
donors outnumber pre-window periods) the optimal weights are not unique; NNLS returns one
optimum (a sparse one: at most m + 1 positive weights).
"""

from __future__ import annotations

import numpy as np


def simplex_weights(target: np.ndarray, donors: np.ndarray) -> np.ndarray:
    """Weights w ≥ 0, Σw = 1 minimising ‖target − donors @ w‖² (target: m, donors: m × n)."""
    from scipy.optimize import nnls  # lazy: import tradeshock must not import scipy

    diff = donors - target[:, None]
    rms = float(np.sqrt(np.mean(diff * diff)))
    if rms == 0.0:  # every donor equals the treated: any simplex point is optimal
        return np.full(donors.shape[1], 1.0 / donors.shape[1])
    system = np.vstack([diff / rms, np.ones((1, donors.shape[1]))])
    rhs = np.zeros(system.shape[0])
    rhs[-1] = 1.0
    u, _ = nnls(system, rhs, maxiter=50 * system.shape[1])
    weights: np.ndarray = u / u.sum()
    return weights


def placebo_fits(paths: np.ndarray, pre: slice) -> np.ndarray:
    """Every unit in turn treated, the others donors: synthetic paths (periods × units).

    ``paths`` holds all units' (transformed) paths over the pre-window and post periods;
    weights are fitted on the rows ``pre``. The pool is shared: each fit drops one column.
    """
    n_units = paths.shape[1]
    synthetic = np.empty_like(paths)
    everyone = np.arange(n_units)
    pre_paths = paths[pre]
    for unit in range(n_units):
        others = everyone[everyone != unit]
        weights = simplex_weights(pre_paths[:, unit], pre_paths[:, others])
        synthetic[:, unit] = paths[:, others] @ weights
    return synthetic

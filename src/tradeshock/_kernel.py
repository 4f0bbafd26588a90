"""Vectorised core of `tradeshock.resilience.resilience_table` (private).

One call computes every ``ShockResponse`` field for all columns of a
(periods x columns) block around one shock period, with numpy over the whole
block: the cost barely depends on the number of columns.

[`tradeshock.resilience.shock_response`][tradeshock.resilience.shock_response] is the scalar
reference implementation of the same formulas (docs/methods.md) and the tests check that
both agree column by column. To make them agree to the last bit where it
matters (the baseline, which decides troughs and recoveries), every sum over
the window W is sequential (``np.cumsum`` along the period axis, never numpy's
pairwise ``sum``), exactly like the scalar code's running sums. Sums over P
(losses, the mean baseline) use numpy's ``sum``, or a product for a baseline
constant over P: they agree to ~1e-14 relative.

The baselines themselves are computed by their classes in
[`tradeshock.baselines`][tradeshock.baselines] (one place per baseline's math), for the whole block
at once; both this kernel and the scalar code call them.

Speed (docs/performance.md): the cost is about thirty numpy passes over the
(P x columns) block. A constant baseline (``pre_mean``, ``pre_last``) stays one
broadcast row; the rare fixes (gaps of float noise, overflowing y/b) are guarded by
``any()``. For the ``SHIFT_FREE`` baselines `tradeshock._table` lays the blocks of
many shocks side by side (``lengths`` marks each column's padding), so the per-call
cost is paid a few times per table rather than once per event.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .baselines import (
    COLLINEAR,
    INCOMPLETE_COVARIATES,
    INCOMPLETE_REFERENCE,
    Baseline,
    BaselineInputs,
    BaselineUnavailable,
    PreLastBaseline,
    PreMeanBaseline,
    TrendBaseline,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Row statuses, in the order the scalar implementation checks them: the first
# that applies wins. "ok" rows carry numbers; every other row is NaN.
OK = "ok"
SHOCK_OUTSIDE = "shock outside data"
WINDOW_OUTSIDE = "window starts before data"
INCOMPLETE_WINDOW = "incomplete window"
# INCOMPLETE_REFERENCE, INCOMPLETE_COVARIATES, COLLINEAR: problems of a baseline's shared
# inputs, raised by the baseline's fit (tradeshock.baselines) and imported above
NONPOSITIVE_WINDOW = "non-positive values in window"
NONPOSITIVE_BASELINE = "non-positive baseline"
NO_DATA_AFTER = "no data after shock"
BASELINE_TOO_SMALL = "baseline too small"
COARSE_DATE = "event date coarser than the data"

# The per-column statuses block_response can give, by code (0 = ok): small
# integer codes are much cheaper to compute than np.select over strings.
_COLUMN_STATUSES = np.array(
    [
        OK,
        INCOMPLETE_WINDOW,
        NONPOSITIVE_WINDOW,
        NONPOSITIVE_BASELINE,
        NO_DATA_AFTER,
        BASELINE_TOO_SMALL,
    ],
    dtype=object,
)

# Gaps within TOLERANCE of a boundary are float noise from estimating the
# baseline (a mean of 3 equal values need not equal them to the last bit):
# |g| < TOLERANCE counts as 0; the trough is the first gap within TOLERANCE of
# the min; and the recovery and half-life tests allow it too.
TOLERANCE = 1e-12


# Baselines fitted on W alone whose path over P depends only on the offset from s: the
# windows and spans of many shocks can be laid side by side and computed in one call.
SHIFT_FREE = (PreMeanBaseline, PreLastBaseline, TrendBaseline)


__all__ = [
    "COLLINEAR",
    "INCOMPLETE_COVARIATES",
    "INCOMPLETE_REFERENCE",
    "block_depths",
    "block_response",
]


def block_response(
    y: FloatArray,
    s: int,
    stop: int,
    window: int,
    baseline: Baseline,
    threshold: float,
    inputs: BaselineInputs,
    min_baseline: float | None = None,
    lengths: IntArray | None = None,
) -> dict[str, Any]:
    """All response fields for every column of ``y`` (n periods x k columns).

    ``s`` is the row of the shock period, ``stop`` the row after the last of
    P (so P is rows ``s .. stop-1``); the caller has checked that
    ``0 <= s - window`` and ``s < stop <= n``, and ``y`` holds finite values
    or NaN (``_inputs._prepare`` turns ±inf into NaN). ``lengths`` (stacked blocks)
    gives each column's own span length when it is shorter than P: the rows after it
    are padding (NaN) and count as neither data nor missing. Returns a dict of length-k
    arrays: ``code`` (the status, an index into ``texts``), ``baseline_value``, ``depth``,
    ``cumulative_loss``, ``relative_loss`` (float, NaN when not ok),
    ``trough``, ``recovery``, ``half_life`` (int rows/periods, -1 = none),
    ``recovered`` and ``dropped`` (bool), ``missing`` (int: periods of P without y)
    and ``fit`` (the baseline's fit, or None), and ``texts`` (the status texts by code).
    """
    with np.errstate(all="ignore"):
        gapped = _gapped(y, s, stop, window, baseline, inputs, lengths)
        if isinstance(gapped, _NoBaseline):  # no baseline for any column
            return empty_block(gapped.code, (gapped.status, INCOMPLETE_WINDOW))
        fit, b, post, g, overflow, finite_win = gapped
        fields = _span_fields(g, b, post, threshold)
        code = _codes(fit, b, finite_win, fields["finite"] == 0)
        if min_baseline is not None:
            code[(code == 0) & (fields["baseline_value"] < min_baseline)] = 5
    ok = code == 0
    dropped = ok & (fields["depth"] < 0)
    texts = _texts(fit)
    nan = np.nan
    return {
        "code": code,
        "texts": tuple(texts),
        "baseline_value": np.where(ok, fields["baseline_value"], nan),
        "depth": np.where(ok, fields["depth"], nan),
        "trough": np.where(dropped, fields["trough"], -1).astype(np.int64),
        "recovery": np.where(dropped & fields["recovered"], fields["recovery"], -1).astype(
            np.int64
        ),
        "recovered": dropped & fields["recovered"],
        "cumulative_loss": np.where(ok, fields["loss"], nan),
        "relative_loss": np.where(ok, fields["relative"], nan),
        "half_life": np.where(dropped, fields["half_life"], -1).astype(np.int64),
        "dropped": dropped,
        "missing": np.where(ok, _missing(post, fields["finite"], overflow, lengths), 0),
        "fit": fit,
    }


def block_depths(
    y: FloatArray, s: int, stop: int, window: int, baseline: Baseline, inputs: BaselineInputs
) -> tuple[FloatArray, npt.NDArray[np.object_]]:
    """Depth and status of every column: ``block_response`` without the other fields.

    What a placebo test needs of each placebo date; same arguments and statuses (no
    ``min_baseline``).
    """
    with np.errstate(all="ignore"):
        gapped = _gapped(y, s, stop, window, baseline, inputs, None)
        if isinstance(gapped, _NoBaseline):
            texts = np.array([gapped.status, INCOMPLETE_WINDOW], dtype=object)
            return np.full(y.shape[1], np.nan), texts[gapped.code]
        fit, b, _post, g, _overflow, finite_win = gapped
        depth = np.fmin.reduce(g, axis=0)  # NaN exactly where no gap is finite
        code = _codes(fit, b, finite_win, np.isnan(depth))
    return np.where(code == 0, depth, np.nan), _texts(fit)[code]


def _gapped(
    y: FloatArray,
    s: int,
    stop: int,
    window: int,
    baseline: Baseline,
    inputs: BaselineInputs,
    lengths: IntArray | None,
) -> tuple[Any, FloatArray, FloatArray, FloatArray, bool, BoolArray] | _NoBaseline:
    """Fit the baseline on W and return (fit, b, y over P, gaps, overflow flag, finite W).

    When no baseline can be fitted for any column, say why, by column.
    """
    win = y[s - window : s]
    post = y[s:stop]
    finite_win: BoolArray = np.asarray(np.isfinite(win).all(axis=0))
    try:
        fit = baseline.fit(win, inputs, s)
    except BaselineUnavailable as problem:
        return _NoBaseline(problem.status, np.where(finite_win, 0, 1))
    # b is m x k, or a single row (1 x k) when it is constant over P (pre_mean,
    # pre_last): numpy broadcasts it, which saves a pass over the block
    b = np.asarray(baseline.predict(fit, inputs, s, stop), dtype=np.float64)
    if lengths is not None and b.shape[0] > 1:  # padding has no baseline either
        b = np.where(np.arange(b.shape[0])[:, None] < lengths[None, :], b, np.nan)
    g, overflow = _gaps(post, b)
    return fit, b, post, g, overflow, finite_win


@attrs.frozen
class _NoBaseline:
    """No baseline for any column: ``status`` (code 0) where W is complete, else code 1."""

    status: str
    code: IntArray


def _codes(fit: Any, b: FloatArray, finite_win: BoolArray, no_gap: BoolArray) -> IntArray:
    """Status code of each column (0 ok, then the problems of ``_COLUMN_STATUSES``)."""
    code = np.zeros(len(finite_win), dtype=np.intp)
    # the first problem that applies wins, so assign them from the last to the first
    code[no_gap] = 4
    code[(np.isfinite(b) & (b <= 0)).any(axis=0)] = 3
    code[~np.asarray(fit.usable, dtype=bool)] = 2
    code[~finite_win] = 1
    return code


def _texts(fit: Any) -> npt.NDArray[np.object_]:
    """Return the status texts by code, with the fit's own text for an unusable window."""
    texts: npt.NDArray[np.object_] = _COLUMN_STATUSES.copy()
    texts[2] = fit.unusable_status
    return texts


def _missing(
    post: FloatArray, finite_gaps: IntArray, overflow: bool, lengths: IntArray | None
) -> IntArray:
    """Periods of each column's span without y (read off the gaps' count when it can be)."""
    if overflow:  # a gap was dropped (overflow, unusable b) where y is there
        rows = np.arange(post.shape[0])[:, None]
        has = np.isfinite(post) if lengths is None else np.isfinite(post) & (rows < lengths)
        finite_gaps = np.count_nonzero(has, axis=0)
    span = post.shape[0] if lengths is None else lengths
    return np.asarray(span - finite_gaps, dtype=np.int64)


def _gaps(post: FloatArray, b: FloatArray) -> tuple[FloatArray, bool]:
    """G = y/b - 1 over P, NaN where y is missing or b is not a positive number.

    An overflowing b or y/b is skipped as in the scalar code; a column with b <= 0 is not
    "ok" anyway. The flag says whether a gap can be missing where y is not. The rare fixes
    are guarded by any(): the common case then costs one pass each.
    """
    g = post / np.where((b > 0) & (b < np.inf), b, np.nan)
    g -= 1.0
    small = np.abs(g) < TOLERANCE
    if small.any():
        g[small] = 0.0
    infinite_g = np.isinf(g)
    overflow = bool(infinite_g.any())
    if overflow:
        g[infinite_g] = np.nan
    # a gap is missing exactly where y is, unless y/b overflowed or b is not a finite number
    # somewhere (a NaN reference, padding). A single-row b that is NaN or non-positive
    # leaves its column without an "ok" status, so its count is never used.
    odd_b = (b == np.inf).any() if b.shape[0] == 1 else not np.isfinite(b).all()
    return g, overflow or bool(odd_b)


def _span_fields(
    g: FloatArray, b: FloatArray, post: FloatArray, threshold: float
) -> dict[str, Any]:
    """Depth, trough, recovery, losses and half-life of every column from its gaps g.

    The recovery fields are computed as if every column dropped; the caller keeps them
    only where depth < 0. ``finite`` counts each column's gaps.
    """
    m, k = g.shape
    rows = np.arange(m)[:, None]
    finite_g = np.isfinite(g)
    depth = np.fmin.reduce(g, axis=0)  # min skipping NaN (NaN for an all-NaN column)
    trough = np.argmax(g <= depth[None, :] + TOLERANCE, axis=0)

    # comparisons with NaN are False, so missing gaps never recover, halve or lose
    after_trough = rows >= trough[None, :]
    back = g >= threshold - 1.0 - TOLERANCE
    back &= after_trough
    recovery, recovered = first_true(back)
    recovered &= depth < 0  # no drop: no recovery, and the losses run over all of P
    before_end = rows < np.where(recovered, recovery, m)[None, :]

    # sums over P only feed reported numbers, never a comparison: numpy's own
    # order is fine here (row by row along axis 0, the same as summing the zeros)
    losing = g < 0
    losing &= before_end
    shortfall = b - post
    np.putmask(shortfall, ~losing, 0.0)  # cheaper than where=, or np.where
    loss = shortfall.sum(axis=0)
    finite_count = np.count_nonzero(finite_g, axis=0)
    finite_g &= before_end  # now: gaps in the loss span
    baseline_value, base_sum = _baseline_sums(b, finite_g)
    relative = np.where(base_sum > 0, loss / base_sum, np.where(loss == 0, 0.0, np.nan))

    after_trough[trough, np.arange(k)] = False  # now: rows > trough
    half_gap = np.where(depth < 0, depth / 2.0 - TOLERANCE, np.inf)  # no drop: no half-life
    halves = g >= half_gap[None, :]
    halves &= after_trough
    halfway, halved = first_true(halves)
    return {
        "depth": depth,
        "trough": trough,
        "recovery": recovery,
        "recovered": recovered,
        "loss": loss,
        "relative": relative,
        "baseline_value": baseline_value,
        "half_life": np.where(halved, halfway - trough, -1),
        "finite": finite_count,
    }


def _baseline_sums(b: FloatArray, in_span: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Mean baseline over P, and the baseline summed over the loss span."""
    if b.shape[0] == 1:  # a baseline constant over P: its sum is a product
        return b[0], b[0] * np.count_nonzero(in_span, axis=0)
    finite_b = np.isfinite(b)
    base_sum = np.where(in_span, b, 0.0).sum(axis=0)
    return np.where(finite_b, b, 0.0).sum(axis=0) / finite_b.sum(axis=0), base_sum


def first_true(mask: BoolArray) -> tuple[IntArray, BoolArray]:
    """Row of the first True in each column of ``mask`` (m x k), and whether there is one.

    Where a column has no True the row is 0 and the flag False.
    """
    first = np.argmax(mask, axis=0)
    found = mask[first, np.arange(mask.shape[1])]  # cheaper than a second pass with any()
    return first, found


def empty_block(code: npt.NDArray[np.intp], texts: tuple[str, ...]) -> dict[str, Any]:
    """Return a block of rows without numbers, row i with status ``texts[code[i]]``."""
    k = len(code)
    nan = np.full(k, np.nan)
    none = np.full(k, -1, dtype=np.int64)
    return {
        "code": code,
        "texts": texts,
        "baseline_value": nan,
        "depth": nan,
        "trough": none,
        "recovery": none,
        "recovered": np.zeros(k, dtype=bool),
        "cumulative_loss": nan,
        "relative_loss": nan,
        "half_life": none,
        "dropped": np.zeros(k, dtype=bool),
        "missing": np.zeros(k, dtype=np.int64),
        "fit": None,
    }

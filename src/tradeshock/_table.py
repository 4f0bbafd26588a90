"""The engine of ``resilience.resilience_table`` (private).

``resilience_table`` validates its arguments and locates each event (its shock row ``s``
and the row ``stop`` after its span P); this module does the rest for all events at once:

1. ``kernel_fields`` runs the kernel. For a shift-free baseline (fitted on W alone, its
   path a function of the offset from s: ``pre_mean``, ``pre_last``, ``trend``) every
   event's window and span are gathered side by side into blocks of ~``BLOCK_COLUMNS``
   columns, so a few kernel calls serve all events and each block's temporaries stay in
   cache. Other baselines use the shared inputs at their own rows: one call per event.
2. ``row_statuses`` turns "ok" into the warnings of each computed row, composing one text
   per distinct (event, missing, dropped).
3. ``assemble`` builds the documented frame; string columns are taken from their few
   distinct values (a ``take``, not a per-row conversion).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from . import _kernel, _status
from .baselines import Baseline, BaselineFit, BaselineInputs

__all__ = ["Located", "Texts", "assemble", "kernel_fields", "row_statuses"]

BLOCK_COLUMNS = 1024
"""Columns per stacked kernel call: large enough to amortise numpy's per-call cost, small
enough for the block's temporaries (rows x 1024 floats) to stay in cache."""

_FIELDS = {  # the kernel's per-row fields and their empty value
    "baseline_value": np.nan,
    "depth": np.nan,
    "trough": -1,
    "recovery": -1,
    "recovered": False,
    "cumulative_loss": np.nan,
    "relative_loss": np.nan,
    "half_life": -1,
    "dropped": False,
    "missing": 0,
}  # statuses: "code" (int) into a Texts


@attrs.frozen
class Located:
    """Where one event falls in the data.

    Attributes:
        period: the shock period (after ``lag``), or None for an event dated more coarsely
            than the data.
        s: row of the shock period.
        stop: the row after the end of P, or None when no response can be computed.
        status: ``"ok"``, or why there is no span (``"shock outside data"``, ...).

    """

    period: pd.Period | None
    s: int
    stop: int | None
    status: str


class Texts:
    """Distinct status texts; a row's status is a code into them (cheaper than strings)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, text: str) -> int:
        """Return the code of ``text``, adding it if new."""
        if text not in self._codes:
            self._codes[text] = len(self.texts)
            self.texts.append(text)
        return self._codes[text]

    def lookup(self, texts: Sequence[str]) -> npt.NDArray[np.intp]:
        """Return the codes of ``texts`` (a block's own status table) as an array."""
        return np.array([self.code(text) for text in texts], dtype=np.intp)


def kernel_fields(
    values: npt.NDArray[np.float64],
    located: Sequence[Located],
    *,
    window: int,
    baseline: Baseline,
    threshold: float,
    inputs: BaselineInputs,
    min_baseline: float | None,
) -> tuple[dict[str, np.ndarray], Texts, list[BaselineFit | None]]:
    """Every field of every (event, column) row, events in order (arrays of length E x k).

    The statuses come as ``fields["code"]`` into the returned ``Texts``. Also returns each
    event's baseline fit (None where there is none, or where events were stacked:
    shift-free baselines have no flags).
    """
    n_events, k = len(located), values.shape[1]
    out = {name: np.full((n_events, k), empty) for name, empty in _FIELDS.items()}
    texts = Texts()
    event_codes = np.array([texts.code(where.status) for where in located], dtype=np.intp)
    out["code"] = np.repeat(event_codes[:, None], k, axis=1)  # (events x k), also for k = 0
    fits: list[BaselineFit | None] = [None] * n_events
    spanned = [i for i, where in enumerate(located) if where.stop is not None]
    options = (window, baseline, threshold, inputs, min_baseline)
    if isinstance(baseline, _kernel.SHIFT_FREE):
        _stacked(values, located, spanned, options, (out, texts))
    else:
        for i in spanned:
            s, stop = located[i].s, located[i].stop
            assert stop is not None
            block = _kernel.block_response(values, s, stop, window, *options[1:])
            fits[i] = block["fit"]
            _store(block, texts, out, [i], slice(None))
    return {name: array.reshape(-1) for name, array in out.items()}, texts, fits


def _store(
    block: dict[str, Any],
    texts: Texts,
    out: dict[str, np.ndarray],
    events: list[int],
    columns: slice,
) -> None:
    """Copy a kernel block (its columns: ``events`` x ``columns``) into ``out``."""
    shape = (len(events), -1)
    out["code"][events, columns] = texts.lookup(block["texts"])[block["code"]].reshape(shape)
    for name in _FIELDS:
        out[name][events, columns] = block[name].reshape(shape)


def _stacked(
    values: npt.NDArray[np.float64],
    located: Sequence[Located],
    spanned: list[int],
    options: tuple[int, Baseline, float, BaselineInputs, float | None],
    into: tuple[dict[str, np.ndarray], Texts],
) -> None:
    """Fill ``out`` for the spanned events, their blocks side by side (shift-free baselines).

    Events are taken in order of span length so that a block pads few rows; row ``n`` of
    the padded values is all NaN and stands for "after this event's span".
    """
    window = options[0]
    n, k = values.shape
    padded = np.vstack([values, np.full((1, k), np.nan)])
    starts = np.array([located[i].s for i in spanned], dtype=np.int64)
    lengths = np.array([located[i].stop for i in spanned], dtype=np.int64) - starts
    order = np.argsort(lengths, kind="stable")
    per_block = max(1, BLOCK_COLUMNS // max(k, 1))  # events per kernel call
    for first in range(0, len(order), per_block):
        group = order[first : first + per_block]
        span = int(lengths[group].max())
        offsets = np.arange(-window, span)[:, None]
        rows = np.where(offsets < lengths[group][None, :], starts[group][None, :] + offsets, n)
        events = [spanned[j] for j in group.tolist()]
        for lo in range(0, k, BLOCK_COLUMNS):  # very wide panels: split the columns too
            hi = min(lo + BLOCK_COLUMNS, k)
            block = padded[rows, lo:hi].reshape(window + span, -1)  # (rows, events x cols)
            fields = _kernel.block_response(
                block, window, window + span, *options, lengths=np.repeat(lengths[group], hi - lo)
            )
            _store(fields, into[1], into[0], events, slice(lo, hi))


def row_statuses(
    fields: dict[str, np.ndarray],
    texts: Texts,
    k: int,
    periods: Sequence[int],
    warnings: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
) -> np.ndarray:
    """Each row's status code (into ``texts``): the kernel's, "ok" replaced by its warnings.

    ``periods`` is each event's span length and ``warnings`` its (baseline flags,
    confounders). Only rows with a warning need a text of their own, and rows share few
    (event, missing, dropped) triples: one text is composed per triple.
    """
    codes: np.ndarray = fields["code"].copy()
    computed = np.isfinite(fields["depth"])  # rows with numbers
    if not computed.any():
        return codes
    event = np.repeat(np.arange(len(periods)), k)
    warned = np.array([bool(flags or found) for flags, found in warnings], dtype=bool)
    dropped, missing = fields["dropped"], fields["missing"]
    needs = computed & (warned[event] | ~dropped | (missing > 0))
    rows = np.flatnonzero(needs)
    stride = int(missing[rows].max(initial=0)) + 1
    keys = (event[rows] * stride + missing[rows]) * 2 + dropped[rows]
    triples, which = np.unique(keys, return_inverse=True)
    composed = []
    for key in triples.tolist():
        i, rest = divmod(key // 2, stride)
        flags, found = warnings[i]
        text = _status.compose(
            dropped=bool(key % 2), missing=rest, periods=periods[i], flags=flags, confounders=found
        )
        composed.append(text)
    codes[rows] = texts.lookup(composed)[which.ravel()]
    return codes


def _taken(distinct: Sequence[object], codes: np.ndarray) -> Any:
    """Return the column ``distinct[codes]``, typed as pandas types the values.

    The dtype (pandas' string dtype for strings) is inferred once on the few distinct
    values, then the column is a ``take``.
    """
    if len(codes) == 0:  # an empty table: plain object columns, nothing to infer from
        return np.empty(0, dtype=object)
    values = np.empty(len(distinct), dtype=object)
    values[:] = list(distinct)
    return pd.Series(values, copy=False).array.take(codes)


def _repeated(per_event: Sequence[object], k: int) -> Any:
    """Return a column holding each event's value on its k rows."""
    return _taken(per_event, np.repeat(np.arange(len(per_event)), k))


def _confounded_by(found: Sequence[tuple[str, ...]], k: int, computed: np.ndarray) -> np.ndarray:
    """Each row's ``confounded_by``: its event's confounders where it has numbers, else ()."""
    per_event = np.empty(len(found) + 1, dtype=object)
    per_event[:] = [*found, ()]  # the last entry: rows without numbers
    event = np.repeat(np.arange(len(found)), k)
    result: np.ndarray = per_event[np.where(computed, event, len(found))]
    return result


def assemble(
    fields: dict[str, np.ndarray],
    status: tuple[np.ndarray, Texts],
    *,
    columns: Sequence[object],
    located: Sequence[Located],
    identity: Sequence[tuple[str, str]],
    confounders: Sequence[tuple[str, ...]],
    baseline: str,
    freq: str,
) -> pd.DataFrame:
    """Build the documented table from the rows' fields (events in order, k rows each).

    ``status`` is the rows' status codes and their texts.
    """
    k, n_rows = len(columns), len(fields["depth"])
    dtype = pd.PeriodDtype("Y" if freq == "Y" else "M")
    depth = fields["depth"]
    computed = np.isfinite(depth)
    nat = np.iinfo(np.int64).min  # pandas' NaT ordinal
    s_ord = np.repeat([nat if w.period is None else w.period.ordinal for w in located], k)
    s_ord = s_ord.astype(np.int64)

    def periods(offsets: np.ndarray | int, present: np.ndarray) -> pd.arrays.PeriodArray:
        return pd.arrays.PeriodArray(np.where(present, s_ord + offsets, nat), dtype=dtype)

    def ints(name: str, mask: np.ndarray | None = None) -> pd.arrays.IntegerArray:
        values = fields[name].astype(np.int64)
        return pd.arrays.IntegerArray(values, values < 0 if mask is None else mask)

    def flags(name: str) -> pd.arrays.BooleanArray:  # NA where the row has no numbers
        return pd.arrays.BooleanArray(fields[name].astype(bool), ~computed)

    table: pd.DataFrame = pd.DataFrame(
        {
            "event": _repeated([ident for ident, _ in identity], k),
            "label": _repeated([label for _, label in identity], k),
            "series": _taken(list(columns), np.tile(np.arange(k), len(located))),
            "status": _taken(status[1].texts, status[0]),
            "shock_period": periods(0, s_ord != nat),
            "baseline_method": _repeated([baseline], n_rows),
            "baseline_value": fields["baseline_value"],
            "depth": depth,
            "trough": periods(fields["trough"], fields["trough"] >= 0),
            "time_to_trough": ints("trough"),
            "recovery": periods(fields["recovery"], fields["recovery"] >= 0),
            "time_to_recovery": ints("recovery"),
            "recovered": flags("recovered"),
            "cumulative_loss": fields["cumulative_loss"],
            "relative_loss": fields["relative_loss"],
            "half_life": ints("half_life"),
            "dropped": flags("dropped"),
            "missing": ints("missing", ~computed),
            "confounded_by": _confounded_by(confounders, k, computed),
        },
        index=pd.RangeIndex(n_rows),
        copy=False,  # every column is a fresh array: no need for pandas to copy it again
    )
    return table

"""Benchmarks for tradeshock (issue 8): import cost, bundled loads, panel tables, HTTP cache.

Run from a clone after ``pip install -e '.[test]'``::

    python benchmarks/run.py                 # everything, medians of 5 repetitions
    python benchmarks/run.py --json out.json # also write the results as JSON
    python benchmarks/run.py --quick         # 3 repetitions, smaller samples (a smoke run)
    python benchmarks/run.py --only table scaling
    python benchmarks/run.py --only synthetic

Every measurement is the median of several repetitions and is printed next to its target with
PASS or MISS. Wall times come from ``time.perf_counter``; CPU times (``time.process_time``) are
shown too because on a busy machine they are the better estimate of what an idle one would
take. Fresh-interpreter measurements run ``python -c`` in a subprocess and time inside it, so
interpreter start-up is not counted. Nothing here is part of the test suite, and nothing needs
the network: the HTTP benchmark talks to a server on 127.0.0.1 started by this script.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SECTIONS = ("import", "load", "table", "scaling", "placebo", "cycles", "long", "http", "synthetic")

# ------------------------------------------------------------------------------ targets

IMPORT_ADDED_MS = 50.0  # import tradeshock may add at most this over import pandas
WARM_LOAD_MS = 30.0  # bundled loads, warm
TABLE_SECONDS = 1.0  # the 244-partner monthly panel x 72 events
LOOP_RATIO = 30.0  # table must be at least this many times faster than a shock_response loop
KERNEL_RATIO = 2.0  # ... and within this factor of a kernel doing the same work (numpy, numba)
DEFAULT_HORIZON_MONTHS = 36  # the table's default horizon on monthly data (the kernels' span)
SCALING_SLOPE = 1.1  # log-log slope of time vs size: "linear or better", with 10 % slack
REFETCH_RATIO = 50.0  # a cached re-fetch must be this many times faster than the first fetch
SERVER_DELAY = 0.2  # seconds the loopback server sleeps per request
WARM_CALLS = 20  # warm loads are timed in batches of this many calls
TOLERANCE = 1e-12  # tradeshock's float-noise tolerance for gaps (the trough rule)
SYNTH_ANNUAL_SECONDS = 2.0  # in-space placebo, annual panel (issue 12)
SYNTH_MONTHLY_SECONDS = 10.0  # in-space placebo, monthly panel, 60-month window (issue 12)


# ------------------------------------------------------------------------------ results


class Report:
    """Collects measurements, prints them as they come, and serialises them."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        name: str,
        value: float,
        unit: str,
        *,
        target: str = "",
        ok: bool | None = None,
        note: str = "",
    ) -> None:
        """Record and print one measurement (``ok`` None = informational, no target)."""
        status = "" if ok is None else ("PASS" if ok else "MISS")
        self.rows.append(
            {
                "name": name,
                "value": value,
                "unit": unit,
                "target": target,
                "status": status or None,
                "note": note,
            }
        )
        shown = f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"
        line = f"  {name:<58} {shown:>10} {unit:<4} {target:<14} {status:<4}"
        print(line.rstrip() + (f"  ({note})" if note else ""), flush=True)

    def summary(self) -> tuple[int, int]:
        """Return (passed, missed) counts."""
        passed = sum(r["status"] == "PASS" for r in self.rows)
        missed = sum(r["status"] == "MISS" for r in self.rows)
        return passed, missed


def require(condition: object, message: str) -> None:
    """Stop the benchmark when a sanity check fails (works under ``python -O`` too)."""
    if not condition:
        raise RuntimeError(message)


def header(title: str) -> None:
    """Print a section title."""
    print(f"\n{title}\n" + "-" * len(title), flush=True)


def timed(
    fn: Callable[[], object], repeat: int, *, warmup: int = 1, min_seconds: float = 0.5
) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn()`` after ``warmup`` runs.

    Runs at least ``repeat`` times, and fast functions more (until ``min_seconds`` have
    passed, at most 200 runs) so that their medians are stable.
    """
    for _ in range(warmup):
        fn()
    walls: list[float] = []
    cpus: list[float] = []
    while len(walls) < repeat or (sum(walls) < min_seconds and len(walls) < 200):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
    return statistics.median(walls), statistics.median(cpus)


def paired_ratio(
    slow: Callable[[], object], fast: Callable[[], object], pairs: int
) -> tuple[float, float]:
    """Median wall and CPU ratios slow/fast, timing the two back to back ``pairs`` times.

    On a shared machine the load drifts; timing each pair together keeps both sides
    under the same load, so the ratio is steadier than a ratio of two separate medians.
    """
    slow(), fast()  # warm-up
    walls, cpus = [], []
    for _ in range(pairs):
        times = []
        for fn in (slow, fast):
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            times.append((time.perf_counter() - w0, time.process_time() - c0))
        walls.append(times[0][0] / times[1][0])
        cpus.append(times[0][1] / max(times[1][1], 1e-9))
    return statistics.median(walls), statistics.median(cpus)


def _fresh_env() -> dict[str, str]:
    """Environment for fresh interpreters: bytecode cached, as after ``pip install``.

    With ``PYTHONDONTWRITEBYTECODE`` set (or a read-only tree) every edited module would be
    compiled from source on each import and the import would be timed with the compiler. The
    children write their bytecode to a private ``PYTHONPYCACHEPREFIX`` instead (never into the
    source tree); :func:`fresh_medians` runs each snippet once first to fill it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = _PYCACHE.name
    return env


_PYCACHE = tempfile.TemporaryDirectory(prefix="tradeshock-bench-pycache-")


def fresh(code: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it must print one JSON object as its last line."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_fresh_env()
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def fresh_median(code: str, repeat: int) -> dict[str, float]:
    """Median of every key over ``repeat`` fresh interpreters running ``code``."""
    return fresh_medians([code], repeat)[0]


def fresh_medians(codes: Sequence[str], repeat: int) -> list[dict[str, float]]:
    """Like :func:`fresh_median` for several snippets, run in turn so they share the load.

    Each result also has ``best_<key>``, the minimum over the runs.
    """
    runs: list[list[dict[str, float]]] = [[] for _ in codes]
    for code in codes:  # warm-up: compiles and caches the bytecode
        fresh(code)
    for _ in range(repeat):
        for i, code in enumerate(codes):
            runs[i].append(fresh(code))
    medians = []
    for rs in runs:
        summary = {key: statistics.median(r[key] for r in rs) for key in rs[0]}
        summary.update({f"best_{key}": min(r[key] for r in rs) for key in rs[0]})
        medians.append(summary)
    return medians


def loglog_slope(sizes: Sequence[float], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) on log(size): 1 = linear, < 1 = sublinear."""
    x, y = np.log(np.asarray(sizes, float)), np.log(np.asarray(seconds, float))
    return float(np.polyfit(x, y, 1)[0])


# ------------------------------------------------------------------------------ 1. import

_IMPORT_PANDAS = """
import json, time
w, c = time.perf_counter(), time.process_time()
import pandas
print(json.dumps({"wall": time.perf_counter() - w, "cpu": time.process_time() - c}))
"""

_IMPORT_TRADESHOCK = _IMPORT_PANDAS.replace("import pandas\n", "import tradeshock\n")

_IMPORT_BOTH = """
import json, time
import pandas
w, c = time.perf_counter(), time.process_time()
import tradeshock
print(json.dumps({"wall": time.perf_counter() - w, "cpu": time.process_time() - c}))
"""


def bench_import(report: Report, repeat: int) -> None:
    """``import tradeshock`` vs ``import pandas`` in fresh interpreters."""
    header("1. import (fresh interpreters, start-up excluded)")
    runs = max(repeat, 7)  # imports are noisy (disk cache, other processes)
    pandas_only, whole, added = fresh_medians(
        [_IMPORT_PANDAS, _IMPORT_TRADESHOCK, _IMPORT_BOTH], runs
    )
    report.add("import pandas", pandas_only["wall"] * 1e3, "ms")
    report.add("import tradeshock (pandas included)", whole["wall"] * 1e3, "ms")
    report.add(
        "difference of the two medians",
        (whole["wall"] - pandas_only["wall"]) * 1e3,
        "ms",
        note="two medians of separate processes: noisy",
    )
    report.add(
        "import tradeshock after pandas (wall)",
        added["wall"] * 1e3,
        "ms",
        target=f"<= {IMPORT_ADDED_MS:g} ms",
        ok=added["wall"] * 1e3 <= IMPORT_ADDED_MS,
    )
    report.add("import tradeshock after pandas (CPU)", added["cpu"] * 1e3, "ms")
    report.add(
        "import tradeshock after pandas (best run, wall)",
        added["best_wall"] * 1e3,
        "ms",
        note="closest to an idle machine",
    )


# ------------------------------------------------------------------------------ 2. loads

_COLD_LOAD = """
import json, time
import tradeshock as ts
w, c = time.perf_counter(), time.process_time()
CALL
print(json.dumps({"wall": time.perf_counter() - w, "cpu": time.process_time() - c}))
"""

LOADS = {
    'load_trade("Russia")': 'ts.load_trade("Russia")',
    'load_trade("Russia", freq="M")': 'ts.load_trade("Russia", freq="M")',
    'load_trade_panel(freq="M")': 'ts.load_trade_panel(freq="M")',
}


def bench_loads(report: Report, repeat: int) -> None:
    """Bundled loads: first call in a fresh process (cold) and repeated calls (warm)."""
    import tradeshock as ts

    header("2. bundled loads")
    for label, call in LOADS.items():
        cold = fresh_median(_COLD_LOAD.replace("CALL", call), repeat)
        report.add(f"{label} cold (fresh process)", cold["wall"] * 1e3, "ms")
    namespace = {"ts": ts}
    for label, call in LOADS.items():
        batch = eval(f"lambda: [{call} for _ in range({WARM_CALLS})]", namespace)  # cold's call
        wall, _ = timed(batch, repeat)
        per_call = wall / WARM_CALLS * 1e3
        report.add(
            f"{label} warm",
            per_call,
            "ms",
            target=f"<= {WARM_LOAD_MS:g} ms",
            ok=per_call <= WARM_LOAD_MS,
        )


# ------------------------------------------------------------------------------ 3. table


def bare_kernel(values: np.ndarray, spans: Sequence[tuple[int, int]], window: int) -> np.ndarray:
    """The table's four headline metrics, pre_mean baseline, numpy over all columns: the floor.

    For each shock's span (s, stop), P = rows s … stop-1 (the table's default horizon): b = mean
    of the ``window`` rows before s (summed in order), g = y/b - 1 over P, depth = min g (NaN
    skipped), trough = first row within 1e-12 of the min (the library's float-noise rule),
    recovery = first row at or after the trough with g >= -1e-12 (threshold 1), cumulative loss
    = sum of b - y where g < 0 from s to the recovery (or the end of P). The same work as the
    table's depth, time_to_trough, time_to_recovery and cumulative_loss, without statuses, other
    fields or a DataFrame. Returns an (events x 4 x columns) array: NaN where not computed,
    trough and recovery NaN where there is no drop or no recovery.
    """
    out = np.full((len(spans), 4, values.shape[1]), np.nan)
    with np.errstate(all="ignore"):
        for i, (s, stop) in enumerate(spans):
            if s - window < 0 or s >= len(values):
                continue
            level = np.cumsum(values[s - window : s], axis=0)[-1] / window  # the table's order
            post = values[s:stop]
            g = post / level - 1.0
            g = np.where(np.abs(g) < TOLERANCE, 0.0, g)
            depth = np.fmin.reduce(g, axis=0)
            trough = np.argmax(g <= depth + TOLERANCE, axis=0)
            rows = np.arange(len(g))[:, None]
            back = (g >= -TOLERANCE) & (rows >= trough)
            recovery = np.argmax(back, axis=0)
            recovered = back[recovery, np.arange(g.shape[1])] & (depth < 0)
            end = np.where(recovered, recovery, len(g))
            loss = np.where((g < 0) & (rows < end), level - post, 0.0).sum(axis=0)
            out[i, 0] = depth
            out[i, 1] = np.where(depth < 0, trough, np.nan)
            out[i, 2] = np.where(recovered, recovery, np.nan)
            out[i, 3] = loss
    return out


def numba_kernel() -> Callable[[np.ndarray, np.ndarray, np.ndarray, int], np.ndarray] | None:
    """The same four metrics as ``bare_kernel``, compiled with numba (None without numba).

    numba is not a dependency of tradeshock: ``pip install numba`` to run this comparison.
    One loop per (event, column): the gaps into a buffer with the running min, then the
    trough, the recovery and the loss, each stopping as early as it can.
    """
    try:
        import numba  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None

    @numba.njit(cache=False, error_model="numpy")  # type: ignore[untyped-decorator, unused-ignore]
    def kernel(values: np.ndarray, starts: np.ndarray, stops: np.ndarray, window: int) -> Any:
        n, k = values.shape
        out = np.full((len(starts), 4, k), np.nan)
        g = np.empty(n)
        for i in range(len(starts)):
            s, stop = starts[i], stops[i]
            if s - window < 0 or s >= n:
                continue
            m = stop - s
            for j in range(k):
                level = 0.0
                for r in range(s - window, s):
                    level += values[r, j]
                level /= window
                depth = np.inf
                for r in range(m):
                    gap = values[s + r, j] / level - 1.0
                    if abs(gap) < TOLERANCE:
                        gap = 0.0
                    g[r] = gap
                    if gap < depth:  # False for NaN: NaN skipped
                        depth = gap
                if depth == np.inf:
                    continue  # no finite gap
                out[i, 0, j] = depth
                end = m
                if depth < 0:
                    trough = 0
                    while not g[trough] <= depth + TOLERANCE:
                        trough += 1
                    out[i, 1, j] = trough
                    for r in range(trough, m):
                        if g[r] >= -TOLERANCE:
                            out[i, 2, j] = r
                            end = r
                            break
                loss = 0.0
                for r in range(end):
                    if g[r] < 0:
                        loss += level - values[s + r, j]
                out[i, 3, j] = loss
        return out

    return kernel  # type: ignore[no-any-return, unused-ignore]


def shock_spans(panel: pd.DataFrame, events: Sequence[Any], horizon: int) -> list[tuple[int, int]]:
    """Row of each event's shock month in ``panel`` (may fall outside it) and the end of P."""
    first = panel.index[0].ordinal
    rows = [int(e.period("M").ordinal - first) for e in events]
    return [(s, min(s + horizon + 1, len(panel))) for s in rows]


def loop_of_shock_response(
    panel: pd.DataFrame, pairs: Sequence[tuple[Any, str]]
) -> list[dict[str, Any] | None]:
    """What a user would write without ``resilience_table``: one call per (event, column)."""
    from tradeshock import InsufficientDataError, ResponseWarning, ValidationError, shock_response

    rows: list[dict[str, Any] | None] = []
    with warnings.catch_warnings():  # a status per row, as in the table, not a warning each
        warnings.simplefilter("ignore", ResponseWarning)
        for event, column in pairs:
            try:
                response = shock_response(panel[column], event)
                rows.append({**response.to_dict(), "status": response.status})
            except (InsufficientDataError, ValidationError):
                rows.append(None)
    return rows


def bench_table(report: Report, repeat: int, loop_sample: int) -> None:
    """resilience_table on the monthly panel x 72 events, vs a loop and vs a bare kernel."""
    import tradeshock as ts

    header("3. resilience_table: bundled monthly panel x us_russia()")
    panel = ts.load_trade_panel(freq="M")
    events = list(ts.us_russia())
    pairs = [(e, c) for e in events for c in panel.columns]
    print(
        f"  panel {panel.shape[0]} months x {panel.shape[1]} partners, {len(events)} events, "
        f"{len(pairs)} (event, partner) rows"
    )

    table_wall, table_cpu = timed(lambda: ts.resilience_table(panel, events), repeat)
    report.add(
        "resilience_table (wall)",
        table_wall,
        "s",
        target=f"<= {TABLE_SECONDS:g} s",
        ok=table_wall <= TABLE_SECONDS,
    )
    report.add("resilience_table (CPU)", table_cpu, "s")

    # (a) the loop: every pair, or an evenly spaced sample extrapolated to all pairs
    if loop_sample <= 0 or loop_sample >= len(pairs):
        sample, note = pairs, "all pairs"
    else:
        step = len(pairs) / loop_sample
        sample = [pairs[int(i * step)] for i in range(loop_sample)]
        note = f"{len(sample)} evenly spaced pairs, extrapolated x{len(pairs) / len(sample):.1f}"
    sample_wall, _ = timed(
        lambda: loop_of_shock_response(panel, sample), max(1, repeat // 2), min_seconds=0
    )
    table = ts.resilience_table(panel, events)
    check_loop(table, panel, events, sample, loop_of_shock_response(panel, sample))
    loop_wall = sample_wall * len(pairs) / len(sample)
    report.add("loop of shock_response over the same pairs", loop_wall, "s", note=note)
    loop_ratio = loop_wall / table_wall
    report.add(
        "  ratio loop / table",
        loop_ratio,
        "x",
        target=f">= {LOOP_RATIO:g}x",
        ok=loop_ratio >= LOOP_RATIO,
    )

    bench_kernels(report, repeat, panel, events)


def bench_kernels(report: Report, repeat: int, panel: pd.DataFrame, events: list[Any]) -> None:
    """(b) the table against kernels given its four headline metrics and nothing else."""
    import tradeshock as ts

    spans = shock_spans(panel, events, DEFAULT_HORIZON_MONTHS)  # found outside the timing
    values = panel.to_numpy(dtype=np.float64)
    table = ts.resilience_table(panel, events)
    check_agreement(table, bare_kernel(values, spans, 12), "bare numpy kernel")
    compare_kernel(
        report, repeat, ("numpy kernel", "bare numpy kernel, same four metrics"),
        lambda: ts.resilience_table(panel, events), lambda: bare_kernel(values, spans, 12),
    )  # fmt: skip

    compiled = numba_kernel()
    if compiled is None:
        print("  numba kernel: skipped (numba is not installed: pip install numba)")
        return
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    stops = np.array([stop for _, stop in spans], dtype=np.int64)
    check_agreement(table, compiled(values, starts, stops, 12), "numba kernel")  # compiles it
    compare_kernel(
        report, repeat, ("numba kernel", "numba kernel, same four metrics (compiled, one core)"),
        lambda: ts.resilience_table(panel, events), lambda: compiled(values, starts, stops, 12),
    )  # fmt: skip


def compare_kernel(
    report: Report,
    repeat: int,
    names: tuple[str, str],
    table: Callable[[], object],
    kernel: Callable[[], object],
) -> None:
    """Time a kernel on the table's four metrics, and the table against it (paired).

    ``names``: the kernel's short name (in the ratio's line) and its line's label.
    """
    name, label = names
    kernel_wall, _ = timed(kernel, repeat)
    report.add(label, kernel_wall, "s")
    wall_ratio, cpu_ratio = paired_ratio(table, kernel, max(repeat, 15))
    report.add(
        f"  ratio table / {name}",
        wall_ratio,
        "x",
        target=f"<= {KERNEL_RATIO:g}x",
        ok=wall_ratio <= KERNEL_RATIO,
        note="median of back-to-back pairs",
    )
    report.add(f"  ratio table / {name} (CPU times)", cpu_ratio, "x")


def check_agreement(table: pd.DataFrame, kernel: np.ndarray, name: str) -> None:
    """A kernel must compute the table's four metrics on every row with numbers."""
    computed = np.isfinite(table["depth"].to_numpy(dtype=float))
    require(len(table) == kernel.shape[0] * kernel.shape[2], f"table and {name} sizes differ")
    for j, column in enumerate(["depth", "time_to_trough", "time_to_recovery", "cumulative_loss"]):
        got = table[column].to_numpy(dtype=float, na_value=np.nan)[computed]
        want = kernel[:, j, :].reshape(-1)[computed]
        same = np.allclose(got, want, rtol=1e-9, atol=1e-9, equal_nan=True)
        require(same, f"{name}: {column} differs from resilience_table")
    print(f"  check: the {name}'s four metrics equal the table's on {computed.sum()} rows")


def check_loop(
    table: pd.DataFrame, panel: pd.DataFrame, events: Sequence[Any], pairs: Sequence[Any],
    results: Sequence[dict[str, Any] | None],
) -> None:  # fmt: skip
    """The loop's results must equal the table's rows for the same (event, partner) pairs."""
    position = {(id(e), c): i * panel.shape[1] + j
                for i, e in enumerate(events) for j, c in enumerate(panel.columns)}  # fmt: skip
    fields = ["depth", "baseline_value", "cumulative_loss", "relative_loss"]
    times = ["time_to_trough", "time_to_recovery", "half_life"]
    for (event, column), result in zip(pairs, results, strict=True):
        row = table.iloc[position[(id(event), column)]]
        has_numbers = not pd.isna(row["depth"])  # shock_response raises where the row has none
        require((result is not None) == has_numbers, f"rows differ for {event.id}/{column}")
        if result is None:
            continue
        require(result["status"] == row["status"], f"status differs for {event.id}/{column}")
        for name in fields:
            same = math.isclose(result[name], row[name], rel_tol=1e-12, abs_tol=1e-12)
            require(same, f"loop {name} differs from the table for {event.id}/{column}")
        for name in times:
            want = None if pd.isna(row[name]) else int(row[name])
            require(result[name] == want, f"loop {name} differs for {event.id}/{column}")
    print(f"  check: the loop's {len(pairs)} results equal the table's rows (statuses included)")


# ------------------------------------------------------------------------------ 7-9. issue 19

PLACEBO_SPEEDUP = 100.0  # placebo_pvalue must be this many times faster than the old loop
PLACEBO_TABLE_SECONDS = 1.0  # monthly panel x 72 events, horizon 24
TURNING_SPEEDUP = 10.0  # vectorised turning_points vs the old loop over periods


def old_placebo_pvalue(series: pd.Series, shock: Any, horizon: int) -> tuple[float, int]:
    """Placebos the way placebo_pvalue computed them before issue 19: one shock_response each."""
    from tradeshock import InsufficientDataError, ValidationError, shock_response

    actual = shock_response(series, shock, horizon=horizon)
    depths = []
    for period in series.index:
        if period == actual.shock_period:
            continue
        try:
            depths.append(shock_response(series, period, horizon=horizon).depth)
        except (InsufficientDataError, ValidationError):
            continue
    return (1 + sum(d <= actual.depth for d in depths)) / (1 + len(depths)), len(depths)


def bench_placebo(report: Report, repeat: int) -> None:
    """placebo_pvalue (one vectorised pass) vs the old loop; placebo_table on the panel."""
    import tradeshock as ts

    header("7. placebo_pvalue and placebo_table: bundled monthly panel, horizon 24")
    panel = ts.load_trade_panel(freq="M")
    timeline = ts.us_russia()
    crimea = timeline["crimea_annexation"]
    series = panel["Russia"]
    # the old loop takes ~0.1 s: a median of three runs, not one run that the load can double
    old_wall, _ = timed(lambda: old_placebo_pvalue(series, crimea, 24), 3, min_seconds=0)
    new_wall, _ = timed(lambda: ts.placebo_pvalue(series, crimea, horizon=24, exclude=[]), repeat)
    report.add("old placebo loop, one monthly series", old_wall, "s")
    report.add("placebo_pvalue, one monthly series", new_wall, "s")
    report.add("  ratio old / new", old_wall / new_wall, "x", target=f">= {PLACEBO_SPEEDUP:g}x",
               ok=old_wall / new_wall >= PLACEBO_SPEEDUP)  # fmt: skip
    # the same p-value where the definitions agree: every date the new one keeps is one the
    # old loop used, with the same depth (tests/test_placebo.py checks this on random data)
    new = ts.placebo_pvalue(series, crimea, horizon=24, exclude=[])
    for period, depth in new.placebo_depths.iloc[:: max(1, new.n_placebos // 20)].items():
        require(ts.shock_response(series, period, horizon=24).depth == depth, "placebo depth")
    print(f"  check: placebo depths equal shock_response's ({new.n_placebos} clean dates)")
    wall, cpu = timed(lambda: ts.placebo_table(panel, timeline, horizon=24), repeat)
    name = f"placebo_table, {panel.shape[1]} partners x {len(timeline)} events (wall)"
    target = f"<= {PLACEBO_TABLE_SECONDS:g} s"
    report.add(name, wall, "s", target=target, ok=wall <= PLACEBO_TABLE_SECONDS)
    report.add("placebo_table (CPU)", cpu, "s")


def old_turning_points(y: np.ndarray, k: int) -> list[tuple[int, str]]:
    """The loop over periods turning_points ran before issue 19 (kept here as the baseline)."""
    found: list[tuple[int, str]] = []
    for t in range(k, len(y) - k):
        around = np.concatenate([y[t - k : t], y[t + 1 : t + k + 1]])
        if not (math.isfinite(y[t]) and np.isfinite(around).all()):
            continue
        if (y[t] > around).all():
            found.append((t, "peak"))
        elif (y[t] < around).all():
            found.append((t, "trough"))
    kept: list[tuple[int, str]] = []
    for t, kind in found:
        if kept and kept[-1][1] == kind:
            better = y[t] > y[kept[-1][0]] if kind == "peak" else y[t] < y[kept[-1][0]]
            if better:
                kept[-1] = (t, kind)
            continue
        kept.append((t, kind))
    return kept


def bench_cycles(report: Report, repeat: int) -> None:
    """cycles.turning_points (vectorised) vs the old loop, on a long monthly random walk."""
    from tradeshock import cycles

    header("8. cycles.turning_points: 1,920 months (160 years) of a random walk")
    rng = np.random.default_rng(7)
    index = pd.period_range("1860-01", periods=1920, freq="M", name="period")
    series = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.02, 1920))), index=index)
    y = series.to_numpy()
    old_wall, _ = timed(lambda: old_turning_points(y, 5), repeat)
    new_wall, _ = timed(lambda: cycles.turning_points(series), repeat)
    expected = old_turning_points(y, 5)
    got = cycles.turning_points(series)
    rows = [int(p.ordinal - index[0].ordinal) for p in got.index]
    require(list(zip(rows, got["kind"], strict=True)) == expected, "turning points differ")
    print(f"  check: the same {len(expected)} turning points as the old loop")
    report.add("old loop over periods", old_wall, "s")
    report.add("turning_points", new_wall, "s")
    report.add("  ratio old / new", old_wall / new_wall, "x", target=f">= {TURNING_SPEEDUP:g}x",
               ok=old_wall / new_wall >= TURNING_SPEEDUP)  # fmt: skip


def bench_long(report: Report, repeat: int) -> None:
    """A long panel (1,000,000 rows) vs the same panel wide: reshaping costs little."""
    import tradeshock as ts

    header("9. long format: 2,000 series x 500 months = 1,000,000 rows, 72 events, horizon 24")
    rng = np.random.default_rng(8)
    months = pd.period_range("1985-01", periods=500, freq="M", name="period")
    wide = pd.DataFrame(rng.lognormal(3, 0.2, (500, 2000)), index=months)
    long = wide.rename_axis(columns="series").stack().rename("value").reset_index()
    long = long.sample(frac=1.0, random_state=8).reset_index(drop=True)
    shocks = list(months[np.linspace(12, 499, 72).astype(int)])
    wide_wall, _ = timed(lambda: ts.resilience_table(wide, shocks, horizon=24), repeat)
    long_wall, _ = timed(lambda: ts.resilience_table(long, shocks, by="series", horizon=24), repeat)
    a = ts.resilience_table(wide, shocks, horizon=24)
    b = ts.resilience_table(long, shocks, by="series", horizon=24)
    require(b["series"].tolist() == a["series"].tolist(), "long keys differ")
    require(b.drop(columns="series").equals(a.drop(columns="series")), "long table differs")
    print("  check: the long table equals the wide table")
    report.add("resilience_table, wide", wide_wall, "s")
    report.add("resilience_table, long (1e6 rows, shuffled)", long_wall, "s",
               note=f"{len(long) / long_wall:,.0f} rows/s")  # fmt: skip


# ------------------------------------------------------------------------------ 4. scaling


def synthetic_events(panel: pd.DataFrame, count: int) -> list[pd.Period]:
    """``count`` monthly shock periods evenly spread over the panel (after a 12-month window)."""
    first = panel.index[0]
    span = len(panel.index) - 12 - 1  # each shock has a full window and at least one month
    offsets = np.floor(np.arange(count) * span / count).astype(int) + 12
    return [first + int(o) for o in offsets]


def bench_scaling(report: Report, repeat: int) -> None:
    """How the table's cost grows with the number of columns and of events."""
    import tradeshock as ts

    header("4. scaling of resilience_table")
    panel = ts.load_trade_panel(freq="M")
    events = list(ts.us_russia())
    reps = max(3, repeat // 2)

    sizes = [1, 10, 100, panel.shape[1]]
    seconds = []
    print(f"  {'columns':>8} {'events':>7} {'rows':>8} {'seconds':>9} {'us/row':>8}")
    for k in sizes:
        sub = panel.iloc[:, :k]
        wall, _ = timed(functools.partial(ts.resilience_table, sub, events), reps)
        seconds.append(wall)
        rows = k * len(events)
        print(f"  {k:>8} {len(events):>7} {rows:>8} {wall:>9.4f} {wall / rows * 1e6:>8.2f}")
    slope = loglog_slope(sizes, seconds)
    report.add(
        "log-log slope of time vs columns",
        slope,
        "",
        target=f"<= {SCALING_SLOPE:g}",
        ok=slope <= SCALING_SLOPE,
        note=f"all/1 column cost ratio {seconds[-1] / seconds[0]:.1f} for {sizes[-1]}x the work",
    )

    counts = [10, 100, 1000]
    seconds = []
    for n in counts:
        shocks = synthetic_events(panel, n)
        wall, _ = timed(functools.partial(ts.resilience_table, panel, shocks), reps)
        seconds.append(wall)
        rows = n * panel.shape[1]
        print(f"  {panel.shape[1]:>8} {n:>7} {rows:>8} {wall:>9.4f} {wall / rows * 1e6:>8.2f}")
    slope = loglog_slope(counts, seconds)
    per_event = np.polyfit(counts, seconds, 1)[0]
    report.add(
        "log-log slope of time vs events",
        slope,
        "",
        target=f"<= {SCALING_SLOPE:g}",
        ok=slope <= SCALING_SLOPE,
        note=f"linear fit: {per_event * 1e3:.2f} ms per event x {panel.shape[1]} columns",
    )


# ------------------------------------------------------------------------------ 5. HTTP cache


class _SlowHandler(BaseHTTPRequestHandler):
    """Answers every GET with a small CSV after sleeping ``SERVER_DELAY`` seconds."""

    hits = 0
    body = ("period,value\n" + "".join(f"{1990 + i},{i * 1.5}\n" for i in range(400))).encode()

    def do_GET(self) -> None:
        """Sleep, then answer with the CSV body."""
        type(self).hits += 1
        time.sleep(SERVER_DELAY)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the benchmark output clean."""


def bench_http(report: Report, repeat: int) -> None:
    """First fetch vs cached re-fetch through tradeshock.sources.http."""
    from tradeshock.sources.http import cached_session, fetch

    header(f"5. HTTP cache: loopback server sleeping {SERVER_DELAY * 1e3:.0f} ms per request")
    os.environ.pop("TRADESHOCK_OFFLINE", None)
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"  # never send loopback traffic to a proxy
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    firsts, kept, new_session = [], [], []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["TRADESHOCK_CACHE_DIR"] = tmp  # fetch() without session= uses it
            fetch(f"{base}/warmup.csv")  # imports requests_cache etc. outside the timings
            for i in range(repeat):
                url = f"{base}/series_{i}.csv"  # a new URL: the first fetch misses the cache
                session = cached_session(cache_dir=tmp)
                t0 = time.perf_counter()
                first = fetch(url, session=session)
                firsts.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                again = fetch(url, session=session)
                kept.append(time.perf_counter() - t0)
                session.close()
                t0 = time.perf_counter()
                fresh_session = fetch(url)  # the loaders' default: a new session per call
                new_session.append(time.perf_counter() - t0)
                require(not getattr(first, "from_cache", True), "the first fetch was cached")
                require(getattr(again, "from_cache", False), "the same-session re-fetch missed")
                require(getattr(fresh_session, "from_cache", False), "new-session re-fetch missed")
                require(again.content == first.content == _SlowHandler.body, "content changed")
    finally:
        os.environ.pop("TRADESHOCK_CACHE_DIR", None)
        server.shutdown()
        server.server_close()
    hits_expected = 1 + repeat  # the warm-up and each first fetch; no re-fetch reaches it
    require(
        _SlowHandler.hits == hits_expected,
        f"server saw {_SlowHandler.hits} requests, expected {hits_expected}",
    )
    first_s, kept_s, new_s = (statistics.median(v) for v in (firsts, kept, new_session))
    report.add("first fetch (cache miss)", first_s * 1e3, "ms")
    report.add("re-fetch, same session", kept_s * 1e3, "ms")
    report.add(
        "  ratio first / re-fetch (same session)",
        first_s / kept_s,
        "x",
        target=f">= {REFETCH_RATIO:g}x",
        ok=first_s / kept_s >= REFETCH_RATIO,
    )
    report.add("re-fetch, new session (loaders' default)", new_s * 1e3, "ms")
    report.add(
        "  ratio first / re-fetch (new session)",
        first_s / new_s,
        "x",
        note="includes opening the cache database; no target",
    )


# ------------------------------------------------------------------------------ 6. synthetic


def bench_synthetic(report: Report, repeat: int) -> None:
    """synthetic_control and its in-space placebo for Russia (issue 12 targets)."""
    import tradeshock as ts

    header("6. synthetic control (Russia, imports, Crimea annexation)")
    crimea = ts.us_russia()["crimea_annexation"]
    annual = ts.load_trade_panel(flow="imports")
    monthly = ts.load_trade_panel(flow="imports", freq="M")
    cases = [
        ("annual, window 10, horizon 5", annual, 10, 5, SYNTH_ANNUAL_SECONDS),
        ("annual, default window (1992-2013), to 2025", annual, None, None, SYNTH_ANNUAL_SECONDS),
        ("monthly, window 60, to the end", monthly, 60, None, SYNTH_MONTHLY_SECONDS),
    ]
    for name, panel, window, horizon, target in cases:
        fit = ts.synthetic_control(panel, "Russia", crimea, window=window, horizon=horizon)
        require(abs(fit.weights.sum() - 1) < 1e-12, "weights must sum to 1")
        units = len(fit.weights) + 1
        wall, _ = timed(
            lambda p=panel, w=window, h=horizon: ts.synthetic_control(
                p, "Russia", crimea, window=w, horizon=h
            ),
            repeat,
        )
        report.add(f"fit, {name}", wall * 1e3, "ms", note=f"{units - 1} donors")
        wall, cpu = timed(fit.placebo, repeat, min_seconds=0)
        report.add(
            f"placebo, {name}",
            wall,
            "s",
            target=f"<= {target:g} s",
            ok=wall <= target,
            note=f"{units} units = {units} fits; CPU {cpu:.2f} s",
        )
    small = ts.synthetic_control(annual, "Russia", crimea, horizon=5, donors=_top(annual, 30))
    wall, _ = timed(small.intervals, repeat, min_seconds=0)
    name = "conformal intervals, annual, 30 donors, 6 post years"
    report.add(name, wall, "s", note="7 intervals")


def _top(panel: pd.DataFrame, count: int) -> list[str]:
    """The ``count`` largest partners by mean 1992-2013 value, Russia excluded."""
    means = panel.loc["1992":"2013"].mean().drop("Russia")
    return [str(c) for c in means.nlargest(count).index]


# ------------------------------------------------------------------------------ main


def machine() -> dict[str, Any]:
    """Describe the machine and the versions the numbers were taken with."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):
        load = math.nan
    import tradeshock

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average_1min": load,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "tradeshock": tradeshock.__version__,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; return 0 (a MISS is reported, not an error)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per measurement")
    parser.add_argument(
        "--loop-sample",
        type=int,
        default=1000,
        help="(event, partner) pairs timed for the shock_response loop; 0 = all of them",
    )
    parser.add_argument("--quick", action="store_true", help="3 repetitions, 300 loop pairs")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    from tradeshock import ResponseWarning

    # the placebo and loop sections compute confounded responses on purpose: a status, not news
    warnings.simplefilter("ignore", ResponseWarning)
    repeat = 3 if args.quick else max(1, args.repeat)
    loop_sample = 300 if args.quick else args.loop_sample
    sections = args.only or SECTIONS

    info = machine()
    print(f"tradeshock {info['tradeshock']} benchmarks: medians of {repeat} repetitions")
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, load {info['load_average_1min']:.2f}; "
        f"Python {info['python']}, pandas {info['pandas']}, numpy {info['numpy']}"
    )
    report = Report()
    started = time.perf_counter()
    if "import" in sections:
        bench_import(report, repeat)
    if "load" in sections:
        bench_loads(report, repeat)
    if "table" in sections:
        bench_table(report, repeat, loop_sample)
    if "scaling" in sections:
        bench_scaling(report, repeat)
    if "placebo" in sections:
        bench_placebo(report, repeat)
    if "cycles" in sections:
        bench_cycles(report, repeat)
    if "long" in sections:
        bench_long(report, repeat)
    if "http" in sections:
        bench_http(report, repeat)
    if "synthetic" in sections:
        bench_synthetic(report, repeat)
    passed, missed = report.summary()
    elapsed = time.perf_counter() - started
    print(f"\n{passed} targets met, {missed} missed ({elapsed:.0f} s)")
    if args.json:
        payload = {"machine": info, "repeat": repeat, "results": report.rows}
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

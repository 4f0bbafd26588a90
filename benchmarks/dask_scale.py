"""Out-of-core benchmark of tradeshock.dask (issue 19): a long panel written as partitioned parquet.

Run on demand (not part of ``run.py`` nor of the tests); needs the ``dask`` extra::

    python benchmarks/dask_scale.py              # 10^8 rows: 200,000 series x 500 months
    python benchmarks/dask_scale.py --series 2000 --months 500   # 10^6 rows, a smoke run
    python benchmarks/dask_scale.py --workers 1 2 --pandas-series 20000 --json out.json

It writes the synthetic panel under ``--data`` (default /tmp/tradeshock-dask-bench, never the
repository; reused when its manifest matches), then for each worker count starts a
``LocalCluster`` (one thread per worker, ``--memory-limit`` per worker, default 2 GB), runs
``tradeshock.dask.resilience_table`` for 72 monthly events with horizon 24 and writes the table
to parquet (nothing is collected on the client). It reports the wall time, input rows per second
and the peak resident memory of each worker process (``ru_maxrss`` read inside the worker), and
the pandas path (``tradeshock.resilience_table`` on a long DataFrame in this process) at
``--pandas-series`` series. Its output is checked: the Dask table of the first 200 series equals
the pandas path's on the same rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FIRST_MONTH = "1985-01"
CODES_PER_PARTNER = 1000  # series key = (partner, hs): BACI-like, partners x products


def panel_chunk(first_series: int, n_series: int, months: int, seed: int) -> pd.DataFrame:
    """Rows of series first_series … first_series+n_series-1 (long format, all months)."""
    rng = np.random.default_rng([seed, first_series])
    ids = np.arange(first_series, first_series + n_series)
    level = rng.lognormal(3.0, 1.5, n_series)
    noise = rng.lognormal(0.0, 0.15, (n_series, months))
    values = (level[:, None] * noise).ravel()
    values[rng.random(values.size) < 0.005] = np.nan  # a few missing cells
    ordinals = pd.Period(FIRST_MONTH, "M").ordinal + np.arange(months)
    return pd.DataFrame(
        {
            "partner": np.repeat((ids // CODES_PER_PARTNER).astype(np.int32), months),
            "hs": np.repeat((ids % CODES_PER_PARTNER).astype(np.int32), months),
            "period": pd.arrays.PeriodArray(np.tile(ordinals, n_series), dtype="period[M]"),
            "value": values,
        }
    )


def write_panel(path: Path, series: int, months: int, per_file: int, seed: int) -> float:
    """Write the panel as one parquet file per ``per_file`` series; return seconds taken."""
    manifest = {"series": series, "months": months, "per_file": per_file, "seed": seed}
    marker = path / "_manifest.json"
    if marker.exists() and json.loads(marker.read_text()) == manifest:
        print(f"reusing {path} ({series * months:,} rows)")
        return 0.0
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    started = time.perf_counter()
    for number, first in enumerate(range(0, series, per_file)):
        chunk = panel_chunk(first, min(per_file, series - first), months, seed)
        # files hold series in shuffled row order, as a real export would not be sorted
        chunk = chunk.sample(frac=1.0, random_state=number).reset_index(drop=True)
        chunk.to_parquet(path / f"part-{number:05d}.parquet", index=False)
    marker.write_text(json.dumps(manifest))
    seconds = time.perf_counter() - started
    print(f"wrote {series * months:,} rows to {path} in {seconds:.0f} s")
    return seconds


def events(n: int, months: int) -> list[pd.Period]:
    """n monthly shock periods spread evenly, each with a full 12-month window."""
    first = pd.Period(FIRST_MONTH, "M")
    offsets = np.linspace(12, months - 1, n).astype(int)
    return [first + int(o) for o in offsets]


def peak_rss_mb() -> float:
    """Peak resident memory of the calling process, MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_dask(path: Path, out: Path, workers: int, args: argparse.Namespace) -> dict[str, Any]:
    import distributed

    import tradeshock.dask as tsd

    shutil.rmtree(out, ignore_errors=True)
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=args.memory_limit,
            dashboard_address=None,
            local_directory=str(args.data.parent / "dask-worker-space"),
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        started = time.perf_counter()
        table = tsd.resilience_table(
            str(path), events(args.events, args.months), by=["partner", "hs"], horizon=args.horizon
        )
        table.to_parquet(out, write_index=False)
        seconds = time.perf_counter() - started
        peaks = client.run(peak_rss_mb)
    rows = args.series * args.months
    result = {
        "workers": workers,
        "rows": rows,
        "seconds": seconds,
        "rows_per_second": rows / seconds,
        "peak_worker_mb": max(peaks.values()),
        "peak_worker_mb_all": sorted(peaks.values()),
        "memory_limit": args.memory_limit,
    }
    print(
        f"dask, {workers} worker(s): {seconds:.1f} s, {rows / seconds:,.0f} rows/s, "
        f"peak worker RSS {max(peaks.values()):,.0f} MB (limit {args.memory_limit})"
    )
    return result


def run_pandas(args: argparse.Namespace) -> dict[str, Any]:
    import tradeshock as ts

    series = args.pandas_series
    long = pd.concat(
        [
            panel_chunk(first, min(args.per_file, series - first), args.months, args.seed)
            for first in range(0, series, args.per_file)
        ],
        ignore_index=True,
    )
    before = peak_rss_mb()
    started = time.perf_counter()
    table = ts.resilience_table(
        long, events(args.events, args.months), by=["partner", "hs"], horizon=args.horizon
    )
    seconds = time.perf_counter() - started
    print(
        f"pandas, {len(long):,} rows: {seconds:.1f} s, {len(long) / seconds:,.0f} rows/s, "
        f"{len(table):,} table rows; process peak RSS {peak_rss_mb():,.0f} MB"
        f" (before the call {before:,.0f} MB)"
    )
    return {"rows": len(long), "seconds": seconds, "rows_per_second": len(long) / seconds,
            "peak_process_mb": peak_rss_mb()}  # fmt: skip


def check_equal(out: Path, args: argparse.Namespace) -> None:
    """The Dask table of the first 200 series equals the pandas path's."""
    import tradeshock as ts

    n = min(200, args.series, args.per_file)
    long = pd.read_parquet(args.data / "part-00000.parquet")  # the input rows of those series
    long = long[long["partner"] * CODES_PER_PARTNER + long["hs"] < n]
    expected = ts.resilience_table(
        long, events(args.events, args.months), by=["partner", "hs"], horizon=args.horizon
    )
    keys = ["partner", "hs", "event"]
    got = pd.read_parquet(out, filters=[("partner", "<=", int((n - 1) // CODES_PER_PARTNER))])
    got = got[got["partner"] * CODES_PER_PARTNER + got["hs"] < n]
    pd.testing.assert_frame_equal(
        got.sort_values(keys).reset_index(drop=True),
        expected.sort_values(keys).reset_index(drop=True),
        check_dtype=False,
    )
    print(f"checked: the Dask table of the first {n} series equals the pandas path's")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=200_000)
    parser.add_argument("--months", type=int, default=500)
    parser.add_argument("--events", type=int, default=72)
    parser.add_argument("--horizon", type=int, default=24)
    parser.add_argument("--per-file", type=int, default=2_000, help="series per parquet file")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--memory-limit", default="2GB")
    parser.add_argument("--pandas-series", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--data", type=Path, default=Path("/tmp/tradeshock-dask-bench/long"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}
    results["write_seconds"] = write_panel(
        args.data, args.series, args.months, args.per_file, args.seed
    )
    out = args.data.parent / "table"
    results["dask"] = [run_dask(args.data, out, w, args) for w in args.workers]
    check_equal(out, args)
    if args.pandas_series:
        results["pandas"] = run_pandas(args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

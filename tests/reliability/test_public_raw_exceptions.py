"""Public functions raise typed errors or a clear TypeError, never raw ones (issue 13, item 11).

Each case was a raw ``OverflowError``/``ValueError``, a ``TypeError`` saying only
"'NoneType' object is not iterable", or silently wrong numbers (complex values cast to real).
The CLI writing to a full device prints one line and exits 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock.errors import TradeshockError, ValidationError


def _series() -> pd.Series:
    return ts.load_trade("Russia")["total"]


def _panel() -> pd.DataFrame:
    return ts.load_trade_panel().iloc[:, :4]


def _multiindex_panel() -> pd.DataFrame:
    panel = _panel().copy()
    panel.columns = pd.MultiIndex.from_tuples([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")])
    return panel


CASES: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    # name: (call, error type, words the message must hold)
    "lag_huge": (lambda: ts.shock_response(_series(), "2014", lag=10**30), ValidationError, "lag"),
    "lag_huge_negative": (
        lambda: ts.shock_response(_series(), "2014", lag=-(10**30)),
        ValidationError,
        "lag",
    ),
    "table_lag_huge": (
        lambda: ts.resilience_table(_panel(), "2014", lag=10**30),
        ValidationError,
        "lag",
    ),
    "window_huge": (
        lambda: ts.shock_response(_series(), "2014", window=10**30),
        ValidationError,
        "window",
    ),
    "table_multiindex_columns": (
        lambda: ts.resilience_table(_multiindex_panel(), "2014"),
        ValidationError,
        "MultiIndex",
    ),
    "complex_series": (
        lambda: ts.shock_response(_series().astype(complex), "2014"),
        ValidationError,
        "complex",
    ),
    "complex_panel": (
        lambda: ts.resilience_table(_panel().astype(complex), "2014"),
        ValidationError,
        "complex",
    ),
    "timeline_none": (lambda: ts.Timeline(None), TypeError, "Timeline"),  # type: ignore[arg-type]
    "timeline_from_records_none": (
        lambda: ts.Timeline.from_records(None),  # type: ignore[arg-type]
        TypeError,
        "records",
    ),
    "petroleum_origins_none": (
        lambda: ts.load_petroleum_imports(origins=None),  # type: ignore[arg-type]
        TypeError,
        "origins",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_public_function_raises_a_clear_error(case: str) -> None:
    call, error, words = CASES[case]
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert words in message, message
    assert "NoneType' object is not iterable" not in message
    assert "C long" not in message
    if error is TypeError:
        assert not isinstance(info.value, TradeshockError) or isinstance(info.value, TypeError)


def test_complex_values_are_never_cast_silently() -> None:
    values = _series().astype(complex) + 1j
    with pytest.raises(ValidationError, match="complex"):
        ts.shock_response(values, "2014")
    # real-valued complex dtype is refused too: the caller must say what the numbers are
    with pytest.raises(ValidationError, match="complex"):
        ts.shock_response(
            pd.Series(
                np.ones(30, dtype=complex), index=pd.period_range("1990", periods=30, freq="Y")
            ),
            "2010",
        )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["report"], ["events"], ["sources"]])
def test_cli_writing_to_a_full_device_prints_one_line_and_exits_2(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tradeshock", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "No space left" in lines[0] or "cannot write" in lines[0], lines[0]

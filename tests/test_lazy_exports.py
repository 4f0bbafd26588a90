"""Top-level names that load on first use behave like eager ones (and keep import cheap)."""

from __future__ import annotations

import subprocess
import sys

import tradeshock as ts

LAZY = sorted(ts._LAZY)


def test_every_lazy_name_is_public_and_resolves_to_its_object() -> None:
    import importlib

    for name in LAZY:
        assert name in ts.__all__
        module = importlib.import_module(f"tradeshock.{ts._LAZY[name]}")
        assert getattr(ts, name) is getattr(module, name)
        assert name in dir(ts)


def test_importing_a_submodule_first_does_not_shadow_a_function() -> None:
    code = (
        "import tradeshock.event_study, tradeshock.synthetic, tradeshock.placebo\n"
        "import tradeshock as ts\n"
        "assert callable(ts.event_study) and callable(ts.synthetic_control)\n"
        "assert callable(ts.placebo_pvalue)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_tradeshock_loads_no_heavy_analysis_modules() -> None:
    code = (
        "import sys, tradeshock\n"
        "heavy = [m for m in ('scipy', 'statsmodels', 'matplotlib', 'dask', 'requests_cache',\n"
        "         'tradeshock.synthetic', 'tradeshock.claims', 'tradeshock.sources.bilateral')\n"
        "         if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

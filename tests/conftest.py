"""Shared fixtures: where ../shared/data is, and skipping cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

# Property tests must not time things or vary from run to run: CI failures must reproduce.
# HYPOTHESIS_PROFILE=explore turns randomisation back on for a local bug hunt.
settings.register_profile(
    "tradeshock",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],  # a timing check: depends on machine load
    print_blob=True,
)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tradeshock"))

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRADESHOCK_SHARED_DATA") or REPO / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ../shared/data; skips the test when the raw upstream files are not there."""
    if not SHARED.is_dir():
        pytest.skip(f"raw upstream data not found at {SHARED} (set TRADESHOCK_SHARED_DATA)")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the user's real HTTP cache or inherit offline mode from the environment."""
    monkeypatch.setenv("TRADESHOCK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("TRADESHOCK_OFFLINE", raising=False)
    monkeypatch.delenv("CENSUS_API_KEY", raising=False)
    monkeypatch.delenv("EIA_API_KEY", raising=False)


@pytest.fixture(scope="session")
def end_use_long() -> pd.DataFrame:
    """All partners x end-use codes x years of the bundled end-use imports, in long format."""
    import tradeshock as ts

    frames = []
    for partner in ts.load_trade_panel().columns:
        try:
            comp = ts.load_trade_composition(partner)
        except (ts.NotInSnapshotError, ts.UnknownPartnerError):
            continue
        frame = comp.rename_axis(columns="enduse").stack().rename("value").reset_index()
        frame.insert(0, "partner", partner)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)

"""Snapshot part 'events': the sourced U.S.–Russia event timeline.

Reads ``events/us_russia_events.csv`` with :meth:`tradeshock.events.Timeline.from_csv` (every
row validated) and writes it back through the project's own writer as ``events_us_russia.csv.gz``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._snapshot import sha256_file, write_table
from ..events import BUNDLED_NAME, Timeline

RAW = Path("events") / "us_russia_events.csv"


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Parse the raw timeline and write the bundled table; return its manifest entry."""
    raw = shared / RAW
    timeline = Timeline.from_csv(raw)
    frame = timeline.to_frame()
    last = max(str(ev.end or ev.start) for ev in timeline)
    meta = {
        "description": (
            f"U.S.–Russia political and economic events ({len(timeline)} events), each with the "
            "URL of the page its date was checked on; direction and precision conventions in "
            "the raw data's SOURCES.md"
        ),
        "coverage": f"{timeline.events[0].start} to {last}",
        "frequency": "event",
        "units": "n/a",
        "upstream_url": "../shared/data/events (sourced; see source_url per event)",
        "vintage": f"events through {last}",
        "source": "tradeshock U.S.–Russia event timeline (sourced; see source_url per event)",
        "inputs": [{"path": RAW.as_posix(), "sha256": sha256_file(raw)}],
    }
    return {BUNDLED_NAME: write_table(frame, out, BUNDLED_NAME, meta)}

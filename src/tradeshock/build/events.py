"""Snapshot part 'events': the sourced U.S.–Russia timeline and the U.S. sanctions episodes.

Reads the raw CSV files with
[`tradeshock.events.Timeline.from_csv`][tradeshock.events.Timeline.from_csv] (every row validated)
and writes them back through the project's own writer as gzipped CSV:

* ``events_us_russia.csv.gz``: ``events/us_russia_events.csv`` plus
  ``events/us_russia_events_additions.csv`` (the two files share no id; ``+`` checks it);
* ``events_us_sanctions.csv.gz``: ``events/us_sanctions_episodes.csv``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._snapshot import sha256_file, write_table
from ..events import BUNDLED_NAME, BUNDLED_SANCTIONS, Timeline
from ..sources._provenance import licence_of  # the one table of terms of reuse

RAW = Path("events") / "us_russia_events.csv"
RAW_ADDITIONS = Path("events") / "us_russia_events_additions.csv"
RAW_SANCTIONS = Path("events") / "us_sanctions_episodes.csv"


def _meta(
    name: str, timeline: Timeline, raws: list[Path], shared: Path, what: str, doc: str
) -> dict[str, Any]:
    last = max(str(ev.end or ev.start) for ev in timeline)
    return {
        "description": (
            f"{what} ({len(timeline)} events), each with the URL of the page its date was "
            f"checked on; direction and precision conventions in the raw data's {doc}"
        ),
        "coverage": f"{timeline.events[0].start} to {last}",
        "frequency": "event",
        "units": "n/a",
        "upstream_url": "../shared/data/events (sourced; see source_url per event)",
        "vintage": f"events through {last}",
        "source": f"tradeshock {what} (sourced; see source_url per event)",
        "licence": licence_of(name),
        "notes": f"verification notes per event: events/{doc}",
        "inputs": [{"path": raw.as_posix(), "sha256": sha256_file(shared / raw)} for raw in raws],
    }


def build(shared: Path, out: Path) -> dict[str, Any]:
    """Parse the raw timelines and write the bundled tables; return their manifest entries."""
    russia = Timeline.from_csv(shared / RAW) + Timeline.from_csv(shared / RAW_ADDITIONS)
    sanctions = Timeline.from_csv(shared / RAW_SANCTIONS)
    overlap = sorted(set(russia.ids) & set(sanctions.ids))
    if overlap:  # SOURCES_sanctions.md: ids are unique across the three files
        raise ValueError(f"event ids in both the Russia and the sanctions files: {overlap}")
    russia_meta = _meta(
        BUNDLED_NAME,
        russia,
        [RAW, RAW_ADDITIONS],
        shared,
        "U.S.–Russia event timeline",
        "SOURCES.md and SOURCES_sanctions.md",
    )
    sanctions_meta = _meta(
        BUNDLED_SANCTIONS,
        sanctions,
        [RAW_SANCTIONS],
        shared,
        "U.S. sanctions and trade-policy episodes",
        "SOURCES_sanctions.md",
    )
    return {
        BUNDLED_NAME: write_table(russia.to_frame(), out, BUNDLED_NAME, russia_meta),
        BUNDLED_SANCTIONS: write_table(
            sanctions.to_frame(), out, BUNDLED_SANCTIONS, sanctions_meta
        ),
    }

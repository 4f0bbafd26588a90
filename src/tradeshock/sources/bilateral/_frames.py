"""Shaping shared by the bundled and live paths: long rows → the user's frame.

Precedence when two compilers cover the same cell (`PRECEDENCE`): first **one unit per
frame** — USD before EUR, never mixed, never converted — then the reporter's **national
compiler** before the IMF's republication of it (FTS for Russia, BNS for Kazakhstan, Census for
the U.S., Eurostat for the EU), then the IMF, then UN Comtrade. FTS and BNS are parsed but not
bundled (no redistribution terms), so in the snapshot the rule mostly picks IMF DOTS (USD);
Eurostat's EUR series is used when it is the only one (monthly member-state exports to Russia)
or when asked for with ``compiler="eurostat"``.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ...errors import ValidationError

__all__ = ["FLOWS", "PRECEDENCE", "VALUATION", "mirror_flows", "pick", "wide"]

FLOWS = ("exports", "imports")
#: compilers in order of precedence (first wins) within one unit
PRECEDENCE = (
    "FTS",
    "BNS",
    "U.S. Census Bureau",
    "Eurostat Comext",
    "IMF DOTS",
    "IMF IMTS",
    "UN Comtrade",
)
UNIT_ORDER = ("USD millions", "EUR millions")
#: valuation of each flow as the compilers record it
VALUATION = {
    "IMF DOTS": {"exports": "FOB", "imports": "CIF"},
    "IMF IMTS": {"exports": "FOB", "imports": "CIF"},
    "Eurostat Comext": {"exports": "FOB", "imports": "CIF"},
    "U.S. Census Bureau": {"exports": "f.a.s.", "imports": "customs value (general imports)"},
    "UN Comtrade": {"exports": "FOB", "imports": "CIF"},
    "FTS": {"exports": "FOB", "imports": "CIF"},
    "BNS": {"exports": "FOB", "imports": "CIF"},
}


def mirror_flows(long: pd.DataFrame) -> pd.DataFrame:
    """Turn the partner's report into the reporter's view (imports ↔ exports)."""
    out = long.copy()
    out["flow"] = out["flow"].map({"exports": "imports", "imports": "exports"})
    result: pd.DataFrame = out
    return result


def pick(long: pd.DataFrame, compiler: str | None) -> pd.DataFrame:
    """Keep one unit (USD first) and, per (period, flow), the highest-precedence compiler."""
    if compiler is not None:
        long = long[long["compiler"] == compiler]
    if long.empty:
        return long
    units = next(u for u in UNIT_ORDER if (long["units"] == u).any())
    same = long[long["units"] == units].copy()
    same["rank"] = same["compiler"].map(lambda c: PRECEDENCE.index(c) if c in PRECEDENCE else 99)
    best = same.sort_values(["period", "flow", "rank"], kind="stable")
    picked: pd.DataFrame = best.drop_duplicates(["period", "flow"]).drop(columns="rank")
    return picked


def wide(
    long: pd.DataFrame, flows: tuple[str, ...], freq: str, start: object = None, end: object = None
) -> pd.DataFrame:
    """Periods × flows (NaN where nothing was reported), PeriodIndex named ``period``."""
    periods = pd.PeriodIndex(long["period"].astype(str), freq=freq)
    values = pd.Series(long["value"].to_numpy(dtype=float), index=[periods, long["flow"]])
    table = values.unstack()
    if len(periods):
        full = pd.period_range(periods.min(), periods.max(), freq=freq, name="period")
        table = table.reindex(full)
    table = table.reindex(columns=list(flows))
    table.index.name = "period"
    table.columns.name = None
    if start is not None or end is not None:
        table = table.loc[_period(start, freq, "start") : _period(end, freq, "end")]
    result: pd.DataFrame = table.astype("float64")
    return result


def _period(value: object, freq: str, how: Literal["start", "end"]) -> pd.Period | None:
    """``"2016"`` as a monthly end is 2016-12, as a start 2016-01; ``"2016-03"`` stays."""
    if value is None:
        return None
    try:
        period = pd.Period(str(value))
        if period.freqstr.startswith(("Y", "A")) or freq == "Y":
            return period.asfreq(freq, how=how)
        return pd.Period(str(value), freq=freq)
    except (ValueError, TypeError):
        raise ValidationError(
            f"start/end={value!r} is not a period like '2014' or '2014-03'"
        ) from None

"""Resilience reports: the tables behind ``tradeshock report``, as library functions.

[`report_table`][tradeshock.report.report_table] measures one partner's trade around a set of
events (one row per event and flow, in plain units: percent, periods, USD millions) and
[`robust_table`][tradeshock.report.robust_table] repeats it under every baseline and window.
The command line only formats what these return; notebooks and scripts get the same numbers.

Example:
    >>> from tradeshock.report import report_table
    >>> table = report_table("Russia", events="crimea_annexation", flows=["total"])
    >>> table.loc[0, "event_id"], table.attrs["units"]
    ('crimea_annexation', 'USD millions')

"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ._freq import normalize_freq
from ._inputs import DEFAULT_HORIZON
from ._partners import close_matches, did_you_mean
from .errors import TradeshockError, ValidationError
from .resilience import BASELINES

if TYPE_CHECKING:
    from .events import Timeline

__all__ = [
    "DEFAULT_MIN_BASELINE",
    "FLOWS",
    "REPORT_COLUMNS",
    "report_table",
    "robust_table",
    "select_events",
]

#: flows a report can measure
FLOWS = ("exports", "imports", "total")
# Partner comparisons skip tiny baselines, whose -100 % says nothing: below USD 10 million a
# year (1 million a month) a row gets status "baseline too small" (min_baseline=0: keep all).
DEFAULT_MIN_BASELINE = {"Y": 10.0, "M": 1.0}
#: columns of [`report_table`][tradeshock.report.report_table], in order
REPORT_COLUMNS = (
    "event_id",
    "event",
    "date",
    "series",
    "depth_pct",
    "trough",
    "time_to_trough",
    "recovery",
    "time_to_recovery",
    "recovered",
    "cumulative_loss",
    "relative_loss_pct",
    "baseline",
    "units",
    "status",
)


def select_events(spec: str | Timeline, *, argument: str = "events") -> Timeline:
    """Resolve an event selection to a Timeline.

    ``spec`` is a [`Timeline`][tradeshock.Timeline] (returned as is), ``"article"`` (the events
    the source article names), ``"all"`` (the bundled U.S.-Russia timeline), ``"sanctions"``
    (the U.S. sanctions episodes against other partners) or event ids separated by commas.

    Raises:
        ValidationError: an unknown id (the message suggests close ones); ``argument`` names
            the option in the message.

    Example:
        >>> [e.id for e in select_events("crimea_annexation")]
        ['crimea_annexation']

    """
    from .events import Timeline, us_russia

    if isinstance(spec, Timeline):
        return spec
    if not isinstance(spec, str):
        raise ValidationError(f"{argument}={spec!r}: give 'article', 'all', 'sanctions' or ids")
    spec = spec.strip()
    if spec == "article":
        return us_russia(article=True)
    if spec == "sanctions":  # the U.S. sanctions episodes against other partners (issue 15)
        from .events import us_sanctions

        return us_sanctions()
    full = us_russia()
    if spec == "all":
        return full
    ids = [part.strip() for part in spec.split(",") if part.strip()]
    known = [event.id for event in full]
    unknown = [event_id for event_id in ids if event_id not in known]
    if not ids or unknown:
        hints: list[str] = []
        if unknown:
            hints = [k for k in known if unknown[0].lower() in k][:3]
            hints = hints or close_matches(unknown[0], known, n=3)
        hint = did_you_mean(hints) or "; list them with `tradeshock events`"
        raise ValidationError(
            f"{argument}: unknown event id {', '.join(unknown) or repr(spec)}{hint}"
        )
    return full.select(*ids)


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _period_text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def _as_int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _float_or_none(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _percent(fraction: Any) -> float | None:
    return None if _missing(fraction) else 100.0 * float(fraction)


def _check_horizon(horizon: int | str | None, freq: str) -> int | None:
    """Return the report's horizon in periods (``None``: to the end of the data)."""
    if horizon is None:
        return DEFAULT_HORIZON[freq]
    if horizon == "end":
        return None
    if not isinstance(horizon, int) or isinstance(horizon, bool) or horizon < 0:
        raise ValidationError(f"horizon={horizon!r}: use a whole number >= 0 or 'end'")
    return horizon


def _check_flows(flows: Sequence[str]) -> None:
    bad = [flow for flow in flows if flow not in FLOWS]
    if bad or not flows:
        raise ValidationError(f"flows={list(flows)!r}: use one or more of {', '.join(FLOWS)}")


def _measure(
    trade: pd.DataFrame,
    timeline: Timeline,
    flows: Sequence[str],
    options: dict[str, Any],
    *,
    freq: str,
    source: str,
) -> pd.DataFrame:
    """resilience_table of each flow, with the data its baseline needs (world, Brent, donors)."""
    from .resilience import resilience_table
    from .sources import load_oil_price, load_trade, load_trade_panel

    baseline = options["baseline"]
    kwargs = dict(options)
    if baseline == "regression":
        kwargs["covariates"] = load_oil_price("brent", freq=freq, source=source).to_frame("brent")
    # baseline="reference": each flow against U.S. trade with the world, same flow
    world = load_trade("World", freq=freq, source=source) if baseline == "reference" else None
    parts = []
    for flow in flows:
        if world is not None:
            kwargs["reference"] = world[flow]
        if baseline == "synthetic":  # donors: every partner's trade in the same flow
            kwargs["donors"] = load_trade_panel(flow=flow, freq=freq, source=source)
        parts.append(resilience_table(trade[[flow]], timeline, **kwargs))
    return pd.concat(parts, ignore_index=True)


def _report_rows(raw: pd.DataFrame, timeline: Timeline, baseline: str, units: str) -> pd.DataFrame:
    """One readable row per (event, flow): percent, period text, whole periods."""
    events_by_id = {event.id: event for event in timeline}
    rows = []
    for record in raw.to_dict("records"):
        event = events_by_id[record["event"]]  # resilience_table's "event" is the event's id
        rows.append(
            {
                "event_id": record["event"],
                "event": event.label,
                "date": str(event.start),
                "series": record["series"],
                "depth_pct": _percent(record["depth"]),
                "trough": _period_text(record["trough"]),
                "time_to_trough": _as_int(record["time_to_trough"]),
                "recovery": _period_text(record["recovery"]),
                "time_to_recovery": _as_int(record["time_to_recovery"]),
                "recovered": None if _missing(record["recovered"]) else bool(record["recovered"]),
                "cumulative_loss": _float_or_none(record["cumulative_loss"]),
                "relative_loss_pct": _percent(record["relative_loss"]),
                "baseline": baseline,
                "units": units,
                "status": str(record["status"]),
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    return table


def _in_order(frame: pd.DataFrame, timeline: Timeline, flows: Sequence[str]) -> pd.DataFrame:
    """Rows in the timeline's order, flows in the order asked; nullable integer columns."""
    order = {event.id: position for position, event in enumerate(timeline)}
    frame["_order"] = frame["event_id"].map(order)
    frame["_flow"] = frame["series"].map({flow: i for i, flow in enumerate(flows)})
    frame = frame.sort_values(["_order", "_flow"], kind="stable").drop(columns=["_order", "_flow"])
    frame = frame.reset_index(drop=True)
    result: pd.DataFrame = frame.astype(
        {"time_to_trough": "Int64", "time_to_recovery": "Int64", "recovered": "boolean"}
    )
    return result


def report_table(
    partner: str = "Russia",
    *,
    freq: str = "Y",
    flows: Sequence[str] = FLOWS,
    events: str | Timeline = "article",
    baseline: str = "pre_mean",
    window: int | None = None,
    horizon: int | str | None = None,
    source: str = "bundled",
    transform: str | None = None,
    min_baseline: float | None = None,
) -> pd.DataFrame:
    """Resilience of one partner's trade around a set of events, one row per (event, flow).

    The columns are ``REPORT_COLUMNS``: ``depth_pct`` is the depth in percent of the
    baseline, ``cumulative_loss`` is in the trade data's units (USD millions), times are in
    periods of ``freq``, and ``status`` says why a row has no metrics (an event outside the
    data, a window with gaps). ``baseline="reference"`` uses U.S. trade with the world (same
    flow) as the reference series; ``baseline="regression"`` adjusts for the Brent oil price;
    ``baseline="synthetic"`` builds a synthetic control from every partner's trade. ``horizon``
    defaults to 5 years (36 months) after each event; ``horizon="end"`` looks to the end of the
    data. ``transform`` (monthly data: ``"rolling12"``, ``"yoy"``, ``"sa"``) removes
    seasonality first. ``min_baseline`` (in the data's units; default ``DEFAULT_MIN_BASELINE``:
    USD 10 million a year, 1 million a month) marks rows on a smaller baseline "baseline too
    small". ``events`` is a Timeline or a selection (see
    [`select_events`][tradeshock.report.select_events]).

    Example:
        >>> table = report_table("Russia", events="crimea_annexation")
        >>> sorted(table["series"])
        ['exports', 'imports', 'total']

    """
    from .sources import load_trade

    freq = normalize_freq(freq)
    _check_flows(flows)
    if baseline not in BASELINES:
        raise ValidationError(f"baseline={baseline!r}: use one of {', '.join(BASELINES)}")
    span = _check_horizon(horizon, freq)
    timeline = select_events(events)
    trade = load_trade(partner, freq=freq, source=source)
    units = str(trade.attrs.get("units", "USD millions"))
    if min_baseline is None:
        min_baseline = DEFAULT_MIN_BASELINE[freq]
    options: dict[str, Any] = {
        "baseline": baseline,
        "window": window,
        "horizon": "end" if span is None else span,
        "transform": transform,
        "min_baseline": min_baseline or None,
    }
    raw = _measure(trade, timeline, flows, options, freq=freq, source=source)
    frame = _in_order(_report_rows(raw, timeline, baseline, units), timeline, flows)
    frame.attrs = {
        "partner": trade.attrs.get("partner", partner),  # the resolved name, not "4621"
        "freq": freq,
        "units": units,
        "source": trade.attrs.get("source"),
        "vintage": trade.attrs.get("vintage"),
        "upstream_url": trade.attrs.get("upstream_url"),
        "baseline": baseline,
        "horizon": span,
        "transform": transform,
        "min_baseline": min_baseline,
    }
    return frame


def robust_table(
    partner: str = "Russia",
    *,
    freq: str = "Y",
    flows: Sequence[str] = FLOWS,
    events: str | Timeline = "article",
    horizon: int | str | None = None,
    source: str = "bundled",
) -> pd.DataFrame:
    """Return every event and flow under every specification: the ``report --robust`` table.

    Each (event, flow) is measured with [`robustness`][tradeshock.robustness] against every
    baseline (``reference``: U.S. trade with the world; ``regression``: Brent;
    ``synthetic``: every partner's trade as donors) and its range of windows; the table has
    one row per specification, ``attrs["verdicts"]`` one line per (event, flow).

    Example:
        >>> table = robust_table(events="crimea_annexation", flows=["total"])
        >>> sorted(set(table["baseline"]))[:2]
        ['pre_last', 'pre_mean']

    """
    from .robust import robustness
    from .sources import load_oil_price, load_trade, load_trade_panel

    freq = normalize_freq(freq)
    span: int | Literal["end"] | None = "end" if horizon == "end" else None
    if isinstance(horizon, int):
        span = horizon
    elif horizon not in (None, "end"):
        raise ValidationError(f"horizon={horizon!r}: use a whole number >= 0 or 'end'")
    trade = load_trade(partner, freq=freq, source=source)
    world = load_trade("World", freq=freq, source=source)
    brent = load_oil_price("brent", freq=freq, source=source).rename("brent")
    parts, verdicts = [], []
    for flow in flows:
        donors = load_trade_panel(flow=flow, freq=freq, source=source)
        for event in select_events(events):
            try:
                check = robustness(
                    trade[flow],
                    event,
                    donors=donors,
                    reference=world[flow],
                    covariates=brent,
                    horizon=span,
                )
            except TradeshockError as exc:  # an event the data cannot measure: say why
                verdicts.append((event.id, flow, f"not computed: {exc}"))
                continue
            verdicts.append((event.id, flow, check.verdict))
            parts.append(check.frame.assign(event_id=event.id, series=flow))
    frame: pd.DataFrame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    frame.attrs = {"partner": partner, "freq": freq, "verdicts": verdicts}
    return frame

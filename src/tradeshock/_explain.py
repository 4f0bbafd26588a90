"""Plain-language text and HTML for the metric records (ShockResponse, MartinIndices).

The records call these functions from their ``__repr__``, ``summary()`` and ``_repr_html_``;
keeping the wording here leaves the metric modules about the metrics. Records are read by
attribute only (no import of the metric modules: this module sits below them), and fields a
record does not have yet (``dropped``, ``status``, ``confounded_by``, …) are optional.

Example:
    >>> import pandas as pd
    >>> import tradeshock as ts
    >>> y = pd.Series([100.0, 100, 100, 48, 60, 70, 80, 90],
    ...               index=pd.period_range("2011", periods=8, freq="Y"))
    >>> print(response_summary(ts.shock_response(y, "2014", horizon=3), "imports"))
    Imports fell 52.0 % below the 2011–2013 mean by 2014; not back within 3 years.

"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from . import _display

__all__ = [
    "martin_html",
    "martin_repr",
    "martin_summary",
    "placebo_html",
    "placebo_repr",
    "placebo_summary",
    "response_html",
    "response_repr",
    "response_summary",
]


def _unit(period: pd.Period) -> str:
    return "month" if str(period.freqstr).upper().startswith("M") else "year"


def _window_span(response: Any) -> str:
    window = int(response.options.window)
    first = response.shock_period - window
    return _display.span(first, response.shock_period - 1)


def baseline_text(response: Any) -> str:
    """Name the baseline a response was measured against, with its estimation window.

    Example:
        >>> import pandas as pd, tradeshock as ts
        >>> y = pd.Series([4.0, 4, 4, 2, 3, 4],
        ...               index=pd.period_range("2000", periods=6, freq="Y"))
        >>> baseline_text(ts.shock_response(y, "2003", baseline="trend"))
        'the 2000–2002 trend'

    """
    method = str(response.baseline_method)
    span = _window_span(response)
    return {
        "pre_mean": f"the {span} mean",
        "pre_last": f"the {response.shock_period - 1} level",
        "trend": f"the {span} trend",
        "reference": f"the reference-scaled baseline ({span} share)",
        "regression": f"the regression baseline (fitted on {span})",
        "synthetic": f"the synthetic control (fitted on {span})",
    }.get(method, f"the {method} baseline ({span})")


def _dropped(response: Any) -> bool:
    dropped = getattr(response, "dropped", None)
    if dropped is not None:
        return bool(dropped)
    return (
        response.trough is not None
        and not _display.missing(response.depth)
        and (response.depth < 0)
    )


def _recovery_text(response: Any) -> str:
    unit = _unit(response.shock_period)
    if response.recovered and response.recovery is not None:
        after = _display.plural(int(response.time_to_recovery), unit)
        return f"back at the baseline in {response.recovery}, {after} after the shock"
    horizon = response.options.horizon
    if horizon is None:
        return "not back by the end of the data"
    return f"not back within {_display.plural(int(horizon), unit)}"


def response_summary(response: Any, subject: str | None = None) -> str:
    """Say in one line of plain language how far, by when, and whether it came back.

    ``subject`` names the series (default: ``"the series"``).
    """
    who = subject or "the series"
    who = who[:1].upper() + who[1:]  # a sentence of its own
    baseline = baseline_text(response)
    if not _dropped(response):
        text = f"{who} did not fall below {baseline} (lowest gap "
        text += f"{_display.pct(response.depth, signed=True)})"
    else:
        text = f"{who} fell {_display.pct(-response.depth)} below {baseline} by {response.trough}"
        text += f"; {_recovery_text(response)}"
    others = tuple(getattr(response, "confounded_by", ()) or ())
    if others:
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        text += f"; other events in the span: {others[0]}{more}"
    return text + "."


def response_repr(response: Any) -> str:
    """Return a short, rounded repr: shock, baseline, depth, trough, recovery, loss."""
    if _dropped(response):
        unit = _unit(response.shock_period)[0]
        back = (
            f"recovered {response.recovery} (+{response.time_to_recovery}{unit})"
            if response.recovered
            else "not recovered"
        )
        what = f"depth {_display.pct(response.depth)} at {response.trough}, {back}"
    else:
        what = f"no drop (lowest gap {_display.pct(response.depth, signed=True)})"
    return (
        f"ShockResponse({response.shock_period}, {response.baseline_method}: {what}, "
        f"loss {_display.number(response.cumulative_loss)})"
    )


def response_html(response: Any, subject: str | None = None) -> str:
    """Return the response as a card: the summary sentence and a table of rounded fields."""
    unit = _unit(response.shock_period)
    esc = _display.escape

    def after(periods: int | None) -> str:
        if periods is None:
            return ""
        if periods == 0:
            return " (the shock period)"
        return f" ({_display.plural(periods, unit)} after)"

    rows: list[tuple[str, str]] = [
        ("shock period", esc(response.shock_period)),
        ("baseline", esc(f"{baseline_text(response)}: {_display.number(response.baseline_value)}")),
        ("depth", esc(_display.pct(response.depth))),
        ("trough", esc(f"{_display.period(response.trough)}{after(response.time_to_trough)}")),
        (
            "recovery",
            esc(
                f"{_display.period(response.recovery)}{after(response.time_to_recovery)}"
                if response.recovered
                else _recovery_text(response)
            ),
        ),
        (
            "cumulative loss",
            esc(
                f"{_display.number(response.cumulative_loss)} "
                f"({_display.pct(response.relative_loss)} of the baseline)"
            ),
        ),
        (
            "half-life",
            esc(
                "—"
                if response.half_life is None
                else _display.plural(int(response.half_life), unit)
            ),
        ),
    ]
    status = getattr(response, "status", "ok")
    if status and status != "ok":
        rows.append(("status", esc(status)))
    options = getattr(response, "options", None)
    if options is not None:
        rows.append(("options", esc(options.summary())))
    title = f"Shock response at {response.shock_period}"
    return _display.card(title, response_summary(response, subject), rows)


# ------------------------------------------------------------------------------ Martin indices


def _compared(index: float, worse: str, better: str) -> str:
    if _display.missing(index) or math.isinf(index):
        return "not comparable (the reference did not move)"
    if index == 0:
        return "the same as the reference"
    return better if index > 0 else worse


def martin_summary(indices: Any) -> str:
    """Say in one line whether the series fell less than the reference and came back faster."""
    if indices.trough is None or _display.missing(indices.series_drop):
        return f"No drop after {indices.shock_period}, so no resistance or recoverability."
    fell = _compared(indices.resistance, "fell more than", "fell less than")
    text = (
        f"From {indices.shock_period - 1} to the trough in {indices.trough} the series {fell} "
        f"the reference ({_display.pct(indices.series_drop, signed=True)} vs "
        f"{_display.pct(indices.reference_drop, signed=True)}; resistance "
        f"{_display.number(indices.resistance, 2)})"
    )
    if indices.end is None:
        return text + "; no later value to measure the rebound."
    came = _compared(indices.recoverability, "came back slower than", "came back faster than")
    until = "recovery" if indices.recovered else "last value"
    return (
        f"{text}; to its {until} in {indices.end} it {came} the reference "
        f"({_display.pct(indices.series_rebound, signed=True)} vs "
        f"{_display.pct(indices.reference_rebound, signed=True)}; recoverability "
        f"{_display.number(indices.recoverability, 2)})."
    )


def martin_repr(indices: Any) -> str:
    """Return a short, rounded repr."""
    return (
        f"MartinIndices({indices.shock_period}: resistance "
        f"{_display.number(indices.resistance, 2)}, recoverability "
        f"{_display.number(indices.recoverability, 2)}, trough {_display.period(indices.trough)}, "
        f"{'recovered' if indices.recovered else 'not recovered'})"
    )


def martin_html(indices: Any) -> str:
    """Return the indices as a card: the summary sentence and the four percentage changes."""
    pct = _display.pct
    rows = [
        ("resistance", _display.number(indices.resistance, 2)),
        ("recoverability", _display.number(indices.recoverability, 2)),
        (
            "series: drop / rebound",
            f"{pct(indices.series_drop, signed=True)} / {pct(indices.series_rebound, signed=True)}",
        ),
        (
            "reference: drop / rebound",
            f"{pct(indices.reference_drop, signed=True)} / "
            f"{pct(indices.reference_rebound, signed=True)}",
        ),
        ("trough", _display.period(indices.trough)),
        (
            "end",
            f"{_display.period(indices.end)} ({'recovery' if indices.recovered else 'censored'})",
        ),
    ]
    escaped = [(name, _display.escape(value)) for name, value in rows]
    return _display.card(
        f"Martin indices at {indices.shock_period}", martin_summary(indices), escaped
    )


# -------------------------------------------------------------------------------- placebo test


def placebo_summary(test: Any) -> str:
    """Say in one line how unusual the drop at the shock is among the placebo dates."""
    depth = _display.pct(test.depth)
    if not test.n_placebos:
        return f"Placebo test at {test.shock_period}: depth {depth}, no placebo date, no p-value."
    # placebo tests that leave out unfit dates (and say why, in ``excluded``) use clean dates
    noun = "clean placebo date" if hasattr(test, "excluded") else "placebo date"
    return (
        f"Placebo test at {test.shock_period}: depth {depth}, p = {_display.pvalue(test.pvalue)} "
        f"against {_display.plural(int(test.n_placebos), noun)}."
    )


def placebo_repr(test: Any) -> str:
    """Return a short, rounded repr (no Series dump)."""
    excluded = getattr(test, "excluded", None)
    left_out = "" if excluded is None else f", {len(excluded)} left out"
    return (
        f"PlaceboTest({test.shock_period}: p = {_display.pvalue(test.pvalue)}, depth "
        f"{_display.pct(test.depth)}, {test.n_placebos} placebo dates{left_out})"
    )


def placebo_html(test: Any) -> str:
    """Return the test as a card: the sentence, the placebo depths' range, what was left out."""
    depths = test.placebo_depths
    rows = [
        ("depth at the shock", _display.pct(test.depth)),
        ("placebo dates", str(test.n_placebos)),
    ]
    if len(depths):
        below = int((depths <= test.depth).sum())
        spread = f"{_display.pct(depths.min())} to {_display.pct(depths.max())}"
        rows.append(("placebo depths", f"{spread}; {below} as deep or deeper"))
    excluded = getattr(test, "excluded", None)
    if excluded is not None and len(excluded):
        counts = excluded["reason"].value_counts()
        rows.append(("left out", ", ".join(f"{n} {reason}" for reason, n in counts.items())))
    for name in ("window", "horizon"):
        if getattr(test, name, None) is not None:
            rows.append((name, str(getattr(test, name))))
    escaped = [(name, _display.escape(value)) for name, value in rows]
    # the record's own first summary line when it has one, so card and summary agree
    own = getattr(test, "summary", None)
    sentence = own().splitlines()[0] if callable(own) else placebo_summary(test)
    return _display.card(f"Placebo test at {test.shock_period}", sentence, escaped)

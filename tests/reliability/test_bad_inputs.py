"""Bad inputs to every public function end in a typed error that names the argument.

The functions are those of ``tradeshock.__all__``, ``tradeshock.events``,
``tradeshock.resilience`` and ``tradeshock.cycles``; the inputs are wrong types, unsorted or
duplicate indexes, mixed frequencies, zero/negative values where logs are taken, all-NaN and
too-short series, timezone-aware dates and unknown partners. A last test checks that every
public callable appears here, so a new function cannot slip past the suite.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock import cycles, events, resilience
from tradeshock.errors import TradeshockError

Y = ts.load_trade("Russia")["total"]  # bundled annual total trade, 1992 on
M = ts.load_trade("Russia", freq="M")["total"]
SHOCK = "2014-03"
TZ_DATE = pd.Timestamp("2014-03-18 12:00", tz="Europe/Moscow")


def _with(values: pd.Series, year: int, value: float) -> pd.Series:
    out = values.copy()
    out.loc[str(year)] = value
    return out


#: broken versions of a good annual series, by name
BAD_SERIES: dict[str, Callable[[], Any]] = {
    "list": lambda: Y.tolist(),
    "none": lambda: None,
    "frame_of_text": lambda: Y.astype(str),
    "unsorted": lambda: Y.iloc[::-1],
    "duplicate": lambda: pd.concat([Y.iloc[:5], Y.iloc[4:]]),
    "range_index": lambda: Y.reset_index(drop=True),
    "tz_aware_index": lambda: pd.Series(
        Y.to_numpy(), index=pd.date_range("1992", periods=len(Y), freq="YS", tz="UTC")
    ),
    "all_nan": lambda: Y * np.nan,
    "too_short": lambda: Y.loc["2012":"2013"],
}
#: values whose log is taken: zero or negative inside the estimation window (2011-2013)
LOG_SERIES: dict[str, Callable[[], pd.Series]] = {
    "zero": lambda: _with(Y, 2012, 0.0),
    "negative": lambda: _with(Y, 2012, -1.0),
}

#: public function → (call with the bad value, name of the argument the message must name)
SERIES_FUNCTIONS: dict[str, tuple[Callable[[Any], object], str]] = {
    "shock_response": (lambda s: ts.shock_response(s, SHOCK), "series"),
    "counterfactual": (lambda s: resilience.counterfactual(s, SHOCK), "series"),
    "martin_indices.series": (lambda s: ts.martin_indices(s, Y, SHOCK), "series"),
    "martin_indices.reference": (lambda s: ts.martin_indices(Y, s, SHOCK), "reference"),
    "placebo_pvalue": (lambda s: ts.placebo_pvalue(s, SHOCK), "series"),
    "robustness": (lambda s: ts.robustness(s, SHOCK), "series"),
    "transform_series": (lambda s: ts.transform_series(s), "series"),
    "turning_points": (lambda s: cycles.turning_points(s), "series"),
    "phases": (lambda s: cycles.phases(s), "series"),
    "concordance.x": (lambda s: cycles.concordance(s, Y), "x"),
    "concordance.y": (lambda s: cycles.concordance(Y, s), "y"),
    "explained_share.series": (lambda s: cycles.explained_share(s, Y), "series"),
    "explained_share.drivers": (lambda s: cycles.explained_share(Y, s), "drivers"),
}
#: where the structure is checked but values are judged per row (a status column, not an error)
STRUCTURE_ONLY = {
    "resilience_table": (lambda s: ts.resilience_table(s, ts.us_russia(article=True)), "data"),
    "placebo_table": (lambda s: ts.placebo_table(s, ts.us_russia(article=True)), "panel"),
}
#: functions whose valid outputs exist for these values (no log, no estimation window)
VALUE_OK = {
    ("turning_points", "all_nan"),
    ("turning_points", "too_short"),
    ("phases", "too_short"),
    ("concordance.x", "too_short"),
    ("concordance.y", "too_short"),
    ("transform_series", "all_nan"),
    ("transform_series", "too_short"),
}
#: known gaps, reported to the module owners: the message names the function, not the argument
NAMES_WRONG_ARGUMENT: dict[tuple[str, str], str] = {}  # all fixed
_STRUCTURE_CASES = (
    "list",
    "none",
    "frame_of_text",
    "unsorted",
    "duplicate",
    "range_index",
    "tz_aware_index",
)
_LOG_TAKERS = {
    "trend baseline": (lambda s: ts.shock_response(s, SHOCK, baseline="trend"), "series"),
    "martin reference": (lambda s: ts.martin_indices(Y, s, SHOCK), "reference"),
    "explained_share.series": (lambda s: cycles.explained_share(s, Y), "series"),
    "explained_share.drivers": (lambda s: cycles.explained_share(Y, s), "driver"),
}


def _series_cases() -> list[Any]:
    cases = []
    for fname, (call, argument) in SERIES_FUNCTIONS.items():
        for case in BAD_SERIES:
            if (fname, case) in VALUE_OK:
                continue
            marks = []
            if (fname, case) in NAMES_WRONG_ARGUMENT:
                marks.append(
                    pytest.mark.xfail(reason=NAMES_WRONG_ARGUMENT[fname, case], strict=True)
                )
            cases.append(pytest.param(call, argument, case, id=f"{fname}-{case}", marks=marks))
    for fname, (call, argument) in STRUCTURE_ONLY.items():
        cases += [
            pytest.param(call, argument, case, id=f"{fname}-{case}") for case in _STRUCTURE_CASES
        ]
    return cases


def _expect_typed(call: Callable[[], object], argument: str) -> TradeshockError:
    with pytest.raises(TradeshockError) as info:
        call()
    assert argument in str(info.value), str(info.value)
    return info.value


@pytest.mark.parametrize(("call", "argument", "case"), _series_cases())
def test_bad_series(call: Callable[[Any], object], argument: str, case: str) -> None:
    _expect_typed(lambda: call(BAD_SERIES[case]()), argument)


@pytest.mark.parametrize("case", sorted(LOG_SERIES))
@pytest.mark.parametrize("fname", sorted(_LOG_TAKERS))
def test_zero_or_negative_where_logs_are_taken(fname: str, case: str) -> None:
    call, argument = _LOG_TAKERS[fname]
    error = _expect_typed(lambda: call(LOG_SERIES[case]()), argument)
    assert "positive" in str(error)


# --- everything else: one line per bad call ---------------------------------------------------

COMPOSITION = ts.load_trade_composition("Russia")
PANEL = ts.load_trade_panel()
CASES: list[tuple[str, Callable[[], object], str]] = [
    # mixed frequencies
    ("martin_indices mixed freq", lambda: ts.martin_indices(Y, M, SHOCK), "reference"),
    (
        "regression covariates mixed freq",
        lambda: ts.shock_response(Y, SHOCK, baseline="regression", covariates=M),
        "covariates",
    ),
    ("concordance mixed freq", lambda: cycles.concordance(Y, M), "x"),
    ("explained_share mixed freq", lambda: cycles.explained_share(Y, M), "drivers"),
    (
        "resilience_table mixed freq reference",
        lambda: ts.resilience_table(
            Y, ts.us_russia(article=True), baseline="reference", reference=M
        ),
        "reference",
    ),
    # shock_response options
    ("shock not a date", lambda: ts.shock_response(Y, "not a date"), "shock"),
    ("shock None", lambda: ts.shock_response(Y, None), "shock"),
    ("shock outside series", lambda: ts.shock_response(Y, "1900"), "shock"),
    ("window 0", lambda: ts.shock_response(Y, SHOCK, window=0), "window"),
    ("window text", lambda: ts.shock_response(Y, SHOCK, window="3"), "window"),
    ("horizon negative", lambda: ts.shock_response(Y, SHOCK, horizon=-1), "horizon"),
    ("baseline unknown", lambda: ts.shock_response(Y, SHOCK, baseline="magic"), "baseline"),
    ("threshold negative", lambda: ts.shock_response(Y, SHOCK, threshold=-1), "threshold"),
    ("lag float", lambda: ts.shock_response(Y, SHOCK, lag=1.5), "lag"),
    ("reference missing", lambda: ts.shock_response(Y, SHOCK, baseline="reference"), "reference"),
    ("table timeline text", lambda: ts.resilience_table(Y, "crimea"), "crimea"),
    # loaders: unknown partners and bad options
    ("load_trade unknown name", lambda: ts.load_trade("Atlantis"), "partner"),
    ("load_trade unknown code", lambda: ts.load_trade(9999), "partner"),
    ("load_trade None", lambda: ts.load_trade(None), "partner"),  # type: ignore[arg-type]
    ("load_trade freq", lambda: ts.load_trade("Russia", freq="Q"), "freq"),
    ("load_trade source", lambda: ts.load_trade("Russia", source="nope"), "source"),
    ("load_trade start", lambda: ts.load_trade("Russia", start="yesterday"), "start"),
    ("load_trade end before start", lambda: ts.load_trade("Russia", start=2015, end=2010), "start"),
    ("load_trade_panel flow", lambda: ts.load_trade_panel(flow="both"), "flow"),
    ("load_trade_panel freq", lambda: ts.load_trade_panel(freq="D"), "freq"),
    ("partner_ranks year text", lambda: ts.partner_ranks("abc"), "year"),
    ("partner_ranks year uncovered", lambda: ts.partner_ranks(1800), "1800"),
    ("partner_ranks by", lambda: ts.partner_ranks(2020, by="gdp"), "by"),
    ("load_petroleum_imports origin", lambda: ts.load_petroleum_imports("Atlantis"), "origins"),
    ("load_petroleum_imports product", lambda: ts.load_petroleum_imports(product="gas"), "product"),
    ("load_petroleum_imports freq", lambda: ts.load_petroleum_imports(freq="D"), "freq"),
    ("load_oil_price benchmark", lambda: ts.load_oil_price("urals"), "benchmark"),
    ("load_oil_price freq", lambda: ts.load_oil_price(freq="W"), "freq"),
    ("load_oil_price source", lambda: ts.load_oil_price(source="opec"), "source"),
    ("load_treasury_holdings holder", lambda: ts.load_treasury_holdings("Atlantis"), "holder"),
    ("load_treasury_holdings term", lambda: ts.load_treasury_holdings(term="forever"), "term"),
    ("load_trade_composition partner", lambda: ts.load_trade_composition("Atlantis"), "partner"),
    (
        "load_trade_composition basis",
        lambda: ts.load_trade_composition("Russia", basis="sitc"),
        "basis",
    ),
    (
        "load_trade_composition flow",
        lambda: ts.load_trade_composition("Russia", flow="both"),
        "flow",
    ),
    ("commodity_groups basis", lambda: ts.commodity_groups("sitc"), "basis"),
    ("load_bilateral reporter", lambda: ts.load_bilateral("Atlantis", "China"), "reporter"),
    ("load_bilateral partner", lambda: ts.load_bilateral("Russia", 99999), "partner"),
    ("load_bilateral view", lambda: ts.load_bilateral("Russia", "China", view="x"), "view"),
    ("load_bilateral flow", lambda: ts.load_bilateral("Russia", "China", flow="both"), "flow"),
    ("load_bilateral freq", lambda: ts.load_bilateral("Russia", "China", freq="D"), "freq"),
    ("load_bilateral source", lambda: ts.load_bilateral("Russia", "China", source="x"), "source"),
    ("mirror_trade economy", lambda: ts.mirror_trade("Atlantis"), "economy"),
    ("mirror_trade partners", lambda: ts.mirror_trade("Russia", partners=[]), "partners"),
    ("group_shares composition type", lambda: ts.group_shares([1, 2]), "composition"),  # type: ignore[arg-type]
    ("group_shares groups type", lambda: ts.group_shares(COMPOSITION, groups=5), "groups"),  # type: ignore[arg-type]
    ("group_totals composition type", lambda: ts.group_totals([1]), "composition"),  # type: ignore[arg-type]
    ("group_totals groups type", lambda: ts.group_totals(COMPOSITION, groups=5), "groups"),  # type: ignore[arg-type]
    # events
    (
        "Event category",
        lambda: ts.Event(id="a", start="2014", label="x", category="party", direction="escalation"),
        "category",
    ),
    (
        "Event direction",
        lambda: ts.Event(id="a", start="2014", label="x", category="war", direction="sideways"),
        "direction",
    ),
    (
        "Event end before start",
        lambda: ts.Event(
            id="a", start="2014", end="2013", label="x", category="war", direction="escalation"
        ),
        "end",
    ),
    (
        "Event start text",
        lambda: ts.Event(id="a", start="soon", label="x", category="war", direction="escalation"),
        "start",
    ),
    ("PartialDate month 13", lambda: events.PartialDate(2014, 13), "month"),
    ("Timeline unknown id", lambda: ts.us_russia()["nope"], "nope"),
    ("Timeline.filter category", lambda: ts.us_russia().filter(category="party"), "category"),
    ("Timeline.between start", lambda: ts.us_russia().between("x", "y"), "start"),
    ("Timeline.relations_index freq", lambda: ts.us_russia().relations_index("Q"), "freq"),
    ("Timeline.from_csv type", lambda: ts.Timeline.from_csv(12), "path_or_buffer"),  # type: ignore[arg-type]
    ("Timeline.from_records missing", lambda: ts.Timeline.from_records([{"id": "a"}]), "start"),
    ("Timeline.from_frame type", lambda: ts.Timeline.from_frame("x"), "frame"),  # type: ignore[arg-type]
    ("Timeline + duplicate ids", lambda: ts.us_russia() + ts.us_russia(), "ussr_dissolution"),
    ("us_russia article", lambda: ts.us_russia(article="yes"), "article"),  # type: ignore[arg-type]
    ("check_claims source", lambda: ts.check_claims("comtrade"), "source"),
    ("load_trade_hs level", lambda: ts.load_trade_hs("Russia", level="HS3"), "level"),
    # event study (issue 15)
    (
        "event_study panel index",
        lambda: ts.event_study(pd.DataFrame({"Iran": [1.0, 2.0, 3.0]}), ts.us_sanctions()),
        "panel",
    ),
    ("event_study timeline text", lambda: ts.event_study(PANEL, "crimea"), "timeline"),  # type: ignore[arg-type]
    (
        "event_study partner",
        lambda: ts.event_study(PANEL, ts.us_sanctions(), partner="Atlantis"),
        "partner",
    ),
    ("event_study n_boot", lambda: ts.event_study(PANEL, ts.us_sanctions(), n_boot=0), "n_boot"),
    ("event_study level", lambda: ts.event_study(PANEL, ts.us_sanctions(), level=95), "level"),
    ("Timeline.for_partner unknown", lambda: ts.us_sanctions().for_partner("Atlantis"), "partner"),
    (
        "synthetic_control panel index",
        lambda: ts.synthetic_control(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), "a", "2014"),
        "panel",
    ),
]


@pytest.mark.parametrize(("call", "argument"), [pytest.param(c, a, id=i) for i, c, a in CASES])
def test_bad_argument(call: Callable[[], object], argument: str) -> None:
    _expect_typed(call, argument)


def test_timezone_aware_dates_mean_their_local_calendar_date() -> None:
    """A tz-aware scalar date is accepted: it names the period holding its local date."""
    aware = ts.shock_response(Y, TZ_DATE)
    naive = ts.shock_response(Y, "2014-03-18")
    assert aware == naive
    event = ts.Event(id="a", start=TZ_DATE, label="x", category="war", direction="escalation")
    assert str(event.start) == "2014-03-18"


def test_every_public_callable_is_exercised() -> None:
    """New public functions must be added to this suite (or to the list of non-inputs)."""
    names = {
        f"{m.__name__}.{n}"
        for m in (ts, events, resilience, cycles)
        for n in m.__all__
        if callable(getattr(m, n)) and not inspect.isclass(getattr(m, n))
    }
    covered = " ".join(
        [*SERIES_FUNCTIONS, *STRUCTURE_ONLY, *(i for i, _, _ in CASES), *_LOG_TAKERS]
    )
    # functions without inputs to get wrong, or data classes validated via their constructors
    no_inputs = {"catalog", "check_claims", "us_sanctions"}
    missing = sorted(
        n for n in names if n.split(".")[-1] not in covered and n.split(".")[-1] not in no_inputs
    )
    assert not missing, missing

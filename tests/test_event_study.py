"""event_study: known-answer paths, the mean and its bootstrap band, grouping, statuses, errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import tradeshock as ts
from tradeshock._partners import partner_table, resolve_partner
from tradeshock.errors import InsufficientDataError, UnknownPartnerError, ValidationError
from tradeshock.event_study import EventStudy, event_study
from tradeshock.events import Event, Timeline

YEARS = pd.period_range("2000", "2020", freq="Y", name="period")


def countries(n: int) -> list[tuple[str, str]]:
    """n (ISO alpha-3, panel label) pairs whose ISO code resolves back to that label."""
    table = partner_table()
    table = table[(table["kind"] == "country") & table["current"] & (table["iso3"] != "")]
    pairs = []
    for iso3, label in zip(table["iso3"], table["label"], strict=True):
        if iso3 != "USA" and resolve_partner(iso3).label == label:
            pairs.append((iso3, label))
    assert len(pairs) >= n
    return pairs[:n]


def event(
    i: int,
    iso3: str,
    start: str = "2010",
    direction: str = "escalation",
    category: str = "sanctions",
) -> Event:
    return Event(
        id=f"e{i:03d}",
        start=start,
        label=f"E{i}",
        category=category,
        direction=direction,
        actors=f"USA;{iso3}",
    )


def simulated(
    n: int, *, drop: float = 0.0, sd: float = 0.05, seed: int = 1, start: str = "2010"
) -> tuple[pd.DataFrame, Timeline]:
    """n partners around a level of 100 with lognormal noise; each falls by ``drop`` at 2010."""
    rng = np.random.default_rng(seed)
    pairs = countries(n)
    values = 100.0 * np.exp(rng.normal(0.0, sd, size=(len(YEARS), n)))
    values[pd.Period(start, freq="Y") <= YEARS] *= 1.0 + drop
    panel = pd.DataFrame(values, index=YEARS, columns=[label for _, label in pairs])
    timeline = Timeline([event(i, iso3, start) for i, (iso3, _) in enumerate(pairs)])
    return panel, timeline


# ---- known answers: paths = 100 x (y / b - 1) ------------------------------------------------


def expected_path(
    y: np.ndarray,
    s: int,
    window: int,
    horizon: int,
    baseline: str,
    reference: np.ndarray | None = None,
) -> np.ndarray:
    """Independent computation of one episode's path (module docs' definition)."""

    def fitted(origin: int, steps: np.ndarray) -> np.ndarray:
        win = y[origin - window : origin]
        if baseline == "pre_mean":
            return np.full(len(steps), win.mean())
        if baseline == "pre_last":
            return np.full(len(steps), win[-1])
        if baseline == "trend":
            slope, intercept = np.polyfit(np.arange(-window, 0), np.log(win), 1)
            return np.exp(intercept + slope * steps)
        assert reference is not None
        share = np.mean(win / reference[origin - window : origin])
        return reference[origin + steps] * share

    post = np.arange(horizon + 1)
    b_post = fitted(s, post)
    path = [100 * (y[s + k] / b_post[k] - 1) for k in post]
    pre = [100 * (y[s + k] / fitted(s + k, np.array([0]))[0] - 1) for k in range(-window, 0)]
    return np.array(pre + path)


@pytest.mark.parametrize("baseline", ["pre_mean", "pre_last", "trend", "reference"])
def test_paths_equal_the_gap_to_the_baseline(baseline: str) -> None:
    panel, timeline = simulated(4, drop=-0.2, sd=0.1)
    rng = np.random.default_rng(7)
    world = pd.Series(1000 * np.exp(rng.normal(0, 0.05, len(YEARS))), index=YEARS)
    extra = {"reference": world} if baseline == "reference" else {}
    study = event_study(panel, timeline, baseline=baseline, window=4, horizon=6, **extra)
    assert list(study.paths.index) == list(range(-4, 7))
    s = list(YEARS).index(pd.Period("2010", freq="Y"))
    for (iso3, label), ev in zip(countries(4), timeline, strict=True):
        assert ev.targets == (iso3,)
        column = f"{label}|{ev.id}"
        expected = expected_path(
            panel[label].to_numpy(), s, 4, 6, baseline, world.to_numpy() if extra else None
        )
        np.testing.assert_allclose(study.paths[column].to_numpy(), expected, rtol=1e-9)


def test_paths_on_real_data_for_several_episodes() -> None:
    panel = ts.load_trade_panel(flow="imports")
    timeline = ts.us_sanctions().select(
        "jcpoa_us_withdrawal_2018", "ven_eo13850_gold_2018", "chn_301_list1_2018"
    )
    study = event_study(panel, timeline, window=3, horizon=4)
    s = list(panel.index).index(pd.Period("2018", freq="Y"))
    for label in ("Iran", "Venezuela", "China"):
        (column,) = [c for c in study.paths.columns if c.startswith(f"{label}|")]
        y = panel[label].to_numpy()
        expected = expected_path(y, s, 3, 4, "pre_mean")
        expected[7:] = np.nan  # 2018 + 5 and later: beyond the data (2025 is the last year)
        got = study.paths[column].to_numpy()
        np.testing.assert_allclose(got[~np.isnan(expected)], expected[~np.isnan(expected)])
    # Russia, Crimea, with partner= (its actors are RUS and UKR): the Crimea depth
    crimea = event_study(
        ts.load_trade_panel(),
        ts.us_russia().select("crimea_annexation"),
        partner="Russia",
        horizon=5,
    )
    response = ts.shock_response(
        ts.load_trade("Russia")["total"], ts.us_russia()["crimea_annexation"], horizon=5
    )
    path = crimea.paths["Russia|crimea_annexation"]
    assert path.loc[0:].min() == pytest.approx(100 * response.depth)
    assert crimea.episodes.loc["Russia|crimea_annexation", "depth"] == response.depth


# ---- the mean and its band ----------------------------------------------------------------


def test_mean_is_the_across_episode_mean_at_each_k() -> None:
    panel, timeline = simulated(12, drop=-0.1, sd=0.2)
    # knock out a few values: the mean is over the episodes present at each k
    panel.iloc[12, 0] = np.nan
    panel.iloc[15, 3] = np.nan
    study = event_study(panel, timeline, horizon=8)
    values = study.paths.to_numpy()
    np.testing.assert_allclose(study.mean["escalation"], np.nanmean(values, axis=1))
    assert study.n["escalation"].tolist() == np.isfinite(values).sum(axis=1).tolist()
    assert study.n.loc[2, "escalation"] == 11  # 2012 is missing for the first partner


def test_band_contains_the_mean_and_narrows_with_more_episodes() -> None:
    few, few_tl = simulated(10, sd=0.2)
    many, many_tl = simulated(80, sd=0.2)
    small = event_study(few, few_tl, horizon=5)
    large = event_study(many, many_tl, horizon=5)
    for study in (small, large):
        assert (study.lower["escalation"] <= study.mean["escalation"]).all()
        assert (study.mean["escalation"] <= study.upper["escalation"]).all()
    width_small = (small.upper - small.lower)["escalation"]
    width_large = (large.upper - large.lower)["escalation"]
    assert (width_large < width_small).all()
    # about 1/sqrt(8) as wide; loose bounds for bootstrap noise
    assert 0.2 < (width_large / width_small).mean() < 0.6


def test_seeded_reruns_are_identical() -> None:
    panel, timeline = simulated(15, sd=0.2)
    first = event_study(panel, timeline, seed=3, n_boot=200)
    second = event_study(panel, timeline, seed=3, n_boot=200)
    pd.testing.assert_frame_equal(first.lower, second.lower)
    pd.testing.assert_frame_equal(first.upper, second.upper)
    other = event_study(panel, timeline, seed=4, n_boot=200)
    assert not other.lower.equals(first.lower)
    pd.testing.assert_frame_equal(first.mean, other.mean)  # the mean does not depend on it


def test_band_level_and_coverage_of_an_injected_common_shock() -> None:
    panel, timeline = simulated(60, drop=-0.30, sd=0.05, seed=11)
    study = event_study(panel, timeline, horizon=5)
    after = study.mean.loc[0:, "escalation"]
    assert (
        (study.lower.loc[0:, "escalation"] <= -30) & (study.upper.loc[0:, "escalation"] >= -30)
    ).all()
    assert after.between(-32, -28).all()
    before = study.mean.loc[:-1, "escalation"]
    assert before.abs().max() < 3  # no pre-trend before the event
    narrow = event_study(panel, timeline, horizon=5, level=0.5)
    assert ((narrow.upper - narrow.lower) < (study.upper - study.lower)).all().all()


def test_reference_baseline_takes_out_a_common_shock() -> None:
    panel, timeline = simulated(30, sd=0.03, seed=5)
    world = pd.Series(1000.0, index=YEARS)
    crash = pd.Period("2010", freq="Y") <= YEARS
    panel.loc[crash] *= 0.7  # every partner and the world fall by 30 %
    world[crash] *= 0.7
    plain = event_study(panel, timeline, horizon=4)
    adjusted = event_study(panel, timeline, horizon=4, baseline="reference", reference=world)
    assert plain.mean.loc[0:, "escalation"].between(-32, -28).all()
    assert adjusted.mean.loc[0:, "escalation"].abs().max() < 2


# ---- grouping, statuses, errors -----------------------------------------------------------


def test_escalation_and_easing_are_not_averaged_together_by_default() -> None:
    panel, _ = simulated(6, sd=0.05)
    pairs = countries(6)
    timeline = Timeline(
        [
            event(
                i,
                iso3,
                direction="escalation" if i < 3 else "de-escalation",
                category="sanctions" if i % 2 else "trade_policy",
            )
            for i, (iso3, _) in enumerate(pairs)
        ]
    )
    study = event_study(panel, timeline, horizon=3)
    assert study.groups == ("escalation", "de-escalation")
    assert study.n.loc[0].tolist() == [3, 3]
    escalation = [
        c for c in study.paths.columns if study.episodes.loc[c, "direction"] == "escalation"
    ]
    np.testing.assert_allclose(study.mean["escalation"], study.paths[escalation].mean(axis=1))
    pooled = event_study(panel, timeline, horizon=3, by=None)
    assert pooled.groups == ("all",)
    np.testing.assert_allclose(pooled.mean["all"], study.paths.mean(axis=1))
    both = event_study(panel, timeline, horizon=3, by=("direction", "category"))
    assert set(both.groups) == {
        "escalation, trade_policy",
        "escalation, sanctions",
        "de-escalation, sanctions",
        "de-escalation, trade_policy",
    }
    assert event_study(panel, timeline, horizon=3, by="category").groups == (
        "trade_policy",
        "sanctions",
    )


def test_unusable_episodes_get_status_rows() -> None:
    panel, _ = simulated(3, sd=0.05)
    (iso_a, label_a), (iso_b, label_b), (iso_c, _) = countries(3)
    panel = panel.drop(columns=panel.columns[2])  # the third partner is not in the panel
    timeline = Timeline(
        [
            event(0, iso_a),
            event(1, f"{iso_b};{iso_c}"),  # two targets: one episode each
            event(2, iso_a, start="2001"),  # window before the data
            event(3, iso_a, start="2030"),  # after the data
            Event(
                id="us_only",
                start="2010",
                label="U",
                category="trade_policy",
                direction="escalation",
                actors="USA",
            ),
            Event(
                id="unknown",
                start="2010",
                label="X",
                category="war",
                direction="escalation",
                actors="USA;XKX",
            ),
        ]
    )
    study = event_study(panel, timeline, horizon=2)
    status = study.episodes["status"]
    # measured episodes keep their warnings (issue 17): the U.S.-only event of 2010 has no
    # target, so it may concern every partner and falls inside both spans
    assert status[f"{label_a}|e000"].endswith("confounded by us_only")
    assert status[f"{label_b}|e001"].endswith("confounded by us_only")
    third = resolve_partner(iso_c).label
    assert status[f"{third}|e001"] == "target not in panel"
    assert status[f"{label_a}|e002"] == "window starts before data"
    assert status[f"{label_a}|e003"] == "shock outside data"
    assert status["(none)|us_only"] == "no target (U.S. only)"
    assert status["XKX|unknown"] == "target not in panel"
    assert list(study.paths.columns) == [f"{label_a}|e000", f"{label_b}|e001"]
    assert (
        study.episodes.loc[f"{label_a}|e002", "depth"]
        != study.episodes.loc[f"{label_a}|e002", "depth"]
    )  # NaN
    assert list(study.episodes.columns[:8]) == [
        "partner",
        "target",
        "event",
        "label",
        "date",
        "direction",
        "category",
        "group",
    ]
    for column in ts.resilience_table(panel, []).columns:
        assert column in study.episodes.columns


def test_zero_usable_episodes_says_why_each_was_dropped() -> None:
    panel, _ = simulated(2, sd=0.05)
    (iso_a, label_a), _ = countries(2)
    timeline = Timeline(
        [
            event(0, iso_a, start="2001"),
            Event(
                id="x",
                start="2010",
                label="X",
                category="war",
                direction="escalation",
                actors="USA;XKX",
            ),
        ]
    )
    with pytest.raises(InsufficientDataError) as info:
        event_study(panel, timeline)
    message = str(info.value)
    assert f"{label_a}|e000: window starts before data" in message
    assert "XKX|x: target not in panel" in message


def test_explicit_partner_maps_every_event_to_it() -> None:
    panel = ts.load_trade_panel()
    timeline = ts.us_russia().select("crimea_annexation", "swift_removal_announced_2022")
    study = event_study(panel, timeline, partner="RUS", horizon=2)
    assert list(study.paths.columns) == [
        "Russia|crimea_annexation",
        "Russia|swift_removal_announced_2022",
    ]
    assert study.partner == "Russia"
    without = event_study(panel, timeline, horizon=2)  # targets: RUS, UKR and the G7
    assert "Ukraine|crimea_annexation" in without.paths.columns
    assert "Germany|swift_removal_announced_2022" in without.paths.columns
    with pytest.raises(UnknownPartnerError, match="did you mean"):
        event_study(panel, timeline, partner="Rusia")
    with pytest.raises(UnknownPartnerError, match="not a column of panel"):
        event_study(panel[["Canada"]], timeline, partner="Russia")


def test_monthly_panel_works() -> None:
    panel = ts.load_trade_panel(flow="imports", freq="M")
    year_only = Event(
        id="year_only",
        start="2014",
        label="Y",
        category="war",
        direction="escalation",
        actors="USA;RUS",
    )
    timeline = ts.us_russia().select("crimea_annexation", "full_scale_invasion_ukraine")
    timeline = timeline + Timeline([year_only])
    study = event_study(panel, timeline, partner="Russia")
    assert study.freq == "M"
    assert study.paths.index[0] == -12
    assert study.paths.index[-1] == 36
    s = list(panel.index).index(pd.Period("2022-02", freq="M"))
    y = panel["Russia"].to_numpy()
    expected = expected_path(y, s, 12, 36, "pre_mean")
    np.testing.assert_allclose(study.paths["Russia|full_scale_invasion_ukraine"], expected)
    assert study.episodes.loc["Russia|year_only", "status"] == "event date coarser than the data"


def test_rank_known_answer() -> None:
    panel, timeline = simulated(5, sd=0.0)
    # deepen each partner's drop by a different amount: depths -10 %, -20 %, … -50 %
    for i, column in enumerate(panel.columns):
        panel.loc[panel.index >= pd.Period("2010", freq="Y"), column] *= 0.9 - 0.1 * i
    panel.loc[panel.index >= pd.Period("2013", freq="Y"), panel.columns[0]] = 100.0  # recovers
    study = event_study(panel, timeline, horizon=5)
    deepest = study.rank(f"{panel.columns[4]}|e004")
    assert deepest["n_others"] == 4
    assert deepest["depth"] == pytest.approx(-0.5)
    assert deepest["depth_percentile"] == 0.0  # nobody fell deeper
    assert study.rank("e000")["depth_percentile"] == 100.0  # event id naming one episode
    assert study.rank("e000")["recovery_percentile"] == 100.0  # only it recovered
    assert deepest["recovery_percentile"] == pytest.approx(100 * 1.5 / 4)  # ties count half
    with pytest.raises(ValidationError, match="not a usable episode"):
        study.rank("nope")


def test_rank_on_real_data_and_display() -> None:
    panel = ts.load_trade_panel(flow="imports")
    study = event_study(
        panel, ts.us_sanctions() + ts.us_russia().select("crimea_annexation"), horizon=3
    )
    rank = study.rank("Russia|crimea_annexation")
    assert rank["group"] == "escalation"
    assert 0 <= rank["depth_percentile"] <= 100
    with pytest.raises(ValidationError, match="several episodes"):
        study.rank("crimea_annexation")  # Russia and Ukraine
    with pytest.raises(ValidationError, match="not usable"):
        study.rank("Cuba|helms_burton_act_1996")
    text = repr(study)
    assert text.startswith("EventStudy(")
    assert len(text) < 200
    summary = study.summary()
    assert "escalation (" in summary
    assert "% below the baseline" in summary
    assert "bootstrap band" in summary
    assert "<table" in study._repr_html_()
    assert isinstance(study, EventStudy)


def test_done_when_offline_on_the_bundled_data() -> None:
    study = ts.event_study(ts.load_trade_panel(flow="imports"), ts.us_sanctions())
    assert study.paths.shape[1] >= 50
    assert {"escalation", "de-escalation"} <= set(study.groups)
    assert study.flow == "imports"
    assert math.isfinite(study.mean.loc[1, "escalation"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_boot": 0}, "n_boot must be an integer >= 1"),
        ({"seed": -1}, "seed must be"),
        ({"level": 1.5}, "level must be"),
        ({"level": True}, "level must be"),
        ({"window": 0}, "window must be"),
        ({"horizon": -1}, "horizon must be"),
        ({"by": "label"}, "by='label'"),
        ({"baseline": "magic"}, "baseline='magic' is unknown"),
        ({"baseline": "reference"}, "needs reference="),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    panel, timeline = simulated(2)
    with pytest.raises(ValidationError, match=message):
        event_study(panel, timeline, **kwargs)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    panel, timeline = simulated(2)
    with pytest.raises(ValidationError, match="panel must be a pandas DataFrame"):
        event_study(panel.iloc[:, 0], timeline)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="PeriodIndex"):
        event_study(panel.reset_index(drop=True), timeline)
    with pytest.raises(ValidationError, match="timeline must be"):
        event_study(panel, ["2010"])  # type: ignore[list-item]
    with pytest.raises(InsufficientDataError, match="no events"):
        event_study(panel, Timeline())
    assert event_study(panel, list(timeline)).paths.equals(event_study(panel, timeline).paths)

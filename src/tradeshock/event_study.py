"""Many shocks, many partners: a stacked event study of trade around political events.

[`event_study`][tradeshock.event_study] aligns episodes (one partner, one event) at event time
k = 0, the period containing the event, and measures each episode's path as the percentage gap
to its own counterfactual baseline, 100 × (y_{s+k} / b_{s+k} − 1):

* for k = 0 … horizon, b is the baseline [`shock_response`][tradeshock.shock_response] uses,
  fitted on the ``window`` periods before the event and read from
  [`counterfactual`][tradeshock.resilience.counterfactual];
* for k = −window … −1 (before the event), b_{s+k} is the same baseline fitted on the
  ``window`` periods before s+k: the gap [`shock_response`][tradeshock.shock_response] would
  report at impact had the event come |k| periods earlier. Pre-event values near 0 say there
  was no anticipation or pre-trend; at k = 0 both definitions coincide.

The average path is the mean over the episodes present at each k, with a percentile bootstrap
band that resamples whole episodes. Escalations and easings are never averaged together by
default (``by="direction"``). Every metric comes from the library's public functions
([`resilience_table`][tradeshock.resilience_table] for the per-episode table and the pre-event
gaps, [`counterfactual`][tradeshock.resilience.counterfactual] for the post-event baseline), so
any baseline they know works here too.

This is descriptive evidence: the average path of trade after events that were not randomly
assigned, not a causal effect.

Example:
    >>> import tradeshock as ts
    >>> study = ts.event_study(ts.load_trade_panel(flow="imports"),
    ...                        ts.us_sanctions().for_partner("Iran"), horizon=3)
    >>> study.groups
    ('escalation', 'de-escalation')
    >>> int(study.n.loc[0, "escalation"])
    8

"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ._checks import check_period_index
from .baselines import Baseline, BaselineInputs, resolve_baseline
from .errors import InsufficientDataError, UnknownPartnerError, ValidationError
from .events import Event, Timeline, _resolve_target
from .resilience import counterfactual, resilience_table

__all__ = ["GROUP_FIELDS", "EventStudy", "event_study"]

GROUP_FIELDS = ("direction", "category")
"""Event fields episodes can be grouped by (``by=``)."""

_DEFAULT_HORIZON = {"Y": 5, "M": 36}

# statuses of episodes that never reach the metrics (the others are resilience_table's)
NOT_IN_PANEL = "target not in panel"
NO_TARGET = "no target (U.S. only)"
OK = "ok"


@attrs.frozen(eq=False, repr=False)
class EventStudy:
    """The result of [`event_study`][tradeshock.event_study]: stacked episode paths and their mean.

    Attributes:
        paths: % gap to each episode's baseline; index ``k`` (event time, −window … horizon),
            one column per usable episode named ``"Partner|event_id"``.
        mean: average path per group (columns = ``groups``) over the episodes present at each k.
        lower: lower bound of the bootstrap band of ``mean`` (same shape).
        upper: upper bound of the band.
        n: number of episodes present at each k, per group.
        episodes: one row per episode, usable or not (index ``"Partner|event_id"``): partner,
            target (ISO alpha-3), date, direction, category, group, then
            [`resilience_table`][tradeshock.resilience_table]'s columns (``status`` says why an
            episode is not used; depth etc. are fractions, as there).
        baseline: the counterfactual baseline's name.
        window: length of the estimation window (periods).
        horizon: last event time after the event (periods).
        freq: ``"Y"`` or ``"M"``.
        by: the event fields episodes are grouped by (empty: one group, ``"all"``).
        level: coverage of the band (e.g. 0.95).
        n_boot: bootstrap replications.
        seed: seed of the bootstrap (same seed, same band).
        partner: the partner every event was mapped to, or None (each event's targets).
        units: what the paths measure.
        flow: the panel's flow (``panel.attrs["flow"]``), or None.
        timeline: the events studied.

    Example:
        >>> import tradeshock as ts
        >>> study = ts.event_study(ts.load_trade_panel(), ts.us_russia().select(
        ...     "crimea_annexation", "full_scale_invasion_ukraine"), partner="Russia")
        >>> list(study.paths.columns)
        ['Russia|crimea_annexation', 'Russia|full_scale_invasion_ukraine']

    """

    paths: pd.DataFrame
    mean: pd.DataFrame
    lower: pd.DataFrame
    upper: pd.DataFrame
    n: pd.DataFrame
    episodes: pd.DataFrame
    baseline: str
    window: int
    horizon: int
    freq: str
    by: tuple[str, ...]
    level: float
    n_boot: int
    seed: int
    partner: str | None
    units: str
    flow: str | None
    timeline: Timeline

    @property
    def groups(self) -> tuple[str, ...]:
        """The group labels (columns of ``mean``), in the order their first episode appears.

        Example:
            >>> import tradeshock as ts
            >>> ts.event_study(ts.load_trade_panel(), ts.us_russia().select(
            ...     "crimea_annexation"), partner="Russia").groups
            ('escalation',)

        """
        return tuple(str(c) for c in self.mean.columns)

    @property
    def median(self) -> pd.DataFrame:
        """Median path per group over the episodes present at each k (no band).

        A robustness check on ``mean``: a % gap is bounded below by −100 but not above, so an
        easing from a near-zero base can dominate the mean.

        Example:
            >>> import tradeshock as ts
            >>> study = ts.event_study(ts.load_trade_panel(), ts.us_russia().select(
            ...     "crimea_annexation"), partner="Russia", horizon=1)
            >>> bool((study.median == study.mean).all().all())  # one episode: the same
            True

        """
        groups = self.episodes.loc[self.paths.columns, "group"].to_numpy()
        medians = {g: self.paths.loc[:, groups == g].median(axis=1) for g in self.groups}
        result: pd.DataFrame = pd.DataFrame(medians, index=self.paths.index)
        result.columns.name = "group"
        return result

    def rank(self, episode: str) -> pd.Series:
        """Where one episode's depth and recovery fall among the other episodes of its group.

        ``episode`` is a column of ``paths`` (``"Russia|crimea_annexation"``) or an event id
        that names exactly one usable episode. Both percentiles read "higher = more resilient":
        ``depth_percentile`` is the % of the other episodes with a deeper drop, and
        ``recovery_percentile`` the % that recovered more slowly (not recovering within the
        horizon counts as slowest); ties count half. NaN when the group has no other episode.

        Example:
            >>> import tradeshock as ts
            >>> study = ts.event_study(ts.load_trade_panel(), ts.us_sanctions(), horizon=3)
            >>> r = study.rank("Iran|jcpoa_us_withdrawal_2018")
            >>> r["group"], 0 <= r["depth_percentile"] <= 100
            ('escalation', True)

        """
        name = self._episode_name(episode)
        table = self.episodes[self.episodes["depth"].notna()]  # the measured episodes
        row = table.loc[name]
        others = table[(table["group"] == row["group"]) & (table.index != name)]
        recovery = _recovery_time(table)
        result: pd.Series = pd.Series(
            {
                "episode": name,
                "group": row["group"],
                "n_others": len(others),
                "depth": row["depth"],
                "depth_percentile": _share_worse(
                    row["depth"], others["depth"], lower_is_worse=True
                ),
                "time_to_recovery": row["time_to_recovery"],
                "recovery_percentile": _share_worse(
                    recovery[name], recovery[others.index], lower_is_worse=False
                ),
            },
            name=name,
        )
        return result

    def _episode_name(self, episode: str) -> str:
        if not isinstance(episode, str):
            raise ValidationError(f"episode={episode!r} must be text ('Partner|event_id')")
        usable = list(self.paths.columns)
        if episode in usable:
            return episode
        matches = [c for c in usable if c.split("|", 1)[1] == episode]
        if len(matches) == 1:
            return matches[0]
        if episode in self.episodes.index:
            status = self.episodes.loc[episode, "status"]
            raise ValidationError(f"episode {episode!r} was not usable: {status!s}")
        hint = (
            f"; it names several episodes: {', '.join(matches)}"
            if matches
            else f"; usable episodes: {', '.join(usable[:5])}{' …' if len(usable) > 5 else ''}"
        )
        raise ValidationError(f"episode={episode!r} is not a usable episode{hint}")

    # ---- display ----------------------------------------------------------------------------

    def _headline(self, group: str) -> str:
        """One plain-language sentence about one group's average path after the event."""
        after = self.mean.loc[self.mean.index >= 0, group].dropna()
        n_group = int(self.n[group].max())
        episodes = f"{n_group} episode{'' if n_group == 1 else 's'}"
        if after.empty:
            return f"{group} ({episodes}): no episode has data after the event."
        subject = {
            "imports": "U.S. imports from the target were",
            "exports": "U.S. exports to the target were",
        }.get(str(self.flow), "U.S. trade with the target was")
        unit = "year" if self.freq == "Y" else "month"

        def at(k: int) -> str:
            gap = float(after[k])
            side = "below" if gap < 0 else "above"
            low = float(self.lower[group].to_numpy()[self.lower.index.get_loc(k)])
            high = float(self.upper[group].to_numpy()[self.upper.index.get_loc(k)])
            count = int(self.n[group].to_numpy()[self.n.index.get_loc(k)])
            return (
                f"{abs(gap):.1f}% {side} the baseline (band {low:+.1f}% to {high:+.1f}%, "
                f"{count} episode{'' if count == 1 else 's'})"
            )

        first, last = int(after.index[0]), int(after.index[-1])
        text = f"{group} ({episodes}): {subject} on average {at(first)}"
        text += f" in the event's {unit}" if first == 0 else f" {first} {unit}s after the event"
        if last != first:
            text += f", and {at(last)} {last} {unit}{'' if last == 1 else 's'} after it"
        return text + "."

    def summary(self) -> str:
        """Describe the study: a plain-language line per group, then the paths rounded to 0.1 %.

        Example:
            >>> import tradeshock as ts
            >>> study = ts.event_study(ts.load_trade_panel(), ts.us_russia().select(
            ...     "crimea_annexation"), partner="Russia", horizon=2)
            >>> print(study.summary().splitlines()[0])  # doctest: +ELLIPSIS
            Event study: 1 of 1 episodes usable; baseline pre_mean, window 3, annual data.

        """
        usable = len(self.paths.columns)
        lines = [
            f"Event study: {usable} of {len(self.episodes)} episodes usable; baseline "
            f"{self.baseline}, window {self.window}, {'annual' if self.freq == 'Y' else 'monthly'}"
            " data.",
            *(self._headline(group) for group in self.groups),
            "",
            f"Average % gap to the baseline by event time k ({self.level:.0%} bootstrap band):",
            self.path_table().to_string(),
        ]
        return "\n".join(lines)

    def path_table(self) -> pd.DataFrame:
        """mean, lower, upper (rounded to 0.1 %) and n per group, one row per event time k.

        Example:
            >>> import tradeshock as ts
            >>> study = ts.event_study(ts.load_trade_panel(), ts.us_russia().select(
            ...     "crimea_annexation"), partner="Russia", horizon=1)
            >>> list(study.path_table().columns)  # doctest: +NORMALIZE_WHITESPACE
            [('escalation', 'mean'), ('escalation', 'lower'), ('escalation', 'upper'),
             ('escalation', 'n')]

        """
        parts = {}
        for group in self.groups:
            parts[(group, "mean")] = self.mean[group].round(1)
            parts[(group, "lower")] = self.lower[group].round(1)
            parts[(group, "upper")] = self.upper[group].round(1)
            parts[(group, "n")] = self.n[group]
        table: pd.DataFrame = pd.DataFrame(parts)
        table.index.name = "k"
        return table

    def __repr__(self) -> str:
        span = f"k {self.paths.index[0]}…{self.paths.index[-1]}"
        return (
            f"EventStudy({len(self.paths.columns)} of {len(self.episodes)} episodes usable, "
            f"groups {', '.join(self.groups)}; baseline {self.baseline}, {span}, "
            f"{'annual' if self.freq == 'Y' else 'monthly'})"
        )

    def _repr_html_(self) -> str:
        headlines = "".join(f"<p>{self._headline(group)}</p>" for group in self.groups)
        return f"<p><b>{self!r}</b></p>{headlines}{self.path_table().to_html(na_rep='')}"


def _recovery_time(table: pd.DataFrame) -> pd.Series:
    """Periods to recovery, +inf when not recovered within the horizon."""
    times = table["time_to_recovery"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.inf)
    result: pd.Series = pd.Series(times, index=table.index)
    return result


def _share_worse(value: float, others: pd.Series, *, lower_is_worse: bool) -> float:
    """% of ``others`` doing worse than ``value`` (ties count half); NaN for no others."""
    if len(others) == 0:
        return math.nan
    values = others.to_numpy(dtype=np.float64)
    worse = values < value if lower_is_worse else values > value
    ties = values == value
    return float(100.0 * (worse.sum() + 0.5 * ties.sum()) / len(values))


# ---- argument checks ------------------------------------------------------------------------


def _whole(value: object, argument: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < minimum:
        raise ValidationError(f"{argument} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _by_fields(by: str | Sequence[str] | None) -> tuple[str, ...]:
    fields = () if by is None else (by,) if isinstance(by, str) else tuple(by)
    bad = [f for f in fields if f not in GROUP_FIELDS]
    if bad or len(set(fields)) != len(fields):
        raise ValidationError(f"by={by!r}: use None, 'direction', 'category' or both (as a tuple)")
    return fields


def _as_timeline(timeline: object) -> Timeline:
    if isinstance(timeline, Timeline):
        return timeline
    if isinstance(timeline, Event):
        return Timeline([timeline])
    if isinstance(timeline, Iterable) and not isinstance(timeline, (str, bytes)):
        items = list(timeline)
        if all(isinstance(item, Event) for item in items):
            return Timeline(items)
    raise ValidationError(
        f"timeline must be a Timeline or a sequence of Event objects, got {type(timeline).__name__}"
    )


def _level(level: object) -> float:
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < float(level) < 1:
        raise ValidationError(f"level must be a number between 0 and 1 (e.g. 0.95), got {level!r}")
    return float(level)


# ---- episodes -------------------------------------------------------------------------------


def _named_partner(panel: pd.DataFrame, partner: str | int) -> str:
    """Return the panel column of an explicitly named partner (UnknownPartnerError if absent)."""
    from ._partners import resolve_partner

    label = resolve_partner(partner).label
    if label not in panel.columns:
        raise UnknownPartnerError(
            f"partner={partner!r} ({label}) is not a column of panel", suggestions=()
        )
    return label


def _episode_rows(panel: pd.DataFrame, timeline: Timeline, partner: str | None) -> pd.DataFrame:
    """One row per (event, target): episode name, partner label, target, event fields, status."""
    columns = set(panel.columns)
    rows = []
    for event in timeline:
        if partner is not None:
            targets: list[tuple[str, object]] = [("", partner)]
        elif event.targets:
            targets = [(code, _resolve_target(code)["partner"]) for code in event.targets]
        else:
            targets = [("", math.nan)]
        for code, label in targets:
            present = isinstance(label, str) and label in columns
            name = label if isinstance(label, str) else (code or "(none)")
            status = OK if present else (NOT_IN_PANEL if code or partner else NO_TARGET)
            rows.append(
                {
                    "episode": f"{name}|{event.id}",
                    "partner": name,
                    "target": code or None,
                    "event": event.id,
                    "date": str(event.start),
                    "direction": event.direction.value,
                    "category": event.category.value,
                    "series": label if present else None,
                    "status": status,
                }
            )
    frame = pd.DataFrame(rows)
    if frame.empty:
        raise InsufficientDataError("event_study: the timeline has no events")
    unique: pd.DataFrame = frame.drop_duplicates("episode").set_index("episode")
    return unique


def _metrics(
    panel: pd.DataFrame, timeline: Timeline, rows: pd.DataFrame, options: dict[str, Any]
) -> pd.DataFrame:
    """resilience_table's row for every episode whose target is in the panel."""
    series = list(dict.fromkeys(rows["series"].dropna()))
    events = timeline.select(*dict.fromkeys(rows.loc[rows["series"].notna(), "event"]))
    table = resilience_table(panel[series], events, **options)
    table.index = pd.Index(table["series"] + "|" + table["event"], name="episode")
    return table


def _pre_event_gaps(
    panel: pd.DataFrame, events: Timeline, series: list[str], window: int, options: dict[str, Any]
) -> dict[int, pd.Series]:
    """% gap at each k < 0: the impact gap had the event come |k| periods earlier.

    resilience_table with ``lag=k`` and ``horizon=0`` measures exactly that: the baseline is
    fitted on the ``window`` periods before s+k and its depth is the one gap at s+k.
    """
    gaps = {}
    for k in range(-window, 0):
        table = resilience_table(panel[series], events, **{**options, "horizon": 0, "lag": k})
        names = table["series"] + "|" + table["event"]
        gaps[k] = pd.Series(100.0 * table["depth"].to_numpy(), index=names.to_numpy())
    return gaps


def _post_event_path(
    series: pd.Series, event: Event, horizon: int, options: dict[str, Any]
) -> np.ndarray:
    """% gap to the baseline for k = 0 … horizon (NaN past the end of the data)."""
    baseline = counterfactual(series, event, **options)
    actual = series.reindex(baseline.index).to_numpy(dtype=np.float64)
    path = np.full(horizon + 1, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        path[: len(baseline)] = 100.0 * (actual / baseline.to_numpy() - 1.0)
    path[~np.isfinite(path)] = np.nan
    return path


def _paths(
    panel: pd.DataFrame,
    timeline: Timeline,
    usable: pd.DataFrame,
    window: int,
    horizon: int,
    options: dict[str, Any],
) -> pd.DataFrame:
    """Build the paths: index k = −window … horizon, one column per usable episode."""
    series = list(dict.fromkeys(usable["series"]))
    events = timeline.select(*dict.fromkeys(usable["event"]))
    pre = _pre_event_gaps(panel, events, series, window, options)
    columns = {}
    for name, row in usable.iterrows():
        post = _post_event_path(panel[row["series"]], timeline[row["event"]], horizon, options)
        before = [pre[k].get(name, math.nan) for k in range(-window, 0)]
        columns[str(name)] = np.concatenate([np.asarray(before, dtype=np.float64), post])
    index = pd.RangeIndex(-window, horizon + 1, name="k")
    paths: pd.DataFrame = pd.DataFrame(columns, index=index, dtype=np.float64)
    paths.columns.name = "episode"
    return paths


# ---- the average path and its band -----------------------------------------------------------


def _bootstrap_band(
    values: np.ndarray, n_boot: int, seed: int, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile band of the across-episode mean, resampling whole episodes (columns).

    Resampling columns keeps each episode's path together (a cluster bootstrap over episodes);
    at each k the mean is taken over the drawn episodes present there. numpy's Generator with
    a fixed seed makes the band reproducible.
    """
    n_k, n_episodes = values.shape
    draws = np.random.default_rng(seed).integers(0, n_episodes, size=(n_boot, n_episodes))
    present = np.isfinite(values)
    filled = np.where(present, values, 0.0)
    lower = np.full(n_k, np.nan)
    upper = np.full(n_k, np.nan)
    tail = (1.0 - level) / 2.0
    for k in range(n_k):  # one k at a time: memory stays n_boot x episodes
        counts = present[k][draws].sum(axis=1)
        if not counts.any():
            continue
        means = filled[k][draws].sum(axis=1)[counts > 0] / counts[counts > 0]
        lower[k], upper[k] = np.quantile(means, [tail, 1.0 - tail])
    return lower, upper


def _group_labels(rows: pd.DataFrame, by: tuple[str, ...]) -> pd.Series:
    if not by:
        return pd.Series("all", index=rows.index)
    labels: pd.Series = rows[list(by)].astype(str).agg(", ".join, axis=1)
    return labels


def _averages(
    paths: pd.DataFrame, groups: pd.Series, n_boot: int, seed: int, level: float
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """mean, lower, upper and n per group (columns), indexed like ``paths``."""
    mean, lower, upper, count = {}, {}, {}, {}
    for group in dict.fromkeys(groups[paths.columns]):
        members = paths.loc[:, groups[paths.columns].to_numpy() == group]
        values = members.to_numpy(dtype=np.float64)
        count[group] = np.isfinite(values).sum(axis=1)
        mean[group] = members.mean(axis=1, skipna=True).to_numpy()
        lower[group], upper[group] = _bootstrap_band(values, n_boot, seed, level)

    def frame(data: dict[str, Any], dtype: Any = np.float64) -> pd.DataFrame:
        result: pd.DataFrame = pd.DataFrame(data, index=paths.index, dtype=dtype)
        result.columns.name = "group"
        return result

    return frame(mean), frame(lower), frame(upper), frame(count, np.int64)


# ---- the public function --------------------------------------------------------------------


def event_study(
    panel: pd.DataFrame,
    timeline: Timeline | Iterable[Event],
    *,
    partner: str | int | None = None,
    window: int | None = None,
    horizon: int | None = None,
    baseline: str | Baseline = "pre_mean",
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    threshold: float = 1.0,
    by: str | Sequence[str] | None = "direction",
    n_boot: int = 999,
    seed: int = 0,
    level: float = 0.95,
) -> EventStudy:
    """Stack many (partner, event) episodes at event time and average their paths.

    Each event maps to its targets, the non-U.S. actors present in ``panel`` (one episode per
    target; ISO codes resolved through the partner table, see
    [`Timeline.targets`][tradeshock.events.Timeline.targets]), or, with ``partner=``, to that one
    partner (``partner="Russia"`` for the U.S.–Russia timeline, whose Crimea event lists RUS
    and UKR but is about U.S.–Russia trade). Paths, baselines and the per-episode table are
    defined in the module docs ([`tradeshock.event_study`][tradeshock.event_study]).

    Args:
        panel: one column per partner with an annual or monthly PeriodIndex
            (``load_trade_panel()``).
        timeline: a [`Timeline`][tradeshock.Timeline] or a sequence of events.
        partner: map every event to this partner (name, ISO alpha-3 or Census code).
        window: estimation window of the baseline (default 3 annual, 12 monthly); the paths
            start at k = −window.
        horizon: last event time (default 5 annual, 36 monthly).
        baseline: any baseline of [`shock_response`][tradeshock.shock_response], by name or as
            an object ([`tradeshock.baselines`][tradeshock.baselines]); ``"reference"`` with
            ``reference=`` U.S. trade with the world takes out common shocks.
        reference: R for ``baseline="reference"``.
        covariates: covariates for ``baseline="regression"``.
        threshold: recovery threshold of the per-episode table.
        by: ``"direction"`` (default: escalations and easings are averaged separately),
            ``"category"``, both as a tuple, or None to pool every episode.
        n_boot: bootstrap replications of the band.
        seed: seed of the bootstrap; the same seed gives the same band.
        level: coverage of the band (default 0.95).

    Returns:
        An [`EventStudy`][tradeshock.EventStudy].

    Raises:
        UnknownPartnerError: ``partner`` is unknown or not a column of ``panel``.
        InsufficientDataError: no episode is usable; the message lists why each was dropped.
        ValidationError: bad arguments.

    Example:
        >>> import tradeshock as ts
        >>> study = ts.event_study(ts.load_trade_panel(flow="imports"), ts.us_sanctions())
        >>> study.paths.index[0], study.paths.index[-1]
        (-3, 5)
        >>> "escalation" in study.groups and "de-escalation" in study.groups
        True

    """
    if not isinstance(panel, pd.DataFrame):
        raise ValidationError(f"panel must be a pandas DataFrame, got {type(panel).__name__}")
    freq = check_period_index(panel.index, "panel")
    events = _as_timeline(timeline)
    strategy = resolve_baseline(baseline)
    # the baseline's own default window (3 annual, 12 monthly for the built-in ones)
    default_window = strategy.default_window(freq, BaselineInputs(freq=freq))
    win = default_window if window is None else _whole(window, "window", 1)
    hor = _DEFAULT_HORIZON[freq] if horizon is None else _whole(horizon, "horizon", 0)
    fields = _by_fields(by)
    boot = _whole(n_boot, "n_boot", 1)
    seed_ = _whole(seed, "seed", 0)
    cover = _level(level)
    label = None if partner is None else _named_partner(panel, partner)
    options: dict[str, Any] = {
        "baseline": baseline,
        "window": win,
        "horizon": hor,
        "threshold": threshold,
        "reference": reference,
        "covariates": covariates,
    }
    rows = _episode_rows(panel, events, label)
    rows["group"] = _group_labels(rows, fields)
    table = _episodes_table(panel, events, rows, options)
    # usable = measured: a status with warnings ("no drop", "confounded by …") keeps its numbers
    usable = table[table["depth"].notna()]
    if usable.empty:
        reasons = "; ".join(f"{name}: {status}" for name, status in table["status"].items())
        raise InsufficientDataError(f"event_study: no usable episode ({reasons})")
    paths = _paths(panel, events, usable, win, hor, options)
    mean, lower, upper, count = _averages(paths, table["group"], boot, seed_, cover)
    return EventStudy(
        paths=paths,
        mean=mean,
        lower=lower,
        upper=upper,
        n=count,
        episodes=table,
        baseline=strategy.name,
        window=win,
        horizon=hor,
        freq=freq,
        by=fields,
        level=cover,
        n_boot=boot,
        seed=seed_,
        partner=label,
        units="% gap to the baseline",
        flow=panel.attrs.get("flow"),
        timeline=events,
    )


def _episodes_table(
    panel: pd.DataFrame, timeline: Timeline, rows: pd.DataFrame, options: dict[str, Any]
) -> pd.DataFrame:
    """Build the per-episode table: episode fields, then resilience_table's row or a status."""
    in_panel = rows[rows["status"] == OK]
    if in_panel.empty:
        return rows
    metrics = _metrics(panel, timeline, in_panel, options)
    keep = [c for c in metrics.columns if c not in ("event", "series", "status")]
    table = rows.join(metrics[[*keep, "status"]].rename(columns={"status": "_status"}))
    table["status"] = table["_status"].where(table["_status"].notna(), table["status"])
    table = table.drop(columns="_status")
    first = ["partner", "target", "event", "label", "date", "direction", "category", "group"]
    rest = [c for c in table.columns if c not in first]
    ordered: pd.DataFrame = table[first + rest]
    return ordered

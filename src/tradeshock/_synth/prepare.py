"""Input checks and the transformed donor pool of ``tradeshock.synthetic_control`` (private)."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Hashable, Iterable

import attrs
import numpy as np
import pandas as pd

# shock_period: the shock-period rule of shock_response (Event, Period, date string, year),
# shared rather than copied so that both functions read a shock the same way
from .._checks import check_period_index, float_values, shock_period
from ..errors import InsufficientDataError, UnknownPartnerError, ValidationError

TRANSFORMS = ("index", "log", "level")
MIN_WINDOW = 3
MIN_DONORS = 2


@attrs.frozen(eq=False)
class Setup:
    """Everything a fit needs, validated: rows of the pre-window and post periods, the pool."""

    periods: pd.PeriodIndex  # pre-window then post, consecutive
    n_pre: int
    shock_period: pd.Period
    treated: Hashable
    donors: list[Hashable]
    dropped: dict[str, str]  # candidate donor -> why it is not in the pool
    excluded: tuple[Hashable, ...]  # the user's exclude, resolved to columns
    raw: np.ndarray  # periods x (treated, donors...), untransformed
    paths: np.ndarray  # the same, transformed
    scale: float  # the treated's pre-window scale in transformed units
    window: int
    transform: str


@functools.lru_cache(maxsize=1)
def _aggregate_names() -> frozenset[str]:
    """Lower-case names, labels and aliases of Census group codes (World, EU, regions, ...)."""
    from .._partners import ALIASES, partner_table

    table = partner_table()
    groups = table[table["kind"] != "country"]
    names = {
        str(value).strip().lower()
        for col in ("name", "schedule_c_name", "label")
        for value in groups[col]
        if str(value).strip()
    }
    codes = set(groups["cty_code"])
    names.update(alias for alias, code in ALIASES.items() if code in codes)
    return frozenset(names)


def is_aggregate(column: Hashable) -> bool:
    """Tell whether a column is named like a Census aggregate ("World", "European Union", ...)."""
    return isinstance(column, str) and column.strip().lower() in _aggregate_names()


def find_column(columns: list[Hashable], name: object, argument: str) -> Hashable:
    """Return the panel column ``name`` refers to: exact, case-insensitive, or a partner alias.

    Raises UnknownPartnerError with the closest column names as suggestions.
    """
    for column in columns:
        if column == name:
            return column
    text = str(name).strip().lower()
    by_lower = {str(c).strip().lower(): c for c in columns}
    if text in by_lower:
        return by_lower[text]
    from .._partners import close_matches, did_you_mean, resolve_partner

    try:  # "RUS", "Russian Federation", 4621 -> the partner's label, as panels name columns
        label = resolve_partner(name).label  # type: ignore[arg-type]
    except (UnknownPartnerError, ValidationError):
        label = None
    if label is not None and label in columns:
        return label
    # the project's one suggester, over this panel's columns (not the partner table)
    suggestions = tuple(str(by_lower[c]) for c in close_matches(text, by_lower, prefix=True))
    raise UnknownPartnerError(
        f"{argument}={name!r} is not a column of panel{did_you_mean(suggestions)}",
        suggestions=suggestions,
    )


def _names(value: object, argument: str) -> list[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError(f"{argument} must be a list of column names, got {value!r}")
    return list(value)


def _span(periods: pd.PeriodIndex) -> str:
    return f"{periods[0]}–{periods[-1]}" if len(periods) > 1 else str(periods[0])


def _missing_text(periods: pd.PeriodIndex, mask: np.ndarray) -> str:
    shown = [str(p) for p in periods[mask][:6]]
    more = f" and {int(mask.sum()) - 6} more" if mask.sum() > 6 else ""
    return ", ".join(shown) + more


def _frame(panel: object) -> tuple[pd.PeriodIndex, np.ndarray, str, list[Hashable]]:
    """Periods (complete range), values on them (missing periods = NaN rows), freq, columns."""
    if not isinstance(panel, pd.DataFrame):
        raise ValidationError(
            f"panel must be a pandas DataFrame (periods x units), got {type(panel).__name__}"
        )
    if panel.shape[0] == 0 or panel.shape[1] == 0:
        raise InsufficientDataError("panel is empty")
    if panel.columns.has_duplicates:
        dup = panel.columns[panel.columns.duplicated()][0]
        raise ValidationError(f"panel has duplicate columns (e.g. {dup!r})")
    freq = check_period_index(panel.index, "panel")
    values = float_values(panel, "panel")
    index = panel.index
    assert isinstance(index, pd.PeriodIndex)
    full = pd.period_range(index[0], index[-1], freq=index.freq, name=index.name)
    if len(full) != len(index):
        laid = np.full((len(full), values.shape[1]), np.nan)
        laid[(index.asi8 - index[0].ordinal).astype(np.int64)] = values
        values = laid
    return full, values, freq, list(panel.columns)


def _window(value: object, available: int) -> int:
    if value is None:
        return available
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValidationError(f"window must be an integer number of periods, got {value!r}")
    return int(value)


def _horizon(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        raise ValidationError(f"horizon must be a non-negative integer or None, got {value!r}")
    return int(value)


def transform_paths(raw: np.ndarray, n_pre: int, transform: str) -> np.ndarray:
    """Apply ``transform`` column by column (index: ÷ own pre-window mean × 100)."""
    if transform == "level":
        copied: np.ndarray = raw.copy()
        return copied
    if transform == "log":
        logged: np.ndarray = np.asarray(np.log(raw))
        return logged
    indexed: np.ndarray = raw / raw[:n_pre].mean(axis=0) * 100.0
    return indexed


def _pre_rows(y: np.ndarray, s: int, window: object, periods: pd.PeriodIndex) -> int:
    """Return the validated window length (rows s-window .. s-1 complete for the treated)."""
    gaps = np.flatnonzero(~np.isfinite(y[:s]))
    available = s - (int(gaps[-1]) + 1 if gaps.size else 0)
    win = _window(window, available)
    shock = periods[s]
    if win < MIN_WINDOW:
        what = (
            f"the treated unit has only {available} complete period(s) just before {shock}"
            if window is None
            else f"window={win}"
        )
        raise InsufficientDataError(
            f"{what}: synthetic control needs a pre-window of at least {MIN_WINDOW} periods"
        )
    if s - win < 0:
        raise InsufficientDataError(
            f"window={win} needs data from {shock - win}, but panel starts in {periods[0]}"
        )
    missing = ~np.isfinite(y[s - win : s])
    if missing.any():
        raise InsufficientDataError(
            f"the treated unit has gaps in the pre-window {_span(periods[s - win : s])}: "
            f"no value in {_missing_text(periods[s - win : s], missing)}"
        )
    return win


def _post_stop(y: np.ndarray, s: int, horizon: object, periods: pd.PeriodIndex) -> int:
    """Last row of the post periods (inclusive), the treated complete through it."""
    hor = _horizon(horizon)
    if not np.isfinite(y[s]):
        raise InsufficientDataError(
            f"the treated unit has no value in the shock period {periods[s]}"
        )
    if hor is None:  # through the treated's last value
        stop = (
            s + int(np.argmin(np.isfinite(y[s:]))) - 1
            if not np.isfinite(y[s:]).all()
            else y.size - 1
        )
    else:
        stop = min(s + hor, y.size - 1)
    missing = ~np.isfinite(y[s : stop + 1])
    if missing.any():
        raise InsufficientDataError(
            f"the treated unit has gaps after the shock: no value in "
            f"{_missing_text(periods[s : stop + 1], missing)}"
        )
    return stop


def _candidates(
    columns: list[Hashable], treated: Hashable, donors: object, exclude: object
) -> tuple[list[Hashable], dict[str, str], tuple[Hashable, ...]]:
    """Donor candidates in panel order, the dropped ones with reasons, resolved exclude."""
    excluded = tuple(find_column(columns, e, "exclude") for e in _names(exclude, "exclude"))
    if donors is None:
        pool = [c for c in columns if c != treated]
    else:
        chosen = {find_column(columns, d, "donors") for d in _names(donors, "donors")}
        pool = [c for c in columns if c in chosen and c != treated]
    dropped: dict[str, str] = {}
    kept = []
    for column in pool:
        if column in excluded:
            dropped[str(column)] = "excluded"
        elif is_aggregate(column):
            dropped[str(column)] = "an aggregate (never a donor)"
        else:
            kept.append(column)
    return kept, dropped, excluded


def _usable(raw: np.ndarray, n_pre: int, transform: str) -> np.ndarray:
    """Per column: complete over all rows, and positive where the transform needs it."""
    ok: np.ndarray = np.isfinite(raw).all(axis=0)
    if transform == "index":
        ok &= (raw[:n_pre] > 0).all(axis=0)
    elif transform == "log":
        ok &= (raw > 0).all(axis=0)
    return ok


def setup(
    panel: object,
    treated: object,
    shock: object,
    *,
    window: object,
    horizon: object,
    donors: object,
    exclude: object,
    transform: object,
) -> Setup:
    """Validate every input of synthetic_control and build the transformed pool."""
    if not isinstance(transform, str) or transform not in TRANSFORMS:
        raise ValidationError(f"transform={transform!r} is unknown; use one of {TRANSFORMS}")
    periods, values, freq, columns = _frame(panel)
    treated_col = find_column(columns, treated, "treated")
    y = values[:, columns.index(treated_col)]
    s_period = shock_period(shock, freq)
    s = int(s_period.ordinal - periods[0].ordinal)
    if not 0 <= s < len(periods):
        raise InsufficientDataError(
            f"the shock period {s_period} is outside the panel ({_span(periods)})"
        )
    win = _pre_rows(y, s, window, periods)
    rows = slice(s - win, _post_stop(y, s, horizon, periods) + 1)
    treated_raw = values[rows, columns.index(treated_col)][:, None]
    if not _usable(treated_raw, win, transform)[0]:
        raise ValidationError(
            f"transform={transform!r} needs positive values of the treated unit "
            f"({'pre-window' if transform == 'index' else 'pre-window and post periods'})"
        )
    candidates, dropped, excluded = _candidates(columns, treated_col, donors, exclude)
    positions = [columns.index(c) for c in candidates]
    donor_raw = values[rows][:, positions]
    usable = _usable(donor_raw, win, transform)
    for column, ok in zip(candidates, usable, strict=True):
        if not ok:
            dropped[str(column)] = (
                "incomplete data over the pre-window and post periods"
                if transform == "level"
                else f"incomplete or non-positive data for transform={transform!r}"
            )
    pool = [c for c, ok in zip(candidates, usable, strict=True) if ok]
    span = _span(periods[rows])
    if len(pool) < MIN_DONORS:
        positive = "" if transform == "level" else f" (positive, for transform={transform!r})"
        raise InsufficientDataError(
            f"only {len(pool)} donor(s) have complete data over {span}{positive}; "
            f"synthetic control needs at least {MIN_DONORS}"
        )
    raw = np.column_stack([treated_raw, donor_raw[:, usable]])
    paths = transform_paths(raw, win, transform)
    scale = {"index": 100.0, "log": 1.0}.get(transform, float(np.mean(np.abs(raw[:win, 0]))))
    return Setup(
        periods=periods[rows],
        n_pre=win,
        shock_period=periods[s],
        treated=treated_col,
        donors=pool,
        dropped=dropped,
        excluded=excluded,
        raw=raw,
        paths=paths,
        scale=scale if scale > 0 else math.nan,
        window=win,
        transform=transform,
    )

"""Robustness: the response to one shock under every baseline and a range of windows.

A depth that moves from −6 % to −50 % with the choice of baseline cannot carry a verdict on
its own. [`robustness`][tradeshock.robustness] computes
[`shock_response`][tradeshock.shock_response] under every baseline the inputs allow
(``pre_mean``, ``pre_last``, ``trend``; ``reference`` with ``reference=``; ``regression``
with ``covariates=``; ``synthetic`` with ``donors=``) and a range of estimation windows
(annual 2–5 years, monthly 12, 24, 36 months), and sums them up in one line: did the
series fall under every specification, how deep, and how often did it recover.

Example:
    >>> import tradeshock as ts
    >>> total = ts.load_trade("Russia")["total"]
    >>> check = ts.robustness(total, ts.us_russia()["crimea_annexation"])
    >>> check.verdict
    'fell under all 12 specifications; depth −36 % to −69 %; recovered under 1 of 12'

"""

from __future__ import annotations

import html
import warnings
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pandas as pd

from ._inputs import _prepare
from .errors import InsufficientDataError, ResponseWarning, ValidationError
from .resilience import FIELDS, shock_response

if TYPE_CHECKING:
    from .events import ShockLike

__all__ = ["WINDOWS", "Robustness", "robustness"]

WINDOWS = {"Y": (2, 3, 4, 5), "M": (12, 24, 36)}
"""The estimation windows tried, by frequency (periods)."""

# A baseline that needs a longer window than the first of WINDOWS starts at its own minimum
# and tries as many windows (the regression: 5 observations per coefficient).
_MIN_WINDOW = {"trend": 2, "synthetic": 3}


@attrs.frozen(eq=False)
class Robustness:
    """The response to one shock under every specification, and a one-line verdict.

    Attributes:
        frame: one row per (baseline, window): ``baseline``, ``window``, ``status``
            (``"ok"``, the response's warnings, or why it could not be computed), then
            every [`ShockResponse`][tradeshock.ShockResponse] metric field.
        verdict: e.g. ``"fell under all 18 specifications; depth −6 % to −50 %;
            recovered under 3 of 18"``.
        n_specifications: rows with numbers.
        n_failed: rows that could not be computed (listed in ``frame`` with the reason).
        shock_period: the shock period s.

    Example:
        >>> import tradeshock as ts
        >>> total = ts.load_trade("Russia")["total"]
        >>> check = ts.robustness(total, ts.us_russia()["crimea_annexation"])
        >>> sorted(set(check.frame["baseline"]))
        ['pre_last', 'pre_mean', 'trend']

    """

    frame: pd.DataFrame = attrs.field(repr=False)
    verdict: str
    n_specifications: int
    n_failed: int
    shock_period: pd.Period

    def __repr__(self) -> str:
        return f"Robustness({self.shock_period}: {self.verdict})"

    def summary(self) -> str:
        """Return the verdict with the range of each baseline's depth, one line per baseline.

        Example:
            >>> import tradeshock as ts
            >>> total = ts.load_trade("Russia")["total"]
            >>> print(ts.robustness(total, "2014").summary().splitlines()[1])
              pre_mean: depth −42 % to −50 % (windows 2, 3, 4, 5)

        """
        lines = [f"shock {self.shock_period}: {self.verdict}"]
        computed = self.frame[self.frame["depth"].notna()]
        for name, rows in computed.groupby("baseline", sort=False):
            lines.append(
                f"  {name}: depth {_pct(rows['depth'].max())} to {_pct(rows['depth'].min())} "
                f"(windows {', '.join(str(w) for w in rows['window'])})"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li>{html.escape(line.strip())}</li>" for line in self.summary().splitlines()[1:]
        )
        return (
            f"<p><b>Robustness at {self.shock_period}</b>: {html.escape(self.verdict)}</p>"
            f"<ul>{rows}</ul>"
        )


def _pct(fraction: float) -> str:
    text = f"{100 * fraction:+.0f} %".replace("-", "−")
    return text[1:] if text.startswith("+0 ") else text  # a drop reads −6 %, a rise +10 %


def _windows(name: str, freq: str, covariates: object) -> tuple[int, ...]:
    """Return the windows tried for one baseline: the default range, or from its minimum up."""
    base = WINDOWS[freq]
    minimum = _MIN_WINDOW.get(name, 1)
    if name == "regression":
        n_covariates = covariates.shape[1] if isinstance(covariates, pd.DataFrame) else 1
        minimum = 5 * (n_covariates + 1)
    if base[0] >= minimum:
        return base
    step = base[1] - base[0]
    return tuple(max(minimum, base[0]) + step * i for i in range(len(base)))


def robustness(
    series: pd.Series,
    shock: ShockLike,
    *,
    donors: pd.DataFrame | None = None,
    reference: pd.Series | None = None,
    covariates: pd.Series | pd.DataFrame | None = None,
    horizon: int | Literal["end"] | None = None,
    threshold: float = 1.0,
    lag: int = 0,
    transform: Literal["rolling12", "yoy", "sa"] | None = None,
    missing: Literal["skip", "zero"] = "skip",
) -> Robustness:
    """Compute the response to ``shock`` under every baseline and a range of windows.

    Args:
        series: as in [`shock_response`][tradeshock.shock_response].
        shock: as in [`shock_response`][tradeshock.shock_response].
        donors: a donor panel: adds the ``synthetic`` baseline.
        reference: adds the ``reference`` baseline.
        covariates: adds the ``regression`` baseline.
        horizon: as in [`shock_response`][tradeshock.shock_response] (default 5 years or
            36 months), the same for every specification.
        threshold: as in [`shock_response`][tradeshock.shock_response].
        lag: as in [`shock_response`][tradeshock.shock_response].
        transform: as in [`shock_response`][tradeshock.shock_response].
        missing: as in [`shock_response`][tradeshock.shock_response].

    Returns:
        A [`Robustness`][tradeshock.Robustness] record: ``frame`` (one row per
        specification) and ``verdict`` (one line). Windows are annual 2–5 and monthly 12,
        24, 36; a baseline that needs more starts at its minimum (``regression``: 5
        observations per coefficient, so 10–13 years with one covariate; ``synthetic``: 3).

    Raises:
        ValidationError: bad arguments (as [`shock_response`][tradeshock.shock_response]).

    Example:
        >>> import tradeshock as ts
        >>> trade = ts.load_trade("Russia")
        >>> brent = ts.load_oil_price("brent", freq="Y").rename("brent")
        >>> check = ts.robustness(trade["total"], ts.us_russia()["crimea_annexation"],
        ...                       covariates=brent)
        >>> check.n_specifications, list(check.frame["window"][-4:])
        (16, [10, 11, 12, 13])

    """
    freq = _prepare(series, "series", frame_ok=False).freq
    specs: dict[str, dict[str, Any]] = {"pre_mean": {}, "pre_last": {}, "trend": {}}
    if reference is not None:
        specs["reference"] = {"reference": reference}
    if covariates is not None:
        specs["regression"] = {"covariates": covariates}
    if donors is not None:
        specs["synthetic"] = {"donors": donors}
    common = {"horizon": horizon, "threshold": threshold, "lag": lag, "transform": transform}
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResponseWarning)  # the frame's status says it
        for name, extra in specs.items():
            for window in _windows(name, freq, covariates):
                rows.append(
                    _row(series, shock, name, window, {**common, **extra, "missing": missing})
                )
    return _record(pd.DataFrame(rows), series, shock, freq, lag)


def _row(
    series: pd.Series, shock: ShockLike, name: str, window: int, options: dict[str, Any]
) -> dict[str, Any]:
    """One specification: the response's fields, or NaN and the reason it failed."""
    head: dict[str, Any] = {"baseline": name, "window": window}
    try:
        response = shock_response(series, shock, baseline=name, window=window, **options)
    except (InsufficientDataError, ValidationError) as exc:
        return {**head, "status": f"not computed: {exc}", **dict.fromkeys(FIELDS)}
    return {**head, "status": response.status, **response.to_dict()}


def _record(
    frame: pd.DataFrame, series: pd.Series, shock: ShockLike, freq: str, lag: int
) -> Robustness:
    """Build the verdict from the frame of specifications."""
    frame["depth"] = pd.to_numeric(frame["depth"], errors="coerce")
    computed = frame[frame["depth"].notna()]
    n, failed = len(computed), len(frame) - len(computed)
    if n == 0:
        raise InsufficientDataError(
            f"no specification could be computed: {frame['status'].iloc[0]}"
        )
    fell = int(computed["dropped"].astype(bool).sum())
    recovered = int(computed["recovered"].astype(bool).sum())
    if fell == n:
        verdict = f"fell under all {n} specifications"
    elif fell == 0:
        verdict = f"did not fall under any of the {n} specifications"
    else:
        verdict = f"fell under {fell} of {n} specifications"
    verdict += f"; depth {_pct(computed['depth'].max())} to {_pct(computed['depth'].min())}"
    verdict += f"; recovered under {recovered} of {n}"
    if failed:
        verdict += f"; {failed} more could not be computed"
    shock_period = computed["shock_period"].iloc[0]
    frame.attrs = {"freq": freq, "series": _name(series), "lag": lag}
    return Robustness(frame, verdict, n, failed, shock_period)


def _name(series: pd.Series) -> Hashable:
    return series.name if series.name is not None else "value"

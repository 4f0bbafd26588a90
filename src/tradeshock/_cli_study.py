"""Library side of ``tradeshock study`` and ``tradeshock chart study`` (private).

The CLI module only parses options and formats; this module turns the options into an
[`event_study`][tradeshock.event_study] call (which timeline, which partner mapping, which
reference series) and into the tables the command prints.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .errors import ValidationError
from .event_study import EventStudy, event_study
from .events import Timeline, us_russia, us_sanctions

#: the Russia episodes the chart highlights (U.S.–Russia trade, partner="Russia")
RUSSIA_HIGHLIGHTS = ("crimea_annexation", "full_scale_invasion_ukraine")


def study_timeline(spec: str) -> tuple[Timeline, str | None]:
    """Resolve ``--events`` to (timeline, partner every event maps to or None).

    ``sanctions``: the U.S. sanctions episodes, each event to its targets; ``russia``: the
    U.S.–Russia timeline, every event to Russia; otherwise event ids separated by commas, from
    either timeline (ids of the U.S.–Russia timeline map to Russia when all ids come from it).
    """
    spec = spec.strip()
    if spec == "sanctions":
        return us_sanctions(), None
    if spec == "russia":
        return us_russia(), "Russia"
    ids = [part.strip() for part in spec.split(",") if part.strip()]
    russia, sanctions = us_russia(), us_sanctions()
    unknown = [i for i in ids if i not in russia and i not in sanctions]
    if not ids or unknown:
        raise ValidationError(
            f"--events: unknown event id {', '.join(unknown) or repr(spec)}; use sanctions, "
            "russia or ids listed by `tradeshock events --events all` or `--events sanctions`"
        )
    if all(i in russia for i in ids):
        return russia.select(*ids), "Russia"
    return Timeline([russia[i] if i in russia else sanctions[i] for i in ids]), None


def run_study(
    events: str,
    *,
    flow: str = "total",
    freq: str = "Y",
    baseline: str = "pre_mean",
    window: int | None = None,
    horizon: int | None = None,
    seed: int = 0,
) -> EventStudy:
    """Run the event study the CLI options describe, on the bundled data.

    ``baseline="reference"`` measures each partner against U.S. trade with the world (same
    flow); ``baseline="regression"`` against the Brent oil price, as in ``tradeshock report``.
    """
    timeline, partner = study_timeline(events)
    return event_study(
        *_panel(flow, freq),
        timeline,
        partner=partner,
        seed=seed,
        **_options(flow, freq, baseline, window, horizon),
    )


def russia_highlights(
    flow: str, freq: str, baseline: str, window: int | None, horizon: int | None
) -> pd.DataFrame:
    """Paths of U.S.–Russia trade after the Crimea annexation and the 2022 invasion."""
    study = event_study(
        *_panel(flow, freq),
        us_russia().select(*RUSSIA_HIGHLIGHTS),
        partner="Russia",
        n_boot=1,
        **_options(flow, freq, baseline, window, horizon),
    )
    names = {f"Russia|{i}": f"Russia {us_russia()[i].start.year}" for i in RUSSIA_HIGHLIGHTS}
    paths: pd.DataFrame = study.paths.rename(columns=names)
    return paths


def _panel(flow: str, freq: str) -> tuple[pd.DataFrame]:
    from .sources import load_trade_panel

    return (load_trade_panel(flow=flow, freq=freq),)


def _options(
    flow: str, freq: str, baseline: str, window: int | None, horizon: int | None
) -> dict[str, Any]:
    options: dict[str, Any] = {"baseline": baseline, "window": window, "horizon": horizon}
    if baseline == "reference":
        from .sources import load_trade

        options["reference"] = load_trade("World", freq=freq)[flow]
    elif baseline == "regression":
        from .sources import load_oil_price

        options["covariates"] = load_oil_price("brent", freq=freq).to_frame("brent")
    return options


def path_frame(study: EventStudy) -> pd.DataFrame:
    """Return the average paths in long form: group, k, mean, median, band, n (% to 0.1).

    Example:
        >>> import tradeshock as ts
        >>> frame = path_frame(run_study("crimea_annexation", horizon=1))
        >>> list(frame.columns)
        ['group', 'k', 'mean_pct', 'median_pct', 'lower_pct', 'upper_pct', 'n']

    """
    parts = []
    for group in study.groups:
        parts.append(
            pd.DataFrame(
                {
                    "group": group,
                    "k": study.mean.index,
                    "mean_pct": study.mean[group].round(1).to_numpy(),
                    "median_pct": study.median[group].round(1).to_numpy(),
                    "lower_pct": study.lower[group].round(1).to_numpy(),
                    "upper_pct": study.upper[group].round(1).to_numpy(),
                    "n": study.n[group].to_numpy(),
                }
            )
        )
    frame: pd.DataFrame = pd.concat(parts, ignore_index=True)
    return frame


def episode_frame(study: EventStudy) -> pd.DataFrame:
    """Return one row per episode: partner, event, date, group, status, rounded metrics.

    Example:
        >>> import tradeshock as ts
        >>> frame = episode_frame(run_study("crimea_annexation", horizon=1))
        >>> frame.loc[0, "episode"], frame.loc[0, "status"].startswith("confounded by")
        ('Russia|crimea_annexation', True)

    """
    table = study.episodes
    recovery = table["time_to_recovery"].astype("Int64")
    frame: pd.DataFrame = pd.DataFrame(
        {
            "episode": table.index,
            "partner": table["partner"].to_numpy(),
            "event": table["event"].to_numpy(),
            "date": table["date"].to_numpy(),
            "group": table["group"].to_numpy(),
            "status": table["status"].to_numpy(),
            "depth_pct": (100 * table["depth"].astype(float)).round(1).to_numpy(),
            "trough": table["trough"].astype(str).replace("NaT", "").to_numpy(),
            "time_to_recovery": recovery.array,
            "recovered": table["recovered"].astype("boolean").array,
            "cumulative_loss": table["cumulative_loss"].astype(float).round(1).to_numpy(),
        }
    )
    return frame

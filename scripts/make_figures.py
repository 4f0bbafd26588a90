"""Render the chart images the docs use into docs/img/ (run after changing plot.py or data).

    python scripts/make_figures.py            # all figures
    python scripts/make_figures.py --check    # fail if any image is missing

The docs pages show these PNGs; the same code appears in the tutorials' code blocks (which
the test suite runs), so the pictures and the documented code stay in step.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import tradeshock as ts
from tradeshock import plot
from tradeshock.resilience import counterfactual

IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
BASELINES = ("pre_mean", "pre_last", "trend", "reference", "regression")


def trade_events() -> plt.Figure:
    ax = plot.trade_events(ts.load_trade("Russia"), ts.us_russia(article=True))
    return ax.figure


def petroleum_imports() -> plt.Figure:
    ax = plot.petroleum_imports(ts.load_petroleum_imports())
    return ax.figure


def shock_response() -> plt.Figure:
    total = ts.load_trade("Russia")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    response = ts.shock_response(total, crimea, horizon=5)
    path = counterfactual(total, crimea, horizon=5)
    ax = plot.shock_response(total, response, event=crimea, baseline=path)
    return ax.figure


def baseline_kwargs() -> dict[str, dict[str, object]]:
    world = ts.load_trade("World")["total"]
    brent = ts.load_oil_price("brent", freq="Y").rename("brent")
    return {
        "pre_mean": {},
        "pre_last": {},
        "trend": {},
        "reference": {"reference": world},
        # its default window (10 years) meets the 5-observations-per-coefficient rule
        "regression": {"covariates": brent},
    }


def recovery_baselines() -> plt.Figure:
    total = ts.load_trade("Russia")["total"]
    crimea = ts.us_russia()["crimea_annexation"]
    fig, ax = plt.subplots(figsize=(11, 5.8))
    shown = total.loc["2005":"2019"]
    x = shown.index.year + 0.5
    ax.plot(x, shown.to_numpy() / 1000, "o-", color="#0072B2", linewidth=2.4, label="total trade")
    styles = ["--", "-.", ":", (0, (5, 2, 1, 2)), (0, (1, 1))]
    for (name, extra), style in zip(baseline_kwargs().items(), styles, strict=True):
        path = counterfactual(total, crimea, baseline=name, horizon=5, **extra)
        response = ts.shock_response(total, crimea, baseline=name, horizon=5, **extra)
        ax.plot(
            path.index.year + 0.5,
            path.to_numpy() / 1000,
            linestyle=style,
            linewidth=1.8,
            label=f"{name}: "
            f"depth {response.depth:+.0%}, "
            + ("recovered " + str(response.recovery) if response.recovered else "not recovered"),
        )
    ax.axvline(2014.5, color="#B2182B", linestyle=(0, (3, 2)), linewidth=1)
    ax.set_xlim(2005, 2020)
    ax.set_ylim(0, None)
    ax.set_ylabel("USD billions")
    ax.set_title(
        "U.S.–Russia total trade after the annexation of Crimea: five baselines", loc="left"
    )
    ax.legend(loc="lower left", frameon=False, fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.annotate(
        "Source: U.S. Census Bureau (country.xlsx), bundled snapshot; Brent: EIA via datahub. "
        "Horizon 5 years; window 3 years (regression: 8).",
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -28),
        textcoords="offset points",
        va="top",
        fontsize=7.5,
        color="#555555",
    )
    return fig


def composition() -> plt.Figure:
    timeline = ts.us_russia().select(
        "full_scale_invasion_ukraine", "eo14066_energy_import_ban", "russian_uranium_import_ban"
    )
    ax = plot.composition(ts.load_trade_composition("Russia"), timeline)
    return ax.figure


def sanctions_episodes() -> plt.Figure:
    from tradeshock._cli_study import russia_highlights

    study = ts.event_study(ts.load_trade_panel(), ts.us_sanctions(), horizon=5)
    highlight = russia_highlights("total", "Y", "pre_mean", None, 5)
    ax = plot.event_study(study, highlight=highlight)
    return ax.figure


def _synthetic_imports(event_id: str, first: str, last: str, title: str) -> plt.Figure:
    """The classic synthetic-control figure as docs/tutorials/was-it-politics.md draws it."""
    imports = ts.load_trade_panel(flow="imports")
    donors = list(imports.loc[first:last].mean().drop("Russia").nlargest(30).index)
    event = ts.us_russia()[event_id]
    horizon = 5 if event_id == "crimea_annexation" else None
    fit = ts.synthetic_control(imports, "Russia", event, window=10, horizon=horizon, donors=donors)
    left, _ = plot.synthetic_control(
        fit, placebo=fit.placebo(), intervals=fit.intervals(), title=title
    )
    return left.figure


def synthetic_crimea_imports() -> plt.Figure:
    return _synthetic_imports(
        "crimea_annexation", "2004", "2013", "U.S. imports from Russia, Crimea 2014"
    )


def synthetic_invasion_imports() -> plt.Figure:
    return _synthetic_imports(
        "full_scale_invasion_ukraine", "2012", "2021", "U.S. imports from Russia, invasion 2022"
    )


FIGURES = {
    "trade_events": trade_events,
    "petroleum_imports": petroleum_imports,
    "shock_response": shock_response,
    "recovery_baselines": recovery_baselines,
    "composition": composition,
    "sanctions_episodes": sanctions_episodes,
    "synthetic_crimea_imports": synthetic_crimea_imports,
    "synthetic_invasion_imports": synthetic_invasion_imports,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that images exist")
    parser.add_argument("names", nargs="*", help=f"figures to render: {', '.join(FIGURES)}")
    args = parser.parse_args(argv)
    names = args.names or list(FIGURES)
    unknown = [name for name in names if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    if args.check:
        missing = [name for name in names if not (IMG / f"{name}.png").exists()]
        print("missing: " + ", ".join(missing) if missing else "all figures present")
        return 1 if missing else 0
    IMG.mkdir(parents=True, exist_ok=True)
    for name in names:
        figure = FIGURES[name]()
        out = IMG / f"{name}.png"
        # metadata without a date so that re-rendering unchanged charts gives identical bytes
        figure.savefig(out, dpi=110, bbox_inches="tight", metadata={"Software": None})
        plt.close(figure)
        print(f"wrote {out.relative_to(IMG.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

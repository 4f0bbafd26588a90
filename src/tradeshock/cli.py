"""The ``tradeshock`` command line: ``report``, ``chart``, ``sources``, ``claims``, ``events``.

Run ``python -m tradeshock --help`` (or the ``tradeshock`` console script). Exit codes:
0 success, 2 bad input (unknown partner, event, option or file type; one line on stderr, no
traceback), 1 a missing optional dependency (``chart`` needs the ``plot`` extra).

Example:
    >>> from tradeshock.cli import main
    >>> main(["report", "--format", "csv"])  # doctest: +SKIP
    0

"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import pandas as pd

from ._freq import normalize_freq

# cheap: `import tradeshock` has imported resilience already
from ._inputs import DEFAULT_HORIZON
from .errors import TradeshockError, ValidationError
from .report import DEFAULT_MIN_BASELINE as DEFAULT_MIN_BASELINE  # importable here as before
from .report import FLOWS, report_table, robust_table, select_events
from .report import REPORT_COLUMNS as REPORT_COLUMNS  # importable here as before
from .resilience import BASELINES, TRANSFORMS

if TYPE_CHECKING:
    from .events import Timeline

__all__ = ["main", "report_table"]

FORMATS = ("text", "csv", "json", "markdown")
CHART_SUFFIXES = (".png", ".svg", ".pdf")
MAX_DPI = 1200
#: floats in CSV output are rounded as in the text output
CSV_FLOAT_FORMAT = "%.1f"
#: seconds to wait for a live source's server to accept a connection before "no network"
CONNECT_TIMEOUT = 1.5
NO_NETWORK = "no network: use the bundled data (default) or set TRADESHOCK_OFFLINE=1"
DEFAULT_RESPONSE_EVENT = "crimea_annexation"
# Events of the composition chart (issue 9's question: which goods were resilient after 2022?)
COMPOSITION_EVENTS = (
    "crimea_annexation,full_scale_invasion_ukraine,eo14066_energy_import_ban,"
    "russian_uranium_import_ban"
)


class _UsageError(Exception):
    """Raised by the parser instead of printing a usage block and exiting."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one line on stderr (see `main`)."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {_did_you_mean(message)} (see --help)")


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


def _did_you_mean(message: str) -> str:
    """Add the closest valid choice to argparse's "invalid choice" message (typos of commands)."""
    match = _INVALID_CHOICE.search(message)
    if match is None:
        return message
    choices = [choice.strip().strip("'") for choice in match.group(2).split(",")]
    close = difflib.get_close_matches(match.group(1), choices, n=1, cutoff=0.6)
    return f"{message}; did you mean {close[0]!r}?" if close else message


# ---------------------------------------------------------------------------------------------
# argument types


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"expected a number >= {minimum}, got {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1)


def _horizon(text: str) -> int | str:
    # 0 is a valid horizon: the post-shock span is the shock period alone
    return "end" if text.strip().lower() == "end" else _whole_number(text, 0)


def _freq(text: str) -> str:
    try:
        return normalize_freq(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(f"unknown frequency {text!r}; use Y or M") from None


def _flows(text: str) -> tuple[str, ...]:
    flows = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    bad = [flow for flow in flows if flow not in FLOWS]
    if not flows or bad:
        raise argparse.ArgumentTypeError(
            f"unknown flow {', '.join(bad) or repr(text)}; use one or more of {', '.join(FLOWS)}"
            " (comma-separated)"
        )
    return flows


def _dpi(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_DPI:  # a huge raster would exhaust memory instead of failing cleanly
        raise argparse.ArgumentTypeError(f"expected at most {MAX_DPI}, got {value}")
    return value


def _out_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise argparse.ArgumentTypeError(f"{text!r} must end in one of {', '.join(CHART_SUFFIXES)}")
    if not path.parent.exists():
        raise argparse.ArgumentTypeError(f"directory {str(path.parent)!r} does not exist")
    return path


# ---------------------------------------------------------------------------------------------
# events


def _timeline(spec: str, option: str = "--events") -> Timeline:
    """Resolve ``--events article|all|sanctions|id,id`` (``option`` names it in errors)."""
    return select_events(spec, argument=option)


# ---------------------------------------------------------------------------------------------
# report


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _span(periods: Any, freq: str) -> str:
    if _missing(periods):
        return ""
    periods = int(periods)
    if periods == 0:
        return "same year" if freq == "Y" else "same month"
    unit = "year" if freq == "Y" else "month"
    return f"{periods} {unit}" if periods == 1 else f"{periods} {unit}s"


def _report_view(frame: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """Select and format the readable columns of the report (text and markdown)."""
    freq = str(frame.attrs.get("freq", "Y"))
    units = str(frame.attrs.get("units", "USD millions"))
    loss_header = f"cum. loss ({units.replace('USD millions', 'USD m')})"
    view_rows = []
    for row in frame.to_dict("records"):
        if row["status"] not in ("ok", "", None) and _missing(row["depth_pct"]):
            recovery = f"n/a: {row['status']}"
        elif not _missing(row["depth_pct"]) and row["depth_pct"] >= 0:
            recovery = "no drop"
        elif row["recovered"] is False:
            recovery = "not recovered"
        else:
            recovery = f"{_span(row['time_to_recovery'], freq)} ({row['recovery']})"
        view_rows.append(
            {
                "event": _shorten(str(row["event"]), 44),
                "date": row["date"] or "",
                "series": row["series"],
                "depth %": "" if _missing(row["depth_pct"]) else f"{row['depth_pct']:.1f}",
                "trough": "" if _missing(row["trough"]) else str(row["trough"]),
                "recovery": recovery,
                loss_header: ""
                if _missing(row["cumulative_loss"])
                else f"{row['cumulative_loss']:,.1f}",
            }
        )
    view = pd.DataFrame(
        view_rows, columns=["event", "date", "series", "depth %", "trough", "recovery", loss_header]
    )
    return view, {"depth %", loss_header}


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------------------------
# rendering


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.1f}"
    return str(value)


def render_text(
    frame: pd.DataFrame, right: set[str] | None = None, *, blank_repeats: str = ""
) -> str:
    """Render a fixed-width text table; columns in ``right`` are right-aligned.

    With ``blank_repeats`` set to a column name, repeated values in that column (and the
    column right after it) are blanked so that groups read as blocks.
    """
    right = right or set()
    columns = [str(column) for column in frame.columns]
    body = [[_cell(value) for value in row] for row in frame.itertuples(index=False)]
    if blank_repeats in columns and body:
        index = columns.index(blank_repeats)
        previous = None
        for row in body:
            key = row[index]
            if key == previous:
                row[index] = ""
                if index + 1 < len(row):
                    row[index + 1] = ""
            previous = key
    widths = [max([len(name)] + [len(row[i]) for row in body]) for i, name in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if name in right else cell.ljust(width)
            for cell, width, name in zip(cells, widths, columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(columns), rule, *(line(row) for row in body)])


def render_markdown(frame: pd.DataFrame, right: set[str] | None = None) -> str:
    """Render a GitHub-flavoured Markdown table (no dependency on ``tabulate``)."""
    right = right or set()
    columns = [str(column) for column in frame.columns]

    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(escape(name) for name in columns) + " |"
    rule = "|" + "|".join("---:" if name in right else ":---" for name in columns) + "|"
    rows = [
        "| " + " | ".join(escape(_cell(value)) for value in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])


def _write_frame(frame: pd.DataFrame, fmt: str, out: IO[str]) -> None:
    """Machine formats: csv (pandas) and json (a list of records, NaN → null)."""
    if fmt == "csv":
        # rounded as the text output (one decimal): no float noise such as 17897.999999999996
        frame.to_csv(out, index=False, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:  # pragma: no cover - guarded by argparse choices
        raise ValidationError(f"--format {fmt!r}")


# ---------------------------------------------------------------------------------------------
# commands


def _live_host(source: str) -> str | None:
    """Return the upstream base URL a live ``--source`` fetches from (None for bundled/unknown)."""
    import os

    from .sources.http import base_url

    if source == "census":
        api = os.environ.get("TRADESHOCK_CENSUS_ROUTE", "").strip().lower() == "api"
        return base_url("census_api" if api else "census")
    return base_url("census_api") if source == "census-api" else None


def _check_network(source: str) -> None:
    """Fail fast with NO_NETWORK when a live source's server cannot be reached.

    One TCP connection with a short timeout (``CONNECT_TIMEOUT``), run in a daemon thread so
    a hanging DNS lookup cannot hold the command either: without a network the command fails
    within about ``CONNECT_TIMEOUT`` seconds instead of after the library's retries. Skipped
    in offline mode, where the HTTP cache serves (or refuses) every request.
    """
    import socket
    import urllib.request
    from urllib.parse import urlsplit

    from .errors import OfflineError
    from .sources.http import cached_session, is_offline

    url = _live_host(source)
    if url is None or is_offline():
        return
    cached_session().close()  # local problems (an unusable cache directory) are reported first
    parts = urlsplit(url)
    # behind an HTTP(S) proxy (env HTTPS_PROXY, …) requests talk to the proxy: probe that
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    reached: list[bool] = []

    def connect() -> None:
        try:
            socket.create_connection((parts.hostname or "", port), timeout=CONNECT_TIMEOUT).close()
            reached.append(True)
        except OSError:
            pass

    probe = threading.Thread(target=connect, daemon=True)
    probe.start()
    probe.join(CONNECT_TIMEOUT + 0.25)
    if not reached:
        raise OfflineError(f"{NO_NETWORK} ({parts.hostname}:{port} not reachable)")


def _cmd_report(args: argparse.Namespace, out: IO[str]) -> int:
    _check_network(args.source)
    if args.robust:
        return _cmd_robust(args, out)
    frame = report_table(
        args.partner,
        freq=args.freq,
        flows=args.flow,
        events=args.events,
        baseline=args.baseline,
        window=args.window,
        horizon=args.horizon,
        source=args.source,
        transform=args.transform,
        min_baseline=args.min_baseline,
    )
    if args.format in ("csv", "json"):
        _write_frame(frame, args.format, out)
        return 0
    view, right = _report_view(frame)
    span = frame.attrs.get("horizon")
    horizon = "to the end of the data" if span is None else _span(span, frame.attrs["freq"])
    freq_name = "annual" if frame.attrs["freq"] == "Y" else "monthly"
    title = (
        f"U.S. trade with {_partner_name(str(frame.attrs['partner']))} "
        f"({freq_name}, {frame.attrs.get('units')}); "
        f"baseline {args.baseline}, horizon {horizon}.\n"
        f"Source: {frame.attrs.get('source')} data from {frame.attrs.get('upstream_url')} "
        "(vintages: `tradeshock sources`)."
    )
    note = (
        "depth % = lowest gap to the baseline after the event; recovery = time from the event "
        "until trade is back at the baseline; cum. loss = shortfall summed until then."
    )
    if frame.attrs.get("transform"):
        title += f"\nMonthly values transformed first: {frame.attrs['transform']}."
    note += "".join(f"\n{line}" for line in _report_notes(frame))
    if args.format == "markdown":
        out.write(f"{title}\n\n{render_markdown(view, right)}\n\n{note}\n")
    else:
        out.write(f"{title}\n\n{render_text(view, right, blank_repeats='event')}\n\n{note}\n")
    return 0


def _partner_name(label: str) -> str:
    """Name the partner as a title does: "World, Not Seasonally Adjusted" is "the world"."""
    return "the world" if label.split(",")[0].strip().lower() == "world" else label


def _cmd_robust(args: argparse.Namespace, out: IO[str]) -> int:
    frame = robust_table(
        args.partner,
        freq=args.freq,
        flows=args.flow,
        events=args.events,
        horizon=args.horizon,
        source=args.source,
    )
    if args.format in ("csv", "json"):
        columns = ["event_id", "series", "baseline", "window", "status", "depth", "recovered"]
        _write_frame(frame[[c for c in columns if c in frame.columns]], args.format, out)
        return 0
    out.write(f"U.S. trade with {args.partner}: the response under every baseline and window.\n\n")
    for event_id, flow, verdict in frame.attrs["verdicts"]:
        out.write(f"{event_id} ({flow}): {verdict}\n")
    return 0


def _kind_transform(value: str | None, allowed: Sequence[str], kind: str) -> str | None:
    """``chart --transform`` serves two kinds: check that the value fits this one."""
    if value is not None and value not in allowed:
        raise ValidationError(
            f"--transform {value}: chart {kind} takes one of {', '.join(allowed)}"
        )
    return value


def _report_notes(frame: pd.DataFrame) -> list[str]:
    """One line per warning of rows with numbers (missing periods, extrapolation, confounding).

    "no drop" is already the row's recovery cell; rows without numbers say why there.
    """
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in frame.to_dict("records"):
        if _missing(row["depth_pct"]):
            continue
        parts = [p for p in str(row["status"]).split("; ") if p not in ("ok", "no drop")]
        if parts:
            grouped.setdefault((row["event_id"], "; ".join(parts)), []).append(row["series"])
    return [
        f"note: {event_id} ({', '.join(series)}): {warning}"
        for (event_id, warning), series in grouped.items()
    ]


def _cmd_sources(args: argparse.Namespace, out: IO[str]) -> int:
    frame = sources_table()
    if args.format in ("csv", "json"):
        _write_frame(frame, args.format, out)
    elif args.format == "markdown":
        out.write(render_markdown(frame) + "\n")
    else:
        blocks = []
        for row in frame.to_dict("records"):
            lines = [str(row["dataset"])]
            for key in frame.columns:
                if key != "dataset":
                    lines.append(f"  {key + ':':<10} {_cell(row[key])}")
            blocks.append("\n".join(lines))
        out.write("\n\n".join(blocks) + "\n")
    return 0


def sources_table() -> pd.DataFrame:
    """Return the catalog's user-facing columns: dataset, coverage, vintage, upstream URL.

    Example:
        >>> from tradeshock.cli import sources_table
        >>> list(sources_table().columns)
        ['dataset', 'coverage', 'frequency', 'units', 'vintage', 'url']

    """
    from .sources import catalog

    columns = ["dataset", "coverage", "frequency", "units", "vintage", "upstream_url"]
    table: pd.DataFrame = catalog()[columns].rename(columns={"upstream_url": "url"})
    return table


def _cmd_claims(args: argparse.Namespace, out: IO[str]) -> int:
    from .claims import check_claims

    out.write(check_claims(args.source).render(args.format))
    return 0


def _cmd_events(args: argparse.Namespace, out: IO[str]) -> int:
    timeline = _timeline(args.events)
    frame = pd.DataFrame(
        [
            {
                "id": event.id,
                "date": str(event.start),
                "category": str(event.category),
                "direction": str(event.direction),
                "label": event.label,
            }
            for event in timeline
        ],
        columns=["id", "date", "category", "direction", "label"],
    )
    if args.format in ("csv", "json"):
        _write_frame(frame, args.format, out)
    elif args.format == "markdown":
        out.write(render_markdown(frame) + "\n")
    else:
        out.write(render_text(frame) + "\n")
    return 0


def _cmd_chart(args: argparse.Namespace, out: IO[str]) -> int:
    try:
        import matplotlib
    except ImportError:
        print(
            "tradeshock chart: error: matplotlib is not installed; install the plot extra: "
            "pip install 'tradeshock[plot]'",
            file=sys.stderr,
        )
        return 1
    matplotlib.use("Agg")  # files only: never needs a display
    import matplotlib.pyplot as plt

    from . import plot

    if args.kind == "trade":
        from .sources import load_trade

        ax = plot.trade_events(load_trade(args.partner), _timeline(args.events or "article"))
    elif args.kind == "petroleum":
        from .sources import load_petroleum_imports

        imports = load_petroleum_imports(tuple(args.origins.split(",")))
        ax = plot.petroleum_imports(imports, missing=args.missing)
    elif args.kind == "study":
        ax = _study_chart(args, plot)
    elif args.kind == "composition":
        from .sources import load_trade_composition

        ax = plot.composition(
            load_trade_composition(args.partner, basis=args.basis),
            _timeline(args.events or COMPOSITION_EVENTS),
        )
    elif args.kind == "synthetic":
        ax = _synthetic_chart(args)
    else:
        ax = _response_chart(args, plot)
    figure: Any = ax.figure
    try:
        figure.savefig(args.out, dpi=args.dpi, bbox_inches="tight")
    except OSError as exc:  # unwritable path: bad input, not a crash
        raise ValidationError(
            f"--out: cannot write {str(args.out)!r}: {exc.strerror or exc}"
        ) from None
    finally:
        plt.close(figure)
    out.write(f"wrote {args.out}\n")
    return 0


def _baseline_data(baseline: str, flow: str, freq: str) -> dict[str, Any]:
    """Return the series a baseline needs, as the report does.

    reference = U.S. trade with the world (same flow), regression = the Brent oil price,
    synthetic = every partner's trade in the same flow as donors; nothing for the others.
    """
    from .sources import load_oil_price, load_trade, load_trade_panel

    if baseline == "reference":
        return {"reference": load_trade("World", freq=freq)[flow]}
    if baseline == "regression":
        return {"covariates": load_oil_price("brent", freq=freq).to_frame("brent")}
    if baseline == "synthetic":
        return {"donors": load_trade_panel(flow=flow, freq=freq)}
    return {}


def _response_chart(args: argparse.Namespace, plot: Any) -> Any:
    """Draw ``chart response``: one event, one flow, with its baseline path."""
    from .resilience import counterfactual, shock_response, transform_series
    from .sources import load_trade

    spec = args.event.strip()
    if spec in ("all", "article") or "," in spec:
        raise ValidationError(f"--event: give one event id, got {args.event!r}")
    (shock,) = tuple(_timeline(spec, "--event"))
    series = load_trade(args.partner, freq=args.freq)[args.flow]
    options = {
        "baseline": args.baseline,
        "window": args.window,
        "horizon": args.horizon,
        "transform": _kind_transform(args.transform, TRANSFORMS, "response"),
        **_baseline_data(args.baseline, args.flow, args.freq),
    }
    response = shock_response(series, shock, **options)
    path = counterfactual(series, shock, **options)
    shown = transform_series(series, options["transform"])  # the series the metrics saw
    return plot.shock_response(shown, response, event=shock, baseline=path)


def _names(text: str | None) -> list[str] | None:
    return None if text is None else [part.strip() for part in text.split(",") if part.strip()]


def _synthetic_chart(args: argparse.Namespace) -> Any:
    """`chart synthetic`: fit, placebo, conformal band; warn on stderr about a poor pre-fit."""
    from . import plot
    from .sources import load_trade_panel
    from .synthetic import POOR_FIT, synthetic_control

    spec = args.event.strip()
    if spec in ("all", "article") or "," in spec:
        raise ValidationError(f"--event: give one event id, got {args.event!r}")
    (shock,) = tuple(_timeline(spec, "--event"))
    horizon = DEFAULT_HORIZON[args.freq] if args.horizon is None else args.horizon
    fit = synthetic_control(
        load_trade_panel(flow=args.flow, freq=args.freq),
        args.partner,
        shock,
        window=args.window,
        horizon=None if horizon == "end" else horizon,
        donors=_names(args.donors),
        exclude=_names(args.exclude) or (),
        transform=_kind_transform(args.transform, ("index", "log", "level"), "synthetic")
        or "index",
    )
    if fit.poor_fit:
        print(
            f"tradeshock chart: warning: poor pre-fit: the pre-window RMSPE is "
            f"{fit.pre_rmspe_relative:.1%} of {fit.treated}'s pre-window scale "
            f"(above {POOR_FIT:.0%}); read the gap with care",
            file=sys.stderr,
        )
    names = {"exports": "exports to", "imports": "imports from", "total": "trade with"}
    left, _ = plot.synthetic_control(
        fit,
        placebo=fit.placebo(),
        intervals=fit.intervals(),
        title=f"U.S. {names[args.flow]} {fit.treated}, {shock.label}",
    )
    return left


# ---------------------------------------------------------------------------------------------
# study (issue 15): the event study of many sanctions episodes; logic in _cli_study


def _cmd_study(args: argparse.Namespace, out: IO[str]) -> int:
    from ._cli_study import episode_frame, path_frame, run_study

    study = run_study(
        args.events,
        flow=args.flow,
        freq=args.freq,
        baseline=args.baseline,
        window=args.window,
        horizon=args.horizon,
        seed=args.seed,
    )
    paths, episodes = path_frame(study), episode_frame(study)
    if args.format in ("csv", "json"):
        _write_frame(episodes if args.episodes else paths, args.format, out)
        return 0
    render = render_markdown if args.format == "markdown" else render_text
    episodes = episodes.astype(object).where(episodes.notna(), None)  # blank, not <NA>
    headlines = "\n".join(study.summary().splitlines()[: 1 + len(study.groups)])
    out.write(
        f"{headlines}\n\nAverage path (% gap to the baseline; k = periods since the event, "
        f"{study.level:.0%} bootstrap band over episodes):\n\n{render(paths)}\n\n"
        f"Episodes:\n\n{render(episodes)}\n\nDescriptive evidence: the events were not "
        "randomly assigned.\n"
    )
    return 0


def _study_chart(args: argparse.Namespace, plot: Any) -> Any:
    from ._cli_study import run_study, russia_highlights

    if args.horizon == "end":
        raise ValidationError("--horizon: chart study needs a number of periods, not 'end'")
    options = {
        "flow": args.flow,
        "freq": args.freq,
        "baseline": args.baseline,
        "window": args.window,
        "horizon": args.horizon,
    }
    study = run_study(args.events or "sanctions", **options)
    return plot.event_study(study, highlight=russia_highlights(**options))


def _add_study_parser(commands: Any) -> None:
    study = commands.add_parser(
        "study",
        help="event study: the average path of trade around many sanctions episodes",
        description=(
            "Stack episodes (partner, event) at event time and average the % gap of trade to "
            "each episode's own baseline, with a bootstrap band; escalations and easings are "
            "averaged separately. Prints the average path and the per-episode table."
        ),
    )
    study.add_argument(
        "--events",
        default="sanctions",
        help="sanctions (default: U.S. sanctions episodes, each event to its targets), russia "
        "(the U.S.-Russia timeline, every event to Russia) or event ids separated by commas",
    )
    study.add_argument("--flow", choices=FLOWS, default="total", help="flow (default total)")
    study.add_argument("--freq", type=_freq, default="Y", help="Y (annual, default) or M")
    study.add_argument(
        "--baseline", choices=BASELINES, default="pre_mean", help="baseline (default pre_mean)"
    )
    study.add_argument("--window", type=_positive_int, default=None, help="pre-event window")
    study.add_argument(
        "--horizon",
        type=lambda text: _whole_number(text, 0),
        default=None,
        help="periods after the event (default 5 annual, 36 monthly)",
    )
    study.add_argument(
        "--seed",
        type=lambda text: _whole_number(text, 0),
        default=0,
        help="bootstrap seed (default 0)",
    )
    study.add_argument(
        "--episodes", action="store_true", help="csv/json: the per-episode table, not the path"
    )
    _add_format(study)
    study.set_defaults(func=_cmd_study)


# ---------------------------------------------------------------------------------------------
# parser


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )


def _add_report_measure_options(report: argparse.ArgumentParser) -> None:
    """Add ``report``'s options on how to measure: transform, minimum baseline, robustness."""
    report.add_argument(
        "--transform",
        choices=TRANSFORMS,
        default=None,
        help="monthly data: remove seasonality first (rolling12 = 12-month sums, yoy = "
        "vs the same month a year earlier, sa = STL adjustment, needs the sa extra)",
    )
    report.add_argument(
        "--min-baseline",
        type=float,
        default=None,
        help="rows on a smaller mean baseline get status 'baseline too small' (default 10 "
        "annual, 1 monthly, in USD millions; 0 keeps every row)",
    )
    report.add_argument(
        "--robust",
        action="store_true",
        help="instead of one baseline: every baseline (synthetic included) and a range of "
        "windows, with a one-line verdict per event and flow",
    )


def _add_report_parser(commands: Any) -> None:
    """Add the ``report`` subcommand: a table of responses to events."""
    report = commands.add_parser(
        "report",
        help="resilience of a partner's trade around political events (a table)",
        description=(
            "Depth, trough, recovery and cumulative loss of U.S. trade with a partner around "
            "political events. With no options: U.S.-Russia exports, imports and total, annual, "
            "bundled data, the article's events, baseline pre_mean."
        ),
    )
    report.add_argument("--partner", default="Russia", help="partner name, ISO3 or Census code")
    report.add_argument("--freq", type=_freq, default="Y", help="Y (annual, default) or M")
    report.add_argument(
        "--flow",
        type=_flows,
        default=FLOWS,
        help="comma-separated flows among exports, imports, total (default: all three)",
    )
    report.add_argument(
        "--events",
        default="article",
        help="'article' (default: the events the source article names), 'all', or event ids "
        "separated by commas (see `tradeshock events --events all`)",
    )
    report.add_argument(
        "--baseline",
        choices=BASELINES,
        default="pre_mean",
        help="counterfactual baseline (default pre_mean; reference = U.S. trade with the "
        "world; regression = Brent-adjusted; synthetic = synthetic control from every "
        "partner's trade)",
    )
    report.add_argument(
        "--window",
        type=_positive_int,
        default=None,
        help="pre-shock window in periods (default 3 annual, 12 monthly)",
    )
    report.add_argument(
        "--horizon",
        type=_horizon,
        default=None,
        help="post-shock horizon in periods, or 'end' for the end of the data "
        "(default 5 annual, 36 monthly)",
    )
    _add_report_measure_options(report)
    report.add_argument("--source", default="bundled", help="data source (default: bundled)")
    _add_format(report)
    report.set_defaults(func=_cmd_report)


def _add_response_options(chart: argparse.ArgumentParser) -> None:
    """Add the options of ``chart response`` and ``chart synthetic`` (one event, one flow)."""
    chart.add_argument("--flow", choices=FLOWS, default="total", help="response, synthetic: flow")
    chart.add_argument(
        "--event",
        default=DEFAULT_RESPONSE_EVENT,
        help=f"response, synthetic: event id (default {DEFAULT_RESPONSE_EVENT})",
    )
    chart.add_argument("--freq", type=_freq, default="Y", help="response, synthetic: Y or M")
    chart.add_argument(
        "--baseline",
        choices=BASELINES,
        default="pre_mean",
        help="response: baseline (reference = U.S. trade with the world; regression = "
        "Brent-adjusted)",
    )
    chart.add_argument(
        "--window", type=_positive_int, default=None, help="response, synthetic: window"
    )
    chart.add_argument(
        "--donors",
        default=None,
        help="synthetic: comma-separated donors (default: all partners); give a name with a "
        "comma by its ISO code (KOR for 'Korea, South')",
    )
    chart.add_argument("--exclude", default=None, help="synthetic: comma-separated non-donors")
    chart.add_argument(
        "--transform",
        choices=("index", "log", "level", *TRANSFORMS),
        default=None,
        help="synthetic: index (default), log or level; response (monthly): "
        f"{', '.join(TRANSFORMS)} (default: none)",
    )
    chart.add_argument(
        "--horizon",
        type=_horizon,
        default=None,
        help="response, synthetic: horizon in periods or 'end' (default 5 annual, 36 monthly)",
    )


def _add_chart_parser(commands: Any) -> None:
    """Add the ``chart`` subcommand: one figure to a file."""
    chart = commands.add_parser(
        "chart",
        help="draw a chart to a file (needs the plot extra)",
        description=(
            "trade: the article's Chart 1 (exports, imports, balance with events); petroleum: "
            "Chart 2 (petroleum imports from Russia, Canada, Venezuela); response: one shock "
            "response (series, baseline, trough, recovery); composition: imports by commodity "
            "group with events; synthetic: actual vs synthetic control, the gap with placebo "
            "gaps in grey and the conformal band."
        ),
    )
    chart.add_argument(
        "kind", choices=("trade", "petroleum", "response", "composition", "study", "synthetic")
    )
    chart.add_argument(
        "--out", type=_out_path, required=True, help="output file: .png, .svg or .pdf"
    )
    chart.add_argument("--partner", default="Russia", help="partner (trade, response, composition)")
    chart.add_argument(
        "--events",
        default=None,
        help="events to mark: article, all or ids (default: the article's events for trade; "
        f"{COMPOSITION_EVENTS} for composition)",
    )
    chart.add_argument(
        "--origins", default="Russia,Canada,Venezuela", help="petroleum: comma-separated origins"
    )
    chart.add_argument(
        "--basis",
        default="enduse",
        help="composition: enduse (bundled) or hs2 (UN Comtrade, live only)",
    )
    _add_response_options(chart)
    chart.add_argument(
        "--missing",
        choices=("skip", "zero"),
        default="skip",
        help="petroleum: draw blanks as gaps (skip, default) or as zero imports (zero: EIA "
        "leaves a blank where an embargo stopped imports)",
    )
    chart.add_argument(
        "--dpi", type=_dpi, default=150, help=f"resolution (default 150, at most {MAX_DPI})"
    )
    chart.set_defaults(func=_cmd_chart)


def _add_listing_parsers(commands: Any) -> None:
    """Add the ``sources``, ``claims`` and ``events`` subcommands (tables of what is bundled)."""
    sources = commands.add_parser(
        "sources",
        help="the bundled datasets: coverage, vintage, upstream URL",
        description="List every bundled dataset (tradeshock.catalog()).",
    )
    _add_format(sources)
    sources.set_defaults(func=_cmd_sources)

    claims = commands.add_parser(
        "claims",
        help="check the source article's quantitative claims against the data",
        description="Every claim of the article in its order, with the data's figure, a verdict "
        "robust to reasonable choices, and what data an unchecked claim needs.",
    )
    _add_format(claims)
    claims.add_argument(
        "--source",
        choices=("bundled", "census"),
        default="bundled",
        help="census: also fetch the Census HS exports the food-embargo claim needs (live)",
    )
    claims.set_defaults(func=_cmd_claims)

    events = commands.add_parser(
        "events",
        help="list the bundled U.S.-Russia events (ids for --events)",
        description="List events of the bundled timeline.",
    )
    events.add_argument("--events", default="all", help="all (default), article, sanctions, or ids")
    _add_format(events)
    events.set_defaults(func=_cmd_events)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``tradeshock`` command (all subcommands).

    Example:
        >>> build_parser().parse_args(["report", "--format", "csv"]).format
        'csv'

    """
    parser = _Parser(
        prog="tradeshock",
        description=(
            "When politics hits a trade relationship: how far trade falls, how fast it "
            "comes back. Works offline on the bundled snapshot."
        ),
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"tradeshock {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_report_parser(commands)
    _add_chart_parser(commands)
    _add_listing_parsers(commands)
    _add_study_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tradeshock`` command; return the exit code.

    Example:
        >>> main(["--version"])  # doctest: +SKIP
        tradeshock 0.1.0
        0

    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    func: Callable[[argparse.Namespace, IO[str]], int] | None = getattr(args, "func", None)
    if func is None:
        print(
            "tradeshock: error: a command is required: report, chart, sources, claims, events or "
            "study (see --help)",
            file=sys.stderr,
        )
        return 2
    try:
        code = func(args, sys.stdout)
        sys.stdout.flush()  # a full device fails here, where it is handled, not at exit
        return code
    except TradeshockError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"tradeshock {args.command}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `tradeshock report | head`
        return 0
    except OSError as exc:  # `tradeshock report > /dev/full`: the output cannot be written
        _discard_stdout()
        print(
            f"tradeshock {args.command}: error: cannot write the output ({exc.strerror or exc})",
            file=sys.stderr,
        )
        return 2


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the unwritable buffer is not flushed again at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass

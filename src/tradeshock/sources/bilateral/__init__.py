"""Bilateral goods trade for any reporter–partner pair: both views of a flow, and mirrors.

[`load_bilateral`][tradeshock.sources.bilateral.load_bilateral] dispatches on ``source=``:
``"bundled"`` (the snapshot: IMF DOTS and Eurostat Comext tables, plus the U.S. Census tables for
reporter United States), ``"imf"`` (IMF IMTS, SDMX 3.0, no key) or ``"comtrade"`` (UN Comtrade v1,
your subscription key). `mirror_trade` rebuilds one economy's trade from its partners' reports.

Terms of each compiler (`TERMS`) decide what is bundled: only data whose compiler's own
statement allows redistribution. Russia's FTS/Rosstat and Kazakhstan's BNS workbooks state no
such terms and are not bundled (their parsers are in
[`tradeshock.parsers.bilateral`][tradeshock.parsers.bilateral]).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..._snapshot import dataset_entry
from ...errors import NotInSnapshotError, SourceError, ValidationError
from .._common import check_source
from .._provenance import Provenance, licence_of, stamp
from . import _bundled
from ._frames import FLOWS, PRECEDENCE, VALUATION, mirror_flows, pick, wide
from ._mirror import MirrorTrade, mirror_trade
from ._resolve import resolve_economy

if TYPE_CHECKING:
    import requests

    from ...parsers.bilateral._countries import Economy

__all__ = [
    "PRECEDENCE",
    "TERMS",
    "MirrorTrade",
    "load_bilateral",
    "mirror_trade",
    "resolve_economy",
]

SOURCES = ("bundled", "imf", "comtrade")
VIEWS = ("reporter", "partner", "both")
#: reuse terms per compiler, as the compiler states them (or that it states none)
TERMS = {
    "IMF DOTS": "IMF Copyright and Usage, special terms for Data (2020-01-02): IMF Data incl. "
    "Direction of Trade may be copied, redistributed and sold with attribution "
    "(https://www.imf.org/external/terms.htm); bundled",
    "IMF IMTS": "IMF Copyright and Usage (https://www.imf.org/en/About/copyright-and-terms); "
    "live only",
    "Eurostat Comext": "Eurostat copyright notice: reuse authorised provided the source is "
    "acknowledged (https://ec.europa.eu/eurostat/help/copyright-notice); bundled",
    "U.S. Census Bureau": "U.S. government work, public domain; bundled",
    "UN Comtrade": "UN Comtrade terms forbid re-dissemination without permission; live only, "
    "with your own subscription key",
    "FTS": "not established: the workbooks only ask media to cite 'По данным ФТС России'; "
    "not bundled (parse your own copy with tradeshock.parsers.bilateral.fts)",
    "BNS": "not established: the workbooks carry a bare © notice of the Bureau of National "
    "Statistics; not bundled (parse your own copy with tradeshock.parsers.bilateral.bns)",
}
_COMPILER_ALIASES = {
    "imf": "IMF DOTS",
    "dots": "IMF DOTS",
    "imf dots": "IMF DOTS",
    "eurostat": "Eurostat Comext",
    "comext": "Eurostat Comext",
    "eurostat comext": "Eurostat Comext",
    "census": "U.S. Census Bureau",
    "u.s. census bureau": "U.S. Census Bureau",
}
_LIVE = "source='imf' (IMF IMTS, no key) or source='comtrade' (UN Comtrade, your key)"


def _check_flows(flow: object) -> tuple[str, ...]:
    flows = (flow,) if isinstance(flow, str) else flow
    if not isinstance(flows, (tuple, list)) or not flows or any(f not in FLOWS for f in flows):
        raise ValidationError(f"flow={flow!r}: use 'exports', 'imports' or a tuple of both")
    return tuple(dict.fromkeys(flows))


def _check_freq(freq: object) -> str:
    value = str(freq).upper() if isinstance(freq, str) else ""
    if value in ("Y", "A"):
        return "Y"
    if value == "M":
        return "M"
    raise ValidationError(f"freq={freq!r}: use 'Y' (annual) or 'M' (monthly)")


def _check_compiler(compiler: object) -> str | None:
    if compiler is None:
        return None
    if isinstance(compiler, str) and compiler.strip().lower() in _COMPILER_ALIASES:
        return _COMPILER_ALIASES[compiler.strip().lower()]
    raise ValidationError(f"compiler={compiler!r}: use 'imf', 'eurostat', 'census' or None")


def _rows(
    reporter: Economy,
    partner: Economy,
    freq: str,
    source: str,
    *,
    session: requests.Session | None,
    api_key: str | None,
    start: object,
    end: object,
) -> tuple[pd.DataFrame, str]:
    """Long rows of what ``reporter`` reported about ``partner``, and the URL they came from."""
    if source == "bundled":
        return _bundled.reported_rows(reporter.code, partner.code, freq), ""
    from . import _live

    if source == "imf":
        return _live.imf_rows(reporter, partner, freq, session=session, start=start, end=end)
    return _live.comtrade_rows(
        reporter, partner, freq, session=session, api_key=api_key, start=start, end=end
    )


def _view(
    reporter: Economy,
    partner: Economy,
    view: str,
    freq: str,
    source: str,
    compiler: str | None,
    **live: object,
) -> tuple[pd.DataFrame, str]:
    if view == "reporter":
        long, url = _rows(reporter, partner, freq, source, **live)  # type: ignore[arg-type]
    else:
        long, url = _rows(partner, reporter, freq, source, **live)  # type: ignore[arg-type]
        long = mirror_flows(long)
    return pick(long, compiler), url


_DATASET_OF = {
    "IMF DOTS": "bilateral_imf_dots",
    "Eurostat Comext": "bilateral_eurostat_comext",
    "U.S. Census Bureau": "census_trade_annual",
    "IMF IMTS": "IMF.STA/IMTS",
    "UN Comtrade": "comtrade data/v1",
}


def _provenance(
    long: pd.DataFrame, compilers: tuple[str, ...], *, freq: str, source: str, url: str
) -> Provenance:
    """Build the project-wide provenance record of one view (bundled or live)."""
    census = "census_trade_annual" if freq == "Y" else "census_trade_monthly"
    datasets = [census if c == "U.S. Census Bureau" else _DATASET_OF.get(c, c) for c in compilers]
    if source == "bundled":
        licences = [licence_of(d) for d in datasets]
        origin = f"bundled snapshot: {', '.join(compilers)}"
        vintage = "; ".join(str(dataset_entry(d)["vintage"]) for d in datasets)
        upstream = "; ".join(str(dataset_entry(d)["upstream_url"]) for d in datasets)
    else:
        licences = [TERMS.get(c, "") for c in compilers]
        origin = f"{', '.join(compilers)} (live): {url}"
        vintage, upstream = "live", url
    notes = _cell_notes(long)
    return Provenance(
        dataset=", ".join(datasets),
        source=origin,
        units=str(long["units"].iloc[0]) if len(long) else "USD millions",
        vintage=vintage,
        upstream_url=upstream,
        freq=freq,
        licence=" | ".join(dict.fromkeys(licences)),
        notes=notes,
    )


def _cell_notes(long: pd.DataFrame) -> list[str]:
    """One line per distinct caveat: ``"2010 exports: …"``, or a period span when it repeats."""
    cells: dict[str, list[tuple[str, str]]] = {}
    for period, flow, note in zip(long["period"], long["flow"], long["note"], strict=True):
        if note:
            cells.setdefault(str(note), []).append((str(period), str(flow)))
    lines = []
    for note, where in cells.items():
        periods = sorted(p for p, _ in where)
        flows = "/".join(sorted({f for _, f in where}))
        span = periods[0] if len(set(periods)) == 1 else f"{periods[0]}-{periods[-1]}"
        lines.append(f"{span} {flows}: {note}")
    return lines


def _stamp(
    frame: pd.DataFrame,
    long: pd.DataFrame,
    *,
    reporter: Economy,
    partner: Economy,
    view: str,
    freq: str,
    source: str,
    url: str,
) -> pd.DataFrame:
    compilers = tuple(c for c in PRECEDENCE if (long["compiler"] == c).any())
    by_flow = {f: sorted(set(long.loc[long["flow"] == f, "compiler"])) for f in FLOWS}
    valuation = {
        f: "/".join(sorted({VALUATION.get(c, {}).get(f, "?") for c in cs}))
        for f, cs in by_flow.items()
        if cs
    }
    return stamp(
        frame,
        _provenance(long, compilers, freq=freq, source=source, url=url),
        reporter=reporter.name,
        partner=partner.name,
        view=view,
        compiler=", ".join(compilers),
        compiler_by_flow={f: ", ".join(c) for f, c in by_flow.items() if c},
        valuation=valuation,
    )


def _single(
    reporter: Economy,
    partner: Economy,
    view: str,
    flows: tuple[str, ...],
    freq: str,
    source: str,
    compiler: str | None,
    **live: object,
) -> pd.DataFrame:
    long, url = _view(reporter, partner, view, freq, source, compiler, **live)
    frame = wide(long, flows, freq, live.get("start"), live.get("end"))
    shown = long[long["period"].isin(frame.index.astype(str))] if len(long) else long
    return _stamp(
        frame,
        shown,
        reporter=reporter,
        partner=partner,
        view=view,
        freq=freq,
        source=source,
        url=url,
    )


def _both(
    reporter: Economy,
    partner: Economy,
    flows: tuple[str, ...],
    freq: str,
    source: str,
    compiler: str | None,
    **live: object,
) -> pd.DataFrame:
    own = _single(reporter, partner, "reporter", flows, freq, source, compiler, **live)
    mirror = _single(reporter, partner, "partner", flows, freq, source, compiler, **live)
    present = [f for f in (own, mirror) if f.notna().any().any()]
    if len({f.attrs["units"] for f in present}) > 1:
        raise ValidationError(
            f"the two views are in different units ({own.attrs['units']} vs "
            f"{mirror.attrs['units']}); pass compiler= to choose one compiler for both"
        )
    index = own.index.union(mirror.index)
    columns: dict[str, pd.Series] = {}
    for flow in flows:
        columns[f"{flow}_reporter"] = own[flow].reindex(index)
        columns[f"{flow}_partner"] = mirror[flow].reindex(index)
        columns[f"{flow}_gap"] = columns[f"{flow}_reporter"] - columns[f"{flow}_partner"]
    frame = pd.DataFrame(columns, index=index)
    frame.index.name = "period"
    frame.attrs = {
        **own.attrs,
        "view": "both",
        "units": present[0].attrs["units"],
        "reporter_view": own.attrs,
        "partner_view": mirror.attrs,
        "gap": "reporter's report minus the partner's mirror report, same units",
    }
    result: pd.DataFrame = frame
    return result


def _nothing(reporter: Economy, partner: Economy, freq: str, source: str) -> Exception:
    pair = f"{reporter.name}–{partner.name} ({'annual' if freq == 'Y' else 'monthly'})"
    if source == "bundled":
        return NotInSnapshotError(
            f"the snapshot does not cover {pair} trade from either side; it covers "
            f"{_bundled.coverage_text()}; use {_LIVE}"
        )
    return SourceError(f"{source}: no data for {pair} trade from either side")


def load_bilateral(
    reporter: str | int,
    partner: str | int,
    *,
    flow: str | Sequence[str] = FLOWS,
    freq: str = "Y",
    source: str = "bundled",
    view: str = "reporter",
    session: requests.Session | None = None,
    api_key: str | None = None,
    compiler: str | None = None,
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Goods trade between ``reporter`` and ``partner``, as either side reports it.

    Args:
        reporter: the economy whose exports and imports the columns are (a name in English or
            Russian, ISO alpha-3, ``"EU"``, an IMF code ``"imf:922"`` or a UN M49 code ``643``).
        partner: the other economy, in any of the same forms (``"World"`` for the total).
        flow: ``"exports"``, ``"imports"`` or both (default).
        freq: ``"Y"`` (annual) or ``"M"`` (monthly).
        source: ``"bundled"`` (offline snapshot), ``"imf"`` (IMF IMTS, SDMX 3.0, no key) or
            ``"comtrade"`` (UN Comtrade v1; needs ``api_key``).
        view: ``"reporter"`` — the reporter's own report; ``"partner"`` — the mirror: the
            partner's imports as the reporter's exports and the partner's exports as its imports;
            ``"both"`` — ``<flow>_reporter``, ``<flow>_partner`` and ``<flow>_gap`` (reporter
            minus mirror) side by side.
        session: a session from
            [`tradeshock.sources.http.cached_session`][tradeshock.sources.http.cached_session] (live
            sources).
        api_key: your UN Comtrade subscription key (``source="comtrade"``); sent only in the
            ``Ocp-Apim-Subscription-Key`` header, never in a URL, the cache or a message.
        compiler: ``"imf"``, ``"eurostat"`` or ``"census"`` to use one compiler only (e.g.
            Eurostat's EUR series); default: the precedence in `PRECEDENCE`.
        start: first period kept (``"2014"`` or ``"2014-03"``); default: all.
        end: last period kept.

    Returns:
        Periods × flows with a PeriodIndex named ``period``; NaN where nothing was reported.
        Values in USD millions (``attrs["units"]``), except a series only Eurostat covers,
        which stays in EUR millions and says so (never converted). ``attrs``: ``reporter``,
        ``partner``, ``view``, ``units``, ``compiler``, ``compiler_by_flow``, ``valuation``
        (exports FOB, imports CIF for IMF data), ``licence``, ``notes`` (per-cell caveats such
        as Russia's unallocated exports of 2009–2011) and the project-wide
        [`Provenance`][tradeshock.sources.Provenance] fields (``dataset``, ``source``,
        ``vintage``, ``upstream_url``, ``freq``, ``licence``).

    Raises:
        UnknownPartnerError: ``reporter`` or ``partner`` is unknown (suggestions across naming
            systems in the message and ``.suggestions``).
        NotInSnapshotError: the snapshot covers the pair from neither side; the message says
            what it covers and which live source has it.
        SourceError: a live source failed or has no data for the pair.
        ValidationError: a bad ``flow``, ``freq``, ``source``, ``view``, ``compiler`` or
            ``start``/``end``; ``source="comtrade"`` without ``api_key`` (no request is sent).

    Example:
        >>> import tradeshock as ts
        >>> china = ts.load_bilateral("China", "Russia")
        >>> round(float(china.loc["2019", "exports"]), 1), china.attrs["units"]
        (49484.5, 'USD millions')
        >>> both = ts.load_bilateral("Russia", "China", view="both")
        >>> round(float(both.loc["2019", "imports_partner"]), 1)  # China's exports, mirrored
        49484.5

    """
    flows = _check_flows(flow)
    freq = _check_freq(freq)
    source = check_source(source, SOURCES, loader="load_bilateral")
    if view not in VIEWS:
        raise ValidationError(f"view={view!r}: use 'reporter', 'partner' or 'both'")
    chosen = _check_compiler(compiler)
    rep = resolve_economy(reporter, "reporter")
    par = resolve_economy(partner, "partner")
    if rep.code == par.code:
        raise ValidationError(f"reporter and partner are both {rep.name}")
    if source == "comtrade" and not api_key:
        from ._live import missing_key_error

        raise missing_key_error()
    live = {"session": session, "api_key": api_key, "start": start, "end": end}
    if view == "both":
        frame = _both(rep, par, flows, freq, source, chosen, **live)
    else:
        frame = _single(rep, par, view, flows, freq, source, chosen, **live)
    if not frame.notna().any().any():
        raise _nothing(rep, par, freq, source)
    return frame

"""Rebuild one economy's trade from its partners' reports (mirror statistics)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pandas as pd

from ...errors import NotInSnapshotError, ValidationError

__all__ = ["DEFAULT_PARTNERS", "MirrorTrade", "mirror_trade"]

DEFAULT_PARTNERS = ("European Union", "China", "United States", "Kazakhstan", "Turkey", "India")
EU_MEMBERS = frozenset(
    (
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
    )
)


@attrs.frozen(repr=False)
class MirrorTrade:
    """An economy's trade as its partners report it.

    Attributes:
        economy: the economy rebuilt (English name).
        partners: the partners used, in order.
        usd: periods × (partner, flow), USD millions: each partner's imports from the economy
            (the economy's ``exports``) and exports to it (``imports``).
        eur: the same for series only available in EUR millions (Eurostat), not converted.
        coverage: one row per partner × flow: compiler, units, first and last period.
        totals: periods × flows, the sum over partners in USD, with ``<flow>_partners`` saying
            how many partners the sum covers in that period.

    Example:
        >>> import tradeshock as ts
        >>> m = ts.mirror_trade("Russia", partners=["China", "United States"])
        >>> round(float(m.usd.loc["2019", ("China", "exports")]), 1)  # China's imports from Russia
        60257.2

    """

    economy: str
    partners: tuple[str, ...]
    usd: pd.DataFrame
    eur: pd.DataFrame
    coverage: pd.DataFrame
    totals: pd.DataFrame

    def summary(self) -> str:
        """Plain-language coverage, one line per partner and flow."""
        lines = [f"{self.economy}'s trade rebuilt from {len(self.partners)} partners' reports:"]
        for row in self.coverage.itertuples():
            lines.append(
                f"  {row.partner} {row.flow}: {row.compiler}, {row.units}, {row.first}-{row.last}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        last = self.usd.dropna(how="all").index.max() if not self.usd.empty else None
        return (
            f"MirrorTrade({self.economy!r}, partners={len(self.partners)}, "
            f"USD data to {last}, EUR series {len(self.eur.columns)})"
        )

    def _repr_html_(self) -> str:
        table = self.coverage.to_html(index=False)
        return (
            f"<p><b>{self.economy}</b>: trade rebuilt from partners' reports "
            f"(USD millions; EUR series kept apart, not converted).</p>{table}"
        )


def _partner_frames(economy: str, partner: str, freq: str) -> list[pd.DataFrame]:
    from . import load_bilateral

    try:
        frame = load_bilateral(economy, partner, view="partner", freq=freq)
    except NotInSnapshotError:
        frame = None
    frames = [] if frame is None else [frame]
    if frame is None or frame.attrs["units"] != "EUR millions":
        try:
            eur = load_bilateral(economy, partner, view="partner", freq=freq, compiler="eurostat")
        except NotInSnapshotError:
            eur = None
        if eur is not None:
            frames.append(eur)
    return frames


def _coverage_rows(name: str, frame: pd.DataFrame) -> list[dict[str, object]]:
    rows = []
    for flow in frame.columns:
        valid = frame[flow].dropna()
        if valid.empty:
            continue
        rows.append(
            {
                "partner": name,
                "flow": flow,
                "compiler": frame.attrs["compiler_by_flow"].get(flow, ""),
                "units": frame.attrs["units"],
                "first": str(valid.index.min()),
                "last": str(valid.index.max()),
            }
        )
    return rows


def _check_partners(economy: str, partners: Sequence[str | int]) -> list[str]:
    from ._resolve import resolve_economy

    if isinstance(partners, (str, int)) or not partners:
        raise ValidationError("partners must be a non-empty list of partner names or codes")
    resolved = [resolve_economy(p, "partner") for p in partners]
    codes = [e.code for e in resolved]
    if len(set(codes)) != len(codes):
        raise ValidationError(f"partners={list(partners)!r} names an economy twice")
    if "EU27" in codes and EU_MEMBERS & set(codes):
        members = sorted(e.name for e in resolved if e.code in EU_MEMBERS)
        raise ValidationError(
            f"{', '.join(members)} are in the European Union: the totals "
            "would count them twice; drop them or the EU"
        )
    if economy in codes or "WLD" in codes:
        raise ValidationError("partners must not include the economy itself or the World")
    return [e.name for e in resolved]


def mirror_trade(
    economy: str | int = "Russia",
    partners: Sequence[str | int] = DEFAULT_PARTNERS,
    *,
    freq: str = "Y",
) -> MirrorTrade:
    """Rebuild ``economy``'s trade from what its partners report (bundled data only).

    For each partner the mirror view of [`load_bilateral`][tradeshock.load_bilateral] is
    used: the partner's imports from ``economy`` stand for ``economy``'s exports, its exports
    to ``economy`` for ``economy``'s imports. This is how Russia's trade after 2021 can be seen
    at all: Russia stopped publishing partner detail, its partners did not. USD series
    (IMF DOTS to 2020; U.S. Census to 2025) are summed in ``totals`` with the number of partners
    each sum covers; Eurostat's EUR series (EU exports to Russia to 2023, monthly to 2024-08)
    are kept apart in ``eur`` because no exchange-rate source is bundled.

    Args:
        economy: the economy to rebuild (any naming system, as in ``load_bilateral``).
        partners: partners whose reports are used; the EU and one of its members together
            are refused (double counting).
        freq: ``"Y"`` or ``"M"``.

    Returns:
        A [`MirrorTrade`][tradeshock.sources.bilateral.MirrorTrade] record.

    Raises:
        ValidationError: bad partners (empty, duplicated, overlapping EU members, the World).
        NotInSnapshotError: no partner reports anything about ``economy`` in the snapshot.
        UnknownPartnerError: an unknown name.

    Example:
        >>> import tradeshock as ts
        >>> m = ts.mirror_trade("Russia", partners=["European Union", "United States"])
        >>> m.coverage.query("partner == 'United States' and flow == 'imports'")["last"].item()
        '2025'

    """
    from ._resolve import resolve_economy

    target = resolve_economy(economy, "economy")
    names = _check_partners(target.code, partners)
    usd: dict[tuple[str, str], pd.Series] = {}
    eur: dict[tuple[str, str], pd.Series] = {}
    coverage: list[dict[str, object]] = []
    for name in names:
        for frame in _partner_frames(target.name, name, freq):
            bucket = eur if frame.attrs["units"] == "EUR millions" else usd
            for flow in frame.columns:
                if frame[flow].notna().any():
                    bucket[(name, flow)] = frame[flow]
            coverage.extend(_coverage_rows(name, frame))
    if not usd and not eur:
        raise NotInSnapshotError(
            f"no partner in {names} reports trade with {target.name} in the snapshot"
        )
    usd_frame = _frame(usd)
    return MirrorTrade(
        economy=target.name,
        partners=tuple(names),
        usd=usd_frame,
        eur=_frame(eur),
        coverage=pd.DataFrame(coverage),
        totals=_totals(usd_frame),
    )


def _frame(series: dict[tuple[str, str], pd.Series]) -> pd.DataFrame:
    if not series:
        empty: pd.DataFrame = pd.DataFrame()
        return empty
    frame = pd.concat(series, axis=1).sort_index()
    frame.columns = pd.MultiIndex.from_tuples(list(series), names=["partner", "flow"])
    frame.index.name = "period"
    result: pd.DataFrame = frame
    return result


def _totals(usd: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for flow in ("exports", "imports"):
        if usd.empty or flow not in usd.columns.get_level_values("flow"):
            continue
        part: pd.DataFrame = usd.loc[:, usd.columns.get_level_values("flow") == flow]
        out[flow] = part.sum(axis="columns", min_count=1)
        out[f"{flow}_partners"] = part.notna().sum(axis="columns")
    totals = pd.DataFrame(out)
    totals.attrs = {
        "units": "USD millions",
        "note": "sum over the partners reporting that period; <flow>_partners says how many",
    }
    result: pd.DataFrame = totals
    return result

"""Typed results of the claims check: one `ClaimCheck` per claim, one `ClaimsReport`.

A claim is checked under every reasonable choice a careful reader would try (base years, the
data the author had versus the data now, the sample start, the product or basis); each choice
is a `Finding`. The claim's verdict is robust by construction: "holds" only if it holds
under every choice, "does not hold" only if it holds under none, otherwise "depends on the
choice", and the choices that decide it are named.

Example:
    >>> f = Finding("base 2011–2013", (("base years", "2011–2013"),), 0.89, "89%", False)
    >>> g = Finding("base 2008–2013", (("base years", "2008–2013"),), 1.02, "102%", True)
    >>> robust_verdict((f, g))
    'depends on the choice'
    >>> deciding_choices((f, g))
    ('base years',)

"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence

import attrs
import pandas as pd

__all__ = [
    "CHECKED_VERDICTS",
    "DEPENDS",
    "FAILS",
    "HOLDS",
    "MIXED",
    "NEEDS_LIVE",
    "NOT_US",
    "VERDICTS",
    "ClaimCheck",
    "ClaimsReport",
    "Finding",
    "deciding_choices",
    "robust_verdict",
]

HOLDS = "holds"
FAILS = "does not hold"
MIXED = "mixed"  # one part of the claim holds, another does not, under every choice
DEPENDS = "depends on the choice"
NOT_US = "not checkable with U.S. statistics"
NEEDS_LIVE = "needs live data"  # checkable with U.S. data that are not bundled
VERDICTS = (HOLDS, FAILS, MIXED, DEPENDS, NOT_US, NEEDS_LIVE)
CHECKED_VERDICTS = (HOLDS, FAILS, MIXED, DEPENDS)
_PLURAL = {HOLDS: "hold", FAILS: "do not hold", MIXED: "mixed", DEPENDS: "depend on the choice"}


@attrs.frozen
class Finding:
    """The claim's test under one set of choices (or one year of a per-year claim).

    Attributes:
        label: the choices in words, e.g. ``"base 2008–2013, data to 2021"``.
        choices: ``(dimension, value)`` pairs, e.g. ``(("base years", "2008–2013"),)``.
        value: the number that decides (a ratio, R², rank, share…; NaN if not computable).
        figure: ``value`` in words with its unit.
        holds: whether the claim holds under these choices (None: not computable).

    Example:
        >>> Finding("2019", (("year", "2019"),), 26.0, "26th", False).holds
        False

    """

    label: str
    choices: tuple[tuple[str, str], ...]
    value: float
    figure: str
    holds: bool | None

    def __repr__(self) -> str:
        state = {True: "holds", False: "does not hold", None: "n/a"}[self.holds]
        return f"Finding({self.label}: {self.figure}, {state})"


def robust_verdict(findings: Sequence[Finding]) -> str:
    """Return ``holds`` if every computable finding holds, ``does not hold`` if none, else depends.

    Example:
        >>> robust_verdict([Finding("a", (), 1.0, "1", True)])
        'holds'

    """
    known = [f.holds for f in findings if f.holds is not None]
    if not known:
        return NEEDS_LIVE
    if all(known):
        return HOLDS
    if not any(known):
        return FAILS
    return DEPENDS


def deciding_choices(findings: Sequence[Finding]) -> tuple[str, ...]:
    """Name the dimensions whose value alone flips the outcome between two findings.

    Example:
        >>> a = Finding("x", (("end", "2020"), ("start", "1992")), 0.4, "", False)
        >>> b = Finding("y", (("end", "2021"), ("start", "1992")), 0.6, "", True)
        >>> deciding_choices([a, b])
        ('end',)

    """
    deciding: list[str] = []
    known = [f for f in findings if f.holds is not None]
    for i, first in enumerate(known):
        for second in known[i + 1 :]:
            if first.holds == second.holds:
                continue
            a, b = dict(first.choices), dict(second.choices)
            differ = [k for k in a if a.get(k) != b.get(k)]
            if len(differ) == 1 and differ[0] not in deciding:
                deciding.append(differ[0])
    if not deciding:  # flips only when several choices change together
        deciding = sorted({k for f in known for k, _ in f.choices})
    return tuple(deciding)


@attrs.frozen
class ClaimCheck:
    """One claim of the article and what the data say about it.

    Attributes:
        id: a stable identifier (``"trade_back_to_pre_sanction_level"``).
        order: position in the article's order (1 = first).
        group: the part of the article the claim belongs to.
        statement: the claim, as the project's material states it.
        quote: the article's own words where the material quotes them (else ``""``).
        quoted_in: where in the project the claim is recorded (the article is not bundled).
        verdict: one of ``VERDICTS`` (holds, does not hold, mixed, depends on the choice,
            not checkable with U.S. statistics, needs live data).
        data_figure: the decisive figure(s) from the data, in words.
        rule: how the verdict is decided (tolerances included).
        detail: the numbers behind it.
        findings: the claim under each reasonable choice.
        per_year: per-year detail (e.g. the composition share each year).
        needs: for a claim not checked here, which data would be needed and who publishes them.
        checked_with: the data used (``"bundled"``, ``"census (live)"`` or ``""``).

    Example:
        >>> c = ClaimCheck("x", 1, "Trade", "Trade rose", "", "issue 6", "holds", "+5%",
        ...                "rose", "", (), (), "", "bundled")
        >>> c.robustness
        'one specification'

    """

    id: str
    order: int
    group: str
    statement: str
    quote: str
    quoted_in: str
    verdict: str
    data_figure: str
    rule: str
    detail: str
    findings: tuple[Finding, ...]
    per_year: tuple[Finding, ...]
    needs: str
    checked_with: str

    @property
    def checked(self) -> bool:
        """Tell whether the data decided the claim (not "not checkable" / "needs live data")."""
        return self.verdict in CHECKED_VERDICTS

    @property
    def robustness(self) -> str:
        """Return the verdict across the choices, in words with the numbers."""
        known = [f for f in self.findings if f.holds is not None]
        if not self.checked:
            return self.needs
        if len(known) <= 1:
            return "one specification"
        listed = "; ".join(f"{f.label}: {f.figure}" for f in known)
        if self.verdict == HOLDS:
            return f"holds under all {len(known)} choices ({listed})"
        if self.verdict == FAILS:
            return f"does not hold under any of {len(known)} choices ({listed})"
        if self.verdict == MIXED:
            return f"mixed under all {len(known)} choices ({listed})"
        sides = "; ".join(f"{f.label}: {f.figure} ({HOLDS if f.holds else FAILS})" for f in known)
        return f"depends on {' and '.join(deciding_choices(known))}: {sides}"

    def summary(self) -> str:
        """Describe the check in a few lines: verdict, claim, the data, robustness.

        Example:
            >>> c = ClaimCheck("x", 1, "Trade", "Trade rose", "", "issue 6", "holds", "+5%",
            ...                "rose", "", (), (), "", "bundled")
            >>> print(c.summary())
            [holds] Trade rose
                data: +5%
                rule: rose

        """
        lines = [f"[{self.verdict}] {self.statement}"]
        if self.quote:
            lines.append(f"    article: {self.quote}")
        if self.checked:
            lines.append(f"    data: {self.data_figure}")
            if self.findings and len(self.findings) > 1:
                lines.append(f"    robustness: {self.robustness}")
            lines.append(f"    rule: {self.rule}")
            if self.detail:
                lines.append(f"    detail: {self.detail}")
        else:
            lines.append(f"    needs: {self.needs}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Return a flat record (one row of ``ClaimsReport.to_frame()``)."""
        return {
            "order": self.order,
            "group": self.group,
            "id": self.id,
            "claim": self.statement,
            "quote": self.quote,
            "verdict": self.verdict,
            "data_figure": self.data_figure,
            "robustness": self.robustness,
            "rule": self.rule,
            "detail": self.detail,
            "needs": self.needs,
            "quoted_in": self.quoted_in,
            "checked_with": self.checked_with,
        }

    def __repr__(self) -> str:
        return f"ClaimCheck({self.id!r}: {self.verdict})"

    def _repr_html_(self) -> str:
        return (
            f"<p><b>{html.escape(self.verdict)}</b>: {html.escape(self.statement)}<br>"
            f"<small>{html.escape(self.data_figure if self.checked else self.needs)}</small></p>"
        )


#: Columns of `ClaimsReport.to_frame` (one row per claim).
COLUMNS = tuple(ClaimCheck("", 0, "", "", "", "", "", "", "", "", (), (), "", "").to_dict())
#: Columns of `ClaimsReport.detail_frame` (one row per finding or year).
DETAIL_COLUMNS = ("id", "kind", "label", "value", "figure", "holds")


@attrs.frozen
class ClaimsReport:
    """Every claim of the article with its verdict, in the article's order.

    Iterate over it for [`ClaimCheck`][tradeshock.claims.ClaimCheck] records, index it by
    claim id, or turn it into a frame (`to_frame`, `detail_frame`).

    Attributes:
        claims: the checks, in the article's order.
        source: the data used (``"bundled"`` or ``"census"``).

    Example:
        >>> report = ClaimsReport((), "bundled")
        >>> report.summary()
        '0 claims checked: none; 0 not checkable with U.S. data'

    """

    claims: tuple[ClaimCheck, ...]
    source: str

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self) -> Iterator[ClaimCheck]:
        return iter(self.claims)

    def __getitem__(self, claim_id: str) -> ClaimCheck:
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        from ..errors import ValidationError

        raise ValidationError(f"no claim {claim_id!r}; ids: {', '.join(c.id for c in self.claims)}")

    def counts(self) -> dict[str, int]:
        """Count distinct claims per verdict (every verdict listed, zeros included)."""
        return {verdict: sum(c.verdict == verdict for c in self.claims) for verdict in VERDICTS}

    def summary(self) -> str:
        """One line counting distinct claims (per-year rows are detail, never counted)."""
        counts = self.counts()
        checked = sum(counts[v] for v in CHECKED_VERDICTS)
        parts = [f"{counts[v]} {_PLURAL[v]}" for v in CHECKED_VERDICTS if counts[v]]
        line = f"{checked} claims checked: {', '.join(parts) or 'none'}; "
        line += f"{counts[NOT_US]} not checkable with U.S. data"
        if counts[NEEDS_LIVE]:
            verb = "needs" if counts[NEEDS_LIVE] == 1 else "need"
            line += f"; {counts[NEEDS_LIVE]} {verb} live data (check_claims(source='census'))"
        return line

    def to_frame(self) -> pd.DataFrame:
        """One row per claim (columns ``COLUMNS``)."""
        frame: pd.DataFrame = pd.DataFrame(
            [c.to_dict() for c in self.claims], columns=list(COLUMNS)
        )
        frame.attrs["source"] = self.source
        frame.attrs["summary"] = self.summary()
        return frame

    def detail_frame(self) -> pd.DataFrame:
        """One row per finding (``kind="choice"``) and per-year row (``kind="year"``)."""
        rows = [
            {
                "id": c.id,
                "kind": kind,
                "label": f.label,
                "value": f.value,
                "figure": f.figure,
                "holds": f.holds,
            }
            for c in self.claims
            for kind, findings in (("choice", c.findings), ("year", c.per_year))
            for f in findings
        ]
        frame: pd.DataFrame = pd.DataFrame(rows, columns=list(DETAIL_COLUMNS))
        return frame

    def to_text(self) -> str:
        """Render the readable report, grouped as the article is, with the summary line last."""
        blocks: list[str] = []
        group = None
        for claim in self.claims:
            if claim.group != group:
                group = claim.group
                blocks.append(f"== {group} ==")
            text = claim.summary()
            if claim.per_year:
                text += "\n" + "\n".join(
                    f"    {'holds' if f.holds else 'does not hold':<14} {f.label}: {f.figure}"
                    for f in claim.per_year
                )
            blocks.append(text)
        return "\n\n".join(blocks) + f"\n\n{self.summary()}\n"

    def to_markdown(self) -> str:
        """Render a Markdown table per group of the article, then the summary line."""
        out: list[str] = []
        group = None
        for claim in self.claims:
            if claim.group != group:
                group = claim.group
                out += [
                    "",
                    f"### {group}",
                    "",
                    "| # | claim | verdict | data | robustness |",
                    "|---:|:---|:---|:---|:---|",
                ]
            cells = (
                str(claim.order),
                claim.statement,
                claim.verdict,
                claim.data_figure if claim.checked else claim.needs,
                claim.robustness if claim.checked else "",
            )
            out.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
        return "\n".join(out).lstrip("\n") + f"\n\n{self.summary()}\n"

    def to_json(self) -> str:
        """JSON: ``{"summary", "counts", "claims": [... with "findings" and "per_year"]}``."""
        claims = []
        for claim in self.claims:
            record = claim.to_dict()
            for name, findings in (("findings", claim.findings), ("per_year", claim.per_year)):
                record[name] = [
                    {
                        "label": f.label,
                        "choices": dict(f.choices),
                        "value": _json_number(f.value),
                        "figure": f.figure,
                        "holds": f.holds,
                    }
                    for f in findings
                ]
            claims.append(record)
        document = {"summary": self.summary(), "counts": self.counts(), "claims": claims}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """CSV of `to_frame` (one row per claim)."""
        text: str = self.to_frame().to_csv(index=False, lineterminator="\n")
        return text

    def render(self, fmt: str = "text") -> str:
        """``text``, ``markdown``, ``json`` or ``csv``.

        Example:
            >>> ClaimsReport((), "bundled").render("csv").splitlines()[0].split(",")[:3]
            ['order', 'group', 'id']

        """
        renderers = {
            "text": self.to_text,
            "markdown": self.to_markdown,
            "json": self.to_json,
            "csv": self.to_csv,
        }
        if fmt not in renderers:
            from ..errors import ValidationError

            raise ValidationError(f"format {fmt!r} must be one of {', '.join(renderers)}")
        return renderers[fmt]()

    def __repr__(self) -> str:
        return f"ClaimsReport({self.summary()})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{c.order}</td><td>{html.escape(c.statement)}</td>"
            f"<td><b>{html.escape(c.verdict)}</b></td>"
            f"<td>{html.escape(c.data_figure if c.checked else c.needs)}</td></tr>"
            for c in self.claims
        )
        return (
            f"<p>{html.escape(self.summary())}</p><table><tr><th>#</th><th>claim</th>"
            f"<th>verdict</th><th>data</th></tr>{rows}</table>"
        )


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _json_number(value: float) -> float | None:
    return None if value != value else float(value)  # NaN → null

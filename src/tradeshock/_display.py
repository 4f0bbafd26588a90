"""Rendering helpers for result objects: rounded numbers, small HTML tables and cards.

Every result record (``Event``, ``Timeline``, ``ShockResponse``, ``PlaceboTest``,
``MartinIndices``, …) formats its numbers here, so a notebook shows them the same way
everywhere: fractions as percentages with one decimal (``-52.1 %``), p-values with two
decimals, periods as ISO text, missing values as an em dash. HTML is escaped here (no result
may inject markup from its labels) and kept small: no ``<style>`` blocks, no raw Series.

Written by hand rather than with pandas' ``Styler`` (needs jinja2, which is not a dependency,
and renders a whole table per value) — the pieces below are a few string templates.

Example:
    >>> pct(-0.5213), pvalue(0.0833), number(1234.5678), span("2011", "2013")
    ('-52.1 %', '0.08', '1,234.6', '2011–2013')

"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "badge",
    "card",
    "escape",
    "link",
    "missing",
    "number",
    "pct",
    "period",
    "plural",
    "pvalue",
    "span",
    "table",
]

#: what a missing value looks like in text and HTML
MISSING = "—"

#: badge colours by event category (colour-blind-safe Okabe–Ito palette, light tints)
CATEGORY_COLOURS: dict[str, str] = {
    "sanctions": "#f4c28f",
    "countersanctions": "#f7d9b4",
    "war": "#f2a6a6",
    "revolution": "#e7b7d6",
    "crisis": "#d6c2a6",
    "diplomacy": "#a9d8f0",
    "leadership": "#cfd8dc",
    "trade_policy": "#b8e0c8",
    "energy_policy": "#f0e68c",
    "market": "#d9d2e9",
}

_CARD_STYLE = "border:1px solid #ccc;border-radius:4px;padding:6px 10px;display:inline-block"
# one <style> block per output instead of the same inline style on every badge: a timeline of
# 87 events stays a small cell
BADGE_CSS = (
    "<style>.ts-b{border-radius:3px;padding:0 4px;font-size:85%;white-space:nowrap}"
    + "".join(f".ts-{name}{{background:{colour}}}" for name, colour in CATEGORY_COLOURS.items())
    + "</style>"
)


def missing(value: object) -> bool:
    """Return True for None, NaN, ``pd.NA`` and ``NaT``.

    Example:
        >>> missing(float("nan")), missing(0.0)
        (True, False)

    """
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def number(value: float | None, digits: int = 1) -> str:
    """Format ``value`` rounded to ``digits`` decimals with thousands separators (— when missing).

    Example:
        >>> number(-0.4957967596568116, 3), number(float("nan")), number(12, 0)
        ('-0.496', '—', '12')

    """
    if value is None or missing(value):
        return MISSING
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:,.{digits}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def pct(fraction: float | None, digits: int = 1, *, signed: bool = False) -> str:
    """Format a fraction as a percentage: ``-0.4958`` → ``"-49.6 %"`` (— when missing).

    Example:
        >>> pct(-0.4957967596568116), pct(0.25, signed=True), pct(None)
        ('-49.6 %', '+25.0 %', '—')

    """
    if fraction is None or missing(fraction):
        return MISSING
    text = number(100.0 * fraction, digits)
    if signed and not text.startswith(("-", "0")) and text != MISSING:
        text = "+" + text
    return f"{text} %"


def pvalue(p: float | None) -> str:
    """Format a p-value with two decimals (three below 0.01; "< 0.001" below that).

    Example:
        >>> pvalue(0.0833), pvalue(0.004), pvalue(0.0002)
        ('0.08', '0.004', '< 0.001')

    """
    if p is None or missing(p):
        return MISSING
    if p < 0.001:
        return "< 0.001"
    return f"{p:.3f}" if p < 0.01 else f"{p:.2f}"


def period(value: object) -> str:
    """Format a period, date or partial date as ISO text (— when missing).

    Example:
        >>> import pandas as pd
        >>> period(pd.Period("2016", freq="Y")), period(None)
        ('2016', '—')

    """
    return MISSING if missing(value) else str(value)


def span(first: object, last: object) -> str:
    """Format two periods as a range with an en dash; one period when they are equal.

    Example:
        >>> span("2011", "2013"), span("2014", "2014")
        ('2011–2013', '2014')

    """
    a, b = period(first), period(last)
    return a if a == b else f"{a}–{b}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """Count a noun: ``"1 year"``, ``"5 years"``.

    Example:
        >>> plural(1, "year"), plural(5, "year"), plural(2, "country", "countries")
        ('1 year', '5 years', '2 countries')

    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def escape(text: object) -> str:
    """Return the HTML-escaped ``str(text)`` (quotes included).

    Example:
        >>> escape('<b>"x"</b>')
        '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'

    """
    return html.escape(str(text), quote=True)


def link(url: str, text: str | None = None) -> str:
    """Return a clickable link; its text defaults to the URL's host.

    Only ``http``/``https`` URLs become links (anything else is shown as escaped text), so
    a crafted ``javascript:`` URL in a user timeline cannot run in a notebook.

    Example:
        >>> link("https://www.state.gov/x")
        '<a href="https://www.state.gov/x">state.gov</a>'
        >>> link("")
        ''

    """
    if not url:
        return ""
    parts = urlsplit(url)
    shown = text if text is not None else parts.netloc.removeprefix("www.") or url
    if parts.scheme not in ("http", "https"):
        return escape(shown)
    return f'<a href="{escape(url)}">{escape(shown)}</a>'


def badge(category: str) -> str:
    """Return a small coloured label for an event category (styled by ``BADGE_CSS``).

    Example:
        >>> badge("war"), badge("<x>")
        ('<span class="ts-b ts-war">war</span>', '<span class="ts-b">&lt;x&gt;</span>')

    """
    known = f" ts-{category}" if category in CATEGORY_COLOURS else ""
    return f'<span class="ts-b{known}">{escape(category)}</span>'


def table(header: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "") -> str:
    """Return a compact HTML table; ``header`` is escaped, cells must be HTML already.

    Example:
        >>> table(["a"], [["1"]], caption="c")
        '<table><caption>c</caption><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'

    """
    head = "".join(f"<th>{escape(name)}</th>" for name in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    css = BADGE_CSS if 'class="ts-b' in body else ""
    return f"{css}<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def card(title: str, sentence: str, fields: Iterable[tuple[str, Any]]) -> str:
    """Return a result as a small card: bold title, one plain-language sentence, a field table.

    ``title`` and ``sentence`` are escaped; field values are HTML already.

    Example:
        >>> card("T", "s < 1", [("depth", pct(-0.5))])  # doctest: +ELLIPSIS
        '<div ...><b>T</b><p...>s &lt; 1</p><table>...<th ...>depth</th><td>-50.0 %</td>...'

    """
    rows = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{escape(name)}</th>'
        f"<td>{value}</td></tr>"
        for name, value in fields
    )
    return (
        (BADGE_CSS if 'class="ts-b' in rows else "")
        + f'<div style="{_CARD_STYLE}"><b>{escape(title)}</b>'
        f'<p style="margin:4px 0">{escape(sentence)}</p><table>{rows}</table></div>'
    )

"""MkDocs hooks for the tradeshock docs (listed under ``hooks:`` in mkdocs.yml).

* ``<!-- catalog-table -->`` in a page is replaced by a table generated from
  ``tradeshock.catalog()`` at build time, so the data-sources page never goes stale.
"""

from __future__ import annotations

import re
from typing import Any

MARKER = "<!-- catalog-table -->"
URL = re.compile(r"https?://[^\s;|()]+")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _links(upstream: Any) -> str:
    """Each URL in an ``upstream_url`` text as its own link; a text without one as text.

    Some manifests join two URLs with "; " or add a note in parentheses: one link per URL,
    never a link whose target holds a space or a second URL.
    """
    text = "" if upstream is None else str(upstream)
    urls = URL.findall(text)
    if not urls:
        return _cell(text)
    return " ".join(
        f"[link {i}]({url})" if len(urls) > 1 else f"[link]({url})"
        for i, url in enumerate(urls, start=1)
    )


def catalog_markdown() -> str:
    """Render ``tradeshock.catalog()`` as a Markdown table plus a provenance list."""
    import tradeshock as ts

    catalog = ts.catalog()
    lines = [
        "| dataset | coverage | frequency | units | vintage | upstream |",
        "|:---|:---|:---|:---|:---|:---|",
    ]
    details = []
    for row in catalog.to_dict("records"):
        link = _links(row.get("upstream_url"))
        lines.append(
            f"| `{_cell(row.get('dataset'))}` | {_cell(row.get('coverage'))} | "
            f"{_cell(row.get('frequency'))} | {_cell(row.get('units'))} | "
            f"{_cell(row.get('vintage'))} | {link} |"
        )
        sha = str(row.get("sha256") or "")
        details.append(
            f"- **`{_cell(row.get('dataset'))}`**: {_cell(row.get('description'))} "
            f"Source: {_cell(row.get('source'))}. File `{_cell(row.get('file'))}`, "
            f"{_cell(row.get('rows'))} rows, sha256 `{sha[:16]}…`. "
            f"Terms of reuse: {_cell(row.get('licence'))}."
        )
    return "\n".join(lines) + "\n\n### Provenance\n\n" + "\n".join(details) + "\n"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the catalog table into pages that ask for it."""
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, catalog_markdown())
    return markdown

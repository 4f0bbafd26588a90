"""MkDocs hook: run the Python blocks of tutorial pages and show their outputs on the page.

Every page under ``tutorials/`` (and any page whose front matter says ``execute: true``) is
executed when the site builds: its ```` ```python ```` blocks run in order in one fresh
namespace, in a temporary working directory. After each block the hook inserts what it
printed (a ``text`` block) and every matplotlib figure it left open (an inline PNG), so the
numbers and pictures on the page come from the code on the page. A block that raises makes
the build fail, naming the page and the line. A block preceded by
``<!-- docs-test: skip -->`` is shown but not run (as in ``tests/test_docs.py``).

Why a hook and not mkdocs-jupyter: the tutorials stay plain Markdown (readable on GitHub,
tested block by block by ``tests/test_docs.py``); only the rendered site gains the outputs.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import tempfile
from typing import Any

SKIP_MARKER = "<!-- docs-test: skip -->"
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
MAX_OUTPUT_LINES = 60  # longer outputs are cut with a note: a page is not a log


class PageExecutionError(RuntimeError):
    """A tutorial block raised while the docs were built."""


def _wants_execution(page: Any) -> bool:
    meta = getattr(page, "meta", None) or {}
    if "execute" in meta:
        return bool(meta["execute"])
    return str(page.file.src_uri).startswith("tutorials/")


def _figures_as_markdown() -> str:
    """Every open matplotlib figure as an inline PNG image; closes them."""
    import sys

    if "matplotlib.pyplot" not in sys.modules:
        return ""
    plt = sys.modules["matplotlib.pyplot"]
    images = []
    for number in plt.get_fignums():
        buffer = io.BytesIO()
        plt.figure(number).savefig(buffer, format="png", dpi=90, bbox_inches="tight")
        encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
        images.append(f"![figure {len(images) + 1}](data:image/png;base64,{encoded})")
    plt.close("all")
    return "\n\n".join(images)


def _output_block(printed: str) -> str:
    lines = printed.rstrip("\n").splitlines()
    if not lines:
        return ""
    if len(lines) > MAX_OUTPUT_LINES:
        cut = len(lines) - MAX_OUTPUT_LINES
        lines = [*lines[:MAX_OUTPUT_LINES], f"... ({cut} more lines)"]
    body = "\n".join(lines)
    return f'\n\n```text title="Output"\n{body}\n```\n'


def _run_block(code: str, where: str, namespace: dict[str, Any]) -> str:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, where, "exec"), namespace)
    except Exception as exc:
        raise PageExecutionError(f"{where} failed: {exc!r}") from exc
    figures = _figures_as_markdown()
    return _output_block(printed.getvalue()) + (f"\n{figures}\n" if figures else "")


def execute_markdown(markdown: str, page_name: str) -> str:
    """Return ``markdown`` with each runnable block followed by its output and figures."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    namespace: dict[str, Any] = {"__name__": f"docs_{page_name}"}
    pieces: list[str] = []
    last = 0
    previous_dir = os.getcwd()
    with tempfile.TemporaryDirectory() as workdir:
        os.chdir(workdir)  # charts the examples save land here, not in the repository
        try:
            for match in FENCE.finditer(markdown):
                pieces.append(markdown[last : match.end()])
                last = match.end()
                before = markdown[: match.start()].rstrip("\n").splitlines()
                if before and before[-1].strip() == SKIP_MARKER:
                    continue
                line = markdown.count("\n", 0, match.start()) + 2
                pieces.append(_run_block(match.group(1), f"{page_name}:{line}", namespace))
        finally:
            os.chdir(previous_dir)
    pieces.append(markdown[last:])
    return "".join(pieces)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Execute tutorial pages (see the module docstring)."""
    if not _wants_execution(page):
        return markdown
    return execute_markdown(markdown, str(page.file.src_uri))

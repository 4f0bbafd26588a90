"""The docs hook that runs tutorial pages: outputs and figures come from the page's own code."""

from __future__ import annotations

import importlib.util
import re
import sys
import urllib.parse
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "execute_pages", REPO / "docs" / "_hooks" / "execute_pages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["execute_pages"] = module
    spec.loader.exec_module(module)
    return module


def test_each_block_is_followed_by_what_it_printed() -> None:
    page = "Intro\n\n```python\nx = 6 * 7\nprint(x)\n```\n\nThen\n\n```python\nprint(x + 1)\n```\n"
    out = _hook().execute_markdown(page, "t.md")
    assert out.index("42") < out.index("Then") < out.index("43")
    assert out.count('```text title="Output"') == 2
    assert out.startswith("Intro\n\n```python\nx = 6 * 7\n")  # the code itself is unchanged


def test_silent_blocks_add_nothing_and_skipped_blocks_do_not_run() -> None:
    hook = _hook()
    page = f"```python\ny = 1\n```\n{hook.SKIP_MARKER}\n```python\nraise SystemExit(3)\n```\n"
    assert hook.execute_markdown(page, "t.md") == page


def test_a_failing_block_fails_the_build_naming_page_and_line() -> None:
    hook = _hook()
    page = "text\n\n```python\n1 / 0\n```\n"
    with pytest.raises(hook.PageExecutionError, match=r"t\.md:4 .*ZeroDivisionError"):
        hook.execute_markdown(page, "t.md")


def test_open_figures_become_inline_images() -> None:
    pytest.importorskip("matplotlib")
    page = (
        "```python\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "plt.plot([1, 2, 3])\n```\n"
    )
    out = _hook().execute_markdown(page, "t.md")
    assert out.count("](data:image/png;base64,iVBORw0KGgo") == 1  # a PNG header
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []  # closed after being shown


def test_long_outputs_are_cut_with_a_note() -> None:
    hook = _hook()
    page = "```python\nfor i in range(100):\n    print(i)\n```\n"
    out = hook.execute_markdown(page, "t.md")
    assert f"... ({100 - hook.MAX_OUTPUT_LINES} more lines)" in out
    assert "\n99\n" not in out


HREF = re.compile(r'href="(https?:[^"]*)"')


def well_formed(url: str) -> bool:
    """One absolute URL: no spaces, no second scheme (what a link checker can tell offline)."""
    parsed = urllib.parse.urlsplit(url)
    return (
        parsed.scheme in ("http", "https")
        and bool(parsed.netloc)
        and not re.search(r"\s", url)
        and url.count("://") == 1
        and not url.endswith((")", ";", ","))
    )


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.census.gov/foreign-trade/balance/country.xlsx", True),
        ("https://comtrade.un.org/api/get?r=842&cc=AG2 (legacy Comtrade API)", False),
        ("https://a.gov/x.htm; https://a.gov/y.htm", False),
        ("https:///nohost", False),
    ],
)
def test_link_check_rule(url: str, ok: bool) -> None:
    assert well_formed(url) is ok


def test_catalog_links_are_one_url_each() -> None:
    sys.path.insert(0, str(REPO / "docs" / "_hooks"))
    try:
        import tradeshock_docs
    finally:
        sys.path.pop(0)
    links = re.findall(r"\]\(([^)]*)\)", tradeshock_docs.catalog_markdown())
    assert links
    bad = [url for url in links if url.startswith("http") and not well_formed(url)]
    assert not bad, bad


def test_every_external_link_in_the_docs_sources_is_well_formed() -> None:
    """Markdown pages and docstrings: every http(s) link target is one well-formed URL."""
    texts = [p.read_text("utf-8") for p in (REPO / "docs").rglob("*.md")]
    texts += [p.read_text("utf-8") for p in (REPO / "src" / "tradeshock").rglob("*.py")]
    targets = [t for text in texts for t in re.findall(r"\]\((https?:[^)\s]*[^)]*)\)", text)]
    bad = sorted({t for t in targets if not well_formed(t)})
    assert not bad, bad

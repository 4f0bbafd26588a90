"""Every ```python block in README.md and docs/ runs; the docs site builds with --strict.

Blocks run in order, one fresh namespace per file, in a temporary working directory (so
charts saved by the examples land there). A block preceded by the line
``<!-- docs-test: skip -->`` is not run; use it sparingly (e.g. for network examples).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SKIP_MARKER = "<!-- docs-test: skip -->"
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def markdown_files() -> list[Path]:
    files = [REPO / "README.md"]
    files += sorted(path for path in (REPO / "docs").rglob("*.md") if "_hooks" not in path.parts)
    return [path for path in files if path.exists()]


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, code) of each python block not preceded by the skip marker."""
    blocks = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").splitlines()
        if before and before[-1].strip() == SKIP_MARKER:
            continue
        line = text.count("\n", 0, match.start()) + 2
        blocks.append((line, match.group(1)))
    return blocks


def test_block_extraction_honours_the_skip_marker() -> None:
    text = (
        "intro\n```python\nx = 1\n```\n"
        f"{SKIP_MARKER}\n```python\nraise SystemExit\n```\n"
        "```bash\nls\n```\n```python title='t'\ny = x + 1\n```\n"
    )
    blocks = python_blocks(text)
    assert [code for _, code in blocks] == ["x = 1\n", "y = x + 1\n"]
    assert blocks[0][0] == 3


@pytest.mark.parametrize("path", markdown_files(), ids=lambda path: str(path.relative_to(REPO)))
def test_code_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(path.read_text(encoding="utf-8"))
    if "matplotlib" in path.read_text(encoding="utf-8"):
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for line, code in blocks:
        try:
            exec(compile(code, f"{path.relative_to(REPO)}:{line}", "exec"), namespace)
        except Exception as exc:  # report where in the page it failed
            pytest.fail(f"{path.relative_to(REPO)} block at line {line} failed: {exc!r}")
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def test_docs_images_exist() -> None:
    """Every image a page shows exists (they are made by scripts/make_figures.py)."""
    for path in (REPO / "docs").rglob("*.md"):
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", path.read_text("utf-8")):
            assert (path.parent / target).resolve().exists(), f"{path.name}: {target}"


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    for module in ("mkdocs", "material", "mkdocstrings"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} not installed (pip install -e '.[docs]')")
    if importlib.util.find_spec("mkdocstrings_handlers.python") is None:
        pytest.skip("mkdocstrings[python] not installed (pip install -e '.[docs]')")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "site" / "data-sources" / "index.html").exists()
    page = (tmp_path / "site" / "data-sources" / "index.html").read_text("utf-8")
    assert "census_trade_annual" in page  # the catalog table was generated
    # a link check that needs no network: every external link is one well-formed URL
    from test_docs_execute import HREF, well_formed

    pages = (html.read_text("utf-8") for html in (tmp_path / "site").rglob("*.html"))
    hrefs = {href for text in pages for href in HREF.findall(text)}
    bad = sorted(h for h in hrefs if not well_formed(h.replace("&amp;", "&")))
    assert not bad, bad


def test_every_public_module_has_an_api_reference() -> None:
    """Each public module appears in a ``::: module`` directive of some docs page."""
    import pkgutil

    import tradeshock

    documented = set()
    for path in (REPO / "docs").rglob("*.md"):
        documented.update(re.findall(r"^::: ([\w.]+)\s*$", path.read_text("utf-8"), re.M))
    public = {
        module.name
        for module in pkgutil.walk_packages(tradeshock.__path__, "tradeshock.")
        if not any(part.startswith("_") for part in module.name.split("."))
        # the snapshot builder is a maintainer tool, run as `python -m tradeshock.build`
        and not module.name.startswith("tradeshock.build")
    }
    missing = sorted(name for name in public if name not in documented)
    assert not missing, f"no API reference for {missing}"


def test_nav_lists_the_required_pages() -> None:
    """Reliability, offline use and the composition tutorial are in the nav of mkdocs.yml."""
    nav = (REPO / "mkdocs.yml").read_text("utf-8").split("\nnav:", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r":\s*([\w/.-]+\.md)\s*$", nav, re.M))
    required = {"reliability.md", "offline.md", "tutorials/composition.md", "cli.md"}
    assert required <= listed
    assert all((REPO / "docs" / page).exists() for page in listed)

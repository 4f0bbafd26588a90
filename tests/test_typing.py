"""mypy --strict catches the documented mistakes (issue 18 item 4).

Only the snippet tests/typing/mistakes.py is checked (the library itself is checked by the
lint job), against the installed package's annotations, so the test stays fast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SNIPPET = Path(__file__).parent / "typing" / "mistakes.py"
ROOT = Path(__file__).parents[1]


def test_mypy_rejects_the_mistakes_and_accepts_the_documented_forms() -> None:
    api = pytest.importorskip("mypy.api")
    pytest.importorskip("matplotlib")  # the snippet also checks the documented plot pattern
    stdout, stderr, _status = api.run(
        ["--strict", "--config-file", str(ROOT / "pyproject.toml"), str(SNIPPET)]
    )
    assert "error: Cannot find implementation" not in stdout, stdout + stderr
    errors = re.findall(r"mistakes\.py:(\d+): error: (.*)", stdout)
    lines = SNIPPET.read_text(encoding="utf-8").splitlines()
    marked = {number for number, text in enumerate(lines, start=1) if text.endswith("# mistake")}
    assert len(marked) == 4
    assert {int(number) for number, _ in errors} == marked, stdout
    messages = " ".join(message for _, message in errors)
    assert 'Argument 2 to "shock_response" has incompatible type "object"' in messages
    for field in ("id", "start", "label"):
        assert f'Argument "{field}" to "Event"' in messages
    for function in ("shock_response", "placebo_pvalue"):
        wrong = f'Argument "horizon" to "{function}" has incompatible type "'
        assert f'{wrong}str"' in messages or f"{wrong}Literal['five']\"" in messages

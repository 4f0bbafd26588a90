"""Every ``Example:`` in the library's docstrings runs and gives what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import tradeshock

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(tradeshock.__path__, prefix="tradeshock.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_public_names_have_examples() -> None:
    missing = []
    for name in tradeshock.__all__:
        obj = getattr(tradeshock, name)
        doc = getattr(obj, "__doc__", None) or ""
        if callable(obj) and not isinstance(obj, type(tradeshock)) and ">>>" not in doc:
            missing.append(name)
    # exception classes are documented by the errors module's example
    missing = [n for n in missing if not n.endswith("Error")]
    assert missing == []

"""Griffe extension: read the project's ``Example:`` docstring sections as ``Examples:``.

The codebase writes ``Example:`` (singular) above doctest snippets; griffe's Google parser
only turns ``Examples:`` into code, and would otherwise render the doctest output as
Markdown (where ``['a', 'b']`` looks like a cross-reference).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_SECTION = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Rename ``Example:`` section headers to ``Examples:`` before docstrings are parsed."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each loaded object."""
        docstring = obj.docstring
        if docstring is not None and "Example:" in docstring.value:
            docstring.value = _SECTION.sub(r"\1Examples:", docstring.value)

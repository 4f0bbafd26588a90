"""Bytes → text, shared by every text parser, so bad input fails the same way everywhere."""

from __future__ import annotations

from ..errors import SchemaError


def require_bytes(data: object, what: str) -> bytes:
    """Return ``data`` as ``bytes``; anything else is a `SchemaError` naming ``what``."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise SchemaError(f"{what}: expected bytes, got {type(data).__name__}")
    return bytes(data)


def decode_text(data: object, what: str) -> str:
    r"""Decode upstream text bytes: UTF-8 (with or without BOM), else Latin-1.

    Raises [`SchemaError`][tradeshock.errors.SchemaError] when ``data`` is not bytes, is empty or
    blank, or holds NUL bytes (a binary file where text was expected).

    Example:
        >>> decode_text(b"\xef\xbb\xbfDate,Price\n", "prices")
        'Date,Price\n'

    """
    raw = require_bytes(data, what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older government text files are Latin-1; every byte decodes, so nothing is lost.
        text = raw.decode("latin-1")
    if not text.strip():
        raise SchemaError(f"{what}: the file is empty")
    if "\x00" in text:
        raise SchemaError(f"{what}: binary content, not a text file")
    return text

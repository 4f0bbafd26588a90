"""Keeping credentials secret: redaction of text, bytes, headers, log records and exceptions.

A core module (it imports nothing from tradeshock but the logger), used by the HTTP layer
([`tradeshock.sources.http`][tradeshock.sources.http]) and by parsers that quote upstream bodies
([`tradeshock.parsers.eia_api`][tradeshock.parsers.eia_api]), so no lower layer has to reach up into
``sources``.

Two kinds of redaction:

* by *name*: the value of a ``key=``/``api_key=``/``apikey=``/``access_token=`` query parameter,
  wherever such a parameter appears in a text;
* by *value*: any literal occurrence of a known secret (and its URL-encoded forms), wherever it
  appears — a message, a header value, a response body.

Example:
    >>> redact("https://api.eia.gov/v2/x?api_key=SECRET&frequency=annual")
    'https://api.eia.gov/v2/x?api_key=REDACTED&frequency=annual'
    >>> redact("echo: SECRET123", {"SECRET123"})
    'echo: REDACTED'

"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

__all__ = [
    "MASK",
    "SECRET_PARAMETERS",
    "RedactingFilter",
    "ignored_parameters",
    "redact",
    "redact_bytes",
    "redact_exception",
    "redacting_logs",
    "secret_forms",
    "secrets_in",
]

#: What a secret is replaced with.
MASK = "REDACTED"

#: Query parameters and headers that carry credentials. Added to requests-cache's own defaults
#: (``Authorization``, ``X-API-Key``, ``access_token``, ``api_key``, ...), never replacing them.
SECRET_PARAMETERS: tuple[str, ...] = (
    "key",
    "api_key",
    "apikey",
    "access_token",
    "Authorization",
    "Ocp-Apim-Subscription-Key",
    "subscription-key",
)

# shorter values are not treated as secrets: replacing "ab" everywhere would mangle the text
_MIN_SECRET_LENGTH = 4
_SECRET_RE = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(key|api_key|apikey|access_token)=([^&\s'\"#<>]+)",
)
_LOGGER_PREFIXES = ("urllib3", "requests_cache", "requests", "tradeshock")


def secret_forms(secret: str) -> set[str]:
    """Return the literal, percent-encoded and form-encoded spellings of ``secret``.

    Example:
        >>> sorted(secret_forms("a b/c"))
        ['a b/c', 'a%20b%2Fc', 'a+b%2Fc']

    """
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def redact(text: str, secrets: Iterable[str] = frozenset()) -> str:
    """Return ``text`` with credentials replaced by ``REDACTED``.

    Redacts ``key=``/``api_key=``/``apikey=``/``access_token=`` values (URLs, messages) and any
    literal occurrence of the given ``secrets`` (and their URL-encoded forms).

    Example:
        >>> redact("GET /data?get=ALL_VAL_MO&key=abc123 failed")
        'GET /data?get=ALL_VAL_MO&key=REDACTED failed'

    """
    out = _SECRET_RE.sub(lambda m: f"{m.group(1)}={MASK}", text)
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) < _MIN_SECRET_LENGTH:
            continue
        for form in secret_forms(secret):
            out = out.replace(form, MASK)
    return out


def redact_bytes(content: bytes, secrets: Iterable[str]) -> bytes:
    """Return ``content`` with every known secret (any spelling) replaced by ``REDACTED``.

    Example:
        >>> redact_bytes(b'{"api_key": "SECRET123"}', {"SECRET123"})
        b'{"api_key": "REDACTED"}'

    """
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) < _MIN_SECRET_LENGTH:
            continue
        for form in secret_forms(secret):
            content = content.replace(form.encode(), MASK.encode())
    return content


def ignored_parameters() -> tuple[str, ...]:
    """Return requests-cache's default ignored parameters extended with ours (no duplicates).

    Example:
        >>> "api_key" in ignored_parameters() and "key" in ignored_parameters()
        True

    """
    try:
        from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS
    except ImportError:  # pragma: no cover - very old requests-cache
        defaults: tuple[str, ...] = ("Authorization", "X-API-KEY", "access_token", "api_key")
    else:
        defaults = tuple(DEFAULT_IGNORED_PARAMS)
    return tuple(dict.fromkeys((*defaults, *SECRET_PARAMETERS)))


def secrets_in(url: str | None, headers: Mapping[str, str] | None = None) -> set[str]:
    """Collect the credential values present in a URL's query and in auth headers.

    Example:
        >>> auth = {"Authorization": "Bearer t0k3n-long"}
        >>> sorted(secrets_in("https://x/y?key=abcd1234&get=A", auth))
        ['Bearer t0k3n-long', 'abcd1234', 't0k3n-long']

    """
    names = {p.lower() for p in ignored_parameters()}
    found: set[str] = set()
    if url:
        for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=False):
            if name.lower() in names and len(value) >= _MIN_SECRET_LENGTH:
                found.add(value)
    for name, value in (headers or {}).items():
        if name.lower() in names and value and len(value) >= _MIN_SECRET_LENGTH:
            found.add(value)
            found.update(part for part in value.split() if len(part) >= 8)
    return found


def redact_exception(exc: BaseException, secrets: Iterable[str] = frozenset()) -> None:
    """Redact, in place, the message of ``exc`` and of every exception chained to it.

    Walks ``__cause__``, ``__context__``, exceptions held as arguments and urllib3's ``reason``
    (each exception once) and rewrites string ``args`` and URL-bearing attributes, so ``str``,
    ``repr`` and a formatted traceback of the whole chain show no secret.

    Example:
        >>> try:
        ...     try:
        ...         raise OSError("GET /x?key=abcd1234 failed")
        ...     except OSError as inner:
        ...         raise ValueError("outer, key=abcd1234") from inner
        ... except ValueError as exc:
        ...     redact_exception(exc)
        ...     str(exc), str(exc.__cause__)
        ('outer, key=REDACTED', 'GET /x?key=REDACTED failed')

    """
    known = set(secrets)
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        _redact_one(current, known)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += list(current.args)  # requests wraps urllib3's error as an argument
        pending.extend(e for e in linked if isinstance(e, BaseException))


def _redact_one(exc: BaseException, secrets: set[str]) -> None:
    with contextlib.suppress(Exception):  # an exception type that refuses new args stays as is
        exc.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in exc.args)
    for attribute in ("url", "msg", "reason", "strerror", "filename", "filename2"):
        value = getattr(exc, attribute, None)
        if isinstance(value, str):
            with contextlib.suppress(Exception):
                setattr(exc, attribute, redact(value, secrets))
    # requests' exceptions keep the request and response, whose URL holds the key
    for attribute in ("request", "response"):
        holder = getattr(exc, attribute, None)
        url = getattr(holder, "url", None)
        if isinstance(url, str):
            with contextlib.suppress(Exception):
                holder.url = redact(url, secrets)  # type: ignore[union-attr]


# --- log records ---------------------------------------------------------------------------


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and traceback) with credentials redacted.

    Example:
        >>> url = "/a?key=abcd1234"
        >>> record = logging.LogRecord("x", logging.INFO, "", 0, "GET %s", (url,), None)
        >>> RedactingFilter(set()).filter(record), record.getMessage()
        (True, 'GET /a?key=REDACTED')

    """

    def __init__(self, secrets: set[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix
            return True
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text, self.secrets)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


@contextlib.contextmanager
def redacting_logs(secrets: set[str]) -> Iterator[None]:
    """While a request runs, redact credentials from the HTTP libraries' log records.

    Only a filter is attached, and removed afterwards: no handler, level or global change.

    Example:
        >>> with redacting_logs({"abcd1234"}):
        ...     pass

    """
    log_filter = RedactingFilter(secrets)
    names = [
        name
        for name, obj in list(logging.Logger.manager.loggerDict.items())
        if isinstance(obj, logging.Logger) and name.split(".")[0] in _LOGGER_PREFIXES
    ]
    targets = [logging.getLogger(name) for name in names]
    for target in targets:
        target.addFilter(log_filter)
    try:
        yield
    finally:
        for target in targets:
            target.removeFilter(log_filter)

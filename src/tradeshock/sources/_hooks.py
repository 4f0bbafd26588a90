"""Response hooks that every live request runs, whatever session carries it.

requests calls a request's ``response`` hooks on every response, redirects included, *before*
it follows a redirect and before requests-cache stores anything, and it still has the body
unread at that point. That is what these hooks use:

* `redirect_hook` logs a followed redirect at DEBUG and, when the redirect leaves the host
  (requests' own rule for dropping ``Authorization``), removes key query parameters from the
  ``Location`` before requests follows it;
* `deadline_hook` reads the body itself, a chunk at a time, and gives up when the request's
  total deadline has passed (``timeout=(connect, read)`` bounds each socket read, not the
  whole, so a server dripping one byte at a time would otherwise hold the call for ever);
* `validating_hook` parses a fresh final body before it is cached (redirects are skipped:
  only the final response is validated).

Example:
    >>> strip_key_parameters("https://b.example/x?api_key=SECRET&frequency=annual")
    'https://b.example/x?frequency=annual'

"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .._log import logger
from .._redact import ignored_parameters, redact, redact_exception, secrets_in
from ..errors import SchemaError, SourceError

if TYPE_CHECKING:
    import requests

__all__ = [
    "deadline_hook",
    "leaves_host",
    "redirect_hook",
    "strip_key_parameters",
    "validating_hook",
]

_CHUNK = 65_536


def strip_key_parameters(url: str) -> str:
    """Return ``url`` without any credential query parameter (``key``, ``api_key``, ...).

    Example:
        >>> strip_key_parameters("https://x/y?key=abc123&get=A")
        'https://x/y?get=A'

    """
    parts = urlsplit(url)
    names = {p.lower() for p in ignored_parameters()}
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if name.lower() not in names]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def leaves_host(old_url: str, new_url: str) -> bool:
    """Whether a redirect from ``old_url`` to ``new_url`` goes to another origin.

    The rule is requests' own for dropping ``Authorization`` (another host, port or scheme;
    ``http`` → ``https`` on the default ports stays).

    Example:
        >>> leaves_host("https://a.example/x", "https://b.example/x")
        True
        >>> leaves_host("http://a.example/x", "https://a.example/y")
        False

    """
    from requests.sessions import SessionRedirectMixin

    return bool(SessionRedirectMixin().should_strip_auth(old_url, new_url))


def redirect_hook(secrets: set[str], what: str) -> Callable[..., requests.Response]:
    """Return a hook that logs redirects and keeps keys from travelling to another host.

    Example:
        >>> callable(redirect_hook(set(), "request"))
        True

    """

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        if not response.is_redirect:
            return response
        source = str(response.url or "")
        target = urljoin(source, str(response.headers.get("Location", "")))
        note = ""
        if leaves_host(source, target):
            stripped = strip_key_parameters(target)
            if stripped != target:
                response.headers["Location"] = stripped
                target = stripped
                note = " (key parameters not forwarded to another host)"
            else:
                note = " (another host: no credentials forwarded)"
        logger.debug(
            "%s: HTTP %s redirect from %s to %s%s",
            what,
            response.status_code,
            redact(source, secrets),
            redact(target, secrets),
            note,
        )
        return response

    return hook


def deadline_hook(deadline: float, total: float, what: str) -> Callable[..., requests.Response]:
    """Return a hook that reads the body before the ``time.monotonic()`` ``deadline``.

    Chunks come from ``raw.read1`` (whatever the socket has, not a fixed size), so a slow
    server is noticed between two of its bytes.

    Example:
        >>> callable(deadline_hook(time.monotonic() + 60, 60.0, "request"))
        True

    """

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        raw = getattr(response, "raw", None)
        read1 = getattr(raw, "read1", None)
        if (
            getattr(response, "_content_consumed", True)
            or getattr(response, "from_cache", False)
            or read1 is None
        ):
            return response
        chunks: list[bytes] = []
        with _as_requests_errors():
            while True:
                if time.monotonic() > deadline:
                    response.close()
                    raise SourceError(
                        f"{what}: no complete answer within the total deadline of {total:g} "
                        f"seconds (the server is sending too slowly); raise it with "
                        f"cached_session(deadline=...)",
                        url=redact(str(response.url or "")),
                    )
                chunk = read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True
        response.raw.release_conn()
        return response

    return hook


@contextlib.contextmanager
def _as_requests_errors() -> Iterator[None]:
    """Translate urllib3 errors raised while reading into requests' (as ``iter_content`` does)."""
    import requests
    from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

    try:
        yield
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from exc
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc


def _looks_like_html(content: bytes) -> bool:
    head = content[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def validating_hook(
    validate: Callable[[bytes], object], what: str, secrets: set[str]
) -> Callable[..., requests.Response]:
    """Return a response hook that parses a fresh final body *before* it is cached.

    It runs inside the request, so a body the parser rejects is never stored, and when a
    cached copy exists requests-cache's stale-if-error serves it instead (with a warning).
    Redirects and error statuses are not validated.

    Example:
        >>> callable(validating_hook(bytes, "request", set()))
        True

    """

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        if (
            response.status_code >= 300
            or getattr(response, "from_cache", False)
            or getattr(response, "_tradeshock_validated", False)
        ):
            return response
        content = response.content
        request = getattr(response, "request", None)
        known = secrets | secrets_in(str(response.url or ""), getattr(request, "headers", None))
        try:
            validate(content)
        except (SchemaError, SourceError) as exc:
            # parsers quote the body, and servers echo keys: redact before it travels on
            redact_exception(exc, known)
            if isinstance(exc, SourceError) or not _looks_like_html(content):
                raise
            shown = redact(str(response.url or ""), known)
            snippet = redact(content[:200].decode("utf-8", "replace"), known).strip()
            raise SourceError(
                f"{what}: the server answered an HTML page instead of data (an error page?) "
                f"from {shown}: {snippet!r}",
                url=shown,
            ) from None
        response._tradeshock_validated = True  # type: ignore[attr-defined]
        return response

    return hook

"""One cached, key-safe HTTP session for every live source.

[`cached_session`][tradeshock.sources.http.cached_session] returns a `requests_cache.CachedSession`
subclass with:

* a SQLite cache ``http_cache.sqlite`` in the user cache directory (see
  [`default_cache_dir`][tradeshock.sources.http.default_cache_dir]; ``TRADESHOCK_CACHE_DIR``
  overrides it);
* only successful (200) non-HTML responses cached (the agencies answer HTML for errors);
* per-source default expiry (`DEFAULT_EXPIRE_AFTER`, applied with requests-cache's
  ``urls_expire_after`` to each source's base URL) and ``stale_if_error=True``: when a refresh
  fails, the expired cached copy is served (with a warning in the ``requests_cache`` log);
* urllib3 ``Retry`` on 429/500/502/503/504 with exponential backoff, honouring ``Retry-After``
  (capped at `RETRY_AFTER_CAP` seconds; an unparseable or negative value counts as absent,
  see [`retry_after_seconds`][tradeshock.sources.http.retry_after_seconds]);
* a total deadline per request (`DEFAULT_DEADLINE`, 300 seconds; ``deadline=``), on top of
  the ``(connect, read)`` timeout that bounds each socket read;
* redirects followed (validated on the final response only); a redirect to another host carries
  neither ``Authorization`` (requests' rule) nor key query parameters, and is logged at DEBUG;
* a default ``(connect, read)`` timeout on every request (`DEFAULT_TIMEOUT`);
* offline mode (``offline=True`` or ``TRADESHOCK_OFFLINE=1``): only cached responses are served
  (requests-cache ``only_if_cached``); anything else raises
  [`OfflineError`][tradeshock.errors.OfflineError];
* API keys kept secret: the Census ``key`` and EIA ``api_key`` query parameters and auth headers
  are excluded from cache keys, redacted from stored responses (URL, headers *and* body),
  from exception text and from log records (ours, ``urllib3``'s and ``requests_cache``'s).

Network failures, timeouts and HTTP error statuses become
[`SourceError`][tradeshock.errors.SourceError] carrying the redacted URL. ``requests_cache`` is
imported only when a session is made.

Base URLs: every source has a default (`DEFAULT_BASE_URLS`) that an environment variable
(``TRADESHOCK_CENSUS_URL``, ``TRADESHOCK_CENSUS_API_URL``, ``TRADESHOCK_EIA_URL``,
``TRADESHOCK_FRED_URL``, ``TRADESHOCK_TREASURY_URL``) or ``cached_session(base_urls={...})``
overrides (mirrors, proxies, tests).

Example:
    >>> from tradeshock.sources.http import base_url, redact
    >>> base_url("fred")
    'https://fred.stlouisfed.org/graph'
    >>> redact("https://api.eia.gov/v2/x?api_key=SECRET&frequency=annual")
    'https://api.eia.gov/v2/x?api_key=REDACTED&frequency=annual'

"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._log import logger
from .._redact import (
    SECRET_PARAMETERS,
    redact,
    redact_bytes,
    redact_exception,
    redacting_logs,
)
from .._redact import ignored_parameters as _ignored_parameters
from .._redact import secrets_in as _secrets_in
from ..errors import OfflineError, SourceError, ValidationError
from ._cache_file import CACHE_FILE, cache_error, prepare_cache_file  # noqa: F401 (re-export)
from ._hooks import deadline_hook, redirect_hook, validating_hook

if TYPE_CHECKING:
    import requests
    from urllib3.util.retry import Retry

__all__ = [
    "DEFAULT_BASE_URLS",
    "DEFAULT_DEADLINE",
    "DEFAULT_EXPIRE_AFTER",
    "DEFAULT_TIMEOUT",
    "RETRY_AFTER_CAP",
    "RETRY_STATUSES",
    "SECRET_PARAMETERS",
    "base_url",
    "cached_session",
    "default_cache_dir",
    "fetch",
    "is_offline",
    "raise_for_status",
    "redact",
    "retry_after_seconds",
]

# ``redact`` and ``SECRET_PARAMETERS`` live in the core module tradeshock._redact (parsers use
# them too); they stay importable from here.

ENV_CACHE_DIR = "TRADESHOCK_CACHE_DIR"
ENV_OFFLINE = "TRADESHOCK_OFFLINE"

#: Default upstream base URLs; override per source with ``TRADESHOCK_<SOURCE>_URL``.
DEFAULT_BASE_URLS: dict[str, str] = {
    "census": "https://www.census.gov/foreign-trade",
    "census_api": "https://api.census.gov/data/timeseries/intltrade",
    "comtrade": "https://comtradeapi.un.org",
    "eia": "https://api.eia.gov/v2",
    "fred": "https://fred.stlouisfed.org/graph",
    "imf": "https://api.imf.org/external/sdmx/3.0",
    "treasury": "https://treasury.gov/resource-center/data-chart-center/tic/Documents",
}

_DAY = 86_400
#: Seconds a cached response stays fresh, per source. Census and EIA publish monthly and FRED
#: daily, so one day; Treasury TIC publishes mid-month, so a week. Anything else: one day.
DEFAULT_EXPIRE_AFTER: dict[str, int] = {
    "census": _DAY,
    "census_api": _DAY,
    "comtrade": _DAY,
    "eia": _DAY,
    "fred": _DAY,
    "imf": _DAY,
    "treasury": 7 * _DAY,
}
_FALLBACK_EXPIRE_AFTER = _DAY

#: ``(connect, read)`` timeout in seconds applied to every request that does not set one.
DEFAULT_TIMEOUT: tuple[float, float] = (10.0, 120.0)
#: Seconds one [`fetch`][tradeshock.sources.http.fetch] may take in all (retries and redirects
#: included) before the body is complete; a server sending too slowly is cut off with
#: [`SourceError`][tradeshock.errors.SourceError].
DEFAULT_DEADLINE = 300.0
#: Statuses retried with backoff.
RETRY_STATUSES: tuple[int, ...] = (429, 500, 502, 503, 504)
#: Longest ``Retry-After`` wait honoured, in seconds (a server asking for more is waited this long).
RETRY_AFTER_CAP = 60.0

_TRUE = {"1", "true", "yes", "on"}


# --- small pure helpers ------------------------------------------------------------------------


def is_offline(offline: bool | None = None) -> bool:
    """Whether offline mode is on: the argument if given, else env ``TRADESHOCK_OFFLINE``.

    Example:
        >>> is_offline(True)
        True

    """
    if offline is not None:
        return bool(offline)
    return os.environ.get(ENV_OFFLINE, "").strip().lower() in _TRUE


def default_cache_dir() -> Path:
    r"""Return the HTTP cache directory: ``TRADESHOCK_CACHE_DIR`` or the user cache dir.

    Linux and other Unix: ``$XDG_CACHE_HOME/tradeshock`` (default ``~/.cache/tradeshock``);
    macOS: ``~/Library/Caches/tradeshock``; Windows: ``%LOCALAPPDATA%\\tradeshock\\Cache``.

    Example:
        >>> isinstance(default_cache_dir(), Path)
        True

    """
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        local = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(local) / "tradeshock" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "tradeshock"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "tradeshock"


def base_url(source: str, session: object = None) -> str:
    """Return the base URL of a live ``source`` (no trailing slash).

    Order: the session's ``base_urls`` mapping (from
        [`cached_session`][tradeshock.sources.http.cached_session]), then env
    ``TRADESHOCK_<SOURCE>_URL`` (e.g. ``TRADESHOCK_CENSUS_API_URL``), then
    `DEFAULT_BASE_URLS`.

    Example:
        >>> base_url("eia")
        'https://api.eia.gov/v2'

    """
    if source not in DEFAULT_BASE_URLS:
        raise ValidationError(
            f"source={source!r} has no base URL; known: {', '.join(sorted(DEFAULT_BASE_URLS))}"
        )
    mapping = getattr(session, "base_urls", None)
    return _resolve_base_url(source, mapping if isinstance(mapping, Mapping) else None)


def _resolve_base_url(source: str, overrides: Mapping[str, str] | None) -> str:
    if overrides and overrides.get(source):
        return str(overrides[source]).rstrip("/")
    env = os.environ.get(f"TRADESHOCK_{source.upper()}_URL")
    if env:
        return env.rstrip("/")
    return DEFAULT_BASE_URLS[source]


# --- errors ------------------------------------------------------------------------------------


def _full_url(method: str, url: str, params: Any) -> str:
    import requests

    try:
        prepared = requests.Request(method, url, params=params).prepare()
    except Exception:  # an unpreparable URL: say what we were given
        return url
    return prepared.url or url


@contextlib.contextmanager
def _guarded(method: str, url: str, params: Any, secrets: set[str]) -> Iterator[None]:
    """Redact logs and turn requests' network exceptions into SourceError (key redacted)."""
    import requests

    with redacting_logs(secrets):
        try:
            yield
        except SourceError as exc:
            redact_exception(exc, secrets)
            raise
        except requests.Timeout as exc:
            redact_exception(exc, secrets)  # it stays reachable as __context__
            shown = redact(_full_url(method, url, params), secrets)
            raise SourceError(
                f"{method} {shown} timed out ({type(exc).__name__}): {redact(str(exc), secrets)}",
                url=shown,
            ) from None
        except requests.RequestException as exc:
            redact_exception(exc, secrets)
            shown = redact(_full_url(method, url, params), secrets)
            raise SourceError(
                f"{method} {shown} failed ({type(exc).__name__}): {redact(str(exc), secrets)}",
                url=shown,
            ) from None
        except Exception as exc:
            redact_exception(exc, secrets)
            raise


def raise_for_status(response: requests.Response, what: str = "request") -> None:
    """Raise `SourceError` (URL redacted, status, start of body) on HTTP >= 400.

    Example:
        >>> import requests
        >>> r = requests.Response(); r.status_code = 200
        >>> raise_for_status(r)

    """
    status = int(response.status_code)
    if status < 400:
        return
    secrets = _secrets_in(getattr(response.request, "url", None) if response.request else None)
    shown = redact(str(response.url or ""), secrets)
    try:
        snippet = redact(response.text[:300], secrets).strip()
    except Exception:
        snippet = ""
    detail = f": {snippet}" if snippet else ""
    raise SourceError(
        f"{what}: HTTP {status} {response.reason or ''} from {shown}{detail}".replace("  ", " "),
        url=shown,
    )


# --- the session -------------------------------------------------------------------------------


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait for a ``Retry-After`` value, capped at `RETRY_AFTER_CAP`.

    Delay seconds (a decimal such as ``"1.5"`` is honoured too) or an HTTP date. Anything
    unparseable, negative or not finite (``"soon"``, ``"-5"``, ``"nan"``) counts as absent:
    ``None``, and the retry backs off by the default schedule instead.

    Example:
        >>> retry_after_seconds("1.5"), retry_after_seconds("soon"), retry_after_seconds("-5")
        (1.5, None, None)
        >>> retry_after_seconds("86400") == RETRY_AFTER_CAP
        True

    """
    import math
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    text = (value or "").strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return min(seconds, RETRY_AFTER_CAP)


def _capped_retry_class() -> type[Retry]:
    from urllib3.util.retry import Retry

    class _CappedRetry(Retry):
        """``Retry`` that honours a sensible ``Retry-After`` (capped) and ignores a broken one.

        urllib3 raises ``InvalidHeader`` on ``"1.5"``/``"soon"`` and would fail the request at
        once; a server's bad header must not cost the user the retry.
        """

        def get_retry_after(self, response: Any) -> float | None:
            return retry_after_seconds(response.headers.get("Retry-After"))

        def parse_retry_after(self, retry_after: str) -> float:
            seconds = retry_after_seconds(retry_after)
            return 0.0 if seconds is None else seconds

    return _CappedRetry


def _make_retry(retries: int | Retry, backoff_factor: float) -> Retry:
    if not isinstance(retries, int):
        return retries
    if retries < 0:
        raise ValidationError(f"retries={retries!r} must be >= 0")
    return _capped_retry_class()(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # hand the last response back: we report its status ourselves
    )


def _scrub_content(response: Any, secrets: set[str]) -> None:
    """Replace credentials echoed in a response body (EIA echoes its request parameters)."""
    content = getattr(response, "_content", None)
    if not secrets or not isinstance(content, bytes):
        return
    response._content = redact_bytes(content, secrets)


def _scrub_stored(cached: Any, secrets: set[str]) -> None:
    """Redact every credential from a requests-cache record about to be written.

    Covers the URL, the reason, every header *value* (requests-cache filters headers by name
    only; servers echo keys in values), the request (URL, headers, body), the next request of a
    redirect, the body, and the whole redirect history (whose URLs and ``Location`` headers hold
    the key of a keyed request).
    """
    from requests.structures import CaseInsensitiveDict

    cached.url = redact(str(cached.url or ""), secrets)
    if isinstance(cached.reason, str):
        cached.reason = redact(cached.reason, secrets)
    cached.headers = CaseInsensitiveDict(
        {name: redact(str(value), secrets) for name, value in cached.headers.items()}
    )
    for request in (cached.request, getattr(cached, "_next", None)):
        if request is None:
            continue
        request.url = redact(str(request.url or ""), secrets)
        request.headers = CaseInsensitiveDict(
            {name: redact(str(value), secrets) for name, value in request.headers.items()}
        )
        if isinstance(request.body, bytes):
            request.body = redact_bytes(request.body, secrets)
    if isinstance(cached._content, bytes):
        cached._content = redact_bytes(cached._content, secrets)
    for hop in cached.history:
        _scrub_stored(hop, secrets)


@functools.lru_cache(maxsize=1)
def _session_class() -> type[Any]:
    """Build the CachedSession subclass (lazily: importing requests_cache costs time)."""
    from requests_cache import CachedSession
    from requests_cache.backends.sqlite import SQLiteCache
    from requests_cache.models.response import CachedResponse

    class _RedactingSQLiteCache(SQLiteCache):
        """SQLite backend that stores nothing holding a credential (see `_scrub_stored`)."""

        def __init__(self, *, secrets: set[str], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.secrets = secrets  # shared with the session: every key it has sent

        def save_response(self, response: Any, cache_key: Any = None, expires: Any = None) -> None:
            # BaseCache.save_response of requests-cache 1.x, with the built record scrubbed
            # before it is written: requests-cache offers no hook between the two steps.
            from requests_cache.cache_keys import redact_response

            known = set(self.secrets)
            for hop in (response, *getattr(response, "history", ())):
                request = getattr(hop, "request", None)
                known |= _secrets_in(
                    getattr(request, "url", None), getattr(request, "headers", None)
                )
            cache_key = cache_key or self.create_key(response.request)
            cached = CachedResponse.from_response(response, expires=expires)
            cached = redact_response(cached, self._settings.ignored_parameters)
            _scrub_stored(cached, known)
            self.responses[cache_key] = cached
            if not self._stored(cache_key):
                return
            if response.history and not cached.revalidated:
                for hop in response.history:
                    self.redirects[self.create_key(hop.request)] = cache_key

        def _stored(self, cache_key: str) -> bool:
            """Whether the write landed: requests-cache rolls a failed write back silently."""
            import sqlite3

            try:
                with self.responses.connection() as con:
                    row = con.execute(
                        "SELECT 1 FROM responses WHERE key = ?", (cache_key,)
                    ).fetchone()
            except sqlite3.Error:
                row = None
            if row is None:
                logger.warning(
                    "HTTP cache %s could not be written (disk full or read-only?); the response "
                    "is used but not cached. Free space, or set TRADESHOCK_CACHE_DIR to a "
                    "writable directory",
                    self.db_path,
                )
            return row is not None

    class TradeshockSession(CachedSession):
        """CachedSession with tradeshock's timeouts, retries, offline mode and key redaction."""

        def __init__(
            self,
            *,
            cache_path: Path,
            timeout: tuple[float, float] | float,
            deadline: float,
            base_urls: Mapping[str, str],
            **kwargs: Any,
        ) -> None:
            self._secrets: set[str] = set()
            backend = _RedactingSQLiteCache(db_path=str(cache_path), secrets=self._secrets)
            super().__init__(backend=backend, **kwargs)
            self.timeout = timeout
            self.deadline = deadline
            self.base_urls = dict(base_urls)
            self.cache_path = cache_path

        @property
        def offline(self) -> bool:
            """Whether only cached responses are served."""
            return bool(self.settings.only_if_cached)

        def request(  # type: ignore[override]
            self, method: str, url: str, *args: Any, **kwargs: Any
        ) -> Any:
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = self.timeout
            params = kwargs.get("params")
            full = _full_url(method, url, params)
            self._secrets.update(_secrets_in(full, kwargs.get("headers")))
            self._secrets.update(_secrets_in(None, self.headers))
            with _guarded(method, url, params, self._secrets):
                response = super().request(method, url, *args, **kwargs)
                if not kwargs.get("stream"):
                    _ = response.content
                    _scrub_content(response, self._secrets)
            if (
                self.offline
                and isinstance(response, CachedResponse)
                and response.status_code == 504
                and response.reason == "Not Cached"
            ):
                shown = redact(full, self._secrets)
                raise OfflineError(
                    f"offline mode is on (offline=True or TRADESHOCK_OFFLINE=1) and {shown} is "
                    f"not in the HTTP cache ({self.cache_path}); use source='bundled', or go "
                    "online once to fill the cache",
                    url=shown,
                )
            return response

    return TradeshockSession


def _cacheable(response: Any) -> bool:
    """Keep HTML pages out of the cache: the data sources answer HTML only for errors."""
    content_type = str(response.headers.get("Content-Type", "")).lower()
    return not content_type.startswith("text/html")


def cached_session(
    *,
    offline: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    expire_after: float | None = None,
    urls_expire_after: Mapping[str, float] | None = None,
    base_urls: Mapping[str, str] | None = None,
    retries: int | Retry = 5,
    backoff_factor: float = 0.5,
    timeout: tuple[float, float] | float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
) -> requests.Session:
    """Return a new cached, key-safe session (a ``requests_cache.CachedSession`` subclass).

    Args:
        offline: serve only cached responses (default: env ``TRADESHOCK_OFFLINE``); anything not
            cached raises [`OfflineError`][tradeshock.errors.OfflineError]. Expired entries are
            still served.
        cache_dir: where ``http_cache.sqlite`` lives (default
            [`default_cache_dir`][tradeshock.sources.http.default_cache_dir]).
        expire_after: seconds a response stays fresh for *every* URL (``-1``: never expire);
            default: per source, `DEFAULT_EXPIRE_AFTER`.
        urls_expire_after: extra ``{url glob: seconds}`` patterns, taking precedence.
        base_urls: ``{source: base URL}`` overrides (see
            [`base_url`][tradeshock.sources.http.base_url]).
        retries: attempts after the first on connection errors and 429/5xx (or a urllib3 ``Retry``).
        backoff_factor: exponential backoff factor (seconds) between retries.
        timeout: default ``(connect, read)`` timeout for every request.
        deadline: seconds one [`fetch`][tradeshock.sources.http.fetch] may take in all, retries and
            redirects included, until its body is complete (default `DEFAULT_DEADLINE`); the read
            timeout bounds each socket read, this bounds the whole.

    Example:
        >>> s = cached_session(offline=True)
        >>> s.offline, s.cache_path.name
        (True, 'http_cache.sqlite')
        >>> s.close()

    """
    from requests.adapters import HTTPAdapter

    overrides = dict(base_urls or {})
    unknown = set(overrides) - set(DEFAULT_BASE_URLS)
    if unknown:
        raise ValidationError(
            f"base_urls has unknown sources {sorted(unknown)}; known: {sorted(DEFAULT_BASE_URLS)}"
        )
    cache_path = prepare_cache_file(_cache_directory(cache_dir))
    patterns: dict[str, float] = {}
    if expire_after is None:
        for source, seconds in DEFAULT_EXPIRE_AFTER.items():
            patterns[_resolve_base_url(source, overrides).split("://")[-1] + "/*"] = seconds
        default_expiry: float = _FALLBACK_EXPIRE_AFTER
    else:
        default_expiry = expire_after
    patterns.update(urls_expire_after or {})

    session = _open_session(
        cache_path=cache_path,
        timeout=timeout,
        deadline=_positive_seconds(deadline, "deadline"),
        base_urls=overrides,
        expire_after=default_expiry,
        urls_expire_after=patterns,
        allowable_codes=(200,),
        allowable_methods=("GET", "HEAD"),
        ignored_parameters=_ignored_parameters(),
        stale_if_error=True,
        only_if_cached=is_offline(offline),
        filter_fn=_cacheable,
    )
    adapter = HTTPAdapter(max_retries=_make_retry(retries, backoff_factor))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    logger.debug("HTTP cache at %s (offline=%s)", cache_path, session.offline)
    result: requests.Session = session
    return result


def _cache_directory(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    try:
        return default_cache_dir()
    except (RuntimeError, KeyError, OSError) as exc:  # no HOME and no password entry
        raise cache_error("~", f"cannot be found ({exc})") from None


def _open_session(*, cache_path: Path, **kwargs: Any) -> Any:
    """Make the session; what the checks could not foresee still becomes a CacheError."""
    import sqlite3

    try:
        return _session_class()(cache_path=cache_path, **kwargs)
    except (OSError, sqlite3.Error) as exc:
        raise cache_error(cache_path, f"cannot be opened ({exc})") from None


def _positive_seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not value > 0 or value == float("inf"):
        raise ValidationError(f"{name}={value!r} must be a positive, finite number of seconds")
    return float(value)


def _is_cached_session(session: object) -> bool:
    cache_module = sys.modules.get("requests_cache")  # a CachedSession implies it is imported
    return cache_module is not None and isinstance(session, cache_module.CachedSession)


def _offline_error(shown: str, why: str) -> OfflineError:
    return OfflineError(
        f"offline mode is on (TRADESHOCK_OFFLINE=1) and {shown} cannot be fetched: {why}; "
        "use source='bundled', or go online once to fill the cache",
        url=shown,
    )


def fetch(
    url: str,
    *,
    params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
    session: requests.Session | None = None,
    what: str = "request",
    check_status: bool = True,
    validate: Callable[[bytes], object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> requests.Response:
    """GET ``url`` through ``session`` (default: a fresh `cached_session`, closed after).

    Any ``requests.Session`` works; errors become [`SourceError`][tradeshock.errors.SourceError]
    with the key redacted. With ``TRADESHOCK_OFFLINE=1`` a session of your own is held to offline
    mode too: a ``requests_cache.CachedSession`` answers from its cache only, a plain session raises
    [`OfflineError`][tradeshock.errors.OfflineError] before sending anything. With ``check_status``
    an HTTP status >= 400 raises too. ``validate`` (e.g. the source's parser) checks every fresh
    body below 400 before it is cached: a body it rejects
    ([`SchemaError`][tradeshock.errors.SchemaError]/ [`SourceError`][tradeshock.errors.SourceError])
    is never stored, and a cached copy, if any, is served instead (stale-if-error). ``headers`` are
    sent with this request only; credential headers (`SECRET_PARAMETERS`) are kept out of cache
    keys, stored responses and messages.

    Example:
        >>> from tradeshock.errors import OfflineError
        >>> try:
        ...     fetch("https://example.invalid/x", session=cached_session(offline=True))
        ... except OfflineError as exc:
        ...     "source='bundled'" in str(exc)
        True

    """
    own = session is None
    active = cached_session() if session is None else session
    secrets = (
        _secrets_in(_full_url("GET", url, params))
        | _secrets_in(None, active.headers)
        | _secrets_in(None, headers)
    )
    # TRADESHOCK_OFFLINE=1 holds for the user's own sessions too (ours carry their own setting)
    foreign_offline = not hasattr(active, "offline") and is_offline()
    extra: dict[str, Any] = {}
    if foreign_offline:
        if not _is_cached_session(active):
            raise _offline_error(
                redact(_full_url("GET", url, params), secrets),
                "a session without a cache (a plain requests.Session) cannot serve it",
            )
        extra["only_if_cached"] = True
    try:
        with _guarded("GET", url, params, secrets):
            timeout = None if hasattr(active, "timeout") else DEFAULT_TIMEOUT
            if headers:
                extra["headers"] = dict(headers)
            response = active.get(
                url,
                params=params,
                timeout=timeout,
                hooks=_hooks_for(active, validate, what, secrets),
                **extra,
            )
            _ = response.content  # read now: the session may be closed below
            _scrub_content(response, secrets)  # whatever the session: no echoed key travels on
        if foreign_offline and response.status_code == 504 and response.reason == "Not Cached":
            raise _offline_error(
                redact(_full_url("GET", url, params), secrets), "it is not in that session's cache"
            )
        logger.debug(
            "%s: GET %s -> %s%s",
            what,
            redact(str(response.url), secrets),
            response.status_code,
            " (cache)" if getattr(response, "from_cache", False) else "",
        )
        if check_status:
            raise_for_status(response, what)
        if 300 <= response.status_code < 400:
            shown = redact(str(response.url), secrets)
            raise SourceError(
                f"{what}: HTTP {response.status_code} from {shown} was not "
                "followed (a redirect without a Location?)",
                url=shown,
            )
        return response
    except Exception as exc:
        redact_exception(exc, secrets)
        raise
    finally:
        if own:
            active.close()


def _hooks_for(
    session: object, validate: Callable[[bytes], object] | None, what: str, secrets: set[str]
) -> dict[str, list[Callable[..., Any]]]:
    """Return the hooks of one request: redirect policy, total deadline, then validation."""
    seconds = getattr(session, "deadline", None)
    total = float(seconds) if isinstance(seconds, (int, float)) else DEFAULT_DEADLINE
    hooks = [redirect_hook(secrets, what), deadline_hook(time.monotonic() + total, total, what)]
    if validate is not None:
        hooks.append(validating_hook(validate, what, secrets))
    return {"response": hooks}

"""The full-page cache for anonymous readers, and the HTTP caching headers for proxies.

`PageCacheMiddleware` sits first in MIDDLEWARE. An anonymous GET/HEAD (no session or
messages cookie, no query string beyond `page` and ignored tracking parameters, not
under /newsroom/, /api/, /static/ or /media/) is answered from Django's cache alias
"pages" (in-process memory by default, Redis when DATELINE_CACHE_URL is redis://...)
without running any other middleware, URL resolution or view.

What a page shows is declared while it renders: `add_keys("article:12", "latest")`
(views, the `{% surrogate_key %}` template tag in cards). The keys are stored with the
page, sent in the `Surrogate-Key` header, and `purge(keys)` (called on commit by
dateline.core.invalidation when content changes) makes every page carrying one of them
stale at once. Purging bumps a generation counter per key; a stored page remembers the
generations it was rendered under, and is valid while they are unchanged. With the
in-process cache and several worker processes, purges also go to an append-only log
file that every process reads (one stat per request) so no worker keeps a stale page.

A page past its fresh time (DATELINE_PAGE_CACHE_TTL) is served stale while one
background thread renders it again; a purged page is rendered by the first request
while concurrent ones get the stale copy; a page nobody has yet is rendered once per
process (once across servers with Redis) while the other requests wait for it.
"""

import contextlib
import contextvars
import functools
import hashlib
import io
import logging
import os
import re
import threading
import time
import zlib
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# Query parameters that select a different page, and those that never change it.
ALLOWED_PARAMS = frozenset({"page"})
IGNORED_PARAMS = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "ref"})
IGNORED_PREFIXES = ("utm_",)
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
EXCLUDED_PREFIXES = ("/newsroom/", "/api/")
CACHEABLE_STATUSES = frozenset({200, 301, 404})
# Keys carried by (nearly) every page: purged for Dateline's own cache, but not
# refreshed one URL at a time in nginx (its short s-maxage takes care of them).
BROAD_KEYS = frozenset({"latest", "sections"})
MAX_URLS_PER_KEY = 200
WAIT_FOR_RENDER = 10.0  # seconds a request waits for another's render of the same page
LOCK_TIMEOUT = 30  # seconds a render lock lives in a shared cache
STATUS_HEADER = "X-Dateline-Cache"
PURGE_LOG_LIMIT = 1_000_000  # bytes
COMPRESS_LEVEL = 1  # zlib: the fastest; 6 only saves a tenth more
GZIP_WBITS = 31  # zlib's gzip format: what browsers accept as Content-Encoding: gzip
GZIP_MIN_SIZE = 200  # bytes; a smaller page is sent as it is (so does GZipMiddleware)
# Stored pages' keys. A new one whenever Entry's stored form changes, so that servers of
# the old and the new version sharing Redis (a rolling upgrade, a rollback) each miss
# the other's pages rather than fail to read them ("p:" held zlib pages).
ENTRY_PREFIX = "p2:"

_collector: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "dateline_pagecache_keys", default=None
)


def add_keys(*keys: object) -> None:
    """Declare what the page being rendered shows (no-op outside a cached render)."""
    collected = _collector.get()
    if collected is not None:
        collected.update(str(key) for key in keys)


def article_key(article) -> str:
    return f"article:{article.pk}"


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", False))


# --- generations: what makes a stored page valid ---------------------------------------


class LocalGenerations:
    """Generation counters in this process, kept in step with others through a log file."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gens: dict[str, int] = {}
        self._reset = 0
        self._epoch = 0
        self._offset = 0
        self._inode = None
        self._path = None

    def _log_path(self):
        return getattr(settings, "PAGE_CACHE_PURGE_LOG", None)

    def sync(self) -> None:
        path = self._log_path()
        if path is None:
            return
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return
        except OSError:
            logger.warning("page cache purge log unreadable", exc_info=True)
            return
        if stat.st_ino == self._inode and stat.st_size == self._offset and path == self._path:
            return
        with self._lock:
            if path != self._path or stat.st_ino != self._inode or stat.st_size < self._offset:
                if self._inode is not None:  # a new log: nothing stored before is trusted
                    self._reset += 1
                    self._epoch += 1
                self._path, self._inode, self._offset = path, stat.st_ino, 0
            try:
                with open(path, "rb") as log:
                    log.seek(self._offset)
                    data = log.read()
            except OSError:
                logger.warning("page cache purge log unreadable", exc_info=True)
                return
            complete = data.rfind(b"\n") + 1
            for line in data[:complete].decode("utf-8", "replace").splitlines():
                for key in line.split():
                    self._gens[key] = self._gens.get(key, 0) + 1
                self._epoch += 1
            self._offset += complete

    def current(self, keys: tuple[str, ...]) -> tuple:
        self.sync()
        gens = self._gens
        return (self._reset, *(gens.get(key, 0) for key in keys))

    def epoch(self) -> tuple:
        self.sync()
        return (self._reset, self._epoch)

    def bump(self, keys: Iterable[str]) -> None:
        keys = [key for key in keys if key and not any(c.isspace() for c in key)]
        if not keys:
            return
        path = self._log_path()
        if path is not None:
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                # O_APPEND: lines from several processes never interleave.
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, (" ".join(keys) + "\n").encode())
                    if os.fstat(fd).st_size > PURGE_LOG_LIMIT:
                        # A new, empty log: every process drops what it stored (once).
                        fresh = f"{path}.{os.getpid()}.new"
                        open(fresh, "wb").close()
                        os.replace(fresh, path)
                finally:
                    os.close(fd)
                self.sync()
                return
            except OSError:
                logger.warning("page cache purge log not writable", exc_info=True)
        with self._lock:
            for key in keys:
                self._gens[key] = self._gens.get(key, 0) + 1
            self._epoch += 1


class SharedGenerations:
    """Generation counters in the shared cache (Redis), seen by every app server."""

    EPOCH = "g:*epoch"

    def __init__(self, cache) -> None:
        self.cache = cache

    def current(self, keys: tuple[str, ...]) -> tuple:
        names = [f"g:{key}" for key in keys]
        found = self.cache.get_many(names)
        missing = [name for name in names if name not in found]
        if missing:
            # Never start from 0 again after an eviction: an old page could match.
            for name in missing:
                self.cache.add(name, time.time_ns(), None)
            found.update(self.cache.get_many(missing))
        return tuple(found.get(name, 0) for name in names)

    def epoch(self) -> tuple:
        return (self.cache.get(self.EPOCH, 0),)

    def bump(self, keys: Iterable[str]) -> None:
        for name in [*(f"g:{key}" for key in keys), self.EPOCH]:
            try:
                self.cache.incr(name)
            except ValueError:
                if not self.cache.add(name, time.time_ns(), None):
                    self.cache.incr(name)


# --- the store --------------------------------------------------------------------------


class Entry:
    """A stored page. Its body is held gzip-compressed: a third of its size, so that a
    worker with the in-process cache full (2,000 pages) stays small (bench/memory.py)
    and Redis holds and sends a third. Compressed once per render; a reader whose
    browser accepts gzip (nearly all) gets those bytes as they are, any other reader
    the body decompressed (tens of microseconds)."""

    FIELDS = ("status", "headers", "body", "created", "keys", "gens", "etag", "url")
    __slots__ = ("status", "headers", "_body", "created", "keys", "gens", "etag", "url", "_gz")

    def __init__(self, status, headers, body, created, keys, gens, etag, url):
        self.status, self.headers, self._body, self._gz = status, headers, body, None
        self.created, self.keys, self.gens, self.etag, self.url = created, keys, gens, etag, url

    @property
    def body(self) -> bytes:
        if self._body is None:
            self._body = zlib.decompress(self._gz, GZIP_WBITS)
        return self._body

    @property
    def gzipped(self) -> bytes:
        if self._gz is None:
            packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, GZIP_WBITS)
            self._gz = packer.compress(self._body) + packer.flush()
        return self._gz

    @property
    def size(self) -> int:
        """The body's length, read from the gzip trailer when it is not decompressed."""
        if self._body is not None:
            return len(self._body)
        return int.from_bytes(self._gz[-4:], "little")  # pages are far under 4 GB

    def __getstate__(self):
        state = [getattr(self, name) for name in self.FIELDS]
        state[2] = self.gzipped
        return tuple(state)

    def __setstate__(self, state):
        for name, value in zip(self.FIELDS, state, strict=True):
            if name != "body":
                setattr(self, name, value)
        self._body, self._gz = None, state[2]


class PageStore:
    def __init__(self) -> None:
        self._local = LocalGenerations()
        self._inflight: dict[str, threading.Event] = {}
        self._inflight_lock = threading.Lock()
        self._threads: set[threading.Thread] = set()  # refreshes running now
        self._threads_lock = threading.Lock()
        self._cache_memo = None

    @property
    def cache(self):
        # caches[...] goes through a thread-local lookup; the backend objects (locmem,
        # Redis with its connection pool) are thread-safe, so one is kept per CACHES.
        config = settings.CACHES
        memo = self._cache_memo
        if memo is None or memo[0] is not config:
            memo = self._cache_memo = (config, caches[CACHE_ALIAS])
        return memo[1]

    @property
    def shared(self) -> bool:
        return "locmem" not in settings.CACHES[CACHE_ALIAS]["BACKEND"].lower()

    @property
    def generations(self):
        return SharedGenerations(self.cache) if self.shared else self._local

    def get(self, variant: str) -> Entry | None:
        return self.cache.get(ENTRY_PREFIX + variant)

    def is_valid(self, entry: Entry) -> bool:
        return self.generations.current(entry.keys) == entry.gens

    def put(self, variant: str, entry: Entry) -> None:
        timeout = settings.PAGE_CACHE_TTL + settings.PAGE_CACHE_STALE
        self.cache.set(ENTRY_PREFIX + variant, entry, timeout)
        if settings.NGINX_REFRESH_URL:
            self._index_urls(entry)

    def _index_urls(self, entry: Entry) -> None:
        for key in entry.keys:
            if key in BROAD_KEYS:
                continue
            name = f"u:{key}"
            urls = self.cache.get(name) or []
            if entry.url not in urls:
                self.cache.set(name, [*urls, entry.url][-MAX_URLS_PER_KEY:], None)

    def urls_for(self, keys: Iterable[str]) -> list[str]:
        names = [f"u:{key}" for key in keys if key not in BROAD_KEYS]
        found = self.cache.get_many(names)
        return sorted({url for urls in found.values() for url in urls})

    # Coalescing: one render of a page at a time in this process (and across servers
    # with a shared cache); `claim` answers whether the caller is the one to render.

    def claim(self, variant: str) -> bool:
        with self._inflight_lock:
            if variant in self._inflight:
                return False
            self._inflight[variant] = threading.Event()
        if self.shared:
            try:
                if not self.cache.add("l:" + variant, 1, LOCK_TIMEOUT):
                    self._release_local(variant)
                    return False
            except Exception:
                logger.warning("page cache lock unavailable", exc_info=True)
        return True

    def release(self, variant: str) -> None:
        if self.shared:
            with contextlib.suppress(Exception):
                self.cache.delete("l:" + variant)
        self._release_local(variant)

    def _release_local(self, variant: str) -> None:
        with self._inflight_lock:
            event = self._inflight.pop(variant, None)
        if event is not None:
            event.set()

    def wait_for(self, variant: str, timeout: float) -> None:
        """Wait until the render of `variant` running elsewhere is done (or timeout)."""
        with self._inflight_lock:
            event = self._inflight.get(variant)
        if event is not None:
            event.wait(timeout)
            return
        deadline = time.monotonic() + timeout
        while self.shared and time.monotonic() < deadline:
            if self.cache.get("l:" + variant) is None:
                return
            time.sleep(0.02)

    def start_thread(self, target, *args, daemon: bool = True) -> threading.Thread:
        """Run `target(*args)` in a new thread, known to wait_for_refreshes() until it
        ends (and then let go: a worker starts refreshes all day)."""

        def run() -> None:
            try:
                target(*args)
            finally:
                with self._threads_lock:
                    self._threads.discard(thread)

        thread = threading.Thread(target=run, name="pagecache-refresh", daemon=daemon)
        with self._threads_lock:
            self._threads.add(thread)
        thread.start()
        return thread

    def wait_for_refreshes(self, timeout: float = 10.0) -> None:
        """Join background refresh threads (tests, and an orderly shutdown)."""
        deadline = time.monotonic() + timeout
        with self._threads_lock:
            running = list(self._threads)
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))

    def clear(self) -> None:
        self.cache.clear()
        self._local = LocalGenerations()


store = PageStore()


def purge(keys: Iterable[str]) -> None:
    """Make every cached page carrying one of `keys` stale; refresh them in nginx too."""
    keys = sorted({str(key) for key in keys if key})
    if not keys or not (enabled() or settings.NGINX_REFRESH_URL):
        return
    try:
        store.generations.bump(keys)
    except Exception:
        logger.exception("page cache purge failed for %s", keys)
    if settings.NGINX_REFRESH_URL:
        try:
            urls = store.urls_for(keys)
        except Exception:
            logger.exception("page cache URL index unavailable")
            return
        if urls:
            # Not a daemon: a short-lived process (a management command, a script)
            # finishes its refreshes before it exits.
            store.start_thread(refresh_in_nginx, urls, daemon=False)


def refresh_in_nginx(urls: list[str]) -> int:
    """Ask nginx to fetch each URL again from Dateline and keep the new copy, in each
    language nginx keeps a copy in (deploy/nginx.conf's $dateline_language: none named,
    or one of LANGUAGES). Returns how many copies were refreshed."""
    import httpx

    base = urlsplit(settings.NGINX_REFRESH_URL)
    languages = ["", *(code for code, _ in settings.LANGUAGES)]
    refreshed = 0
    with httpx.Client(timeout=10.0, follow_redirects=False) as client:
        for url in urls:
            parts = urlsplit(url)
            target = f"{base.scheme}://{base.netloc}{parts.path}"
            if parts.query:
                target += "?" + parts.query
            for language in languages:
                headers = {
                    "Host": parts.netloc,
                    "X-Dateline-Refresh": settings.NGINX_REFRESH_SECRET,
                    "X-Forwarded-Proto": parts.scheme,
                    "Accept-Encoding": "identity",
                }
                if language:
                    headers["Accept-Language"] = language
                try:
                    client.get(target, headers=headers)
                    refreshed += 1
                except httpx.HTTPError as exc:
                    logger.warning("nginx refresh of %s (%s) failed: %s", url, language, exc)
                    break  # nginx is down or slow: the next URL, not eight more waits
    logger.info("nginx: %d copies of %d pages refreshed", refreshed, len(urls))
    return refreshed


# --- the middleware ---------------------------------------------------------------------


def _variant(request: HttpRequest) -> str | None:
    """The cache key of the page this request asks for, or None if it is not cacheable."""
    return variant_of(request.META)


def variant_of(environ: dict) -> str | None:
    """The cache key for a WSGI environ (request.META), or None if it is not cacheable.

    The host is not checked against ALLOWED_HOSTS here: pages are stored only after
    Django accepted the request, so a bad host never finds one.
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "/")
    if path.startswith(EXCLUDED_PREFIXES) or path.startswith(
        (settings.STATIC_URL, settings.MEDIA_URL)
    ):
        return None
    cookies = {}
    if raw_cookie := environ.get("HTTP_COOKIE"):
        cookies = parse_cookie(raw_cookie)
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
    query = ""
    if raw_query := environ.get("QUERY_STRING"):
        kept = []
        for name, value in parse_qsl(raw_query, keep_blank_values=True):
            if name in ALLOWED_PARAMS:
                # Only a page number as the site writes it: "2", not "02" or "2?x=1",
                # which would each take an entry (and push real pages out) for a page
                # the view shows anyway.
                if not PAGE_NUMBER.fullmatch(value):
                    return None
                kept.append(f"{name}={value}")
            elif name not in IGNORED_PARAMS and not name.startswith(IGNORED_PREFIXES):
                return None
        query = "&".join(sorted(kept))
    language = ""
    if _uses_locale_middleware():
        language = get_language_from_request(_LanguageProbe(cookies, environ))
    scheme = environ.get("wsgi.url_scheme", "http")
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        if environ.get(header, "").split(",")[0].strip() == secure_value:
            scheme = "https"
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    raw = f"{scheme}|{host}|{language}|{path}|{query}"
    return hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


class _LanguageProbe:
    """What get_language_from_request reads of a request, built from the environ."""

    __slots__ = ("COOKIES", "META")

    def __init__(self, cookies: dict, environ: dict) -> None:
        self.COOKIES, self.META = cookies, environ


_locale_middleware: dict[int, bool] = {}


def _uses_locale_middleware() -> bool:
    middleware = settings.MIDDLEWARE
    found = _locale_middleware.get(id(middleware))
    if found is None:
        found = "django.middleware.locale.LocaleMiddleware" in middleware
        _locale_middleware.clear()
        _locale_middleware[id(middleware)] = found
    return found


def _cache_control() -> str:
    ttl, stale = settings.PAGE_CACHE_TTL, settings.PAGE_CACHE_STALE
    return (
        f"public, max-age=0, s-maxage={ttl}, stale-while-revalidate={stale}, stale-if-error={stale}"
    )


def _storable(response: HttpResponse) -> bool:
    if response.status_code not in CACHEABLE_STATUSES or response.streaming:
        return False
    if response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _without_cookie_vary(value: str) -> str:
    return ", ".join(part.strip() for part in value.split(",") if part.strip().lower() != "cookie")


class PageCacheMiddleware:
    """Answer anonymous readers from the page cache; see the module docstring."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return self.get_response(request)
        variant = _variant(request)
        if variant is None:
            return self._bypass(request)
        try:
            entry = store.get(variant)
            valid = entry is not None and store.is_valid(entry)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        now = time.time()
        if entry is not None:
            age = now - entry.created
            servable = age < settings.PAGE_CACHE_TTL + settings.PAGE_CACHE_STALE
            if valid and age < settings.PAGE_CACHE_TTL:
                return self._replay(request, entry, "HIT", now)
            if valid and servable:
                if store.claim(variant):
                    store.start_thread(self._refresh, _clone(request), variant)
                return self._replay(request, entry, "STALE", now)
            if servable and not store.claim(variant):
                return self._replay(request, entry, "STALE", now)  # purged: one renders
            if not servable and not store.claim(variant):
                store.wait_for(variant, WAIT_FOR_RENDER)
                return self._after_wait(request, variant)
        elif not store.claim(variant):
            store.wait_for(variant, WAIT_FOR_RENDER)
            return self._after_wait(request, variant)
        try:
            response = self._render(request, variant)
        finally:
            store.release(variant)
        return _conditional(request, response)

    def _after_wait(self, request: HttpRequest, variant: str) -> HttpResponse:
        entry = store.get(variant)
        if entry is not None and store.is_valid(entry):
            return self._replay(request, entry, "HIT", time.time())
        return _conditional(request, self._render(request, variant))

    def _render(self, request: HttpRequest, variant: str) -> HttpResponse:
        """Run the rest of the stack; store the answer if it may be shared."""
        epoch = store.generations.epoch()
        started = time.time()
        token = _collector.set(set())
        try:
            response = self.get_response(request)
            keys = tuple(sorted(_collector.get()))
        finally:
            _collector.reset(token)
        if not _storable(response):
            response[STATUS_HEADER] = "PASS"
            return response
        if response.status_code != 200:
            # A 404 or a redirect may turn into a page when something is published or
            # unpublished, which purges "latest".
            keys = tuple(sorted({*keys, "latest"}))
        body = response.content
        response["Cache-Control"] = _cache_control()
        if response.has_header("Vary"):
            vary = _without_cookie_vary(response["Vary"])
            if vary:
                response["Vary"] = vary
            else:
                del response["Vary"]
        patch_vary_headers(response, ("Accept-Encoding",))  # see _gzip()
        if keys:
            response["Surrogate-Key"] = " ".join(keys)
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        response["ETag"] = etag
        response["Last-Modified"] = http_date(started)
        headers = tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("content-length", STATUS_HEADER.lower())
        )
        url = request.build_absolute_uri()
        entry = Entry(response.status_code, headers, body, started, keys, None, etag, url)
        try:
            # A purge during the render may have come too late for what we read: then
            # this answer is sent but not kept.
            if store.generations.epoch() == epoch:
                entry.gens = store.generations.current(keys)
                store.put(variant, entry)
        except Exception:
            logger.warning("page cache store failed", exc_info=True)
        if _gzip(entry, request.META.get("HTTP_ACCEPT_ENCODING")):
            response.content = entry.gzipped
            response["Content-Encoding"] = "gzip"
            response["ETag"] = "W/" + etag
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        response[STATUS_HEADER] = "MISS"
        return response

    def _refresh(self, request: HttpRequest, variant: str) -> None:
        try:
            self._render(request, variant)
        except Exception:
            logger.exception("background page refresh failed for %s", request.path)
        finally:
            store.release(variant)
            connections.close_all()

    def _replay(self, request: HttpRequest, entry: Entry, state: str, now: float) -> HttpResponse:
        gzip = _gzip(entry, request.META.get("HTTP_ACCEPT_ENCODING"))
        match = request.META.get("HTTP_IF_NONE_MATCH")
        if match is not None:
            # A weak comparison (RFC 9110 13.1.2): "abc" matches W/"abc" too.
            if entry.etag in match or match.strip() == "*":
                return _not_modified(entry, state, now, gzip)
        elif (since := request.META.get("HTTP_IF_MODIFIED_SINCE")) is not None:
            since = parse_http_date_safe(since)
            if since is not None and int(entry.created) <= since:
                return _not_modified(entry, state, now, gzip)
        headers, body = _representation(entry, gzip)
        response = HttpResponse(body, status=entry.status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        response["Age"] = str(max(0, int(now - entry.created)))
        response[STATUS_HEADER] = state
        return response

    def _bypass(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            response["Cache-Control"] = "private"
        return response


_NOT_MODIFIED_HEADERS = ("cache-control", "etag", "last-modified", "vary", "surrogate-key")


def _not_modified(entry: Entry, state: str, now: float, gzip: bool) -> HttpResponse:
    response = HttpResponse(status=304)
    for name, value in _headers(entry, gzip):  # the body is not needed: not decompressed
        if name.lower() in _NOT_MODIFIED_HEADERS:
            response[name] = value
    del response["Content-Type"]
    response["Age"] = str(max(0, int(now - entry.created)))
    response[STATUS_HEADER] = state
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A fresh render answers 304 too when the reader's copy is the same."""
    etag = response.get("ETag", "").removeprefix("W/")  # a weak comparison, as _replay's
    match = request.META.get("HTTP_IF_NONE_MATCH")
    if etag and match and response.status_code == 200 and (etag in match or match.strip() == "*"):
        not_modified = HttpResponse(status=304)
        for name, value in response.items():
            if name.lower() in _NOT_MODIFIED_HEADERS or name == STATUS_HEADER:
                not_modified[name] = value
        del not_modified["Content-Type"]
        return not_modified
    return response


def _clone(request: HttpRequest) -> HttpRequest:
    """A bodiless copy of a GET request for a background render."""
    from django.core.handlers.wsgi import WSGIRequest

    meta = {
        key: value
        for key, value in request.META.items()
        if key not in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
    }
    meta.update({"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"})
    return WSGIRequest(meta)


# --- the WSGI front door ----------------------------------------------------------------


def wsgi_front(application):
    """Wrap Django's WSGI application: fresh cached pages are sent straight from the
    cache, before Django builds a request, sends signals or runs any middleware.
    Everything else (misses, stale or purged pages, conditional requests) goes to
    Django, where PageCacheMiddleware handles it."""

    def front(environ, start_response):
        if enabled() and not (
            "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
        ):
            try:
                variant = variant_of(environ)
                entry = store.get(variant) if variant else None
                if entry is not None:
                    age = time.time() - entry.created
                    if age < settings.PAGE_CACHE_TTL and store.is_valid(entry):
                        return _send(entry, age, environ, start_response)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return application(environ, start_response)

    return front


_REASONS = {200: "200 OK", 301: "301 Moved Permanently", 404: "404 Not Found"}


def _send(entry: Entry, age: float, environ: dict, start_response) -> list[bytes]:
    headers, body = _representation(entry, _gzip(entry, environ.get("HTTP_ACCEPT_ENCODING")))
    headers += [
        ("Content-Length", str(len(body))),
        ("Age", str(int(age))),
        (STATUS_HEADER, "HIT"),
    ]
    start_response(_REASONS[entry.status], headers)
    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


# --- compression ------------------------------------------------------------------------
# A stored page is sent as the gzip bytes the store holds to readers who accept gzip:
# no compression per request, and a third of the bytes on the wire. Every cacheable
# page says `Vary: Accept-Encoding`; the gzip one carries a weak ETag (W/"..."), as
# Django's GZipMiddleware does, so either copy revalidates against the other. Only
# pages shared by every anonymous reader get here, so compression cannot reveal a
# reader's secret next to text an attacker chose (BREACH): there is none in them.


def _gzip(entry: Entry, accept_encoding: str | None) -> bool:
    """Whether to send `entry` gzip-compressed to a reader sending `accept_encoding`."""
    return bool(accept_encoding) and entry.size >= GZIP_MIN_SIZE and accepts_gzip(accept_encoding)


def _representation(entry: Entry, gzip: bool) -> tuple[list, bytes]:
    """The stored headers and body of `entry` as sent: gzip-compressed, or as rendered."""
    return _headers(entry, gzip), entry.gzipped if gzip else entry.body


def _headers(entry: Entry, gzip: bool) -> list:
    if not gzip:
        return list(entry.headers)
    headers = [
        (name, "W/" + value if name.lower() == "etag" else value) for name, value in entry.headers
    ]
    headers.append(("Content-Encoding", "gzip"))
    return headers


@functools.lru_cache(maxsize=128)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip: named (or x-gzip), or "*", with
    a q-value above 0 (RFC 9110 12.5.3); a named coding overrides "*"."""
    named = star = None
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        coding = coding.lower()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if coding == "*":
            star = weight if star is None else max(star, weight)
        else:
            named = weight if named is None else max(named, weight)
    weight = named if named is not None else star
    return weight is not None and weight > 0

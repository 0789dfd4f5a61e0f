"""Django's per-request state that readers' pages read by the hundred, read once.

Django keeps the script prefix, the URLconf and the active time zone in asgiref
`Local`s; each read takes a lock and looks up a context variable, some 7,000
instructions. An article page read them about a hundred times (every address it
reverses, every date it shows): 7 % of its render (bench/render_profile.py
--instructions). Within a request they are set before any view runs (the prefix and
URLconf by Django's handler, the zone by SiteTimeZoneMiddleware) and Dateline does not
change them afterwards, so SiteTimeZoneMiddleware opens `request_scope()` once they
are set, and inside it `script_prefix()`, `urlconf()` and `zone()` answer from that
copy. Outside a request (commands, tasks, a test calling a model method) they ask
Django each time.

Code that must render with another zone inside a request (none does today) would
use `request_scope()` again inside its `timezone.override()`.
"""

import contextlib
import contextvars
import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone


class _Locals(NamedTuple):
    prefix: str
    urlconf: object
    zone: dt.tzinfo


_current: contextvars.ContextVar[_Locals | None] = contextvars.ContextVar(
    "dateline_request_locals", default=None
)


@contextlib.contextmanager
def request_scope():
    """Read Django's prefix, URLconf and zone now; the functions below give them until
    the block ends."""
    now = _Locals(get_script_prefix(), get_urlconf(), timezone.get_current_timezone())
    token = _current.set(now)
    try:
        yield
    finally:
        _current.reset(token)


def script_prefix_and_urlconf() -> tuple[str, object]:
    known = _current.get()
    if known is None:
        return get_script_prefix(), get_urlconf()
    return known.prefix, known.urlconf


def zone() -> dt.tzinfo:
    known = _current.get()
    return timezone.get_current_timezone() if known is None else known.zone


def localtime(value: dt.datetime) -> dt.datetime:
    """django.utils.timezone.localtime(value) in the current zone."""
    if value.utcoffset() is None:
        raise ValueError("localtime() cannot be applied to a naive datetime")
    return value.astimezone(zone())


def localdate(value: dt.datetime) -> dt.date:
    """django.utils.timezone.localdate(value)."""
    return localtime(value).date()


def template_localtime(value):
    """django.utils.timezone.template_localtime(value): what a template shows of it."""
    if (
        isinstance(value, dt.datetime)
        and settings.USE_TZ
        and value.utcoffset() is not None
        and getattr(value, "convert_to_local_time", True)
    ):
        return value.astimezone(zone())
    return value

"""Reversing URLs (and static files' addresses) that readers' pages print by the dozen,
without paying for it each time.

An article page links some thirty articles, sections, tags and authors; Django's
reverse() costs tens of microseconds each, a tenth of a render. The addresses only
depend on the URLconf, the script prefix and the arguments, so they are remembered
(a bounded LRU per process; emptied when a test swaps the URLconf).
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import reverse

from dateline.core.requestlocals import script_prefix_and_urlconf


def cached_reverse(name: str, *args, **kwargs) -> str:
    return _reverse(*script_prefix_and_urlconf(), name, args, tuple(kwargs.items()))


@functools.lru_cache(maxsize=4096)
def _reverse(prefix: str, urlconf, name: str, args: tuple, kwargs: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@functools.lru_cache(maxsize=256)
def cached_static(path: str) -> str:
    """The address of a static file (its hashed name in production); fixed per process."""
    return static(path)


@receiver(setting_changed)
def _forget(*, setting: str, **_) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reverse.cache_clear()
    if setting in ("STATIC_URL", "STORAGES", "STATICFILES_STORAGE"):
        cached_static.cache_clear()

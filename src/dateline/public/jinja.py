"""The Jinja2 environment of the reader-facing pages.

The public pages are rendered by Jinja2, which compiles each template to Python once:
an article page renders several times faster than with Django's template language
(README, "Benchmarks"; bench/render_profile.py). The back office (Django's admin)
keeps Django templates. Filters that readers' pages use keep Django's behaviour (dates
in the active language, `pluralize`, `truncatechars`, ...) by being Django's own
functions.
"""

import functools
import unicodedata

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.l10n import unlocalize
from django.utils import translation
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup

from dateline.comments.templating import comment_count_link, comment_thread, reply_form_fields
from dateline.core.forms import widget_html
from dateline.core.requestlocals import template_localtime
from dateline.core.templating import surrogate_key
from dateline.core.urls import cached_reverse, cached_static
from dateline.newsroom.templating import srcset
from dateline.public.templating import json_ld, masthead
from dateline.syndication.templating import (
    article_breadcrumbs,
    article_picture,
    article_translations,
    feed_links,
)


def date(value, arg=None) -> str:
    """Django's `date` filter, in the site's time zone as in Django templates (which
    convert to local time first), remembered: an article's dates repeat on every page
    that lists it."""
    if value in (None, ""):
        return ""
    return _date(*_local(value), arg, translation.get_language())


def _local(value) -> tuple:
    """(value in the site's time zone, what tells it apart from an equal instant):
    equal instants in two zones are ==, and so are the two 02:30 of a DST change."""
    value = template_localtime(value)
    return value, (str(getattr(value, "tzinfo", None)), getattr(value, "fold", 0))


@functools.lru_cache(maxsize=4096)
def _date(value, zone: tuple, arg, language: str) -> str:
    return defaultfilters.date(value, arg)


def time_tag(value, format: str = "F j, Y") -> Markup:
    """<time datetime="(ISO 8601)">(`format`)</time> in the site's time zone: what
    `<time datetime="{{ d|date('c') }}">{{ d|date(format) }}</time>` gives, converting
    and looking `d` up once (every card and list item shows one)."""
    if value in (None, ""):
        return Markup('<time datetime=""></time>')
    return _time_tag(*_local(value), format, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _time_tag(value, zone: tuple, format: str, language: str) -> Markup:
    return Markup('<time datetime="%s">%s</time>') % (
        defaultfilters.date(value, "c"),
        defaultfilters.date(value, format),
    )


def truncatechars(value, length) -> str:
    """Django's `truncatechars`, without its walk over every character of text that
    fits (a standfirst in the page's meta, twice per article page)."""
    if type(value) is str and type(length) is int:
        text = unicodedata.normalize("NFC", value)
        if len(text) <= length:  # combining characters count for nothing, or one
            return text
    return defaultfilters.truncatechars(value, length)


@receiver(setting_changed)
def _forget(*, setting: str, **_) -> None:
    if setting in ("TIME_ZONE", "USE_TZ", "LANGUAGE_CODE", "USE_I18N"):
        _date.cache_clear()
        _time_tag.cache_clear()


def environment(**options) -> Environment:
    # Like Django's templates, a missing attribute anywhere along a.b.c renders as
    # nothing instead of failing the page.
    # (Django's backend passes its own choice, so this one is set, not defaulted.)
    options["undefined"] = ChainableUndefined
    options.setdefault("keep_trailing_newline", True)  # as Django templates do
    env = Environment(**options)  # noqa: S701 - Django's backend sets autoescape=True
    env.globals.update(
        url=cached_reverse,
        static=cached_static,
        time_tag=time_tag,
        surrogate_key=surrogate_key,
        masthead=masthead,
        feed_links=feed_links,
        article_picture=article_picture,
        article_translations=article_translations,
        article_breadcrumbs=article_breadcrumbs,
        comment_thread=comment_thread,
        comment_count_link=comment_count_link,
        reply_form_fields=reply_form_fields,
        widget_html=widget_html,
        current_language=translation.get_language,
        current_language_bidi=translation.get_language_bidi,
    )
    env.filters.update(
        date=date,
        pluralize=defaultfilters.pluralize,
        truncatechars=truncatechars,
        truncatewords=defaultfilters.truncatewords,
        linebreaksbr=defaultfilters.linebreaksbr,
        floatformat=defaultfilters.floatformat,
        capfirst=defaultfilters.capfirst,
        cut=defaultfilters.cut,
        yesno=defaultfilters.yesno,
        urlencode=defaultfilters.urlencode,
        unlocalize=unlocalize,
        json_ld=json_ld,
        srcset=srcset,
    )
    return env

"""Reads of newsroom content that other apps use. Only published content reaches readers."""

import contextlib
import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Prefetch
from django.utils import timezone

from dateline.newsroom.exceptions import ArticleNotFoundError
from dateline.newsroom.models import Article, Byline, Section, SiteSettings

logger = logging.getLogger(__name__)


def published_articles():
    """Published articles with what every list shows (section) already joined."""
    return Article.objects.published().select_related("section").newest_first()


def listed_articles():
    """Published articles as lists show them (cards): section joined, body not loaded.

    A body is several kilobytes that no list shows; pages list up to twenty.
    """
    return published_articles().defer("body")


def get_article_for_reader(*, year: int, month: int, day: int, slug: str) -> Article:
    """The published article at a dated permalink, with section, bylines and tags loaded.

    Raises ArticleNotFoundError when no published article has that slug on that date
    (in the site's time zone).
    """
    try:
        wanted = dt.date(year, month, day)
    except ValueError:
        raise ArticleNotFoundError(slug) from None
    candidates = (
        published_articles()
        .filter(slug=slug)
        .select_related("featured_image")
        .prefetch_related(
            Prefetch("byline_set", queryset=Byline.objects.select_related("author")),
            "tags",
        )
    )
    for article in candidates:
        if timezone.localdate(article.published_at) == wanted:
            return article
    raise ArticleNotFoundError(slug)


def get_section(slug: str) -> Section:
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist:
        raise ArticleNotFoundError(slug) from None


def sections() -> list[Section]:
    return list(Section.objects.all())


def bylines_of(article: Article) -> list:
    """Authors of `article` in byline order (uses the prefetch when present)."""
    return [byline.author for byline in article.byline_set.all()]


@dataclasses.dataclass(frozen=True)
class SiteIdentity:
    site_name: str
    languages: list
    time_zone: str
    weather_latitude: float
    weather_longitude: float


SITE_SETTINGS_CACHE_KEY = "newsroom:site-settings:v2"
_NO_ROW = {}


def site_settings() -> SiteIdentity:
    """The site's name, languages, time zone and weather place: the back office's values,
    else the DATELINE_* settings. The row is cached (services.update_site_settings clears
    it); the environment's fallbacks are applied on every call."""
    try:
        row = cache.get(SITE_SETTINGS_CACHE_KEY)
    except Exception:  # a cache outage (Redis down) must not break pages: ask the database
        logger.warning("cache unavailable; site settings read from the database", exc_info=True)
        row, cache_ok = None, False
    else:
        cache_ok = True
    if row is None:
        try:
            found = SiteSettings.objects.filter(pk=1).values(*SiteSettings.IDENTITY_FIELDS)[:1]
            row = next(iter(found), _NO_ROW)
        except DatabaseError:  # an outage page still needs a name: the environment's
            logger.warning("database unavailable; site settings from the environment")
            row, cache_ok = _NO_ROW, False
        if cache_ok:
            with contextlib.suppress(Exception):
                cache.set(SITE_SETTINGS_CACHE_KEY, row, 300)
    return SiteIdentity(
        site_name=row.get("site_name") or settings.SITE_NAME,
        languages=row.get("languages") or [code for code, _ in settings.LANGUAGES],
        time_zone=row.get("time_zone") or settings.TIME_ZONE,
        weather_latitude=_first(row.get("weather_latitude"), settings.WEATHER_LATITUDE),
        weather_longitude=_first(row.get("weather_longitude"), settings.WEATHER_LONGITUDE),
    )


def site_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages the newsroom writes in, in the settings' order."""
    enabled = set(site_settings().languages)
    return [(code, name) for code, name in settings.LANGUAGES if code in enabled]


def _first(value, default):
    return default if value is None else value


def media_library(query: str = "", *, limit: int = 24) -> list:
    """Images for the editor's picker: newest first, searched in title, alt text, caption
    and credit (one query)."""
    from django.db.models import Q

    from dateline.newsroom.models import Image

    images = Image.objects.all()
    for word in query.split()[:8]:
        images = images.filter(
            Q(title__icontains=word) | Q(alt_text__icontains=word)
            | Q(caption__icontains=word) | Q(credit__icontains=word)
        )  # fmt: skip
    return list(images[:limit])

"""Reads of newsroom content that other apps use. Only published content reaches readers."""

import contextlib
import contextvars
import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from dateline.core import sql
from dateline.core.sql import Shape
from dateline.newsroom.exceptions import ArticleNotFoundError
from dateline.newsroom.models import (
    Article,
    Author,
    Byline,
    Image,
    Section,
    SiteSettings,
    Tag,
    visible_to_readers_sql,
)

logger = logging.getLogger(__name__)


def published_articles():
    """Published articles with what every list shows (section) already joined."""
    return Article.objects.published().select_related("section").newest_first()


def listed_articles():
    """Published articles as lists show them (cards): section joined, and of the article
    only what cards show (LISTED_ARTICLE below: no body, none of the workflow dates).

    A body is several kilobytes that no list shows; pages list up to twenty.
    """
    return published_articles().only(*_LISTED_ONLY)


def _all_fields(model, *, without=()) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if f.name not in without)


# What reader pages load of each model (dateline.core.sql). A list loads what its cards
# show and link to (each datetime costs a conversion per row); any other field read
# from a listed article would cost a query (the per-page query budgets would fail).
ARTICLE = Shape(Article, "a", _all_fields(Article))
LISTED_ARTICLE = Shape(
    Article,
    "a",
    (
        "id", "headline", "slug", "standfirst", "section_id", "language", "status",
        "published_at", "featured_image_id", "translation_group",
    ),
)  # fmt: skip
SECTION = Shape(Section, "s", _all_fields(Section))
IMAGE = Shape(Image, "i", _all_fields(Image))
TAG = Shape(Tag, "t", _all_fields(Tag))
BYLINE = Shape(Byline, "b", _all_fields(Byline))
AUTHOR = Shape(Author, "au", _all_fields(Author))
# listed_articles() loads the same fields through the ORM.
_LISTED_ONLY = (
    *LISTED_ARTICLE.field_names(),
    *(f"section__{name}" for name in SECTION.field_names()),
)


def listed_articles_where(
    where: str = "", params=(), *, join: str = "", order: str = "", limit: int, offset: int = 0
) -> list[Article]:
    """listed_articles() for the lists every uncached page shows, in hand-written SQL
    (dateline.core.sql): `join` and `where` (" AND a.language = %s", with `params`)
    narrow the published articles `a`; newest first unless `order` says otherwise."""
    visible, visible_params = visible_to_readers_sql("a")
    query = (
        "SELECT {article}, {section} FROM newsroom_article a" + join + " LEFT JOIN"  # noqa: S608 - fragments are constants of callers; values go in params
        f" newsroom_section s ON s.id = a.section_id WHERE {visible}{where}"
        f" ORDER BY {order or 'a.published_at DESC, a.id DESC'} LIMIT %s OFFSET %s"
    )
    rows = sql.select(
        query,
        [*visible_params, *params, limit, offset],
        article=LISTED_ARTICLE,
        section=SECTION,
    )
    for row in rows:
        row.article.section = row.section
    return [row.article for row in rows]


class ArticleList:
    """Published articles narrowed by hand-written `join`/`where` (as listed_articles_where
    takes them), newest first, in the form Django's Paginator pages: count_upto() and
    slices, each one query. The archive pages (section, tag, author, date) use it."""

    ordered = True  # newest first; Paginator warns about unordered lists

    def __init__(self, where: str = "", params=(), *, join: str = "") -> None:
        self.where, self.params, self.join = where, list(params), join

    def count_upto(self, limit: int) -> int:
        """How many there are, counting no further than `limit` (an index range)."""
        visible, visible_params = visible_to_readers_sql("a")
        rows = sql.rows(
            f"SELECT COUNT(*) FROM (SELECT a.id FROM newsroom_article a{self.join}"  # noqa: S608 - constant fragments
            f" WHERE {visible}{self.where} LIMIT %s) counted",
            [*visible_params, *self.params, limit],
        )
        return rows[0][0]

    def count(self) -> int:
        return self.count_upto(2**62)

    def __getitem__(self, index: slice) -> list[Article]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("an ArticleList takes slices only ([start:stop])")
        start = index.start or 0
        if index.stop is None or start < 0 or index.stop < start:
            raise ValueError("an ArticleList slice needs 0 <= start <= stop")
        return listed_articles_where(
            self.where, self.params, join=self.join, limit=index.stop - start, offset=start
        )


def get_article_for_reader(*, year: int, month: int, day: int, slug: str) -> Article:
    """The published article at a dated permalink, with section, bylines and tags loaded.

    Raises ArticleNotFoundError when no published article has that slug on that date
    (in the site's time zone). Three queries, written out (dateline.core.sql): every
    uncached article page starts here.
    """
    try:
        wanted = dt.date(year, month, day)
    except ValueError:
        raise ArticleNotFoundError(slug) from None
    visible, params = visible_to_readers_sql("a")
    rows = sql.select(
        "SELECT {article}, {section}, {image} FROM newsroom_article a"  # noqa: S608 - constant SQL
        " LEFT JOIN newsroom_section s ON s.id = a.section_id"
        " LEFT JOIN newsroom_image i ON i.id = a.featured_image_id"
        f" WHERE a.slug = %s AND {visible} ORDER BY a.published_at DESC, a.id DESC",
        [slug, *params],
        article=ARTICLE,
        section=SECTION,
        image=IMAGE,
    )
    for row in rows:
        article = row.article
        if timezone.localdate(article.published_at) == wanted:
            article.section = row.section
            article.featured_image = row.image
            _load_bylines_and_tags(article)
            return article
    raise ArticleNotFoundError(slug)


def _load_bylines_and_tags(article: Article) -> None:
    """What prefetch_related("byline_set__author", "tags") would load (two queries)."""
    rows = sql.select(
        "SELECT {byline}, {author} FROM newsroom_byline b"
        " JOIN newsroom_author au ON au.id = b.author_id"
        " WHERE b.article_id = %s ORDER BY b.position",
        [article.pk],
        byline=BYLINE,
        author=AUTHOR,
    )
    for row in rows:
        row.byline.author = row.author
        row.byline.article = article
    sql.set_prefetched(article, "byline_set", [row.byline for row in rows])
    tags = sql.instances(
        "SELECT {item} FROM newsroom_tag t"
        " JOIN newsroom_article_tags at ON at.tag_id = t.id"
        " WHERE at.article_id = %s ORDER BY t.name",
        [article.pk],
        TAG,
    )
    sql.set_prefetched(article, "tags", tags)


def get_section(slug: str) -> Section:
    """The section with `slug` (one query); raises ArticleNotFoundError."""
    found = sql.instances(
        "SELECT {item} FROM newsroom_section s WHERE s.slug = %s", [slug], SECTION
    )
    if not found:
        raise ArticleNotFoundError(slug)
    return found[0]


def sections() -> list[Section]:
    """Every section in navigation order (one query; every page's navigation shows them)."""
    return sql.instances(
        "SELECT {item} FROM newsroom_section s ORDER BY s.position, s.name", [], SECTION
    )


def sections_for(request) -> list[Section]:
    """sections(), read once per request: the home page orders its fronts by them and
    its navigation lists them."""
    try:
        return request._dateline_sections
    except AttributeError:
        request._dateline_sections = sections()
        return request._dateline_sections


def bylines_of(article: Article) -> list:
    """Authors of `article` in byline order (uses the prefetch when present)."""
    return [byline.author for byline in article.byline_set.all()]


def tags_of(article: Article) -> list[Tag]:
    """The article's tags by name: the prefetched list when there is one, read without
    making a related manager each time (an article page lists them four times)."""
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get("tags")
    return list(article.tags.all() if prefetched is None else prefetched)


@dataclasses.dataclass(frozen=True)
class SiteIdentity:
    site_name: str
    languages: list
    time_zone: str
    weather_latitude: float
    weather_longitude: float


SITE_SETTINGS_CACHE_KEY = "newsroom:site-settings:v2"
_NO_ROW = {}


_this_request: contextvars.ContextVar[SiteIdentity | None] = contextvars.ContextVar(
    "site_settings", default=None
)


def site_settings() -> SiteIdentity:
    """The site's name, languages, time zone and weather place: the back office's values,
    else the DATELINE_* settings. The row is cached (services.update_site_settings clears
    it); the environment's fallbacks are applied on every call. Within a request
    (site_settings_for_request) it is read once: a page asks for it half a dozen times."""
    known = _this_request.get()
    if known is not None:
        return known
    return read_site_settings()


@contextlib.contextmanager
def site_settings_for_request(identity: SiteIdentity | None):
    """site_settings() gives `identity` inside this block (a request's: read once);
    None leaves it reading them each time."""
    token = _this_request.set(identity)
    try:
        yield
    finally:
        _this_request.reset(token)


def read_site_settings() -> SiteIdentity:
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

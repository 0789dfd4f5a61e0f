"""Reads behind feeds, sitemaps and article head meta. Published content only."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from dateline.core import sql
from dateline.core.sql import Shape
from dateline.newsroom.models import (
    Article,
    Author,
    Byline,
    Section,
    Tag,
    visible_to_readers,
    visible_to_readers_sql,
)
from dateline.newsroom.selectors import published_articles

NEWS_SITEMAP_WINDOW = dt.timedelta(days=2)
NEWS_SITEMAP_LIMIT = 1000


def page_url_of(obj) -> str | None:
    """The reader page of a tag or author, when the site has one (discovery adds them)."""
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if get_url else None


@dataclass(frozen=True)
class FeedScope:
    """What one feed lists: the whole site, or one section, tag or author."""

    kind: str  # "site", "section", "tag" or "author"
    obj: Section | Tag | Author | None = None

    @property
    def slug(self) -> str:
        return self.obj.slug if self.obj else ""

    @property
    def name(self) -> str:
        return self.obj.name if self.obj else ""

    @property
    def page_path(self) -> str:
        """The reader page this feed mirrors (the home page when there is none)."""
        return (page_url_of(self.obj) if self.obj else None) or "/"

    def articles(self):
        """The published articles in this scope, newest first."""
        return self.narrow(published_articles())

    def narrow(self, articles):
        """`articles` (any queryset of them) limited to this scope."""
        if self.kind == "section":
            articles = articles.filter(section=self.obj)
        elif self.kind == "tag":
            articles = articles.filter(tags=self.obj)
        elif self.kind == "author":
            articles = articles.filter(authors=self.obj)
        return articles


_SCOPE_MODELS = {"section": Section, "tag": Tag, "author": Author}


def get_feed_scope(kind: str = "site", slug: str | None = None) -> FeedScope:
    """The scope of a feed URL; raises Http404 for an unknown section, tag or author."""
    if kind == "site":
        return FeedScope("site")
    try:
        return FeedScope(kind, _SCOPE_MODELS[kind].objects.get(slug=slug))
    except (KeyError, Section.DoesNotExist, Tag.DoesNotExist, Author.DoesNotExist):
        raise Http404(f"No {kind} {slug!r}") from None


def feed_items(scope: FeedScope, *, limit: int) -> list[Article]:
    """The newest `limit` articles of `scope` with bylines and tags loaded (three queries)."""
    return list(
        with_featured_image(scope.articles()).prefetch_related(
            Prefetch("byline_set", queryset=Byline.objects.select_related("author")),
            "tags",
        )[:limit]
    )


@dataclass(frozen=True)
class ContentState:
    """A fingerprint of a set of published articles, for ETag and Last-Modified."""

    last_modified: dt.datetime | None
    count: int

    @property
    def http_last_modified(self) -> dt.datetime | None:
        """Last-Modified as HTTP can say it (whole seconds): a client echoing it back in
        If-Modified-Since then gets its 304. Changes within a second show in the ETag."""
        return self.last_modified.replace(microsecond=0) if self.last_modified else None

    def etag(self, *parts: str) -> str:
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        raw = "|".join([*parts, stamp, str(self.count)])
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


def content_state(scope: FeedScope) -> ContentState:
    """Newest change and size of the scope's published articles (one query).

    Any edit moves `updated_at`, a scheduled article going live its `published_at`; an
    article that leaves the scope's readers moves the fingerprint too: unpublishing
    saves its `updated_at`, and an expiry is a change at `expire_at`. So Last-Modified
    moves forward whenever the feed changes, not only the ETag.
    """
    now = timezone.now()
    visible = visible_to_readers(now)
    ever_published = Article.objects.filter(first_published_at__isnull=False)
    found = (
        scope.narrow(ever_published)
        .order_by()
        .aggregate(
            updated=Max("updated_at", filter=visible),
            published=Max("published_at", filter=visible),
            count=Count("id", filter=visible),
            withdrawn=Max("updated_at", filter=~visible),
            expired=Max("expire_at", filter=Q(expire_at__lte=now)),
        )
    )
    keys = ("updated", "published", "withdrawn", "expired")
    stamps = [found[key] for key in keys if found[key]]
    return ContentState(max(stamps) if stamps else None, found["count"])


def sitemap_articles():
    """Every published article, oldest first so that sitemap pages stay stable: what
    its URL and <lastmod> need, not its text."""
    return Article.objects.published().order_by("published_at", "id").only(*SITEMAP_FIELDS)


# What an article's sitemap entry needs (get_absolute_url, lastmod, its image).
SITEMAP_FIELDS = ("id", "slug", "published_at", "updated_at", "featured_image")


def news_sitemap_articles() -> list[Article]:
    """Articles published in the last two days, newest first, at most 1,000 (one query)."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    recent = published_articles().filter(published_at__gte=since).prefetch_related("tags")
    return list(with_featured_image(recent)[:NEWS_SITEMAP_LIMIT])


def translations_of(article: Article) -> list[Article]:
    """Published articles sharing `article`'s translation group in other languages (one query)."""
    visible, params = visible_to_readers_sql("a")
    return sql.instances(
        f"SELECT {{item}} FROM newsroom_article a WHERE {visible} AND a.translation_group = %s"  # noqa: S608 - constant SQL
        " AND a.id <> %s AND a.language <> %s ORDER BY a.language, a.published_at DESC",
        [*params, article.translation_group, article.pk, article.language],
        TRANSLATION_LINK,
    )


# What hreflang links need of a translation: links, not bodies.
TRANSLATION_LINK = Shape(Article, "a", ("id", "language", "slug", "headline", "published_at"))


def with_featured_image(articles):
    """`articles` with their featured image joined, when the content model has one."""
    field = next((f for f in Article._meta.get_fields() if f.name == "featured_image"), None)
    if field is not None and field.is_relation:
        return articles.select_related("featured_image")
    return articles


def news_sitemap_articles_exist() -> bool:
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    return published_articles().filter(published_at__gte=since).exists()

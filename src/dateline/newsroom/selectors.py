"""Reads of newsroom content that other apps use. Only published content reaches readers."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from dateline.newsroom.exceptions import ArticleNotFoundError
from dateline.newsroom.models import Article, Byline, Section


def published_articles():
    """Published articles with what every list shows (section) already joined."""
    return Article.objects.published().select_related("section").newest_first()


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

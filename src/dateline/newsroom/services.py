"""Writes to newsroom content. Every write with rules goes through here."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from dateline.core.html import clean_html
from dateline.newsroom.models import Article, Author, Byline, Section, Tag


def unique_slug(headline: str, *, published_at=None, exclude_id=None) -> str:
    """A slug from `headline`, made unique among articles of the same publication date."""
    base = (slugify(headline, allow_unicode=True) or "article")[:180].strip("-")
    day = timezone.localdate(published_at or timezone.now())
    taken = set(
        Article.objects.exclude(id=exclude_id)
        .filter(slug__startswith=base)
        .values_list("slug", "published_at")
    )
    taken_today = {slug for slug, at in taken if at is None or timezone.localdate(at) == day}
    slug, n = base, 2
    while slug in taken_today:
        slug, n = f"{base}-{n}", n + 1
    return slug


def get_or_create_tag(name: str) -> Tag:
    slug = slugify(name, allow_unicode=True)[:100] or "tag"
    tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:100]})
    return tag


def get_or_create_author(name: str) -> Author:
    slug = slugify(name, allow_unicode=True)[:200] or "author"
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name[:200]})
    return author


@transaction.atomic
def save_article(
    article: Article,
    *,
    tags: list[Tag] | None = None,
    authors: list[Author] | None = None,
) -> Article:
    """Clean the body, fill in the slug, save, and set tags and ordered bylines if given."""
    article.body = clean_html(article.body)
    if not article.slug:
        article.slug = unique_slug(
            article.headline, published_at=article.published_at, exclude_id=article.pk
        )
    article.full_clean(exclude=["tags", "authors"])
    article.save()
    if tags is not None:
        article.tags.set(tags)
    if authors is not None:
        Byline.objects.filter(article=article).delete()
        Byline.objects.bulk_create(
            Byline(article=article, author=author, position=i) for i, author in enumerate(authors)
        )
    return article


@transaction.atomic
def publish_article(article: Article, *, at=None) -> Article:
    """Publish `article` now (or at the given time, keeping an earlier first publication)."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


def get_or_create_section(name: str, *, slug: str, position: int = 0) -> Section:
    section, _ = Section.objects.get_or_create(
        slug=slug, defaults={"name": name, "position": position}
    )
    return section

"""Writes to newsroom content. Every write with rules goes through here.

Services check the actor's permission (NotAllowedError), the workflow
(InvalidTransitionError), clean the body, write, keep a revision, audit what must be
audited, and announce publication after the transaction commits.
"""

import datetime as dt
import logging
import re

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from dateline.core.html import clean_html
from dateline.newsroom import audit, permissions, revisions, signals
from dateline.newsroom.exceptions import InvalidTransitionError, NotAllowedError
from dateline.newsroom.models import Article, Author, Byline, Section, SiteSettings, Tag

Status = Article.Status

# What create_draft and update_article accept; workflow fields change only through
# the workflow services below.
EDITABLE_FIELDS = {
    "headline", "slug", "standfirst", "body", "section", "language", "translation_group",
    "featured_image", "seo_title", "seo_description", "expire_at", "correction_note",
    "source_url", "attribution", "license_url", "external_id",
}  # fmt: skip
log = logging.getLogger(__name__)
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=\"[^\"]+\")[^>]*>", re.IGNORECASE)


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


def slug_taken(slug: str, *, day: dt.date, exclude_id=None) -> bool:
    """Whether another dated article already uses `slug` on `day` (site time zone)."""
    dated = Article.objects.exclude(id=exclude_id).filter(slug=slug).exclude(published_at=None)
    return any(timezone.localdate(at) == day for at in dated.values_list("published_at", flat=1))


def get_or_create_tag(name: str) -> Tag:
    slug = slugify(name, allow_unicode=True)[:100] or "tag"
    tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:100]})
    return tag


def get_or_create_author(name: str) -> Author:
    slug = slugify(name, allow_unicode=True)[:200] or "author"
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name[:200]})
    return author


def get_or_create_section(name: str, *, slug: str, position: int = 0) -> Section:
    section, _ = Section.objects.get_or_create(
        slug=slug, defaults={"name": name, "position": position}
    )
    return section


@transaction.atomic
def save_article(
    article: Article,
    *,
    tags: list[Tag] | None = None,
    authors: list[Author] | None = None,
) -> Article:
    """Clean the body, fill in the slug, save, and set tags and ordered bylines if given.

    No permission check and no revision: the low-level write the services and the demo
    loader share. Raises ValidationError for invalid fields.
    """
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


def _set_fields(article: Article, fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable through this service: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(article, name, value)


@transaction.atomic
def create_draft(
    *, by, tags=None, authors=None, note: str = "", record_revision: bool = True, **fields
) -> Article:
    """Start a new draft written by `by` (who needs newsroom.add_article).

    `fields` are any of EDITABLE_FIELDS; `authors` (ordered) default to the writer's own
    author profile, if they have one. Writes the article and its first revision.
    Raises NotAllowedError, ValidationError.
    """
    if not permissions.can_create(by):
        raise NotAllowedError("You may not write articles.")
    article = Article(status=Status.DRAFT, created_by=by)
    _set_fields(article, fields)
    if authors is None:
        authors = list(Author.objects.filter(user=by))
    save_article(article, tags=tags, authors=authors)
    if record_revision:
        revisions.record(article, by=by, note=note or "Created")
    return article


@transaction.atomic
def update_article(
    article: Article,
    *,
    by,
    tags=None,
    authors=None,
    is_correction: bool = False,
    note: str = "",
    record_revision: bool = True,
    **fields,
) -> Article:
    """Change an article's fields (and tags/bylines if given) as `by`.

    Contributors edit their own drafts, authors their own articles, editors any.
    `is_correction=True` (publish permission needed) stamps corrected_at, so readers see
    "Updated" and the correction_note. Writes a revision unless record_revision=False
    (the admin records one after its inlines are saved). Raises NotAllowedError,
    ValidationError.
    """
    if not permissions.can_edit(by, article):
        raise NotAllowedError("You may not edit this article.")
    if is_correction and not permissions.can_publish(by, article):
        raise NotAllowedError("Only editors mark a change as a correction.")
    _set_fields(article, fields)
    if (
        "slug" in fields
        and article.published_at
        and slug_taken(
            article.slug, day=timezone.localdate(article.published_at), exclude_id=article.pk
        )
    ):
        raise InvalidTransitionError(
            f"Another article of that date uses the slug {article.slug!r}."
        )
    if is_correction:
        article.corrected_at = timezone.now()
    save_article(article, tags=tags, authors=authors)
    if is_correction:
        audit.record(audit.Action.CORRECTION, article, by=by, detail=article.correction_note)
    if record_revision:
        revisions.record(article, by=by, note=note)
    return article


@transaction.atomic
def submit_for_review(article: Article, *, by) -> Article:
    """Move a draft (or unpublished article) to "in review" for the editors."""
    if not permissions.can_edit(by, article):
        raise NotAllowedError("You may not submit this article.")
    if article.status not in (Status.DRAFT, Status.UNPUBLISHED):
        raise InvalidTransitionError(
            f"A {article.get_status_display().lower()} article cannot be submitted."
        )
    _check_publishable(article)
    article.status = Status.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    return article


def _check_publishable(article: Article) -> None:
    problems = []
    if not article.headline.strip():
        problems.append("it has no headline")
    if article.section_id is None:
        problems.append("it has no section")
    if article.featured_image_id and not article.featured_image.alt_text.strip():
        problems.append("its featured image has no alt text")
    if _IMG_WITHOUT_ALT.search(article.body):
        problems.append("an image in its body has no alt text")
    if problems:
        raise InvalidTransitionError(
            "The article cannot be published: " + "; ".join(problems) + "."
        )


def _check_may_publish(article: Article, by) -> None:
    if by is not None and not permissions.can_publish(by, article):
        raise NotAllowedError("You may not publish, schedule or unpublish this article.")


@transaction.atomic
def publish_article(article: Article, *, by=None, at=None) -> Article:
    """Publish `article` now; by=None is the system (the worker, the demo loader).

    published_at (the permalink date) is `at`, else kept from an earlier publication,
    else the scheduled go_live_at, else now. first/last_published_at record history.
    Writes an audit entry; sends article_published after commit. Raises
    NotAllowedError, InvalidTransitionError.
    """
    _check_may_publish(article, by)
    if article.status == Status.PUBLISHED and at is None:
        raise InvalidTransitionError("The article is already published.")
    _check_publishable(article)
    now = timezone.now()
    article.published_at = at or article.published_at or article.go_live_at or now
    if slug_taken(
        article.slug, day=timezone.localdate(article.published_at), exclude_id=article.pk
    ):
        article.slug = unique_slug(
            article.slug, published_at=article.published_at, exclude_id=article.pk
        )
    article.status = Status.PUBLISHED
    article.first_published_at = article.first_published_at or min(now, article.published_at)
    article.last_published_at = now if at is None else at
    article.go_live_at = None
    article.save()
    audit.record(audit.Action.PUBLISH, article, by=by)
    _announce(signals.article_published, article)
    return article


@transaction.atomic
def schedule_article(article: Article, *, by, go_live_at: dt.datetime) -> Article:
    """Have the worker publish `article` at `go_live_at` (which must be in the future)."""
    _check_may_publish(article, by)
    if article.status == Status.PUBLISHED:
        raise InvalidTransitionError("The article is already published.")
    if go_live_at <= timezone.now():
        raise InvalidTransitionError("The go-live time must be in the future.")
    _check_publishable(article)
    article.status, article.go_live_at = Status.SCHEDULED, go_live_at
    article.save(update_fields=["status", "go_live_at", "updated_at"])
    audit.record(audit.Action.SCHEDULE, article, by=by, detail=go_live_at.isoformat())
    return article


@transaction.atomic
def unpublish_article(article: Article, *, by, action: str = audit.Action.UNPUBLISH) -> Article:
    """Take a published (or scheduled) article off the site; its permalink answers 404."""
    _check_may_publish(article, by)
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        raise InvalidTransitionError("Only a published or scheduled article can be unpublished.")
    article.status, article.go_live_at = Status.UNPUBLISHED, None
    article.save(update_fields=["status", "go_live_at", "updated_at"])
    audit.record(action, article, by=by)
    _announce(signals.article_unpublished, article)
    return article


@transaction.atomic
def delete_article(article: Article, *, by) -> None:
    """Delete an article for good (editors), leaving an audit entry."""
    if not permissions.can_delete(by, article):
        raise NotAllowedError("You may not delete this article.")
    audit.record(audit.Action.DELETE, article, by=by)
    was_published = article.status == Status.PUBLISHED
    article_id = article.pk
    article.delete()
    if was_published:
        transaction.on_commit(
            lambda: signals.article_unpublished.send(Article, article_id=article_id)
        )


@transaction.atomic
def restore_revision(revision, *, by) -> Article:
    """Put a revision's content back as the article's current content (a new revision)."""
    article = revision.article
    fields, tags, authors = revisions.content_of(revision)
    return update_article(
        article, by=by, tags=tags, authors=authors,
        note=f"Restored the revision of {timezone.localtime(revision.created_at):%Y-%m-%d %H:%M}",
        **fields,
    )  # fmt: skip


def publish_due_articles(*, now=None) -> dict[str, int]:
    """The worker's sweep: publish scheduled articles whose time has come, expire others."""
    now = now or timezone.now()
    due = Article.objects.filter(status=Status.SCHEDULED, go_live_at__lte=now)
    expired = Article.objects.filter(status=Status.PUBLISHED, expire_at__lte=now)
    done = {"published": 0, "expired": 0}
    for article in due:
        try:
            publish_article(article, by=None)
        except InvalidTransitionError as exc:  # e.g. alt text removed since scheduling
            log.warning("scheduled article %s not published: %s", article.pk, exc)
            continue
        done["published"] += 1
    for article in expired:
        unpublish_article(article, by=None, action=audit.Action.EXPIRE)
        done["expired"] += 1
    return done


def _announce(signal, article: Article) -> None:
    article_id = article.pk
    transaction.on_commit(lambda: signal.send(Article, article_id=article_id))


@transaction.atomic
def update_site_settings(*, by, **fields) -> SiteSettings:
    """Set the site's name, languages, time zone or weather place (administrators).

    Raises NotAllowedError, ValidationError; the cached values are dropped on commit.
    """
    if by is None or not by.has_perm("newsroom.change_sitesettings"):
        raise NotAllowedError("Only administrators change the site settings.")
    row, _ = SiteSettings.objects.get_or_create(pk=1)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    transaction.on_commit(forget_site_settings)
    return row


def forget_site_settings() -> None:
    """Drop the cached row, and every cached page: they all show the site's name."""
    from django.core.cache import cache

    from dateline.core import pagecache
    from dateline.newsroom.selectors import SITE_SETTINGS_CACHE_KEY

    cache.delete(SITE_SETTINGS_CACHE_KEY)
    # "sections" is on every page (the navigation in base.html).
    pagecache.purge({"sections", "home", "feeds", "sitemaps"})

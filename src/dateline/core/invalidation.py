"""What to purge from the page cache when content changes, driven by model signals.

Connected from CoreConfig.ready(). Core imports no app: models are looked up lazily,
and comments are handled only if that app's Comment model exists. Purges run after
the transaction commits, so a page rendered meanwhile cannot keep the old content.

Keys (see dateline.core.pagecache): "article:<pk>" every page showing that article,
"section:<pk>", "tag:<pk>", "author:<pk>" their archive pages, "home", "latest" every
page with a list of the newest articles, "sections" every page with the section
navigation, "feeds", "sitemaps", and "comments:<article pk>" the article's comments.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from dateline.core import pagecache

logger = logging.getLogger(__name__)
UID = "dateline.core.invalidation"


def connect() -> None:
    article = apps.get_model("newsroom", "Article")
    pre_save.connect(_article_pre_save, sender=article, dispatch_uid=f"{UID}.article.pre")
    post_save.connect(_article_saved, sender=article, dispatch_uid=f"{UID}.article.post")
    pre_delete.connect(_article_pre_delete, sender=article, dispatch_uid=f"{UID}.article.del")
    post_delete.connect(_article_deleted, sender=article, dispatch_uid=f"{UID}.article.gone")
    m2m_changed.connect(_tags_changed, sender=article.tags.through, dispatch_uid=f"{UID}.tags")
    byline = apps.get_model("newsroom", "Byline")
    post_save.connect(_byline_changed, sender=byline, dispatch_uid=f"{UID}.byline.save")
    post_delete.connect(_byline_changed, sender=byline, dispatch_uid=f"{UID}.byline.del")
    for name, prefix in (("Section", "section"), ("Tag", "tag"), ("Author", "author")):
        model = apps.get_model("newsroom", name)
        for signal in (post_save, post_delete):
            signal.connect(_named_changed, sender=model, dispatch_uid=f"{UID}.{prefix}.{signal}")
    try:
        comment = apps.get_model("comments", "Comment")
    except LookupError:
        return
    pre_save.connect(_comment_pre_save, sender=comment, dispatch_uid=f"{UID}.comment.pre")
    post_save.connect(_comment_changed, sender=comment, dispatch_uid=f"{UID}.comment.post")
    post_delete.connect(_comment_changed, sender=comment, dispatch_uid=f"{UID}.comment.del")


def active() -> bool:
    from django.conf import settings

    return pagecache.enabled() or bool(settings.NGINX_REFRESH_URL)


def purge_on_commit(keys) -> None:
    keys = set(keys)
    if keys:
        transaction.on_commit(lambda: pagecache.purge(keys), robust=True)


def _visible(status, published_at) -> bool:
    return status == "published" and published_at is not None and published_at <= timezone.now()


def _listing_keys(article, section_ids) -> set[str]:
    """Pages whose lists change when `article` appears, disappears or moves."""
    keys = {"home", "latest", "feeds", "sitemaps", f"article:{article.pk}"}
    keys.update(f"section:{pk}" for pk in section_ids if pk)
    if article.pk:
        tags = article.tags.through.objects.filter(article_id=article.pk)
        keys.update(f"tag:{pk}" for pk in tags.values_list("tag_id", flat=True))
        bylines = apps.get_model("newsroom", "Byline").objects.filter(article_id=article.pk)
        keys.update(f"author:{pk}" for pk in bylines.values_list("author_id", flat=True))
    return keys


def _article_pre_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not active():
        return
    old = None
    if instance.pk:
        old = (
            sender.objects.filter(pk=instance.pk)
            .values("status", "published_at", "section_id", "slug")
            .first()
        )
    instance._pagecache_old = old


def _article_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not active():
        return
    old = getattr(instance, "_pagecache_old", None)
    was_visible = bool(old) and _visible(old["status"], old["published_at"])
    is_visible = _visible(instance.status, instance.published_at)
    if not (was_visible or is_visible):
        return  # drafts nobody can see
    moved = (
        was_visible != is_visible
        or old["published_at"] != instance.published_at
        or old["section_id"] != instance.section_id
        or old["slug"] != instance.slug
    )
    if moved:
        sections = {instance.section_id, old["section_id"] if old else None}
        purge_on_commit(_listing_keys(instance, sections))
    else:  # an edit: every page showing it, and feeds and sitemaps (content, lastmod)
        purge_on_commit({f"article:{instance.pk}", "feeds", "sitemaps"})


def _article_pre_delete(sender, instance, **kwargs) -> None:
    if active() and _visible(instance.status, instance.published_at):
        instance._pagecache_keys = _listing_keys(instance, {instance.section_id})


def _article_deleted(sender, instance, **kwargs) -> None:
    keys = getattr(instance, "_pagecache_keys", None)
    if keys:
        purge_on_commit(keys)


def _tags_changed(sender, instance, action, pk_set=None, model=None, reverse=False, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear") or not active():
        return
    article_model = apps.get_model("newsroom", "Article")
    if reverse:  # tag.articles.add(...): instance is a tag, pk_set articles
        articles = article_model.objects.published().filter(pk__in=pk_set or ())
        purge_on_commit({f"tag:{instance.pk}", *(f"article:{a.pk}" for a in articles)})
        return
    if not _visible(instance.status, instance.published_at):
        return
    if action == "pre_clear":  # the tags about to go are known only now
        instance._pagecache_cleared = set(instance.tags.values_list("pk", flat=True))
        return
    tag_ids = pk_set or getattr(instance, "_pagecache_cleared", set())
    purge_on_commit({f"article:{instance.pk}", *(f"tag:{pk}" for pk in tag_ids)})


def _byline_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw or not active():
        return
    article = apps.get_model("newsroom", "Article").objects.filter(pk=instance.article_id).first()
    if article is not None and _visible(article.status, article.published_at):
        purge_on_commit({f"article:{instance.article_id}", f"author:{instance.author_id}"})


def _named_changed(sender, instance, raw=False, **kwargs) -> None:
    """A section, tag or author renamed or removed: its page and pages naming it."""
    if raw or not active():
        return
    name = sender._meta.model_name
    keys = {f"{name}:{instance.pk}"}
    if name == "section":
        keys.add("sections")  # the navigation on every page
    purge_on_commit(keys)


def _comment_pre_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not active() or not instance.pk:
        return
    instance._pagecache_old_status = (
        sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    )


def _comment_changed(sender, instance, raw=False, **kwargs) -> None:
    """Readers see approved comments only: purge when one becomes or stops being shown."""
    if raw or not active():
        return
    approved = sender.Status.APPROVED
    old = getattr(instance, "_pagecache_old_status", None)
    if instance.status == approved or old == approved:
        # The article page, and every list whose card shows the article's comment count
        # ({% comment_count_link %} adds the same key).
        purge_on_commit({f"comments:{instance.article_id}"})

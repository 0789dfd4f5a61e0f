"""Keeps the search index in step with publishing (see search.py).

The index is a table in the same database, so it is written inside the transaction
that changes the article: a save of an article (publishing, an edit, unpublishing,
expiry: every workflow service saves), a change of its tags, a renamed or deleted tag,
a deleted article. The index then commits or rolls back with the article, and needs
no worker. The newsroom's after-commit signals (article_published/unpublished) follow
the same saves, so they are not listened to: they would only index a second time.

A failed index write is logged and rolled back to its savepoint; it never fails the
editor's request. `dateline rebuild_search_index` repairs the index.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from dateline.discovery import search
from dateline.newsroom.models import Article, Tag

logger = logging.getLogger(__name__)
UID = "dateline.discovery.search"


def _index(article_ids) -> None:
    ids = set(article_ids)
    if not ids:
        return
    try:
        with transaction.atomic():
            search.index_articles(ids)
    except DatabaseError:
        logger.exception("search index update failed for articles %s", sorted(ids)[:20])


@receiver(post_save, sender=Article, dispatch_uid=f"{UID}.article_saved")
def _article_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    # A new draft has nothing in the index; any other save may add, change or remove it.
    if not raw and (instance.status == Article.Status.PUBLISHED or not created):
        _index([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid=f"{UID}.article_deleted")
def _article_deleted(sender, instance, **kwargs) -> None:
    try:
        with transaction.atomic():
            search.unindex_articles([instance.pk])
    except DatabaseError:
        logger.exception("search index removal failed for article %s", instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid=f"{UID}.tags")
def _tags_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    if action == "pre_clear" and reverse:  # tag.articles.clear(): who they were
        instance._search_article_ids = _published_ids_tagged(instance)
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # tag.articles.add(...): the articles are in pk_set
        _index(pk_set or getattr(instance, "_search_article_ids", ()))
    elif instance.status == Article.Status.PUBLISHED:
        _index([instance.pk])


@receiver(post_save, sender=Tag, dispatch_uid=f"{UID}.tag_saved")
def _tag_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if not raw and not created:  # a renamed tag: its articles' index text changes
        _index(_published_ids_tagged(instance))


@receiver(pre_delete, sender=Tag, dispatch_uid=f"{UID}.tag_deleting")
def _tag_deleting(sender, instance, **kwargs) -> None:
    instance._search_article_ids = _published_ids_tagged(instance)


@receiver(post_delete, sender=Tag, dispatch_uid=f"{UID}.tag_deleted")
def _tag_deleted(sender, instance, **kwargs) -> None:
    _index(getattr(instance, "_search_article_ids", ()))


def _published_ids_tagged(tag: Tag) -> list[int]:
    published = tag.articles.filter(status=Article.Status.PUBLISHED)
    return list(published.values_list("pk", flat=True))

"""Keeps stored Related Articles in step with publishing (see related.py).

Work is queued for the worker (tasks.py) after the change commits: the newsroom's
article_published / article_unpublished (sent after commit), saves of published
articles (edits), tag changes, deletions, and a finished import (articles_imported:
one rebuild instead of a task per article). Queuing never fails the editor's request:
a failure is logged, and `dateline recompute_related` repairs everything.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from dateline.discovery import related, tasks
from dateline.discovery.models import IndexedArticle, RelatedLink
from dateline.newsroom.models import Article
from dateline.newsroom.signals import article_published, article_unpublished, articles_imported

logger = logging.getLogger(__name__)
UID = "dateline.discovery.related"


def _enqueue(task, *args) -> None:
    try:
        task.enqueue(*args)
    except Exception:  # the worker's queue is unavailable: the next change or a rebuild fixes it
        logger.exception("could not queue %s%r", task.name, args)


def _enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: _enqueue(task, *args), robust=True)


@receiver(article_published, dispatch_uid=f"{UID}.published")
@receiver(article_unpublished, dispatch_uid=f"{UID}.unpublished")
def _publication_changed(sender, article_id, **kwargs) -> None:
    _enqueue(tasks.refresh_related, article_id)


@receiver(post_save, sender=Article, dispatch_uid=f"{UID}.saved")
def _article_saved(sender, instance, raw=False, **kwargs) -> None:
    # An edit of a published article (publishing itself also sends article_published;
    # the task skips the second run for the same save).
    if not raw and instance.status == Article.Status.PUBLISHED:
        _enqueue_on_commit(tasks.refresh_related, instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid=f"{UID}.tags")
def _tags_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # tag.articles.add(...): instance is the tag, pk_set the articles
        ids = Article.objects.published().filter(pk__in=pk_set or ()).values_list("pk", flat=True)
        for pk in ids:
            _enqueue_on_commit(tasks.refresh_related, pk, True)
    elif instance.status == Article.Status.PUBLISHED:
        # Tags change without a new updated_at: the task must not skip.
        _enqueue_on_commit(tasks.refresh_related, instance.pk, True)


@receiver(pre_delete, sender=Article, dispatch_uid=f"{UID}.deleting")
def _article_deleting(sender, instance, **kwargs) -> None:
    """Before the rows cascade away: its term counts, and the lists that name it."""
    try:
        with transaction.atomic():
            instance._related_listing = list(
                RelatedLink.objects.filter(related=instance).values_list("article_id", flat=True)
            )
            if IndexedArticle.objects.filter(pk=instance.pk).exists():
                related.unindex_article(instance)
    except DatabaseError:
        logger.exception("related index not updated for deleted article %s", instance.pk)


@receiver(post_delete, sender=Article, dispatch_uid=f"{UID}.deleted")
def _article_deleted(sender, instance, **kwargs) -> None:
    listing = getattr(instance, "_related_listing", None)
    if listing:
        _enqueue_on_commit(tasks.refresh_related_lists, listing)


@receiver(articles_imported, dispatch_uid=f"{UID}.imported")
def _articles_imported(sender, **kwargs) -> None:
    # Queued inside the import's transaction: the worker sees it when the articles are
    # there (in tests, the immediate backend runs it at once).
    _enqueue(tasks.recompute_all_related)

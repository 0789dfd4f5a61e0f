"""Background work of discovery, run by the django-tasks worker: tasks take ids."""

from django_tasks import task

from dateline.discovery import related


@task()
def refresh_related(article_id: int, force: bool = False) -> int:
    """Reindex an article and recompute the Related lists it affects (see related.refresh)."""
    return len(related.refresh(article_id, force=force))


@task()
def refresh_related_lists(article_ids: list[int]) -> int:
    """Recompute these articles' Related lists (after an article they named was deleted)."""
    changed = related.refresh_lists(article_ids)
    related.purge_pages(changed)
    return len(changed)


@task()
def recompute_all_related() -> int:
    """Rebuild the Related index and every list (after an import)."""
    return related.rebuild()

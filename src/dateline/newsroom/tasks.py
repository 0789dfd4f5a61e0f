"""Background work of the newsroom, run by the django-tasks worker (`dateline worker`)."""

import logging
import os
import time

from django.core.management import call_command
from django.db import close_old_connections
from django_tasks import task

from dateline.newsroom import media, services

log = logging.getLogger(__name__)
SWEEP_SECONDS = 30
PRUNE_SECONDS = 3600


@task()
def publish_due_articles() -> dict:
    """Publish scheduled articles whose go-live time has passed; expire the expired."""
    return services.publish_due_articles()


@task()
def make_renditions(image_id: int) -> int:
    """Generate an image's srcset widths and WebP versions (once; again is a no-op)."""
    return media.make_renditions(image_id)


def sweep_forever(*, interval: float = SWEEP_SECONDS, parent_pid: int | None = None) -> None:
    """The worker's clock: enqueue the publishing sweep every `interval` seconds.

    A sweep already waiting is not queued twice; finished results older than a day are
    pruned hourly. With `parent_pid`, the worker exits when that process is gone.
    """
    last_prune = 0.0
    while parent_pid is None or os.getppid() == parent_pid:
        try:
            _enqueue_sweep()
            if time.monotonic() - last_prune > PRUNE_SECONDS:
                call_command("prune_db_task_results", "--min-age-days", "1", verbosity=0)
                last_prune = time.monotonic()
        except Exception:  # a database hiccup must not stop the clock
            log.exception("could not enqueue the publishing sweep")
        finally:
            close_old_connections()
        time.sleep(interval)
    os._exit(0)  # the server that started us is gone: stop the whole worker


def _enqueue_sweep() -> None:
    from django_tasks_db.models import DBTaskResult

    path = f"{publish_due_articles.func.__module__}.{publish_due_articles.func.__qualname__}"
    waiting = DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"])
    if not waiting.exists():
        publish_due_articles.enqueue()

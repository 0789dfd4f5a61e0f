"""Most read: article views counted by the hour, on our own server, nothing kept about readers.

Pages come from the page cache, so a view is counted by a beacon the article page's
script sends (static/discovery/reading.js, POST /read/<id>/, see views_reading.py).
Readers without JavaScript (and so nearly all bots) are not counted.

What is stored: per article and clock hour (UTC), a number (PageViewBucket). No
address, cookie or user. To count a reader once per article per DEDUPE_SECONDS and to
cap beacons per reader, a keyed hash of their address lives in the cache, for at most
that long. Buckets older than KEEP_HOURS are deleted, once an hour, by the first view
of the hour.
"""

import datetime as dt
import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from dateline.discovery.models import PageViewBucket
from dateline.newsroom.models import Article

logger = logging.getLogger(__name__)

KEEP_HOURS = 48  # most read looks back 24 hours; a day more for slack
DEDUPE_SECONDS = 30 * 60  # a reader reloading an article counts once in this time
RATE_WINDOW = 600  # seconds
RATE_LIMIT = 120  # beacons per reader in RATE_WINDOW; more are refused (429)


def hour_of(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def _reader_key(address: str) -> str:
    return salted_hmac("dateline.discovery.reads", address, algorithm="sha256").hexdigest()[:24]


def over_rate_limit(address: str) -> bool:
    """Whether this reader sent more than RATE_LIMIT beacons in the current window."""
    window = int(timezone.now().timestamp()) // RATE_WINDOW
    key = f"discovery:reads:rate:{_reader_key(address)}:{window}"
    try:
        cache.add(key, 0, RATE_WINDOW + 60)
        return cache.incr(key) > RATE_LIMIT
    except Exception:  # a cache outage (or the key expiring meanwhile) never refuses a reader
        return False


def first_view(address: str, article_id: int) -> bool:
    """True the first time in DEDUPE_SECONDS this reader's beacon names this article."""
    key = f"discovery:reads:seen:{_reader_key(address)}:{article_id}"
    try:
        return bool(cache.add(key, 1, DEDUPE_SECONDS))
    except Exception:
        return True


def record_view(article_id: int) -> bool:
    """Count one view of a published article in the current hour; False if not published.

    One UPDATE in the common case; the hour's first view creates the bucket.
    """
    hour = hour_of(timezone.now())
    bucket = PageViewBucket.objects.filter(article_id=article_id, hour=hour)
    if bucket.update(views=F("views") + 1):
        return True
    if not Article.objects.published().filter(pk=article_id).exists():
        return False
    try:
        with transaction.atomic():
            PageViewBucket.objects.create(article_id=article_id, hour=hour, views=1)
    except IntegrityError:  # another request created it meanwhile
        bucket.update(views=F("views") + 1)
    _prune_hourly(hour)
    return True


def _prune_hourly(hour: dt.datetime) -> None:
    try:
        due = cache.add(f"discovery:reads:pruned:{hour:%Y%m%d%H}", 1, 2 * 3600)
    except Exception:
        due = False
    if due:
        prune()


def prune() -> int:
    """Delete the counts older than KEEP_HOURS; return how many buckets went."""
    oldest = hour_of(timezone.now()) - dt.timedelta(hours=KEEP_HOURS)
    return PageViewBucket.objects.filter(hour__lt=oldest).delete()[0]

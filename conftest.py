"""Shared fixtures: demo content built by the real loader, as `make run` builds it."""

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip on a developer's machine when something is missing; in CI, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must run every test)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker) -> dict:
    """The rows the demo loader writes, loaded once per session in a transaction that is
    rolled back (87 articles through the newsroom's services, the search index and
    Related Articles take seconds). Session scope: no test's settings change them."""
    from django.db import transaction

    from dateline.newsroom.demo import load_demo_content
    from tests import db_snapshot

    with django_db_blocker.unblock(), transaction.atomic():
        before = db_snapshot.state()
        load_demo_content()
        rows = db_snapshot.take(before)
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def demo_content(db, demo_rows):
    """The demo content, as `make run` loads it (tests/db_snapshot.py writes the rows
    back). The cache then holds only the site settings, as on a running site: query
    budgets count what a page costs then."""
    from django.core.cache import cache

    from dateline.newsroom.selectors import site_settings
    from tests import db_snapshot

    db_snapshot.restore(demo_rows)
    cache.clear()
    site_settings()


@pytest.fixture
def seed_article(demo_content):
    from dateline.newsroom.models import Article

    return Article.objects.get(external_id="seed-putin-us-russia")


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def nginx_path() -> str:
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    require(os.path.exists(path), "nginx is not installed (apt-get install nginx-light)")
    return path


@pytest.fixture(scope="session")
def redis_url() -> str:
    """Redis database 13 on the machine's Redis (tests use their own key prefixes)."""
    import redis

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        require(False, "Redis is not listening on 127.0.0.1:6379")
    return url

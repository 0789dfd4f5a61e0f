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


@pytest.fixture
def demo_content(db):
    from dateline.newsroom.demo import load_demo_content

    load_demo_content()


@pytest.fixture
def seed_article(demo_content):
    from dateline.newsroom.models import Article

    return Article.objects.get(external_id="seed-putin-us-russia")


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Debian's chromium is not installed (apt-get install chromium)")
    return path

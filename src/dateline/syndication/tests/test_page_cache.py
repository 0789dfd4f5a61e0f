"""Feeds and sitemaps behind the site's page cache: served from it, and refreshed as soon
as an article changes (they carry the "feeds" and "sitemaps" purge keys)."""

import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/json/", "/sitemap-news.xml"])
def test_cached_feeds_and_sitemaps_are_refreshed_when_an_article_changes(
    client, recent_seed, page_cache, url, django_capture_on_commit_callbacks
):
    client.get(url)
    assert client.get(url)["X-Dateline-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        recent_seed.headline = "A corrected headline"
        recent_seed.save()
    response = client.get(url)
    assert response["X-Dateline-Cache"] != "HIT"
    assert "A corrected headline" in response.content.decode()


def test_a_cached_feed_still_answers_304(client, recent_seed, page_cache):
    first = client.get("/feeds/atom/")
    assert client.get("/feeds/atom/")["X-Dateline-Cache"] == "HIT"
    revalidated = client.get("/feeds/atom/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304

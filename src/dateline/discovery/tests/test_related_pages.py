"""Related Articles on the article page, through HTTP: stored lists, no work per view,
and cached pages renewed when their list changes."""

# The shared fixture imported below is a pytest argument, not a redefinition.
# ruff: noqa: F811

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.core import pagecache
from dateline.discovery.tests.test_related import (  # noqa: F401 - a shared fixture
    BUDGET,
    FOOTBALL,
    VOLCANO,
    editor,
    publish,
)
from dateline.newsroom import services

STATE = pagecache.STATUS_HEADER


def related_block(response) -> str:
    page = response.content.decode()
    return page[page.index('id="related-heading"') : page.index('id="respond"')]


def related_links(response) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="([^"]+)"', related_block(response))


def test_article_page_shows_the_stored_list_best_first(client, publish):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=300)
    budget = publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    story = publish("Volcano in Iceland erupts again", VOLCANO)

    response = client.get(story.get_absolute_url())

    assert related_links(response) == [older.get_absolute_url(), budget.get_absolute_url()]


def test_related_list_costs_one_query_however_long_it_is(client, publish):
    for n in range(8):
        publish(f"Volcano report {n}", VOLCANO, days_ago=n + 1)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    url = story.get_absolute_url()
    client.get(url)  # warm what is cached once per process

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    related = [q["sql"] for q in queries.captured_queries if "discovery_relatedlink" in q["sql"]]
    assert len(related) == 1
    assert len(related_links(response)) == 4
    assert not any("discovery_relatedterm" in q["sql"] for q in queries.captured_queries)


def test_related_list_on_a_cached_page_is_renewed_when_it_changes(
    client, publish, editor, page_cache, django_capture_on_commit_callbacks
):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=300)
    story = publish("Cup final won with a late goal", FOOTBALL, days_ago=2, section="sport")
    for n in range(5):  # newer, so the story is not in the page's Latest Articles
        publish(f"Match report {n}", FOOTBALL, days_ago=1, section="sport")
    url = older.get_absolute_url()
    client.get(url)
    assert client.get(url)[STATE] == "HIT"

    # The story moves nowhere (same section, same date): only its similarity changes,
    # which no list page but the related lists shows.
    with django_capture_on_commit_callbacks(execute=True):
        services.update_article(story, by=editor, headline="Volcano erupts", body=VOLCANO)

    response = client.get(url)
    assert response[STATE] == "MISS"
    assert related_links(response) == [story.get_absolute_url()]


def test_unpublished_related_article_disappears_from_the_page(
    client, publish, django_capture_on_commit_callbacks
):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=300)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    assert related_links(client.get(older.get_absolute_url())) == [story.get_absolute_url()]

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(story, by=None)

    assert related_links(client.get(older.get_absolute_url())) == []
    assert client.get(story.get_absolute_url()).status_code == 404

"""Every list page reads a fixed number of queries, however long its list (no N+1)."""

# The shared fixture imported below is a pytest argument, not a redefinition.
# ruff: noqa: F811

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.discovery import archives, search
from dateline.discovery.tests.test_search import publish  # noqa: F401 - a shared fixture

# Page, and the most queries it may read: e.g. the tag page reads the tag, the capped
# count, the page of articles (section joined) and the navigation's sections.
BUDGETS = {
    # each list page: +1 query for its cards' comment counts (with_comment_counts)
    "/": 5,
    "/section/world/": 5,
    "/tag/rain/": 5,
    "/author/ann-lee/": 5,
    "/2024/": 5,
    "/2024/09/": 5,
    "/2024/09/21/": 4,
    "/search/?q=rain": 5,
    "/search/?q=rain&section=world&author=ann-lee&language=en&since=2024-01-01": 7,
}


@pytest.fixture
def many_articles(publish):
    for n in range(12):
        publish(
            f"Rain report {n}",
            tags=["Rain", f"Town {n}", "Weather"],
            authors=["Ann Lee", f"Writer {n}"],
            at=dt.datetime(2024, 9, 21 - n % 3, 8 + n, tzinfo=dt.UTC),
        )


def queries_for(client, url) -> int:
    client.get(url)  # warm what is cached once per process (site settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", list(BUDGETS))
def test_list_pages_read_a_fixed_number_of_queries(client, many_articles, monkeypatch, url):
    monkeypatch.setattr(archives, "PAGE_SIZE", 2)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    short = queries_for(client, url)
    monkeypatch.setattr(archives, "PAGE_SIZE", 20)
    monkeypatch.setattr(search, "PAGE_SIZE", 20)
    long = queries_for(client, url)
    assert short == long, "the number of queries grows with the list"
    # PostgreSQL's search prepares its plan in one more query, in a transaction of its
    # own (search_backends.planned): three statements.
    planning = 3 if url.startswith("/search/") and connection.vendor == "postgresql" else 0
    assert long <= BUDGETS[url] + planning

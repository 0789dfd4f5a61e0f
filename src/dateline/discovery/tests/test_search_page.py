"""The search page and the header search box, through HTTP."""

# The shared fixtures imported below are pytest arguments, not redefinitions.
# ruff: noqa: F811

import html
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.discovery.tests.test_search import publish  # noqa: F401 - a shared fixture
from dateline.newsroom.models import Article
from dateline.public.tests.test_article_page import visible_text


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(client, publish):
    publish("Volcano erupts")
    page = client.get("/").content.decode()
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', page, re.S)[0]
    assert 'role="search"' in form and 'method="get"' in form and 'action="/search/"' in form
    field = re.search(r'<input id="([^"]+)" type="search" name="q"', form)
    assert f'<label class="visually-hidden" for="{field[1]}">Search articles</label>' in form
    assert "Volcano erupts" in visible_text(client.get("/search/", {"q": "volcano"}))


def test_results_are_ranked_with_highlighted_snippets_and_a_count(client, publish):
    publish("Volcano erupts", body="<p>Lava reached the coast.</p>")
    publish("Island news", body="<p>The volcano was quiet; a festival began.</p>")
    response = client.get("/search/", {"q": "volcano"})
    page, text = response.content.decode(), visible_text(response)
    assert text.index("Volcano erupts") < text.index("Island news")
    assert "2 articles found." in text
    assert "<mark>volcano</mark> was quiet" in page
    assert '<meta name="robots" content="noindex">' in page
    assert re.search(r"<title>Search: volcano \| Dateline</title>", page)


def test_filters_narrow_the_results(client, publish):
    publish("Storm in the north", section="world", authors=["Ann Lee"])
    publish("Storm in the league", section="sport", authors=["Bob Roe"])
    publish("Tempête storm", section="world", language="fr")
    text = visible_text(client.get("/search/", {"q": "storm", "section": "sport"}))
    assert "Storm in the league" in text and "Storm in the north" not in text
    text = visible_text(client.get("/search/", {"q": "storm", "author": "ann-lee"}))
    assert "Storm in the north" in text and "Storm in the league" not in text
    assert "By Ann Lee" in text
    text = visible_text(client.get("/search/", {"q": "storm", "language": "fr"}))
    assert "Tempête storm" in text and "Storm in the north" not in text
    text = visible_text(client.get("/search/", {"q": "storm", "since": "2000-01-01"}))
    assert "3 articles found." in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"section": "nowhere"}, "Select a valid choice"),
        ({"author": "nobody"}, "There is no such author."),
        ({"language": "xx"}, "Select a valid choice"),
        ({"since": "2024-13-40"}, "Enter a valid date."),
        ({"since": "2024-09-02", "until": "2024-09-01"}, "The end date is before the start date."),
    ],
)
def test_bad_filters_are_explained_on_a_normal_page(client, publish, params, message):
    publish("Storm")
    response = client.get("/search/", {"q": "storm", **params})
    assert response.status_code == 200
    assert message in visible_text(response)


def test_empty_and_fruitless_searches_say_so(client, db):
    assert "Type a few words to search" in visible_text(client.get("/search/"))
    assert "Type a few words to search" in visible_text(client.get("/search/?q=+++"))
    text = visible_text(client.get("/search/", {"q": "xylophonic"}))
    assert "No articles match “xylophonic”." in text


def test_very_long_queries_are_cut_and_say_so(client, publish):
    publish("Storm")
    response = client.get("/search/", {"q": "storm " * 500})
    assert response.status_code == 200
    assert "Only the first 200 characters of your query were searched." in visible_text(response)
    assert 'maxlength="200"' in response.content.decode()


def test_results_are_paged_keeping_the_query(client, publish, monkeypatch):
    from dateline.discovery import search

    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    for n in range(5):
        publish(f"Rain report {n}")
    first = client.get("/search/", {"q": "rain", "section": "world"}).content.decode()
    assert 'rel="next" href="?q=rain&amp;section=world&amp;page=2"' in first
    second = client.get("/search/", {"q": "rain", "section": "world", "page": "2"})
    assert 'rel="prev" href="?q=rain&amp;section=world"' in second.content.decode()
    assert "Page 2 of 3" in visible_text(second)
    assert client.get("/search/", {"q": "rain", "page": "zz"}).status_code == 200


def test_query_text_is_escaped_everywhere(client, publish):
    publish("Storm")
    response = client.get("/search/", {"q": '<script>alert("x")</script> storm'})
    page = response.content.decode()
    assert "<script>alert" not in page
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "&lt;script&gt;" in heading
    assert html.unescape(heading) == 'Search results for “<script>alert("x")</script> storm”'


NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="\"*()^:-+NEAROR \\'%;`\x00\u202e\ud800", max_size=60),
    st.sampled_from(
        [
            'NEAR("a" "b", 3)',
            '"unbalanced',
            "a* OR b*",
            "title:foo",
            "' OR 1=1; --",
            "\x00\x01\x1f",
            "🦊 العربية 日本語",
            "*" * 500,
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=NASTY)
def test_any_query_gives_a_normal_page(client, publish, query):
    if not Article.objects.exists():
        publish("Near the storm", body='<p>A quoted "storm" near the coast.</p>')
    query = query.encode("utf-8", "replace").decode("utf-8")
    response = client.get("/search/?" + urlencode({"q": query}))
    assert response.status_code == 200
    api = client.get("/api/search?" + urlencode({"q": query}))
    assert api.status_code in (200, 422)

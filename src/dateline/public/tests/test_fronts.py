import pytest

from dateline.newsroom.models import Article, Section
from dateline.public.tests.test_article_page import visible_text


def test_home_leads_with_the_newest_article_and_shows_every_section(client, seed_article):
    page = visible_text(client.get("/"))
    main = page[page.index("Dateline: latest news") :]
    assert main.index(seed_article.headline) < main.index("Interviews")
    for section in Section.objects.all():
        assert section.name in main


def test_home_leads_with_an_article_that_lost_its_section(client, seed_article):
    # An editor may clear the section of a published article: the page still renders.
    Article.objects.filter(pk=seed_article.pk).update(section=None)
    response = client.get("/")
    assert response.status_code == 200
    lead = response.content.decode().split('class="lead-story"')[1].split("</article>")[0]
    assert seed_article.headline in lead
    assert '<p class="kicker"></p>' in lead


def test_section_page_lists_its_articles_newest_first(client, demo_content):
    section = Section.objects.get(slug="sport")
    text = visible_text(client.get("/section/sport/"))
    headlines = [a.headline for a in Article.objects.published().in_section(section)]
    positions = [text.index(h) for h in headlines]
    assert positions == sorted(positions)
    assert len(headlines) >= 5


def test_long_section_is_paginated(client, demo_content):
    first = client.get("/section/world/")
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get("/section/world/?page=2")
    assert second.status_code == 200
    assert "Page 2 of" in visible_text(second)
    assert client.get("/section/world/?page=999").status_code == 200
    assert client.get("/section/world/?page=abc").status_code == 200


@pytest.mark.parametrize("url", ["/", "/section/world/"])
def test_list_pages_stay_within_their_query_budget(
    client, demo_content, url, django_assert_max_num_queries
):
    client.get(url)
    with django_assert_max_num_queries(6):  # home: most read and the cards' comment counts
        assert client.get(url).status_code == 200


def test_server_error_page_is_styled_and_needs_no_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "site.css" in response.content.decode()


def test_empty_site_says_so(client, db):
    assert "Nothing has been published yet." in visible_text(client.get("/"))

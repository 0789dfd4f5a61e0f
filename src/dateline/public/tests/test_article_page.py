import html
import json
import re

import pytest

from dateline.newsroom.demo import DEMO_DIR

SEED_URL = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"


def visible_text(response) -> str:
    """The page's text roughly as a reader sees it: no head, scripts or tags."""
    page = response.content.decode()
    body = page[page.index("<body") :]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def assert_in_order(text: str, lines: list[str]) -> None:
    position = 0
    for line in lines:
        found = text.find(line, position)
        assert found >= 0, f"{line!r} missing after position {position}"
        position = found + len(line)


@pytest.fixture
def seed():
    return json.loads((DEMO_DIR / "seed.json").read_text(encoding="utf-8"))


def test_seed_page_shows_the_seed_top_to_bottom(client, seed_article, seed, time_machine):
    time_machine.move_to("2024-09-21 10:00:00+00:00")
    response = client.get(SEED_URL)
    assert response.status_code == 200
    assert_in_order(
        visible_text(response),
        [
            "24.4 °C",
            "Saturday, September 21, 2024",
            seed["headline"],
            seed["standfirst"],
            *seed["paragraphs"],
            "Related Articles",
            "Leave a Reply",
            "Latest Articles",
        ],
    )


def test_masthead_date_follows_the_site_time_zone(client, seed_article, settings, time_machine):
    settings.TIME_ZONE = "Pacific/Auckland"
    time_machine.move_to("2024-09-20 13:00:00+00:00")  # already Saturday in Auckland
    assert "Saturday, September 21, 2024" in visible_text(client.get("/"))


def test_article_dates_are_shown_in_the_site_time_zone(client, seed_article, settings):
    # Published 2024-09-21 09:00 UTC: still the evening of the 20th in Honolulu.
    settings.TIME_ZONE = "Pacific/Honolulu"
    response = client.get(seed_article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert '<time datetime="2024-09-20T23:00:00-10:00">September 20, 2024</time>' in page
    assert "September 21, 2024" not in visible_text(response).split("Related Articles")[0]


def test_masthead_date_follows_the_site_language(client, seed_article, settings, time_machine):
    settings.LANGUAGE_CODE = "fr"
    time_machine.move_to("2024-09-21 10:00:00+00:00")
    assert "samedi 21 septembre 2024" in visible_text(client.get("/"))


def test_related_and_latest_lists_are_real_articles(client, seed_article):
    page = client.get(SEED_URL).content.decode()
    related = page[page.index('id="related-heading"') : page.index('id="respond"')]
    latest = page[page.index('id="latest-heading"') :]
    related_links = re.findall(r'href="(/\d{4}/\d\d/\d\d/[^"]+/)"', related)
    latest_links = re.findall(r'href="(/\d{4}/\d\d/\d\d/[^"]+/)"', latest)
    assert len(related_links) == 4
    assert len(latest_links) == 5
    assert SEED_URL not in related_links + latest_links
    for url in related_links + latest_links:
        assert client.get(url).status_code == 200


def test_related_articles_prefer_shared_topics(client, seed_article):
    page = client.get(SEED_URL).content.decode()
    related = page[page.index('id="related-heading"') : page.index('id="respond"')]
    # The seed is tagged Barack Obama, as are three Wikinews reports.
    assert "World leaders react to death of Osama bin Laden" in html.unescape(related)


def test_wikinews_article_shows_its_attribution(client, demo_content):
    from dateline.newsroom.models import Article

    article = Article.objects.get(external_id="gum-news-nasa")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Wikinews contributors" in page
    assert f'href="{article.source_url}"' in page
    assert 'rel="license" href="https://creativecommons.org/licenses/by/2.5/"' in page


def test_article_page_carries_news_article_structured_data(client, seed_article):
    page = client.get(SEED_URL).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed_article.headline
    assert data["datePublished"].startswith("2024-09-21")
    assert data["author"][0]["@type"] == "Person"
    assert data["author"][0]["name"] == "Dateline World Desk"
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + SEED_URL
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:url" content="http://testserver{SEED_URL}">' in page
    assert f'<link rel="canonical" href="http://testserver{SEED_URL}">' in page


def test_markup_in_a_headline_is_shown_as_text(client, seed_article):
    seed_article.headline = '</script><script>alert("x")</script><b>Bold</b>'
    seed_article.save()
    page = client.get(SEED_URL).content.decode()
    assert "<script>alert" not in page
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page
    ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[0]
    assert json.loads(ld)["headline"] == seed_article.headline


def test_unpadded_permalink_redirects_to_the_canonical_one(client, seed_article):
    response = client.get("/2024/9/21/putin-us-russian-relations-have-reached-the-lowest-level/")
    assert response.status_code == 301
    assert response["Location"] == SEED_URL


@pytest.mark.parametrize(
    "url",
    [
        "/2024/09/22/putin-us-russian-relations-have-reached-the-lowest-level/",
        "/2024/02/31/putin-us-russian-relations-have-reached-the-lowest-level/",
        "/2024/09/21/no-such-article/",
        "/section/no-such-section/",
        "/no/such/page/",
        "/%00/",
    ],
)
def test_unknown_addresses_get_the_styled_404(client, demo_content, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in visible_text(response)
    assert 'aria-label="Sections"' in response.content.decode()


def test_drafts_are_not_shown_to_readers(client, seed_article):
    seed_article.status = seed_article.Status.DRAFT
    seed_article.save()
    assert client.get(SEED_URL).status_code == 404
    assert seed_article.headline not in client.get("/").content.decode()


def test_article_page_stays_within_its_query_budget(
    client, seed_article, django_assert_max_num_queries
):
    client.get(SEED_URL)  # warm the template cache
    # 8: the hreflang links to translations need one query (syndication).
    # 10: the comment thread (one query, however many comments) and whether the
    # article's comments are closed (one).
    with django_assert_max_num_queries(10):
        assert client.get(SEED_URL).status_code == 200

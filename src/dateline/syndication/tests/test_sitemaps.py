import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from dateline.newsroom.models import Article
from dateline.syndication.sitemaps import ArticleSitemap

XSD = Path(__file__).parent / "xsd"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def valid_xml(response, schema_name: str):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    xsd = schema(schema_name)
    assert xsd.validate(document), xsd.error_log
    return document


def test_index_lists_valid_sitemaps_of_every_published_article(client, recent_seed):
    index = valid_xml(client.get("/sitemap.xml"), "siteindex.xsd")
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert "http://testserver/sitemap-articles-1.xml" in locs
    assert "http://testserver/sitemap-news.xml" in locs
    assert "http://testserver/sitemap-pages.xml" in locs
    listed = []
    for loc in locs:
        document = valid_xml(
            client.get(loc.removeprefix("http://testserver")), "urlset-with-extensions.xsd"
        )
        listed += document.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    published = Article.objects.published()
    for article in published:
        assert f"http://testserver{article.get_absolute_url()}" in listed


def test_article_sitemap_has_lastmod_and_no_drafts(client, recent_seed):
    Article.objects.create(headline="Draft", slug="hidden-draft", section=recent_seed.section)
    document = valid_xml(client.get("/sitemap-articles-1.xml"), "urlset-with-extensions.xsd")
    locs = document.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    assert len(locs) == Article.objects.published().count()
    assert not [loc for loc in locs if "hidden-draft" in loc]
    assert len(document.xpath("//sm:url/sm:lastmod", namespaces=NS)) == len(locs)


def test_article_sitemaps_hold_2000_urls_each(client, recent_seed):
    # Pages of 2,000 (not the protocol's 50,000): a page is built whole in a worker.
    published_at = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)  # older than any other
    Article.objects.bulk_create(
        Article(
            headline=f"Archive {n}",
            slug=f"archive-{n}",
            section=recent_seed.section,
            status=Article.Status.PUBLISHED,
            published_at=published_at + dt.timedelta(hours=n),
        )
        for n in range(2000)
    )
    index = valid_xml(client.get("/sitemap.xml"), "siteindex.xsd")
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert "http://testserver/sitemap-articles-2.xml" in locs
    assert "http://testserver/sitemap-articles-3.xml" not in locs
    first = valid_xml(client.get("/sitemap-articles-1.xml"), "urlset-with-extensions.xsd")
    first_locs = first.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    assert len(first_locs) == 2000
    assert first_locs[0].endswith("/archive-0/")  # oldest first: old pages stay as they are
    second = valid_xml(client.get("/sitemap-articles-2.xml"), "urlset-with-extensions.xsd")
    second_locs = second.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    assert len(second_locs) == Article.objects.published().count() - 2000
    assert f"http://testserver{recent_seed.get_absolute_url()}" in second_locs


def test_article_sitemap_does_not_read_article_texts(client, recent_seed):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap-articles-1.xml").status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"newsroom_article"."slug"' in read
    assert '"newsroom_article"."body"' not in read
    assert '"newsroom_article"."standfirst"' not in read


def test_split_sitemaps_are_listed_and_served_page_by_page(client, recent_seed, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 50)
    index = valid_xml(client.get("/sitemap.xml"), "siteindex.xsd")
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert "http://testserver/sitemap-articles-2.xml" in locs
    second = valid_xml(client.get("/sitemap-articles-2.xml"), "urlset-with-extensions.xsd")
    assert len(second.xpath("//sm:url", namespaces=NS)) == Article.objects.published().count() - 50
    assert client.get("/sitemap-articles-3.xml").status_code == 404


def test_news_sitemap_has_the_last_two_days_with_publication_and_title(client, recent_seed):
    document = valid_xml(client.get("/sitemap-news.xml"), "urlset-with-extensions.xsd")
    news = document.xpath("//sm:url", namespaces=NS)
    assert news
    seed = next(
        url
        for url in news
        if url.findtext("sm:loc", namespaces=NS).endswith(recent_seed.get_absolute_url())
    )
    assert seed.findtext("news:news/news:publication/news:name", namespaces=NS) == "Dateline"
    assert seed.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    assert seed.findtext("news:news/news:title", namespaces=NS) == recent_seed.headline
    assert seed.findtext("news:news/news:publication_date", namespaces=NS).startswith("2024-09-21")
    two_days_ago = "2024-09-19T12:00:00+00:00"
    for date in document.xpath("//news:publication_date/text()", namespaces=NS):
        assert date >= two_days_ago


def test_news_sitemap_holds_at_most_1000_articles(client, recent_seed, monkeypatch):
    from dateline.syndication import selectors

    monkeypatch.setattr(selectors, "NEWS_SITEMAP_LIMIT", 1)
    document = valid_xml(client.get("/sitemap-news.xml"), "urlset-with-extensions.xsd")
    assert len(document.xpath("//sm:url", namespaces=NS)) == 1


def test_old_news_leaves_the_news_sitemap(client, seed_article, time_machine):
    time_machine.move_to("2024-09-30 12:00:00+00:00")
    assert b"<url>" not in client.get("/sitemap-news.xml").content
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-news.xml" not in index


def test_robots_txt_names_the_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /newsroom/" in lines


def test_site_url_setting_is_used_for_every_location(client, recent_seed, settings):
    settings.SITE_URL = "https://news.example.org"
    page = client.get("/sitemap-articles-1.xml").content.decode()
    assert "http://testserver" not in page
    assert "<loc>https://news.example.org/2024/09/21/" in page


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-news.xml"])
def test_sitemap_query_count_is_fixed(client, recent_seed, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200

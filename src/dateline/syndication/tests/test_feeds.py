import datetime as dt

import feedparser
import feedparser_rs
import pytest
from django.utils import timezone
from django.utils.http import parse_http_date

from dateline.newsroom.models import Article, Byline, Section, Tag

FORMATS = ["rss", "atom", "json"]


def parse(response):
    """The feed as a real feed reader's parser sees it: feedparser for RSS and Atom,
    feedparser-rs (the same API) for JSON Feed, which feedparser 6.0 does not read."""
    assert response.status_code == 200, response.content[:300]
    if response["Content-Type"].startswith("application/feed+json"):
        feed = feedparser_rs.parse(response.content)
        assert feed.version == "json11"
        assert all(entry.id and entry.content for entry in feed.entries)
    else:
        feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def scoped_urls(article):
    tag = article.tags.first()
    author = Byline.objects.filter(article=article).first().author
    return {
        "site": "/feeds/{}/",
        "section": f"/feeds/section/{article.section.slug}/{{}}/",
        "tag": f"/feeds/tag/{tag.slug}/{{}}/",
        "author": f"/feeds/author/{author.slug}/{{}}/",
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scope", ["site", "section", "tag", "author"])
def test_every_feed_reads_cleanly_in_feedparser(client, seed_article, fmt, scope):
    url = scoped_urls(seed_article)[scope].format(fmt)
    feed = parse(client.get(url))
    assert feed.entries
    links = [entry.link for entry in feed.entries]
    assert f"http://testserver{seed_article.get_absolute_url()}" in links
    entry = feed.entries[links.index(f"http://testserver{seed_article.get_absolute_url()}")]
    assert entry.title == seed_article.headline
    assert entry.published_parsed[:3] == (2024, 9, 21)


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_feed_lists_only_that_sections_published_articles(client, seed_article, fmt):
    section = seed_article.section
    feed = parse(client.get(f"/feeds/section/{section.slug}/{fmt}/"))
    expected = {
        f"http://testserver{a.get_absolute_url()}"
        for a in Article.objects.published().in_section(section)[:30]
    }
    assert {entry.link for entry in feed.entries} == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_drafts_never_reach_a_feed(client, seed_article, fmt):
    draft = Article.objects.create(
        headline="Secret draft", slug="secret-draft", section=seed_article.section
    )
    draft.tags.add(*seed_article.tags.all())
    page = client.get(f"/feeds/{fmt}/").content.decode()
    tag = seed_article.tags.first()
    page += client.get(f"/feeds/tag/{tag.slug}/{fmt}/").content.decode()
    assert "Secret draft" not in page


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_text_setting_switches_between_body_and_summary(client, seed_article, settings, fmt):
    sentence = "Putin"  # in the body's first paragraph, not only the headline
    settings.FEED_FULL_TEXT = True
    full = parse(client.get(f"/feeds/{fmt}/"))
    entry = next(e for e in full.entries if e.title == seed_article.headline)
    html = entry.content[0].value
    assert "<p>" in html and sentence in html
    settings.FEED_FULL_TEXT = False
    short = parse(client.get(f"/feeds/{fmt}/"))
    entry = next(e for e in short.entries if e.title == seed_article.headline)
    assert seed_article.standfirst[:40] in entry.summary
    assert not any("<p>" in content.value for content in entry.get("content") or [])


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_scope_is_404(client, db, fmt):
    assert client.get(f"/feeds/section/no-such-section/{fmt}/").status_code == 404
    assert client.get(f"/feeds/tag/no-such-tag/{fmt}/").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_feed_answers_304_until_an_article_changes(client, seed_article, fmt):
    url = f"/feeds/{fmt}/"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "max-age" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    seed_article.headline = "Changed headline"
    seed_article.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Changed headline" in changed.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_last_modified_covers_articles_beyond_the_feed(client, seed_article, fmt):
    """An edit to an article too old to be among the feed's items still moves
    Last-Modified, and echoing that value back gets a 304."""
    earlier = timezone.now() - dt.timedelta(days=1)
    Article.objects.update(updated_at=earlier)
    oldest = Article.objects.published().order_by("published_at").first()
    Article.objects.filter(pk=oldest.pk).update(updated_at=earlier + dt.timedelta(hours=2))
    response = client.get(f"/feeds/{fmt}/")
    assert oldest.headline not in response.content.decode()
    assert parse_http_date(response["Last-Modified"]) == int(
        (earlier + dt.timedelta(hours=2)).timestamp()
    )
    echoed = client.get(f"/feeds/{fmt}/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert echoed.status_code == 304


def test_unpublishing_an_older_article_changes_the_etag(client, seed_article):
    first = client.get("/feeds/rss/")
    oldest = Article.objects.published().order_by("published_at").first()
    Article.objects.filter(pk=oldest.pk).update(status=Article.Status.UNPUBLISHED)
    assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("withdraw", ["unpublish", "expire"])
def test_last_modified_moves_when_an_article_leaves_the_feed(client, seed_article, withdraw):
    """A reader sending only If-Modified-Since learns of an unpublished or expired
    article too (the ETag alone used to say so)."""
    from dateline.newsroom import services

    earlier = timezone.now() - dt.timedelta(days=1)
    Article.objects.update(updated_at=earlier)
    first = client.get("/feeds/rss/")
    newest = Article.objects.published().order_by("-published_at").first()
    assert newest.headline in first.content.decode()
    if withdraw == "unpublish":
        services.unpublish_article(newest, by=None)
    else:
        Article.objects.filter(pk=newest.pk).update(expire_at=earlier + dt.timedelta(hours=3))
    second = client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert second.status_code == 200
    assert newest.headline not in second.content.decode()
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_json_feed_is_version_1_1(client, seed_article):
    response = client.get("/feeds/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    data = response.json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://testserver/feeds/json/"
    item = next(i for i in data["items"] if i["title"] == seed_article.headline)
    assert item["authors"][0]["name"] == "Dateline World Desk"
    assert item["date_published"].startswith("2024-09-21")


def test_feed_query_count_is_fixed(client, seed_article, django_assert_max_num_queries):
    # fingerprint (ETag) + articles + bylines + tags; a scoped feed also reads its tag
    with django_assert_max_num_queries(4):
        client.get("/feeds/rss/")
    tag = seed_article.tags.first()
    with django_assert_max_num_queries(5):
        client.get(f"/feeds/tag/{tag.slug}/atom/")


def test_rss_is_valid_rss_2_with_feed_level_metadata(client, seed_article):
    feed = parse(client.get("/feeds/rss/"))
    assert feed.version == "rss20"
    assert feed.feed.title == "Dateline"
    assert feed.feed.link == "http://testserver/"


def test_atom_is_atom_1(client, seed_article):
    assert parse(client.get("/feeds/atom/")).version == "atom10"


def test_section_without_articles_has_an_empty_valid_feed(client, db):
    Section.objects.create(name="Empty", slug="empty")
    Tag.objects.create(name="Nothing", slug="nothing")
    for fmt in FORMATS:
        feed = parse(client.get(f"/feeds/section/empty/{fmt}/"))
        assert feed.entries == []

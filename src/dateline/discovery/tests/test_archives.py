"""Section, tag, author and date archives through HTTP: lists, titles, links, empty states."""

# The shared fixtures imported below are pytest arguments, not redefinitions.
# ruff: noqa: F811

import datetime as dt
import re

import pytest

from dateline.core import pagecache
from dateline.discovery import archives
from dateline.discovery.tests.test_search import publish  # noqa: F401 - a shared fixture
from dateline.newsroom import services
from dateline.newsroom.models import Author
from dateline.public.tests.test_article_page import visible_text
from dateline.syndication.tests.conftest import upload_picture  # noqa: F401 - a shared fixture


def at(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}+00:00")


def head_links(response) -> dict[str, str]:
    page = response.content.decode()
    return dict(re.findall(r'<link rel="(canonical|prev|next)" href="([^"]*)">', page))


def title_and_h1(response) -> tuple[str, str]:
    page = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]
    return title, h1


def test_tag_page_lists_its_articles_newest_first(client, publish):
    publish("Older rover news", tags=["Mars"], at=at("2024-09-01"))
    publish("Newer rover news", tags=["Mars"], at=at("2024-09-02"))
    publish("Untagged news", at=at("2024-09-03"))
    response = client.get("/tag/mars/")
    text = visible_text(response)
    assert text.index("Newer rover news") < text.index("Older rover news")
    assert "Untagged news" not in text
    assert title_and_h1(response) == ("Mars | Dateline", "Mars")
    assert head_links(response) == {"canonical": "http://testserver/tag/mars/"}


def test_article_page_links_its_topics_to_their_tag_pages(client, publish):
    article = publish("Rover lands", tags=["Mars", "Space flight"])
    page = client.get(article.get_absolute_url()).content.decode()
    links = re.findall(r'<a class="tag" href="([^"]+)" rel="tag">([^<]+)</a>', page)
    assert links == [("/tag/mars/", "Mars"), ("/tag/space-flight/", "Space flight")]
    assert "Rover lands" in visible_text(client.get(links[0][0]))


def test_author_page_shows_the_profile_and_the_articles(client, publish, upload_picture):
    publish("Ann writes", authors=["Ann Lee"])
    publish("Bob writes", authors=["Bob Roe"])
    author = Author.objects.get(slug="ann-lee")
    author.bio = "Covers science <and> space."
    author.photo = upload_picture("ann.png", (200, 200), "PNG", "Ann Lee smiling")
    author.links = ["https://example.org/ann", "javascript:alert(1)"]
    author.save()
    response = client.get(author.get_absolute_url())
    page, text = response.content.decode(), visible_text(response)
    assert title_and_h1(response) == ("Ann Lee | Dateline", "Ann Lee")
    assert "Covers science &lt;and&gt; space." in page
    assert 'alt="Ann Lee smiling"' in page and author.photo.file.url in page
    assert 'href="https://example.org/ann"' in page and "javascript:" not in page
    assert "Ann writes" in text and "Bob writes" not in text


def test_bylines_link_to_author_pages(client, publish):
    article = publish("Linked byline", authors=["Ann Lee"])
    assert 'href="/author/ann-lee/"' in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("url", "shown", "title"),
    [
        ("/2024/09/21/", ["Late on the 21st", "Noon on the 21st"], "September 21, 2024"),
        ("/2024/09/", ["Noon on the 21st", "On the 2nd"], "September 2024"),
        ("/2024/", ["On the 2nd", "In March"], "2024"),
    ],
)
def test_date_archives_list_the_articles_of_that_day_month_or_year(
    client, publish, settings, url, shown, title
):
    settings.TIME_ZONE = "Europe/Berlin"
    publish("Late on the 21st", at=at("2024-09-21", "21:30"))  # 23:30 in Berlin
    publish("Noon on the 21st", at=at("2024-09-21"))
    publish("Early on the 22nd", at=at("2024-09-21", "22:30"))  # 00:30 on the 22nd in Berlin
    publish("On the 2nd", at=at("2024-09-02"))
    publish("In March", at=at("2024-03-10"))
    publish("Last year", at=at("2023-12-31"))
    response = client.get(url)
    text = visible_text(response)
    everything = {"Late on the 21st", "Noon on the 21st", "Early on the 22nd", "On the 2nd"}
    everything |= {"In March", "Last year"}
    assert {h for h in everything if h in text} >= set(shown)
    assert "Last year" not in text
    if url == "/2024/09/21/":
        assert "Early on the 22nd" not in text
    assert title_and_h1(response) == (f"{title} | Dateline", title)
    assert head_links(response)["canonical"] == f"http://testserver{url}"


def test_year_and_month_archives_link_to_their_months_and_days(client, publish):
    publish("In September", at=at("2024-09-21"))
    publish("In March", at=at("2024-03-10"))
    year = client.get("/2024/").content.decode()
    assert 'href="/2024/03/"' in year and 'href="/2024/09/"' in year
    assert 'href="/2024/09/21/"' in client.get("/2024/09/").content.decode()


@pytest.mark.parametrize(
    "url", ["/2024/13/", "/2023/02/29/", "/2024/00/", "/2024/9/", "/24/", "/9999/12/31/"]
)
def test_impossible_dates_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_date_archives_do_not_shadow_article_permalinks(client, publish):
    article = publish("Permalink kept", at=at("2024-09-21"))
    assert article.get_absolute_url() == "/2024/09/21/permalink-kept/"
    assert "Permalink kept" in visible_text(client.get(article.get_absolute_url()))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/tag/{tag}/", "No articles on this topic yet."),
        ("/author/{author}/", "No articles by this author yet."),
        ("/1999/01/01/", "No articles were published then."),
        ("/section/{section}/", "No articles in this section yet."),
    ],
)
def test_empty_archives_say_so(client, db, url, message):
    tag = services.get_or_create_tag("Quiet")
    author = services.get_or_create_author("New Writer")
    section = services.get_or_create_section("Empty", slug="empty")
    url = url.format(tag=tag.slug, author=author.slug, section=section.slug)
    response = client.get(url)
    assert response.status_code == 200
    assert message in visible_text(response)


@pytest.mark.parametrize("url", ["/tag/nothing/", "/author/nobody/", "/section/nowhere/"])
def test_unknown_archives_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def five_pages(publish, monkeypatch):
    monkeypatch.setattr(archives, "PAGE_SIZE", 2)
    for n in range(9):
        publish(f"Story {n}", tags=["Long"], authors=["Ann Lee"], at=at("2024-09-21", f"1{n}:00"))


@pytest.mark.parametrize(
    "base", ["/tag/long/", "/author/ann-lee/", "/section/world/", "/2024/09/", "/2024/09/21/"]
)
def test_long_archives_are_paged_with_canonical_prev_and_next(client, five_pages, base):
    first = client.get(base)
    assert head_links(first) == {
        "canonical": f"http://testserver{base}",
        "next": f"http://testserver{base}?page=2",
    }
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get(f"{base}?page=2")
    title, _ = title_and_h1(second)
    assert "(page 2)" in title
    assert head_links(second) == {
        "canonical": f"http://testserver{base}?page=2",
        "prev": f"http://testserver{base}",
        "next": f"http://testserver{base}?page=3",
    }
    assert f'rel="prev" href="{base}"' in second.content.decode()
    assert "Page 2 of 5" in visible_text(second)
    last = client.get(f"{base}?page=5")
    assert "next" not in head_links(last) and "Story 0" in visible_text(last)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 50, "%00", ""])
def test_bad_page_numbers_give_a_normal_page(client, five_pages, page):
    response = client.get(f"/tag/long/?page={page}")
    assert response.status_code == 200
    canonical = head_links(response)["canonical"]
    assert canonical in ("http://testserver/tag/long/", "http://testserver/tag/long/?page=5")


def test_very_long_archives_stop_counting_and_point_to_the_dates(client, five_pages, monkeypatch):
    monkeypatch.setattr(archives, "MAX_PAGES", 3)
    first = visible_text(client.get("/tag/long/"))
    assert "Page 1 of 3" in first
    last = client.get("/tag/long/?page=3")
    assert "Older articles are in the archive by date" in visible_text(last)
    assert 'href="/2024/"' in last.content.decode()
    assert "Page 3 of 3" in visible_text(client.get("/tag/long/?page=4"))


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/tag/mars/", "tag:{tag}"),
        ("/author/ann-lee/", "author:{author}"),
        ("/section/world/", "section:{section}"),
        ("/2024/09/", "latest"),
    ],
)
def test_archive_pages_name_what_they_show_for_the_page_cache(
    client, publish, page_cache, url, key
):
    article = publish("Cached", tags=["Mars"], authors=["Ann Lee"], at=at("2024-09-21"))
    key = key.format(
        tag=article.tags.get().pk, author=article.authors.get().pk, section=article.section_id
    )
    keys = client.get(url)["Surrogate-Key"].split()
    assert key in keys and f"article:{article.pk}" in keys


def test_a_new_article_appears_on_cached_archive_pages(
    client, publish, page_cache, django_capture_on_commit_callbacks
):
    publish("First", tags=["Mars"], authors=["Ann Lee"], at=at("2024-09-21"))
    for url in ("/tag/mars/", "/author/ann-lee/", "/2024/09/"):
        client.get(url)
        assert client.get(url)[pagecache.STATUS_HEADER] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        publish("Second", tags=["Mars"], authors=["Ann Lee"], at=at("2024-09-22"))
    for url in ("/tag/mars/", "/author/ann-lee/", "/2024/09/"):
        assert "Second" in visible_text(client.get(url)), url

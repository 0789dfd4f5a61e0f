"""Most read: the reading beacon through HTTP, the counts it keeps, and the home page block."""

# The shared fixture imported below is a pytest argument, not a redefinition.
# ruff: noqa: F811

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from dateline.discovery import reads
from dateline.discovery.models import PageViewBucket
from dateline.discovery.selectors import most_read
from dateline.discovery.tests.test_related import BUDGET, FOOTBALL, VOLCANO, publish  # noqa: F401
from dateline.newsroom import services

ORIGIN = "http://testserver"
READER = "198.51.100.23"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # who was counted recently lives there
    yield
    cache.clear()


@pytest.fixture
def read(client):
    """Send the beacon as the article page's script does in a browser on this site."""

    def send(article, *, address=READER, headers=None):
        url = reverse("discovery:read", args=[article.pk])
        return client.post(url, headers=headers or {"Origin": ORIGIN}, REMOTE_ADDR=address)

    return send


def views(article) -> int:
    return sum(PageViewBucket.objects.filter(article=article).values_list("views", flat=True))


def most_read_block(response) -> str:
    page = response.content.decode()
    if 'id="most-read-heading"' not in page:
        return ""
    start = page.index('id="most-read-heading"')
    return page[start : page.index("</aside>", start)]


def test_a_view_counted_by_the_beacon_shows_in_most_read_on_the_home_page(client, publish, read):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    assert most_read_block(client.get("/")) == ""  # nothing read yet: no block

    response = read(story)

    assert response.status_code == 204
    assert views(story) == 1
    assert "Volcano in Iceland erupts again" in most_read_block(client.get("/"))


def test_sec_fetch_site_vouches_for_a_beacon_without_origin(publish, read):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    assert read(story, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 204
    assert views(story) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elsewhere.example"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {},
    ],
)
def test_beacons_from_other_sites_or_unknown_places_are_refused(publish, read, headers):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    response = read(story, headers=headers or {"X-Nothing": "1"})
    assert response.status_code == 403
    assert views(story) == 0


def test_the_beacon_takes_posts_only(client, publish):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    url = reverse("discovery:read", args=[story.pk])
    assert client.get(url, headers={"Origin": ORIGIN}).status_code == 405
    assert views(story) == 0


def test_unknown_and_unpublished_articles_are_not_counted(client, publish, read):
    draft = publish("A draft", BUDGET, publish=False)
    assert read(draft).status_code == 404
    assert not PageViewBucket.objects.exists()
    for article_id in (999999, 10**30):
        url = f"/read/{article_id}/"
        assert client.post(url, headers={"Origin": ORIGIN}).status_code == 404


def test_a_reader_counts_once_per_article_in_half_an_hour_and_others_count_too(
    publish, read, time_machine
):
    time_machine.move_to("2024-09-21 10:00:00+00:00", tick=False)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    other = publish("Budget passes", BUDGET)
    for _ in range(3):
        assert read(story).status_code == 204
    read(other)
    read(story, address="203.0.113.9")
    assert (views(story), views(other)) == (2, 1)

    time_machine.move_to("2024-09-21 10:31:00+00:00", tick=False)
    read(story)
    assert views(story) == 3


def test_a_flood_of_beacons_from_one_address_is_refused(publish, read, monkeypatch, time_machine):
    time_machine.move_to("2024-09-21 10:00:00+00:00", tick=False)  # one rate window
    monkeypatch.setattr(reads, "RATE_LIMIT", 3)
    stories = [publish(f"Story {n}", FOOTBALL) for n in range(5)]
    statuses = [read(story).status_code for story in stories]
    assert statuses == [204, 204, 204, 429, 429]
    assert read(stories[0], address="203.0.113.9").status_code == 204


def test_nothing_about_the_reader_is_kept(publish, read):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    address = "203.0.113.77"

    response = read(story, address=address)

    assert response.status_code == 204
    assert not response.cookies
    assert response["Cache-Control"].startswith("max-age=0")
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert address not in dump.getvalue()
    assert views(story) == 1
    keys = " ".join(str(key) for key in cache._cache)  # the local-memory cache's keys
    assert address not in keys


def test_most_read_counts_the_last_24_hours_most_first(publish, read, time_machine):
    time_machine.move_to("2024-09-20 08:00:00+00:00", tick=False)
    old_favourite = publish("Yesterday's favourite", VOLCANO, days_ago=2)
    first = publish("Most read today", BUDGET, days_ago=1)
    second = publish("Read twice", FOOTBALL, days_ago=1)
    third = publish("Read once, newest", FOOTBALL)
    for n in range(5):
        read(old_favourite, address=f"203.0.113.{n}")  # 26 hours before the ranking

    time_machine.move_to("2024-09-21 10:00:00+00:00", tick=False)
    for n in range(3):
        read(first, address=f"198.51.100.{n}")
    for n in range(2):
        read(second, address=f"198.51.100.{n}")
    read(third)

    ranking = most_read(hours=24, limit=5)
    assert [a.headline for a in ranking] == ["Most read today", "Read twice", "Read once, newest"]
    assert [a.views for a in ranking] == [3, 2, 1]
    assert [a.headline for a in most_read(hours=48, limit=1)] == ["Yesterday's favourite"]


def test_most_read_is_one_query_and_shows_published_articles_only(
    publish, read, django_assert_num_queries
):
    stories = [publish(f"Story {n}", FOOTBALL) for n in range(6)]
    for n, story in enumerate(stories):
        for reader in range(n + 1):
            read(story, address=f"203.0.113.{reader}")
    services.unpublish_article(stories[-1], by=None)

    with django_assert_num_queries(1):
        ranking = most_read(limit=5)
    assert [a.headline for a in ranking] == [f"Story {n}" for n in (4, 3, 2, 1, 0)]


def test_counts_older_than_two_days_are_pruned(publish, read, time_machine):
    time_machine.move_to("2024-09-18 09:30:00+00:00", tick=False)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    read(story)
    time_machine.move_to("2024-09-20 09:10:00+00:00", tick=False)
    read(story, address="203.0.113.1")
    assert PageViewBucket.objects.count() == 2  # 48 hours: kept

    time_machine.move_to("2024-09-20 10:05:00+00:00", tick=False)
    read(story, address="203.0.113.2")  # the hour's first view prunes

    hours = sorted(b.hour.hour for b in PageViewBucket.objects.all())
    assert hours == [9, 10]


def test_home_page_with_most_read_stays_within_its_query_budget(
    client, publish, read, django_assert_max_num_queries
):
    for n in range(8):
        story = publish(f"Story {n}", FOOTBALL, section=("world", "sport")[n % 2])
        read(story)
    client.get("/")  # warm what is cached once per process (site settings)
    # The lead story, Most read, the section fronts (two), their comment counts and the
    # navigation's sections.
    with django_assert_max_num_queries(6):
        response = client.get("/")
    assert most_read_block(response).count("<li>") == 5


def test_article_page_loads_the_beacon_script(client, publish):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    page = client.get(story.get_absolute_url()).content.decode()
    tag = re.search(r'<script src="([^"]+reading[^"]*\.js)" data-beacon="([^"]+)" defer>', page)
    assert tag is not None
    assert tag.group(2) == f"/read/{story.pk}/"
    script = client.get(tag.group(1))
    assert script.status_code == 200
    assert b"navigator.sendBeacon(url)" in b"".join(script.streaming_content)


def test_hours_are_counted_in_utc(publish):
    moment = dt.datetime(2024, 9, 21, 23, 45, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert reads.hour_of(moment) == dt.datetime(2024, 9, 21, 18, tzinfo=dt.UTC)

"""The page cache through HTTP: hits, precise purges, HTTP caching headers, coalescing,
stale-while-revalidate, sharing between processes (purge log, Redis) and bypasses."""

import datetime as dt
import gc
import gzip
import os
import pickle
import subprocess
import sys
import threading
import time

import pytest
from conftest import require
from django.test import Client
from django.utils import timezone

from dateline.core import pagecache
from dateline.core.tests.urls import Renders
from dateline.newsroom.models import Article, Section

SEED_URL = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"
REDIS_URL = "redis://127.0.0.1:6379/13"
STATE = pagecache.STATUS_HEADER


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_TTL = 60
    settings.PAGE_CACHE_STALE = 3600
    settings.PAGE_CACHE_PURGE_LOG = str(tmp_path / "pagecache-purges.log")
    pagecache.store.clear()
    yield settings
    pagecache.store.wait_for_refreshes()
    pagecache.store.clear()


@pytest.fixture
def slow_pages(page_cache):
    page_cache.ROOT_URLCONF = "dateline.core.tests.urls"
    Renders.reset()
    return page_cache


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Write as the newsroom does, running the after-commit purges."""

    def write(article: Article, **fields) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            for name, value in fields.items():
                setattr(article, name, value)
            article.save()
        return article

    return write


def new_article(section: Section, headline: str) -> Article:
    return Article(
        headline=headline,
        slug=headline.lower().replace(" ", "-"),
        body="<p>Body.</p>",
        section=section,
        status=Article.Status.DRAFT,
    )


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, seed_article, page_cache, django_assert_num_queries
):
    first = client.get(SEED_URL)
    assert first[STATE] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(SEED_URL)
    assert second.status_code == 200
    assert second[STATE] == "HIT"
    assert second.content == first.content
    assert client.head(SEED_URL)[STATE] == "HIT"


def test_cached_page_carries_http_caching_headers_and_nothing_per_reader(
    client, seed_article, page_cache
):
    client.get(SEED_URL)
    response = client.get(SEED_URL)
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=60" in control
    assert "stale-while-revalidate=3600" in control
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    keys = response["Surrogate-Key"].split()
    assert f"article:{seed_article.pk}" in keys
    assert {"latest", "sections", f"section:{seed_article.section_id}"} <= set(keys)
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies
    assert b"csrfmiddlewaretoken" not in response.content


def test_matching_etag_or_date_answers_304(client, seed_article, page_cache):
    first = client.get(SEED_URL)
    again = client.get(SEED_URL, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(SEED_URL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    changed = client.get(SEED_URL, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_publishing_purges_home_its_section_and_article_pages_not_other_sections(
    client, seed_article, page_cache, publish
):
    sport, world = Section.objects.get(slug="sport"), Section.objects.get(slug="world")
    pages = ["/", "/section/sport/", "/section/world/", SEED_URL]
    for url in pages:
        client.get(url)
    assert all(client.get(url)[STATE] == "HIT" for url in pages)
    article = new_article(sport, "Local team wins the cup")
    publish(article)  # a draft: nobody sees it, nothing is purged
    assert all(client.get(url)[STATE] == "HIT" for url in pages)

    publish(article, status=Article.Status.PUBLISHED, published_at=timezone.now())

    for url in ["/", "/section/sport/", SEED_URL]:  # the seed's Latest Articles list
        response = client.get(url)
        assert response[STATE] == "MISS", url
        assert "Local team wins the cup" in response.content.decode(), url
    assert client.get("/section/world/")[STATE] == "HIT"
    assert world.pk != sport.pk


def test_editing_a_headline_purges_every_list_showing_its_card(
    client, demo_content, page_cache, publish
):
    science = Section.objects.get(slug="science")
    shown = Article.objects.published().in_section(science).newest_first()[3]
    client.get("/section/science/")
    client.get("/section/sport/")

    publish(shown, headline="A corrected headline")

    science_page = client.get("/section/science/")
    assert science_page[STATE] == "MISS"
    assert "A corrected headline" in science_page.content.decode()
    assert client.get("/section/sport/")[STATE] == "HIT"


def test_unpublishing_takes_the_article_out_of_cached_pages(
    client, seed_article, page_cache, publish
):
    assert client.get(SEED_URL).status_code == 200
    assert seed_article.headline in client.get("/").content.decode()

    publish(seed_article, status=Article.Status.UNPUBLISHED)

    assert client.get(SEED_URL).status_code == 404
    assert seed_article.headline not in client.get("/").content.decode()


def test_approving_a_comment_purges_its_article_page_only(
    client, seed_article, page_cache, django_capture_on_commit_callbacks
):
    from dateline.comments.models import Comment

    other = Article.objects.published().exclude(pk=seed_article.pk).first()
    other_url = other.get_absolute_url()
    client.get(SEED_URL)
    client.get(other_url)
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.create(
            article=seed_article,
            body="A thoughtful remark about diplomacy.",
            author_name="Ada",
            author_email="ada@example.org",
        )
    assert client.get(SEED_URL)[STATE] == "HIT"  # held for moderation: not shown

    with django_capture_on_commit_callbacks(execute=True):
        comment.status = Comment.Status.APPROVED
        comment.save()

    page = client.get(SEED_URL)
    assert page[STATE] == "MISS"
    assert "A thoughtful remark about diplomacy." in page.content.decode()
    assert client.get(other_url)[STATE] == "HIT"


def test_staff_and_session_holders_bypass_the_cache(
    client, seed_article, page_cache, django_user_model
):
    client.get(SEED_URL)
    user = django_user_model.objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(user)
    response = client.get(SEED_URL)
    assert STATE not in response
    assert "private" in response["Cache-Control"]
    stranger = Client()
    stranger.cookies["sessionid"] = "made-up"
    assert STATE not in stranger.get(SEED_URL)


def test_a_stored_page_is_held_compressed_and_served_byte_for_byte(
    client, seed_article, page_cache
):
    rendered = client.get(SEED_URL)
    hit = client.get(SEED_URL)
    assert (rendered[STATE], hit[STATE]) == ("MISS", "HIT")
    assert hit.content == rendered.content
    entry = pagecache.store.get(pagecache.variant_of(hit.wsgi_request.META))
    stored = pickle.dumps(entry)  # what the cache holds, in memory or in Redis
    assert len(stored) < len(rendered.content) / 2
    assert pickle.loads(stored).body == rendered.content


BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


def test_readers_accepting_gzip_get_the_page_compressed_and_others_as_rendered(
    client, seed_article, page_cache
):
    plain = client.get(SEED_URL)
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    for state in ("HIT", "HIT"):  # from the store, then again (nothing decompressed)
        packed = client.get(SEED_URL, headers={"Accept-Encoding": BROWSER_ENCODINGS})
        assert (packed[STATE], packed["Content-Encoding"]) == (state, "gzip")
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 2
        assert packed["Content-Length"] == str(len(packed.content))
        assert packed["ETag"] == "W/" + plain["ETag"]
        assert "Accept-Encoding" in packed["Vary"]
    for refused in ("identity", "gzip;q=0, deflate", "br"):
        other = client.get(SEED_URL, headers={"Accept-Encoding": refused})
        assert "Content-Encoding" not in other, refused
        assert other.content == plain.content


def test_the_first_render_is_compressed_too_and_either_etag_revalidates(
    client, seed_article, page_cache
):
    first = client.get(SEED_URL, headers={"Accept-Encoding": "gzip"})
    assert (first[STATE], first["Content-Encoding"]) == ("MISS", "gzip")
    page = gzip.decompress(first.content)
    assert b"Leave a Reply" in page
    assert client.get(SEED_URL).content == page
    for accepts in ("gzip", ""):
        for etag in (first["ETag"], first["ETag"].removeprefix("W/")):
            again = client.get(
                SEED_URL, headers={"Accept-Encoding": accepts, "If-None-Match": etag}
            )
            assert again.status_code == 304
            assert again["ETag"] == ("W/" if accepts else "") + etag.removeprefix("W/")


def test_a_render_compares_the_readers_etag_as_weakly_as_a_stored_page(slow_pages):
    client = Client()
    packed = client.get("/same/", headers={"Accept-Encoding": "gzip"})
    assert (packed[STATE], packed["Content-Encoding"]) == ("MISS", "gzip")
    pagecache.store.clear()  # the next request renders the same page again
    strong = packed["ETag"].removeprefix("W/")
    again = client.get("/same/", headers={"Accept-Encoding": "gzip", "If-None-Match": strong})
    assert (again.status_code, again[STATE], again["ETag"]) == (304, "MISS", packed["ETag"])


def test_the_wsgi_front_door_sends_the_stored_gzip_and_leaves_tiny_pages_alone(
    seed_article, page_cache
):
    from dateline.wsgi import application

    _, _, plain = _wsgi_get(application, SEED_URL)
    status, headers, packed = _wsgi_get(
        application, SEED_URL, HTTP_ACCEPT_ENCODING=BROWSER_ENCODINGS
    )
    assert (status, headers[STATE], headers["Content-Encoding"]) == ("200 OK", "HIT", "gzip")
    assert gzip.decompress(packed) == plain
    assert headers["Content-Length"] == str(len(packed))
    head = _wsgi_get(application, SEED_URL, "HEAD", HTTP_ACCEPT_ENCODING="gzip")
    assert (head[1]["Content-Encoding"], head[1]["Content-Length"], head[2]) == (
        "gzip",
        str(len(packed)),
        b"",
    )
    # A redirect's empty body would only grow: it is sent as it is.
    moved = SEED_URL.rstrip("/")
    _wsgi_get(application, moved)
    status, headers, body = _wsgi_get(application, moved, HTTP_ACCEPT_ENCODING="gzip")
    assert (status, headers[STATE]) == ("301 Moved Permanently", "HIT")
    assert "Content-Encoding" not in headers


def test_query_strings_outside_the_allow_list_bypass_the_cache(client, demo_content, page_cache):
    client.get("/section/world/")
    assert client.get("/section/world/?utm_source=social")[STATE] == "HIT"
    assert client.get("/section/world/?page=2")[STATE] == "MISS"
    assert client.get("/section/world/?page=2")[STATE] == "HIT"
    assert STATE not in client.get("/section/world/?q=anything")
    assert STATE not in client.get("/newsroom/")


def test_only_page_numbers_as_the_site_writes_them_are_cached(client, demo_content, page_cache):
    # Each odd spelling would otherwise take an entry of its own, pushing real pages out.
    for odd in ("02", "2?q=1", "two", "", "99999"):
        response = client.get("/section/world/", {"page": odd})
        assert response.status_code == 200
        assert STATE not in response, odd
    assert client.get("/section/world/?page=2")[STATE] == "MISS"
    assert client.get("/section/world/?page=2")[STATE] == "HIT"


def test_concurrent_misses_render_once(slow_pages):
    Renders.reset(delay=0.5)
    results = []

    def fetch():
        results.append(Client().get("/slow/"))

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Renders.count == 1
    assert [r.status_code for r in results] == [200] * 8
    assert {r.content for r in results} == {b"<p>render 1</p>"}


def test_expired_page_is_served_stale_while_one_background_render_replaces_it(
    slow_pages, time_machine
):
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=True)
    client = Client()
    assert client.get("/slow/").content == b"<p>render 1</p>"
    Renders.delay = 0.3
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, 2, tzinfo=dt.UTC), tick=True)

    stale = [client.get("/slow/") for _ in range(5)]  # none of them waits for the render

    assert {r[STATE] for r in stale} == {"STALE"}
    assert {r.content for r in stale} == {b"<p>render 1</p>"}
    pagecache.store.wait_for_refreshes()
    assert Renders.count == 2
    fresh = client.get("/slow/")
    assert (fresh[STATE], fresh.content) == ("HIT", b"<p>render 2</p>")


def test_a_finished_background_render_leaves_nothing_behind(
    slow_pages, time_machine, transactional_db
):
    """A worker refreshes pages all day long: each refresh's thread must be let go."""
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=True)
    client = Client()
    client.get("/slow/")
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, 2, tzinfo=dt.UTC), tick=True)
    assert client.get("/slow/")[STATE] == "STALE"

    def refreshing() -> list:
        return [t for t in threading.enumerate() if t.name == "pagecache-refresh"]

    deadline = time.monotonic() + 10
    while refreshing() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not refreshing() and Renders.count == 2
    gc.collect()
    kept = [o for o in gc.get_objects() if type(o) is threading.Thread]  # no lazy objects
    assert not [t for t in kept if t.name == "pagecache-refresh"]


def test_purged_page_is_rendered_again_by_the_next_request(slow_pages):
    client = Client()
    client.get("/slow/")
    pagecache.purge(["slow"])
    response = client.get("/slow/")
    assert (response[STATE], response.content) == ("MISS", b"<p>render 2</p>")


def _purge_in_another_process(env: dict, keys: list[str]) -> None:
    code = (
        "import django, sys; django.setup(); from dateline.core import pagecache; "
        "pagecache.purge(sys.argv[1:])"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.test_settings",
        "DATELINE_PAGE_CACHE": "true",
        **env,
    }
    subprocess.run([sys.executable, "-c", code, *keys], env=environment, check=True, timeout=60)


def test_a_purge_in_another_worker_process_reaches_this_one(slow_pages, tmp_path):
    client = Client()
    client.get("/slow/")
    assert client.get("/slow/")[STATE] == "HIT"
    _purge_in_another_process({"DATELINE_VAR_DIR": str(tmp_path)}, ["slow"])
    assert client.get("/slow/")[STATE] == "MISS"


@pytest.fixture
def redis_pages(slow_pages):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        require(False, "Redis is not running on 127.0.0.1:6379")
    connection.flushdb()
    slow_pages.CACHES = {
        **slow_pages.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dateline:pages",
        },
    }
    yield connection
    connection.flushdb()


def test_pages_and_purges_are_shared_through_redis(redis_pages):
    client = Client()
    assert client.get("/slow/")[STATE] == "MISS"
    assert any(pagecache.ENTRY_PREFIX.encode() in key for key in redis_pages.keys("*"))
    assert client.get("/slow/")[STATE] == "HIT"
    _purge_in_another_process({"DATELINE_CACHE_URL": REDIS_URL}, ["slow"])
    response = client.get("/slow/")
    assert (response[STATE], response.content) == ("MISS", b"<p>render 2</p>")


def test_concurrent_misses_render_once_with_redis(redis_pages):
    Renders.reset(delay=0.5)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(Client().get("/slow/"))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Renders.count == 1
    assert {r.content for r in results} == {b"<p>render 1</p>"}


def test_post_is_never_cached(client, seed_article, page_cache):
    client.get(SEED_URL)
    response = client.post(SEED_URL, {}, headers={"Origin": "http://testserver"})
    assert STATE not in response


def _wsgi_get(application, path: str, method: str = "GET", **headers) -> tuple[str, dict, bytes]:
    import io

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As Django's test client does: the test's own database connection must survive.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_fresh_pages_are_sent_by_the_wsgi_front_door_before_django(
    seed_article, page_cache, django_assert_num_queries
):
    from dateline.wsgi import application

    status, headers, first = _wsgi_get(application, SEED_URL)
    assert (status, headers[STATE]) == ("200 OK", "MISS")
    with django_assert_num_queries(0):
        status, headers, again = _wsgi_get(application, SEED_URL)
    assert (status, headers[STATE], again) == ("200 OK", "HIT", first)
    assert headers["Content-Length"] == str(len(first))
    assert "s-maxage=60" in headers["Cache-Control"]
    assert _wsgi_get(application, SEED_URL, "HEAD")[2] == b""
    staff = _wsgi_get(application, SEED_URL, HTTP_COOKIE="sessionid=abc")[1]
    assert STATE not in staff


def test_a_cached_404_becomes_the_article_once_it_is_published(
    client, demo_content, page_cache, publish
):
    article = new_article(Section.objects.get(slug="world"), "Breaking news at noon")
    article.published_at = timezone.now()
    publish(article)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(url)[STATE] == "HIT"

    publish(article, status=Article.Status.PUBLISHED)

    assert client.get(url).status_code == 200


def test_a_long_purge_log_starts_afresh_and_nothing_stale_survives(slow_pages, monkeypatch):
    monkeypatch.setattr(pagecache, "PURGE_LOG_LIMIT", 200)
    client = Client()
    client.get("/slow/")
    for number in range(20):
        pagecache.purge([f"article:{number}"])
    log = slow_pages.PAGE_CACHE_PURGE_LOG
    assert os.path.getsize(log) < 200
    response = client.get("/slow/")
    assert (response[STATE], response.content) == ("MISS", b"<p>render 2</p>")

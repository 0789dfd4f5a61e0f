"""Pages read the script prefix, URLconf and zone once per request (core.requestlocals),
and still follow each request's own."""

import io
import re
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import set_script_prefix
from django.utils import timezone

from dateline.core import requestlocals

SEED_URL = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"


def wsgi_get(path: str, script_name: str = "") -> str:
    """The page as Django's WSGI handler serves it (the test client sets no script prefix)."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "SCRIPT_NAME": script_name,
        "QUERY_STRING": "", "SERVER_NAME": "testserver", "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
    }  # fmt: skip
    status = []
    # As Django's test client: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = WSGIHandler()(environ, lambda line, headers, exc_info=None: status.append(line))
        page = b"".join(body).decode()
        body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert status == ["200 OK"]
    return page


def article_links(page: str) -> set[str]:
    return set(re.findall(r'href="(/(?:news/)?\d{4}/\d\d/\d\d/[^"]+/)"', page))


@pytest.mark.django_db
def test_a_site_under_a_path_links_under_it_and_the_next_request_does_not(seed_article):
    under = wsgi_get(SEED_URL, script_name="/news")
    links = article_links(under)
    assert len(links) >= 8  # Related and Latest
    assert all(link.startswith("/news/") for link in links), links
    assert 'href="/news/section/world/"' in under

    plain = wsgi_get(SEED_URL)
    assert article_links(plain) == {link.removeprefix("/news") for link in links}
    assert "/news/" not in plain


@pytest.mark.django_db
def test_a_request_in_another_zone_shows_its_dates_and_the_next_one_does_not(
    client, seed_article, settings
):
    settings.TIME_ZONE = "Pacific/Honolulu"  # 2024-09-21 09:00 UTC: the 20th there
    page = client.get("/").content.decode()
    assert 'href="/2024/09/20/putin-us-russian-relations-have-reached-the-lowest-level/"' in page
    assert '<time datetime="2024-09-20T23:00:00-10:00">' in page
    settings.TIME_ZONE = "UTC"
    page = client.get("/").content.decode()
    assert f'href="{SEED_URL}"' in page
    assert '<time datetime="2024-09-21T09:00:00+00:00">' in page


def test_outside_a_request_django_is_asked_each_time():
    try:
        set_script_prefix("/elsewhere/")
        assert requestlocals.script_prefix_and_urlconf()[0] == "/elsewhere/"
        with timezone.override("Asia/Tokyo"):
            assert str(requestlocals.zone()) == "Asia/Tokyo"
            with requestlocals.request_scope():
                set_script_prefix("/")
                assert requestlocals.script_prefix_and_urlconf()[0] == "/elsewhere/"
                assert str(requestlocals.zone()) == "Asia/Tokyo"
            assert requestlocals.script_prefix_and_urlconf()[0] == "/"
        assert str(requestlocals.zone()) == str(timezone.get_current_timezone())
    finally:
        set_script_prefix("/")


def test_local_dates_are_djangos():
    import datetime as dt

    moment = dt.datetime(2024, 3, 31, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST, just after the change
    with timezone.override("Europe/Berlin"):
        assert requestlocals.localtime(moment) == timezone.localtime(moment)
        assert requestlocals.localdate(moment) == timezone.localdate(moment)
        assert requestlocals.template_localtime(moment) == timezone.template_localtime(moment)
        naive = moment.replace(tzinfo=None)
        assert requestlocals.template_localtime(naive) is naive
        with pytest.raises(ValueError):
            requestlocals.localtime(naive)

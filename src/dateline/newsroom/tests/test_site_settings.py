"""Administrators set the site's name, languages, time zone and weather place."""

import pytest
from django.core.exceptions import ValidationError

from dateline.newsroom import selectors, services
from dateline.newsroom.exceptions import NotAllowedError

URL = "/newsroom/newsroom/sitesettings/add/"


def test_administrator_sets_site_settings_through_the_back_office(
    client, administrator, settings, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    form = {"site_name": "The Harbour Times", "languages": ["en", "fr"],
            "time_zone": "Europe/Berlin", "weather_latitude": "53.55",
            "weather_longitude": "9.99"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, form).status_code == 302
    identity = selectors.site_settings()
    assert identity.site_name == "The Harbour Times" and identity.languages == ["en", "fr"]
    assert (identity.time_zone, identity.weather_latitude) == ("Europe/Berlin", 53.55)


def test_bad_time_zone_is_refused_with_a_message(client, administrator):
    client.force_login(administrator)
    form = {"site_name": "", "time_zone": "Mars/Olympus"}
    assert "is not a time zone name" in client.post(URL, form).content.decode()


def test_editors_cannot_change_site_settings(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    with pytest.raises(NotAllowedError):
        services.update_site_settings(by=editor, site_name="Mine now")


def test_without_settings_the_environment_applies(db, settings):
    settings.SITE_NAME = "From the environment"
    services.forget_site_settings()
    assert selectors.site_settings().site_name == "From the environment"


def test_languages_must_be_known_codes(administrator):
    with pytest.raises(ValidationError):
        services.update_site_settings(by=administrator, languages=["xx"])


def test_readers_see_the_name_and_time_zone_the_administrator_set(
    client, administrator, section, django_capture_on_commit_callbacks
):
    import datetime as dt

    from dateline.newsroom.models import Article

    late = dt.datetime(2024, 9, 21, 23, 30, tzinfo=dt.UTC)  # already the 22nd in Berlin
    Article.objects.create(
        headline="Late news", slug="late-news", section=section, body="<p>x</p>",
        status=Article.Status.PUBLISHED, published_at=late,
    )  # fmt: skip
    assert 'href="/2024/09/21/late-news/"' in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_site_settings(
            by=administrator, site_name="The Harbour Times", time_zone="Europe/Berlin"
        )
    page = client.get("/").content.decode()
    assert "<title>The Harbour Times: latest news</title>" in page
    assert 'href="/2024/09/22/late-news/"' in page
    assert client.get("/2024/09/22/late-news/").status_code == 200
    assert "The Harbour Times" in client.get("/feeds/rss/").content.decode()


def test_the_article_form_offers_the_enabled_languages_only(
    client, administrator, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_site_settings(by=administrator, languages=["en", "ar"])
    client.force_login(editor)
    page = client.get("/newsroom/newsroom/article/add/").content.decode()
    assert '<option value="ar">' in page and '<option value="en" selected>' in page
    assert '<option value="fr">' not in page

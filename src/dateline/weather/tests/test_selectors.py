"""The masthead's temperature: served from the cache, refreshed in the background."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from dateline.weather.client import Reading
from dateline.weather.selectors import current_reading, reading_key, refresh_reading
from dateline.weather.tests.conftest import join_refresh_threads, wait_until

START = dt.datetime(2024, 9, 21, 10, 0, tzinfo=dt.UTC)


def test_first_visit_shows_nothing_at_once_then_the_reading_appears(
    open_meteo_settings, fake_open_meteo
):
    # A long timeout and a provider that holds its answer: a page that waited on the
    # network would get the reading (or hang); one that does not gets None straight away.
    open_meteo_settings.WEATHER_TIMEOUT = 30.0
    fake_open_meteo.answer(block=True)

    assert current_reading() is None
    assert fake_open_meteo.answered == 0

    assert fake_open_meteo.wait_for_requests(1), "no background refresh asked the provider"
    assert fake_open_meteo.requests[0] == {
        "latitude": "52.52",
        "longitude": "13.41",
        "current": "temperature_2m",
        "temperature_unit": "celsius",
    }
    fake_open_meteo.release()

    assert wait_until(lambda: cache.get(reading_key())), "the refresh never filled the cache"
    assert current_reading() == Reading(24.4, "celsius")
    join_refresh_threads()
    assert len(fake_open_meteo.requests) == 1


def test_many_visits_while_the_provider_is_slow_ask_it_only_once(
    open_meteo_settings, fake_open_meteo
):
    open_meteo_settings.WEATHER_TIMEOUT = 30.0
    fake_open_meteo.answer(block=True)

    for _ in range(5):
        assert current_reading() is None
    assert fake_open_meteo.wait_for_requests(1)
    fake_open_meteo.release()
    assert wait_until(lambda: cache.get(reading_key()))
    join_refresh_threads()

    assert len(fake_open_meteo.requests) == 1


def test_fresh_reading_is_served_without_asking_the_provider_again(
    open_meteo_settings, fake_open_meteo
):
    assert refresh_reading() == Reading(24.4, "celsius")
    assert len(fake_open_meteo.requests) == 1

    for _ in range(3):
        assert current_reading() == Reading(24.4, "celsius")
    join_refresh_threads()

    assert len(fake_open_meteo.requests) == 1


def test_reading_is_refreshed_only_after_its_ttl(open_meteo_settings, fake_open_meteo):
    ttl = open_meteo_settings.WEATHER_TTL
    with time_machine.travel(START, tick=False) as traveller:
        refresh_reading()
        fake_open_meteo.answer(body={"current": {"temperature_2m": 19.0}})

        traveller.shift(ttl - 1)
        assert current_reading() == Reading(24.4, "celsius")
        join_refresh_threads()
        assert len(fake_open_meteo.requests) == 1  # still fresh: not asked again

        traveller.shift(2)
        assert current_reading() == Reading(24.4, "celsius")  # stale, shown meanwhile
        assert fake_open_meteo.wait_for_requests(2), "a stale reading was not refreshed"
        assert wait_until(lambda: current_reading() == Reading(19.0, "celsius"))


def test_failing_provider_leaves_the_last_known_reading_shown(open_meteo_settings, fake_open_meteo):
    ttl = open_meteo_settings.WEATHER_TTL
    with time_machine.travel(START, tick=False) as traveller:
        assert refresh_reading() == Reading(24.4, "celsius")
        fake_open_meteo.answer(status=500, body={"reason": "internal error"})

        traveller.shift(ttl + 1)
        assert current_reading() == Reading(24.4, "celsius")
        assert fake_open_meteo.wait_for_requests(2), "a stale reading was not refreshed"
        join_refresh_threads()
        # the provider did fail, not merely linger
        assert fake_open_meteo.wait_for_answers(2), "the provider never answered the refresh"

        assert current_reading() == Reading(24.4, "celsius")
        assert cache.get(reading_key())["temperature"] == 24.4


def test_failing_provider_is_not_asked_on_every_page(open_meteo_settings, fake_open_meteo):
    open_meteo_settings.WEATHER_TTL = 0
    refresh_reading()
    fake_open_meteo.answer(status=503)

    assert current_reading() == Reading(24.4, "celsius")
    assert fake_open_meteo.wait_for_requests(2)
    join_refresh_threads()
    for _ in range(5):
        assert current_reading() == Reading(24.4, "celsius")
    join_refresh_threads()

    assert len(fake_open_meteo.requests) == 2  # retries are spaced out, not one per page


def test_timeout_while_refreshing_leaves_the_last_known_reading(
    open_meteo_settings, fake_open_meteo
):
    open_meteo_settings.WEATHER_TTL = 0
    open_meteo_settings.WEATHER_TIMEOUT = 0.3
    refresh_reading()
    fake_open_meteo.answer(delay=2.0, body={"current": {"temperature_2m": 5.0}})

    assert refresh_reading() is None
    assert fake_open_meteo.answered == 1  # the slow answer never arrived in time
    assert current_reading() == Reading(24.4, "celsius")


def test_unreachable_provider_shows_nothing_and_does_not_raise(settings, closed_port_url):
    settings.WEATHER_PROVIDER = "open-meteo"
    settings.WEATHER_URL = closed_port_url
    settings.WEATHER_TIMEOUT = 0.5

    assert current_reading() is None
    join_refresh_threads()
    assert cache.get(reading_key()) is None
    assert current_reading() is None


def test_static_temperature_needs_no_network(settings, fake_open_meteo):
    settings.WEATHER_PROVIDER = "static:24.4"
    settings.WEATHER_URL = fake_open_meteo.url

    assert current_reading() == Reading(24.4, "celsius")
    join_refresh_threads()
    assert fake_open_meteo.requests == []


def test_static_temperature_is_in_the_configured_unit(settings, fake_open_meteo):
    settings.WEATHER_PROVIDER = "static:-4"
    settings.WEATHER_UNIT = "fahrenheit"
    settings.WEATHER_URL = fake_open_meteo.url

    reading = current_reading()
    assert reading == Reading(-4.0, "fahrenheit")
    assert reading.symbol == "°F"
    assert fake_open_meteo.requests == []


def test_weather_off_shows_nothing_and_asks_no_one(settings, fake_open_meteo):
    settings.WEATHER_PROVIDER = "off"
    settings.WEATHER_URL = fake_open_meteo.url
    cache.set(reading_key(), {"temperature": 24.4, "unit": "celsius", "fetched_at": 0}, 60)

    assert current_reading() is None
    join_refresh_threads()
    assert fake_open_meteo.requests == []


@pytest.mark.django_db
def test_home_page_renders_while_the_provider_hangs(client, open_meteo_settings, fake_open_meteo):
    open_meteo_settings.WEATHER_TIMEOUT = 30.0
    fake_open_meteo.answer(block=True)

    response = client.get("/")

    assert response.status_code == 200
    assert fake_open_meteo.wait_for_requests(1), "the page did not start a refresh"
    assert not fake_open_meteo.released.is_set()
    assert fake_open_meteo.answered == 0  # the page was served before the provider answered
    assert "°C" not in response.content.decode()

    fake_open_meteo.release()
    assert wait_until(lambda: cache.get(reading_key()))
    assert "24.4" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_place_set_in_the_back_office_is_the_one_asked(
    open_meteo_settings, fake_open_meteo, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from dateline.newsroom import roles, services

    administrator = get_user_model().objects.create_user("admin", is_staff=True)
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))

    with django_capture_on_commit_callbacks(execute=True):
        services.update_site_settings(
            by=administrator, weather_latitude=53.55, weather_longitude=9.99
        )
    assert refresh_reading() == Reading(24.4, "celsius")
    assert fake_open_meteo.requests[-1]["latitude"] == "53.55"
    assert fake_open_meteo.requests[-1]["longitude"] == "9.99"
    assert current_reading() == Reading(24.4, "celsius")  # cached for this place

"""The temperature readers see in the home page's masthead."""

import html
import re

import pytest

MASTHEAD_WEATHER = re.compile(r'<p class="masthead-weather">(.*?)</p>', re.S)


def masthead_weather(response) -> str:
    """The visible text of the masthead's weather, as a reader sees it."""
    assert response.status_code == 200
    match = MASTHEAD_WEATHER.search(response.content.decode())
    assert match, "the masthead has no weather slot"
    text = re.sub(r'<span class="visually-hidden">.*?</span>', "", match.group(1), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.mark.django_db
def test_masthead_shows_the_static_temperature(client, settings):
    settings.WEATHER_PROVIDER = "static:24.4"
    settings.WEATHER_UNIT = "celsius"

    response = client.get("/")

    assert masthead_weather(response) == "24.4 °C"
    assert "Current temperature:" in response.content.decode()  # for screen readers


@pytest.mark.django_db
def test_masthead_shows_fahrenheit_when_configured(client, settings):
    settings.WEATHER_PROVIDER = "static:75.9"
    settings.WEATHER_UNIT = "fahrenheit"

    assert masthead_weather(client.get("/")) == "75.9 °F"


@pytest.mark.django_db
def test_masthead_shows_no_temperature_when_weather_is_off(client, settings):
    settings.WEATHER_PROVIDER = "off"

    response = client.get("/")

    assert masthead_weather(response) == ""
    page = response.content.decode()
    assert "°C" not in page
    assert "Current temperature" not in page


@pytest.mark.django_db
def test_masthead_shows_the_temperature_fetched_from_open_meteo(
    client, open_meteo_settings, fake_open_meteo
):
    from dateline.weather.selectors import refresh_reading

    refresh_reading()

    assert masthead_weather(client.get("/")) == "24.4 °C"
    assert len(fake_open_meteo.requests) == 1

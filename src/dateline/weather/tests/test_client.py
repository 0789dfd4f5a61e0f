"""Open-Meteo's client against a real local server: good answers, and every way to fail."""

import contextlib
import time

import pytest

from dateline.weather.client import Reading, fetch_current_temperature
from dateline.weather.exceptions import WeatherError


def fetch(url: str, *, unit: str = "celsius", timeout: float = 2.0, **where) -> Reading:
    return fetch_current_temperature(
        url=url,
        latitude=where.get("latitude", 52.52),
        longitude=where.get("longitude", 13.41),
        unit=unit,
        timeout=timeout,
    )


def body_with(temperature) -> dict:
    return {"current": {"time": "2024-09-21T10:00", "interval": 900, "temperature_2m": temperature}}


def test_good_answer_gives_the_current_temperature_in_celsius(fake_open_meteo):
    reading = fetch(fake_open_meteo.url, latitude=48.85, longitude=2.35)

    assert reading == Reading(24.4, "celsius")
    assert reading.symbol == "°C"
    assert fake_open_meteo.paths == ["/v1/forecast"]
    assert fake_open_meteo.requests == [
        {
            "latitude": "48.85",
            "longitude": "2.35",
            "current": "temperature_2m",
            "temperature_unit": "celsius",
        }
    ]


def test_fahrenheit_is_asked_for_and_shown_in_fahrenheit(fake_open_meteo):
    reading = fetch(fake_open_meteo.url, unit="fahrenheit")

    assert reading == Reading(75.9, "fahrenheit")
    assert reading.symbol == "°F"
    assert fake_open_meteo.requests[0]["temperature_unit"] == "fahrenheit"


def test_an_integer_temperature_is_accepted(fake_open_meteo):
    fake_open_meteo.answer(body=body_with(-3))
    reading = fetch(fake_open_meteo.url)
    assert reading == Reading(-3.0, "celsius")
    assert isinstance(reading.temperature, float)


@pytest.mark.parametrize("status", [500, 503, 404, 301])
def test_provider_error_status_is_a_weather_error(fake_open_meteo, status):
    # The error body even carries a plausible temperature: only a 200 may be believed.
    fake_open_meteo.answer(status=status)
    with pytest.raises(WeatherError, match=str(status)):
        fetch(fake_open_meteo.url)
    assert len(fake_open_meteo.requests) == 1


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<html>Service Unavailable</html>", id="not-json"),
        pytest.param("", id="empty-body"),
        pytest.param({"latitude": 52.52, "longitude": 13.41}, id="json-without-current"),
        pytest.param([1, 2, 3], id="json-list"),
        pytest.param({"current": None}, id="current-null"),
        pytest.param({"current": {"time": "2024-09-21T10:00"}}, id="no-temperature"),
        pytest.param(body_with("24.4"), id="temperature-as-string"),
        pytest.param(body_with(None), id="temperature-null"),
        pytest.param(body_with(True), id="temperature-bool"),
        pytest.param(body_with([24.4]), id="temperature-list"),
        pytest.param('{"current": {"temperature_2m": NaN}}', id="temperature-NaN"),
        pytest.param('{"current": {"temperature_2m": Infinity}}', id="temperature-Infinity"),
        pytest.param(body_with(999), id="implausible-999"),
        pytest.param(body_with(-273.15), id="implausible-absolute-zero"),
    ],
)
def test_malformed_answer_is_a_weather_error(fake_open_meteo, body):
    fake_open_meteo.answer(body=body)
    with pytest.raises(WeatherError):
        fetch(fake_open_meteo.url)
    assert len(fake_open_meteo.requests) == 1


@pytest.mark.parametrize(
    ("unit", "temperature"),
    [("celsius", 65.0), ("celsius", -95.0), ("fahrenheit", 100.0), ("fahrenheit", -40.0)],
)
def test_extreme_but_plausible_temperatures_are_believed(fake_open_meteo, unit, temperature):
    fake_open_meteo.answer(body=body_with(temperature))
    assert fetch(fake_open_meteo.url, unit=unit) == Reading(temperature, unit)


def test_100_degrees_is_plausible_in_fahrenheit_but_not_in_celsius(fake_open_meteo):
    fake_open_meteo.answer(body=body_with(100))
    assert fetch(fake_open_meteo.url, unit="fahrenheit").temperature == 100.0
    with pytest.raises(WeatherError, match="implausible"):
        fetch(fake_open_meteo.url, unit="celsius")


def test_answer_slower_than_the_timeout_is_a_weather_error(fake_open_meteo):
    fake_open_meteo.answer(delay=2.0)
    with pytest.raises(WeatherError, match="no answer"):
        fetch(fake_open_meteo.url, timeout=0.3)
    assert len(fake_open_meteo.requests) == 1  # it was asked, and did not answer in time
    assert fake_open_meteo.answered == 0


def test_answer_within_the_timeout_is_accepted(fake_open_meteo):
    fake_open_meteo.answer(delay=0.1)
    assert fetch(fake_open_meteo.url, timeout=2.0) == Reading(24.4, "celsius")


def test_refused_connection_is_a_weather_error(closed_port_url):
    with pytest.raises(WeatherError, match="no answer"):
        fetch(closed_port_url, timeout=1.0)


def test_absurdly_large_integer_temperature_is_a_weather_error(fake_open_meteo):
    fake_open_meteo.answer(body='{"current": {"temperature_2m": 1' + "0" * 400 + "}}")
    with pytest.raises(WeatherError):
        fetch(fake_open_meteo.url)


def test_answer_trickling_in_past_the_timeout_is_a_weather_error(fake_open_meteo):
    # Every byte comes well within the 0.3 s timeout, the whole answer takes ~2 s.
    fake_open_meteo.answer(body=body_with(24.4), trickle=0.03)
    started = time.monotonic()
    with contextlib.suppress(WeatherError):
        fetch(fake_open_meteo.url, timeout=0.3)
    assert time.monotonic() - started < 1.0, "the timeout did not bound the whole answer"

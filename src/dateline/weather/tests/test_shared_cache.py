"""Several processes share the reading through Redis: one refresh serves every worker."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require
from django.core.cache import cache

from dateline.weather.client import Reading
from dateline.weather.selectors import READING_KEY, current_reading, reading_key, refresh_reading
from dateline.weather.tests.conftest import join_refresh_threads, open_meteo_body

REDIS_URL = "redis://127.0.0.1:6379/15"
KEY_PREFIX = "dateline-weather-test"
SRC = Path(__file__).resolve().parents[3]


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis db 15, emptied before and after the test."""
    require(redis_reachable(), "Redis is not listening on 127.0.0.1:6379")
    import redis

    db = redis.Redis.from_url(REDIS_URL)
    db.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield db
    join_refresh_threads()
    db.flushdb()
    db.close()


def refresh_in_another_process(fake_url: str) -> dict:
    """Run refresh_reading() in a separate Python process configured like a web worker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.test_settings",
        "DATELINE_CACHE_URL": REDIS_URL,
        "DATELINE_CACHE_PREFIX": KEY_PREFIX,
        "DATELINE_WEATHER": "open-meteo",
        "DATELINE_WEATHER_URL": fake_url,
        "DATELINE_WEATHER_TIMEOUT": "2",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    code = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from dateline.weather.selectors import refresh_reading\n"
        "r = refresh_reading()\n"
        "print(json.dumps({'backend': settings.CACHES['default']['BACKEND'],"
        " 'reading': r and [r.temperature, r.unit]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reading_refreshed_by_another_process_is_served_from_redis(
    redis_cache, open_meteo_settings, fake_open_meteo
):
    fake_open_meteo.answer(body=open_meteo_body({}, celsius=17.5))
    other = refresh_in_another_process(fake_open_meteo.url)
    assert other == {
        "backend": "django.core.cache.backends.redis.RedisCache",
        "reading": [17.5, "celsius"],
    }
    assert len(fake_open_meteo.requests) == 1

    assert current_reading() == Reading(17.5, "celsius")
    join_refresh_threads()
    assert len(fake_open_meteo.requests) == 1  # served from Redis, provider not asked again


def test_reading_refreshed_here_is_stored_in_redis(
    redis_cache, open_meteo_settings, fake_open_meteo
):
    fake_open_meteo.answer(body=open_meteo_body({}, celsius=-2.5))
    assert refresh_reading() == Reading(-2.5, "celsius")

    stored = redis_cache.keys(f"{KEY_PREFIX}:*{READING_KEY}:*")
    assert len(stored) == 1, redis_cache.keys("*")
    assert cache.get(reading_key())["temperature"] == -2.5
    assert current_reading() == Reading(-2.5, "celsius")
    join_refresh_threads()
    assert len(fake_open_meteo.requests) == 1


def test_redis_outage_shows_no_temperature_but_the_page_works(
    settings, db, client, fake_open_meteo
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/15",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.WEATHER_PROVIDER = "open-meteo"
    settings.WEATHER_URL = fake_open_meteo.url

    assert current_reading() is None
    response = client.get("/")
    assert response.status_code == 200
    assert "°C" not in response.content.decode()

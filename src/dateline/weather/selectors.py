"""The masthead's temperature: cached, refreshed in the background, never in the way.

A page asks `current_reading()`. It answers from the cache at once: the fresh value, or
the last known one while a background thread asks the provider, or None. The provider's
slowness or failure therefore never delays nor breaks a page.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

from dateline.newsroom.selectors import site_settings
from dateline.weather.client import Reading, fetch_current_temperature
from dateline.weather.exceptions import WeatherError

logger = logging.getLogger(__name__)

READING_KEY = "weather:reading"  # per place: see _place()
REFRESH_LOCK_KEY = "weather:refreshing"
LAST_KNOWN_FOR = 24 * 3600  # show a stale value for a day rather than nothing
RETRY_AFTER = 30  # seconds between attempts while the provider fails


def current_reading() -> Reading | None:
    """The temperature to show now, or None. Never waits on the network."""
    provider = settings.WEATHER_PROVIDER
    if provider == "off":
        return None
    if provider.startswith("static:"):
        return Reading(float(provider.removeprefix("static:")), settings.WEATHER_UNIT)
    try:
        place = _place()
        cached = cache.get(reading_key(place))
        if not cached or time.time() - cached["fetched_at"] > settings.WEATHER_TTL:
            _refresh_in_background(place)
    except Exception:  # a cache outage (Redis down) must not break the page
        logger.warning("weather cache unavailable", exc_info=True)
        return None
    return Reading(cached["temperature"], cached["unit"]) if cached else None


def refresh_reading(place: tuple[float, float] | None = None) -> Reading | None:
    """Ask the provider now and cache the answer; on failure keep the last known value.

    `place` is (latitude, longitude), by default the site's."""
    latitude, longitude = place = place or _place()
    try:
        reading = fetch_current_temperature(
            url=settings.WEATHER_URL,
            latitude=latitude,
            longitude=longitude,
            unit=settings.WEATHER_UNIT,
            timeout=settings.WEATHER_TIMEOUT,
        )
    except WeatherError as exc:
        logger.warning("weather provider failed: %s", exc)
        return None
    cache.set(
        reading_key(place),
        {"temperature": reading.temperature, "unit": reading.unit, "fetched_at": time.time()},
        LAST_KNOWN_FOR,
    )
    cache.delete(REFRESH_LOCK_KEY)
    return reading


def _place() -> tuple[float, float]:
    """The site's weather location: the back office's site settings, else the environment."""
    try:
        identity = site_settings()
    except Exception:  # no database at hand (a bare process, an outage): the environment's
        logger.warning("site settings unavailable; weather place from the environment")
        return settings.WEATHER_LATITUDE, settings.WEATHER_LONGITUDE
    return identity.weather_latitude, identity.weather_longitude


def reading_key(place: tuple[float, float] | None = None) -> str:
    """The cache key of the reading for `place` (default: the site's).

    A moved location starts from no reading rather than showing the old place's."""
    latitude, longitude = place or _place()
    return f"{READING_KEY}:{latitude:.4f},{longitude:.4f}"


def _refresh_in_background(place: tuple[float, float]) -> threading.Thread | None:
    # One refresh at a time across all workers sharing the cache; a failed one
    # leaves the lock to expire, which spaces out retries.
    if not cache.add(REFRESH_LOCK_KEY, 1, RETRY_AFTER):
        return None
    thread = threading.Thread(
        target=refresh_reading, args=(place,), name="weather-refresh", daemon=True
    )
    thread.start()
    return thread

"""Open-Meteo's forecast API, the default weather provider (no API key needed)."""

import json
import math
import time
from dataclasses import dataclass

import httpx

from dateline.core.http import client
from dateline.weather.exceptions import WeatherError

UNIT_SYMBOLS = {"celsius": "°C", "fahrenheit": "°F"}
MAX_BODY = 64 * 1024
PLAUSIBLE = {"celsius": (-95.0, 65.0), "fahrenheit": (-140.0, 150.0)}


@dataclass(frozen=True)
class Reading:
    temperature: float
    unit: str  # "celsius" or "fahrenheit"

    @property
    def symbol(self) -> str:
        return UNIT_SYMBOLS[self.unit]


def fetch_current_temperature(
    *, url: str, latitude: float, longitude: float, unit: str, timeout: float
) -> Reading:
    """Ask Open-Meteo for the current 2 m temperature; raise WeatherError on any failure."""
    params = {
        "latitude": latitude,
        "longitude": longitude,
        "current": "temperature_2m",
        "temperature_unit": unit,
    }
    deadline = time.monotonic() + timeout
    try:
        with client(timeout=timeout) as http, http.stream("GET", url, params=params) as response:
            if response.status_code != 200:
                raise WeatherError(f"{url} answered HTTP {response.status_code}")
            body = _read_within(response, deadline)
    except httpx.HTTPError as exc:
        raise WeatherError(f"no answer from {url}: {exc!r}") from exc
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise WeatherError(f"{url} answered with a body that is not JSON") from exc
    return Reading(parse_temperature(payload, unit=unit), unit)


def _read_within(response: httpx.Response, deadline: float) -> bytes:
    # httpx times out each read, not the whole answer: a provider trickling bytes
    # must not keep a refresh thread alive, nor send an unbounded body.
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if time.monotonic() > deadline:
            raise WeatherError("the answer took longer than the timeout")
        if len(body) > MAX_BODY:
            raise WeatherError("the answer is larger than any weather report")
    return bytes(body)


def parse_temperature(payload: object, *, unit: str) -> float:
    """The temperature in an Open-Meteo answer, checked for type and plausibility."""
    current = payload.get("current") if isinstance(payload, dict) else None
    value = current.get("temperature_2m") if isinstance(current, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WeatherError(f"no numeric current.temperature_2m in the answer: {payload!r:.200}")
    try:
        value = float(value)
    except OverflowError:
        raise WeatherError("temperature out of any range") from None
    if not math.isfinite(value):
        raise WeatherError(f"temperature is not a finite number: {value}")
    low, high = PLAUSIBLE[unit]
    if not low <= value <= high:
        raise WeatherError(f"implausible temperature {value} {unit}")
    return float(value)

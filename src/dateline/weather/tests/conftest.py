"""A real local HTTP server that answers as Open-Meteo's forecast API does.

No HTTP mocks: the weather code talks to this server over a socket on 127.0.0.1, so
timeouts, refused connections and bad bodies are the real thing. Each test scripts
the server's next answers (`fake_open_meteo.answer(...)`) and reads back what it was
asked (`fake_open_meteo.requests`).
"""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

CELSIUS = 24.4
BLOCK_AT_MOST = 10.0  # a blocked answer is sent anyway after this long, so a test never hangs


def open_meteo_body(query: dict[str, str], celsius: float = CELSIUS) -> dict:
    """The body Open-Meteo sends for `current=temperature_2m`, in the unit asked for."""
    fahrenheit = query.get("temperature_unit") == "fahrenheit"
    return {
        "latitude": float(query.get("latitude", 52.52)),
        "longitude": float(query.get("longitude", 13.41)),
        "generationtime_ms": 0.02,
        "utc_offset_seconds": 0,
        "timezone": "GMT",
        "timezone_abbreviation": "GMT",
        "elevation": 38.0,
        "current_units": {
            "time": "iso8601",
            "interval": "seconds",
            "temperature_2m": "°F" if fahrenheit else "°C",
        },
        "current": {
            "time": "2024-09-21T10:00",
            "interval": 900,
            "temperature_2m": round(celsius * 9 / 5 + 32, 1) if fahrenheit else celsius,
        },
    }


@dataclass
class Script:
    status: int = 200
    body: object = None  # None: Open-Meteo's answer; dict/list: JSON; str/bytes: sent as is
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0
    block: bool = False  # hold the answer until `release()` (or BLOCK_AT_MOST seconds)
    trickle: float = 0.0  # send the body one byte at a time, this many seconds apart


@dataclass
class FakeOpenMeteo:
    url: str
    script: Script = field(default_factory=Script)
    requests: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    answered: int = 0
    released: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    stopping: threading.Event = field(default_factory=threading.Event)

    def answer(self, **kwargs) -> None:
        """How the server answers from now on (see Script)."""
        self.script = Script(**kwargs)
        self.released.clear()

    def release(self) -> None:
        """Let blocked answers go."""
        self.released.set()

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Wait (bounded) until the server has received `count` requests."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def wait_for_answers(self, count: int, timeout: float = 5.0) -> bool:
        """Wait (bounded) until the server has finished `count` answers.

        The client can read an answer before the server's thread counts it.
        """
        with self.arrived:
            return self.arrived.wait_for(lambda: self.answered >= count, timeout)


def _handler(fake: FakeOpenMeteo) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            script = fake.script
            with fake.arrived:
                fake.requests.append(query)
                fake.paths.append(parts.path)
                fake.arrived.notify_all()
            if script.block:
                fake.released.wait(BLOCK_AT_MOST)
            if script.delay:
                fake.stopping.wait(script.delay)
            body = open_meteo_body(query) if script.body is None else script.body
            if isinstance(body, str):
                data = body.encode()
            elif isinstance(body, bytes):
                data = body
            else:
                data = json.dumps(body).encode()
            try:
                self.send_response(script.status)
                self.send_header("Content-Type", script.content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if script.trickle:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        if fake.stopping.wait(script.trickle):
                            return
                else:
                    self.wfile.write(data)
            except OSError:  # the client gave up (timeout): nothing to answer to
                return
            finally:
                with fake.arrived:
                    fake.answered += 1
                    fake.arrived.notify_all()

        def log_message(self, format, *args) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def fake_open_meteo():
    """A real HTTP server on 127.0.0.1 answering as https://api.open-meteo.com/v1/forecast."""
    fake = FakeOpenMeteo(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1/forecast"
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="fake-open-meteo",
        daemon=True,
    )
    thread.start()
    yield fake
    fake.stopping.set()
    fake.release()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/forecast"


def wait_until(predicate, timeout: float = 5.0, step: float = 0.01) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def join_refresh_threads(timeout: float = 5.0) -> None:
    """Wait (bounded) for background weather refreshes to finish."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name == "weather-refresh":
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture(autouse=True)
def clean_weather_cache(settings, closed_port_url):
    """Every test starts and ends with an empty cache and no refresh in flight.

    The provider's URL points at a closed port unless a test says otherwise, so no test
    can ever reach the real Open-Meteo.
    """
    from django.core.cache import caches

    settings.WEATHER_URL = closed_port_url
    default = caches["default"]  # the test settings' cache, before a test swaps CACHES
    default.clear()
    yield
    join_refresh_threads()
    default.clear()


@pytest.fixture
def open_meteo_settings(settings, fake_open_meteo):
    """The site configured to ask the fake Open-Meteo, with a short timeout."""
    settings.WEATHER_PROVIDER = "open-meteo"
    settings.WEATHER_URL = fake_open_meteo.url
    settings.WEATHER_UNIT = "celsius"
    settings.WEATHER_LATITUDE = 52.52
    settings.WEATHER_LONGITUDE = 13.41
    settings.WEATHER_TIMEOUT = 1.0
    return settings

"""Browser fixtures: the real `dateline serve` in a subprocess, and Debian's chromium.

The server is the one a site owner runs (migrate, collectstatic, demo content, granian),
with its own SQLite file and var directory under pytest's temporary directory, so these
tests never touch the suite's test database (SQLite or PostgreSQL).
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SERVER_START_TIMEOUT = 60  # seconds: migrate + collectstatic + demo content + granian
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no output)"
    return text[-limit:] or "(empty)"


def _stop(process: subprocess.Popen) -> None:
    """Stop the server's whole process group (granian and its workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    # Whatever of the group is still there (a worker slow to stop) goes now.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory) -> str:
    """The base URL ("http://127.0.0.1:<port>") of a real `dateline serve`."""
    base = tmp_path_factory.mktemp("browser-server")
    var_dir = base / "var"
    var_dir.mkdir()
    port = _free_port()
    dateline = Path(sys.executable).parent / "dateline"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATELINE_SECRET_KEY=secrets.token_urlsafe(50),
        DATELINE_VAR_DIR=str(var_dir),
        DATELINE_WEATHER="static:24.4",
        DATELINE_DATABASE_URL=f"sqlite:///{base / 'browser.sqlite3'}",
        DATELINE_TIME_ZONE="UTC",
        DATELINE_WORKER_SWEEP_SECONDS="1",  # scheduled articles go live within a second
    )
    stdout_path, stderr_path = base / "server.stdout", base / "server.stderr"
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [str(dateline), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=base,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"`dateline serve` exited with status {process.returncode} before "
                    f"answering.\nstderr:\n{_tail(stderr_path)}\nstdout:\n{_tail(stdout_path)}"
                )
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"`dateline serve` did not answer 200 on {url}/ within "
                    f"{SERVER_START_TIMEOUT} s.\nstderr:\n{_tail(stderr_path)}\n"
                    f"stdout:\n{_tail(stdout_path)}"
                )
            time.sleep(0.25)
        yield url
    finally:
        _stop(process)


@pytest.fixture
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def browser(playwright_instance, chromium_path):
    """Debian's chromium, headless, driven by Playwright (never `playwright install`)."""
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()

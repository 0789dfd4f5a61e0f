"""Most read and Related Articles end to end: `dateline serve` (demo content, the worker,
the page cache) and Chromium running the page's own beacon script under the site's CSP."""

import os
import secrets
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tests.browser.conftest import CHROMIUM_ARGS, _free_port, _stop, _tail

pytestmark = pytest.mark.browser

SEED_PATH = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"
START_TIMEOUT = 90
WORK_TIMEOUT = 60  # the worker's first tasks: the demo's Related lists


def _wait_for(check, *, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    pytest.fail(message)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
        return response.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`dateline serve` with its own SQLite file; yields (base URL, database path)."""
    base = tmp_path_factory.mktemp("most-read-server")
    database = base / "site.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.pop("DATELINE_TEST_DATABASE_URL", None)
    env.update(
        DATELINE_SECRET_KEY=secrets.token_urlsafe(50),
        DATELINE_VAR_DIR=str(base / "var"),
        DATELINE_WEATHER="static:24.4",
        DATELINE_DATABASE_URL=f"sqlite:///{database}",
        DATELINE_TIME_ZONE="UTC",
    )
    port = _free_port()
    dateline = Path(sys.executable).parent / "dateline"
    command = [str(dateline), "serve", "--host", "127.0.0.1", "--port", str(port)]
    stderr_path = base / "server.stderr"
    with open(base / "server.stdout", "wb") as stdout, open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [*command, "--workers", "1"], env=env, cwd=base, stdin=subprocess.DEVNULL,
            stdout=stdout, stderr=stderr, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"`dateline serve` exited early:\n{_tail(stderr_path)}")
        try:
            return bool(_get(url + "/robots.txt"))
        except (urllib.error.URLError, OSError):
            return False

    try:
        _wait_for(answers, timeout=START_TIMEOUT, message=f"no answer:\n{_tail(stderr_path)}")
        yield url, database
    finally:
        _stop(process)


def _query(database: Path, sql: str, *params):
    with sqlite3.connect(database, timeout=5) as connection:
        return connection.execute(sql, params).fetchone()


def test_demo_lists_are_computed_by_the_worker_and_a_read_is_counted(server, chromium_path):
    from playwright.sync_api import sync_playwright

    base, database = server
    _wait_for(
        lambda: _query(database, "SELECT COUNT(*) FROM discovery_relatedlink")[0] > 0,
        timeout=WORK_TIMEOUT,
        message="the worker stored no Related lists for the demo content",
    )
    seed_id = _query(
        database, "SELECT id FROM newsroom_article WHERE external_id = 'seed-putin-us-russia'"
    )[0]
    views = "SELECT COALESCE(SUM(views), 0) FROM discovery_pageviewbucket WHERE article_id = ?"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base + SEED_PATH)
            related = page.locator("section.related").inner_text()
            _wait_for(
                lambda: _query(database, views, seed_id)[0] == 1,
                timeout=10,
                message="the beacon did not count the view",
            )
            page.reload()  # the same reader again, within half an hour
            page.wait_for_timeout(1000)
        finally:
            browser.close()

    assert errors == []  # no CSP refusal, no script error
    assert "World leaders react to death of Osama bin Laden" in related
    assert _query(database, views, seed_id)[0] == 1
    home = _get(base + "/")
    most_read = home[home.index('id="most-read-heading"') :]
    assert "Putin: US-Russian relations have reached the lowest level" in most_read
    assert _query(database, "SELECT COUNT(*) FROM discovery_pageviewbucket")[0] == 1

"""Comments in Chromium against the real `dateline serve`: post, reply, moderate, approve.

The comment tests run their own server (`comments_server`), so the defaults that protect
a real site (a few seconds before a form may be sent, ten comments per address in ten
minutes, every reader here being 127.0.0.1) do not get in the way of the test, and the
comments they store stay out of the other browser tests' pages. It runs with 32 request
threads: granian holds a thread per open keep-alive connection, and three browser
contexts keep more connections open than the default four threads.
"""

import contextlib
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tests.browser.conftest import _free_port, _stop, _tail

pytestmark = pytest.mark.browser

SEED_PATH = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"
START_TIMEOUT = 90
RELAXED = {
    "DATELINE_COMMENTS_MIN_SECONDS": "1",
    "DATELINE_COMMENTS_RATE_PER_IP": "100000",
    "DATELINE_COMMENTS_RATE_PER_EMAIL": "100000",
}


@contextlib.contextmanager
def dateline_server(
    base: Path, *, database_url: str | None = None, workers: int = 1, threads: int = 32, **env
):
    """Run `dateline serve` with its own var directory; yield (base URL, var directory)."""
    var_dir = base / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        DATELINE_SECRET_KEY=secrets.token_urlsafe(50),
        DATELINE_VAR_DIR=str(var_dir),
        DATELINE_WEATHER="static:24.4",
        DATELINE_DATABASE_URL=database_url or f"sqlite:///{base / 'comments.sqlite3'}",
        DATELINE_TIME_ZONE="UTC",
    )
    environment.update({**RELAXED, **env})
    environment.pop("DATELINE_TEST_DATABASE_URL", None)
    dateline = Path(sys.executable).parent / "dateline"
    stdout_path, stderr_path = base / "server.stdout", base / "server.stderr"
    command = [
        str(dateline), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--threads", str(threads),
    ]  # fmt: skip
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            command, env=environment, cwd=base, stdin=subprocess.DEVNULL,
            stdout=stdout, stderr=stderr, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"`dateline serve` exited early:\n{_tail(stderr_path)}")
            try:
                with urllib.request.urlopen(url + SEED_PATH, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"`dateline serve` did not answer in time:\n{_tail(stderr_path)}")
            time.sleep(0.25)
        yield url, var_dir
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def comments_server(tmp_path_factory):
    with dateline_server(tmp_path_factory.mktemp("comments-server")) as server:
        yield server


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def collect_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def write_comment(page, text: str, *, name="Ann Reader", email="ann@example.org", remember=False):
    page.locator("#id_comment").fill(text)
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    if remember:
        page.locator("#id_remember").check()
    page.wait_for_timeout(1100)  # DATELINE_COMMENTS_MIN_SECONDS=1 on this server
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()


def log_in_to_back_office(page, base: str, var_dir: Path) -> None:
    username, password = (var_dir / "demo-login.txt").read_text().split()[:2]
    page.goto(base + "/newsroom/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("input[type=submit], button[type=submit]").first.click()


def approve_in_back_office(page, base: str, text: str) -> None:
    page.goto(base + "/newsroom/comments/comment/")
    row = page.locator("#result_list tr", has_text=text)
    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("approve")
    with page.expect_navigation():
        page.locator("button[name=index], button[type=submit]", has_text="Go").first.click()
    assert "approved." in page.locator(".messagelist").inner_text()


def test_post_reply_moderate_and_approve(comments_server, browser):
    base, var_dir = comments_server
    reader = browser.new_context()
    other = browser.new_context()
    editor = browser.new_context()
    try:
        page = reader.new_page()
        errors = collect_errors(page)
        page.goto(base + SEED_PATH)
        write_comment(page, "A first comment from the browser.", remember=True)
        # The author sees their comment awaiting moderation, at its permalink.
        assert "?comment=" in page.url and "#comment-" in page.url
        mine = page.locator("article.comment-own")
        assert "Your comment is awaiting moderation." in mine.inner_text()
        assert "A first comment from the browser." in mine.inner_text()
        # Another reader does not see it.
        stranger = other.new_page()
        stranger.goto(base + SEED_PATH)
        assert "A first comment from the browser." not in stranger.inner_text("body")

        moderator = editor.new_page()
        log_in_to_back_office(moderator, base, var_dir)
        approve_in_back_office(moderator, base, "A first comment from the browser.")

        stranger.goto(base + SEED_PATH)
        assert "A first comment from the browser." in stranger.inner_text("body")
        assert "1 Comment" in stranger.inner_text("#comments")

        # The reader comes back: the form remembers them (they consented), and Reply
        # moves the form under the comment.
        page.goto(base + SEED_PATH)
        assert page.locator("#id_name").input_value() == "Ann Reader"
        assert page.locator("#id_email").input_value() == "ann@example.org"
        assert page.locator("#id_remember").is_checked()
        page.locator("a[data-reply-to]").first.click()
        assert page.locator("article.comment + #respond").count() == 1
        assert "Replying to Ann Reader" in page.locator("#respond").inner_text()
        page.locator("#id_comment").fill("And a reply to it, shown at once.")
        page.wait_for_timeout(1100)
        with page.expect_navigation():
            page.get_by_role("button", name="Post Comment").click()
        # Ann has an approved comment now, so her reply appears at once, nested.
        stranger.goto(base + SEED_PATH)
        nested = stranger.locator("ol.comment-replies article.comment")
        assert "And a reply to it, shown at once." in nested.inner_text()
        assert "2 Comments" in stranger.inner_text("#comments")
        assert errors == []
    finally:
        for context in (reader, other, editor):
            context.close()


def test_without_javascript_a_comment_is_posted_and_nothing_is_remembered(comments_server, browser):
    base, _ = comments_server
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + SEED_PATH)
        write_comment(page, "Posted with JavaScript off.", email="nojs@example.org")
        assert "Your comment is awaiting moderation." in page.inner_text("article.comment-own")
        assert not [c for c in context.cookies() if c["name"] == "dateline_commenter"]
        page.goto(base + SEED_PATH)
        assert page.locator("#id_name").input_value() == ""
    finally:
        context.close()

"""The seed article as a reader's browser shows it, served by the real `dateline serve`."""

import datetime as dt
import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import dateline

pytestmark = pytest.mark.browser

SEED_PATH = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"
SEED_JSON = Path(dateline.__file__).resolve().parent / "newsroom" / "demo" / "seed.json"

COMMENT_REQUIRED = "Please enter your comment!"
NAME_REQUIRED = "Please enter your name here"
EMAIL_REQUIRED = "Please enter your email address here"
EMAIL_INVALID = "You have entered an incorrect email address!"


def _seed() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def _long_date(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def _today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _body_text(page) -> str:
    return page.evaluate("() => document.body.innerText")


def _assert_in_order(text: str, expected: list[str | tuple[str, ...]]) -> None:
    """Each expected line (or one of its alternatives) appears after the previous one."""
    position = 0
    previous = "(start of page)"
    for line in expected:
        alternatives = line if isinstance(line, tuple) else (line,)
        found = [(text.find(alt, position), alt) for alt in alternatives]
        found = [(index, alt) for index, alt in found if index >= 0]
        if not found:
            anywhere = any(alt in text for alt in alternatives)
            where = (
                "it is on the page, but not after it"
                if anywhere
                else "it is not on the page at all"
            )
            pytest.fail(
                f"missing line {' or '.join(map(repr, alternatives))} after {previous!r}: "
                f"{where}.\nPage text:\n{text}"
            )
        index, alt = min(found)
        position = index + len(alt)
        previous = alt


class Recorder:
    """Console errors, page errors and requests of one page."""

    def __init__(self, page):
        self.errors: list[tuple[str, str]] = []  # (message, URL it is about)
        self.requests: list[tuple[str, str]] = []  # (method, URL)
        self.failed: list[str] = []  # responses >= 400, to explain a console error
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type == "error":
            url = message.location.get("url") or ""
            self.errors.append((f"console error: {message.text}", url))

    def _on_page_error(self, error) -> None:
        self.errors.append((f"page error: {error}", ""))

    def _on_request(self, request) -> None:
        self.requests.append((request.method, request.url))

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.request.method} {response.url}")

    @property
    def posts(self) -> list[str]:
        """Form submissions (the page-view beacon's POSTs are not the form's)."""
        return [
            url for method, url in self.requests
            if method == "POST" and "/read/" not in urlsplit(url).path
        ]  # fmt: skip

    def assert_no_errors(self, ignore_urls: set[str] = frozenset()) -> None:
        errors = [
            f"{text} (at {url or '?'})" for text, url in self.errors if url not in ignore_urls
        ]
        report = [*errors, "failed responses:", *(self.failed or ["(none)"])]
        assert errors == [], "\n".join(report)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_seed_article_page_reads_like_the_seed(live_server_url, page):
    seed = _seed()
    recorder = Recorder(page)
    day_before = _today_utc()
    response = page.goto(live_server_url + SEED_PATH, wait_until="load")
    day_after = _today_utc()
    assert response is not None and response.status == 200, response and response.status
    text = _body_text(page)

    # The masthead's date is today's in the site's time zone (UTC); around midnight either.
    dates = tuple(dict.fromkeys(_long_date(d) for d in (day_before, day_after)))
    _assert_in_order(
        text,
        [
            "24.4 °C",
            dates,
            seed["headline"],
            seed["standfirst"],
            *seed["paragraphs"],
            ("Related Articles",),
            ("Latest Articles",),
        ],
    )
    recorder.assert_no_errors()


def test_empty_reply_form_shows_the_seed_messages_inline(live_server_url, page):
    recorder = Recorder(page)
    url = live_server_url + SEED_PATH
    page.goto(url, wait_until="load")
    submit = page.get_by_role("button", name="Post Comment")

    submit.click()
    page.wait_for_timeout(300)  # a navigation, if the form wrongly submitted, would start
    assert page.url == url
    assert recorder.posts == [], "the empty form was sent to the server"
    text = _body_text(page)
    assert COMMENT_REQUIRED in text
    assert NAME_REQUIRED in text
    assert EMAIL_REQUIRED in text

    page.locator("#id_comment").fill("My view")
    page.locator("#id_name").fill("Ann")
    submit.click()
    page.wait_for_timeout(300)
    assert page.url == url
    assert recorder.posts == [], "the form without an email was sent to the server"
    text = _body_text(page)
    assert COMMENT_REQUIRED not in text
    assert NAME_REQUIRED not in text
    assert EMAIL_REQUIRED in text
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_comment").input_value() == "My view"
    recorder.assert_no_errors()


def test_empty_reply_form_is_validated_by_the_server_without_javascript(
    live_server_url, page_without_js
):
    page = page_without_js
    recorder = Recorder(page)
    page.goto(live_server_url + SEED_PATH, wait_until="load")

    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.split("#")[0].endswith(SEED_PATH)
    ) as answer:
        page.get_by_role("button", name="Post Comment").click()
    assert answer.value.status == 200, answer.value.status
    page.wait_for_load_state("load")
    assert len(recorder.posts) == 1
    text = _body_text(page)
    assert COMMENT_REQUIRED in text
    assert NAME_REQUIRED in text
    assert EMAIL_REQUIRED in text

    page.locator("#id_comment").fill("My view")
    page.locator("#id_name").fill("Ann")
    page.locator("#id_email").fill("not-an-email")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Post Comment").click()
    assert answer.value.status == 200, answer.value.status
    page.wait_for_load_state("load")
    assert len(recorder.posts) == 2
    text = _body_text(page)
    assert EMAIL_INVALID in text
    assert COMMENT_REQUIRED not in text
    assert NAME_REQUIRED not in text
    assert page.locator("#id_comment").input_value() == "My view"
    assert page.locator("#id_name").input_value() == "Ann"
    assert page.locator("#id_email").input_value() == "not-an-email"


def test_unknown_url_shows_the_styled_404(live_server_url, page):
    response = page.goto(f"{live_server_url}/no-such-page-{uuid.uuid4().hex}/", wait_until="load")
    assert response is not None and response.status == 404, response and response.status
    assert "Page not found" in _body_text(page)
    nav = page.get_by_role("navigation", name="Sections")
    assert nav.is_visible()
    sections = json.loads((SEED_JSON.parent / "sections.json").read_text(encoding="utf-8"))
    names = nav.get_by_role("link").all_inner_texts()
    assert names, "the 404 page has no section links"
    assert sections["sections"][0]["name"] in names, names
    # The site's stylesheet loaded and applies (a styled page, not the browser's default).
    rules = page.evaluate(
        """() => Array.from(document.styleSheets)
            .filter((sheet) => (sheet.href || "").includes("/static/dateline/site"))
            .map((sheet) => sheet.cssRules.length)"""
    )
    assert rules and rules[0] > 0, f"site.css is not applied to the 404 page: {rules}"
    skip_link = page.get_by_role("link", name="Skip to content")
    assert skip_link.evaluate("(a) => getComputedStyle(a).position") != "static"


def test_pages_name_their_icon(live_server_url, page):
    recorder = Recorder(page)
    page.goto(live_server_url + SEED_PATH, wait_until="load")
    page.wait_for_timeout(500)  # the browser asks for the icon after the page has loaded
    recorder.assert_no_errors()

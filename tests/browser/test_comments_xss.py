"""Markup from readers never runs: XSS payloads posted and approved stay text in Chromium."""

import urllib.parse

import pytest
from tests.browser.test_comments import (  # noqa: F401 - comments_server is a fixture
    SEED_PATH,
    comments_server,
    log_in_to_back_office,
)

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg/onload=alert('xss-3')>",
    "\"><script>alert('xss-4')</script>",
    "'><img src=x onerror=alert('xss-5')>",
    "<iframe src=\"javascript:alert('xss-6')\"></iframe>",
    "<a href=\"javascript:alert('xss-7')\">click</a>",
    "javascript:alert('xss-8')",
    "<body onload=alert('xss-9')>",
    "<details open ontoggle=alert('xss-10')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-11')>",
    "</textarea><script>alert('xss-12')</script>",
    "<style>@import 'javascript:alert(13)';</style>",
    "http://example.org/\"onmouseover=\"alert('xss-14')",
    "https://example.org/<script>alert('xss-15')</script>",
    "{{ 7*7 }} {% debug %} ${alert('xss-16')}",
    "<scr<script>ipt>alert('xss-17')</scr</script>ipt>",
    "&lt;script&gt;alert('xss-18')&lt;/script&gt;",
    "<input autofocus onfocus=alert('xss-19')>",
    "<!--<img src=\"--><img src=x onerror=alert('xss-20')//\">",
]


def post_form(base: str, page, **fields) -> None:
    """Send the reply form as Chromium would, but with any value (no client validation)."""
    page.goto(base + SEED_PATH)
    for name, value in fields.items():
        page.evaluate(
            "([name, value]) => { const f = document.querySelector('form.comment-form');"
            " let el = f.elements[name]; if (!el) { el = document.createElement('input');"
            " el.type = 'hidden'; el.name = name; f.append(el); } el.value = value; }",
            [name, value],
        )
    page.wait_for_timeout(1100)  # DATELINE_COMMENTS_MIN_SECONDS=1 on this server
    with page.expect_navigation():
        page.evaluate("() => document.querySelector('form.comment-form').submit()")


def test_xss_payloads_never_run(comments_server, browser):  # noqa: F811
    base, var_dir = comments_server

    reader = browser.new_context()
    editor = browser.new_context()
    try:
        page = reader.new_page()
        for number, payload in enumerate(PAYLOADS):
            post_form(
                base, page,
                comment=payload, name=payload[:100], email=f"xss{number}@example.org",
                website="https://example.org/?q=" + urllib.parse.quote(payload),
            )  # fmt: skip
            assert "awaiting moderation" in page.inner_text("article.comment-own")
        moderator = editor.new_page()
        log_in_to_back_office(moderator, base, var_dir)
        moderator.goto(base + "/newsroom/comments/comment/?status__exact=pending")
        moderator.locator("#action-toggle").check()
        moderator.locator("select[name=action]").select_option("approve")
        with moderator.expect_navigation():
            moderator.locator("button[name=index]").click()
        assert f"{len(PAYLOADS)} comment(s) approved." in moderator.inner_text(".messagelist")

        dialogs: list[str] = []
        errors: list[str] = []
        viewer = reader.new_page()
        viewer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        viewer.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        viewer.on("pageerror", lambda error: errors.append(str(error)))
        viewer.goto(base + SEED_PATH, wait_until="load")
        viewer.wait_for_timeout(500)
        assert dialogs == []
        assert errors == []
        # Hover over what a payload could have hooked into, then look again.
        for link in viewer.locator("#comments article a").all()[:60]:
            if link.is_visible():
                link.hover(timeout=2000)
        viewer.wait_for_timeout(500)
        text = viewer.inner_text("#comments")
        for payload in PAYLOADS[:5]:
            assert payload in text  # shown as the characters typed
        assert (
            viewer.locator(
                "#comments script, #comments img, #comments iframe, "
                "#comments svg, #comments style, #comments input"
            ).count()
            == 0
        )
        hrefs = viewer.eval_on_selector_all("#comments a", "els => els.map(e => e.href)")
        assert not [h for h in hrefs if not h.startswith(("http://", "https://"))]
        assert dialogs == []
        assert errors == []
        # The author pages (the admin) escape it too.
        moderator.goto(base + "/newsroom/comments/comment/?status__exact=approved")
        assert dialogs == []
    finally:
        reader.close()
        editor.close()

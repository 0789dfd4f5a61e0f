"""An editor writes and publishes an article in the back office; readers then see it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DATELINE = str(Path(sys.executable).with_name("dateline"))
CREATE_EDITOR = """
from django.contrib.auth.models import Group, User
user = User.objects.create_user({username!r}, password={password!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editor"))
"""


@pytest.fixture(scope="session")
def editor_login(live_server_url, tmp_path_factory) -> dict:
    """An Editor account in the live server's own database (found next to its var dir)."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("browser-server*/browser.sqlite3"))
    assert databases, "the live server's SQLite database was not found"
    login = {"username": "editor-" + secrets.token_hex(3), "password": secrets.token_urlsafe(16)}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DJANGO_"))}
    env.update(
        DATELINE_SECRET_KEY="browser-editor-setup",
        DATELINE_VAR_DIR=str(databases[-1].parent / "var"),
        DATELINE_DATABASE_URL=f"sqlite:///{databases[-1]}",
        DATELINE_WEATHER="off",
    )
    subprocess.run(  # noqa: S603 - fixed argv
        [DATELINE, "shell", "-c", CREATE_EDITOR.format(**login)],
        env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return login


def test_editor_writes_and_publishes_an_article_readers_then_see(
    live_server_url, editor_login, browser
):
    page = browser.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(live_server_url + "/newsroom/login/?next=/newsroom/")
    page.fill("#id_username", editor_login["username"])
    page.fill("#id_password", editor_login["password"])
    page.click("input[type=submit]")
    page.wait_for_url("**/newsroom/")

    page.goto(live_server_url + "/newsroom/newsroom/article/add/")
    page.fill("#id_headline", "Harbour reopens after the storm")
    page.select_option("#id_section", index=1)
    body = page.locator(".rich-text-area")  # the editor replaced the textarea
    body.click()
    page.keyboard.type("Boats left the harbour at dawn.")
    page.click("button[data-command=h2]")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=was added successfully")

    page.click("text=Publish")
    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=Publish: done")
    assert "Published" in page.inner_text(".field-status")

    page.click("text=View on site")
    page.wait_for_load_state()
    assert page.inner_text("h1.headline") == "Harbour reopens after the storm"
    assert "Boats left the harbour at dawn." in page.inner_text(".article-body")
    assert page.locator(".article-body h2").count() == 1  # the heading button worked

    page.goto(live_server_url + "/")
    assert "Harbour reopens after the storm" in page.inner_text("body")
    assert csp_errors == []

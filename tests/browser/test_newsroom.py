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


def _login(page, live_server_url, login) -> None:
    page.goto(live_server_url + "/newsroom/login/?next=/newsroom/")
    page.fill("#id_username", login["username"])
    page.fill("#id_password", login["password"])
    page.click("input[type=submit]")
    page.wait_for_url("**/newsroom/")


def test_editor_schedules_an_article_with_an_image_the_worker_publishes_it(
    live_server_url, editor_login, browser, tmp_path
):
    """The issue's story: log in, upload an image, write an article that shows it (in
    the body through the editor's picker, and as featured image), schedule it; the
    worker started by `dateline serve` publishes it; a reader sees it with its image."""
    import datetime as dt
    import time

    from PIL import Image

    picture = tmp_path / "harbour.png"
    Image.new("RGB", (640, 400), (30, 90, 160)).save(picture)
    page = browser.new_page()
    page.on("dialog", lambda dialog: dialog.accept("Boats back at the quay"))  # caption
    _login(page, live_server_url, editor_login)

    page.goto(live_server_url + "/newsroom/newsroom/image/add/")
    page.set_input_files("#id_file", str(picture))
    page.fill("#id_title", "Harbour at dawn")
    page.fill("#id_alt_text", "Fishing boats moored in a calm harbour")
    page.fill("#id_credit", "Staff photographer")
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")

    page.goto(live_server_url + "/newsroom/newsroom/article/add/")
    page.fill("#id_headline", "Fishing fleet returns to the harbour")
    page.select_option("#id_section", index=1)
    page.locator(".rich-text-area").click()
    page.keyboard.type("The fleet came back before noon.")
    page.keyboard.press("Enter")
    page.click("button[data-command=img]")  # the media library picker
    page.fill(".media-picker input[type=search]", "harbour")
    page.click(".media-picker button[type=submit]")
    page.click(".media-picker-list button:has-text('Harbour at dawn')")
    page.click(".field-featured_image .select2-selection")
    page.keyboard.type("Harbour")
    page.click(".select2-results__option:has-text('Harbour at dawn')")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=was added successfully")

    page.click("text=Schedule")
    # The form takes minutes, as a newsroom does: the next whole minute at least 5 s away
    # (the live server runs in UTC).
    go_live = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=65)).replace(second=0)
    page.fill("#go_live_at", go_live.strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('Schedule')")
    page.wait_for_load_state()
    assert "Schedule: done" in page.inner_text("body"), page.inner_text("#content")
    assert "Scheduled" in page.inner_text(".field-status")

    reader = browser.new_page()
    deadline = time.monotonic() + 100
    while True:
        reader.goto(live_server_url + "/?fresh=" + str(time.monotonic()))
        if "Fishing fleet returns to the harbour" in reader.inner_text("main"):
            break
        assert time.monotonic() < deadline, "the worker did not publish the article"
        time.sleep(1)
    reader.click("text=Fishing fleet returns to the harbour")
    reader.wait_for_load_state("load")
    featured = reader.locator("figure.featured-image img")
    assert featured.get_attribute("alt") == "Fishing boats moored in a calm harbour"
    in_body = reader.locator(".article-body figure img")
    assert in_body.get_attribute("alt") == "Fishing boats moored in a calm harbour"
    assert "Boats back at the quay" in reader.inner_text(".article-body figure figcaption")
    for image in (featured, in_body):  # the files really load
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")

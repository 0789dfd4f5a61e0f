"""The database goes away under the real server: the reader's comment is not lost.

The POST is answered 503 with a clear page and the text still in the form; once the
database is back, sending that form again stores the comment.
"""

import re
import time
import urllib.parse

from tests.browser.test_comments import SEED_PATH, dateline_server
from tests.browser.test_comments_concurrency import DATABASE, postgres_database, request  # noqa: F401


def page_form(port: int) -> dict:
    status, _, page = request(port, "GET", SEED_PATH)
    assert status == 200
    token = re.search(rb'name="ts" value="([^"]+)"', page).group(1).decode()
    time.sleep(1.1)  # DATELINE_COMMENTS_MIN_SECONDS=1 on this server
    return {
        "comment": "Written while the database was down",
        "name": "Ann",
        "email": "ann@example.org",
        "ts": token,
    }


def send(base: str, port: int, form: dict):
    return request(
        port, "POST", SEED_PATH, urllib.parse.urlencode(form),
        {"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip


def resend_from_page(base: str, port: int, page: bytes):
    """Send the form exactly as the 503 page carries it (what the reader's browser does)."""
    values = dict(re.findall(rb'<input type="hidden" name="(\w+)"[^>]*value="([^"]*)"', page))
    form = {key.decode(): value.decode() for key, value in values.items()}
    form["comment"] = re.search(rb"<textarea[^>]*>\n?(.*?)</textarea>", page, re.S)[1].decode()
    for name in ("name", "email"):
        form[name] = re.search(rb'name="' + name.encode() + rb'" value="([^"]*)"', page)[1].decode()
    return send(base, port, form)


def assert_text_kept(status: int, page: bytes) -> None:
    assert status == 503
    assert b"Your comment could not be stored just now" in page
    assert b"Written while the database was down</textarea>" in page
    assert b'value="Ann"' in page


def test_sqlite_database_gone(tmp_path):
    database = tmp_path / "outage.sqlite3"
    with dateline_server(tmp_path, database_url=f"sqlite:///{database}") as (base, _):
        port = int(base.rsplit(":", 1)[1])
        form = page_form(port)
        moved = tmp_path / "moved-away"
        moved.mkdir()
        for path in tmp_path.glob("outage.sqlite3*"):
            path.rename(moved / path.name)
        status, _, page = send(base, port, form)
        assert_text_kept(status, page)
        for path in tmp_path.glob("outage.sqlite3*"):
            path.unlink()  # the empty file the failed connection left
        for path in moved.iterdir():
            path.rename(tmp_path / path.name)
        status, location, _ = resend_from_page(base, port, page)
        assert status == 303, status
        assert b"Written while the database was down" in request(port, "GET", location)[2]


def test_postgresql_refusing_connections(tmp_path, postgres_database):  # noqa: F811
    import psycopg

    admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    with dateline_server(tmp_path, database_url=postgres_database) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        form = page_form(port)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS false")
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [DATABASE],
            )
        try:
            status, _, page = send(base, port, form)
            assert_text_kept(status, page)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS true")
        status, location, _ = resend_from_page(base, port, page)
        assert status == 303, status
        assert b"Written while the database was down" in request(port, "GET", location)[2]

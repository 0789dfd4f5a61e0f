"""100 readers post at the same moment to the real server; every comment is stored.

Once on SQLite (WAL, IMMEDIATE transactions, busy timeout) and once on PostgreSQL, with
`dateline serve` as a site owner runs it (two workers, default threads).
"""

import concurrent.futures
import http.client
import os
import re
import sqlite3
import threading
import time
import urllib.parse

import pytest
from tests.browser.test_comments import SEED_PATH, dateline_server

POSTERS = 100
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# Per process: two suites on one machine (CI and a developer's run) share the server.
DATABASE = f"comments_concurrency_{os.getpid()}"


def request(port: int, method: str, path: str, body: str = "", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            method, path, body=body, headers={"Connection": "close", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, response.getheader("Location") or "", response.read()
    finally:
        connection.close()


def post_all_at_once(base: str) -> list[tuple[int, str]]:
    port = int(base.rsplit(":", 1)[1])
    barrier = threading.Barrier(POSTERS)

    def poster(number: int) -> tuple[int, str]:
        status, _, page = request(port, "GET", SEED_PATH)
        assert status == 200
        token = re.search(rb'name="ts" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({
            "comment": f"Concurrent comment number {number}",
            "name": f"Reader {number}",
            "email": f"reader{number}@example.org",
            "ts": token,
        })  # fmt: skip
        time.sleep(1.1)  # DATELINE_COMMENTS_MIN_SECONDS=1 on this server
        barrier.wait(timeout=120)
        status, location, _ = request(
            port, "POST", SEED_PATH, form,
            {"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        return status, location

    with concurrent.futures.ThreadPoolExecutor(POSTERS) as pool:
        return list(pool.map(poster, range(POSTERS)))


def check_every_poster_sees_their_comment(base: str, answers) -> None:
    port = int(base.rsplit(":", 1)[1])
    assert [status for status, _ in answers] == [303] * POSTERS
    for number, (_, location) in enumerate(answers):
        path = location.split("#")[0]
        status, _, page = request(port, "GET", path)
        assert status == 200
        assert f"Concurrent comment number {number}".encode() in page
        assert b"Your comment is awaiting moderation." in page


def test_100_concurrent_posters_on_sqlite(tmp_path):
    database = tmp_path / "concurrent.sqlite3"
    with dateline_server(tmp_path, database_url=f"sqlite:///{database}", workers=2, threads=4) as (
        base,
        _,
    ):
        answers = post_all_at_once(base)
        check_every_poster_sees_their_comment(base, answers)
    with sqlite3.connect(database) as db:
        bodies = {row[0] for row in db.execute("SELECT body FROM comments_comment")}
    assert bodies == {f"Concurrent comment number {n}" for n in range(POSTERS)}


@pytest.fixture
def postgres_database():
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        # As conftest.require: skip on a developer's machine, fail in CI.
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (CI must run every test)")
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    yield f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def test_100_concurrent_posters_on_postgresql(tmp_path, postgres_database):
    import psycopg

    with dateline_server(tmp_path, database_url=postgres_database, workers=2, threads=4) as (
        base,
        _,
    ):
        answers = post_all_at_once(base)
        check_every_poster_sees_their_comment(base, answers)
    with psycopg.connect(postgres_database.replace("postgres://", "postgresql://")) as db:
        bodies = {row[0] for row in db.execute("SELECT body FROM comments_comment")}
    assert bodies == {f"Concurrent comment number {n}" for n in range(POSTERS)}

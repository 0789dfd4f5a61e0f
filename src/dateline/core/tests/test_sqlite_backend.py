"""A kept SQLite connection is replaced when its database file is (dateline.core.sqlite)."""

import pytest
from django.db.utils import ConnectionHandler


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own SQLite files, not the test database."""
    with django_db_blocker.unblock():
        yield


def connect(path):
    handler = ConnectionHandler({"default": {"ENGINE": "dateline.core.sqlite", "NAME": str(path)}})
    return handler["default"]


def test_a_connection_to_a_replaced_or_removed_file_is_not_usable(tmp_path):
    path = tmp_path / "site.sqlite3"
    connection = connect(path)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x INTEGER)")
        assert connection.is_usable()
        path.rename(tmp_path / "moved.sqlite3")
        assert not connection.is_usable()  # removed
        path.write_bytes(b"")
        assert not connection.is_usable()  # another file at the same path
        connection.close()
        connection.ensure_connection()
        assert connection.is_usable()
    finally:
        connection.close()


def test_django_reconnects_before_a_request_when_the_file_was_replaced(tmp_path):
    path = tmp_path / "site.sqlite3"
    connection = connect(path)
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.settings_dict["CONN_MAX_AGE"] = 60
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE old (x INTEGER)")
        path.rename(tmp_path / "old.sqlite3")
        restored = connect(path)
        with restored.cursor() as cursor:
            cursor.execute("CREATE TABLE new (x INTEGER)")
        restored.close()
        connection.close_if_unusable_or_obsolete()  # what Django does as a request starts
        connection.health_check_done = False
        connection.close_if_health_check_failed()
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master")
            assert cursor.fetchall() == [("new",)]
    finally:
        connection.close()


def test_a_closing_connection_leaves_statistics_for_the_tables_it_searched(tmp_path):
    path = tmp_path / "site.sqlite3"
    connection = connect(path)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, slug TEXT, status TEXT)")
        cursor.execute("CREATE INDEX article_slug ON article (slug)")
        cursor.executemany(
            "INSERT INTO article (slug, status) VALUES (%s, %s)",
            [(f"story-{n}", "published") for n in range(500)],
        )
        cursor.execute("SELECT id FROM article WHERE slug = %s", ["story-7"])
    connection.close()
    with connect(path).cursor() as cursor:
        cursor.execute("SELECT tbl, idx FROM sqlite_stat1")
        assert ("article", "article_slug") in cursor.fetchall()


def test_site_connections_keep_8_mib_of_pages_in_wal_mode(tmp_path):
    from dateline.settings import _database

    config = _database(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    connection = ConnectionHandler({"default": config})["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone() == (-8192,)  # KiB; SQLite's own default is 2 MiB
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone() == ("wal",)
    finally:
        connection.close()

"""The rows a fixture wrote, kept once and written back: what makes `demo_content` cheap.

`take(before)` compares every table with the `before` state (from `state()`) and keeps
the whole contents of those that changed; `restore()` replaces those tables' rows with
the kept ones in one transaction (foreign keys are deferred until its end). PostgreSQL
round-trips rows through COPY's text format, so every type (tsvector, regconfig, JSON,
arrays) comes back exactly, and sequences are moved past the restored ids. SQLite reads
and writes rows as they are; an FTS5 table is kept through its rowid and columns (its
shadow tables follow by themselves).
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables() -> list[str]:
    names = connection.introspection.table_names()
    if connection.vendor == "postgresql":  # a partitioned table's rows are read from it
        partitions = set(_partitions_of(None))
        return [n for n in names if n not in partitions]
    if connection.vendor != "sqlite":
        return names
    virtual = set(_sqlite_virtual_tables())
    shadows = {n for n in names for v in virtual if n.startswith(f"{v}_")}
    return [n for n in names if n not in shadows]


def _sqlite_virtual_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        return [row[0] for row in cursor.fetchall()]


def _partitions_of(table: str | None) -> dict[str, str]:
    """{partition: its bounds} of `table` (PostgreSQL; None: of every table)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_class c"
            " JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent"
            " WHERE c.relispartition AND (%s::text IS NULL OR p.relname = %s)",
            [table, table],
        )
        return dict(cursor.fetchall())


def _read(table: str):
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        # COPY (SELECT ...) reads a partitioned table too; its partitions are kept as
        # well: one made while the fixture wrote rolls back with it.
        partitions = _partitions_of(table)
        query = f"COPY (SELECT * FROM {name}) TO STDOUT"  # noqa: S608 - our table names
        with connection.cursor() as cursor, cursor.cursor.copy(query) as copy:
            return partitions, b"".join(bytes(block) for block in copy)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, * FROM {name}")  # noqa: S608 - our table names
        columns = ["rowid", *(d[0] for d in cursor.description[1:])]
        return columns, cursor.fetchall()


def state() -> dict:
    return {table: _read(table) for table in _tables()}


def take(before: dict) -> dict:
    after = state()
    return {table: rows for table, rows in after.items() if before.get(table) != rows}


def restore(snapshot: dict) -> None:
    """Replace the rows of the snapshot's tables with its rows. For a test inside a
    transaction (pytest-django's `db`), before it writes to those tables: a committed
    restore would outlive the test (a flush does not empty the search index)."""
    if not connection.in_atomic_block:
        raise RuntimeError("restore() needs a test inside a transaction (the db fixture)")
    with transaction.atomic(), connection.cursor() as cursor:
        for table, rows in snapshot.items():
            name = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {name}")  # noqa: S608 - our table names
            if connection.vendor == "postgresql":
                partitions, data = rows
                for partition, bounds in partitions.items():
                    cursor.execute(
                        f"CREATE TABLE IF NOT EXISTS {connection.ops.quote_name(partition)}"
                        f" PARTITION OF {name} {bounds}"
                    )
                with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
                    copy.write(data)
                continue
            columns, values = rows
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            places = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {name} ({names}) VALUES ({places})"  # noqa: S608
            cursor.executemany(sql, values)
        if connection.vendor == "postgresql":
            tables = set(snapshot)
            models = [
                m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables
            ]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

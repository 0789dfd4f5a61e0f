"""PostgreSQL: the search index split into partitions of 16,384 article ids.

Finding the newest matches of a query looks among the newest ids first (a "window",
see PostgresBackend._in_windows). With one GIN index over every article, that still
reads each query word's whole posting list: for "prime minister" at 100,000 articles,
the two words' 15,848 common matches, 4 ms of the window's 6. With a GIN index per
partition, a window reads only the partitions it reaches (2.8 ms for that window), and
its cost no longer grows with the archive. Partitions for new ids are created as
articles reach them (PostgresBackend.save).

The rows are copied into the new table in one transaction, with the old one locked
against writes (publishing waits: about 25 s per 100,000 articles), then the old table
is dropped and the new one takes its name; then it is vacuumed. Going back copies the
rows into one table again.
"""

from django.db import migrations, transaction

PARTITION_IDS = 16384  # as search_backends.PostgresBackend.PARTITION_IDS


def _columns(cursor) -> str:
    cursor.execute(
        "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute"
        " WHERE attrelid = 'discovery_search'::regclass AND attnum > 0 AND NOT attisdropped"
    )
    return cursor.fetchone()[0]


def _copy_into(cursor, create_sql: str, partitions: bool) -> None:
    """Make discovery_search_new with `create_sql`, copy every row in, swap names."""
    cursor.execute("LOCK TABLE discovery_search IN SHARE MODE")
    cursor.execute(create_sql)
    if partitions:
        cursor.execute("SELECT coalesce(max(article_id), 0) FROM discovery_search")
        (top,) = cursor.fetchone()
        for n in range(top // PARTITION_IDS + 1):
            cursor.execute(
                f"CREATE TABLE discovery_search_p{n} PARTITION OF discovery_search_new"
                f" FOR VALUES FROM ({n * PARTITION_IDS}) TO ({(n + 1) * PARTITION_IDS})"
            )
    columns = _columns(cursor)
    cursor.execute(
        f"INSERT INTO discovery_search_new ({columns}) SELECT {columns} FROM discovery_search"  # noqa: S608 - the table's own column names
    )
    cursor.execute("DROP TABLE discovery_search")
    cursor.execute("ALTER TABLE discovery_search_new RENAME TO discovery_search")
    cursor.execute(
        "ALTER TABLE discovery_search ADD CONSTRAINT discovery_search_pkey PRIMARY KEY (article_id)"
    )
    cursor.execute(
        "CREATE INDEX discovery_search_document_idx ON discovery_search USING gin (document)"
    )


def _rebuild(schema_editor, *, partitions: bool) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    by_range = " PARTITION BY RANGE (article_id)" if partitions else ""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _copy_into(
            cursor,
            "CREATE TABLE discovery_search_new (LIKE discovery_search INCLUDING DEFAULTS"
            f" INCLUDING STORAGE){by_range}",
            partitions=partitions,
        )
    with connection.cursor() as cursor:  # the copied rows' visibility map, and statistics
        cursor.execute("VACUUM ANALYZE discovery_search")


def partition(apps, schema_editor):
    _rebuild(schema_editor, partitions=True)


def unpartition(apps, schema_editor):
    _rebuild(schema_editor, partitions=False)


class Migration(migrations.Migration):
    atomic = False  # the copy is one transaction; VACUUM runs after it, outside any
    dependencies = [("discovery", "0004_search_visibility")]

    operations = [migrations.RunPython(partition, unpartition)]

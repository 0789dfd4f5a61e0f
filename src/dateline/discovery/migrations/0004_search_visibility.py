"""PostgreSQL: each indexed article's published_at and expire_at kept in the index too.

A search without filters then finds the newest matches readers may see in the index
alone (PostgresBackend.newest_visible_ids), without joining every match to its
article: at 100,000 articles a rare word's second window joined some 1,300 of them.

The new columns are filled from the articles a batch of ids per transaction (atomic =
False, as in 0003), then the table is vacuumed. Until a row is filled its columns are
NULL, which no search counts as visible, so search shows fewer hits during the
migration, never an unpublished one.
"""

from django.db import migrations

from dateline.discovery.migrations._vendor import RunSQLOn, update_index_in_batches


def fill(apps, schema_editor):
    update_index_in_batches(
        schema_editor,
        "UPDATE discovery_search s SET published_at = a.published_at,"
        " expire_at = a.expire_at FROM newsroom_article a"
        " WHERE a.id = s.article_id AND s.article_id >= %s AND s.article_id < %s"
        # A row that a server of this version has indexed meanwhile has its dates
        # already, from a later read of its article than this statement's.
        " AND s.published_at IS NULL",
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("discovery", "0003_search_document_inline")]

    operations = [
        RunSQLOn(
            "postgresql",
            "ALTER TABLE discovery_search ADD COLUMN published_at timestamptz,"
            " ADD COLUMN expire_at timestamptz",
            "ALTER TABLE discovery_search DROP COLUMN published_at, DROP COLUMN expire_at",
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

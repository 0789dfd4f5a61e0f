"""PostgreSQL: each article's tsvector kept in its row (compressed), not in TOAST.

Ranking reads the tsvector of every article it ranks (up to search.MAX_RESULTS), and a
phrase search rechecks the tsvector of every candidate. Stored out of line, each was
fetched through the TOAST table's index, chunk by chunk: ranking a word's newest 1,000
matches at 100,000 articles took 9.6-11.6 ms; kept in the row (STORAGE MAIN), 4.8-6.1
ms, and a phrase among the newest 8,192 articles 11-13 ms instead of 16-17.

Existing rows are rewritten so their tsvectors move in too (about 40 s per 100,000
articles), a batch of ids per transaction (atomic = False), so publishing, which
re-indexes an article, waits for one batch at most; then the table is vacuumed. The
table's own pages grow by about 2.6 KB per article; the TOAST space the old values
leave is reused by later writes, not returned to the operating system (VACUUM FULL
would, locking the table while it runs).
"""

from django.db import migrations

from dateline.discovery.migrations._vendor import RunSQLOn, update_index_in_batches


def move_in(apps, schema_editor):
    # A new value (the same lexemes, positions and weights) is stored as the column now
    # says; an unchanged one would keep its TOAST pointer.
    update_index_in_batches(
        schema_editor,
        "UPDATE discovery_search SET document = document::text::tsvector"
        " WHERE article_id >= %s AND article_id < %s",
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("discovery", "0002_search")]

    operations = [
        RunSQLOn(
            "postgresql",
            "ALTER TABLE discovery_search ALTER COLUMN document SET STORAGE MAIN",
            "ALTER TABLE discovery_search ALTER COLUMN document SET STORAGE EXTENDED",
        ),
        migrations.RunPython(move_in, migrations.RunPython.noop),
    ]

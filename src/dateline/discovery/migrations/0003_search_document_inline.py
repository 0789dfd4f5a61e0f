"""PostgreSQL: each article's tsvector kept in its row (compressed), not in TOAST.

Ranking reads the tsvector of every article it ranks (up to search.MAX_RESULTS), and a
phrase search rechecks the tsvector of every candidate. Stored out of line, each was
fetched through the TOAST table's index, chunk by chunk: ranking a word's newest 1,000
matches at 100,000 articles took 9.6-11.6 ms; kept in the row (STORAGE MAIN), 4.8-6.1
ms, and a phrase among the newest 8,192 articles 11-13 ms instead of 16-17. The table's
own pages grow (a tsvector is about 2.6 KB compressed); its size on disk does not.
Existing rows are rewritten so they move in too (about 40 s per 100,000 articles),
then the table is vacuumed of the old versions: outside a transaction (atomic = False).
"""

from django.db import migrations

from dateline.discovery.migrations._vendor import RunSQLOn

INLINE = [
    "ALTER TABLE discovery_search ALTER COLUMN document SET STORAGE MAIN",
    # A new value (the same lexemes, positions and weights) is stored as the column now
    # says; an unchanged one would keep its TOAST pointer.
    "UPDATE discovery_search SET document = document::text::tsvector",
    "VACUUM ANALYZE discovery_search",
]
OUT_OF_LINE = ["ALTER TABLE discovery_search ALTER COLUMN document SET STORAGE EXTENDED"]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("discovery", "0002_search")]

    operations = [RunSQLOn("postgresql", INLINE, OUT_OF_LINE)]

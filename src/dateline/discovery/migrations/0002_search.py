"""The search index (see dateline.discovery.search): one table per database vendor.

SQLite: an FTS5 table whose rowid is the article's id, stemmed with Porter for English.
PostgreSQL: a table with each article's weighted tsvector, built with the text search
configuration of the article's language, and a GIN index on it.
No Django model: only dateline.discovery.search_backends reads and writes it.

A site that already has articles finds them once `migrate` has finished: the index is
filled after the last migration (dateline.discovery.apps), by today's code for today's
table, not here, where a later migration's columns do not exist yet.
"""

from django.db import migrations

from dateline.discovery.migrations._vendor import RunSQLOn

SQLITE = """
CREATE VIRTUAL TABLE discovery_search USING fts5(
    headline, standfirst, body, tags,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

POSTGRESQL = [
    """
    CREATE TABLE discovery_search (
        article_id bigint PRIMARY KEY,
        config regconfig NOT NULL,
        headline text NOT NULL,
        standfirst text NOT NULL,
        body text NOT NULL,
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX discovery_search_document_idx ON discovery_search USING gin (document)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("discovery", "0001_initial"),
        ("newsroom", "0003_site_settings"),
    ]

    operations = [
        RunSQLOn("sqlite", SQLITE, "DROP TABLE discovery_search"),
        RunSQLOn("postgresql", POSTGRESQL, "DROP TABLE discovery_search"),
    ]

"""Operations shared by this app's migrations."""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL on one database vendor only."""

    def __init__(self, vendor: str, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def update_index_in_batches(schema_editor, sql: str, batch: int = 2000) -> None:
    """PostgreSQL: run `sql`, an UPDATE of discovery_search taking the first id and the id
    after the last as its two parameters, over every indexed id, `batch` ids at a time
    (in a non-atomic migration each batch commits alone, so publishing waits for one at
    most); then vacuum the table. Nothing on other databases."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(article_id), max(article_id) FROM discovery_search")
        low, high = cursor.fetchone()
        for start in range(low or 0, (high or -1) + 1, batch):
            cursor.execute(sql, [start, start + batch])
        cursor.execute("VACUUM ANALYZE discovery_search")

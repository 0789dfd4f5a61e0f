"""Django's SQLite backend, with a health check that notices a replaced database file.

Server threads keep their SQLite connection between requests (DATELINE_DB_CONN_MAX_AGE):
opening one per request, with its PRAGMAs and a cold page cache, cost about 3 ms of an
article page. But an open connection holds on to the file it opened: if the database
file is moved away, deleted or replaced by a restore, the thread would go on reading
the old one (or an empty file created meanwhile). Django's health check (run before
each request) asks is_usable(), which for SQLite always said yes; here it says no when
the path no longer names the file that was opened, and Django reconnects.

SQLite plans queries from statistics that only ANALYZE gathers; without them it chose
the index of all published articles over the slug's for an article's permalink, and
an article page took 0.4 s of SQL at 100,000 articles instead of under 1 ms
(README, "Benchmarks"). `dateline serve` analyses on start; each connection, as it
closes (every DATELINE_DB_CONN_MAX_AGE seconds), runs PRAGMA optimize, which analyses
the tables its queries used that were never analysed or have grown since (sampled:
settings.py sets PRAGMA analysis_limit on every connection), as SQLite recommends for
long-lived connections.
"""

import contextlib
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _opened_file = None

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self._opened_file = self._file_identity()
        return connection

    def _close(self):
        if self.connection is not None and not self.is_in_memory_db():
            with contextlib.suppress(base.Database.Error):  # e.g. locked: next time
                self.connection.execute("PRAGMA optimize")
        return super()._close()

    def is_usable(self) -> bool:
        if self.is_in_memory_db():
            return True
        return self._opened_file is not None and self._file_identity() == self._opened_file

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self.settings_dict["NAME"])
        except (OSError, TypeError, ValueError):
            return None
        return (status.st_dev, status.st_ino)

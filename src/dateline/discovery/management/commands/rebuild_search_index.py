"""`dateline rebuild_search_index`: index every published article afresh."""

from django.core.management.base import BaseCommand

from dateline.discovery.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the published articles."

    def handle(self, *args, **options) -> None:
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} published articles.")

"""`dateline recompute_related`: rebuild Related Articles for every published article."""

from django.core.management.base import BaseCommand

from dateline.discovery.related import rebuild


class Command(BaseCommand):
    help = (
        "Index every published article for Related Articles and recompute every stored "
        "list (after an import, or to repair)."
    )

    def handle(self, *args, **options) -> None:
        verbose = options["verbosity"] > 1
        count = rebuild(progress=self.stdout.write if verbose else None)
        self.stdout.write(f"Related Articles recomputed for {count} published articles.")

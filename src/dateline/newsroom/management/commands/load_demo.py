from django.core.management.base import BaseCommand

from dateline.newsroom.demo import load_demo_content


class Command(BaseCommand):
    help = "Load the demo sections and articles (idempotent: existing ones are kept)."

    def handle(self, *args, **options):
        created = load_demo_content()
        self.stdout.write(f"Demo content: {created} article(s) created.")

"""Load Dateline's demo content (from bench/wagtail/export_dateline.py) as Wagtail pages.

Home > one SectionPage per Dateline section (in the menu, in Dateline's order) > one
ArticlePage per article, each saved as a revision and published, as an editor would.
The default site is renamed "Dateline" and points at the new home page.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from news.models import ArticlePage, Author, HomePage, RelatedArticle, SectionPage


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("export", help="JSON written by export_dateline.py")

    @transaction.atomic
    def handle(self, export, **options):
        if ArticlePage.objects.exists():
            raise CommandError("articles are loaded already: start from an empty database")
        with open(export, encoding="utf-8") as file:
            data = json.load(file)
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Home", slug="dateline-home"))
        site = Site.objects.get(is_default_site=True)
        old_home = site.root_page
        site.root_page, site.site_name, site.hostname = home, "Dateline", "localhost"
        site.save()
        old_home.delete()
        sections = {}
        for item in data["sections"]:
            section = SectionPage(title=item["name"], slug=item["slug"], show_in_menus=True)
            home.add_child(instance=section)
            section.save_revision().publish()
            sections[item["slug"]] = section
        authors, pages = {}, {}
        for item in sorted(data["articles"], key=lambda a: a["published_at"]):
            page = ArticlePage(
                title=item["headline"],
                slug=item["slug"],
                standfirst=item["standfirst"],
                body=item["body"],
                date=dt.datetime.fromisoformat(item["published_at"]),
                search_description=item["standfirst"][:300],
            )
            sections[item["section"]].add_child(instance=page)
            for byline in item["authors"]:
                if byline["slug"] not in authors:
                    authors[byline["slug"]] = Author.objects.create(**byline)
            page.authors.set([authors[b["slug"]] for b in item["authors"]])
            page.tags.set(item["tags"])
            page.save()
            pages[item["id"]] = page
        for item in data["articles"]:
            page = pages[item["id"]]
            page.related_articles = [
                RelatedArticle(article=pages[pk], sort_order=n)
                for n, pk in enumerate(item["related"])
            ]
            page.save()
            page.save_revision().publish()
        self.stdout.write(f"Loaded {len(pages)} articles in {len(sections)} sections.")

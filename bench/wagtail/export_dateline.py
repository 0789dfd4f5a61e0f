"""Write Dateline's demo content as JSON for the Wagtail comparison site.

Run with Dateline's own venv: it builds the demo site in a throwaway DATELINE_VAR_DIR
exactly as `dateline serve` does (migrate, load_demo_content, then the Related lists the
task worker computes), and writes every published article with what its page shows:
headline, standfirst, body, section, tags, authors, date and the Related Articles that
dateline.discovery.selectors.related_articles_for() returns. news/management/commands/
load_dateline.py reads the file in the Wagtail venv.

    .venv/bin/python bench/wagtail/export_dateline.py OUT.json
"""

import json
import os
import secrets
import sys
import tempfile
from pathlib import Path


def export(out: Path) -> int:
    import django

    with tempfile.TemporaryDirectory(prefix="dateline-export-") as var_dir:
        for key in [k for k in os.environ if k.startswith("DATELINE_")]:
            del os.environ[key]
        os.environ.update(
            DJANGO_SETTINGS_MODULE="dateline.settings",
            DATELINE_SECRET_KEY=secrets.token_urlsafe(50),
            DATELINE_VAR_DIR=var_dir,
            DATELINE_WEATHER="static:24.4",
        )
        django.setup()
        from django.core.management import call_command

        from dateline.discovery import related
        from dateline.discovery.selectors import related_articles_for
        from dateline.newsroom.demo import load_demo_content
        from dateline.newsroom.models import Section
        from dateline.newsroom.selectors import published_articles

        call_command("migrate", interactive=False, verbosity=0)
        load_demo_content()
        related.rebuild()
        articles = []
        for article in published_articles().prefetch_related("tags"):
            bylines = article.byline_set.select_related("author").order_by("position")
            articles.append(
                {
                    "id": article.pk,
                    "external_id": article.external_id,
                    "slug": article.slug,
                    "headline": article.headline,
                    "standfirst": article.standfirst,
                    "body": article.body,
                    "section": article.section.slug if article.section else None,
                    "published_at": article.published_at.isoformat(),
                    "tags": sorted(tag.name for tag in article.tags.all()),
                    "authors": [{"name": b.author.name, "slug": b.author.slug} for b in bylines],
                    "related": [item.pk for item in related_articles_for(article)],
                }
            )
        sections = [{"slug": s.slug, "name": s.name} for s in Section.objects.order_by("position")]
        out.write_text(
            json.dumps({"sections": sections, "articles": articles}, indent=1) + "\n",
            encoding="utf-8",
        )
        return len(articles)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().rsplit("\n", 1)[-1])
    count = export(Path(sys.argv[1]))
    print(f"exported {count} published Dateline articles to {sys.argv[1]}")

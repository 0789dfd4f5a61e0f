"""Fill a database with N published articles made from the real Wikinews texts.

Each article takes a real report from ../shared/corpus/*.jsonl (or the same texts in
the demo content): its headline in one of several forms, its lede as the standfirst,
some of its paragraphs and a few from other reports as the body, its section (as in
the demo), three or four tags from its links and topics, one or two of 150 authors,
and a publication time spread over the last ten years (ids growing with time). Articles, tags and
bylines go in with bulk_create in batches, and each batch is added to the search
index as it goes; nothing is sent through the newsroom's services (too slow for
100,000), so no signals, revisions or audit entries.

    .venv/bin/python bench/generate_articles.py          # 100,000 into var/bench-100000.sqlite3
    .venv/bin/python bench/generate_articles.py --count 1000 --database var/bench.sqlite3
    .venv/bin/python bench/generate_articles.py --database postgres://postgres@127.0.0.1:5432/bench

A database that already has articles is refused unless --replace (which deletes a
SQLite file, or drops and creates a PostgreSQL database) or --reuse (keep it when it
holds exactly --count articles, else replace it: what bench/scale.py does).
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "src" / "dateline" / "newsroom" / "demo")
BATCH = 2000
YEARS = 10
FIRST_NAMES = ("Ana", "Ben", "Chen", "Dara", "Emil", "Fatima", "Gus", "Hana", "Ivan", "Jun",
               "Kofi", "Lena", "Mateo", "Nia", "Omar")  # fmt: skip
LAST_NAMES = ("Okafor", "Schmidt", "Tanaka", "Rossi", "Novak", "Haddad", "Silva", "Kowalski",
              "Lindqvist", "Moreau")  # fmt: skip
HEADLINE_FORMS = (
    "{title}",
    "{title}",
    "Update: {title}",
    "{title}, officials say",
    "Analysis: {title}",
    "{title} — what we know",
    "Live: {title}",
    "{title}, reports say",
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="articles to create")
    parser.add_argument(
        "--database",
        help="a SQLite file path or sqlite:/// URL, or a postgres:// URL "
        "(default: var/bench-<count>.sqlite3)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true", help="start from an empty database")
    mode.add_argument(
        "--reuse", action="store_true", help="keep a database of --count articles, else replace"
    )
    parser.add_argument("--seed", type=int, default=5, help="random seed (same seed, same data)")
    return parser.parse_args(argv)


def database_url(value: str | None, count: int) -> str:
    if not value:
        value = str(ROOT / "var" / f"bench-{count}.sqlite3")
    if "://" not in value:
        value = f"sqlite:///{Path(value).resolve()}"
    return value


def prepare_database(url: str, *, empty: bool) -> None:
    """Make sure the database exists; `empty`: delete the SQLite file, or drop and create
    the PostgreSQL database, first."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm") if empty else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    admin = {name: config[key] for key, name in keys.items() if config.get(key)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        name = sql.Identifier(config["NAME"])
        if empty:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(url: str) -> None:
    os.environ["DATELINE_DATABASE_URL"] = url
    os.environ.setdefault("DATELINE_SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DATELINE_PAGE_CACHE", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def corpus_records() -> list[dict]:
    for folder in CORPUS_DIRS:
        files = sorted(folder.glob("wikinews_*.jsonl"))
        if files:
            return [json.loads(line) for f in files for line in f.open() if line.strip()]
    sys.exit(f"no corpus found in {' or '.join(map(str, CORPUS_DIRS))}")


class Material:
    """The corpus cut into what articles are made of, with the rows they link to."""

    def __init__(self, records: list[dict], rng: random.Random) -> None:
        from dateline.newsroom import services
        from dateline.newsroom.demo import DEMO_DIR, _link_name, split_lede

        self.rng = rng
        self.records = []
        layout = json.loads((DEMO_DIR / "sections.json").read_text(encoding="utf-8"))
        sections = {
            s["slug"]: services.get_or_create_section(s["name"], slug=s["slug"], position=i)
            for i, s in enumerate(layout["sections"])
        }
        self.all_paragraphs = []
        for record in records:
            lede, blocks = split_lede(record["blocks"])
            paragraphs = [b["text"] for b in blocks if b["type"] in ("p", "quote")]
            self.all_paragraphs += paragraphs
            slug = layout["article_sections"].get(record["id"]) or rng.choice(list(sections))
            topics = sorted({_link_name(url) for url in record.get("links", [])})
            topics = topics or [w.strip(",.:'\"") for w in record["title"].split() if len(w) > 5]
            self.records.append((record, lede, paragraphs, sections[slug], topics or ["News"]))
        self.tags = self._tag_ids({t for *_, topics in self.records for t in topics})
        self.authors = self._author_ids()

    @staticmethod
    def _tag_ids(names: set[str]) -> dict[str, int]:
        from django.utils.text import slugify

        from dateline.newsroom.models import Tag

        slugs = {name: slugify(name, allow_unicode=True)[:100] or "tag" for name in names}
        existing = set(Tag.objects.values_list("slug", flat=True))
        new = {slug: name[:100] for name, slug in slugs.items() if slug not in existing}
        Tag.objects.bulk_create([Tag(slug=s, name=n) for s, n in new.items()], batch_size=500)
        ids = dict(Tag.objects.values_list("slug", "pk"))
        return {name: ids[slug] for name, slug in slugs.items()}

    @staticmethod
    def _author_ids() -> list[int]:
        from django.utils.text import slugify

        from dateline.newsroom.models import Author

        names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        existing = set(Author.objects.values_list("slug", flat=True))
        Author.objects.bulk_create(
            [Author(name=n, slug=slugify(n)) for n in names if slugify(n) not in existing]
        )
        return list(
            Author.objects.filter(slug__in=[slugify(n) for n in names]).values_list("pk", flat=1)
        )

    def article(self, n: int, published_at: dt.datetime):
        """The n-th article (unsaved), its tag ids and its author ids."""
        from django.utils.text import slugify

        from dateline.newsroom.demo import blocks_to_html
        from dateline.newsroom.models import Article

        rng = self.rng
        record, lede, paragraphs, section, topics = rng.choice(self.records)
        headline = rng.choice(HEADLINE_FORMS).format(title=record["title"])[:300]
        own = paragraphs[: rng.randint(2, 6)]
        borrowed = rng.sample(self.all_paragraphs, rng.randint(1, 3))
        body_blocks = [{"type": "p", "text": text} for text in own + borrowed]
        article = Article(
            headline=headline,
            slug=f"{slugify(headline)[:150].strip('-')}-{n}",
            standfirst=lede,
            body=blocks_to_html(body_blocks),
            section=section,
            language=record.get("language") or "en",
            translation_group=uuid.UUID(int=rng.getrandbits(128)),
            status=Article.Status.PUBLISHED,
            published_at=published_at,
            first_published_at=published_at,
            last_published_at=published_at,
            source_url=record.get("source_url", ""),
            attribution=record.get("attribution", ""),
            license_url=record.get("license_url", ""),
        )
        tags = rng.sample(topics, min(len(topics), rng.randint(2, 3)))
        tags.append(rng.choice(list(self.tags)))
        authors = rng.sample(self.authors, 2 if rng.random() < 0.2 else 1)
        return article, sorted({self.tags[t] for t in tags}), authors


def generate(count: int, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from dateline.discovery.search_backends import Document, backend_for, plain_text, text_of_html
    from dateline.newsroom.models import Article, Byline

    rng = random.Random(seed)
    material = Material(corpus_records(), rng)
    backend = backend_for()
    tag_link = Article.tags.through
    tag_names = {pk: name for name, pk in material.tags.items()}
    now = timezone.now().replace(microsecond=0)
    spacing = YEARS * 365 * 86400 / count  # seconds between two articles
    started = time.monotonic()
    for first in range(0, count, BATCH):
        # Oldest first, so that ids grow with time as on a real site.
        rows = [
            material.article(n, now - dt.timedelta(seconds=(count - n - rng.random()) * spacing))
            for n in range(first, min(count, first + BATCH))
        ]
        with transaction.atomic():
            articles = Article.objects.bulk_create([a for a, _, _ in rows])
            tag_link.objects.bulk_create(
                [tag_link(article_id=a.pk, tag_id=t) for a, tags, _ in rows for t in tags]
            )
            Byline.objects.bulk_create(
                [
                    Byline(article_id=a.pk, author_id=author, position=i)
                    for a, _, authors in rows
                    for i, author in enumerate(authors)
                ]
            )
            backend.save(
                [
                    Document(
                        a.pk,
                        a.language,
                        plain_text(a.headline),
                        plain_text(a.standfirst),
                        text_of_html(a.body),
                        " ".join(tag_names[t] for t in tags),
                        a.published_at,
                        a.expire_at,
                    )  # fmt: skip
                    for a, tags, _ in rows
                ]
            )
        done = first + len(articles)
        rate = done / (time.monotonic() - started)
        print(f"\r{done:,} / {count:,} articles ({rate:,.0f}/s)", end="", flush=True)
    print()
    backend.optimize()
    analyze()


def analyze() -> None:
    """Fresh planner statistics, as a long-running site would have."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv=None) -> int:
    args = parse_args(argv)
    url = database_url(args.database, args.count)
    prepare_database(url, empty=args.replace)
    started = time.monotonic()
    setup_django(url)
    from dateline.newsroom.models import Article

    existing = Article.objects.count()
    if existing and args.reuse and existing == args.count:
        print(f"{url}: {existing:,} articles already there; reused.")
        return 0
    if existing and args.reuse:  # the wrong size: make it afresh
        from django.core.management import call_command
        from django.db import connections

        connections.close_all()
        prepare_database(url, empty=True)
        call_command("migrate", interactive=False, verbosity=0)
    elif existing:
        sys.exit(f"{url} has {existing:,} articles already: use --replace (or --reuse).")
    generate(args.count, args.seed)
    print(f"{url}: {args.count:,} articles in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

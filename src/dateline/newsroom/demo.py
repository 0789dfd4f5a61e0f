"""Demo content shipped with Dateline: the seed article and real Wikinews reports.

See demo/README.md for the sources and licences.
"""

import datetime as dt
import html
import json
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone

from dateline.newsroom import services, signals
from dateline.newsroom.models import Article

DEMO_DIR = Path(__file__).with_name("demo")
CORPUS_FILES = ("wikinews_gum_en.jsonl", "wikinews_amalgum_en.jsonl")
GENERIC_SHARE = 0.10  # a link target this common says nothing about the topic


def _read_json(name: str):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def _corpus_records() -> list[dict]:
    records = []
    for name in CORPUS_FILES:
        with (DEMO_DIR / name).open(encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines if line.strip())
    return records


def blocks_to_html(blocks: list[dict]) -> str:
    """Wikinews blocks as article HTML: paragraphs, sub-headings, quotes and lists."""
    parts: list[str] = []
    items: list[str] = []
    for block in blocks:
        kind, text = block["type"], html.escape(block["text"])
        if kind != "item" and items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if kind == "p" and block.get("speaker"):
            parts.append(f"<p><strong>{html.escape(block['speaker'])}:</strong> {text}</p>")
        elif kind == "p":
            parts.append(f"<p>{text}</p>")
        elif kind == "head":
            parts.append(f"<h2>{text}</h2>")
        elif kind == "quote":
            parts.append(f"<blockquote><p>{text}</p></blockquote>")
        elif kind == "item":
            items.append(f"<li>{text}</li>")
        # captions describe images that are not part of the corpus: left out
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


def _link_name(url: str) -> str:
    return unquote(url.rsplit("/wiki/", 1)[-1]).replace("_", " ")


def topic_tags(records: list[dict]) -> dict[str, list[str]]:
    """Tag names per record id: link targets shared by 2+ records, but not generic ones."""
    names = {r["id"]: sorted({_link_name(u) for u in r.get("links", [])}) for r in records}
    counts = Counter(name for linked in names.values() for name in linked)
    limit = GENERIC_SHARE * len(records)
    return {rid: [n for n in linked if 2 <= counts[n] <= limit] for rid, linked in names.items()}


def _at_noon(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12)))


def split_lede(blocks: list[dict]) -> tuple[str, list[dict]]:
    """The first plain paragraph becomes the standfirst; the rest stays the body."""
    for i, block in enumerate(blocks):
        if block["type"] == "p" and not block.get("speaker"):
            return block["text"], blocks[:i] + blocks[i + 1 :]
    return "", blocks


@transaction.atomic
def load_demo_content() -> int:
    """Create the demo sections and articles that do not exist yet; return how many."""
    layout = _read_json("sections.json")
    sections = {
        s["slug"]: services.get_or_create_section(s["name"], slug=s["slug"], position=i)
        for i, s in enumerate(layout["sections"])
    }
    existing = set(Article.objects.exclude(external_id=None).values_list("external_id", flat=1))
    created = 0
    seed = _read_json("seed.json")
    if seed["external_id"] not in existing:
        _create(
            external_id=seed["external_id"],
            headline=seed["headline"],
            standfirst=seed["standfirst"],
            body="\n".join(f"<p>{html.escape(p)}</p>" for p in seed["paragraphs"]),
            section=sections[seed["section"]],
            published_at=timezone.make_aware(dt.datetime.fromisoformat(seed["published_at"])),
            tags=seed["tags"],
            authors=seed["authors"],
        )
        created += 1
    records = _corpus_records()
    tags = topic_tags(records)
    for record in records:
        if record["id"] in existing:
            continue
        standfirst, body_blocks = split_lede(record["blocks"])
        _create(
            external_id=record["id"],
            headline=record["title"],
            standfirst=standfirst,
            body=blocks_to_html(body_blocks),
            section=sections[layout["article_sections"][record["id"]]],
            published_at=_at_noon(record["date_published"]),
            tags=tags[record["id"]],
            authors=[record["author"]],
            language=record["language"],
            source_url=record["source_url"],
            attribution=record["attribution"],
            license_url=record["license_url"],
        )
        created += 1
    if created:
        signals.articles_imported.send(Article, count=created)
    return created


def _create(*, tags: list[str], authors: list[str], published_at, **fields) -> Article:
    # Saved as a dated draft (so the slug is unique on its day), then published by the
    # system through the same service as every publication.
    article = services.save_article(
        Article(status=Article.Status.DRAFT, published_at=published_at, **fields),
        tags=[services.get_or_create_tag(name) for name in tags],
        authors=[services.get_or_create_author(name) for name in authors],
    )
    return services.publish_article(article, by=None, at=published_at)

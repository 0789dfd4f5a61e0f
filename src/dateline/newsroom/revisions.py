"""Revisions: a JSON snapshot of an article per save, compared side by side."""

import difflib

from dateline.newsroom.models import Article, Author, Image, Revision, Section, Tag

SNAPSHOT_FIELDS = [
    "headline", "slug", "standfirst", "body", "language", "seo_title", "seo_description",
    "correction_note",
]  # fmt: skip


def snapshot(article: Article) -> dict:
    data = {name: getattr(article, name) for name in SNAPSHOT_FIELDS}
    data["section_id"] = article.section_id
    data["featured_image_id"] = article.featured_image_id
    data["tag_ids"] = list(article.tags.values_list("id", flat=True))
    data["author_ids"] = [b.author_id for b in article.byline_set.order_by("position")]
    return data


def record(article: Article, *, by=None, note: str = "") -> Revision:
    """Store the article as it is now."""
    user = by if by is not None and by.is_authenticated else None
    return Revision.objects.create(
        article=article, snapshot=snapshot(article), created_by=user, note=note[:200]
    )


def content_of(revision: Revision) -> tuple[dict, list[Tag], list[Author]]:
    """The fields, tags and ordered authors a revision holds (missing ones left out)."""
    data = revision.snapshot
    fields = {name: data[name] for name in SNAPSHOT_FIELDS if name in data}
    fields["section"] = Section.objects.filter(pk=data.get("section_id")).first()
    fields["featured_image"] = Image.objects.filter(pk=data.get("featured_image_id")).first()
    tags = list(Tag.objects.filter(pk__in=data.get("tag_ids", [])))
    by_id = Author.objects.in_bulk(data.get("author_ids", []))
    authors = [by_id[i] for i in data.get("author_ids", []) if i in by_id]
    return fields, tags, authors


def _readable(data: dict) -> dict[str, list[str]]:
    """A snapshot as lines of text per field, the body one paragraph per line."""
    lines = {}
    for name in SNAPSHOT_FIELDS:
        value = str(data.get(name) or "")
        if name == "body":
            value = value.replace("</p>", "</p>\n").replace("</h2>", "</h2>\n")
        lines[name] = [line for line in value.splitlines() if line.strip()]
    section = Section.objects.filter(pk=data.get("section_id")).first()
    lines["section"] = [str(section)] if section else []
    tags = Tag.objects.filter(pk__in=data.get("tag_ids", [])).values_list("name", flat=True)
    lines["tags"] = [", ".join(sorted(tags))]
    names = Author.objects.in_bulk(data.get("author_ids", []))
    lines["bylines"] = [", ".join(str(names[i]) for i in data.get("author_ids", []) if i in names)]
    return lines


def side_by_side(older: Revision, newer: Revision) -> list[tuple[str, str]]:
    """(field, HTML table) pairs for the fields that differ; difflib escapes the text."""
    before, after = _readable(older.snapshot), _readable(newer.snapshot)
    differ = difflib.HtmlDiff(wrapcolumn=70)
    tables = []
    for name in before:
        if before[name] != after[name]:
            table = differ.make_table(
                before[name], after[name], "Before", "After", context=True, numlines=1
            )
            tables.append((name.replace("_", " "), table))
    return tables

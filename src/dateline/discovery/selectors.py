"""How readers find articles: Related Articles, Latest Articles and Most read."""

import datetime as dt

from django.utils import timezone

from dateline.core import sql
from dateline.newsroom.models import Article, visible_to_readers_sql
from dateline.newsroom.selectors import (
    LISTED_ARTICLE,
    SECTION,
    listed_articles_where,
    sections,
)


def latest_articles(*, limit: int = 5, exclude: Article | None = None, language: str | None = None):
    """The newest published articles, newest first (one query)."""
    where, params = "", []
    if exclude is not None:
        where, params = " AND a.id <> %s", [exclude.pk]
    if language:
        where, params = where + " AND a.language = %s", [*params, language]
    return listed_articles_where(where, params, limit=limit)


def related_articles_for(article: Article, *, limit: int = 4) -> list[Article]:
    """The article's stored Related Articles that readers may still see (one query).

    The list is computed in the background (dateline.discovery.related) when articles
    are published or change: similar articles in the same language, then the section's
    newest. Until it is (or when unpublishing has left it short), the section's newest
    articles fill in (a second query). Never the article itself nor anything unpublished.
    """
    stored = listed_articles_where(
        " AND r.article_id = %s AND a.language = %s",
        [article.pk, article.language],
        join=" JOIN discovery_relatedlink r ON r.related_id = a.id",
        order="r.rank",
        limit=limit,
    )
    if len(stored) < limit and article.section_id:
        shown = [article.pk, *(item.pk for item in stored)]
        stored += listed_articles_where(
            f" AND a.section_id = %s AND a.language = %s"
            f" AND a.id NOT IN ({', '.join(['%s'] * len(shown))})",
            [article.section_id, article.language, *shown],
            limit=limit - len(stored),
        )
    return stored


def most_read(*, hours: int = 24, limit: int = 5) -> list[Article]:
    """The published articles read most in the last `hours`, most first (one query).

    Counts come from the reading beacon (dateline.discovery.reads), by the hour; each
    article carries `.views`.
    """
    since = timezone.now() - dt.timedelta(hours=hours)
    visible, params = visible_to_readers_sql("a")
    # Start from the few counted articles, not from the whole archive (at 100,000
    # articles the join the other way round took over 100 ms); a margin of candidates
    # covers counted articles since unpublished.
    rows = sql.select(
        "SELECT {article}, {section}, v.total FROM (SELECT article_id, SUM(views) AS total"  # noqa: S608 - constant SQL
        " FROM discovery_pageviewbucket WHERE hour >= %s GROUP BY article_id"
        " ORDER BY total DESC LIMIT %s) v JOIN newsroom_article a ON a.id = v.article_id"
        f" LEFT JOIN newsroom_section s ON s.id = a.section_id WHERE {visible}"
        " ORDER BY v.total DESC, a.published_at DESC, a.id DESC LIMIT %s",
        [since, limit * 5, *params, limit],
        article=LISTED_ARTICLE,
        section=SECTION,
    )
    for row in rows:
        row.article.section = row.section
        row.article.views = row.rest[0]
    return [row.article for row in rows]


FRONT_WINDOW = 1000


def latest_per_section(
    *, per_section: int = 4, exclude: Article | None = None, in_order: list | None = None
) -> list[tuple]:
    """[(section, [articles])] for sections with articles, in navigation order (two queries;
    one when the page has read the sections already and passes them as `in_order`)."""
    # Rank within the newest FRONT_WINDOW articles only (an index range, not a window over
    # the whole archive: at 100,000 articles that took most of a second). A section with
    # nothing among them is left off the home page until it publishes again.
    visible, params = visible_to_readers_sql("n")
    if exclude is not None:
        visible, params = visible + " AND n.id <> %s", [*params, exclude.pk]
    ranked = sql.instances(
        "SELECT {item} FROM (SELECT {item}, ROW_NUMBER() OVER (PARTITION BY a.section_id"  # noqa: S608 - constant SQL
        " ORDER BY a.published_at DESC, a.id DESC) AS front_rank FROM newsroom_article a"
        f" WHERE a.id IN (SELECT n.id FROM newsroom_article n WHERE {visible}"
        " ORDER BY n.published_at DESC, n.id DESC LIMIT %s)) a"
        " WHERE a.front_rank <= %s ORDER BY a.published_at DESC, a.id DESC",
        [*params, FRONT_WINDOW, per_section],
        LISTED_ARTICLE,
    )
    by_section: dict[int, list[Article]] = {}
    for item in ranked:
        by_section.setdefault(item.section_id, []).append(item)
    fronts = []
    for section in sections() if in_order is None else in_order:
        if section.pk in by_section:
            for item in by_section[section.pk]:
                item.section = section
            fronts.append((section, by_section[section.pk]))
    return fronts

"""How readers find articles: Related Articles, Latest Articles and Most read."""

import datetime as dt

from django.db.models import F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from dateline.newsroom.models import Article, Section
from dateline.newsroom.selectors import listed_articles, listed_articles_where


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
    from dateline.discovery.models import PageViewBucket

    since = timezone.now() - dt.timedelta(hours=hours)
    recent = PageViewBucket.objects.filter(hour__gte=since)
    # Start from the few counted articles, not from the whole archive (at 100,000
    # articles the join the other way round took over 100 ms); a margin of candidates
    # covers counted articles since unpublished.
    top = (
        recent.values("article_id").annotate(total=Sum("views"))
        .order_by("-total").values("article_id")[: limit * 5]
    )  # fmt: skip
    views = (
        recent.filter(article=OuterRef("pk")).values("article")
        .annotate(total=Sum("views")).values("total")
    )  # fmt: skip
    return list(
        listed_articles()
        .filter(pk__in=top)
        .annotate(views=Subquery(views))
        .order_by("-views", "-published_at", "-id")[:limit]
    )


FRONT_WINDOW = 1000


def latest_per_section(*, per_section: int = 4, exclude: Article | None = None) -> list[tuple]:
    """[(section, [articles])] for sections with articles, in navigation order (two queries)."""
    articles = listed_articles()
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
    # Rank within the newest FRONT_WINDOW articles only (an index range, not a window over
    # the whole archive: at 100,000 articles that took most of a second). A section with
    # nothing among them is left off the home page until it publishes again.
    newest = articles.order_by("-published_at", "-id").values("pk")[:FRONT_WINDOW]
    ranked = (
        articles.filter(pk__in=newest)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("section"),
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_section)
    )
    by_section: dict[int, list[Article]] = {}
    for item in ranked.order_by("-published_at", "-id"):
        by_section.setdefault(item.section_id, []).append(item)
    return [(s, by_section[s.pk]) for s in Section.objects.all() if s.pk in by_section]

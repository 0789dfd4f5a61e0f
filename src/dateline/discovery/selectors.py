"""How readers find articles: Related Articles and Latest Articles."""

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from dateline.newsroom.models import Article, Section
from dateline.newsroom.selectors import published_articles


def latest_articles(*, limit: int = 5, exclude: Article | None = None, language: str | None = None):
    """The newest published articles, newest first (one query)."""
    articles = published_articles()
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
    if language:
        articles = articles.in_language(language)
    return list(articles[:limit])


def related_articles_for(article: Article, *, limit: int = 4) -> list[Article]:
    """Articles sharing the most tags with `article`, then its section's newest (two queries).

    Same language only; never the article itself nor anything unpublished.
    """
    candidates = published_articles().exclude(pk=article.pk).in_language(article.language)
    tag_ids = [tag.pk for tag in article.tags.all()]
    related: list[Article] = []
    if tag_ids:
        related = list(
            candidates.filter(tags__in=tag_ids)
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared", "-published_at", "-id")[:limit]
        )
    if len(related) < limit:
        seen = [a.pk for a in related]
        related += list(
            candidates.in_section(article.section).exclude(pk__in=seen)[: limit - len(related)]
        )
    return related


def latest_per_section(*, per_section: int = 4, exclude: Article | None = None) -> list[tuple]:
    """[(section, [articles])] for sections with articles, in navigation order (two queries)."""
    articles = published_articles()
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
    ranked = articles.annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("section"),
            order_by=[F("published_at").desc(), F("id").desc()],
        )
    ).filter(rank__lte=per_section)
    by_section: dict[int, list[Article]] = {}
    for item in ranked.order_by("-published_at", "-id"):
        by_section.setdefault(item.section_id, []).append(item)
    return [(s, by_section[s.pk]) for s in Section.objects.all() if s.pk in by_section]

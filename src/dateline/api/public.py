"""The public read side: published content only, cacheable by anyone."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from dateline.api import schemas
from dateline.api.caching import public_cache
from dateline.api.errors import Problem
from dateline.discovery.search import matching_articles
from dateline.newsroom.models import Author, Byline, Section, Tag
from dateline.newsroom.selectors import published_articles, sections
from dateline.syndication.selectors import with_featured_image

router = Router(tags=["public"])
router.add_decorator(public_cache, mode="view")

MAX_PAGE_SIZE = 100
NOT_FOUND = {404: Problem}


class Paging(Schema):
    page: int = NinjaField(1, ge=1, le=10_000)
    page_size: int = NinjaField(20, ge=1, le=MAX_PAGE_SIZE)


class ArticleFilters(Paging):
    section: schemas.Text | None = NinjaField(None, description="A section's slug.")
    tag: schemas.Text | None = NinjaField(None, description="A tag's slug.")
    author: schemas.Text | None = NinjaField(None, description="An author's slug.")
    language: schemas.Language | None = None


def with_lists(articles):
    """Articles with what a list shows, in a fixed number of queries."""
    return with_featured_image(articles).prefetch_related(
        Prefetch("byline_set", queryset=Byline.objects.select_related("author")), "tags"
    )


def paginate(queryset, paging: Paging) -> dict:
    paginator = Paginator(queryset, paging.page_size)
    start = (paging.page - 1) * paging.page_size
    items = list(queryset[start : start + paging.page_size]) if start < paginator.count else []
    return {
        "count": paginator.count,
        "page": paging.page,
        "pages": paginator.num_pages,
        "items": items,
    }


@router.get("/articles", response=schemas.ArticlePage, summary="Published articles, newest first")
def list_articles(request, filters: Query[ArticleFilters]):
    articles = published_articles()
    if filters.section:
        articles = articles.filter(section__slug=filters.section)
    if filters.tag:
        articles = articles.filter(tags__slug=filters.tag)
    if filters.author:
        articles = articles.filter(authors__slug=filters.author)
    if filters.language:
        articles = articles.in_language(filters.language)
    return paginate(with_lists(articles), filters)


@router.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleDetailOut, **NOT_FOUND},
    summary="One published article",
)
def get_article(request, article_id: schemas.ArticleId):
    return get_object_or_404(with_lists(published_articles()), pk=article_id)


@router.get("/sections", response=list[schemas.SectionOut], summary="Every section")
def list_sections(request):
    return sections()


@router.get(
    "/sections/{slug}", response={200: schemas.SectionOut, **NOT_FOUND}, summary="One section"
)
def get_section(request, slug: schemas.Text):
    return get_object_or_404(Section, slug=slug)


@router.get("/tags", response=schemas.TagPage, summary="Tags with published articles")
def list_tags(request, paging: Query[Paging]):
    tags = Tag.objects.filter(articles__in=published_articles().values("pk")).distinct()
    return paginate(tags.order_by("name", "pk"), paging)


@router.get("/tags/{slug}", response={200: schemas.TagOut, **NOT_FOUND}, summary="One tag")
def get_tag(request, slug: schemas.Text):
    return get_object_or_404(Tag, slug=slug)


@router.get("/authors", response=schemas.AuthorPage, summary="Authors with published articles")
def list_authors(request, paging: Query[Paging]):
    authors = Author.objects.filter(articles__in=published_articles().values("pk")).distinct()
    return paginate(authors.order_by("name", "pk"), paging)


@router.get(
    "/authors/{slug}", response={200: schemas.AuthorDetailOut, **NOT_FOUND}, summary="One author"
)
def get_author(request, slug: schemas.Text):
    return get_object_or_404(Author, slug=slug)


class SearchQuery(Paging):
    q: schemas.Text = NinjaField(min_length=1, max_length=200, description="Words to look for.")


@router.get("/search", response=schemas.ArticlePage, summary="Search published articles")
def search(request, query: Query[SearchQuery]):
    return paginate(with_lists(search_articles(query.q)), query)


def search_articles(text: str):
    """Published articles matching `text` (full-text, best first: dateline.discovery.search)."""
    return matching_articles(text)

"""The editorial side: token users act through the newsroom's own services and rules."""

from django.db.models import Prefetch
from django.http import Http404
from ninja import Router, Status

from dateline.api import schemas
from dateline.api.auth import TokenAuth
from dateline.api.caching import private_no_store
from dateline.api.errors import Problem
from dateline.newsroom import permissions, services
from dateline.newsroom.models import Article, Author, Byline, Section

router = Router(tags=["editorial"], auth=TokenAuth())
router.add_decorator(private_no_store, mode="view")

ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def article_for_editor(article_id: int, user) -> Article:
    """The article if `user` may work on it; 404 otherwise, so ids do not leak."""
    article = (
        Article.objects.select_related("section", "featured_image")
        .prefetch_related(
            Prefetch("byline_set", queryset=Byline.objects.select_related("author")), "tags"
        )
        .filter(pk=article_id)
        .first()
    )
    if article is None or not (
        permissions.can_edit(user, article) or permissions.can_publish(user, article)
    ):
        raise Http404("No such article, or not yours to edit.")
    return article


def _relations(data: dict) -> dict:
    """Slugs and names in the payload turned into the objects the services take."""
    fields = {}
    if data.get("section") is not None:
        fields["section"] = _section(data["section"])
    if data.get("tags") is not None:
        fields["tags"] = [services.get_or_create_tag(name) for name in data["tags"]]
    if data.get("authors") is not None:
        fields["authors"] = [_author(slug) for slug in data["authors"]]
    for url_field in ("source_url", "license_url"):
        if url_field in data:
            fields[url_field] = str(data[url_field] or "")
    return fields


def _section(slug: str) -> Section:
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist:
        raise _unknown("section", slug) from None


def _author(slug: str) -> Author:
    try:
        return Author.objects.get(slug=slug)
    except Author.DoesNotExist:
        raise _unknown("authors", slug) from None


def _unknown(field: str, slug: str):
    from django.core.exceptions import ValidationError

    return ValidationError({field: [f"No {field.rstrip('s')} with the slug {slug!r}."]})


def _fresh(article: Article, user) -> Article:
    return article_for_editor(article.pk, user)


@router.post(
    "/articles",
    response={201: schemas.EditorialArticleOut, **ERRORS},
    summary="Start a draft",
)
def create_article(request, payload: schemas.ArticleIn):
    data = payload.model_dump()
    fields = {**{k: v for k, v in data.items() if v is not None}, **_relations(data)}
    article = services.create_draft(by=request.auth, **fields)
    return Status(201, _fresh(article, request.auth))


@router.get(
    "/articles/{article_id}",
    response={200: schemas.EditorialArticleOut, **ERRORS},
    summary="An article you may work on, in any state",
)
def get_article(request, article_id: schemas.ArticleId):
    return article_for_editor(article_id, request.auth)


@router.patch(
    "/articles/{article_id}",
    response={200: schemas.EditorialArticleOut, **ERRORS},
    summary="Change an article's fields",
)
def update_article(request, article_id: schemas.ArticleId, payload: schemas.ArticlePatch):
    article = article_for_editor(article_id, request.auth)
    data = payload.model_dump(exclude_unset=True)
    fields = {**{k: v for k, v in data.items() if v is not None}, **_relations(data)}
    services.update_article(article, by=request.auth, **fields)
    return _fresh(article, request.auth)


@router.post(
    "/articles/{article_id}/submit",
    response={200: schemas.EditorialArticleOut, **ERRORS},
    summary="Send a draft to the editors for review",
)
def submit_article(request, article_id: schemas.ArticleId):
    article = article_for_editor(article_id, request.auth)
    services.submit_for_review(article, by=request.auth)
    return _fresh(article, request.auth)


@router.post(
    "/articles/{article_id}/publish",
    response={200: schemas.EditorialArticleOut, **ERRORS},
    summary="Publish an article now",
)
def publish_article(request, article_id: schemas.ArticleId):
    article = article_for_editor(article_id, request.auth)
    services.publish_article(article, by=request.auth)
    return _fresh(article, request.auth)


@router.post(
    "/articles/{article_id}/schedule",
    response={200: schemas.EditorialArticleOut, **ERRORS},
    summary="Have an article published at a future time",
)
def schedule_article(request, article_id: schemas.ArticleId, payload: schemas.ScheduleIn):
    article = article_for_editor(article_id, request.auth)
    services.schedule_article(article, by=request.auth, go_live_at=payload.go_live_at)
    return _fresh(article, request.auth)


@router.post(
    "/articles/{article_id}/unpublish",
    response={200: schemas.EditorialArticleOut, **ERRORS},
    summary="Take a published or scheduled article off the site",
)
def unpublish_article(request, article_id: schemas.ArticleId):
    article = article_for_editor(article_id, request.auth)
    services.unpublish_article(article, by=request.auth)
    return _fresh(article, request.auth)

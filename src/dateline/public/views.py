"""The reader-facing pages. Views parse input, call selectors, render."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dateline.comments.forms import CommentForm
from dateline.discovery.selectors import latest_articles, latest_per_section, related_articles_for
from dateline.newsroom import selectors as newsroom
from dateline.newsroom.exceptions import ArticleNotFoundError
from dateline.public.site import site_url
from dateline.syndication.structured_data import news_article

SECTION_PAGE_SIZE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    lead = next(iter(latest_articles(limit=1)), None)
    context = {"lead": lead, "fronts": latest_per_section(exclude=lead)}
    return render(request, "public/home.html", context)


@require_GET
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        section = newsroom.get_section(slug)
    except ArticleNotFoundError:
        raise Http404("No such section") from None
    articles = newsroom.published_articles().in_section(section)
    page = Paginator(articles, SECTION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/section_detail.html", {"section": section, "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def article_detail(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    try:
        article = newsroom.get_article_for_reader(year=year, month=month, day=day, slug=slug)
    except ArticleNotFoundError:
        raise Http404("No such article") from None
    if request.path != article.get_absolute_url():
        return redirect(article.get_absolute_url(), permanent=True)
    if request.method == "POST":
        return reply_to_article(request, article)
    return render_article(request, article)


def reply_to_article(request: HttpRequest, article) -> HttpResponse:
    """The reply form posts to the article itself, so it works without JavaScript."""
    form = CommentForm(request.POST)
    # Storing comments arrives with moderation; until then a valid form is answered
    # honestly and the reader keeps what they typed.
    received = form.is_valid()
    return render_article(request, article, extra={"form": form, "comment_received": received})


def render_article(
    request: HttpRequest, article, *, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    """The article page; `extra` adds to the context (the comment form and its state)."""
    url = site_url(request) + article.get_absolute_url()
    authors = newsroom.bylines_of(article)
    context = {
        "article": article,
        "authors": authors,
        "canonical_url": url,
        "structured_data": news_article(
            article, url=url, authors=authors, site_url=site_url(request)
        ),
        "related": related_articles_for(article),
        "latest": latest_articles(limit=5, exclude=article),
        "form": CommentForm(),
        **(extra or {}),
    }
    return render(request, "public/article_detail.html", context, status=status)

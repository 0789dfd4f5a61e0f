"""The reader-facing pages. Views parse input, call selectors, render."""

from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from dateline.comments import selectors as comments_selectors
from dateline.comments import services as comments_services
from dateline.comments.defence import client_ip, form_token
from dateline.comments.exceptions import CommentError, RateLimitedError
from dateline.comments.forms import CommentForm
from dateline.comments.origin import require_same_origin
from dateline.comments.remember import remember_commenter
from dateline.core import pagecache
from dateline.discovery import archives
from dateline.discovery.selectors import (
    latest_articles,
    latest_per_section,
    most_read,
    related_articles_for,
)
from dateline.newsroom import selectors as newsroom
from dateline.newsroom.exceptions import ArticleNotFoundError
from dateline.public.site import site_url
from dateline.syndication.structured_data import news_article


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    lead = next(iter(latest_articles(limit=1)), None)
    pagecache.add_keys("home", "latest", *([pagecache.article_key(lead)] if lead else []))
    fronts = latest_per_section(exclude=lead, in_order=newsroom.sections_for(request))
    comments_selectors.with_comment_counts(item for _, items in fronts for item in items)
    context = {
        "lead": lead,
        "most_read": most_read(hours=24, limit=5),  # the page cache's TTL keeps it fresh
        "fronts": fronts,
    }
    return render(request, "public/home.html", context)


@require_safe
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        section = newsroom.get_section(slug)
    except ArticleNotFoundError:
        raise Http404("No such section") from None
    page = archives.paginate(archives.articles_in_section(section), request.GET.get("page"))
    page.object_list = comments_selectors.with_comment_counts(page.object_list)
    pagecache.add_keys(f"section:{section.pk}", *map(pagecache.article_key, page.object_list))
    links = archives.page_links(section.get_absolute_url(), page)
    context = {"section": section, "current_section": section, "page": page, "links": links}
    return render(request, "public/section_detail.html", context)


@csrf_exempt  # the reply form is checked statelessly instead: see dateline.comments.origin
@require_http_methods(["GET", "HEAD", "POST"])
def article_detail(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    if request.method == "POST":
        require_same_origin(request)
        try:
            article = _article_or_404(year=year, month=month, day=day, slug=slug)
            return reply_to_article(request, article)
        except DatabaseError:
            return comments_unavailable(request)
    article = _article_or_404(year=year, month=month, day=day, slug=slug)
    if request.path != article.get_absolute_url():
        return redirect(article.get_absolute_url(), permanent=True)
    return render_article(request, article)


def _article_or_404(**permalink):
    try:
        return newsroom.get_article_for_reader(**permalink)
    except ArticleNotFoundError:
        raise Http404("No such article") from None


def reply_to_article(request: HttpRequest, article) -> HttpResponse:
    """The reply form posts to the article itself, so it works without JavaScript.

    A stored comment answers 303 to the article with a signed token naming it, so its
    author (and only they) see it "awaiting moderation" on a URL no cache shares.
    """
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_article(request, article, extra={"form": form})
    data = form.cleaned_data
    try:
        comment, _ = comments_services.post_comment(
            article=article,
            body=data["comment"],
            name=data["name"],
            email=data["email"],
            url=data["website"],
            parent_id=data["parent"],
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
            form_token=form.token,
        )
    except CommentError as error:
        form.add_error(None, error.message)
        response = render_article(request, article, extra={"form": form}, status=error.status)
        if isinstance(error, RateLimitedError):
            response["Retry-After"] = str(error.retry_after)
        return response
    token = comments_selectors.own_comment_token(comment)
    url = f"{article.get_absolute_url()}?comment={token}#comment-{comment.pk}"
    response = HttpResponseRedirect(url, status=303)
    remember_commenter(response, data)
    return response


def comments_unavailable(request: HttpRequest) -> HttpResponse:
    """The database is down: say so, and give the reader their text back in the form."""
    form = CommentForm(request.POST)
    form.is_valid()
    context = {"form": form, "article_url": request.path, "comments_open": True}
    response = render(request, "comments/unavailable.html", context, status=503)
    response["Retry-After"] = "60"
    return response


def render_article(
    request: HttpRequest, article, *, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    """The article page; `extra` adds to the context (the comment form and its state)."""
    url = site_url(request) + article.get_absolute_url()
    authors = newsroom.bylines_of(article)
    tags = newsroom.tags_of(article)
    context = {
        "article": article,
        "authors": authors,
        "tags": tags,
        "canonical_url": url,
        "structured_data": news_article(
            article, url=url, authors=authors, tags=tags, site_url=site_url(request)
        ),
        "related": related_articles_for(article),
        "latest": latest_articles(limit=5, exclude=article),
        **_comments_context(request, article),
        **(extra or {}),
    }
    pagecache.add_keys(*_article_page_keys(article, context))
    response = render(request, "public/article_detail.html", context, status=status)
    if context["own_comment"] is not None:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _comments_context(request: HttpRequest, article) -> dict:
    token = request.GET.get("comment")
    own = comments_selectors.own_comment(article, token) if token else None
    tree = comments_selectors.approved_comments_for(article, own=own)
    reply_to = comments_selectors.find_in_tree(tree, request.GET.get("replytocom"))
    return {
        "comments": tree,
        "comment_count": comments_selectors.count_shown(tree),
        "comments_open": comments_selectors.comments_open(article),
        "own_comment": own,
        "reply_to": reply_to,
        "article_url": article.get_absolute_url(),
        "form": None,  # the empty reply form (comments.templating.reply_form_fields)
        "comment_form_token": form_token(),
    }


def _article_page_keys(article, context: dict) -> list[str]:
    """What an article page shows, for the page cache (dateline.core.pagecache)."""
    return [
        f"article:{article.pk}",
        f"comments:{article.pk}",
        f"section:{article.section_id}",
        "latest",
        *(f"tag:{tag.pk}" for tag in context["tags"]),
        *(f"author:{author.pk}" for author in context["authors"]),
        *(pagecache.article_key(item) for item in context["latest"]),
    ]

"""Archive pages (tag, author, date) and the search page. Views parse, call, render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from dateline.comments.selectors import with_comment_counts
from dateline.core import pagecache
from dateline.discovery import archives
from dateline.discovery.forms import SearchForm
from dateline.discovery.search import search
from dateline.newsroom.models import Author, Tag


def render_list(request: HttpRequest, template: str, page, *, path: str, keys, **context):
    """An archive page: its articles (with comment counts), page links and page-cache keys."""
    page.object_list = with_comment_counts(page.object_list)
    pagecache.add_keys(*keys, *(pagecache.article_key(item) for item in page.object_list))
    links = archives.page_links(path, page)
    return render(request, template, {"page": page, "links": links, **context})


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        tag = archives.get_tag(slug)
    except Tag.DoesNotExist:
        raise Http404("No such tag") from None
    page = archives.paginate(archives.articles_tagged(tag), request.GET.get("page"))
    return render_list(
        request, "discovery/tag_detail.html", page,
        path=tag.get_absolute_url(), keys=[f"tag:{tag.pk}"], tag=tag,
    )  # fmt: skip


@require_safe
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        author = archives.get_author(slug)
    except Author.DoesNotExist:
        raise Http404("No such author") from None
    page = archives.paginate(archives.articles_by(author), request.GET.get("page"))
    return render_list(
        request, "discovery/author_detail.html", page,
        path=author.get_absolute_url(), keys=[f"author:{author.pk}"], author=author,
        links_out=[url for url in author.links if _is_web_address(url)],
    )  # fmt: skip


def _is_web_address(url) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://"))


@require_safe
def date_archive(request: HttpRequest, year: str, month: str = "", day: str = "") -> HttpResponse:
    try:
        period = archives.get_period(int(year), int(month or 0) or None, int(day or 0) or None)
    except ValueError:
        raise Http404("No such date") from None
    page = archives.paginate(archives.articles_in_period(period), request.GET.get("page"))
    if period.day:
        kind, parts, periods = "day", [year, month, day], []
    elif period.month:
        kind, parts, periods = "month", [year, month], archives.active_days(period)
    else:
        kind, parts, periods = "year", [year], archives.active_months(period)
    return render_list(
        request, "discovery/archive_date.html", page,
        path=reverse(f"discovery:archive-{kind}", args=parts), keys=["latest"],
        period=period, kind=kind, first_day=period.first_day, periods=periods,
    )  # fmt: skip


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    found = links = None
    if form.is_valid() and form.cleaned_data["q"]:
        found = search(
            form.cleaned_data["q"], page=request.GET.get("page"), **form.search_arguments()
        )
        links = archives.page_links(request.path, found.page, query=request.GET.dict())
    context = {"form": form, "found": found, "links": links, "query_text": form.query_text()}
    return render(request, "discovery/search_results.html", context)

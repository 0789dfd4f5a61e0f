"""Sitemaps and robots.txt. Feeds are in feeds.py."""

from django.core.paginator import EmptyPage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from dateline.core.pagecache import add_keys
from dateline.newsroom.selectors import site_settings
from dateline.public.site import site_url
from dateline.syndication import selectors
from dateline.syndication.images import featured_picture
from dateline.syndication.sitemaps import ArticleSitemap, PageSitemap

XML = "application/xml; charset=utf-8"
SITEMAP_MAX_AGE = 300


def _xml(request, template: str, context: dict) -> HttpResponse:
    add_keys("sitemaps")  # purged by dateline.core.invalidation when content changes
    return render(request, template, context, content_type=XML)


@require_GET
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index: pages, every article sitemap, and the news sitemap when it has news."""
    base = site_url(request)
    article_pages = ArticleSitemap().paginator
    maps = [base + reverse("syndication:sitemap-pages")]
    if article_pages.count:
        maps += [
            base + reverse("syndication:sitemap-articles", kwargs={"page": n})
            for n in article_pages.page_range
        ]
    if selectors.news_sitemap_articles_exist():
        maps.append(base + reverse("syndication:sitemap-news"))
    return _xml(request, "syndication/sitemap_index.xml", {"sitemaps": maps})


@require_GET
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def pages_sitemap(request: HttpRequest) -> HttpResponse:
    base = site_url(request)
    sitemap = PageSitemap()
    urls = [
        {"loc": base + sitemap.location(item), "changefreq": sitemap.changefreq}
        for item in sitemap.items()
    ]
    return _xml(request, "syndication/sitemap.xml", {"urls": urls})


@require_GET
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def articles_sitemap(request: HttpRequest, page: int) -> HttpResponse:
    """One page of up to 50,000 article URLs, each with its featured image."""
    sitemap = ArticleSitemap()
    try:
        articles = sitemap.paginator.page(page).object_list
    except EmptyPage:
        raise Http404("No such sitemap page") from None
    if not articles:
        raise Http404("No articles yet")
    base = site_url(request)
    urls = [
        {
            "loc": base + article.get_absolute_url(),
            "lastmod": sitemap.lastmod(article),
            "image": featured_picture(article, site_url=base),
        }
        for article in articles
    ]
    return _xml(request, "syndication/sitemap.xml", {"urls": urls})


@require_GET
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: articles of the last two days, at most 1,000."""
    base = site_url(request)
    urls = [
        {
            "loc": base + article.get_absolute_url(),
            "article": article,
            "language": news_language(article.language),
            "keywords": ", ".join(tag.name for tag in article.tags.all()),
            "image": featured_picture(article, site_url=base),
        }
        for article in selectors.news_sitemap_articles()
    ]
    context = {"urls": urls, "publication_name": site_settings().site_name}
    return _xml(request, "syndication/sitemap_news.xml", context)


def news_language(code: str) -> str:
    """The ISO 639 code Google News wants: `pt-br` -> `pt`; zh-cn and zh-tw stay."""
    code = code.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


@require_GET
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def robots_txt(request: HttpRequest) -> HttpResponse:
    base = site_url(request)
    context = {
        "sitemaps": [
            base + reverse("syndication:sitemap-index"),
            base + reverse("syndication:sitemap-news"),
        ]
    }
    return render(
        request, "syndication/robots.txt", context, content_type="text/plain; charset=utf-8"
    )

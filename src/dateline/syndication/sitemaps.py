"""Sitemaps as small declarative classes on django.contrib.sitemaps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dateline.newsroom.selectors import sections
from dateline.syndication import selectors


class ArticleSitemap(Sitemap):
    """Every published article, in pages of 2,000 URLs (as WordPress's own sitemaps).

    The protocol allows 50,000 a page, but a page is built whole and kept in the page
    cache: at 100,000 articles, a page of 50,000 took 15 s and left the worker holding
    600 MB. Only what a URL needs is read (no bodies).
    """

    limit = 2_000

    def items(self):
        return selectors.with_featured_image(selectors.sitemap_articles())

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class PageSitemap(Sitemap):
    """The home page and the section fronts."""

    changefreq = "hourly"

    def items(self):
        return ["home", *sections()]

    def location(self, item):
        return reverse("public:home") if item == "home" else item.get_absolute_url()

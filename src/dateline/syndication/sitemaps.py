"""Sitemaps as small declarative classes on django.contrib.sitemaps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dateline.newsroom.selectors import sections
from dateline.syndication import selectors


class ArticleSitemap(Sitemap):
    """Every published article; split into pages of 50,000 URLs, the protocol's limit."""

    limit = 50_000

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

"""Feeds, sitemaps and robots.txt, all at the site root.

Feeds live under /feeds/: /feeds/{rss,atom,json}/ for the site and
/feeds/{section,tag,author}/<slug>/{rss,atom,json}/ for one section, tag or author.
"""

from django.urls import path

from dateline.syndication import feeds, views

app_name = "syndication"

FORMATS = {
    "rss": feeds.ArticleFeed.as_view(),
    "atom": feeds.AtomArticleFeed.as_view(),
    "json": feeds.json_feed,
}

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-pages.xml", views.pages_sitemap, name="sitemap-pages"),
    path("sitemap-articles-<int:page>.xml", views.articles_sitemap, name="sitemap-articles"),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap-news"),
]

for fmt, view in FORMATS.items():
    conditional = feeds.conditional(view, fmt)
    urlpatterns += [
        path(f"feeds/{fmt}/", conditional, {"kind": "site"}, name=f"site-{fmt}"),
        *(
            path(
                f"feeds/{kind}/<str:slug>/{fmt}/", conditional, {"kind": kind}, name=f"{kind}-{fmt}"
            )
            for kind in ("section", "tag", "author")
        ),
    ]

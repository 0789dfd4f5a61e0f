"""Head meta for syndication: feed autodiscovery, translations, breadcrumbs, social cards."""

from jinja2 import pass_context

from dateline.newsroom.models import Author, Section, Tag
from dateline.public.site import site_url
from dateline.syndication import feeds, images, selectors, structured_data

_SCOPE_KEYS = (("section", Section), ("tag", Tag), ("author", Author))
_TITLES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def _page_scope(context) -> selectors.FeedScope | None:
    """The section, tag or author a page is about: `feed_<kind>` in the context, or the
    page's own `section`/`tag`/`author` object. No query: the object is already loaded."""
    for kind, model in _SCOPE_KEYS:
        obj = context.get(f"feed_{kind}") or context.get(kind)
        if isinstance(obj, model):
            return selectors.FeedScope(kind, obj)
    return None


@pass_context
def feed_links(context) -> list[dict]:
    """The site's feeds and those of the page's subject, for <link rel="alternate">."""
    scopes = [selectors.FeedScope("site")]
    if (scope := _page_scope(context)) is not None:
        scopes.append(scope)
    return [
        {
            "href": feeds.feed_path(scope, fmt),
            "type": _TYPES[fmt],
            "title": f"{feeds.feed_title(scope)} ({_TITLES[fmt]})",
        }
        for scope in scopes
        for fmt in _TYPES
    ]


@pass_context
def article_picture(context, article) -> images.Picture:
    return images.picture_for(article, site_url=site_url(context["request"]))


@pass_context
def article_translations(context, article) -> list[dict]:
    """hreflang alternates: the article and its published translations (one query)."""
    others = selectors.translations_of(article)
    if not others:
        return []
    base = site_url(context["request"])
    return [
        {"language": item.language, "url": base + item.get_absolute_url()}
        for item in [article, *others]
    ]


@pass_context
def article_breadcrumbs(context, article, url: str) -> dict:
    return structured_data.breadcrumb_list(article, url=url, site_url=site_url(context["request"]))

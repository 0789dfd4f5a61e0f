"""RSS 2.0, Atom and JSON Feed 1.1 for the site and for each section, tag and author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse
from django.utils import feedgenerator
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from dateline.core.pagecache import add_keys
from dateline.core.urls import cached_reverse
from dateline.newsroom.selectors import bylines_of, site_settings
from dateline.public.site import site_url
from dateline.syndication import selectors
from dateline.syndication.images import featured_picture

FEED_SIZE = 30
FEED_MAX_AGE = 300  # seconds a reader or proxy may reuse a feed without asking
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_url_name(kind: str, fmt: str) -> str:
    return f"syndication:{kind}-{fmt}"


def feed_path(scope: selectors.FeedScope, fmt: str) -> str:
    kwargs = {"slug": scope.slug} if scope.obj else {}
    return cached_reverse(feed_url_name(scope.kind, fmt), **kwargs)  # on every page


def feed_title(scope: selectors.FeedScope) -> str:
    if scope.kind == "site":
        return site_settings().site_name
    return f"{site_settings().site_name}: {scope.name}"


def feed_description(scope: selectors.FeedScope) -> str:
    return {
        "site": f"The latest articles from {site_settings().site_name}.",
        "section": f"The latest articles in {scope.name}.",
        "tag": f"The latest articles about {scope.name}.",
        "author": f"The latest articles by {scope.name}.",
    }[scope.kind]


def full_text(article) -> str:
    """The whole body (HTML, cleaned on write) when feeds carry full text, else ''."""
    return article.body if settings.FEED_FULL_TEXT else ""


class ContentRss201(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the full text in content:encoded beside the summary."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ContentAtom1(feedgenerator.Atom1Feed):
    """Atom with the full text in <content type="html"> beside <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    """The RSS 2.0 feed; `kind` (site, section, tag, author) comes from the URL."""

    feed_type = ContentRss201

    @classmethod
    def as_view(cls):
        """A view making a fresh feed per request: the instance holds the request."""

        def view(request, **kwargs):
            return cls()(request, **kwargs)

        return view

    def get_object(self, request, kind="site", slug=None):
        self.request = request
        return _scope_and_state(request, kind, slug)[0]

    def title(self, scope):
        return feed_title(scope)

    def description(self, scope):
        return feed_description(scope)

    subtitle = description

    fmt = "rss"

    def link(self, scope):
        return site_url(self.request) + scope.page_path

    def feed_url(self, scope):
        return site_url(self.request) + feed_path(scope, self.fmt)

    def author_name(self, scope):
        # Atom wants an author for every entry; the site stands in where a byline is missing.
        return site_settings().site_name

    def language(self, scope):
        return settings.LANGUAGE_CODE

    def items(self, scope):
        return selectors.feed_items(scope, limit=FEED_SIZE)

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS descriptions and Atom summaries (type="html") are HTML; a standfirst is text.
        return escape(item.standfirst or item.headline)

    def item_extra_kwargs(self, item):
        body = full_text(item)
        return {"content": body} if body else {}

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return ", ".join(author.name for author in bylines_of(item)) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_link(self, item):
        return site_url(self.request) + item.get_absolute_url()

    def item_guid(self, item):
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_enclosures(self, item):
        picture = featured_picture(item, site_url=site_url(self.request))
        if picture is None:
            return []
        return [feedgenerator.Enclosure(picture.url, str(picture.length), picture.mime_type)]


class AtomArticleFeed(ArticleFeed):
    feed_type = ContentAtom1
    fmt = "atom"


def _scope_and_state(request, kind: str, slug: str | None):
    """The feed's scope and content fingerprint, looked up once per request."""
    key = (kind, slug)
    cached = getattr(request, "_syndication_feed", None)
    if cached is None or cached[0] != key:
        scope = selectors.get_feed_scope(kind, slug)
        cached = (key, scope, selectors.content_state(scope))
        request._syndication_feed = cached
    return cached[1], cached[2]


def _state(request, kind: str, slug: str | None) -> selectors.ContentState:
    return _scope_and_state(request, kind, slug)[1]


def conditional(view, fmt: str):
    """`view` answering 304 Not Modified to a client that has the current version."""

    def etag(request, kind="site", slug=None):
        return _state(request, kind, slug).etag(
            fmt, kind, slug or "", str(settings.FEED_FULL_TEXT), site_settings().site_name
        )

    def last_modified(request, kind="site", slug=None):
        return _state(request, kind, slug).http_last_modified

    def keyed_view(request, **kwargs):
        add_keys("feeds")  # purged by dateline.core.invalidation when content changes
        response = view(request, **kwargs)
        # Django's Feed stamps Last-Modified from the items it shows; the fingerprint
        # covers the whole scope (an older article edited, one unpublished), so ours wins
        # and a client echoing it back in If-Modified-Since gets its 304.
        del response["Last-Modified"]
        return response

    cached_view = cache_control(public=True, max_age=FEED_MAX_AGE)(keyed_view)
    return condition(etag_func=etag, last_modified_func=last_modified)(cached_view)


def json_feed(request: HttpRequest, kind: str = "site", slug: str | None = None) -> JsonResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the same articles."""
    scope = _scope_and_state(request, kind, slug)[0]
    base = site_url(request)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": feed_title(scope),
        "home_page_url": base + scope.page_path,
        "feed_url": base + feed_path(scope, "json"),
        "description": feed_description(scope),
        "language": settings.LANGUAGE_CODE,
        "items": [
            json_feed_item(article, base)
            for article in selectors.feed_items(scope, limit=FEED_SIZE)
        ],
    }
    return JsonResponse(
        feed,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def json_feed_item(article, base: str) -> dict:
    url = base + article.get_absolute_url()
    item = {
        "id": url,
        "url": url,
        "title": article.headline,
        **(
            {"content_html": body}
            if (body := full_text(article))
            else {"content_text": article.standfirst or article.headline}
        ),
        "summary": article.standfirst,
        "date_published": article.published_at.isoformat(),
        "date_modified": max(article.updated_at, article.published_at).isoformat(),
        "authors": [_json_author(author, base) for author in bylines_of(article)],
        "tags": [tag.name for tag in article.tags.all()],
        "language": article.language,
    }
    picture = featured_picture(article, site_url=base)
    if picture:
        item["image"] = picture.url
        item["attachments"] = [
            {"url": picture.url, "mime_type": picture.mime_type}
            | ({"size_in_bytes": picture.length} if picture.length else {})
        ]
    return item


def _json_author(author, base: str) -> dict:
    page = selectors.page_url_of(author)
    return {"name": author.name} | ({"url": base + page} if page else {})

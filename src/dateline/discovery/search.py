"""Full-text search of published articles, behind one interface for both databases.

    search("putin summit", section=world, page=2) -> SearchPage

Readers' text is parsed here, never passed on: words, "quoted phrases" and prefix*
terms, all of which must match. Whatever is typed (operators, quotes, SQL, control
characters, ten thousand characters) becomes at most MAX_TERMS plain terms or nothing,
so every query is a normal page. The backends (search_backends.py) run it on SQLite
FTS5 or PostgreSQL full-text search; snippets come back HTML-escaped with only our own
<mark> tags.

Why not Wagtail's modelsearch (it installs without Wagtail): it has no highlighted
snippets (no snippet()/ts_headline), uses one text search configuration for the whole
index where articles need their own language's, and brings its own tables and
generic relations for what is here one table and two small backends.
"""

import dataclasses
import datetime as dt
import logging
import re
import unicodedata

from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dateline.discovery.search_backends import (
    START,
    STOP,
    ZERO_WIDTH_SPACE,
    backend_for,
    document_of,
)
from dateline.newsroom.models import Article, Author, Section
from dateline.newsroom.selectors import published_articles

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200  # characters read of a query; the rest is ignored
MAX_TERMS = 12
MAX_RESULTS = 1000  # ranked and paged; a reader refines a query rather than read more
PAGE_SIZE = 20
INDEX_BATCH = 200

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>[^\W_]+)(?P<star>\*)?')
_WORD = re.compile(r"[^\W_]+")


@dataclasses.dataclass(frozen=True)
class ParsedQuery:
    """A reader's query as terms that must all match."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()  # words separated by single spaces
    prefixes: tuple[str, ...] = ()
    text: str = ""  # what was searched for, after cleaning and truncation
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.prefixes)


def parse_query(text: str) -> ParsedQuery:
    """Words, "phrases" (an unclosed quote runs to the end) and prefix* terms of `text`."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    terms: dict[tuple[str, str], None] = {}  # ordered and without repeats
    for match in _TOKEN.finditer(text):
        if match["word"]:
            terms[("prefixes" if match["star"] else "words", match["word"].lower())] = None
            continue
        words = _WORD.findall(match["phrase"] or "")[:MAX_TERMS]
        if len(words) == 1:
            terms[("words", words[0].lower())] = None
        elif words:
            terms[("phrases", " ".join(words).lower())] = None
    kept = list(terms)[:MAX_TERMS]
    return ParsedQuery(
        **{kind: tuple(term for k, term in kept if k == kind) for kind in _KINDS},
        text=text,
        truncated=truncated,
    )


_KINDS = ("words", "phrases", "prefixes")


@dataclasses.dataclass(frozen=True)
class SearchHit:
    article: Article
    headline: SafeString  # HTML: the escaped headline with matched words in <mark>
    snippet: SafeString  # HTML: an escaped passage with matched words in <mark>


@dataclasses.dataclass(frozen=True)
class SearchPage:
    query: ParsedQuery
    page: Page  # a Django Page of SearchHit
    total: int  # matching articles, counted up to MAX_RESULTS
    is_capped: bool  # more than MAX_RESULTS match

    @property
    def hits(self) -> list[SearchHit]:
        return list(self.page.object_list)


def marked(text: str) -> SafeString:
    """Backend text with START/STOP marks as HTML: escaped, the marks made <mark>."""
    escaped = escape((text or "").replace(ZERO_WIDTH_SPACE, ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def filtered_articles(
    *,
    section: Section | None = None,
    author: Author | None = None,
    language: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """Published articles narrowed by the search filters (dates in the site's time zone)."""
    articles = published_articles()
    if section is not None:
        articles = articles.in_section(section)
    if author is not None:
        articles = articles.filter(authors=author)
    if language:
        articles = articles.in_language(language)
    if date_from:
        articles = articles.filter(published_at__gte=_start_of(date_from))
    if date_to:
        articles = articles.filter(published_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return articles


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def matching_articles(
    query: str | ParsedQuery, *, among: list[int] | None = None, backend=None, **filters
):
    """Published articles matching `query`, best first (a QuerySet; `search_rank` set).

    `filters` are those of filtered_articles(); `among`, the ids of the newest matches
    (from _Results.count), ranks only those. An empty query matches nothing.
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    articles = filtered_articles(**filters)
    if not parsed:
        return articles.none()
    language = filters.get("language")
    backend = backend or backend_for()
    return backend.ranked(articles, parsed, language=language, among=among)


class _Results:
    """Ranked hits as the lazy sequence Django's Paginator pages through.

    Only the newest MAX_RESULTS matching articles are ranked: a common word matching
    a third of 100,000 articles costs what 1,000 do, and news readers want the recent.
    """

    def __init__(self, query: ParsedQuery, filters: dict) -> None:
        self.query = query
        self.filters = filters
        self.backend = backend_for()
        self.total = 0
        self.among = None
        # Every article readers may see: where the index keeps when each is visible
        # (PostgreSQL), the newest matches are found and ranked in it alone.
        self.unfiltered = not any(filters.values())

    def count(self) -> int:
        """Counts up to MAX_RESULTS + 1 matches, keeping the ids of the newest MAX_RESULTS."""
        if not self.query:
            return 0
        ids = None
        if self.unfiltered:
            ids = self.backend.newest_visible_ids(self.query, MAX_RESULTS + 1, timezone.now())
        if ids is None:
            language = self.filters.get("language")
            articles = filtered_articles(**self.filters)
            articles = self.backend.matching(articles, self.query, language=language)
            ids = self.backend.newest_ids(articles, MAX_RESULTS + 1)
        self.total = len(ids)
        if self.total > MAX_RESULTS:
            self.among = ids[:MAX_RESULTS]
        return min(self.total, MAX_RESULTS)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[SearchHit]:
        if self.among is None:
            ranked = matching_articles(self.query, backend=self.backend, **self.filters)
            articles = list(ranked.defer("body")[key])  # the snippet comes from the index
        else:
            # Ranking the newest MAX_RESULTS: order them by id alone, then read the page's.
            # Joining every ranked row to its section and carrying it whole through the
            # sort cost more than the ranking (on PostgreSQL at 100,000 articles).
            ids = self._ranked_among(key)
            found = published_articles().defer("body").order_by().in_bulk(ids)
            articles = [found[pk] for pk in ids if pk in found]
        marks = self.backend.highlights([a.pk for a in articles], self.query)
        return [_hit(article, marks.get(article.pk)) for article in articles]

    def _ranked_among(self, key: slice) -> list[int]:
        """The ids of the newest matches (self.among) ranked, `key` of them."""
        if self.unfiltered:
            ids = self.backend.ranked_visible_ids(self.query, self.among, key)
            if ids is not None:
                return ids
        ranked = matching_articles(
            self.query, among=self.among, backend=self.backend, **self.filters
        )
        return list(ranked.values_list("pk", flat=True)[key])


def _hit(article: Article, highlight) -> SearchHit:
    if highlight is None:  # unindexed meanwhile: show it plainly
        return SearchHit(article, marked(article.headline), marked(article.standfirst))
    passage = next(
        (text for text in (highlight.standfirst, highlight.body) if START in text),
        highlight.standfirst or highlight.body,
    )
    headline = highlight.headline or article.headline
    return SearchHit(article, marked(headline), marked(passage))


def search(
    query: str | ParsedQuery,
    *,
    section: Section | None = None,
    author: Author | None = None,
    language: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int | str | None = 1,
    per_page: int | None = None,
) -> SearchPage:
    """One page of published articles matching `query`, best first, with snippets.

    A page number out of range or not a number gives the nearest page. Reads only
    (three queries: the newest MAX_RESULTS + 1 matching ids, the page, its snippets; one
    more over MAX_RESULTS matches, the page's ids ranked then its articles read; on
    PostgreSQL up to two more when the newest ids are looked at in windows first).
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    filters = {
        "section": section,
        "author": author,
        "language": language,
        "date_from": date_from,
        "date_to": date_to,
    }
    results = _Results(parsed, filters)
    with results.backend.planned(parsed, language):
        found = Paginator(results, per_page or PAGE_SIZE).get_page(page)
    return SearchPage(parsed, found, results.total, results.total > MAX_RESULTS)


# --- keeping the index in step (see search_receivers.py) --------------------------------


def index_articles(article_ids) -> None:
    """Index the given articles as they are now: published ones (re)indexed, others removed."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), INDEX_BATCH):
        _index_batch(set(ids[start : start + INDEX_BATCH]))


def _index_batch(ids: set[int]) -> None:
    backend = backend_for()
    published = list(
        Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED).prefetch_related("tags")
    )
    with transaction.atomic():
        backend.delete(ids - {article.pk for article in published})
        backend.save([document_of(article) for article in published])


def unindex_articles(article_ids) -> None:
    """Remove the given articles from the index (deleted articles)."""
    backend_for().delete(list(article_ids))


def rebuild_index() -> int:
    """Index every published article afresh; returns how many were indexed."""
    return backend_for().rebuild(Article.objects.all())


def index_if_empty(*, using: str = "default") -> int:
    """After `migrate`: when the index is empty but published articles exist (its table
    was just created on a site with articles), index them all. Only with every search
    migration applied, so today's code writes the table it knows. Returns how many."""
    connection = connections[using]
    if not _search_migrations_applied(connection):
        return 0
    if not Article.objects.using(using).filter(status=Article.Status.PUBLISHED).exists():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM discovery_search LIMIT 1")
        if cursor.fetchone() is not None:
            return 0
    count = backend_for(connection).rebuild(Article.objects.using(using).all())
    logger.info("search index was empty: indexed %s published articles", count)
    return count


def _search_migrations_applied(connection) -> bool:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves = loader.graph.leaf_nodes("discovery")
    return bool(leaves) and all(leaf in loader.applied_migrations for leaf in leaves)

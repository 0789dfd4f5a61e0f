"""The search index on each database: SQLite FTS5, or PostgreSQL full-text search.

Both keep one row per published article in the table `discovery_search` (created by
migration 0002) and answer the same questions: which articles match a parsed query
(a filter on an Article queryset, so "published" keeps its one definition), how well
(a rank to order by), and where (headline and snippets with the matched words
between START and STOP, two private-use characters that article text never keeps).
"""

import contextlib
import datetime as dt
import html
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.db.models.expressions import RawSQL

START, STOP = "\ue000", "\ue001"
ELLIPSIS = "…"
ZERO_WIDTH_SPACE = "\u200b"
SNIPPET_WORDS = 32
BATCH = 500

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """`text` as one line, without control (or our marks') characters."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text or "")
    return _SPACE.sub(" ", text).strip()


def text_of_html(body: str) -> str:
    """Article HTML (clean, see dateline.core.html) as plain text."""
    return plain_text(html.unescape(_TAG.sub(" ", body or "")))


@dataclass(frozen=True)
class Document:
    """What the index keeps of one article."""

    article_id: int
    language: str
    headline: str
    standfirst: str
    body: str
    tags: str
    # When readers may see it: kept by PostgreSQL so that a search without filters
    # need not join the articles (PostgresBackend.newest_visible_ids).
    published_at: dt.datetime | None = None
    expire_at: dt.datetime | None = None


def document_of(article) -> Document:
    """`article` with its tags (prefetched or not) as index text."""
    return Document(
        article_id=article.pk,
        language=article.language,
        headline=plain_text(article.headline),
        standfirst=plain_text(article.standfirst),
        body=text_of_html(article.body),
        tags=" ".join(tag.name for tag in article.tags.all()),
        published_at=article.published_at,
        expire_at=article.expire_at,
    )


@dataclass(frozen=True)
class Highlight:
    """Index text of one hit with the matched words marked by START and STOP. A backend
    may leave `body` empty when `standfirst` has a mark: the hit shows that one."""

    headline: str
    standfirst: str
    body: str


def _published_for_index(articles):
    """Articles worth indexing: published ones (expiry is checked when searching)."""
    return (
        articles.filter(status="published")
        .only("id", "language", "headline", "standfirst", "body", "published_at", "expire_at")
        .prefetch_related("tags")
        .order_by("pk")
    )


class Backend:
    vendor = ""
    ID = ""  # the index's column holding the article id

    def __init__(self, connection) -> None:
        self.connection = connection

    def match_sql(self, query, language: str | None) -> tuple[str, list]:
        """A WHERE condition (and its parameters) true for index rows matching `query`."""
        raise NotImplementedError

    def matching(self, articles, query, *, language: str | None = None, among=None):
        """`articles` that match `query`; only those of the ids `among`, when given: the
        newest matches of the same `articles` (see newest_first)."""
        where, params = [f"{self.ID} = newsroom_article.id"], []
        if among is None or not self.AMONG_ARE_MATCHES:
            condition, params = self.match_sql(query, language)
            where.append(condition)
        if among is not None:
            among_sql, among_params = self.among_sql(among)
            where.append(among_sql)
            params = [*params, *among_params]
        # A join Django's ORM cannot express: fixed SQL fragments, values bound parameters.
        return articles.extra(tables=["discovery_search"], where=where, params=params)  # noqa: S610

    # Whether among_sql() keeps only the ids given (matches already, so the index need
    # not be asked again), or a range that holds other rows too.
    AMONG_ARE_MATCHES = False

    def among_sql(self, ids: list[int]) -> tuple[str, list]:
        raise NotImplementedError

    def newest_first(self, matching):
        """Matching articles by id, newest first."""
        raise NotImplementedError

    def newest_ids(self, matching, limit: int) -> list[int]:
        """The ids of the newest `limit` of the `matching` articles, newest first."""
        return list(self.newest_first(matching).values_list("pk", flat=True)[:limit])

    def newest_visible_ids(self, query, limit: int, now: dt.datetime) -> list[int] | None:
        """newest_ids() of every article readers may see at `now` that matches `query`,
        read from the index alone; None where the index cannot tell (then newest_ids()
        of matching() answers)."""
        return None

    def ranked_visible_ids(self, query, among: list[int], key: slice) -> list[int] | None:
        """The ids `among` (from newest_visible_ids) best first as ranked() orders them,
        `key` of them, from the index alone; None where it cannot tell."""
        return None

    def save(self, documents: list[Document]) -> None:
        raise NotImplementedError

    def delete(self, article_ids) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def rebuild(self, articles) -> int:
        """Index every published article of `articles` afresh, in one transaction."""
        count = 0
        with transaction.atomic(using=self.connection.alias):
            self.clear()
            batch: list[Document] = []
            for article in _published_for_index(articles).iterator(chunk_size=BATCH):
                batch.append(document_of(article))
                if len(batch) == BATCH:
                    self.save(batch)
                    count, batch = count + len(batch), []
            self.save(batch)
            count += len(batch)
        self.optimize()
        return count

    def optimize(self) -> None:
        """Make a freshly built index as fast to read as it can be."""

    @contextlib.contextmanager
    def planned(self, query, language: str | None):
        """Around the queries of one search for `query`: whatever the database needs to
        plan them well (one query at most)."""
        yield


class SQLiteBackend(Backend):
    """FTS5: rowid is the article id; bm25 ranks with the headline weighted highest."""

    vendor = "sqlite"
    ID = "discovery_search.rowid"
    # bm25 weights per column: headline, standfirst, body, tags.
    WEIGHTS = (10.0, 4.0, 1.0, 4.0)

    @staticmethod
    def match_expression(query) -> str:
        """The parsed query in FTS5 syntax: every term quoted, so none is an operator."""

        def quoted(text: str) -> str:
            return '"' + text.replace('"', '""') + '"'

        terms = [quoted(word) for word in query.words]
        terms += [quoted(phrase) for phrase in query.phrases]
        terms += [quoted(prefix) + "*" for prefix in query.prefixes]
        return " ".join(terms)

    def match_sql(self, query, language: str | None) -> tuple[str, list]:
        return "discovery_search MATCH %s", [self.match_expression(query)]

    def among_sql(self, ids: list[int]) -> tuple[str, list]:
        # The newest matches are all matches from the oldest of them on: a rowid range,
        # which FTS5 applies while it reads the index.
        return "discovery_search.rowid >= %s", [min(ids, default=0)]

    def newest_first(self, matching):
        # FTS5 returns matches in rowid order, either way, without sorting.
        return matching.extra(order_by=["-discovery_search.rowid"])  # noqa: S610

    def ranked(self, articles, query, *, language: str | None = None, among=None):
        rank = RawSQL("bm25(discovery_search, %s, %s, %s, %s)", self.WEIGHTS)  # noqa: S611
        return (
            self.matching(articles, query, among=among)
            .annotate(search_rank=rank)
            .order_by("search_rank", "-published_at", "-id")
        )

    def highlights(self, article_ids: list[int], query) -> dict[int, Highlight]:
        if not article_ids:
            return {}
        marks = [START, STOP]
        snippet = [*marks, ELLIPSIS, SNIPPET_WORDS]
        params = [*marks, *snippet, *snippet, self.match_expression(query)]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, highlight(discovery_search, 0, %s, %s),"
                " snippet(discovery_search, 1, %s, %s, %s, %s),"
                " snippet(discovery_search, 2, %s, %s, %s, %s)"
                " FROM discovery_search WHERE discovery_search MATCH %s"
                " AND rowid IN (SELECT value FROM json_each(%s))",
                [*params, json.dumps(list(article_ids))],
            )
            return {row[0]: Highlight(*row[1:]) for row in cursor.fetchall()}

    def save(self, documents: list[Document]) -> None:
        if not documents:
            return
        self.delete([d.article_id for d in documents])
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO discovery_search (rowid, headline, standfirst, body, tags)"
                " VALUES (%s, %s, %s, %s, %s)",
                [(d.article_id, d.headline, d.standfirst, d.body, d.tags) for d in documents],
            )

    def delete(self, article_ids) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM discovery_search WHERE rowid IN (SELECT value FROM json_each(%s))",
                [json.dumps(list(article_ids))],
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM discovery_search")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO discovery_search (discovery_search) VALUES ('optimize')")


# PostgreSQL text search configurations for the site's languages; others use "simple".
PG_CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}


def pg_config(language: str) -> str:
    return PG_CONFIGS.get((language or "").split("-")[0], "simple")


class PostgresBackend(Backend):
    """A weighted tsvector per article, built with its language's configuration, under a
    GIN index; websearch_to_tsquery (words, phrases) and to_tsquery (prefixes) ask it,
    ts_rank orders (headline A, standfirst and tags B, body D) and ts_headline marks."""

    vendor = "postgresql"
    ID = "discovery_search.article_id"
    HEADLINE_OPTIONS = f'HighlightAll=true, StartSel="{START}", StopSel="{STOP}"'
    SNIPPET_OPTIONS = (
        f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_WORDS}, MinWords=12, '
        f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )

    @staticmethod
    def tsquery(config_sql: str, config_params: list, query) -> tuple[str, list]:
        """SQL for the query as a tsquery in the configuration `config_sql`."""
        parts, params = [], []
        plain = " ".join(f'"{term}"' for term in (*query.words, *query.phrases))
        if plain:
            parts.append(f"websearch_to_tsquery({config_sql}, %s)")
            params += [*config_params, plain]
        for prefix in query.prefixes:
            parts.append(f"to_tsquery({config_sql}, %s)")
            params += [*config_params, f"'{prefix}':*"]
        return "(" + " && ".join(parts) + ")", params

    def configs(self, language: str | None) -> list[str]:
        languages = [language] if language else [code for code, _ in settings.LANGUAGES]
        return sorted({pg_config(code) for code in languages})

    prepared: str | None = None  # the query as a tsquery's text, within planned()
    top: int | None = None  # the highest id in the index, within planned()
    readings: dict[str, str] | None = None  # each configuration's tsquery text, ditto
    planned_for = None  # the ParsedQuery planned() was given, ditto

    def is_planned(self, query) -> bool:
        return self.prepared is not None and query == self.planned_for

    def match_sql(self, query, language: str | None) -> tuple[str, list]:
        if self.is_planned(query):
            if not self.prepared:  # only stop words
                return "FALSE", []
            return "discovery_search.document @@ %s::tsquery", [self.prepared]
        # One tsquery, the query as each language's configuration reads it, OR-ed: one
        # GIN index scan. (A document's lexemes come from its own configuration; another
        # language's stem of the same word seldom matches anything else in it.)
        parts, params = [], []
        for config in self.configs(language):
            tsquery, tsparams = self.tsquery("%s::regconfig", [config], query)
            parts.append(tsquery)
            params += tsparams
        return f"discovery_search.document @@ ({' || '.join(parts)})", params

    # The ids are matches already (newest_ids): asking the GIN index again would only
    # cost a bitmap of every match to AND with them.
    AMONG_ARE_MATCHES = True

    def among_sql(self, ids: list[int]) -> tuple[str, list]:
        return "discovery_search.article_id = ANY(%s)", [list(ids)]

    @contextlib.contextmanager
    def planned(self, query, language: str | None):
        # The planner costs "document @@ tsquery" as one cheap operator and, for a common
        # word, prefers reading every document (detoasting 100,000 tsvectors, ~400 ms,
        # in a sequential or a full primary key scan) to a bitmap scan of the GIN index
        # (~30 ms); an OR of seven configurations' tsqueries looks costlier still. So,
        # within this transaction only: bitmap scans, and the query as one literal
        # tsquery of its distinct readings ('presid' | 'president'). No parallel workers
        # either: under load they only take CPU from the other requests.
        if not query:
            yield
            return
        configs = self.configs(language)
        parts, params = [], []
        for config in configs:
            tsquery, tsparams = self.tsquery("%s::regconfig", [config], query)
            parts.append(tsquery)
            params += tsparams
        sql = (  # fixed SQL fragments; every value is a bound parameter
            "SELECT set_config('enable_seqscan', 'off', true),"  # noqa: S608
            " set_config('enable_indexscan', 'off', true),"
            " set_config('max_parallel_workers_per_gather', '0', true),"
            # Planned with the settings as they were: a backward primary key scan.
            " (SELECT max(article_id) FROM discovery_search),"
            f" ARRAY[{', '.join(parts)}]::text[]"
        )
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                *_, top, each = cursor.fetchone()
            try:
                self.top = top
                self.readings = dict(zip(configs, each, strict=True))
                # An empty reading (only stop words) is '' and matches nothing.
                self.prepared = " | ".join(f"( {text} )" for text in sorted(set(each)) if text)
                self.planned_for = query
                yield
            finally:
                self.prepared = self.top = self.readings = self.planned_for = None

    def newest_first(self, matching):
        # "+ 0": no index gives this order, so the planner takes the GIN index and sorts,
        # rather than walk the primary key testing (and detoasting) every document.
        newest = RawSQL("discovery_search.article_id + 0", [])  # noqa: S611
        return matching.order_by(newest.desc())

    FIRST_WINDOW = 8192  # newest index rows looked at first

    def newest_ids(self, matching, limit: int) -> list[int]:
        newest = self.newest_first(matching).values_list("pk", flat=True)

        def fetch(bound: int | None) -> list[int]:
            if bound is None:
                return list(newest[:limit])
            # The same range on the articles too: for a word in most articles the planner
            # otherwise hash-joins every published article (a word in 64 % of 100,000
            # articles: 122 ms for the first window, 23 ms with it).
            above = [f"{self.ID} > %s", "newsroom_article.id > %s"]
            return list(newest.extra(where=above, params=[bound, bound])[:limit])  # noqa: S610 - fixed SQL, bound values

        return self._in_windows(fetch, limit, id_cost=1, match_cost=65)

    def newest_visible_ids(self, query, limit: int, now: dt.datetime) -> list[int] | None:
        # The index holds only published articles (written in the transaction that
        # publishes, edits or unpublishes one: search_receivers.py) with their
        # published_at and expire_at, so readers' visibility is known without the
        # articles: a window reads the GIN indexes of the partitions it reaches, without
        # joining its matches to newsroom_article (a rare word's second window at
        # 100,000 articles: 1,300 primary key lookups, some 5 ms).
        if not self.is_planned(query):
            return None
        if not self.prepared:  # only stop words
            return []
        sql = (
            "SELECT article_id FROM discovery_search"
            " WHERE document @@ %s::tsquery AND published_at <= %s"
            " AND (expire_at IS NULL OR expire_at > %s){above}"
            " ORDER BY article_id + 0 DESC LIMIT %s"  # "+ 0": see newest_first()
        )

        def fetch(bound: int | None) -> list[int]:
            params = [self.prepared, now, now]
            if bound is not None:
                params.append(bound)
            with self.connection.cursor() as cursor:
                above = "" if bound is None else " AND article_id > %s"
                cursor.execute(sql.format(above=above), [*params, limit])
                return [row[0] for row in cursor.fetchall()]

        return self._in_windows(fetch, limit, id_cost=0, match_cost=1)

    def _in_windows(self, fetch, limit: int, *, id_cost: int, match_cost: int) -> list[int]:
        """The newest `limit` matches, asking `fetch(bound)` for the newest matches with
        an id above `bound` (None: anywhere).

        The bitmap of a common word's matches must be read and sorted whole (15,000
        rows and 240 ms for a phrase in 15 % of 100,000 articles). So look among the
        newest FIRST_WINDOW ids first: the index's partitions that hold them (migration
        0005), their range of the primary key ANDed with the GIN bitmap. When that holds
        fewer than `limit` matches, look once more, in a window sized from what it found
        to hold them with a quarter to spare, or everywhere, whichever costs less: a
        window costs `id_cost` per id of its range and `match_cost` per match in it;
        everywhere, `match_cost` per match there is, estimated from the first window.
        Joined to the articles, a match costs some 65 ids of a range (at 100,000
        articles, a word in 3 % of them: 10.5 ms for a window of 52 % against 13-14 ms
        everywhere). In the index alone, a window of whole partitions needs no range
        (1.3 ms against 2.4-4.8 ms everywhere): its ids cost nothing.
        Whatever a window holds, it holds the newest matches.
        """
        top = self.top or 0  # outside planned(): no windows
        window = self.FIRST_WINDOW
        for _ in range(2):
            if window >= top:
                break
            ids = fetch(top - window)
            if len(ids) >= limit:
                return ids
            rate = max(len(ids), 1) / window  # matches per id
            wider = int(limit / rate * 1.25)
            if wider > top * 3 // 4:  # of the id range, drafts' and deleted ids too
                break
            if id_cost * wider + match_cost * limit * 1.25 > match_cost * rate * top:
                break  # everywhere is cheaper
            window = wider
        return fetch(None)

    def ranked(self, articles, query, *, language: str | None = None, among=None):
        rank = RawSQL(*self._rank_sql(query))  # noqa: S611 - fixed SQL, bound values
        return (
            self.matching(articles, query, language=language, among=among)
            .annotate(search_rank=rank)
            .order_by("-search_rank", "-published_at", "-id")
        )

    def ranked_visible_ids(self, query, among: list[int], key: slice) -> list[int] | None:
        # `among` are visible matches (newest_visible_ids) and the index has their
        # published_at: ranked without joining each to its article (1,000 primary key
        # lookups, some 4 ms at 100,000 articles). Ordered as ranked() orders.
        # Each id looked up once, in its own partition: "article_id = ANY(ids)" made
        # every partition the ids reach look up all 1,000 (a rare word at 100,000
        # articles: 4,000 lookups, 9,000 buffers, 6 ms; joined to unnest(ids): 2.8 ms).
        if not self.is_planned(query):
            return None
        rank, params = self._rank_sql(query)
        start, stop = key.start or 0, key.stop
        sql = (
            "SELECT article_id FROM unnest(%s::bigint[]) AS among (id)"  # noqa: S608 - fixed SQL, bound values
            " JOIN discovery_search ON article_id = among.id"
            f" ORDER BY {rank} DESC, published_at DESC, article_id DESC LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            limit = None if stop is None else stop - start
            cursor.execute(sql, [list(among), *params, limit, start])
            return [row[0] for row in cursor.fetchall()]

    def _rank_sql(self, query) -> tuple[str, list]:
        """ts_rank of a document for `query` (SQL and its parameters)."""
        tsquery, params = self.tsquery("discovery_search.config", [], query)
        if self.is_planned(query):
            # Within planned(), each configuration's tsquery is known: a literal per
            # document's configuration, not the query parsed again for every document
            # ranked (1,000 of them: 13 -> 7-9 ms). The same tsqueries, so the same ranks.
            cases = " ".join("WHEN %s::regconfig THEN %s::tsquery" for _ in self.readings)
            tsquery = f"CASE discovery_search.config {cases} ELSE {tsquery} END"
            params = [*itertools.chain.from_iterable(self.readings.items()), *params]
        return f"ts_rank(discovery_search.document, {tsquery})", params

    def highlights(self, article_ids: list[int], query) -> dict[int, Highlight]:
        if not article_ids:
            return {}
        tsquery, params = self.tsquery("config", [], query)
        # The page shows the standfirst's passage when it has a match, so the body (the
        # costly one: about half a millisecond an article) is marked only when it has
        # none. MATERIALIZED keeps the standfirst's ts_headline from being computed twice.
        # Fixed SQL fragments; every value is a bound parameter.
        sql = (
            "WITH marked AS MATERIALIZED ("  # noqa: S608
            " SELECT article_id, config, body, q, ts_headline(config, headline, q, %s) AS h,"
            " ts_headline(config, standfirst, q, %s) AS s"
            f" FROM discovery_search, LATERAL (SELECT {tsquery} AS q) AS query"
            " WHERE article_id = ANY(%s))"
            " SELECT article_id, h, s,"
            " CASE WHEN strpos(s, %s) > 0 THEN '' ELSE ts_headline(config, body, q, %s) END"
            " FROM marked"
        )
        options = [self.HEADLINE_OPTIONS, self.SNIPPET_OPTIONS]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*options, *params, list(article_ids), START, self.SNIPPET_OPTIONS])
            return {row[0]: Highlight(*row[1:]) for row in cursor.fetchall()}

    def save(self, documents: list[Document]) -> None:
        if not documents:
            return
        sql = """
            INSERT INTO discovery_search (article_id, config, headline, standfirst, body,
                document, published_at, expire_at)
            SELECT v.id, v.config, v.headline, v.standfirst, v.body,
                setweight(to_tsvector(v.config, v.headline), 'A')
                || setweight(to_tsvector(v.config, v.standfirst), 'B')
                || setweight(to_tsvector(v.config, v.tags), 'B')
                || setweight(to_tsvector(v.config, v.body), 'D'),
                v.published_at, v.expire_at
            FROM (SELECT %s::bigint, %s::regconfig, %s::text, %s::text, %s::text, %s::text,
                    %s::timestamptz, %s::timestamptz)
                AS v(id, config, headline, standfirst, body, tags, published_at, expire_at)
            ON CONFLICT (article_id) DO UPDATE SET config = EXCLUDED.config,
                headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst,
                body = EXCLUDED.body, document = EXCLUDED.document,
                published_at = EXCLUDED.published_at, expire_at = EXCLUDED.expire_at
        """
        rows = [
            (d.article_id, pg_config(d.language), *map(_no_tags, (d.headline, d.standfirst)))
            + (_no_tags(d.body), d.tags, d.published_at, d.expire_at)
            for d in documents
        ]
        self._make_partitions({d.article_id // self.PARTITION_IDS for d in documents})
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    # Ids per partition of the index (migration 0005 made the first ones so): a window
    # of the newest ids reads the GIN indexes of the partitions it reaches, not all.
    PARTITION_IDS = 16384

    def _make_partitions(self, numbers: set[int]) -> None:
        """Create the partitions `numbers` (id // PARTITION_IDS) that do not exist yet.

        In the writing transaction: a new partition commits with the first article in
        it. Creating one locks the index against searches until then (once per
        PARTITION_IDS ids); two writers creating the same one take turns, and the
        second finds it made.
        """
        missing = (
            "SELECT n FROM unnest(%s::int[]) AS n"
            " WHERE to_regclass('discovery_search_p' || n) IS NULL"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(missing, [sorted(numbers)])
            if not cursor.fetchall():
                return
            cursor.execute("LOCK TABLE discovery_search IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(missing, [sorted(numbers)])  # as committed by whoever went first
            for (n,) in cursor.fetchall():
                low, high = n * self.PARTITION_IDS, (n + 1) * self.PARTITION_IDS
                cursor.execute(
                    f"CREATE TABLE discovery_search_p{int(n)} PARTITION OF discovery_search"
                    f" FOR VALUES FROM ({int(low)}) TO ({int(high)})"
                )

    def delete(self, article_ids) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM discovery_search WHERE article_id = ANY(%s)", [list(article_ids)]
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE discovery_search")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE discovery_search")


def _no_tags(text: str) -> str:
    """Text in which PostgreSQL's parser sees no XML tag: "<chips>" would be skipped as
    one. A zero-width space after each "<" (search.marked removes it again)."""
    return text.replace("<", "<" + ZERO_WIDTH_SPACE)


BACKENDS = {backend.vendor: backend for backend in (SQLiteBackend, PostgresBackend)}


def backend_for(connection=None) -> Backend:
    """The search backend for `connection` (the default database when None)."""
    connection = connection or default_connection
    try:
        return BACKENDS[connection.vendor](connection)
    except KeyError:
        raise NotImplementedError(f"no search backend for {connection.vendor}") from None

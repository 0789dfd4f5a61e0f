"""Related Articles: chosen by content, computed when articles change, stored for reading.

Every published article's text becomes a TF-IDF vector (related_terms.py); its
TOP_TERMS strongest terms are stored (RelatedTerm: an inverted index), with how many
articles use each term (TermFrequency). An article's candidates come from one query
summing the products of weights over the terms it shares with others (the cosine
similarity of the stored vectors). Each candidate's similarity is then multiplied by a
recency factor, between RECENCY_FLOOR and 1, that halves its distance to the floor
every HALF_LIFE_DAYS between the two publication dates: between equally similar
stories the closer in time wins, and a clearly similar story still beats a recent
loosely similar one. Candidates below MIN_SIMILARITY are not related; the section's
newest articles fill the list up to STORED_LINKS (stored with score 0). The threshold
is about what one shared name gives (a tag, or a person's name in both bodies: a few
strong terms of weight ~0.1 on each side), where ordinary words shared by chance
weigh a few thousandths each.

The lists are stored (RelatedLink) and read by one query per page. refresh() is run in
the background (tasks.py) when an article is published, changed or unpublished: it
reindexes the article, recomputes its list and the lists of the articles it may enter
or leave, and purges the cached pages whose list changed ("related:<pk>", the key
_related.html adds). Term frequencies follow publishing and unpublishing; edits in
between can leave them a little off, which rebuild() (`dateline recompute_related`)
sets right.
"""

import dataclasses
import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from dateline.core import pagecache
from dateline.discovery import related_terms
from dateline.discovery.models import IndexedArticle, RelatedLink, RelatedTerm, TermFrequency
from dateline.newsroom.models import Article
from dateline.newsroom.selectors import published_articles

logger = logging.getLogger(__name__)

TOP_TERMS = 64  # stored per article
STORED_LINKS = 8  # a list holds this many; pages show 4, the rest cover unpublishing
MIN_SIMILARITY = 0.02  # below: not related (see the module docstring)
HALF_LIFE_DAYS = 30.0
RECENCY_FLOOR = 0.5
CANDIDATES = 50  # read from the index per article, before the recency factor
NEIGHBOURS = 20  # the most similar articles, whose lists a change may enter
BATCH = 500
KEEP_COUNTS = 5000  # articles whose term counts a rebuild keeps between its two passes
_ARTICLE_FIELDS = ("id", "language", "section_id", "published_at", "updated_at")


@dataclasses.dataclass(frozen=True)
class Candidate:
    article_id: int
    similarity: float
    published_at: dt.datetime


def recency(a: dt.datetime, b: dt.datetime) -> float:
    """The factor for two stories `a` and `b`: 1 on the same day, towards the floor apart."""
    days = abs((a - b).total_seconds()) / 86400
    return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 0.5 ** (days / HALF_LIFE_DAYS)


def terms_of(article: Article) -> Counter:
    return related_terms.article_terms(
        headline=article.headline,
        standfirst=article.standfirst,
        body_html=article.body,
        tags=[tag.name for tag in article.tags.all()],
        language=article.language,
    )


# --- the index -----------------------------------------------------------------------


def index_article(article: Article) -> None:
    """Store the article's strongest terms; count its terms once in TermFrequency."""
    counts = terms_of(article)
    with transaction.atomic():
        entry = IndexedArticle.objects.filter(pk=article.pk).first()
        if entry is None:
            _count_terms(article.language, list(counts), +1)
        documents = IndexedArticle.objects.filter(language=article.language).count()
        documents += entry is None
        vector = related_terms.tf_idf(
            counts, _frequencies(article.language, counts), max(documents, 1)
        )
        _store_terms(article.pk, related_terms.strongest(vector, TOP_TERMS))
        IndexedArticle.objects.update_or_create(
            pk=article.pk,
            defaults={"language": article.language, "article_updated_at": article.updated_at},
        )


def unindex_article(article: Article) -> None:
    """Take the article out of the index (and its terms out of TermFrequency)."""
    with transaction.atomic():
        if IndexedArticle.objects.filter(pk=article.pk).delete()[0]:
            _count_terms(article.language, list(terms_of(article)), -1)
        RelatedTerm.objects.filter(article_id=article.pk).delete()


def _chunks(items: list, size: int = 300) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _count_terms(language: str, terms: list[str], delta: int) -> None:
    if delta < 0:
        for chunk in _chunks(terms):
            TermFrequency.objects.filter(language=language, term__in=chunk, documents__gt=0).update(
                documents=F("documents") - 1
            )
        return
    # One upsert per chunk (SQLite and PostgreSQL): concurrent workers never lose a count.
    table = connection.ops.quote_name(TermFrequency._meta.db_table)
    with connection.cursor() as cursor:
        for chunk in _chunks(terms):
            rows = ", ".join(["(%s, %s, 1)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (language, term, documents) VALUES {rows} "  # noqa: S608 - names are ours, values are parameters
                f"ON CONFLICT (language, term) DO UPDATE SET documents = {table}.documents + 1",
                [value for term in chunk for value in (language, term)],
            )


def _frequencies(language: str, counts: Counter) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(list(counts)):
        rows = TermFrequency.objects.filter(language=language, term__in=chunk)
        found.update(rows.values_list("term", "documents"))
    return found


def _store_terms(article_id: int, terms: list[tuple[str, float]]) -> None:
    RelatedTerm.objects.filter(article_id=article_id).delete()
    RelatedTerm.objects.bulk_create(
        RelatedTerm(article_id=article_id, term=term, weight=weight) for term, weight in terms
    )


# --- lists ---------------------------------------------------------------------------


def candidates_for(article: Article, *, limit: int = CANDIDATES) -> list[Candidate]:
    """Published articles in the same language sharing terms, most similar first."""
    terms = connection.ops.quote_name(RelatedTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT other.article_id, SUM(mine.weight * other.weight) AS similarity "  # noqa: S608 - names are ours, values are parameters
            f"FROM {terms} mine JOIN {terms} other ON other.term = mine.term "
            f"WHERE mine.article_id = %s AND other.article_id <> %s "
            f"GROUP BY other.article_id HAVING SUM(mine.weight * other.weight) >= %s "
            f"ORDER BY similarity DESC, other.article_id DESC LIMIT %s",
            [article.pk, article.pk, MIN_SIMILARITY, limit],
        )
        similarity = dict(cursor.fetchall())
    visible = published_articles().in_language(article.language).filter(pk__in=similarity)
    dates = dict(visible.values_list("pk", "published_at"))
    return [Candidate(pk, similarity[pk], dates[pk]) for pk in similarity if pk in dates]


def choose(article: Article, candidates: list[Candidate]) -> list[tuple[int, float]]:
    """The stored list: best scores first, then the section's newest (score 0)."""
    scored = sorted(
        ((c.article_id, c.similarity * recency(article.published_at, c.published_at))
         for c in candidates),
        key=lambda item: (-item[1], -item[0]),
    )[:STORED_LINKS]  # fmt: skip
    missing = STORED_LINKS - len(scored)
    if missing and article.section_id:
        taken = [article.pk, *(pk for pk, _ in scored)]
        newest = (
            published_articles()
            .filter(section_id=article.section_id)
            .in_language(article.language)
            .exclude(pk__in=taken)
        )
        scored += [(pk, 0.0) for pk in newest.values_list("pk", flat=True)[:missing]]
    return scored


def store_list(article_id: int, chosen: list[tuple[int, float]]) -> bool:
    """Replace the article's list; False (and no write) when it is the same."""
    current = list(
        RelatedLink.objects.filter(article_id=article_id).values_list("related_id", "score")
    )
    if [pk for pk, _ in current] == [pk for pk, _ in chosen]:
        return False
    try:
        with transaction.atomic():
            RelatedLink.objects.filter(article_id=article_id).delete()
            RelatedLink.objects.bulk_create(
                RelatedLink(article_id=article_id, related_id=pk, rank=rank, score=score)
                for rank, (pk, score) in enumerate(chosen)
            )
    except IntegrityError:  # another worker wrote this list meanwhile: theirs stands
        logger.info("related list of article %s written concurrently", article_id)
        return False
    return True


def update_list(article: Article, candidates: list[Candidate] | None = None) -> bool:
    """Recompute and store one article's list; whether it changed."""
    if candidates is None:
        candidates = candidates_for(article)
    return store_list(article.pk, choose(article, candidates))


def refresh_lists(article_ids: Iterable[int]) -> set[int]:
    """Recompute the lists of these articles (the published ones); the ids that changed."""
    articles = Article.objects.published().filter(pk__in=set(article_ids)).only(*_ARTICLE_FIELDS)
    return {article.pk for article in articles if update_list(article)}


def refresh(article_id: int, *, force: bool = False) -> set[int]:
    """Bring the index and every list the article is or may be in up to date.

    A published article is reindexed (unless it has not changed since it last was and
    not `force`), its list recomputed, and so are the lists that name it and those of
    its most similar articles and of the section's newest whose lists are not full. An
    unpublished or deleted one leaves the index, and the lists that named it are
    recomputed. Purges the pages whose list changed and returns their article ids.
    """
    listing = set(
        RelatedLink.objects.filter(related_id=article_id).values_list("article_id", flat=True)
    )
    article = Article.objects.filter(pk=article_id).prefetch_related("tags").first()
    if article is None or not Article.objects.published().filter(pk=article_id).exists():
        if article is not None:
            unindex_article(article)
        RelatedLink.objects.filter(article_id=article_id).delete()
        changed = refresh_lists(listing)
    else:
        indexed = IndexedArticle.objects.filter(pk=article_id).first()
        if not force and indexed and indexed.article_updated_at == article.updated_at:
            return set()  # done already (publishing sends a save and a signal)
        index_article(article)
        candidates = candidates_for(article)
        changed = {article_id} if update_list(article, candidates) else set()
        nearest = {c.article_id for c in candidates[:NEIGHBOURS]}
        changed |= refresh_lists((listing | nearest | _short_lists(article)) - {article_id})
    purge_pages(changed)
    return changed


def _short_lists(article: Article) -> set[int]:
    """The section's newest articles whose list is not full: the new article fills in.

    (The first articles of a new section had little to choose from.)
    """
    recent = list(
        published_articles()
        .filter(section_id=article.section_id, language=article.language)
        .exclude(pk=article.pk)
        .values_list("pk", flat=True)[:NEIGHBOURS]
    )
    full = RelatedLink.objects.filter(article_id__in=recent, rank=STORED_LINKS - 1)
    return set(recent) - set(full.values_list("article_id", flat=True))


def purge_pages(article_ids: Iterable[int]) -> None:
    keys = {f"related:{pk}" for pk in article_ids}
    if keys:
        transaction.on_commit(lambda: pagecache.purge(keys), robust=True)


# --- rebuilding everything -----------------------------------------------------------


def _published_with_tags() -> Iterator[Article]:
    articles = Article.objects.published().order_by("pk").prefetch_related("tags")
    return articles.iterator(chunk_size=BATCH)


def rebuild(*, progress: Callable[[str], None] | None = None) -> int:
    """Index every published article and recompute every list; return how many.

    Exact term frequencies, from scratch. Lists are replaced one by one, so pages keep
    showing the old ones meanwhile. Run it after an import, or to repair.
    """
    say = progress or (lambda message: None)
    frequencies, documents, kept = _count_all()
    say(f"{sum(documents.values())} published articles, {len(frequencies)} language(s)")
    with transaction.atomic():
        for model in (RelatedTerm, IndexedArticle, TermFrequency):
            model.objects.all().delete()
        _insert(
            TermFrequency,
            ("language", "term", "documents"),
            ((language, term, n) for language, c in frequencies.items() for term, n in c.items()),
        )
    _rebuild_terms(frequencies, documents, kept)
    say("terms indexed")
    published = list(Article.objects.published().order_by("pk").only(*_ARTICLE_FIELDS))
    changed = set()
    for n, article in enumerate(published, 1):
        if update_list(article):
            changed.add(article.pk)
        if n % 1000 == 0:
            say(f"{n} lists")
    RelatedLink.objects.exclude(article_id__in=Article.objects.published().values("pk")).delete()
    purge_pages(changed)
    return len(published)


def _count_all() -> tuple[dict[str, Counter], Counter, dict[int, Counter]]:
    """Document frequencies per language, and the first KEEP_COUNTS articles' counts."""
    frequencies: dict[str, Counter] = defaultdict(Counter)
    documents: Counter = Counter()
    kept: dict[int, Counter] = {}
    for article in _published_with_tags():
        counts = terms_of(article)
        frequencies[article.language].update(counts.keys())
        documents[article.language] += 1
        if len(kept) < KEEP_COUNTS:
            kept[article.pk] = counts
    return frequencies, documents, kept


def _rebuild_terms(
    frequencies: dict[str, Counter], documents: Counter, kept: dict[int, Counter]
) -> None:
    rows: list[tuple] = []
    entries: list[IndexedArticle] = []
    for article in _published_with_tags():
        language = article.language
        counts = kept.get(article.pk) or terms_of(article)
        vector = related_terms.tf_idf(counts, frequencies[language], documents[language])
        rows += (
            (article.pk, term, weight)
            for term, weight in related_terms.strongest(vector, TOP_TERMS)
        )
        entries.append(
            IndexedArticle(
                article_id=article.pk, language=language, article_updated_at=article.updated_at
            )
        )
        if len(entries) >= BATCH:
            _write(rows, entries)
    _write(rows, entries)


def _write(rows: list[tuple], entries: list[IndexedArticle]) -> None:
    with transaction.atomic():
        _insert(RelatedTerm, ("article_id", "term", "weight"), rows)
        IndexedArticle.objects.bulk_create(entries, batch_size=2000)
    rows.clear()
    entries.clear()


def _insert(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Plain INSERTs of many rows (no model instances: a rebuild writes a great many)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    places = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({places})"  # noqa: S608 - our names
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 2000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)

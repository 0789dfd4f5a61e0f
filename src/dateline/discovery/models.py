"""What discovery stores: the Related Articles index and lists, and page-view counts.

Related Articles (see related.py): each published article's strongest terms with their
TF-IDF weights (RelatedTerm, an inverted index queried by term), how many articles use
each term (TermFrequency), which articles are counted in those frequencies
(IndexedArticle), and each article's computed list (RelatedLink), read by one query
per article page.

Most read (see reads.py): views per article per hour (PageViewBucket). Nothing about
the reader is kept: no address, no cookie, no user.
"""

from django.db import models

from dateline.newsroom.models import Article


class IndexedArticle(models.Model):
    """A published article whose terms are in the index and counted in TermFrequency."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10, db_index=True)
    # The article's updated_at when it was indexed: a later task for the same save skips.
    article_updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"article {self.article_id} ({self.language})"


class TermFrequency(models.Model):
    """In how many indexed articles of a language a term occurs (its document frequency)."""

    language = models.CharField(max_length=10)
    term = models.CharField(max_length=80)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="termfrequency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.language}): {self.documents}"


class RelatedTerm(models.Model):
    """One of an article's strongest terms, weighted (TF-IDF, the vector has length 1)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=80)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="relatedterm_unique")
        ]
        # Candidates are found by term; the index carries what the score needs.
        indexes = [models.Index(fields=["term", "article", "weight"], name="relatedterm_term_idx")]

    def __str__(self) -> str:
        return f"{self.term} {self.weight:.3f} in article {self.article_id}"


class RelatedLink(models.Model):
    """An entry of an article's stored Related Articles list, best first.

    `score` is the similarity after the recency decay; 0 marks a section-latest fill-in.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", related_query_name="related_from"
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(default=0.0)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "rank"], name="relatedlink_unique_rank"),
            models.UniqueConstraint(fields=["article", "related"], name="relatedlink_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} -> {self.related_id} (#{self.rank})"


class PageViewBucket(models.Model):
    """Views of an article counted in one clock hour (UTC), from the reading beacon."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", related_query_name="page_views"
    )
    hour = models.DateTimeField(db_index=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="pageviewbucket_unique")
        ]

    def __str__(self) -> str:
        return f"article {self.article_id}: {self.views} at {self.hour:%Y-%m-%d %H}:00"

"""Reads of comments: the thread under an article, counts, the moderation queue."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils import timezone

from dateline.comments.models import Comment
from dateline.core import sql
from dateline.core.sql import Shape

# What the thread under an article shows of each comment (dateline.core.sql: every
# uncached article page reads it).
THREAD = Shape(
    Comment,
    "c",
    ("id", "parent_id", "depth", "body", "author_name", "author_url", "status", "created_at",
     "is_erased", "article_id"),
)  # fmt: skip
OWN_COMMENT_SALT = "dateline.comments.own"
OWN_COMMENT_MAX_AGE = 7 * 24 * 3600


def comments_open(article) -> bool:
    """False when an editor closed the thread or it is past the automatic closing age."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    age = timezone.now() - article.published_at if article.published_at else None
    if days and age is not None and age > dt.timedelta(days=days):
        return False
    return not sql.exists(
        "SELECT 1 FROM comments_commentclosure WHERE article_id = %s", [article.pk]
    )


def approved_comments_for(article, *, own: Comment | None = None) -> list[Comment]:
    """The thread under `article` as a tree, in one query: top-level comments, oldest
    first, each with `.thread` (its replies, the same way down).

    Removed (and erased) comments appear only where replies hang under them, as
    placeholders. `own` (the reader's own comment awaiting moderation) is placed where
    it belongs, with `is_own` set.
    """
    rows = sql.instances(
        "SELECT {item} FROM comments_comment c WHERE c.article_id = %s"
        " AND c.status IN (%s, %s) ORDER BY c.created_at, c.id",
        [article.pk, Comment.Status.APPROVED.value, Comment.Status.REMOVED.value],
        THREAD,
    )
    if own is not None and own.status != Comment.Status.APPROVED:
        own.is_own = True
        rows.append(own)
    by_id = {row.pk: row for row in rows}
    roots: list[Comment] = []
    for row in rows:
        row.thread = []
    for row in rows:
        parent = by_id.get(row.parent_id)
        (parent.thread if parent is not None else roots).append(row)
    return _without_empty_placeholders(roots)


def _without_empty_placeholders(comments: list[Comment]) -> list[Comment]:
    kept = []
    for comment in comments:
        comment.thread = _without_empty_placeholders(comment.thread)
        if comment.status != Comment.Status.REMOVED or comment.thread:
            kept.append(comment)
    return kept


def count_shown(tree: list[Comment]) -> int:
    return sum(
        (comment.status == Comment.Status.APPROVED and not getattr(comment, "is_own", False))
        + count_shown(comment.thread)
        for comment in tree
    )


def comment_counts(article_ids) -> dict[int, int]:
    """Approved comments per article, for lists: {article_id: count}, in one query."""
    ids = list(article_ids)
    if not ids:
        return {}
    rows = sql.rows(
        "SELECT article_id, COUNT(*) FROM comments_comment"  # noqa: S608 - placeholders only
        f" WHERE status = %s AND article_id IN ({', '.join(['%s'] * len(ids))})"
        " GROUP BY article_id",
        [Comment.Status.APPROVED.value, *ids],
    )
    return dict(rows)


def with_comment_counts(articles):
    """`articles` (a list), each given `.comment_count` (approved comments), in one query."""
    articles = list(articles)
    counts = comment_counts(article.pk for article in articles) if articles else {}
    for article in articles:
        article.comment_count = counts.get(article.pk, 0)
    return articles


def own_comment_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=OWN_COMMENT_SALT)


def own_comment(article, token: str) -> Comment | None:
    """The comment a signed token (from the redirect after posting) names, if on `article`."""
    try:
        pk = signing.loads(token, salt=OWN_COMMENT_SALT, max_age=OWN_COMMENT_MAX_AGE)
    except signing.BadSignature:
        return None
    return Comment.objects.on(article).filter(pk=pk, is_erased=False).first()


def find_in_tree(tree: list[Comment], pk) -> Comment | None:
    """The approved comment with id `pk` in a tree from approved_comments_for, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    for comment in tree:
        if comment.pk == pk and comment.status == Comment.Status.APPROVED:
            return comment
        if found := find_in_tree(comment.thread, pk):
            return found
    return None

"""Every write to comments: posting, moderators' decisions, erasure, closing threads."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from dateline.comments import bayes
from dateline.comments.defence import check_rate, hash_ip, idempotency_key
from dateline.comments.exceptions import (
    CommentsClosedError,
    InvalidParentError,
    NotPermittedError,
)
from dateline.comments.models import Comment, CommentClosure, Decision, normalize_email
from dateline.comments.moderation import Candidate, verdict_for
from dateline.comments.selectors import comments_open

MAX_DEPTH = 4  # replies deeper than this join their parent's thread at the same depth
PERMISSION = "comments.moderate_comment"


def post_comment(
    *,
    article,
    body: str,
    name: str,
    email: str,
    url: str = "",
    parent_id: int | None = None,
    ip: str = "",
    user_agent: str = "",
    form_token: str = "",
) -> tuple[Comment, bool]:
    """Store a reader's comment with the status the moderation policy gives it.

    Returns (comment, created). The same form sent twice with the same text returns the
    comment stored the first time (created=False). Raises CommentsClosedError,
    InvalidParentError, or RateLimitedError (nothing is stored then).
    """
    if not comments_open(article):
        raise CommentsClosedError()
    email = normalize_email(email)
    key = idempotency_key(
        token=form_token, article_id=article.pk, parent_id=parent_id, email=email, body=body
    )
    if existing := Comment.objects.filter(idempotency_key=key).first():
        return existing, False
    parent = _parent_for(article, parent_id)
    ip_hash = hash_ip(ip) if ip else ""
    check_rate(ip_hash=ip_hash, email=email)
    candidate = Candidate(body=body, name=name, email=email, url=url, ip=ip, user_agent=user_agent)
    verdict = verdict_for(candidate)
    fields = {
        "article": article,
        "parent": parent,
        "depth": min(parent.depth + 1, MAX_DEPTH) if parent else 0,
        "body": body,
        "author_name": name,
        "author_email": email,
        "author_url": url,
        "ip_hash": ip_hash,
        "status": verdict.status,
        "held_because": verdict.reason[:200],
        "spam_score": verdict.score,
        "idempotency_key": key,
    }
    try:
        with transaction.atomic():
            return Comment.objects.create(**fields), True
    except IntegrityError:
        # Two copies of one form raced past the check above: the first one stored wins.
        return Comment.objects.get(idempotency_key=key), False


def _parent_for(article, parent_id: int | None) -> Comment | None:
    if not parent_id:
        return None
    parent = Comment.objects.approved().on(article).filter(pk=parent_id).first()
    if parent is None:
        raise InvalidParentError()
    if parent.depth >= MAX_DEPTH and parent.parent_id:
        return parent.parent
    return parent


def approve_comment(comment: Comment, *, by) -> Comment:
    """Show the comment to readers; the spam model learns it as ham."""
    return _decide(comment, Comment.Status.APPROVED, by=by)


def mark_spam(comment: Comment, *, by) -> Comment:
    """Hide the comment as spam; the spam model learns it as spam."""
    return _decide(comment, Comment.Status.SPAM, by=by)


def remove_comment(comment: Comment, *, by) -> Comment:
    """Hide the comment; the thread shows "removed" in its place. Nothing is deleted."""
    return _decide(comment, Comment.Status.REMOVED, by=by)


DECISIONS = {
    Comment.Status.APPROVED: approve_comment,
    Comment.Status.SPAM: mark_spam,
    Comment.Status.REMOVED: remove_comment,
}


def _check_moderator(by) -> None:
    if by is None or not by.has_perm(PERMISSION):
        raise NotPermittedError()


def _decide(comment: Comment, status: str, *, by, note: str = "") -> Comment:
    _check_moderator(by)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        _retrain(comment, status)
        comment.status = status
        comment.decided_by = by
        comment.decided_at = timezone.now()
        comment.save(update_fields=["status", "decided_by", "decided_at", "trained_as"])
        Decision.objects.create(
            comment=comment, status=status, decided_by=by, decided_at=comment.decided_at, note=note
        )
    return comment


def _retrain(comment: Comment, status: str) -> None:
    """Keep the spam model in step with the decision: each comment counts once, as its
    latest spam-or-approved decision says."""
    kind = {Comment.Status.SPAM: bayes.SPAM, Comment.Status.APPROVED: bayes.HAM}.get(status)
    if kind is None or kind == comment.trained_as or comment.is_erased:
        return
    tokens = _tokens(comment)
    if comment.trained_as:
        bayes.learn(tokens, comment.trained_as, amount=-1)
    bayes.learn(tokens, kind)
    comment.trained_as = kind


def _tokens(comment: Comment) -> set[str]:
    return bayes.tokens_of(
        body=comment.body, name=comment.author_name, url=comment.author_url,
        email=comment.author_email,
    )  # fmt: skip


def erase_commenter(email: str, *, by) -> int:
    """Erase everything a commenter gave us (GDPR): text, name, email, website, IP hash.

    The comments stay as "removed" placeholders so the replies around them keep their
    place; the spam model forgets what it learned from them. Returns how many comments
    were erased; each erasure is recorded as a decision by `by`.
    """
    _check_moderator(by)
    now = timezone.now()
    with transaction.atomic():
        comments = list(Comment.objects.select_for_update().by_email(email))
        for comment in comments:
            if comment.trained_as:
                bayes.learn(_tokens(comment), comment.trained_as, amount=-1)
            comment.body = comment.author_name = comment.author_email = ""
            comment.author_url = comment.ip_hash = comment.held_because = comment.trained_as = ""
            comment.idempotency_key = None
            comment.is_erased = True
            comment.status = Comment.Status.REMOVED
            comment.decided_by, comment.decided_at = by, now
            comment.save()
        Decision.objects.bulk_create(
            Decision(
                comment=comment, status=Comment.Status.REMOVED, decided_by=by, decided_at=now,
                note="erased at the commenter's request",
            )
            for comment in comments
        )  # fmt: skip
    return len(comments)


def close_comments(article, *, by) -> None:
    """Close comments on one article (the form disappears, posts are refused)."""
    _check_moderator(by)
    CommentClosure.objects.get_or_create(article=article, defaults={"closed_by": by})


def reopen_comments(article, *, by) -> None:
    _check_moderator(by)
    CommentClosure.objects.filter(article=article).delete()

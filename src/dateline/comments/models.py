"""Readers' comments, the decisions moderators take on them, and the spam defence's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dateline.newsroom.models import Article


class CommentQuerySet(models.QuerySet):
    def on(self, article: Article) -> "CommentQuerySet":
        return self.filter(article=article)

    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, email: str) -> "CommentQuerySet":
        return self.filter(author_email=normalize_email(email))


def normalize_email(email: str) -> str:
    return email.strip().lower()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, help_text="0 for a top-level comment.")
    body = models.TextField(help_text="Plain text as the reader wrote it; never markup.")
    author_name = models.CharField(max_length=100)
    author_email = models.EmailField(max_length=254, db_index=True, help_text="Never shown.")
    author_url = models.URLField(max_length=300, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, help_text="Keyed hash, never the IP.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    held_because = models.CharField(max_length=200, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    trained_as = models.CharField(max_length=10, blank=True, help_text="spam, ham or empty.")
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    is_erased = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name or 'erased'} on {self.article_id}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_erased


class Decision(models.Model):
    """One moderator decision on one comment: who, what, when (the audit trail)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=10, choices=Comment.Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.get_status_display()} by {self.decided_by} at {self.decided_at:%Y-%m-%d %H:%M}"
        )


class BlockedTerm(models.Model):
    """A word or a domain editors do not want in comments: matching comments go to spam."""

    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase"
        DOMAIN = "domain", "Domain"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blockedterm_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip().lower()
        super().save(*args, **kwargs)


class SpamToken(models.Model):
    """The naive Bayes model: in how many spam and ham comments each token appeared."""

    DOCUMENTS = " documents"  # counts the comments learned from (no token has a space)

    token = models.CharField(max_length=64, unique=True)
    spam_count = models.PositiveIntegerField(default=0)
    ham_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.token}: spam {self.spam_count}, ham {self.ham_count}"


class CommentClosure(models.Model):
    """An editor closed comments on an article."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="comment_closure"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "closed comment thread"

    def __str__(self) -> str:
        return f"Comments closed on {self.article}"

"""API tokens: a user's key to the editorial API. Only a hash of each token is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "dl_"  # noqa: S105 - a marker, not a secret


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is safe here (unlike passwords).
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        max_length=12, editable=False, help_text="The token's first characters, to tell it apart."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…) for {self.user}"

    @classmethod
    def issue(cls, user, *, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`: the row, and the secret shown once and never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=hash_token(secret), hint=secret[:8]
        )
        return token, secret

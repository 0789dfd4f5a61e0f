"""Signed, expiring links that show a draft to someone without a login."""

from django.conf import settings
from django.core import signing

from dateline.newsroom.exceptions import InvalidPreviewTokenError
from dateline.newsroom.models import Article

SALT = "dateline.newsroom.preview"


def token_for(article: Article) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(article.pk))


def article_for(token: str) -> Article:
    """The article a token points to, or InvalidPreviewTokenError (bad, expired, gone)."""
    try:
        pk = signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=settings.PREVIEW_LINK_HOURS * 3600
        )
        return Article.objects.select_related("section", "featured_image").get(pk=int(pk))
    except (signing.BadSignature, Article.DoesNotExist, ValueError):
        raise InvalidPreviewTokenError("This preview link is invalid or has expired.") from None

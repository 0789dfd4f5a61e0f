from django.conf import settings
from django.http import HttpRequest


def site_url(request: HttpRequest) -> str:
    """The site's absolute base URL: DATELINE_SITE_URL, or the host the request came to."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")

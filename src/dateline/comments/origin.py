"""A stateless CSRF check for the reply form, so article pages can be cached and shared.

A per-reader CSRF token cannot live in a page every reader gets the same bytes of, so
the reply POST is exempt from Django's token check and verified here instead, as
OWASP's CSRF cheat sheet recommends for this case: the browser-set `Origin` header must
be the site's own origin (or one of CSRF_TRUSTED_ORIGINS); without it,
`Sec-Fetch-Site: same-origin`; without that, a same-origin `Referer`. Anything else is
refused. Browsers never let a page forge these headers for another site.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def trusted_origins(request) -> set[str]:
    own = f"{request.scheme}://{request.get_host()}".lower()
    trusted = {own, *(origin.lower().rstrip("/") for origin in settings.CSRF_TRUSTED_ORIGINS)}
    if settings.SITE_URL:
        trusted.add(_origin_of(settings.SITE_URL))
    return trusted


def is_same_origin(request) -> bool:
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin.lower().rstrip("/") in trusted_origins(request)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site == "same-origin"
    referer = request.headers.get("Referer")
    return bool(referer) and _origin_of(referer) in trusted_origins(request)


def require_same_origin(request) -> None:
    """Raise PermissionDenied (403) unless the POST comes from a page of this site."""
    if not is_same_origin(request):
        raise PermissionDenied("This form can only be sent from this site's own pages.")

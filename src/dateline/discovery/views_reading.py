"""The reading beacon: POST /read/<article id>/ counts one view for Most read (reads.py).

Sent by static/discovery/reading.js with navigator.sendBeacon. Pages are cached and
shared, so there is no CSRF token: the request must instead come from one of our own
pages (the browser-set Origin, else Sec-Fetch-Site), which other sites cannot forge.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dateline.discovery import reads

LARGEST_ID = 2**63 - 1  # a bigint: larger ids name no article (and overflow the database)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def is_same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        own = {
            f"{request.scheme}://{request.get_host()}".lower(),
            _origin(settings.SITE_URL),
            *(_origin(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS),
        }
        return origin.lower().rstrip("/") in own
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


def client_address(request: HttpRequest) -> str:
    """The reader's address, behind a proxy from the header comments also trust."""
    header = getattr(settings, "COMMENTS_CLIENT_IP_HEADER", "")
    if header and (value := request.headers.get(header, "").strip()):
        return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@csrf_exempt  # checked by origin instead: see the module docstring
@never_cache
@require_POST
def read_beacon(request: HttpRequest, article_id: int) -> HttpResponse:
    if not is_same_origin(request):
        return HttpResponse("Only this site's pages count views.", status=403)
    if article_id > LARGEST_ID:
        return HttpResponse("No such article.", status=404)
    address = client_address(request)
    if reads.over_rate_limit(address):
        return HttpResponse("Too many views counted from here.", status=429)
    if reads.first_view(address, article_id) and not reads.record_view(article_id):
        return HttpResponse("No such article.", status=404)
    return HttpResponse(status=204)

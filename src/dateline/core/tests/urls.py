"""A URLconf for core's tests: a slow page that counts its renders (the page cache),
pages with their own Content-Security-Policy (the CSP middleware)."""

import threading
import time

from csp.decorators import csp_exempt, csp_update
from django.http import HttpResponse
from django.urls import path

from dateline.core import pagecache


class Renders:
    lock = threading.Lock()
    count = 0
    delay = 0.0

    @classmethod
    def reset(cls, delay: float = 0.0) -> None:
        cls.count, cls.delay = 0, delay


def slow_page(request):
    with Renders.lock:
        Renders.count += 1
        number = Renders.count
    time.sleep(Renders.delay)
    pagecache.add_keys("slow")
    return HttpResponse(f"<p>render {number}</p>")


@csp_update({"img-src": "https://images.example.org"})
def csp_updated(request):
    return HttpResponse("<p>updated</p>")


@csp_exempt()
def csp_exempted(request):
    return HttpResponse("<p>exempt</p>")


def csp_nonce(request):
    return HttpResponse(f"<p>{request.csp_nonce}</p>")


def plain(request):
    return HttpResponse("<p>plain</p>")


def same_page(request):
    return HttpResponse("<p>The same words on every render.</p>\n" * 40)


urlpatterns = [
    path("same/", same_page),
    path("slow/", slow_page),
    path("csp/updated/", csp_updated),
    path("csp/exempt/", csp_exempted),
    path("csp/nonce/", csp_nonce),
    path("csp/plain/", plain),
]

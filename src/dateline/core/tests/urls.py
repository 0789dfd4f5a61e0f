"""A URLconf for the page cache's tests: a slow page that counts its renders."""

import threading
import time

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


urlpatterns = [path("slow/", slow_page)]

import gc
import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
application = get_wsgi_application()

from dateline.core.pagecache import wsgi_front  # noqa: E402 - needs settings

# Fresh cached pages are answered before Django builds a request (see the module).
application = wsgi_front(application)

WARM_UP_REQUESTS = 100


def freeze_after_warm_up(application, requests: int = WARM_UP_REQUESTS):
    """Once the first `requests` have been served, move everything the process holds
    by then (Django, the URLconf, compiled templates, the per-process caches) out of
    the garbage collector's way with gc.freeze(). Without it, each full collection
    walked those 100,000-odd objects again: a 40-90 ms pause of the worker, and every
    request queued behind it, a few times a minute under load."""
    served = 0
    lock = threading.Lock()

    def app(environ, start_response):
        nonlocal served
        if served < requests:
            with lock:
                served += 1
                if served == requests:
                    gc.collect()
                    gc.freeze()
        return application(environ, start_response)

    return app


application = freeze_after_warm_up(application)

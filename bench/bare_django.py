"""The ceiling for a Django app behind granian: a bare view returning prebuilt bytes.

No middleware, one URL pattern, the page read from BARE_DJANGO_PAGE at start. bench/run.py
serves it with the same granian command line as `dateline serve` to compare the cached
Dateline page against it.
"""

import os
from pathlib import Path

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",  # noqa: S106 - a throwaway benchmark app
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

PAGE = Path(os.environ["BARE_DJANGO_PAGE"]).read_bytes()


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]
application = get_wsgi_application()

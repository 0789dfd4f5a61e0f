import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
application = get_wsgi_application()

from dateline.core.pagecache import wsgi_front  # noqa: E402 - needs settings

# Fresh cached pages are answered before Django builds a request (see the module).
application = wsgi_front(application)

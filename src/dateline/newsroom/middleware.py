"""Readers and the newsroom see dates in the site's time zone (set in the back office)."""

import logging
import zoneinfo

from django.utils import timezone

from dateline.core.requestlocals import request_scope
from dateline.newsroom.selectors import read_site_settings, site_settings_for_request

logger = logging.getLogger(__name__)


class SiteTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        identity = None
        try:
            identity = read_site_settings()
            timezone.activate(zoneinfo.ZoneInfo(identity.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()  # validated on save; an old bad value falls back
        except Exception:  # never break a request over it: DATELINE_TIME_ZONE applies
            logger.warning("site time zone unavailable", exc_info=True)
            timezone.deactivate()
        # The page asks for the site settings half a dozen times, and for the zone, the
        # script prefix and the URLconf a hundred: once is enough.
        with site_settings_for_request(identity), request_scope():
            try:
                return self.get_response(request)
            finally:
                timezone.deactivate()

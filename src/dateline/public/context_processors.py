import functools

from django.utils.functional import SimpleLazyObject

from dateline.newsroom.selectors import sections_for, site_settings
from dateline.public.site import site_url


def site(request) -> dict:
    """Site identity for every template; the section list is read only when a page shows it."""
    return {
        "site_name": site_settings().site_name,
        "site_url": SimpleLazyObject(lambda: site_url(request)),
        "nav_sections": functools.partial(sections_for, request),
    }

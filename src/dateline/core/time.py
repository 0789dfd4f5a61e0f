"""Dates as readers of the site's language expect them."""

import datetime as dt
import functools

from django.utils import dateformat, timezone, translation

# A long date with the weekday, per language; Django translates the names.
LONG_DATE_FORMATS = {
    "en": "l, F j, Y",
    "de": "l, j. F Y",
    "fr": "l j F Y",
    "es": r"l, j \d\e F \d\e Y",
    "ru": "l, j E Y",
}
DEFAULT_LONG_DATE_FORMAT = "l j F Y"


def long_date(value: dt.date | dt.datetime) -> str:
    """'Saturday, September 21, 2024' in the active language."""
    language = translation.get_language() or "en"
    if type(value) is dt.date:  # the masthead's, on every page (equal datetimes may not be)
        return _long_date(value, language)
    return _long_date.__wrapped__(value, language)


@functools.lru_cache(maxsize=64)
def _long_date(value: dt.date | dt.datetime, language: str) -> str:
    base = language.split("-")[0]
    return dateformat.format(value, LONG_DATE_FORMATS.get(base, DEFAULT_LONG_DATE_FORMAT))


def today() -> dt.date:
    """Today in the site's time zone."""
    return timezone.localdate()

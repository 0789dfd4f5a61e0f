"""Dates as readers of the site's language expect them."""

import datetime as dt

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
    language = (translation.get_language() or "en").split("-")[0]
    return dateformat.format(value, LONG_DATE_FORMATS.get(language, DEFAULT_LONG_DATE_FORMAT))


def today() -> dt.date:
    """Today in the site's time zone."""
    return timezone.localdate()

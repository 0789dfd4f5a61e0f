"""The masthead: the temperature at the site's location and today's date."""

from django import template

from dateline.core.time import long_date, today
from dateline.weather.selectors import current_reading

register = template.Library()


@register.inclusion_tag("public/_masthead.html")
def masthead() -> dict:
    day = today()
    return {"reading": current_reading(), "today": day, "today_text": long_date(day)}

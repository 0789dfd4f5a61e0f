"""Template helpers of the reader site: JSON-LD and the masthead."""

import json

from markupsafe import Markup

from dateline.core.time import long_date, today
from dateline.weather.selectors import current_reading

# The characters that could end a <script> element or start markup inside it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> Markup:
    """`data` as a JSON-LD <script> element, safe against any text inside it."""
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return Markup('<script type="application/ld+json">%s</script>') % Markup(payload)  # noqa: S704


def masthead() -> dict:
    """The masthead: the temperature at the site's location and today's date."""
    day = today()
    return {"reading": current_reading(), "today": day, "today_text": long_date(day)}

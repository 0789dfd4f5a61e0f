""" "Save my name, email, and website in this browser": a cookie set only with consent.

The page itself stays the same for every reader (it may be cached and shared);
comment-form.js reads this cookie and fills the form in the reader's browser.
"""

import json
from urllib.parse import quote

from django.conf import settings

COOKIE = "dateline_commenter"
MAX_AGE = 365 * 24 * 3600


def remember_commenter(response, cleaned: dict) -> None:
    """Set the cookie when the reader consented; otherwise forget anything remembered."""
    if not cleaned.get("remember"):
        response.delete_cookie(COOKIE, samesite="Lax")
        return
    value = json.dumps(
        {"name": cleaned["name"], "email": cleaned["email"], "website": cleaned["website"]},
        ensure_ascii=False,
    )
    response.set_cookie(
        COOKIE,
        quote(value, safe=""),
        max_age=MAX_AGE,
        samesite="Lax",
        secure=settings.SECURE,
        httponly=False,  # read by comment-form.js to fill the form; holds nothing secret
    )

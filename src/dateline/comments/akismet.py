"""Optional Akismet check, off unless DATELINE_AKISMET_KEY is set.

A failing or slow Akismet never blocks a comment: the local defence decides alone.
"""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT = 3


def is_spam(candidate) -> bool:
    key = settings.AKISMET_KEY
    if not key:
        return False
    import httpx

    from dateline.core.http import client

    try:
        with client(timeout=TIMEOUT) as http:
            response = http.post(
                f"https://{key}.rest.akismet.com/1.1/comment-check",
                data={
                    "blog": settings.SITE_URL,
                    "user_ip": candidate.ip,
                    "user_agent": candidate.user_agent,
                    "comment_type": "comment",
                    "comment_author": candidate.name,
                    "comment_author_email": candidate.email,
                    "comment_author_url": candidate.url,
                    "comment_content": candidate.body,
                },
            )
    except httpx.HTTPError as exc:
        logger.warning("Akismet unavailable: %s", exc)
        return False
    return response.text.strip() == "true"

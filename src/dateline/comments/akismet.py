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
                settings.AKISMET_URL,
                data={
                    "api_key": key,
                    "blog": settings.SITE_URL or "http://localhost",
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
    verdict = response.text.strip()
    if response.status_code != 200 or verdict not in ("true", "false"):
        # e.g. "invalid" for a bad key; the reason is in X-akismet-debug-help
        logger.warning(
            "Akismet answered HTTP %s %r (%s)", response.status_code, verdict[:80],
            response.headers.get("X-akismet-debug-help", ""),
        )  # fmt: skip
        return False
    return verdict == "true"

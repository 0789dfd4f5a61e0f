"""Local spam defence: the signed form timestamp, rate limits, IP hashing, link limits."""

import functools
import hashlib
import math
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from dateline.comments.exceptions import RateLimitedError

FORM_SALT = "dateline.comments.form"
RATE_WINDOW = 600  # seconds


def form_token() -> str:
    """A signed timestamp for a freshly shown form."""
    return _signed_tick(math.floor(time.time() * 10) / 10, settings.SECRET_KEY)


@functools.lru_cache(maxsize=1)
def _signed_tick(tick: float, secret_key: str) -> str:
    """The token of one tenth of a second: the same for every form shown in it, so it
    is signed once (an HMAC and a JSON dump: 2 % of an article page's render)."""
    return signing.dumps(tick, salt=FORM_SALT, compress=False)


def form_age(token: str) -> float | None:
    """Seconds since the form was shown; None for a forged or mangled token."""
    try:
        shown = signing.loads(token, salt=FORM_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(shown, int | float):
        return None
    return time.time() - shown


def hash_ip(ip: str) -> str:
    """A keyed hash of the address (HMAC with SECRET_KEY): comparable, not reversible."""
    return salted_hmac("dateline.comments.ip", ip, algorithm="sha256").hexdigest()[:32]


def client_ip(request) -> str:
    header = settings.COMMENTS_CLIENT_IP_HEADER
    if header:
        value = request.headers.get(header, "")
        if value.strip():
            return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def check_rate(*, ip_hash: str, email: str) -> None:
    """Count one comment for this address and this email; raise when either is over."""
    window = int(time.time() // RATE_WINDOW)
    email_key = hashlib.sha256(email.encode()).hexdigest()[:32]
    limits = [
        (f"comments:rate:ip:{ip_hash}:{window}", settings.COMMENTS_RATE_PER_IP),
        (f"comments:rate:email:{email_key}:{window}", settings.COMMENTS_RATE_PER_EMAIL),
    ]
    for key, limit in limits:
        cache.add(key, 0, RATE_WINDOW + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW + 60)
            count = 1
        if count > limit:
            raise RateLimitedError(retry_after=RATE_WINDOW - int(time.time()) % RATE_WINDOW)


def idempotency_key(*, token: str, article_id: int, parent_id, email: str, body: str) -> str:
    """The same form sent twice with the same text gives the same key: one comment."""
    raw = "\x1f".join([token, str(article_id), str(parent_id or ""), email, body])
    return hashlib.sha256(raw.encode()).hexdigest()

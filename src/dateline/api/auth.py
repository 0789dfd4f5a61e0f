"""Bearer-token authentication for the editorial API."""

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer

from dateline.api.models import ApiToken, hash_token

# last_used_at is refreshed at most this often, so reads do not each write a row.
TOUCH_EVERY = dt.timedelta(minutes=5)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` from `dateline create_api_token`; the user acts."""

    def authenticate(self, request, token: str):
        try:
            api_token = (
                ApiToken.objects.active().select_related("user").get(key_hash=hash_token(token))
            )
        except ApiToken.DoesNotExist:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user

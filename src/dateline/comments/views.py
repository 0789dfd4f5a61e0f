"""The one comments address of its own: a fresh form timestamp for comment-form.js.

Article pages may be cached and shared, so the timestamp in their form can be old; the
script asks for a fresh one when the reader starts writing, which keeps the "too fast"
check meaningful for everyone who runs it.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dateline.comments.defence import form_token


@never_cache
@require_GET
def fresh_form_token(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"token": form_token()})

"""HTTP caching of API answers: public reads are shared and revalidated, editorial never stored."""

from functools import wraps

from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

PUBLIC_MAX_AGE = 60


def public_cache(run):
    """Public, cacheable for a minute, with an ETag and 304 answers to If-None-Match."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapper


def private_no_store(run):
    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper

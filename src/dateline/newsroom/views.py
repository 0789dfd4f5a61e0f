"""Back-office views beside the admin: workflow steps, revisions, preview links.

Confirm on GET, act on POST; every action is a service call, so the rules are the
services' (a refused action answers 403, an impossible one 409 with the reason).
"""

import datetime as dt
import functools

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dateline.newsroom import permissions, preview, revisions, selectors, services
from dateline.newsroom.exceptions import NewsroomError, NotAllowedError
from dateline.newsroom.models import Article, Revision


def back_office(view):
    """Only for whom the back office (admin site) lets in: staff, verified by OTP if
    DATELINE_REQUIRE_OTP is on; others are sent to its login page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not admin.site.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return wrapper


ACTIONS = {
    "submit": ("Submit for review", services.submit_for_review),
    "publish": ("Publish", services.publish_article),
    "unpublish": ("Unpublish", services.unpublish_article),
    "schedule": ("Schedule", services.schedule_article),
}


def _article(request: HttpRequest, pk: int) -> Article:
    """The article if the user may see it in the back office (else 404, as for readers)."""
    article = get_object_or_404(Article.objects.select_related("section"), pk=pk)
    if not (
        request.user.has_perm("newsroom.edit_any_article")
        or permissions.is_own(request.user, article)
    ):
        raise Http404("No such article")
    return article


def _change_url(article: Article) -> str:
    return reverse("admin:newsroom_article_change", args=[article.pk])


@back_office
@require_http_methods(["GET", "POST"])
def article_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    article = _article(request, pk)
    label, service = ACTIONS[action]
    context = {"article": article, "action": action, "label": label, "title": label}
    if request.method == "GET":
        return render(request, "newsroom/article_action.html", context)
    kwargs = {"by": request.user}
    try:
        if action == "schedule":
            kwargs["go_live_at"] = _parse_datetime(request.POST.get("go_live_at", ""))
        service(article, **kwargs)
    except NewsroomError as exc:
        context["error"] = str(exc)
        return render(request, "newsroom/article_action.html", context, status=exc.status)
    messages.success(request, f"{label}: done for “{article.headline}”.")
    return redirect(_change_url(article))


def _parse_datetime(value: str) -> dt.datetime:
    from dateline.newsroom.exceptions import InvalidTransitionError

    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidTransitionError("Give the go-live time as date and time.") from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@back_office
@require_GET
def revision_list(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    history = list(article.revisions.select_related("created_by"))
    pairs = [
        (rev, history[i + 1] if i + 1 < len(history) else None) for i, rev in enumerate(history)
    ]
    context = {"article": article, "pairs": pairs, "title": f"Revisions of {article.headline}"}
    return render(request, "newsroom/revision_list.html", context)


@back_office
@require_GET
def revision_diff(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    article = _article(request, pk)
    newer = get_object_or_404(Revision, pk=revision_id, article=article)
    older = (
        get_object_or_404(Revision, pk=request.GET["against"], article=article)
        if request.GET.get("against", "").isdigit()
        else article.revisions.filter(pk__lt=newer.pk).order_by("-pk").first()
    )
    tables = revisions.side_by_side(older, newer) if older else []
    context = {"article": article, "older": older, "newer": newer, "tables": tables,
               "title": "Compare revisions"}  # fmt: skip
    return render(request, "newsroom/revision_diff.html", context)


@back_office
@require_http_methods(["GET", "POST"])
def revision_restore(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    article = _article(request, pk)
    revision = get_object_or_404(Revision, pk=revision_id, article=article)
    if request.method == "GET":
        context = {"article": article, "revision": revision, "title": "Restore revision"}
        return render(request, "newsroom/revision_restore.html", context)
    try:
        services.restore_revision(revision, by=request.user)
    except NotAllowedError as exc:
        return render(request, "newsroom/refused.html", {"error": str(exc)}, status=403)
    messages.success(request, "The revision was restored (as a new revision).")
    return redirect(_change_url(article))


@back_office
@require_GET
def preview_link(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    url = request.build_absolute_uri(
        reverse("newsroom:preview", kwargs={"token": preview.token_for(article)})
    )
    context = {"article": article, "url": url, "title": "Preview link"}
    return render(request, "newsroom/preview_link.html", context)


@require_GET
def preview_article(request: HttpRequest, token: str) -> HttpResponse:
    """The article as readers would see it, for anyone holding a valid link."""
    try:
        article = preview.article_for(token)
    except NewsroomError:
        raise Http404("This preview link is invalid or has expired.") from None
    context = {
        "article": article,
        "authors": selectors.bylines_of(article),
        "tags": selectors.tags_of(article),
        "preview": True,
    }
    response = render(request, "newsroom/article_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@back_office
@require_GET
def media_picker(request: HttpRequest) -> JsonResponse:
    """The media library as JSON for the body editor's image picker (?q= searches)."""
    if not request.user.has_perm("newsroom.view_image"):
        raise PermissionDenied("You may not use the media library.")
    query = request.GET.get("q", "")[:200]
    images = [
        {
            "id": image.pk,
            "url": image.file.url,
            "thumbnail": _smallest_rendition(image) or image.file.url,
            "alt": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "title": str(image),
        }
        for image in selectors.media_library(query)
    ]
    return JsonResponse({"images": images})


def _smallest_rendition(image) -> str | None:
    from django.core.files.storage import default_storage

    if not image.renditions:
        return None
    smallest = min(image.renditions, key=lambda r: r["width"])
    return default_storage.url(smallest["name"])


@require_GET
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded images from DATELINE_MEDIA_ROOT, so `dateline serve` shows them.

    A busy site lets its web server answer /media/ instead (see deploy/ and README).
    """
    from django.conf import settings
    from django.views.static import serve

    if not path.startswith("images/"):
        raise Http404("No such file")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=604800"
    return response

"""One error shape for the whole API: application/problem+json (RFC 9457)."""

import logging
from http import HTTPStatus

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dateline.newsroom.exceptions import NewsroomError

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class Problem(Schema):
    """RFC 9457 problem details; `code` is ours and stable, for programs to branch on."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    code: str
    errors: list[dict] | None = None


def problem(status: int, code: str, detail: str = "", **extra) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON)


def install(api) -> None:
    """Route every error the API can raise to a problem response."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError):
        errors = [
            {"loc": [str(part) for part in error.get("loc", [])], "msg": error.get("msg", "")}
            for error in exc.errors
        ]
        return problem(422, "invalid_input", "The request is not valid.", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_content(request: HttpRequest, exc: DjangoValidationError):
        errors = [
            {"loc": [field], "msg": message}
            for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
            for message in messages
        ]
        return problem(422, "invalid_content", "The article is not valid.", errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError):
        response = problem(401, "unauthenticated", "A valid API token is required.")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return problem(404, "not_found", str(exc) or "Not found.")

    @api.exception_handler(NewsroomError)
    def newsroom_error(request: HttpRequest, exc: NewsroomError):
        return problem(exc.status, getattr(exc, "code", "newsroom_error"), str(exc))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        return problem(exc.status_code, "http_error", str(exc))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception):
        logger.exception("API error on %s %s", request.method, request.path)
        return problem(500, "server_error", "Something went wrong on our side.")

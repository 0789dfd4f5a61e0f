"""The NinjaAPI: public reads at /api/, editorial writes at /api/editorial/."""

from ninja import NinjaAPI

from dateline.api import editorial, errors, public

DESCRIPTION = """\
Dateline's JSON API. The public side shows published content only and may be cached
(`Cache-Control: public, max-age=60`, `ETag`). The editorial side needs a token
(`Authorization: Bearer <token>`, issued with `dateline create_api_token <username>`)
and goes through the same services and permissions as the back office. Every error is
`application/problem+json` (RFC 9457).
"""


class DatelineAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The generated document, with error responses declared as problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema["paths"].values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[errors.PROBLEM_JSON] = content.pop("application/json")
                operation.get("responses", {}).setdefault("422", _problem_response())
        return schema


def _problem_response() -> dict:
    return {
        "description": "The request is not valid",
        "content": {errors.PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


api = DatelineAPI(
    title="Dateline API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # the interactive docs page loads scripts from a CDN, which the CSP forbids
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", public.router)
api.add_router("/editorial/", editorial.router)

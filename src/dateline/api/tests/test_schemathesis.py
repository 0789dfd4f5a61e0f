"""Property-based contract test: schemathesis generates requests from the OpenAPI
document and checks every answer against it (status code, content type, body schema)
and that none is a server error. Editorial operations run with a valid Editor token.

Schemathesis' pytest integration (`from_fixture`) does not run under pytest 9, so each
operation is driven through its Hypothesis strategy directly."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from dateline.api.management.commands.openapi_schema import SNAPSHOT

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 40

# The committed snapshot names the operations (test_openapi.py keeps it equal to the live one).
OPERATIONS = [
    (method.upper(), path)
    for path, methods in json.loads(SNAPSHOT.read_text(encoding="utf-8"))["paths"].items()
    for method in methods
]


@pytest.fixture
def wsgi_app():
    """The real WSGI handler, kept from closing the test's database connection after each
    request (as Django's test client does), so every request sees the test's data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_honours_its_openapi_document(method, path, demo_content, bearer, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operation = schema[path][method]
    headers = bearer("Editor") if path.startswith("/api/editorial/") else {}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call_and_validate(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call_and_validate()

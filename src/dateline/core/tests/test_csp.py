"""The Content-Security-Policy header: the site's policy on every page, built once,
and django-csp's per-view policies and nonces still honoured."""

import copy

import pytest
from csp.constants import NONCE
from csp.exceptions import CSPNonceError
from django.http import HttpResponse

from dateline.core.csp import CSPMiddleware

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


@pytest.fixture
def core_urls(settings):
    settings.ROOT_URLCONF = "dateline.core.tests.urls"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_a_reader_page_carries_the_site_policy(client):
    response = client.get("/robots.txt")
    policy = directives(response[HEADER])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert REPORT_ONLY not in response


def test_a_changed_setting_changes_the_header(client, settings):
    assert "https://cdn.example.org" not in client.get("/robots.txt")[HEADER]
    changed = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    changed["DIRECTIVES"]["img-src"] = ["'self'", "https://cdn.example.org"]
    settings.CONTENT_SECURITY_POLICY = changed
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"script-src": ["'none'"]}}
    response = client.get("/robots.txt")
    assert directives(response[HEADER])["img-src"] == ["'self'", "https://cdn.example.org"]
    assert directives(response[REPORT_ONLY])["script-src"] == ["'none'"]


def test_excluded_prefixes_get_no_header(client, settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/robots"],
    }
    assert HEADER not in client.get("/robots.txt")
    assert HEADER in client.get("/")


def test_a_view_with_its_own_policy_keeps_it(client, core_urls):
    plain = directives(client.get("/csp/plain/")[HEADER])
    updated = directives(client.get("/csp/updated/")[HEADER])
    assert updated["img-src"] == [*plain["img-src"], "https://images.example.org"]
    assert HEADER not in client.get("/csp/exempt/")
    # The view's own policy did not stick to the site's.
    assert directives(client.get("/csp/plain/")[HEADER]) == plain


def test_a_nonce_asked_for_is_in_the_header(client, core_urls, settings):
    with_nonce = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    with_nonce["DIRECTIVES"]["script-src"] = ["'self'", NONCE]
    settings.CONTENT_SECURITY_POLICY = with_nonce
    first, second = client.get("/csp/nonce/"), client.get("/csp/nonce/")
    nonces = []
    for response in (first, second):
        nonce = response.content.decode().removeprefix("<p>").removesuffix("</p>")
        assert directives(response[HEADER])["script-src"] == ["'self'", f"'nonce-{nonce}'"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    # A page that asks for none names none.
    assert directives(client.get("/csp/plain/")[HEADER])["script-src"] == ["'self'"]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error(rf):
    """As with django-csp: a nonce read once the header is out would be in no policy."""
    request = rf.get("/robots.txt")
    middleware = CSPMiddleware(lambda request: None)
    middleware.process_request(request)
    response = middleware.process_response(request, HttpResponse("<p>page</p>"))
    assert "default-src 'self'" in response[HEADER]
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_debug_error_pages_keep_django_own_headers(client, settings):
    """django-csp leaves DEBUG's 404 and 500 pages without a policy (their inline styles);
    so does the reused header."""
    settings.DEBUG = True
    assert HEADER not in client.get("/no-such-page/")
    settings.DEBUG = False
    assert HEADER in client.get("/no-such-page/")

"""Arbitrary input to the reply form never gets a 500, and never comes back as markup."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.comments.models import Comment
from dateline.comments.tests.conftest import SEED_URL, fields

MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>bold</b>",
        "</textarea><svg onload=alert(1)>", '"><a href="javascript:alert(1)">x</a>',
        "http://example.org/<i>x</i>", "&lt;b&gt;", "\x00", "\x1b[31m", "\u202e", "\r\n",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=12).map("".join),
    st.text(st.characters(codec="utf-8"), min_size=4990, max_size=5100),
    st.just("x" * 200_000),
)
TAG = re.compile(r"<(script|img|svg|b|i|a href=\"javascript)[ >/]", re.I)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post_and_check(client, **values) -> int:
    """Post the form; assert no 500 and no reader markup on the page that follows."""
    response = client.post(SEED_URL, fields(**values), headers={"Origin": "http://testserver"})
    assert response.status_code in (200, 303, 400), response.status_code
    status = response.status_code
    if status == 303:
        response = client.get(response["Location"])
        assert "Your comment is awaiting moderation." in response.content.decode()
    html = response.content.decode()
    start = html.index('id="comments"') if 'id="comments"' in html else html.index('id="respond"')
    assert not TAG.search(html[start : html.index('id="latest-heading"')])
    Comment.objects.all().delete()
    return status


@FUZZ
@given(comment=TEXT)
def test_any_comment_text_is_stored_or_refused_and_never_shown_as_markup(
    client, seed_article, comment
):
    post_and_check(client, comment=comment)


@FUZZ
@given(
    comment=TEXT,
    name=st.one_of(st.just("Ann"), TEXT),
    email=st.one_of(st.just("ann@example.org"), TEXT),
    website=st.one_of(st.just(""), TEXT),
    parent=st.one_of(st.just(""), st.text(max_size=12)),
)
def test_any_input_in_any_field_is_answered_without_error_and_without_markup(
    client, seed_article, comment, name, email, website, parent
):
    post_and_check(client, comment=comment, name=name, email=email, website=website, parent=parent)


def test_markup_in_a_stored_comment_is_shown_as_typed(client, seed_article):
    body = "<script>alert(1)</script> <b>bold</b> see http://example.org/<i>x</i>"
    response = client.post(
        SEED_URL, fields(comment=body, name="<b>Ann</b>"), headers={"Origin": "http://testserver"}
    )
    html = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in html
    assert '<a href="http://example.org/" rel="nofollow ugc">http://example.org/</a>' in html
    assert "&lt;i&gt;x&lt;/i&gt;" in html
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html

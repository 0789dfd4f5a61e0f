"""Posting through HTTP: moderation on arrival, the author's view, threads, nothing lost."""

import re

import pytest
from django.db import connection

from dateline.comments.models import Comment
from dateline.comments.services import approve_comment, close_comments
from dateline.comments.tests.conftest import SEED_URL, fields
from dateline.public.tests.test_article_page import visible_text


def follow(client, response):
    assert response.status_code == 303, response.content[:500]
    return client.get(response["Location"])


def test_first_comment_is_held_and_only_its_author_sees_it_awaiting(client, post, seed_article):
    response = post(comment="My first comment here")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    location = response["Location"]
    assert location.startswith(SEED_URL + "?comment=")
    assert location.endswith(f"#comment-{comment.pk}")
    own_page = follow(client, response)
    assert "Your comment is awaiting moderation." in visible_text(own_page)
    assert "My first comment here" in visible_text(own_page)
    assert "no-store" in own_page["Cache-Control"]
    assert "private" in own_page["Cache-Control"]
    # Everyone else (and the shared page) sees nothing of it.
    shared = client.get(SEED_URL)
    assert "My first comment here" not in visible_text(shared)
    assert "awaiting moderation" not in visible_text(shared)
    # A forged token shows nothing either.
    forged = client.get(SEED_URL + f"?comment={comment.pk}")
    assert "My first comment here" not in visible_text(forged)


def test_approved_comment_appears_with_a_permalink_and_a_count(
    client, post, seed_article, moderator
):
    post(comment="Worth reading")
    approve_comment(Comment.objects.get(), by=moderator)
    page = client.get(SEED_URL)
    text = visible_text(page)
    comment = Comment.objects.get()
    assert "1 Comment" in text
    assert "Worth reading" in text
    assert f'id="comment-{comment.pk}"' in page.content.decode()
    assert f'href="{SEED_URL}#comment-{comment.pk}"' in page.content.decode()
    assert text.index("Worth reading") < text.index("Leave a Reply")


def test_known_commenter_is_shown_at_once(client, post, seed_article, moderator):
    post(comment="First")
    approve_comment(Comment.objects.get(), by=moderator)
    response = post(comment="Second, shown at once", email="ANN@example.org")
    assert Comment.objects.get(body__startswith="Second").status == Comment.Status.APPROVED
    text = visible_text(client.get(SEED_URL))
    assert "2 Comments" in text
    assert "Second, shown at once" in text
    assert "awaiting moderation" not in visible_text(follow(client, response))


def test_replies_nest_two_levels_deep(client, post, seed_article, moderator):
    post(comment="Top level")
    top = Comment.objects.get()
    approve_comment(top, by=moderator)
    post(comment="A reply", parent=top.pk, email="bob@example.org", name="Bob")
    reply = Comment.objects.get(body="A reply")
    approve_comment(reply, by=moderator)
    post(comment="A reply to the reply", parent=reply.pk)
    deepest = Comment.objects.get(body="A reply to the reply")
    assert deepest.parent == reply and reply.parent == top
    page = client.get(SEED_URL).content.decode()
    top_block = page[page.index(f'id="comment-{top.pk}"') :]
    nested = re.search(
        rf'id="comment-{top.pk}".*?<ol class="comment-replies">.*?id="comment-{reply.pk}"'
        rf'.*?<ol class="comment-replies">.*?id="comment-{deepest.pk}"',
        top_block,
        re.S,
    )
    assert nested
    assert "3 Comments" in visible_text(client.get(SEED_URL))


def test_reply_link_works_without_javascript(client, make_comment, moderator):
    top = make_comment(body="Parent comment")
    approve_comment(top, by=moderator)
    page = client.get(SEED_URL).content.decode()
    assert f'href="?replytocom={top.pk}#respond"' in page
    reply_page = client.get(f"{SEED_URL}?replytocom={top.pk}")
    assert "Replying to Ann" in visible_text(reply_page)
    assert f'name="parent" value="{top.pk}"' in reply_page.content.decode()


def test_reply_to_a_pending_or_foreign_comment_is_refused(post, make_comment, seed_article):
    pending = make_comment(body="Not yet approved")
    response = post(comment="Reply", parent=pending.pk)
    assert response.status_code == 400
    assert "The comment you replied to is not available any more." in visible_text(response)
    assert "Reply</textarea>" in response.content.decode()


def test_double_submit_stores_one_comment(post, seed_article, time_machine):
    # Both clicks within one second, as a double click is (the redirect's signed token
    # carries the second it was made in).
    time_machine.move_to("2026-01-01 10:00:00+00:00", tick=False)
    data = fields(comment="Sent twice by a double click")
    first = post(**data)
    second = post(**data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_same_text_in_a_new_form_is_a_new_comment(post, seed_article, time_machine):
    time_machine.move_to("2026-01-01 10:00:00+00:00")
    post(comment="Me too")
    time_machine.shift(5)
    post(comment="Me too")
    assert Comment.objects.count() == 2


def test_ip_is_stored_only_as_a_keyed_hash(client, seed_article):
    client.post(
        SEED_URL, fields(), headers={"Origin": "http://testserver"}, REMOTE_ADDR="203.0.113.9"
    )
    comment = Comment.objects.get()
    assert comment.ip_hash and "203.0.113.9" not in comment.ip_hash
    assert len(comment.ip_hash) == 32
    values = Comment.objects.values_list(*[f.attname for f in Comment._meta.concrete_fields])
    assert not any("203.0.113" in str(value) for value in values[0])


def test_editor_closes_comments_and_a_late_reply_keeps_its_text(
    client, post, seed_article, moderator
):
    close_comments(seed_article, by=moderator)
    page = client.get(SEED_URL)
    assert "Comments are closed" in visible_text(page)
    assert 'name="comment"' not in page.content.decode()
    response = post(comment="Too late?")
    assert response.status_code == 403
    assert "Comments are closed on this article." in visible_text(response)
    assert "Too late?</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_automatically_after_the_configured_days(
    client, post, seed_article, settings, time_machine
):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    time_machine.move_to(seed_article.published_at.replace(microsecond=0), tick=False)
    time_machine.shift(13 * 86400)
    assert 'name="comment"' in client.get(SEED_URL).content.decode()
    time_machine.shift(2 * 86400)
    assert "Comments are closed" in visible_text(client.get(SEED_URL))
    assert post().status_code == 403


def test_database_outage_gives_a_clear_503_with_the_text_in_the_form(client, seed_article):
    def database_down(execute, sql, params, many, context):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    data = fields(comment="Please keep this text", name="Ann")
    with connection.execute_wrapper(database_down):
        response = client.post(SEED_URL, data, headers={"Origin": "http://testserver"})
    assert response.status_code == 503
    assert response["Retry-After"]
    text = visible_text(response)
    assert "Your comment could not be stored just now" in text
    page = response.content.decode()
    assert "Please keep this text</textarea>" in page
    assert 'value="Ann"' in page
    assert f'action="{SEED_URL}#respond"' in page
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/page"},
        {},
    ],
)
def test_cross_origin_posts_are_refused(client, seed_article, headers):
    response = client.post(SEED_URL, fields(), headers=headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Referer": f"http://testserver{SEED_URL}"},
        {"Origin": "https://news.example.org"},  # in CSRF_TRUSTED_ORIGINS
    ],
)
def test_same_origin_posts_are_accepted(client, seed_article, settings, headers):
    settings.CSRF_TRUSTED_ORIGINS = ["https://news.example.org"]
    response = client.post(SEED_URL, fields(), headers=headers)
    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_article_page_with_comments_keeps_a_fixed_query_budget(
    client, seed_article, make_comment, moderator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(SEED_URL)
    with CaptureQueriesContext(connection) as without_comments:
        client.get(SEED_URL)
    parent = None
    for number in range(30):
        comment = make_comment(
            body=f"Comment {number}", email=f"r{number}@example.org", parent=parent
        )
        approve_comment(comment, by=moderator)
        parent = comment if number % 3 else None  # threads three deep
    with CaptureQueriesContext(connection) as with_comments:
        assert "30 Comments" in visible_text(client.get(SEED_URL))
    assert len(with_comments) == len(without_comments)

"""Moderators decide in the back office; every decision is recorded with who and when."""

import pytest

from dateline.comments.exceptions import NotPermittedError
from dateline.comments.models import Comment, Decision
from dateline.comments.selectors import comment_counts
from dateline.comments.services import (
    approve_comment,
    erase_commenter,
    mark_spam,
    remove_comment,
)
from dateline.comments.tests.conftest import SEED_URL
from dateline.public.tests.test_article_page import visible_text

QUEUE = "/newsroom/comments/comment/"


def test_approval_records_who_and_when(make_comment, moderator, time_machine):
    time_machine.move_to("2026-03-01 09:30:00+00:00", tick=False)
    comment = approve_comment(make_comment(), by=moderator)
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by == moderator
    assert comment.decided_at.isoformat() == "2026-03-01T09:30:00+00:00"
    decision = Decision.objects.get(comment=comment)
    assert (decision.status, decision.decided_by) == ("approved", moderator)


def test_only_moderators_decide(make_comment, reader_account):
    comment = make_comment()
    with pytest.raises(NotPermittedError):
        approve_comment(comment, by=reader_account)
    with pytest.raises(NotPermittedError):
        erase_commenter("ann@example.org", by=reader_account)
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_spam_is_hidden_and_removed_shows_as_removed_in_its_thread(client, make_comment, moderator):
    top = approve_comment(make_comment(body="Top comment"), by=moderator)
    reply = approve_comment(make_comment(body="Reply to top", parent=top), by=moderator)
    junk = mark_spam(make_comment(body="Junk junk"), by=moderator)
    remove_comment(top, by=moderator)
    text = visible_text(client.get(SEED_URL))
    assert "This comment was removed by a moderator." in text
    assert "Top comment" not in text
    assert "Reply to top" in text
    assert "Junk junk" not in text
    assert "1 Comment" in text
    assert junk.status == Comment.Status.SPAM
    remove_comment(reply, by=moderator)
    assert "removed by a moderator" not in visible_text(client.get(SEED_URL))


def test_queue_lists_pending_comments_for_editors_only(
    client, make_comment, moderator, reader_account
):
    make_comment(body="Waiting for a decision")
    client.force_login(reader_account)
    assert client.get(QUEUE).status_code == 403
    client.force_login(moderator)
    response = client.get(QUEUE, follow=True)
    assert response.redirect_chain[0][0].endswith("?status__exact=pending")
    assert "Waiting for a decision" in response.content.decode()


def test_bulk_actions_decide_many_at_once(client, make_comment, moderator):
    comments = [make_comment(body=f"Bulk {n}", email=f"b{n}@example.org") for n in range(3)]
    client.force_login(moderator)
    response = client.post(
        QUEUE + "?status__exact=pending",
        {"action": "approve", "_selected_action": [c.pk for c in comments[:2]]},
        follow=True,
    )
    assert "2 comment(s) approved." in response.content.decode()
    client.post(QUEUE, {"action": "spam", "_selected_action": [comments[2].pk]})
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {"Bulk 0": "approved", "Bulk 1": "approved", "Bulk 2": "spam"}
    assert Decision.objects.filter(decided_by=moderator).count() == 3


def test_one_comment_is_decided_from_its_page(client, make_comment, moderator):
    comment = make_comment()
    client.force_login(moderator)
    page = client.get(f"{QUEUE}{comment.pk}/change/").content.decode()
    assert f"{QUEUE}{comment.pk}/decide/removed/" in page
    response = client.post(f"{QUEUE}{comment.pk}/decide/removed/")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.REMOVED
    assert client.get(f"{QUEUE}{comment.pk}/decide/approved/").status_code == 403


def test_moderators_cannot_delete_comments(client, make_comment, moderator):
    comment = make_comment()
    client.force_login(moderator)
    assert client.get(f"{QUEUE}{comment.pk}/delete/").status_code == 403


def test_erasing_a_commenter_keeps_the_thread(client, make_comment, moderator):
    top = approve_comment(make_comment(body="Personal story", name="Eve"), by=moderator)
    reply = approve_comment(
        make_comment(body="Nice story", email="bob@example.org", name="Bob", parent=top),
        by=moderator,
    )
    make_comment(body="Another by Eve", email="EVE@example.org")
    top.author_email = "eve@example.org"
    top.save()
    client.force_login(moderator)
    response = client.post(
        QUEUE + "erase/", {"email": "Eve@Example.org", "confirm": "on"}, follow=True
    )
    assert "Erased 2 comment(s) from that address." in response.content.decode()
    erased = Comment.objects.filter(is_erased=True)
    assert erased.count() == 2
    for comment in erased:
        assert (comment.body, comment.author_name, comment.author_email, comment.ip_hash) == (
            ("", "", "", "")
        )
    assert not Comment.objects.filter(author_email__icontains="eve").exists()
    text = visible_text(client.get(SEED_URL))
    assert "This comment was erased at its author’s request." in text
    assert "Personal story" not in text and "Eve" not in text
    assert "Nice story" in text
    assert Comment.objects.get(pk=reply.pk).parent_id == top.pk
    assert Decision.objects.filter(note__contains="erased", decided_by=moderator).count() == 2


def test_erase_needs_confirmation(client, make_comment, moderator):
    make_comment()
    client.force_login(moderator)
    client.post(QUEUE + "erase/", {"email": "ann@example.org"})
    assert not Comment.objects.filter(is_erased=True).exists()


def test_comment_counts_for_lists_in_one_query(
    make_comment, moderator, seed_article, django_assert_num_queries
):
    from dateline.newsroom.models import Article

    other = Article.objects.exclude(pk=seed_article.pk).first()
    approve_comment(make_comment(body="one"), by=moderator)
    approve_comment(make_comment(body="two"), by=moderator)
    make_comment(body="pending", email="new@example.org")
    approve_comment(make_comment(body="elsewhere", article=other), by=moderator)
    with django_assert_num_queries(1):
        counts = comment_counts([seed_article.pk, other.pk])
    assert counts == {seed_article.pk: 2, other.pk: 1}


def test_editor_closes_and_reopens_comments_in_the_back_office(client, seed_article, moderator):
    client.force_login(moderator)
    response = client.post("/newsroom/comments/commentclosure/add/", {"article": seed_article.pk})
    assert response.status_code == 302
    assert "Comments are closed" in visible_text(client.get(SEED_URL))
    closure = seed_article.comment_closure
    assert closure.closed_by == moderator
    client.post(f"/newsroom/comments/commentclosure/{closure.pk}/delete/", {"post": "yes"})
    assert 'name="comment"' in client.get(SEED_URL).content.decode()


def test_lists_show_each_articles_approved_comment_count(client, seed_article, make_comment):
    for text in ("First remark.", "Second remark."):
        comment = make_comment(body=text, email=f"{len(text)}@example.org")
        comment.status = Comment.Status.APPROVED
        comment.save()
    make_comment(body="Held back.")  # pending: not counted
    link = f'<a href="{seed_article.get_absolute_url()}#comments">2 comments</a>'
    tag = seed_article.tags.first()
    for url in (seed_article.section.get_absolute_url(), tag.get_absolute_url(), "/2024/09/21/"):
        assert link in client.get(url).content.decode(), url

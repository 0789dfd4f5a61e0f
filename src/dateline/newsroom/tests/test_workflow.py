"""The workflow: drafts, review, scheduling by the worker's sweep, expiry, corrections."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dateline.newsroom import services, tasks
from dateline.newsroom.exceptions import InvalidTransitionError, NotAllowedError
from dateline.newsroom.models import Article, AuditEntry, Image

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def test_draft_is_hidden_from_readers_until_published(client, editor, draft_by):
    article = draft_by(editor, "Hidden for now")
    assert client.get("/").content.decode().count("Hidden for now") == 0
    services.publish_article(article, by=editor)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.first_published_at == article.last_published_at


def test_publishing_needs_a_section(editor):
    article = services.create_draft(by=editor, headline="No section yet")
    with pytest.raises(InvalidTransitionError, match="no section"):
        services.publish_article(article, by=editor)


def test_publishing_needs_alt_text_on_the_featured_image_and_body_images(
    editor, draft_by, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(file="images/x.png", width=1, height=1)
    article = draft_by(editor, featured_image=image)
    with pytest.raises(InvalidTransitionError, match="featured image has no alt text"):
        services.publish_article(article, by=editor)
    other = draft_by(editor, "Body image", body='<p><img src="/media/x.png"></p>')
    with pytest.raises(InvalidTransitionError, match="image in its body"):
        services.publish_article(other, by=editor)


def test_scheduled_article_goes_live_when_the_worker_sweeps(client, editor, draft_by):
    with time_machine.travel(NOON, tick=False):
        article = draft_by(editor, "Timed story")
        services.schedule_article(article, by=editor, go_live_at=NOON + dt.timedelta(minutes=5))
        tasks.publish_due_articles.call()
        article.refresh_from_db()
        assert article.status == Article.Status.SCHEDULED
    with time_machine.travel(NOON + dt.timedelta(minutes=5, seconds=30), tick=False):
        result = tasks.publish_due_articles.call()
        assert result["published"] == 1
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == NOON + dt.timedelta(minutes=5)
        assert client.get(article.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.filter(action="publish", actor=None).exists()


def test_scheduling_through_the_back_office(client, editor, draft_by):
    article = draft_by(editor)
    client.force_login(editor)
    url = reverse("newsroom:article-schedule", args=[article.pk])
    assert client.post(url, {"go_live_at": "2001-01-01T10:00"}).status_code == 409
    later = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"go_live_at": later}).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED and article.go_live_at


def test_expired_article_leaves_the_site(client, editor, draft_by):
    with time_machine.travel(NOON, tick=False):
        article = draft_by(editor, expire_at=NOON + dt.timedelta(hours=1))
        services.publish_article(article, by=editor)
        assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(NOON + dt.timedelta(hours=2), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert tasks.publish_due_articles.call()["expired"] == 1
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_republishing_keeps_the_permalink_and_first_publication(editor, draft_by):
    article = draft_by(editor)
    services.publish_article(article, by=editor)
    first_url, first_at = article.get_absolute_url(), article.first_published_at
    services.unpublish_article(article, by=editor)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        services.publish_article(article, by=editor)
    assert article.get_absolute_url() == first_url
    assert article.first_published_at == first_at < article.last_published_at


def test_correction_shows_updated_time_and_note_to_readers(client, editor, draft_by):
    article = services.publish_article(draft_by(editor, "Corrected story"), by=editor)
    services.update_article(
        article, by=editor, body="<p>Fixed text</p>", is_correction=True,
        correction_note="An earlier version gave the wrong date.",
    )  # fmt: skip
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Updated <time" in page
    assert "An earlier version gave the wrong date." in page


def test_plain_edit_is_not_shown_as_a_correction(client, editor, draft_by):
    article = services.publish_article(draft_by(editor), by=editor)
    services.update_article(article, by=editor, correction_note="not yet a correction")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Updated" not in page and "not yet a correction" not in page


def test_authors_cannot_mark_corrections_of_others_and_contributors_never(
    contributor, author, draft_by
):
    article = draft_by(contributor)
    with pytest.raises(NotAllowedError):
        services.update_article(article, by=contributor, is_correction=True)
    with pytest.raises(NotAllowedError):
        services.update_article(article, by=author, headline="Not mine")


def test_contributor_cannot_edit_own_article_once_published(contributor, editor, draft_by):
    article = draft_by(contributor)
    services.publish_article(article, by=editor)
    with pytest.raises(NotAllowedError):
        services.update_article(article, by=contributor, headline="Sneaky")


def test_demo_loader_publishes_as_the_system(demo_content):
    assert Article.objects.published().count() == 87
    assert AuditEntry.objects.filter(action="publish", actor=None).count() == 87
    assert not Article.objects.published().filter(first_published_at=None).exists()

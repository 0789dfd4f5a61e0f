"""Every save keeps a revision (list, diff, restore); drafts preview through signed links."""

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from dateline.newsroom import preview, services
from dateline.newsroom.models import Tag


def test_every_save_keeps_a_revision_listed_in_the_back_office(client, editor, draft_by):
    article = draft_by(editor, "First words")
    services.update_article(article, by=editor, headline="Second words")
    client.force_login(editor)
    page = client.get(reverse("newsroom:article-revisions", args=[article.pk]))
    assert page.status_code == 200
    assert article.revisions.count() == 2
    assert page.content.decode().count("Compare with previous") == 1


def test_diff_shows_both_versions_side_by_side_escaped(client, editor, draft_by):
    article = draft_by(editor, "Old <b>headline</b>")
    services.update_article(article, by=editor, headline="New <i>headline</i>")
    newest = article.revisions.first()
    client.force_login(editor)
    page = client.get(reverse("newsroom:revision-diff", args=[article.pk, newest.pk]))
    html = page.content.decode()
    assert "&lt;b&gt;" in html and "&lt;i&gt;" in html
    assert "<i>headline" not in html


def test_restore_brings_back_content_as_a_new_revision(client, editor, draft_by):
    article = draft_by(editor, "Original headline", body="<p>Original body</p>")
    first = article.revisions.get()
    services.update_article(article, by=editor, headline="Changed", body="<p>Changed</p>")
    client.force_login(editor)
    url = reverse("newsroom:revision-restore", args=[article.pk, first.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Original headline" and "Original body" in article.body
    assert article.revisions.count() == 3


def test_contributor_cannot_restore_revisions_of_others(client, contributor, editor, draft_by):
    article = draft_by(editor)
    client.force_login(contributor)
    url = reverse("newsroom:revision-restore", args=[article.pk, article.revisions.get().pk])
    assert client.post(url).status_code == 404


def test_preview_link_shows_a_draft_without_login_and_is_not_indexed(client, editor, draft_by):
    article = draft_by(editor, "Secret draft", body="<p>Draft text</p>")
    article.tags.add(Tag.objects.create(name="Harbour works", slug="harbour-works"))
    assert client.get("/").content.decode().count("Secret draft") == 0
    client.force_login(editor)
    page = client.get(reverse("newsroom:article-preview", args=[article.pk])).content.decode()
    link = page.split('href="http://testserver', 1)[1].split('"', 1)[0]
    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert "Preview" in response.content.decode() and "Draft text" in response.content.decode()
    assert 'rel="tag">Harbour works</a>' in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]


def test_preview_link_expires_and_cannot_be_forged(client, editor, draft_by):
    article = draft_by(editor)
    url = reverse("newsroom:preview", kwargs={"token": preview.token_for(article)})
    assert client.get(url[:-1] + "x/").status_code == 404
    assert client.get(url.replace(str(article.pk), str(article.pk + 1), 1)).status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(hours=49)):
        assert client.get(url).status_code == 404

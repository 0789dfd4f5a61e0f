"""The audit log: publish, unpublish, delete and role changes, read-only in the admin."""

from django.urls import reverse

from dateline.newsroom import services
from dateline.newsroom.models import Article, AuditEntry


def test_delete_through_the_admin_is_audited(client, editor, draft_by):
    article = draft_by(editor, "To be deleted")
    client.force_login(editor)
    url = reverse("admin:newsroom_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert (entry.actor, entry.object_repr) == (editor, "To be deleted")


def test_contributors_cannot_delete(client, contributor, draft_by):
    article = draft_by(contributor)
    client.force_login(contributor)
    url = reverse("admin:newsroom_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_administrators_read_the_log_but_nobody_edits_it(client, administrator, editor, draft_by):
    services.publish_article(draft_by(editor, "Logged story"), by=editor)
    client.force_login(administrator)
    page = client.get("/newsroom/newsroom/auditentry/").content.decode()
    assert "Logged story" in page
    entry = AuditEntry.objects.get(action="publish")
    assert client.get("/newsroom/newsroom/auditentry/add/").status_code == 403
    change = client.post(reverse("admin:newsroom_auditentry_change", args=[entry.pk]), {})
    assert change.status_code == 403
    assert client.post(reverse("admin:newsroom_auditentry_delete", args=[entry.pk]),
                       {"post": "yes"}).status_code == 403  # fmt: skip


def test_editors_do_not_see_the_audit_log(client, editor):
    client.force_login(editor)
    assert client.get("/newsroom/newsroom/auditentry/").status_code == 403

"""What each role may and may not do, through the back office over HTTP."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from dateline.newsroom import roles
from dateline.newsroom.models import Article, AuditEntry

ADD_URL = "/newsroom/newsroom/article/add/"


def change_url(article):
    return reverse("admin:newsroom_article_change", args=[article.pk])


def action(client, article, name, **data):
    return client.post(reverse(f"newsroom:article-{name}", args=[article.pk]), data)


def add_form(section, headline="Written in the back office"):
    return {
        "headline": headline, "slug": "", "standfirst": "", "body": "<p>Hello</p>",
        "section": section.pk, "language": "en", "seo_title": "", "seo_description": "",
        "correction_note": "", "source_url": "", "attribution": "", "license_url": "",
        "byline_set-TOTAL_FORMS": "0", "byline_set-INITIAL_FORMS": "0",
        "byline_set-MIN_NUM_FORMS": "0", "byline_set-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def test_roles_are_groups_and_editors_may_moderate_comments(db):
    editor = Group.objects.get(name=roles.EDITOR)
    codenames = set(editor.permissions.values_list("codename", flat=True))
    assert {"publish_article", "change_section", "change_tag"} <= codenames
    if Permission.objects.filter(codename="moderate_comment").exists():
        assert "moderate_comment" in codenames
    assert roles.sync_roles()[roles.EDITOR] == editor  # idempotent


def test_contributor_writes_a_draft_and_submits_it_but_cannot_publish(client, contributor, section):
    client.force_login(contributor)
    response = client.post(ADD_URL, add_form(section))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(headline="Written in the back office")
    assert article.status == Article.Status.DRAFT and article.created_by == contributor
    assert action(client, article, "publish").status_code == 403
    assert action(client, article, "submit").status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_contributor_cannot_see_or_edit_someone_elses_draft(
    client, contributor, make_user, draft_by
):
    other = draft_by(make_user(roles.CONTRIBUTOR, "other"))
    client.force_login(contributor)
    assert client.get(change_url(other)).status_code in (302, 404)
    assert action(client, other, "submit").status_code == 404
    assert other.headline not in client.get("/newsroom/newsroom/article/").content.decode()


def test_contributor_cannot_manage_sections(client, contributor):
    client.force_login(contributor)
    assert client.get("/newsroom/newsroom/section/add/").status_code == 403


def test_author_publishes_own_article_but_not_anothers(client, author, make_user, draft_by):
    mine = draft_by(author, "Mine")
    theirs = draft_by(make_user(roles.AUTHOR, "someone"), "Theirs")
    client.force_login(author)
    assert action(client, mine, "publish").status_code == 302
    assert action(client, theirs, "publish").status_code == 404
    mine.refresh_from_db()
    assert mine.status == Article.Status.PUBLISHED
    assert client.get(mine.get_absolute_url()).status_code == 200


def test_editor_publishes_and_unpublishes_anyones_article_and_manages_sections(
    client, editor, contributor, draft_by
):
    article = draft_by(contributor)
    client.force_login(editor)
    assert client.get(change_url(article)).status_code == 200
    assert action(client, article, "publish").status_code == 302
    article.refresh_from_db()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert action(client, article, "unpublish").status_code == 302
    assert client.get(url).status_code == 404
    assert client.get("/newsroom/newsroom/section/add/").status_code == 200
    assert client.get("/newsroom/auth/user/").status_code == 403
    actions = list(AuditEntry.objects.values_list("action", "actor__username"))
    assert ("publish", "editor") in actions and ("unpublish", "editor") in actions


def test_administrator_manages_users_and_roles_and_it_is_audited(
    client, administrator, contributor
):
    client.force_login(administrator)
    assert client.get("/newsroom/auth/user/").status_code == 200
    response = client.get(reverse("admin:auth_user_change", args=[contributor.pk]))
    assert response.status_code == 200
    contributor.groups.clear()  # through the admin below: the form posts the groups
    form = {
        "username": "contributor", "is_active": "on", "is_staff": "on",
        "groups": [Group.objects.get(name=roles.EDITOR).pk],
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00", "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "10:00:00",
    }  # fmt: skip
    response = client.post(reverse("admin:auth_user_change", args=[contributor.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(contributor.groups.values_list("name", flat=True)) == [roles.EDITOR]
    entry = AuditEntry.objects.filter(action="role_change", actor=administrator).first()
    assert entry is not None and "Editor" in entry.detail


def test_administrator_cannot_make_a_superuser(client, administrator, contributor):
    client.force_login(administrator)
    page = client.get(reverse("admin:auth_user_change", args=[contributor.pk])).content.decode()
    assert 'name="is_superuser"' not in page


@pytest.mark.parametrize("role", [roles.CONTRIBUTOR, roles.EDITOR])
def test_login_through_the_back_office_form_works_with_axes(client, make_user, role):
    make_user(role)
    response = client.post(
        "/newsroom/login/?next=/newsroom/",
        {"username": role.lower(), "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert client.get("/newsroom/").status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, draft_by, contributor):
    article = draft_by(contributor)
    response = action(client, article, "publish")
    assert response.status_code == 302 and "/login/" in response["Location"]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_repeated_wrong_passwords_lock_the_login_out_for_a_while(client, make_user, settings):
    import datetime as dt

    import time_machine

    make_user(roles.EDITOR)
    wrong = {"username": "editor", "password": "not-the-password"}
    right = {"username": "editor", "password": "a-long-test-password"}
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert client.post("/newsroom/login/", wrong).status_code == 200  # form again
        locked = client.post("/newsroom/login/", wrong)
        assert locked.status_code == 429
        # Locked out: even the right password does not get in now.
        assert client.post("/newsroom/login/", right).status_code == 429
        clock.shift(dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))
        assert client.post("/newsroom/login/", right).status_code == 302

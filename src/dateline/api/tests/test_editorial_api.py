import io

import pytest
from django.core.management import call_command

from dateline.api.models import ApiToken, hash_token
from dateline.newsroom.models import Article

DRAFT = {
    "headline": "Council approves the new tram line",
    "section": "world",
    "standfirst": "After two years of debate.",
    "body": "<p>The vote was close.</p><script>alert(1)</script>",
    "tags": ["Transport"],
    "authors": ["dateline-world-desk"],
}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == "application/problem+json"
    assert response["Cache-Control"] == "private, no-store"
    return response.json()


def post(client, url, headers, data=None):
    return client.post(url, data or {}, content_type="application/json", headers=headers)


def test_without_a_token_the_editorial_api_answers_401(client, demo_content):
    response = post(client, "/api/editorial/articles", {}, DRAFT)
    assert problem(response, 401)["code"] == "unauthenticated"
    assert response["WWW-Authenticate"] == "Bearer"
    bad = {"Authorization": "Bearer dl_not-a-real-token"}
    problem(post(client, "/api/editorial/articles", bad, DRAFT), 401)


def test_a_revoked_token_no_longer_works(client, demo_content, bearer):
    headers = bearer("Editor")
    ApiToken.objects.update(revoked_at="2024-01-01T00:00:00Z")
    problem(post(client, "/api/editorial/articles", headers, DRAFT), 401)


def test_contributor_writes_and_submits_but_cannot_publish(client, demo_content, bearer):
    headers = bearer("Contributor")
    created = post(client, "/api/editorial/articles", headers, DRAFT)
    assert created.status_code == 201, created.content
    assert created["Cache-Control"] == "private, no-store"
    article = created.json()
    assert article["status"] == "draft"
    assert article["url"] is None
    assert "<script>" not in article["body"]  # cleaned by the same service as the back office
    assert [a["slug"] for a in article["authors"]] == ["dateline-world-desk"]
    url = f"/api/editorial/articles/{article['id']}"
    assert client.get(f"/api/articles/{article['id']}").status_code == 404  # not public

    changed = client.patch(
        url,
        {"headline": "Council approves tram line"},
        content_type="application/json",
        headers=headers,
    )
    assert changed.json()["headline"] == "Council approves tram line"
    assert changed.json()["standfirst"] == DRAFT["standfirst"]

    submitted = post(client, f"{url}/submit", headers)
    assert submitted.json()["status"] == "in_review"
    assert problem(post(client, f"{url}/publish", headers), 403)["code"] == "not_allowed"
    assert Article.objects.get(pk=article["id"]).status == Article.Status.IN_REVIEW


def test_editor_publishes_and_the_article_goes_public(client, demo_content, bearer):
    author = bearer("Contributor")
    article = post(client, "/api/editorial/articles", author, DRAFT).json()
    editor = bearer("Editor")
    published = post(client, f"/api/editorial/articles/{article['id']}/publish", editor)
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    public = client.get(f"/api/articles/{article['id']}")
    assert public.status_code == 200
    assert public.json()["url"] == published.json()["url"]
    again = post(client, f"/api/editorial/articles/{article['id']}/publish", editor)
    assert problem(again, 409)["code"] == "invalid_transition"


def test_others_drafts_are_hidden_from_a_contributor(client, demo_content, bearer):
    mine = post(client, "/api/editorial/articles", bearer("Contributor", "ann"), DRAFT).json()
    other = bearer("Contributor", "bob")
    problem(client.get(f"/api/editorial/articles/{mine['id']}", headers=other), 404)
    response = client.patch(
        f"/api/editorial/articles/{mine['id']}",
        {"headline": "Mine now"},
        content_type="application/json",
        headers=other,
    )
    problem(response, 404)
    assert Article.objects.get(pk=mine["id"]).headline == DRAFT["headline"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"section": "no-such-section"}, "section"),
        ({"authors": ["nobody"]}, "authors"),
        ({"headline": ""}, "headline"),
        ({"language": "xx"}, "language"),
        ({"source_url": "not a url"}, "source_url"),
    ],
)
def test_invalid_drafts_are_422_problems_that_store_nothing(
    client, demo_content, bearer, change, field
):
    before = Article.objects.count()
    response = post(client, "/api/editorial/articles", bearer("Editor"), {**DRAFT, **change})
    body = problem(response, 422)
    assert any(field in error["loc"] for error in body["errors"]), body
    assert Article.objects.count() == before


def test_a_reader_account_cannot_write(client, demo_content, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="x-long-password-1")
    _, secret = ApiToken.issue(reader, name="reader")
    response = post(client, "/api/editorial/articles", {"Authorization": f"Bearer {secret}"}, DRAFT)
    assert problem(response, 403)["code"] == "not_allowed"


def test_create_api_token_prints_a_working_token_and_stores_only_its_hash(
    client, demo_content, make_user
):
    make_user("desk", "Editor")
    out = io.StringIO()
    call_command("create_api_token", "desk", "--name", "CMS bridge", stdout=out)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(name="CMS bridge")
    assert token.key_hash == hash_token(secret)
    assert secret not in str(ApiToken.objects.values_list())
    response = post(client, "/api/editorial/articles", {"Authorization": f"Bearer {secret}"}, DRAFT)
    assert response.status_code == 201


def test_create_api_token_for_an_unknown_user_fails_clearly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("create_api_token", "ghost")


def test_editor_schedules_then_unpublishes(client, demo_content, bearer):
    editor = bearer("Editor")
    article = post(client, "/api/editorial/articles", editor, DRAFT).json()
    url = f"/api/editorial/articles/{article['id']}"
    past = post(client, f"{url}/schedule", editor, {"go_live_at": "2001-01-01T00:00:00Z"})
    assert problem(past, 409)["code"] == "invalid_transition"
    naive = post(client, f"{url}/schedule", editor, {"go_live_at": "2999-01-01T00:00:00"})
    problem(naive, 422)
    scheduled = post(client, f"{url}/schedule", editor, {"go_live_at": "2999-01-01T08:00:00+00:00"})
    assert scheduled.json()["status"] == "scheduled"
    assert scheduled.json()["go_live_at"].startswith("2999-01-01T08:00:00")
    assert client.get(f"/api/articles/{article['id']}").status_code == 404
    unpublished = post(client, f"{url}/unpublish", editor)
    assert unpublished.json()["status"] == "unpublished"
    assert problem(post(client, f"{url}/unpublish", editor), 409)["code"] == "invalid_transition"


def test_a_contributor_cannot_schedule(client, demo_content, bearer):
    contributor = bearer("Contributor")
    article = post(client, "/api/editorial/articles", contributor, DRAFT).json()
    response = post(
        client,
        f"/api/editorial/articles/{article['id']}/schedule",
        contributor,
        {"go_live_at": "2999-01-01T08:00:00+00:00"},
    )
    assert problem(response, 403)["code"] == "not_allowed"

import json

from dateline.api.management.commands.openapi_schema import SNAPSHOT, openapi_document


def test_openapi_document_matches_the_committed_snapshot():
    """A change to the API's contract must be deliberate: refresh the snapshot with
    `DATELINE_SECRET_KEY=x .venv/bin/dateline openapi_schema --write` and review the diff."""
    assert json.loads(openapi_document()) == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_openapi_document_is_served(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Dateline API"
    assert "/api/editorial/articles/{article_id}/publish" in document["paths"]


def test_error_responses_are_declared_as_problem_json():
    document = json.loads(openapi_document())
    for path in document["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]

import pytest
from django.contrib.auth.models import Group

from dateline.api.models import ApiToken
from dateline.newsroom import roles


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, role: str):
        roles.sync_roles()
        user = django_user_model.objects.create_user(username, password="x-long-password-1")
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def bearer(make_user):
    """`Authorization` headers for a new user in `role` (Contributor, Author, Editor)."""

    def headers(role: str, username: str | None = None) -> dict:
        user = make_user(username or role.lower(), role)
        _, secret = ApiToken.issue(user, name="tests")
        return {"Authorization": f"Bearer {secret}"}

    return headers


from dateline.syndication.tests.conftest import upload_picture  # noqa: E402,F401 - a shared fixture

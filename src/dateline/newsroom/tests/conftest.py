import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from dateline.newsroom import roles, services


@pytest.fixture
def section(db):
    return services.get_or_create_section("World", slug="world")


@pytest.fixture
def make_user(db):
    def make(role: str | None, username: str | None = None, **extra):
        user = get_user_model().objects.create_user(
            username or (role or "nobody").lower(), password="a-long-test-password", is_staff=True,
            **extra,
        )  # fmt: skip
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def contributor(make_user):
    return make_user(roles.CONTRIBUTOR)


@pytest.fixture
def author(make_user):
    return make_user(roles.AUTHOR)


@pytest.fixture
def editor(make_user):
    return make_user(roles.EDITOR)


@pytest.fixture
def administrator(make_user):
    return make_user(roles.ADMINISTRATOR)


@pytest.fixture
def draft_by(section):
    def make(user, headline="A draft", **fields):
        fields.setdefault("body", "<p>Text</p>")
        return services.create_draft(by=user, headline=headline, section=section, **fields)

    return make

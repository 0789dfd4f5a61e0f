import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from dateline.comments.defence import form_token

SEED_URL = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"
ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test starts with empty rate-limit counters, generous limits and no minimum
    fill-in time; the tests of those defences set them."""
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_PER_IP = 1000
    settings.COMMENTS_RATE_PER_EMAIL = 1000
    cache.clear()
    yield
    cache.clear()


def fields(**overrides) -> dict:
    data = {
        "comment": "A thoughtful remark.",
        "name": "Ann Reader",
        "email": "ann@example.org",
        "website": "",
        "ts": form_token(),
        "subject": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post(client):
    """POST the reply form of an article like a browser on this site does (Origin set)."""

    def send(url=SEED_URL, headers=None, **overrides):
        return client.post(url, fields(**overrides), headers={"Origin": ORIGIN, **(headers or {})})

    return send


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def reader_account(django_user_model):
    return django_user_model.objects.create_user("writer", password="pw", is_staff=True)


@pytest.fixture
def make_comment(seed_article):
    """A comment stored through the real service, as a reader's POST stores it."""
    from dateline.comments.services import post_comment

    def make(body="Hello", email="ann@example.org", name="Ann", parent=None, article=None):
        comment, _ = post_comment(
            article=article or seed_article, body=body, name=name, email=email,
            parent_id=parent.pk if parent else None, ip="192.0.2.1", form_token=form_token(),
        )  # fmt: skip
        return comment

    return make

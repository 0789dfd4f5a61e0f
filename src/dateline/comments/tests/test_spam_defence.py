"""Spam stays out: blocklist, rate limits, and a score learned from moderators' decisions."""

import pytest

from dateline.comments.models import BlockedTerm, Comment
from dateline.comments.services import approve_comment, mark_spam
from dateline.comments.tests.conftest import SEED_URL, fields
from dateline.public.tests.test_article_page import visible_text

SPAM_TEXTS = [
    "Buy cheap pills online casino bonus http://pills.example",
    "Casino bonus win money fast, cheap pills http://casino.example",
    "Cheap replica watches and casino money http://pills.example",
    "Win money casino jackpot cheap pills now",
    "Online casino bonus cheap loans win money",
    "Cheap pills casino money bonus best offer",
]
HAM_TEXTS = [
    "The summit in Geneva may not change relations much.",
    "Interesting interview; the translation reads oddly in places.",
    "Relations between the two countries have been poor for years.",
    "I doubt the meeting will bring any agreement on arms control.",
    "Good reporting on the summit and the officials' statements.",
    "The interview with the president was revealing about relations.",
]


@pytest.mark.parametrize(
    ("kind", "value", "overrides"),
    [
        ("word", "viagra", {"comment": "Get VIAGRA here"}),
        ("domain", "spam.example", {"website": "https://www.spam.example/x"}),
        ("domain", "spam.example", {"comment": "see http://spam.example/offer"}),
        ("domain", "spam.example", {"email": "bot@spam.example"}),
    ],
)
def test_blocklisted_words_and_domains_go_to_spam(
    client, post, seed_article, moderator, kind, value, overrides
):
    BlockedTerm.objects.create(kind=kind, value=value, created_by=moderator)
    response = post(**overrides)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert value in comment.held_because
    # The sender is told nothing more than any first-time commenter.
    own = client.get(response["Location"])
    assert "Your comment is awaiting moderation." in visible_text(own)


def test_blocklist_is_edited_by_editors_in_the_back_office(client, moderator, reader_account):
    client.force_login(reader_account)
    assert client.get("/newsroom/comments/blockedterm/add/").status_code == 403
    client.force_login(moderator)
    response = client.post(
        "/newsroom/comments/blockedterm/add/", {"kind": "word", "value": " Casino "}
    )
    assert response.status_code == 302
    term = BlockedTerm.objects.get()
    assert (term.value, term.created_by) == ("casino", moderator)


def test_rate_limit_per_email(post, seed_article, settings):
    settings.COMMENTS_RATE_PER_EMAIL = 2
    for number in range(2):
        assert post(comment=f"Comment {number}").status_code == 303
    response = post(comment="One too many")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please wait a few minutes." in visible_text(response)
    assert "One too many</textarea>" in response.content.decode()
    assert post(comment="Someone else", email="bob@example.org").status_code == 303


def test_rate_limit_per_ip(client, seed_article, settings):
    settings.COMMENTS_RATE_PER_IP = 2
    statuses = [
        client.post(
            SEED_URL,
            fields(comment=f"From one address {n}", email=f"r{n}@example.org"),
            headers={"Origin": "http://testserver"},
            REMOTE_ADDR="198.51.100.7",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert Comment.objects.count() == 2


def test_rate_limit_behind_a_proxy_uses_the_configured_header(client, seed_article, settings):
    settings.COMMENTS_RATE_PER_IP = 1
    settings.COMMENTS_CLIENT_IP_HEADER = "X-Forwarded-For"
    for n, address in enumerate(["198.51.100.1", "198.51.100.2"]):
        response = client.post(
            SEED_URL,
            fields(comment=f"Via proxy {n}", email=f"p{n}@example.org"),
            headers={"Origin": "http://testserver", "X-Forwarded-For": f"10.0.0.1, {address}"},
        )
        assert response.status_code == 303


@pytest.fixture
def redis_cache(settings):
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        from conftest import require

        require(False, "Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_rate_limits_are_shared_through_redis(post, seed_article, settings, redis_cache):
    import redis

    settings.COMMENTS_RATE_PER_EMAIL = 1
    assert post(comment="First").status_code == 303
    # Another app server sees the same counter: it lives in Redis, not in this process.
    keys = redis.Redis.from_url("redis://127.0.0.1:6379/14").keys("*comments:rate:email:*")
    assert len(keys) == 1
    assert post(comment="Second").status_code == 429


def teach(make_comment, moderator):
    for number, text in enumerate(SPAM_TEXTS):
        mark_spam(make_comment(body=text, email=f"s{number}@example.org"), by=moderator)
    for number, text in enumerate(HAM_TEXTS):
        approve_comment(make_comment(body=text, email=f"h{number}@example.org"), by=moderator)


def test_spam_score_learned_from_decisions_holds_spam_from_known_commenters(
    post, make_comment, moderator, seed_article
):
    approve_comment(make_comment(body="An earlier, fine comment."), by=moderator)
    teach(make_comment, moderator)
    post(comment="Cheap casino pills, win money with this bonus")
    spammy = Comment.objects.get(body__startswith="Cheap casino")
    assert spammy.status == Comment.Status.SPAM
    assert spammy.spam_score > 0.9
    post(comment="The summit statements on relations were interesting.")
    fine = Comment.objects.get(body__startswith="The summit statements")
    assert fine.status == Comment.Status.APPROVED
    assert fine.spam_score < 0.5


def test_spam_score_is_not_used_before_there_is_enough_training(post, seed_article):
    post(comment="Cheap casino pills")
    assert Comment.objects.get().spam_score is None


def test_a_reversed_decision_is_unlearned(make_comment, moderator):
    from dateline.comments.models import SpamToken

    comment = make_comment(body="Ambiguous offer")
    mark_spam(comment, by=moderator)
    approve_comment(comment, by=moderator)
    row = SpamToken.objects.get(token="ambiguous")
    assert (row.spam_count, row.ham_count) == (0, 1)
    documents = SpamToken.objects.get(token=SpamToken.DOCUMENTS)
    assert (documents.spam_count, documents.ham_count) == (0, 1)


def test_akismet_is_off_by_default(settings):
    from dateline.comments.akismet import is_spam
    from dateline.comments.moderation import Candidate

    assert settings.AKISMET_KEY == ""
    assert is_spam(Candidate(body="x", name="y", email="a@b.org", url="")) is False


@pytest.fixture
def fake_akismet(settings):
    """A real HTTP server on 127.0.0.1 answering as Akismet's comment-check does."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    state = {"answer": (200, "false"), "asked": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            state["asked"].append(form)
            status, body = state["answer"]
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            if body == "invalid":
                self.send_header("X-akismet-debug-help", "Empty API key")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.AKISMET_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{server.server_address[1]}/1.1/comment-check"
    yield state
    server.shutdown()
    server.server_close()


def test_akismet_when_configured_sends_spam_to_the_spam_folder(post, seed_article, fake_akismet):
    fake_akismet["answer"] = (200, "true")
    post(comment="Totally normal words", name="Spammer", email="s@example.org")
    stored = Comment.objects.get(author_name="Spammer")
    assert stored.status == Comment.Status.SPAM
    asked = fake_akismet["asked"][-1]
    assert asked["api_key"] == "test-key" and asked["comment_content"] == "Totally normal words"
    assert asked["comment_author_email"] == "s@example.org"


@pytest.mark.parametrize("answer", [(200, "invalid"), (500, "oops"), (200, "<html>")])
def test_a_failing_akismet_leaves_the_local_defence_to_decide(
    post, seed_article, fake_akismet, answer
):
    fake_akismet["answer"] = answer
    post(comment="A fair point about the summit.", name="Ann", email="ann@example.org")
    stored = Comment.objects.get(author_name="Ann")
    assert stored.status == Comment.Status.PENDING  # first comment: held, not spam
    assert fake_akismet["asked"], "Akismet was not asked"

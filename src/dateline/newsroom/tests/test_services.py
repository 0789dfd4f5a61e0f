import datetime as dt

import pytest
from django.utils import timezone

from dateline.newsroom import services
from dateline.newsroom.models import Article
from dateline.newsroom.selectors import published_articles


@pytest.fixture
def section(db):
    return services.get_or_create_section("World", slug="world")


def make(section, headline="A headline", **fields):
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - dt.timedelta(hours=1))
    return services.save_article(Article(headline=headline, section=section, **fields))


def test_body_is_cleaned_of_scripts_and_event_handlers(section):
    article = make(
        section,
        body='<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:x()">x</a></p>'
        '<iframe src="https://evil.example"></iframe><h2 style="color:red">Sub</h2>',
    )
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "iframe" not in article.body
    assert "style" not in article.body
    assert "<h2>Sub</h2>" in article.body


def test_slug_is_unique_among_articles_of_the_same_day(section):
    first = make(section, "Same words")
    second = make(section, "Same words")
    other_day = make(section, "Same words", published_at=timezone.now() - dt.timedelta(days=3))
    assert first.slug == "same-words"
    assert second.slug == "same-words-2"
    assert other_day.slug == "same-words"


def test_drafts_and_future_articles_are_not_published(section):
    make(section, "Draft", status=Article.Status.DRAFT)
    make(section, "Scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    make(section, "Live")
    assert [a.headline for a in published_articles()] == ["Live"]


def test_bylines_keep_their_order(section):
    authors = [services.get_or_create_author(n) for n in ("Zoe Last", "Adam First")]
    article = services.save_article(
        Article(headline="Two writers", section=section), authors=authors
    )
    assert [b.author.name for b in article.byline_set.all()] == ["Zoe Last", "Adam First"]

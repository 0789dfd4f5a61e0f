import html
import json
import re

from dateline.newsroom.demo import DEMO_DIR, load_demo_content
from dateline.newsroom.models import Article, Section


def seed():
    return json.loads((DEMO_DIR / "seed.json").read_text(encoding="utf-8"))


def test_seed_article_is_loaded_exactly_as_in_the_seed(seed_article):
    expected = seed()
    assert seed_article.headline == "Putin: US-Russian relations have reached the lowest level"
    assert seed_article.standfirst == expected["standfirst"]
    paragraphs = re.findall(r"<p>(.*?)</p>", seed_article.body, flags=re.S)
    assert [html.unescape(p) for p in paragraphs] == expected["paragraphs"]
    assert len(paragraphs) == 15
    assert seed_article.published_on.isoformat() == "2024-09-21"
    assert seed_article.status == Article.Status.PUBLISHED


def test_demo_spreads_every_corpus_article_over_several_sections(demo_content):
    assert Article.objects.count() == 87
    populated = Section.objects.filter(articles__isnull=False).distinct().count()
    assert populated >= 5


def test_every_wikinews_article_carries_its_attribution(demo_content):
    wikinews = Article.objects.exclude(external_id="seed-putin-us-russia")
    assert wikinews.count() == 86
    for article in wikinews:
        assert "Wikinews contributors" in article.attribution
        assert article.source_url.startswith("https://en.wikinews.org/wiki/")
        assert article.license_url == "https://creativecommons.org/licenses/by/2.5/"


def test_loading_twice_changes_nothing(demo_content):
    seed_article = Article.objects.get(external_id="seed-putin-us-russia")
    seed_article.headline = "Edited by the newsroom"
    seed_article.save()
    assert load_demo_content() == 0
    assert Article.objects.count() == 87
    seed_article.refresh_from_db()
    assert seed_article.headline == "Edited by the newsroom"

"""Related Articles through the newsroom's services, as the site computes them.

Articles are published with the after-commit callbacks run (as in production, where the
newsroom's signals and the queued tasks follow the commit); the test settings' immediate
task backend then runs the background work inline.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.discovery import related
from dateline.discovery.models import IndexedArticle, RelatedLink, RelatedTerm, TermFrequency
from dateline.discovery.related_terms import entities, fold, plain_text, words
from dateline.discovery.selectors import related_articles_for
from dateline.newsroom import services
from dateline.newsroom.models import Article

VOLCANO = (
    "The Eyjafjallajokull volcano in Iceland erupted again, sending a plume of ash over "
    "Reykjavik. Airlines cancelled flights across northern Europe as the ash cloud spread. "
    "Scientists at the Icelandic Meteorological Office said lava and meltwater from the "
    "glacier threatened farms, and farmers moved their sheep away from the volcano."
)
BUDGET = (
    "Parliament passed the government's budget after a long night of debate. The finance "
    "minister promised lower taxes for small businesses and more spending on schools, "
    "while the opposition said the deficit would grow and pensions would suffer."
)
FOOTBALL = (
    "The home side won the cup final with a late goal from their captain. Thousands of "
    "supporters filled the stadium and the coach praised the young defenders."
)
ELECTION = (
    "Voters queued at polling stations from early morning as the presidential election "
    "went to a second round. Turnout was high in the capital, observers said."
)


@pytest.fixture
def publish(db, django_capture_on_commit_callbacks):
    """Write and publish an article through the services, running what follows commit."""

    def make(
        headline: str,
        text: str = "",
        *,
        days_ago: float = 0,
        section: str = "world",
        tags=(),
        language: str = "en",
        publish: bool = True,
        **fields,
    ) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.save_article(
                Article(
                    status=Article.Status.DRAFT,
                    headline=headline,
                    body=f"<p>{text or headline}</p>",
                    section=services.get_or_create_section(section.title(), slug=section),
                    language=language,
                    published_at=timezone.now() - dt.timedelta(days=days_ago, hours=1),
                    **fields,
                ),
                tags=[services.get_or_create_tag(name) for name in tags],
                authors=[services.get_or_create_author("World Desk")],
            )
            if publish:
                services.publish_article(article, by=None, at=article.published_at)
        return article

    return make


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", password="pw")


def headlines(article: Article, limit: int = 4) -> list[str]:
    return [item.headline for item in related_articles_for(article, limit=limit)]


def stored(article: Article) -> list[str]:
    links = RelatedLink.objects.filter(article=article).select_related("related")
    return [link.related.headline for link in links.order_by("rank")]


def test_a_clearly_related_older_story_beats_recent_unrelated_ones(publish):
    publish("Ash cloud from Icelandic volcano grounds flights", VOLCANO, days_ago=400)
    publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    publish("Cup final won with a late goal", FOOTBALL, days_ago=1)
    publish("Presidential election goes to a second round", ELECTION, days_ago=2)
    story = publish("Volcano in Iceland erupts again", VOLCANO.replace("again", "once more"))

    assert headlines(story)[0] == "Ash cloud from Icelandic volcano grounds flights"


def test_between_equally_similar_stories_the_closer_in_time_comes_first(publish):
    publish("Old report: volcano erupts", VOLCANO, days_ago=700)
    publish("Recent report: volcano erupts", VOLCANO, days_ago=3)
    publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    story = publish("Volcano in Iceland erupts again", VOLCANO)

    assert headlines(story)[:2] == ["Recent report: volcano erupts", "Old report: volcano erupts"]


def test_shared_tags_make_articles_related(publish):
    publish("Minister resigns", BUDGET, tags=["Eyjafjallajokull"], days_ago=5)
    publish("Cup final won with a late goal", FOOTBALL, days_ago=1)
    story = publish("Volcano in Iceland erupts again", VOLCANO, tags=["Eyjafjallajokull"])

    assert headlines(story)[0] == "Minister resigns"


def test_never_itself_unpublished_expired_or_in_another_language(publish):
    publish("A draft about the volcano", VOLCANO, publish=False)
    publish(
        "An expired report on the volcano",
        VOLCANO,
        days_ago=2,
        expire_at=timezone.now() - dt.timedelta(minutes=5),
    )
    publish("Le volcan islandais", VOLCANO, language="fr", days_ago=1)
    publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    story = publish("Volcano in Iceland erupts again", VOLCANO)

    shown = headlines(story, limit=8)
    assert shown == ["Budget passes after all-night debate"]  # the section's latest fills in
    assert story.headline not in shown


def test_the_sections_latest_fill_in_when_nothing_is_similar(publish):
    publish("Budget passes after all-night debate", BUDGET, days_ago=3)
    publish("Presidential election goes to a second round", ELECTION, days_ago=2)
    publish("Cup final won with a late goal", FOOTBALL, days_ago=1, section="sport")
    story = publish("Volcano in Iceland erupts again", VOLCANO)

    assert headlines(story) == [
        "Presidential election goes to a second round",
        "Budget passes after all-night debate",
    ]
    assert all(link.score == 0 for link in RelatedLink.objects.filter(article=story))


def test_before_anything_is_stored_the_sections_latest_are_shown(
    publish, django_capture_on_commit_callbacks, django_assert_num_queries
):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=3)
    # Published, but the background work has not run yet (nothing after commit).
    story = services.save_article(
        Article(
            status=Article.Status.DRAFT,
            headline="Volcano erupts again",
            body=f"<p>{VOLCANO}</p>",
            section=older.section,
            published_at=timezone.now() - dt.timedelta(hours=2),
        )
    )
    services.publish_article(story, by=None, at=story.published_at)
    assert not RelatedLink.objects.filter(article=story).exists()
    with django_assert_num_queries(2):  # the stored list (empty), then the section's latest
        assert headlines(story) == ["Ash cloud grounds flights"]


def test_a_stored_list_is_read_with_one_query(publish, django_assert_num_queries):
    for n in range(6):
        publish(f"Volcano report {n}", VOLCANO, days_ago=n + 1)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    with django_assert_num_queries(1):
        assert len(related_articles_for(story)) == 4


def test_publishing_an_article_puts_it_in_the_lists_of_similar_ones(publish):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=30)
    publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    assert headlines(older)[0] == "Budget passes after all-night debate"

    publish("Volcano in Iceland erupts again", VOLCANO)

    assert headlines(older)[0] == "Volcano in Iceland erupts again"


def test_unpublishing_an_article_takes_it_out_of_every_stored_list(publish):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=30)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    assert "Volcano in Iceland erupts again" in stored(older)

    services.unpublish_article(story, by=None)  # the signal follows the commit (run below)
    related.refresh(story.pk)

    assert "Volcano in Iceland erupts again" not in stored(older)
    assert not RelatedTerm.objects.filter(article=story).exists()
    assert not RelatedLink.objects.filter(article=story).exists()
    assert not IndexedArticle.objects.filter(pk=story.pk).exists()


def test_unpublishing_through_the_service_refreshes_the_lists(
    publish, django_capture_on_commit_callbacks
):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=30)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(story, by=None)
    assert stored(older) == []  # nothing else in the section, nothing similar


def test_editing_an_article_recomputes_its_list_and_the_lists_it_enters(
    publish, editor, django_capture_on_commit_callbacks
):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=30)
    publish("Budget passes after all-night debate", BUDGET, days_ago=20)
    story = publish("Cup final won with a late goal", FOOTBALL, days_ago=1)
    assert headlines(older)[0] == "Cup final won with a late goal"  # the newest fills in

    with django_capture_on_commit_callbacks(execute=True):
        services.update_article(story, by=editor, headline="Volcano erupts", body=VOLCANO)

    assert headlines(story)[0] == "Ash cloud grounds flights"
    assert headlines(older)[0] == "Volcano erupts"


def test_adding_a_tag_recomputes_the_lists(publish, django_capture_on_commit_callbacks):
    tagged = publish("Minister resigns", BUDGET, tags=["Iceland"], days_ago=5)
    publish("Cup final won with a late goal", FOOTBALL, days_ago=1)
    story = publish("Election result", ELECTION, days_ago=2)
    assert headlines(story)[0] == "Cup final won with a late goal"

    with django_capture_on_commit_callbacks(execute=True):
        story.tags.add(services.get_or_create_tag("Iceland"))

    assert headlines(story)[0] == tagged.headline


def test_deleting_an_article_refreshes_the_lists_that_named_it(
    publish, editor, django_capture_on_commit_callbacks
):
    older = publish("Ash cloud grounds flights", VOLCANO, days_ago=30)
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    publish("Budget passes after all-night debate", BUDGET, days_ago=1)
    frequency = TermFrequency.objects.get(language="en", term="eyjafjallajokull")
    assert frequency.documents == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_article(story, by=editor)

    assert stored(older) == ["Budget passes after all-night debate"]
    frequency.refresh_from_db()
    assert frequency.documents == 1


def test_publishing_twice_the_same_save_is_indexed_once(publish):
    story = publish("Volcano in Iceland erupts again", VOLCANO)
    entry = IndexedArticle.objects.get(pk=story.pk)
    assert entry.article_updated_at == story.updated_at
    assert related.refresh(story.pk) == set()  # the save and the signal: one run
    assert TermFrequency.objects.get(term="eyjafjallajokull").documents == 1


def test_recompute_related_builds_every_list_after_an_import(db):
    section = services.get_or_create_section("World", slug="world")
    for n, text in enumerate([VOLCANO, VOLCANO, BUDGET, FOOTBALL]):
        article = services.save_article(
            Article(
                status=Article.Status.DRAFT,
                headline=f"Report {n}",
                body=f"<p>{text}</p>",
                section=section,
                published_at=timezone.now() - dt.timedelta(days=n + 1),
            )
        )
        services.publish_article(article, by=None, at=article.published_at)
    assert not RelatedLink.objects.exists()  # nothing ran after commit: an import

    out = io.StringIO()
    call_command("recompute_related", stdout=out)

    assert "recomputed for 4 published articles" in out.getvalue()
    first = Article.objects.get(headline="Report 0")
    assert headlines(first) == ["Report 1", "Report 2", "Report 3"]
    assert RelatedLink.objects.filter(score__gt=0).count() == 2  # the two volcano reports
    assert TermFrequency.objects.get(term="eyjafjallajokull").documents == 2


def test_the_demo_content_has_a_stored_list_for_every_article(demo_content):
    published = Article.objects.published()
    lists = RelatedLink.objects.filter(article__in=published)
    assert set(lists.values_list("article_id", flat=True)) == set(
        published.values_list("pk", flat=True)
    )
    nasa = Article.objects.get(external_id="gum-news-nasa")
    assert lists.filter(article=nasa, score__gt=0).exists()


# --- the text model ------------------------------------------------------------------


def test_names_of_several_capitalised_words_are_terms():
    text = (
        "The leaders of the United Nations met Osama bin Laden's lawyer. In New York, "
        "Prime Minister David Cameron spoke. He left."
    )
    assert entities(text, "en") == [
        "united nation",
        "osama bin laden",
        "new york",
        "prime minister david cameron",
    ]


def test_words_are_folded_and_stop_words_left_out():
    assert words("The volcanoes' ashes covered Iceland's farms in 2010", "en") == [
        "volcanoe",
        "ash",
        "covered",
        "iceland",
        "farm",
    ]
    assert fold("Crises", "fr") == "crises"  # folding is English only


def test_plain_text_ends_blocks_as_sentences():
    assert plain_text("<p>Kofi Annan</p><p>Raila Odinga &amp; Mwai Kibaki</p>").split() == [
        "Kofi",
        "Annan.",
        "Raila",
        "Odinga",
        "&",
        "Mwai",
        "Kibaki.",
    ]

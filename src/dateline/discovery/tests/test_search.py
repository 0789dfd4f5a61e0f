"""Search through its one interface (dateline.discovery.search), on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dateline.discovery.search import MAX_QUERY_LENGTH, matching_articles, parse_query, search
from dateline.newsroom import services
from dateline.newsroom.models import Article, Tag


@pytest.fixture
def publish(db):
    """Publish an article through the newsroom's services, as the site does."""

    def make(
        headline,
        *,
        body="",
        standfirst="",
        section="world",
        tags=(),
        authors=("World Desk",),
        language="en",
        at=None,
        publish=True,
        **fields,
    ) -> Article:
        article = services.save_article(
            Article(
                status=Article.Status.DRAFT,
                headline=headline,
                standfirst=standfirst,
                body=body or f"<p>{headline}</p>",
                section=services.get_or_create_section(section.title(), slug=section),
                language=language,
                published_at=at or timezone.now() - dt.timedelta(hours=1),
                **fields,
            ),
            tags=[services.get_or_create_tag(name) for name in tags],
            authors=[services.get_or_create_author(name) for name in authors],
        )
        if publish:
            services.publish_article(article, by=None, at=article.published_at)
        return article

    return make


def found(query, **filters) -> list[str]:
    return [hit.article.headline for hit in search(query, **filters).hits]


def test_finds_published_articles_by_any_of_their_text(publish):
    publish("Floods reach the capital", standfirst="Rivers rose overnight.", tags=["Weather"])
    publish("Budget passes", body="<p>The finance minister smiled.</p>")
    assert found("capital") == ["Floods reach the capital"]
    assert found("overnight") == ["Floods reach the capital"]
    assert found("weather") == ["Floods reach the capital"]
    assert found("minister") == ["Budget passes"]
    assert found("floods minister") == []  # every word must match


def test_headline_ranks_above_body(publish):
    publish("Markets calm", body="<p>" + "Traders watched the volcano. " * 3 + "</p>")
    publish(
        "Volcano erupts",
        body="<p>Ash fell on the village.</p>",
        at=timezone.now() - dt.timedelta(days=3),
    )
    assert found("volcano") == ["Volcano erupts", "Markets calm"]


def test_phrases_and_prefixes(publish):
    publish("Prime minister resigns", body="<p>The prime minister left office.</p>")
    publish("Minister of prime numbers", body="<p>A mathematician minister.</p>")
    assert found('"prime minister"') == ["Prime minister resigns"]
    assert set(found("mathemat*")) == {"Minister of prime numbers"}
    assert set(found("resign*")) == {"Prime minister resigns"}
    assert found('"prime minister') == ["Prime minister resigns"]  # an unclosed quote


def test_stemming_finds_other_forms_of_a_word(publish):
    publish("Elections held", body="<p>Voters elected a new council.</p>")
    assert found("election") == ["Elections held"]


def test_filters_by_section_author_language_and_date(publish):
    old = timezone.now() - dt.timedelta(days=40)
    publish("Storm in the north", section="world", authors=["Ann"], at=old)
    publish("Storm in the league", section="sport", authors=["Bob"])
    publish("Tempête storm", section="world", authors=["Ann"], language="fr")
    world = services.get_or_create_section("World", slug="world")
    ann = services.get_or_create_author("Ann")
    assert set(found("storm", section=world)) == {"Storm in the north", "Tempête storm"}
    assert set(found("storm", author=ann)) == {"Storm in the north", "Tempête storm"}
    assert found("storm", language="fr") == ["Tempête storm"]
    today = timezone.localdate()
    assert found("storm", date_from=today - dt.timedelta(days=1), language="en") == [
        "Storm in the league"
    ]
    assert found("storm", date_to=today - dt.timedelta(days=30)) == ["Storm in the north"]


def test_only_published_unexpired_articles_are_found(publish, django_user_model):
    publish("Draft about otters", publish=False)
    publish("Future story about otters", at=timezone.now() + dt.timedelta(days=1))
    publish("Expired otters", expire_at=timezone.now() - dt.timedelta(minutes=1))
    publish("Otters return")
    assert found("otters") == ["Otters return"]
    assert search("otters").total == 1


def test_what_readers_see_changes_with_the_clock_and_with_edits(publish, time_machine):
    """Visibility is the articles' own published_at and expire_at at the moment of the
    search, however the index answers (on PostgreSQL, from its copy of those dates)."""
    time_machine.move_to("2026-03-02 12:00:00+00:00", tick=False)
    now = timezone.now()
    publish("Otters at dawn", at=now + dt.timedelta(hours=2))
    publish("Otters at noon", expire_at=now + dt.timedelta(hours=1))
    evening = publish("Otters at dusk")
    assert found("otters") == ["Otters at dusk", "Otters at noon"]
    time_machine.move_to(now + dt.timedelta(hours=3), tick=False)
    assert found("otters") == ["Otters at dawn", "Otters at dusk"]
    assert search("otters").total == 2
    evening.expire_at = now  # an editor takes it down
    services.save_article(evening)
    assert found("otters") == ["Otters at dawn"]
    evening.expire_at = None
    evening.published_at = now + dt.timedelta(days=1)  # rescheduled for tomorrow
    services.save_article(evening)
    assert found("otters") == ["Otters at dawn"]
    assert search("otters").total == 1
    time_machine.move_to(now + dt.timedelta(days=2), tick=False)
    assert found("otters") == ["Otters at dusk", "Otters at dawn"]


def test_index_follows_edits_unpublishing_tags_and_deletion(publish):
    article = publish("Harbour reopens", body="<p>Vessels are back.</p>")
    article.headline = "Port reopens"
    article.save()
    assert found("harbour") == []
    assert found("port") == ["Port reopens"]
    article.tags.add(services.get_or_create_tag("Shipping"))
    assert found("shipping") == ["Port reopens"]
    Tag.objects.filter(slug="shipping").get().articles.clear()
    assert found("shipping") == []
    services.unpublish_article(article, by=None)
    assert found("port") == []
    services.publish_article(article, by=None, at=article.published_at)
    assert found("port") == ["Port reopens"]
    tag = services.get_or_create_tag("Harbours")
    article.tags.add(tag)
    tag.name = "Docks"
    tag.save()
    assert found("docks") == ["Port reopens"]
    article.delete()
    assert found("port") == []


def test_snippets_mark_matches_and_escape_everything_else(publish):
    publish(
        "Fish & <chips> prices",
        body="<p>The &lt;script&gt;alert(1)&lt;/script&gt; vendor sold chips at dawn.</p>",
    )
    hit = search("chips").hits[0]
    assert hit.headline == "Fish &amp; &lt;<mark>chips</mark>&gt; prices"
    assert "&lt;/script&gt;" in hit.snippet and "<script" not in hit.snippet
    assert "<mark>chips</mark>" in hit.snippet
    markup = search("<script>chips").hits[0]  # markup in the query is words too
    assert "<mark>script</mark>&gt;" in markup.snippet
    assert markup.snippet.count("<") == markup.snippet.count("<mark>") * 2


def test_a_hit_shows_its_standfirst_passage_when_that_matches_else_its_body(publish):
    publish(
        "Harbour reopens",
        standfirst="Ferries sail again after the storm.",
        body="<p>The ferries were repaired over winter by the town's yard.</p>",
    )
    publish(
        "Council meets on ferries",  # a headline match must not stand in for the standfirst's
        standfirst="A quiet agenda for the new year.",
        body="<p>Members also heard that two ferries will be sold in spring.</p>",
    )
    hits = {hit.article.headline: hit for hit in search("ferries").hits}
    assert hits["Harbour reopens"].snippet.startswith("<mark>Ferries</mark> sail again after")
    assert "two <mark>ferries</mark> will be sold" in hits["Council meets on ferries"].snippet
    assert "agenda" not in hits["Council meets on ferries"].snippet


def test_each_language_ranks_by_its_own_reading_of_the_query(publish):
    now = timezone.now()
    publish(
        "Neue Regierungen im Norden",
        body="<p>Die Regierungen der Länder trafen sich.</p>",
        language="de",
        at=now - dt.timedelta(days=2),
    )
    publish(
        "Wetter am Wochenende",
        body="<p>Sonne und Regen; am Rande sprachen auch Regierungen.</p>",
        language="de",
        at=now - dt.timedelta(hours=2),
    )
    publish("Governments meet", body="<p>Governments met.</p>", at=now - dt.timedelta(days=3))
    publish("Weekend weather", body="<p>Two governments spoke.</p>", at=now - dt.timedelta(hours=1))
    # The headline's matches outrank the newer article's single one, in each language:
    # German documents ranked by German stems ("regier"), English ones by English (on
    # PostgreSQL, ranked by another language's reading, both would score 0).
    assert found("Regierungen") == ["Neue Regierungen im Norden", "Wetter am Wochenende"]
    assert found("governments") == ["Governments meet", "Weekend weather"]


def test_query_syntax_is_never_passed_through():
    assert parse_query('NEAR( "a b" c* OR -d ; DROP TABLE x; --').words == (
        "near", "or", "d", "drop", "table", "x",
    )  # fmt: skip
    parsed = parse_query('"unclosed phrase here')
    assert parsed.phrases == ("unclosed phrase here",)
    assert not parse_query('" * ( ) : ^ "')
    long = parse_query("word " * 1000)
    assert long.truncated and len(long.text) <= MAX_QUERY_LENGTH
    assert parse_query("x\x00y\u202e").words == ("x", "y")


@pytest.mark.parametrize(
    "query", ["", "   ", "*", '"', "NEAR(", "a OR", "'; DROP TABLE newsroom_article; --", "\x00"]
)
def test_odd_queries_give_a_normal_answer(publish, query):
    publish("A story")
    page = search(query)
    assert page.total >= 0 and isinstance(page.hits, list)


def test_pages_are_capped_and_any_page_number_is_served(publish):
    for n in range(5):
        publish(f"Rain story {n}")
    first = search("rain", per_page=2)
    assert first.total == 5 and first.page.paginator.num_pages == 3
    assert len(search("rain", per_page=2, page="99").hits) == 1
    assert len(search("rain", per_page=2, page="x").hits) == 2


def test_rebuild_command_indexes_every_published_article(publish, capsys):
    publish("Glacier retreats")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM discovery_search")
    assert found("glacier") == []
    call_command("rebuild_search_index")
    assert "Indexed 1 published articles." in capsys.readouterr().out
    assert found("glacier") == ["Glacier retreats"]


def test_ranked_queryset_serves_the_public_api(client, publish):
    publish("Whale sighting", body="<p>A whale.</p>")
    publish("Harbour news", body="<p>Someone saw a whale near the harbour.</p>")
    assert [a.headline for a in matching_articles("whale")] == ["Whale sighting", "Harbour news"]
    body = client.get("/api/search?q=whale").json()
    assert [item["headline"] for item in body["items"]] == ["Whale sighting", "Harbour news"]


def test_only_the_newest_matches_are_ranked_when_there_are_very_many(publish, monkeypatch):
    from dateline.discovery import search as search_module

    monkeypatch.setattr(search_module, "MAX_RESULTS", 3)
    old = publish("Comet comet comet", at=timezone.now() - dt.timedelta(days=9))
    for n in range(4):
        publish(f"Comet news {n}", body="<p>Other words.</p>")
    page = search("comet")
    assert page.is_capped and page.page.paginator.count == 3  # "more than 3"
    assert old.headline not in [hit.article.headline for hit in page.hits]


def test_the_newest_matches_are_ranked_best_first_when_there_are_very_many(publish, monkeypatch):
    """Over MAX_RESULTS matches, the newest are ranked apart from the rest (_Results),
    in the order a search with few matches gives: the best first, not the newest."""
    from dateline.discovery import search as search_module

    start = timezone.now() - dt.timedelta(days=30)
    publish("An old comet", body="<p>Comet comet comet.</p>", at=start - dt.timedelta(days=1))
    headlines = ["Comet again, comet", "Body only", "Comet in the headline", "Body too"]
    bodies = ["<p>Comet.</p>", "<p>A comet passed.</p>", "<p>A comet.</p>", "<p>A comet.</p>"]
    for n, (headline, body) in enumerate(zip(headlines, bodies, strict=True)):
        publish(headline, body=body, at=start + dt.timedelta(days=n))
    expected = [a.headline for a in matching_articles("comet")]
    expected.remove("An old comet")
    assert expected[0] == "Comet again, comet"  # the oldest of the four, and the best
    monkeypatch.setattr(search_module, "MAX_RESULTS", 4)
    capped = search("comet", per_page=2)
    assert capped.is_capped
    assert [hit.article.headline for hit in capped.hits] == expected[:2]
    second = search("comet", per_page=2, page=2)
    assert [hit.article.headline for hit in second.hits] == expected[2:]
    assert "<mark>" in second.hits[0].snippet


def test_newest_matches_are_found_however_far_apart(publish, monkeypatch):
    """PostgreSQL looks among the newest ids first, then wider (see PostgresBackend
    .newest_ids); whatever the windows, the hits are the newest matches, all of them
    when there are few."""
    from dateline.discovery import search as search_module
    from dateline.discovery.search_backends import PostgresBackend

    monkeypatch.setattr(search_module, "MAX_RESULTS", 3)
    monkeypatch.setattr(PostgresBackend, "FIRST_WINDOW", 4)
    start = timezone.now() - dt.timedelta(days=20)
    for n in range(12):
        words = {0: "comet nebula", 1: "comet nebula", 2: "comet", 5: "comet"}
        words |= {9: "comet", 10: "comet"}
        publish(f"Story {n}", body=f"<p>{words.get(n, 'other')} words</p>",
                at=start + dt.timedelta(days=n))  # fmt: skip
    page = search("comet")
    assert page.is_capped
    assert [hit.article.headline for hit in page.hits] == ["Story 10", "Story 9", "Story 5"]
    # With a filter the articles are joined (PostgreSQL's windows over both tables).
    filtered = search("comet", language="en")
    assert [hit.article.headline for hit in filtered.hits] == ["Story 10", "Story 9", "Story 5"]
    assert sorted(found("nebula")) == ["Story 0", "Story 1"]
    assert not search("nebula").is_capped


def test_a_site_with_articles_finds_them_after_the_search_migrations(publish, transactional_db):
    """Creating the index on a site that already has articles (migrating from before
    search existed) ends with every published article found, whatever columns later
    migrations add to the index (its fill runs after the last of them)."""
    from django.db.migrations.executor import MigrationExecutor

    publish("Volcano erupts", tags=["Nature"])
    publish("Volcano draft", publish=False)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("discovery")
    try:
        call_command("migrate", "discovery", "0001", verbosity=0)
        with connection.cursor() as cursor:
            assert "discovery_search" not in connection.introspection.table_names(cursor)
    finally:
        call_command("migrate", "discovery", latest[0][1], verbosity=0)
    assert found("volcano") == ["Volcano erupts"]
    assert found("nature") == ["Volcano erupts"]


def test_migrate_fills_an_empty_index_and_leaves_a_filled_one(publish):
    """`migrate` (which `dateline serve` runs as it starts) indexes everything when the
    index is empty, and nothing otherwise: a site's start costs two small queries."""
    glacier = publish("Glacier retreats")
    publish("Glacier survey")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM discovery_search")
    assert found("glacier") == []
    call_command("migrate", verbosity=0)
    assert sorted(found("glacier")) == ["Glacier retreats", "Glacier survey"]
    with connection.cursor() as cursor:
        column = "rowid" if connection.vendor == "sqlite" else "article_id"
        cursor.execute(f"DELETE FROM discovery_search WHERE {column} = %s", [glacier.pk])
    call_command("migrate", verbosity=0)
    assert found("glacier") == ["Glacier survey"]
    call_command("rebuild_search_index")
    assert sorted(found("glacier")) == ["Glacier retreats", "Glacier survey"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's index keeps the dates (0004)"
)
def test_migration_0004_copies_each_articles_dates_into_the_index(publish, transactional_db):
    """An index built before migration 0004 has no dates: until they are filled its rows
    are not counted as visible (never an unpublished one shown), and the migration's
    fill gives every row its article's dates."""
    from importlib import import_module
    from types import SimpleNamespace

    fill = import_module("dateline.discovery.migrations.0004_search_visibility").fill
    publish("Comet seen", expire_at=timezone.now() + dt.timedelta(days=3))
    publish("Comet gone", expire_at=timezone.now() - dt.timedelta(days=1))
    publish("Comet again")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE discovery_search SET published_at = NULL, expire_at = NULL")
    assert search("comet").total == 0
    fill(None, SimpleNamespace(connection=connection))
    assert found("comet") == ["Comet again", "Comet seen"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM discovery_search s JOIN newsroom_article a"
            " ON a.id = s.article_id WHERE s.published_at = a.published_at"
            " AND s.expire_at IS NOT DISTINCT FROM a.expire_at"
        )
        assert cursor.fetchone() == (3,)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's index is partitioned (0005)"
)
def test_an_article_beyond_the_last_partition_gets_one_made(publish):
    """The index is split by article id (migration 0005); publishing the first article
    of a new range of ids makes its partition, kept in the row like the others."""
    from dateline.discovery.search_backends import PostgresBackend

    far = 5 * PostgresBackend.PARTITION_IDS + 7  # a site some 80,000 articles on
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('newsroom_article', 'id')")
        (sequence,) = cursor.fetchone()
        cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - from the catalog
        (was,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, far - 1])
    try:
        publish("Aurora seen", standfirst="Northern lights.")
        aurora = publish("Aurora lights the sky")
    finally:  # sequences ignore the test's rollback: later tests keep small ids
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [sequence, was])
    assert aurora.pk == far + 1
    assert found("aurora") == ["Aurora lights the sky", "Aurora seen"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attstorage FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid"
            " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'document'"
            " WHERE i.inhparent = 'discovery_search'::regclass AND c.relname LIKE %s",
            ["discovery_search_p5"],
        )
        assert cursor.fetchall() == [("discovery_search_p5", "m")]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL index's tsvectors (migration 0003)"
)
def test_rewriting_a_tsvector_keeps_every_lexeme_position_and_weight(publish):
    """Migration 0003 moves each stored tsvector into its row by writing it again as
    document::text::tsvector: the same value, weights (headline A, standfirst and tags B,
    body D) and positions included, so no search or rank changes."""
    publish("Harbour storm", body="<p>" + "A storm hit the harbour. " * 400 + "</p>",
            tags=["Weather"])  # fmt: skip
    publish("Calm seas", standfirst="A quiet day.", body="<p>Nothing at the harbour.</p>")
    before = [(h.article.headline, h.snippet) for h in search("harbour").hits]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE document::text::tsvector = document"
            " AND document::text LIKE '%%:%%A%%' AND document::text LIKE '%%:%%B%%')"
            " FROM discovery_search"
        )
        assert cursor.fetchone() == (2, 2)
        cursor.execute("UPDATE discovery_search SET document = document::text::tsvector")
    assert [(h.article.headline, h.snippet) for h in search("harbour").hits] == before
    assert before[0][0] == "Harbour storm"

"""The hand-written reads of reader pages (dateline.core.sql) give what the ORM gives.

They run on SQLite and on PostgreSQL (DATELINE_TEST_DATABASE_URL), so each database's
types (datetimes, UUIDs, booleans, JSON) are checked where they differ.
"""

import contextlib
import datetime as dt

import pytest
from django.db.models.signals import post_init
from django.utils import timezone

from dateline.comments.models import Comment, CommentClosure
from dateline.comments.selectors import approved_comments_for, comments_open
from dateline.discovery.selectors import latest_articles, related_articles_for
from dateline.newsroom.models import Article, Byline, Image, Section
from dateline.newsroom.selectors import get_article_for_reader, listed_articles, sections
from dateline.syndication.selectors import translations_of


def values(instance) -> dict:
    loaded = instance.get_deferred_fields()
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in loaded
    }


def at_permalink(article: Article) -> Article:
    day = timezone.localdate(article.published_at)
    return get_article_for_reader(year=day.year, month=day.month, day=day.day, slug=article.slug)


@pytest.mark.django_db
def test_the_reader_article_is_the_orm_article_with_everything_loaded(
    demo_content, django_assert_num_queries
):
    byline_article = Byline.objects.values_list("article_id", flat=True).first()
    for expected in Article.objects.filter(pk__in=[byline_article]) | Article.objects.all()[:5]:
        with django_assert_num_queries(3):
            article = at_permalink(expected)
        assert values(article) == values(expected)
        assert timezone.is_aware(article.published_at)
        with django_assert_num_queries(0):
            section = values(article.section)
            image = article.featured_image
            tags = [(t.pk, t.name, t.slug) for t in article.tags.all()]
            authors = [
                (b.author.pk, b.author.name, b.author.links) for b in article.byline_set.all()
            ]
        assert section == values(expected.section)
        assert image is None
        assert tags == [(t.pk, t.name, t.slug) for t in expected.tags.order_by("name")]
        assert authors == [
            (b.author.pk, b.author.name, b.author.links)
            for b in expected.byline_set.order_by("position")
        ]


@pytest.mark.django_db
def test_a_featured_image_is_joined_with_its_json_and_dates(
    demo_content, django_assert_num_queries
):
    image = Image.objects.create(
        file="images/2024/09/x/photo.jpg", width=1200, height=800, alt_text="A square",
        renditions=[{"width": 480, "format": "webp", "name": "images/2024/09/x/480.webp"}],
    )  # fmt: skip
    expected = Article.objects.exclude(section=None).first()
    Article.objects.filter(pk=expected.pk).update(featured_image=image)
    article = at_permalink(expected)
    with django_assert_num_queries(0):
        joined = article.featured_image
    assert values(joined) == values(Image.objects.get(pk=image.pk))
    assert joined.renditions[0]["width"] == 480
    assert joined.file.name == "images/2024/09/x/photo.jpg"
    assert timezone.is_aware(joined.created_at)


@pytest.mark.django_db
def test_lists_hold_exactly_what_readers_may_see_in_the_orms_order(demo_content):
    now = timezone.now()
    newest = list(Article.objects.published().order_by("-published_at", "-id")[:4])
    Article.objects.filter(pk=newest[0].pk).update(expire_at=now - dt.timedelta(minutes=1))
    Article.objects.filter(pk=newest[1].pk).update(published_at=now + dt.timedelta(hours=1))
    Article.objects.filter(pk=newest[2].pk).update(status=Article.Status.UNPUBLISHED)
    Article.objects.filter(pk=newest[3].pk).update(expire_at=now + dt.timedelta(days=1))

    shown = latest_articles(limit=1000)
    orm = list(listed_articles())
    assert [a.pk for a in shown] == [a.pk for a in orm]
    assert {newest[0].pk, newest[1].pk, newest[2].pk}.isdisjoint(a.pk for a in shown)
    assert newest[3].pk in {a.pk for a in shown}
    # Lists load what cards show (newsroom.selectors.LISTED_ARTICLE), as the ORM has it.
    card = {"headline", "slug", "standfirst", "section_id", "language", "published_at"}
    assert all(card <= values(a).keys() for a in shown)
    assert [values(a) for a in shown] == [
        {k: v for k, v in values(o).items() if k in values(a)}
        for o, a in zip(orm, shown, strict=True)
    ]
    assert all("body" in a.get_deferred_fields() for a in shown)
    assert [a.section for a in shown] == [a.section for a in orm]


@pytest.mark.django_db
def test_home_fronts_are_each_sections_newest_visible_articles(demo_content):
    from dateline.discovery.selectors import latest_per_section

    now = timezone.now()
    newest = list(Article.objects.published().exclude(section=None)[:3])
    Article.objects.filter(pk=newest[0].pk).update(expire_at=now - dt.timedelta(minutes=1))
    Article.objects.filter(pk=newest[1].pk).update(published_at=now + dt.timedelta(hours=1))
    lead = newest[2]

    fronts = latest_per_section(per_section=3, exclude=lead)
    expected = []
    for section in Section.objects.all():
        items = list(listed_articles().filter(section=section).exclude(pk=lead.pk)[:3])
        if items:
            expected.append((section.pk, [a.pk for a in items]))
    assert [(s.pk, [a.pk for a in items]) for s, items in fronts] == expected
    assert all(a.section is s for s, items in fronts for a in items)


@pytest.mark.django_db
def test_archive_lists_page_like_the_orm(demo_content):
    from dateline.discovery import archives
    from dateline.newsroom.models import Author, Tag

    now = timezone.now()
    hidden = list(Article.objects.published()[:2])
    Article.objects.filter(pk=hidden[0].pk).update(expire_at=now - dt.timedelta(minutes=1))
    Article.objects.filter(pk=hidden[1].pk).update(status=Article.Status.UNPUBLISHED)
    section = Section.objects.get(pk=hidden[0].section_id)
    visible = listed_articles()
    tag = Tag.objects.filter(articles__in=visible).distinct().first()
    author = Author.objects.filter(articles__in=visible).distinct().first()
    start, end = dt.datetime(2013, 1, 1, tzinfo=dt.UTC), dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
    cases = [
        (archives.articles_in_section(section), listed_articles().filter(section=section)),
        (archives.articles_tagged(tag), listed_articles().filter(tags=tag)),
        (archives.articles_by(author), listed_articles().filter(authors=author)),
        (
            archives.articles_published_between(start, end),
            listed_articles().filter(published_at__gte=start, published_at__lt=end),
        ),
    ]
    for shown, orm in cases:
        expected = [a.pk for a in orm]
        assert expected, "each list has articles in the demo content"
        assert shown.count() == len(expected)
        assert shown.count_upto(2) == min(2, len(expected))
        assert [a.pk for a in shown[0:1000]] == expected
        assert [a.pk for a in shown[1:3]] == expected[1:3]
        assert not {h.pk for h in hidden} & {a.pk for a in shown[0:1000]}


@pytest.mark.django_db
def test_latest_articles_filters_by_language_and_leaves_one_out(demo_content):
    seed = Article.objects.get(external_id="seed-putin-us-russia")
    german = Article.objects.exclude(pk=seed.pk).first()
    Article.objects.filter(pk=german.pk).update(language="de")
    english = latest_articles(limit=1000, exclude=seed, language="en")
    assert seed.pk not in {a.pk for a in english}
    assert german.pk not in {a.pk for a in english}
    assert [a.pk for a in latest_articles(limit=5, language="de")] == [german.pk]


@pytest.mark.django_db
def test_related_articles_follow_the_stored_rank_then_the_sections_newest(demo_content):
    seed = Article.objects.get(external_id="seed-putin-us-russia")
    stored = list(
        listed_articles().filter(related_from__article=seed).order_by("related_from__rank")[:4]
    )
    assert [a.pk for a in related_articles_for(seed)] == [a.pk for a in stored]
    seed.related_links.all().delete()
    fill = listed_articles().in_section(seed.section).exclude(pk=seed.pk)[:4]
    assert [a.pk for a in related_articles_for(seed)] == [a.pk for a in fill]


@pytest.mark.django_db
def test_translations_are_found_by_their_shared_group(demo_content):
    seed = Article.objects.get(external_id="seed-putin-us-russia")
    other = Article.objects.exclude(pk=seed.pk).first()
    Article.objects.filter(pk=other.pk).update(
        translation_group=seed.translation_group, language="fr"
    )
    assert [(a.pk, a.language) for a in translations_of(seed)] == [(other.pk, "fr")]


@pytest.mark.django_db
def test_sections_match_the_orm(demo_content):
    assert [values(s) for s in sections()] == [values(s) for s in Section.objects.all()]


@pytest.mark.django_db
def test_listed_articles_are_stored_instances_that_load_what_they_left_out(
    demo_content, django_assert_num_queries
):
    count = Article.objects.count()
    article = latest_articles(limit=1)[0]
    assert (article._state.adding, article._state.db) == (False, "default")
    assert "body" in article.get_deferred_fields()
    with django_assert_num_queries(1):
        body = article.body
    assert body == Article.objects.get(pk=article.pk).body
    article.headline = "Changed on a listed copy"
    article.save(update_fields=["headline"])  # an UPDATE of that row, not an INSERT
    assert Article.objects.get(pk=article.pk).headline == "Changed on a listed copy"
    assert Article.objects.count() == count


@pytest.mark.django_db
def test_a_model_that_is_listened_to_is_built_by_django(demo_content):
    built = []

    def receiver(sender, instance, **kwargs):
        built.append(instance.slug)

    post_init.connect(receiver, sender=Section)
    try:
        found = sections()
    finally:
        post_init.disconnect(receiver, sender=Section)
    assert built == [s.slug for s in found] != []


@pytest.mark.django_db
def test_the_comment_thread_shows_approved_comments_and_needed_placeholders(demo_content):
    seed = Article.objects.get(external_id="seed-putin-us-russia")

    def comment(status, parent=None, **fields):
        return Comment.objects.create(
            article=seed, parent=parent, depth=parent.depth + 1 if parent else 0,
            body=f"{status} text", author_name="Reader", author_email="r@example.org",
            status=status, **fields,
        )  # fmt: skip

    first = comment(Comment.Status.APPROVED)
    removed = comment(Comment.Status.REMOVED, is_erased=True)
    reply = comment(Comment.Status.APPROVED, parent=removed)
    comment(Comment.Status.PENDING)
    comment(Comment.Status.REMOVED)  # no replies: not shown at all

    thread = approved_comments_for(seed)
    assert [c.pk for c in thread] == [first.pk, removed.pk]
    assert [c.pk for c in thread[1].thread] == [reply.pk]
    assert thread[1].is_erased is True and thread[0].is_erased is False
    assert all(timezone.is_aware(c.created_at) for c in [*thread, reply])
    assert thread[0].created_at == Comment.objects.get(pk=first.pk).created_at


@pytest.mark.django_db
def test_comments_close_when_an_editor_closes_them(demo_content):
    seed = Article.objects.get(external_id="seed-putin-us-russia")
    seed.published_at = timezone.now()
    assert comments_open(seed) is True
    CommentClosure.objects.create(article=seed)
    assert comments_open(seed) is False


@pytest.mark.django_db
def test_reads_fail_with_djangos_errors_and_respect_a_broken_transaction(demo_content):
    from django.db import DatabaseError, IntegrityError, connection, transaction
    from django.db.transaction import TransactionManagementError

    from dateline.core import sql

    assert not connection.queries_logged  # the driver's own cursor, not Django's
    with pytest.raises(DatabaseError) as failure, transaction.atomic():
        sql.rows("SELECT id FROM no_such_table WHERE id = %s", [1])
    assert type(failure.value).__module__ == "django.db.utils"
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():  # a savepoint, rolled back
            Section.objects.create(name="Twice", slug="world")  # the slug is taken
        assert sql.rows("SELECT count(*) FROM newsroom_section WHERE name = %s", ["Twice"]) == [
            (0,)
        ]
    with transaction.atomic():
        with contextlib.suppress(IntegrityError):  # no savepoint: the transaction is broken
            Section.objects.create(name="Twice", slug="world")
        with pytest.raises(TransactionManagementError):
            sql.rows("SELECT count(*) FROM newsroom_section", [])


@pytest.mark.django_db
def test_a_literal_percent_sign_is_sent_as_one(demo_content):
    from dateline.core import sql

    assert sql.rows("SELECT 'a%%b', %s", [1]) == [("a%b", 1)]

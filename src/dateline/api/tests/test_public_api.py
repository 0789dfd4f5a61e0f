import pytest

from dateline.newsroom.models import Article, Byline


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["code"] and "type" in body
    return body


def test_articles_lists_published_articles_newest_first(client, seed_article):
    Article.objects.create(headline="Hidden draft", slug="hidden", section=seed_article.section)
    body = client.get("/api/articles?page_size=100").json()
    published = Article.objects.published()
    assert body["count"] == published.count()
    assert [item["id"] for item in body["items"]] == [a.pk for a in published.newest_first()]
    assert "Hidden draft" not in str(body)


def test_article_detail_has_body_authors_and_tags(client, seed_article):
    body = client.get(f"/api/articles/{seed_article.pk}").json()
    assert body["headline"] == seed_article.headline
    assert body["url"] == "http://testserver" + seed_article.get_absolute_url()
    assert "<p>" in body["body"]
    assert body["authors"] == [{"slug": "dateline-world-desk", "name": "Dateline World Desk"}]
    assert {tag["slug"] for tag in body["tags"]} == {t.slug for t in seed_article.tags.all()}


def test_drafts_are_404_problems(client, seed_article):
    draft = Article.objects.create(headline="Draft", slug="d", section=seed_article.section)
    body = is_problem(client.get(f"/api/articles/{draft.pk}"), 404)
    assert body["code"] == "not_found"


def test_pages_and_filters(client, seed_article):
    first = client.get("/api/articles?page_size=5").json()
    second = client.get("/api/articles?page_size=5&page=2").json()
    assert len(first["items"]) == 5
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert first["pages"] == -(-first["count"] // 5)
    beyond = client.get(f"/api/articles?page_size=5&page={first['pages'] + 1}").json()
    assert beyond["items"] == []
    section = seed_article.section.slug
    in_section = client.get(f"/api/articles?section={section}&page_size=100").json()
    assert (
        in_section["count"] == Article.objects.published().in_section(seed_article.section).count()
    )
    author = Byline.objects.filter(article=seed_article).first().author
    by_author = client.get(f"/api/articles?author={author.slug}").json()
    assert seed_article.pk in [i["id"] for i in by_author["items"]]


@pytest.mark.parametrize(
    "query", ["page=0", "page_size=1000", "page=x", "language=xx", "page_size=-1"]
)
def test_bad_query_is_a_422_problem_listing_the_errors(client, db, query):
    body = is_problem(client.get(f"/api/articles?{query}"), 422)
    assert body["code"] == "invalid_input"
    assert body["errors"]


def test_sections_tags_and_authors(client, seed_article):
    sections = client.get("/api/sections").json()
    assert seed_article.section.slug in [s["slug"] for s in sections]
    world = client.get(f"/api/sections/{seed_article.section.slug}").json()
    assert world["url"] == "http://testserver" + seed_article.section.get_absolute_url()
    tags = client.get("/api/tags?page_size=100").json()
    assert {t.slug for t in seed_article.tags.all()} <= {t["slug"] for t in tags["items"]}
    authors = client.get("/api/authors").json()
    assert "dateline-world-desk" in [a["slug"] for a in authors["items"]]
    assert client.get("/api/authors/dateline-world-desk").json()["name"] == "Dateline World Desk"
    is_problem(client.get("/api/tags/no-such-tag"), 404)
    is_problem(client.get("/api/sections/no-such-section"), 404)


def test_search_finds_published_articles_only(client, seed_article):
    Article.objects.create(headline="Putin draft", slug="pd", section=seed_article.section)
    body = client.get("/api/search?q=Putin").json()
    assert seed_article.pk in [i["id"] for i in body["items"]]
    assert "Putin draft" not in str(body)
    is_problem(client.get("/api/search"), 422)


def test_public_answers_are_cacheable_and_revalidated(client, seed_article):
    response = client.get("/api/articles")
    assert response["Cache-Control"] == "public, max-age=60" or set(
        response["Cache-Control"].split(", ")
    ) == {"public", "max-age=60"}
    etag = response["ETag"]
    assert client.get("/api/articles", HTTP_IF_NONE_MATCH=etag).status_code == 304
    seed_article.headline = "New headline"
    seed_article.save()
    assert client.get("/api/articles", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_unknown_api_path_is_not_a_server_error(client, db):
    assert client.get("/api/nothing-here").status_code == 404


@pytest.mark.parametrize("url", ["/api/articles?page_size=100", "/api/search?q=a"])
def test_list_query_count_is_fixed(client, seed_article, url, django_assert_max_num_queries):
    # count + page + bylines + tags
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_featured_image_is_part_of_an_article(client, seed_article, upload_picture):
    image = upload_picture("p.png", (640, 480), "PNG", "A red square")
    seed_article.featured_image = image
    seed_article.save()
    body = client.get(f"/api/articles/{seed_article.pk}").json()
    assert body["image"] == {
        "url": "http://testserver" + image.file.url,
        "alt": "A red square",
        "width": 640,
        "height": 480,
    }
    listed = client.get("/api/articles?page_size=100").json()["items"]
    others = [item["image"] for item in listed if item["id"] != seed_article.pk]
    assert others and all(image is None for image in others)

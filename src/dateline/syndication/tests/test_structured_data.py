import extruct
import pytest
from w3lib.html import get_base_url

from dateline.newsroom.models import Article

SEED_URL = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"


def extract(response):
    html = response.content.decode()
    return extruct.extract(
        html,
        base_url=get_base_url(html, "http://testserver/"),
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def of_type(data, kind):
    return [item for item in data["json-ld"] if item.get("@type") == kind]


def test_extruct_finds_a_complete_news_article(client, seed_article):
    (article,) = of_type(extract(client.get(SEED_URL)), "NewsArticle")
    url = "http://testserver" + SEED_URL
    assert article["headline"] == seed_article.headline
    assert article["image"][0]["url"].startswith("http://testserver/static/")
    assert article["datePublished"].startswith("2024-09-21")
    assert article["dateModified"] >= article["datePublished"]
    (author,) = article["author"]
    assert author["@type"] == "Person"
    assert author["name"] == "Dateline World Desk"
    assert author["url"].startswith("http://testserver/")
    publisher = article["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Dateline"
    assert publisher["logo"]["url"].endswith(".png")
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (600, 60)
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def test_publisher_logo_and_card_are_served(client, seed_article):
    (article,) = of_type(extract(client.get(SEED_URL)), "NewsArticle")
    for image_url in (article["publisher"]["logo"]["url"], article["image"][0]["url"]):
        response = client.get(image_url.removeprefix("http://testserver"))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"


def test_breadcrumbs_lead_home_then_section_then_article(client, seed_article):
    (trail,) = of_type(extract(client.get(SEED_URL)), "BreadcrumbList")
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert items[0]["item"] == "http://testserver/"
    assert items[1]["name"] == seed_article.section.name
    assert items[1]["item"] == "http://testserver" + seed_article.section.get_absolute_url()
    assert items[2]["item"] == "http://testserver" + SEED_URL


def test_opengraph_and_twitter_cards(client, seed_article):
    response = client.get(SEED_URL)
    (og,) = extract(response)["opengraph"]
    assert og["@type"] == "article"  # extruct's uniform form of og:type
    assert og["og:title"] == seed_article.headline
    assert og["og:url"] == "http://testserver" + SEED_URL
    assert og["og:image"].startswith("http://testserver/static/")
    page = response.content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert '<meta name="twitter:image" content="http://testserver/static/' in page
    assert f'<link rel="canonical" href="http://testserver{SEED_URL}">' in page


def test_translations_are_linked_with_hreflang(client, seed_article):
    french = Article.objects.create(
        headline="Poutine : les relations au plus bas",
        slug="poutine-relations",
        section=seed_article.section,
        language="fr",
        translation_group=seed_article.translation_group,
        status=Article.Status.PUBLISHED,
        published_at=seed_article.published_at,
    )
    page = client.get(SEED_URL).content.decode()
    assert (
        f'<link rel="alternate" hreflang="fr" href="http://testserver{french.get_absolute_url()}">'
        in page
    )
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{SEED_URL}">' in page
    french_page = client.get(french.get_absolute_url()).content.decode()
    assert f'hreflang="en" href="http://testserver{SEED_URL}"' in french_page


def test_unpublished_translations_are_not_linked(client, seed_article):
    Article.objects.create(
        headline="Entwurf",
        slug="entwurf",
        section=seed_article.section,
        language="de",
        translation_group=seed_article.translation_group,
    )
    assert "hreflang" not in client.get(SEED_URL).content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "/feeds/rss/"),
        ("/section/world/", "/feeds/section/world/atom/"),
        (SEED_URL, "/feeds/json/"),
    ],
)
def test_pages_announce_their_feeds(client, demo_content, url, expected):
    page = client.get(url).content.decode()
    head = page[: page.index("</head>")]
    assert f'href="{expected}"' in head
    assert client.get(expected).status_code == 200

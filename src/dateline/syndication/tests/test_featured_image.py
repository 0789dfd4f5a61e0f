"""An article's featured image travels with it: feed enclosures, sitemap image entries,
social cards and the NewsArticle image."""

import extruct
import feedparser
import feedparser_rs
import pytest
from lxml import etree

from .test_sitemaps import NS, valid_xml

SEED_URL = "/2024/09/21/putin-us-russian-relations-have-reached-the-lowest-level/"


@pytest.fixture
def pictured_seed(recent_seed, upload_picture):
    image = upload_picture("putin.jpg", (1200, 800), "JPEG", "Vladimir Putin at the summit")
    recent_seed.featured_image = image
    recent_seed.save()
    return recent_seed


def image_url(article) -> str:
    return "http://testserver" + article.featured_image.file.url


def test_rss_and_atom_enclose_the_featured_image(client, pictured_seed):
    for fmt in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/feeds/{fmt}/").content)
        assert not feed.bozo
        entry = next(e for e in feed.entries if e.title == pictured_seed.headline)
        (enclosure,) = entry.enclosures
        assert enclosure.href == image_url(pictured_seed)
        assert enclosure.type == "image/jpeg"
        assert int(enclosure.length) == pictured_seed.featured_image.file.size


def test_json_feed_item_has_image_and_attachment(client, pictured_seed):
    response = client.get("/feeds/json/")
    assert not feedparser_rs.parse(response.content).bozo
    item = next(i for i in response.json()["items"] if i["title"] == pictured_seed.headline)
    assert item["image"] == image_url(pictured_seed)
    assert item["attachments"][0]["mime_type"] == "image/jpeg"


def test_sitemaps_carry_image_entries(client, pictured_seed):
    for url in ("/sitemap-articles-1.xml", "/sitemap-news.xml"):
        document = valid_xml(client.get(url), "urlset-with-extensions.xsd")
        images = document.xpath(
            "//image:image/image:loc/text()",
            namespaces={**NS, "image": "http://www.google.com/schemas/sitemap-image/1.1"},
        )
        assert images == [image_url(pictured_seed)]


def test_social_cards_and_news_article_use_the_featured_image(client, pictured_seed):
    html = client.get(SEED_URL).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld", "opengraph"], uniform=True)
    (article,) = [item for item in data["json-ld"] if item["@type"] == "NewsArticle"]
    assert article["image"][0] == {
        "@type": "ImageObject",
        "url": image_url(pictured_seed),
        "width": 1200,
        "height": 800,
    }
    assert data["opengraph"][0]["og:image"] == image_url(pictured_seed)
    assert '<meta property="og:image:alt" content="Vladimir Putin at the summit">' in html
    assert f'<meta name="twitter:image" content="{image_url(pictured_seed)}">' in html


def test_xml_parsers_see_no_trouble_in_the_sitemap(client, pictured_seed):
    etree.fromstring(client.get("/sitemap-news.xml").content)  # well-formed


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/feeds/rss/", 4),
        ("/feeds/json/", 4),
        ("/sitemap-articles-1.xml", 2),
        ("/sitemap-news.xml", 2),
    ],
)
def test_images_are_joined_not_fetched_one_by_one(
    client, pictured_seed, url, budget, django_assert_max_num_queries
):
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200

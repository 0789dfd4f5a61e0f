"""Latest Articles: the newest published articles of the site and of each section."""

# The shared fixture imported below is a pytest argument, not a redefinition.
# ruff: noqa: F811

import datetime as dt
import re

from django.utils import timezone

from dateline.discovery.selectors import latest_articles, latest_per_section
from dateline.discovery.tests.test_related import BUDGET, FOOTBALL, VOLCANO, publish  # noqa: F401


def test_latest_is_the_newest_published_in_one_query(publish, django_assert_num_queries):
    publish("Three days old", BUDGET, days_ago=3)
    publish("Yesterday", FOOTBALL, days_ago=1, section="sport")
    publish("A draft", VOLCANO, publish=False)
    publish("Expired", VOLCANO, expire_at=timezone.now() - dt.timedelta(minutes=1))
    publish("Scheduled for tomorrow", VOLCANO, days_ago=-2)
    newest = publish("Today", VOLCANO)

    with django_assert_num_queries(1):
        latest = latest_articles(limit=5)
    assert [a.headline for a in latest] == ["Today", "Yesterday", "Three days old"]
    assert [a.headline for a in latest_articles(limit=5, exclude=newest)][0] == "Yesterday"


def test_latest_in_a_language(publish):
    publish("Le volcan", VOLCANO, language="fr")
    publish("The volcano", VOLCANO, days_ago=1)
    assert [a.headline for a in latest_articles(language="fr")] == ["Le volcan"]


def test_latest_per_section_in_two_queries_however_many_sections(
    publish, django_assert_num_queries
):
    for n in range(6):
        publish(f"World {n}", BUDGET, days_ago=n)
        publish(f"Sport {n}", FOOTBALL, days_ago=n, section="sport")
        publish(f"Science {n}", VOLCANO, days_ago=n, section="science")

    with django_assert_num_queries(2):
        fronts = latest_per_section(per_section=4)
    assert {section.slug: [a.headline for a in items] for section, items in fronts} == {
        "world": [f"World {n}" for n in range(4)],
        "sport": [f"Sport {n}" for n in range(4)],
        "science": [f"Science {n}" for n in range(4)],
    }


def test_article_page_lists_the_five_newest_others(client, publish):
    for n in range(7):
        publish(f"Report {n}", FOOTBALL, days_ago=n + 1)
    story = publish("Today's story", VOLCANO)
    page = client.get(story.get_absolute_url()).content.decode()
    latest = page[page.index('id="latest-heading"') :]
    titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', latest)
    assert titles == [f"Report {n}" for n in range(5)]

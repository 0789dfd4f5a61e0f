"""Archive lists: a section's, a tag's, an author's and a date's published articles.

Each list is an ArticleList of published articles (hand-written SQL, newest first,
the section joined: what a card shows), paged by `paginate`: a count capped at
MAX_PAGES pages keeps a 100,000-article archive as quick to page as a small one (older
articles stay reachable through the date archives, /2024/, /2024/09/, /2024/09/21/).
"""

import dataclasses
import datetime as dt
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from dateline.newsroom.models import Author, Section, Tag
from dateline.newsroom.selectors import ArticleList, listed_articles

PAGE_SIZE = 20
MAX_PAGES = 50


def articles_in_section(section: Section) -> ArticleList:
    return ArticleList(" AND a.section_id = %s", [section.pk])


def articles_tagged(tag: Tag) -> ArticleList:
    return ArticleList(
        " AND at.tag_id = %s",
        [tag.pk],
        join=" JOIN newsroom_article_tags at ON at.article_id = a.id",
    )


def articles_by(author: Author) -> ArticleList:
    return ArticleList(
        " AND b.author_id = %s", [author.pk], join=" JOIN newsroom_byline b ON b.article_id = a.id"
    )


def articles_published_between(start: dt.datetime, end: dt.datetime) -> ArticleList:
    return ArticleList(" AND a.published_at >= %s AND a.published_at < %s", [start, end])


def get_tag(slug: str) -> Tag:
    """The tag with `slug`; raises Tag.DoesNotExist."""
    return Tag.objects.get(slug=slug)


def get_author(slug: str) -> Author:
    """The author with `slug`, their photo joined; raises Author.DoesNotExist."""
    return Author.objects.select_related("photo").get(slug=slug)


@dataclasses.dataclass(frozen=True)
class Period:
    """A date archive: a year, a month of it, or a day, in the site's time zone."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def next_first_day(self) -> dt.date:
        """The first day after the period (ValueError past the year 9999)."""
        if self.day:
            return self.first_day + dt.timedelta(days=1)
        if self.month:
            return dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return dt.date(self.year + 1, 1, 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start, end = self.first_day, self.next_first_day
        return (
            dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end, dt.time.min, tzinfo=tz),
        )


def get_period(year: int, month: int | None = None, day: int | None = None) -> Period:
    """The period; raises ValueError for a date that does not exist (2024/02/30) or
    whose end is past the calendar (9999/12/31)."""
    period = Period(year, month, day)
    try:
        period.next_first_day  # noqa: B018 - validates the date and the one after it
    except OverflowError as error:
        raise ValueError(str(error)) from None
    return period


def articles_in_period(period: Period) -> ArticleList:
    return articles_published_between(*period.bounds())


def active_months(period: Period) -> list[dt.date]:
    """First days of the months of a year archive with published articles (one query)."""
    return _active(period, [Period(period.year, month) for month in range(1, 13)])


def active_days(period: Period) -> list[dt.date]:
    """Days of a month archive with published articles (one query)."""
    days = (period.next_first_day - period.first_day).days
    return _active(period, [Period(period.year, period.month, d) for d in range(1, days + 1)])


def _active(period: Period, parts: list[Period]) -> list[dt.date]:
    # Conditional counts over the period's index range: no date function per row.
    start, end = period.bounds()
    counts = (
        listed_articles()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by()
        .aggregate(
            **{
                f"n{i}": Count("pk", filter=Q(published_at__gte=start, published_at__lt=end))
                for i, (start, end) in enumerate(part.bounds() for part in parts)
            }
        )
    )
    return [part.first_day for i, part in enumerate(parts) if counts[f"n{i}"]]


class CappedPaginator(Paginator):
    """Counts at most max_pages pages of rows: one cheap query on a large archive."""

    def __init__(self, object_list, per_page: int, max_pages: int):
        super().__init__(object_list, per_page)
        self.max_pages = max_pages

    @cached_property
    def uncapped_count(self) -> int:
        return self.object_list.count_upto(self.per_page * self.max_pages + 1)

    @cached_property
    def count(self) -> int:
        return min(self.uncapped_count, self.per_page * self.max_pages)

    @property
    def is_capped(self) -> bool:
        return self.uncapped_count > self.count


def paginate(articles, number) -> Page:
    """The page `number` of `articles` (two queries); a bad number gives the nearest page."""
    page = CappedPaginator(articles, PAGE_SIZE, MAX_PAGES).get_page(number)
    page.object_list = list(page.object_list)
    return page


@dataclasses.dataclass(frozen=True)
class PageLinks:
    """Addresses around a list page: site-relative URLs for <link> tags (canonical, prev,
    next), and the hrefs of its pagination links, relative to the page itself."""

    canonical: str
    previous: str | None
    next: str | None
    previous_href: str | None
    next_href: str | None


def page_links(path: str, page: Page, *, query: dict | None = None) -> PageLinks:
    """Links for `page` of the list at `path`, keeping the `query` parameters (search);
    page 1 is the address without ?page=."""
    query = {name: value for name, value in (query or {}).items() if name != "page"}

    def href(number: int) -> str:
        params = {**query, "page": number} if number > 1 else query
        return f"?{urlencode(params)}" if params else path

    def url(number: int) -> str:
        link = href(number)
        return path + link if link.startswith("?") else link

    previous = page.previous_page_number() if page.has_previous() else None
    following = page.next_page_number() if page.has_next() else None
    return PageLinks(
        canonical=url(page.number),
        previous=previous and url(previous),
        next=following and url(following),
        previous_href=previous and href(previous),
        next_href=following and href(following),
    )

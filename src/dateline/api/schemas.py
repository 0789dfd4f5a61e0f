"""What the API reads and writes. Field names follow the content model."""

import datetime as dt
import uuid
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import AfterValidator, AnyHttpUrl, AwareDatetime

from dateline.newsroom.models import Article
from dateline.public.site import site_url
from dateline.syndication.images import featured_picture


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters in text; refuse them as invalid input.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
# An article id as the database can hold it (a larger number would overflow the query).
ArticleId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Language = Literal[tuple(code for code, _ in settings.LANGUAGES)]  # type: ignore[valid-type]


class SectionOut(Schema):
    slug: str
    name: str
    description: str
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class SectionRef(Schema):
    slug: str
    name: str


class TagOut(Schema):
    slug: str
    name: str


class AuthorOut(Schema):
    slug: str
    name: str


class AuthorDetailOut(AuthorOut):
    bio: str


class ImageOut(Schema):
    url: str
    alt: str
    width: int | None
    height: int | None


class ArticleOut(Schema):
    id: int
    url: str
    headline: str
    slug: str
    standfirst: str
    language: str
    section: SectionRef
    published_at: dt.datetime
    updated_at: dt.datetime
    authors: list[AuthorOut]
    tags: list[TagOut]
    image: ImageOut | None = Field(description="The featured image, if any.")

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_image(obj, context) -> dict | None:
        base = site_url(context["request"])
        picture = featured_picture(obj, site_url=base)
        if picture is None:
            return None
        return {
            "url": picture.url,
            "alt": picture.alt,
            "width": picture.width,
            "height": picture.height,
        }

    @staticmethod
    def resolve_authors(obj) -> list:
        return [byline.author for byline in obj.byline_set.all()]

    @staticmethod
    def resolve_tags(obj) -> list:
        return list(obj.tags.all())


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="Clean HTML.")
    translation_group: uuid.UUID
    source_url: str
    attribution: str
    license_url: str


class Page(Schema):
    count: int = Field(description="Items in all pages.")
    page: int
    pages: int


class ArticlePage(Page):
    items: list[ArticleOut]


class TagPage(Page):
    items: list[TagOut]


class AuthorPage(Page):
    items: list[AuthorOut]


# --- editorial ---


class EditorialArticleOut(ArticleDetailOut):
    status: str
    go_live_at: dt.datetime | None = Field(description="When a scheduled article goes live.")
    published_at: dt.datetime | None  # type: ignore[assignment]
    url: str | None  # type: ignore[assignment]

    @staticmethod
    def resolve_url(obj, context) -> str | None:
        if obj.status != Article.Status.PUBLISHED or obj.published_at is None:
            return None
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class ArticleIn(Schema):
    headline: Text = Field(min_length=1, max_length=300)
    section: Text = Field(description="A section's slug.")
    standfirst: Text = ""
    body: Text = Field("", description="HTML; cleaned on save.")
    language: Language | None = Field(None, description="Default: the site's language.")
    tags: list[Text] = Field(default_factory=list, description="Tag names; new ones are created.")
    authors: list[Text] = Field(default_factory=list, description="Author slugs, in byline order.")
    source_url: AnyHttpUrl | None = None
    attribution: Text = ""
    license_url: AnyHttpUrl | None = None


class ArticlePatch(Schema):
    headline: Text | None = Field(None, min_length=1, max_length=300)
    section: Text | None = None
    standfirst: Text | None = None
    body: Text | None = None
    language: Language | None = None
    tags: list[Text] | None = None
    authors: list[Text] | None = None
    source_url: AnyHttpUrl | None = None
    attribution: Text | None = None
    license_url: AnyHttpUrl | None = None


class ScheduleIn(Schema):
    go_live_at: AwareDatetime = Field(description="A future time, with its UTC offset.")

"""The content model: articles with their sections, tags, authors, images and history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from dateline.core.requestlocals import localdate
from dateline.core.urls import cached_reverse


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in navigation.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("public:section-detail", slug=self.slug)


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("discovery:tag-detail", slug=self.slug)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    photo = models.ForeignKey(
        "Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    links = models.JSONField(default=list, blank=True, help_text="Profile links (URLs).")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("discovery:author-detail", slug=self.slug)


def site_language() -> str:
    return settings.LANGUAGE_CODE


def visible_to_readers(now=None) -> models.Q:
    """The one definition of what readers may see, as a condition."""
    now = now or timezone.now()
    return (
        (models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now))
        & models.Q(status=Article.Status.PUBLISHED)
        & models.Q(published_at__lte=now)
    )


def visible_to_readers_sql(alias: str, now=None) -> tuple[str, list]:
    """visible_to_readers() for hand-written SQL (dateline.core.sql): (condition, params)."""
    now = now or timezone.now()
    condition = (
        f"({alias}.expire_at IS NULL OR {alias}.expire_at > %s)"
        f" AND {alias}.status = %s AND {alias}.published_at <= %s"
    )
    return condition, [now, Article.Status.PUBLISHED.value, now]


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """What readers may see (visible_to_readers)."""
        return self.filter(visible_to_readers())

    def in_section(self, section: Section) -> "ArticleQuerySet":
        return self.filter(section=section)

    def in_language(self, language: str) -> "ArticleQuerySet":
        return self.filter(language=language)

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, allow_unicode=True, db_index=True)
    standfirst = models.TextField(blank=True, help_text="The summary under the headline.")
    body = models.TextField(blank=True, help_text="Clean HTML (see dateline.core.html).")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", blank=True, related_name="articles")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=site_language)
    translation_group = models.UUIDField(
        default=uuid.uuid4, db_index=True, help_text="Shared by an article and its translations."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # published_at is the public publication time (permalinks, lists, feeds); the others
    # are the workflow's own record (see services.publish_article).
    published_at = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    go_live_at = models.DateTimeField(null=True, blank=True, editable=False)
    expire_at = models.DateTimeField(
        null=True, blank=True, help_text="Readers stop seeing the article at this time."
    )
    featured_image = models.ForeignKey(
        "Image", null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    seo_title = models.CharField(max_length=300, blank=True)
    seo_description = models.TextField(blank=True)
    corrected_at = models.DateTimeField(
        null=True, blank=True, help_text="Shown to readers as the Updated time."
    )
    correction_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Where a republished or imported article came from, and the credit it requires.
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField(blank=True)
    license_url = models.URLField(max_length=500, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_own_article", "Can publish, schedule and unpublish own articles"),
            ("publish_article", "Can publish, schedule and unpublish any article"),
            ("edit_any_article", "Can edit everyone's articles"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # expire_at too, so a section page's capped count (up to 1,001 articles) is
            # read from the index alone: 3.0 -> 0.4 ms in a section of 37,000 on PostgreSQL.
            models.Index(
                fields=["section", "status", "-published_at", "expire_at"],
                name="article_section_listed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        day = self.published_on or timezone.localdate()
        return cached_reverse(
            "public:article-detail",
            year=day.year,
            month=f"{day.month:02d}",
            day=f"{day.day:02d}",
            slug=self.slug,
        )

    @property
    def published_on(self):
        """The publication date in the site's time zone, as in the permalink."""
        return localdate(self.published_at) if self.published_at else None

    @property
    def translations(self) -> "ArticleQuerySet":
        """The other articles sharing this one's translation group."""
        return Article.objects.filter(translation_group=self.translation_group).exclude(pk=self.pk)


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


def image_path(image: "Image", filename: str) -> str:
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class Image(models.Model):
    """An uploaded picture: the original is kept; renditions are made once, in the background."""

    file = models.ImageField(upload_to=image_path)  # width and height set by media.py
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    title = models.CharField(max_length=200, blank=True, help_text="For the media library.")
    alt_text = models.CharField(
        max_length=300, blank=True, help_text="Required before an article using it is published."
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True)
    # [{"width": 480, "format": "webp", "name": "images/.../480.webp"}, ...]
    renditions = models.JSONField(default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.alt_text or self.file.name.rsplit("/", 1)[-1]


class Revision(models.Model):
    """A JSON snapshot of an article, taken at every save."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.article} at {self.created_at:%Y-%m-%d %H:%M}"


class AuditEntry(models.Model):
    """Who did what to which object, and when: publish, unpublish, delete, role changes."""

    class Action(models.TextChoices):
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        EXPIRE = "expire", "Expired"
        DELETE = "delete", "Deleted"
        ROLE_CHANGE = "role_change", "Role changed"
        CORRECTION = "correction", "Correction"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = self.actor or "system"
        return f"{who} {self.get_action_display().lower()} {self.object_repr}"


class SiteSettings(models.Model):
    """The site's identity as administrators set it in the back office (one row).

    Empty values fall back to the DATELINE_* environment settings; read it through
    selectors.site_settings().
    """

    IDENTITY_FIELDS = (
        "site_name", "languages", "time_zone", "weather_latitude", "weather_longitude",
    )  # fmt: skip

    site_name = models.CharField(max_length=100, blank=True)
    languages = models.JSONField(
        default=list, blank=True, help_text='Language codes offered, e.g. ["en", "fr"].'
    )
    time_zone = models.CharField(max_length=64, blank=True, help_text="e.g. Europe/Berlin")
    weather_latitude = models.FloatField(null=True, blank=True)
    weather_longitude = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    def clean(self) -> None:
        import zoneinfo

        from django.core.exceptions import ValidationError

        errors = {}
        if self.time_zone and self.time_zone not in zoneinfo.available_timezones():
            errors["time_zone"] = f"{self.time_zone!r} is not a time zone name."
        known = {code for code, _ in settings.LANGUAGES}
        if not isinstance(self.languages, list) or set(self.languages) - known:
            errors["languages"] = f"Use a list of these codes: {', '.join(sorted(known))}."
        if self.weather_latitude is not None and not -90 <= self.weather_latitude <= 90:
            errors["weather_latitude"] = "A latitude is between -90 and 90."
        if self.weather_longitude is not None and not -180 <= self.weather_longitude <= 180:
            errors["weather_longitude"] = "A longitude is between -180 and 180."
        if errors:
            raise ValidationError(errors)

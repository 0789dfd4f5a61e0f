"""The back office on Django's admin: every save goes through newsroom.services."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django_otp.admin import OTPAdminAuthenticationForm

from dateline.core.html import clean_html
from dateline.newsroom import audit, media, permissions, revisions, selectors, services
from dateline.newsroom.exceptions import InvalidImageError
from dateline.newsroom.models import (
    Article,
    AuditEntry,
    Author,
    Byline,
    Image,
    Revision,
    Section,
    SiteSettings,
    Tag,
)  # fmt: skip
from dateline.newsroom.widgets import RichTextarea


class NewsroomAdminSite(admin.AdminSite):
    """Django's admin, asking staff for a TOTP code too when DATELINE_REQUIRE_OTP is on."""

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.REQUIRE_OTP else None

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.REQUIRE_OTP else None

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.REQUIRE_OTP or request.user.is_verified()


admin.site.__class__ = NewsroomAdminSite  # the site other apps registered with
admin.site.site_header = "Dateline newsroom"
admin.site.site_title = "Dateline newsroom"
admin.site.index_title = "Back office"


class ArticleForm(forms.ModelForm):
    translation_of = forms.IntegerField(
        required=False,
        min_value=1,
        label="Translation of article number",
        help_text="The number (ID) of an article this one translates; links them both ways.",
    )
    is_correction = forms.BooleanField(
        required=False,
        label="This change is a correction",
        help_text="Readers see “Updated” with the time and the correction note.",
    )

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "section", "tags", "language",
            "featured_image", "seo_title", "seo_description", "expire_at",
            "correction_note", "source_url", "attribution", "license_url",
        ]  # fmt: skip
        widgets = {"body": RichTextarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Left empty, it is made from the headline."
        # The languages the administrator enabled (site settings), and the article's own.
        offered = selectors.site_languages()
        current = self.instance.language if self.instance.pk else None
        if current and current not in dict(offered):
            offered.append((current, dict(settings.LANGUAGES).get(current, current)))
        self.fields["language"].choices = offered
        if not self.instance.pk and offered and settings.LANGUAGE_CODE not in dict(offered):
            self.fields["language"].initial = offered[0][0]

    def clean_body(self) -> str:
        return clean_html(self.cleaned_data["body"])

    def clean_translation_of(self):
        number = self.cleaned_data.get("translation_of")
        if number is None:
            return None
        original = Article.objects.filter(pk=number).exclude(pk=self.instance.pk).first()
        if original is None:
            raise forms.ValidationError(f"There is no other article number {number}.")
        return original

    def clean(self):
        data = super().clean()
        if data.get("translation_of"):
            data["translation_group"] = data["translation_of"].translation_group
        if not data.get("slug") and data.get("headline"):
            data["slug"] = services.unique_slug(
                data["headline"],
                published_at=self.instance.published_at,
                exclude_id=self.instance.pk,
            )
            self.instance.slug = data["slug"]
        return data


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["headline", "section", "status", "published_at", "language"]
    list_filter = ["status", "section", "language"]
    search_fields = ["headline", "standfirst"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "featured_image"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    inlines = [BylineInline]
    readonly_fields = [
        "workflow", "status", "published_at", "go_live_at", "first_published_at",
        "last_published_at", "corrected_at", "created_at", "updated_at", "translations",
    ]  # fmt: skip

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        if request.user.has_perm("newsroom.edit_any_article"):
            return articles
        mine = Q(created_by=request.user) | Q(byline__author__user=request.user)
        return articles.filter(mine).distinct()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or not permissions.can_publish(request.user, obj):
            form.base_fields.pop("is_correction", None)
        return form

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or not permissions.can_publish(request.user, obj):
            fields = [f for f in fields if f != "is_correction"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.can_delete(request.user, obj)

    @admin.display(description="Translations")
    def translations(self, obj):
        others = obj.translations.only("pk", "headline", "language") if obj and obj.pk else []
        links = [
            (reverse("admin:newsroom_article_change", args=[a.pk]), a.language, a.headline)
            for a in others
        ]
        return format_html_join(", ", '<a href="{}">{}: {}</a>', links) or "None"

    @admin.display(description="Workflow")
    def workflow(self, obj):
        if obj is None or obj.pk is None:
            return "Save the draft first."
        links = [
            (reverse(f"newsroom:article-{name}", args=[obj.pk]), label)
            for name, label in (
                ("submit", "Submit for review"), ("publish", "Publish"),
                ("schedule", "Schedule"), ("unpublish", "Unpublish"),
                ("revisions", "Revisions"), ("preview", "Preview link"),
            )
        ]  # fmt: skip
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name in services.EDITABLE_FIELDS
        }
        if change:
            services.update_article(
                obj, by=request.user, is_correction=form.cleaned_data.get("is_correction", False),
                record_revision=False, **fields,
            )  # fmt: skip
        else:
            created = services.create_draft(by=request.user, record_revision=False, **fields)
            obj.pk, obj._state = created.pk, created._state

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The revision includes what the inlines saved (bylines) and the tags.
        revisions.record(form.instance, by=request.user, note="" if change else "Created")

    def get_deleted_objects(self, objs, request):
        # An article's revisions, bylines and comments go with it: who may delete the
        # article (services.delete_article checks) needs no permission on each of them.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        services.delete_article(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.delete_article(article, by=request.user)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    fields = ["name", "slug", "user", "bio", "photo", "links"]


class ImageForm(forms.ModelForm):
    # A plain file field: media.check_image gives the reasons (format, size, pixels).
    file = forms.FileField(help_text="JPEG, PNG, WebP or GIF.")

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "caption", "credit"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                media.check_image(upload.read(media.max_bytes() + 1))
            except InvalidImageError as exc:
                raise forms.ValidationError(str(exc)) from None
            upload.seek(0)
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The media library: search by title, alt text, caption or credit."""

    form = ImageForm
    list_display = ["thumbnail", "title", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "renditions", "uploaded_by", "created_at"]

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" width="80">', obj.file.url)

    def save_model(self, request, obj, form, change):
        details = {k: form.cleaned_data[k] for k in ("title", "alt_text", "caption", "credit")}
        if change and "file" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        saved = media.upload_image(form.cleaned_data["file"], by=request.user, **details)
        obj.pk, obj._state = saved.pk, saved._state


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "created_at", "created_by", "note"]
    list_select_related = ["article", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by the services alone."""

    list_display = ["created_at", "actor", "action", "object_type", "object_repr", "detail"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "detail", "actor__username"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SiteSettingsForm(forms.ModelForm):
    languages = forms.TypedMultipleChoiceField(
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The languages articles are written in. None ticked: all of them.",
    )

    class Meta:
        model = SiteSettings
        fields = ["site_name", "languages", "time_zone", "weather_latitude", "weather_longitude"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row; empty fields fall back to the DATELINE_* environment settings."""

    form = SiteSettingsForm
    fields = ["site_name", "languages", "time_zone", "weather_latitude", "weather_longitude"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in self.fields}
        saved = services.update_site_settings(by=request.user, **fields)
        obj.pk, obj._state = saved.pk, saved._state


User = get_user_model()


class AuditedUserAdmin(UserAdmin):
    """Role (group) changes made here are audited with the administrator as actor."""

    def get_readonly_fields(self, request, obj=None):
        # Administrators manage users and roles; only a superuser makes superusers.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]

    def save_related(self, request, form, formsets, change):
        with audit.acting_as(request.user):
            super().save_related(request, form, formsets, change)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)

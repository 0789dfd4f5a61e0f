"""The back office, on Django's admin for now (the newsroom issue replaces the basics)."""

from django import forms
from django.contrib import admin

from dateline.core.html import clean_html
from dateline.newsroom.models import Article, Author, Byline, Section, Tag

admin.site.site_header = "Dateline newsroom"
admin.site.site_title = "Dateline newsroom"
admin.site.index_title = "Back office"


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "section", "tags", "language",
            "status", "published_at", "source_url", "attribution", "license_url",
        ]  # fmt: skip

    def clean_body(self) -> str:
        return clean_html(self.cleaned_data["body"])


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
    autocomplete_fields = ["tags"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    inlines = [BylineInline]
    readonly_fields = ["created_at", "updated_at", "translation_group"]


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

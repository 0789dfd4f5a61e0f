"""The news site as Wagtail models it: Home > Section > Article pages.

ArticlePage is the straightforward Wagtail article: a RichTextField body, authors as a
snippet, tags through django-taggit, an editor-chosen (here: Dateline's) list of related
articles as an orderable inline, and get_context() fetching the page's lists.
"""

from django import forms
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.snippets.models import register_snippet


class HomePage(Page):
    subpage_types = ["news.SectionPage"]


class SectionPage(Page):
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]


@register_snippet
class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    def __str__(self):
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"cols": 45, "rows": 6, "placeholder": "Comment:"}),
        error_messages={"required": "Please enter your comment!"},
    )
    name = forms.CharField(
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please enter your name here"},
    )
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your email address here",
            "invalid": "You have entered an incorrect email address!",
        },
    )
    website = forms.URLField(
        required=False,
        max_length=300,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={"invalid": "Please enter a web address starting with http:// or https://"},
    )
    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )


class ArticlePage(Page):
    standfirst = models.TextField(blank=True)
    body = RichTextField(blank=True)
    date = models.DateTimeField("published at")
    authors = ParentalManyToManyField(Author, blank=True, related_name="articles")
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("date"),
        FieldPanel("authors"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_articles", label="Related articles"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = list(SectionPage.objects.live().in_menu().order_by("path"))
        related = list(
            ArticlePage.objects.live()
            .filter(related_from__page=self)
            .order_by("related_from__sort_order")[:4]
        )
        latest = list(ArticlePage.objects.live().exclude(pk=self.pk).order_by("-date")[:5])
        # Every section is in the menu: an article's section is its parent among them.
        by_path = {section.path: section for section in sections}
        for article in [self, *related]:
            article.section = by_path.get(article.path[: -self.steplen])
        context.update(
            sections=sections,
            section=self.section,
            related=related,
            latest=latest,
            authors=list(self.authors.all()),
            tags=list(self.tags.order_by("name")),
            form=CommentForm(),
        )
        return context


class RelatedArticle(Orderable):
    page = ParentalKey(ArticlePage, related_name="related_articles", on_delete=models.CASCADE)
    article = models.ForeignKey(ArticlePage, related_name="related_from", on_delete=models.CASCADE)

    panels = [FieldPanel("article")]

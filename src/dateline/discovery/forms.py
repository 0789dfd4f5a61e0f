"""The search form: a query and its optional filters, read from the URL (GET)."""

from django import forms
from django.conf import settings

from dateline.core.forms import reader_form_renderer
from dateline.discovery.search import MAX_QUERY_LENGTH
from dateline.newsroom.models import Author, Section


class QueryField(forms.CharField):
    """Any text at all: search.parse_query makes terms of it, so nothing is refused."""

    def to_python(self, value):
        return super().to_python((value or "").replace("\x00", " "))


class SearchForm(forms.Form):
    default_renderer = reader_form_renderer

    q = QueryField(required=False, label="Search for")
    section = forms.ModelChoiceField(
        Section.objects.all(), to_field_name="slug", required=False, empty_label="All sections"
    )
    author = forms.CharField(required=False, widget=forms.HiddenInput)
    language = forms.ChoiceField(
        choices=[("", "Any language"), *settings.LANGUAGES], required=False
    )
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )

    def clean_author(self) -> Author | None:
        slug = self.cleaned_data["author"]
        if not slug:
            return None
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            raise forms.ValidationError("There is no such author.")
        return author

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return data

    def query_text(self) -> str:
        """The query to show back in the search box (never more than is searched)."""
        return str(self.data.get("q") or "").replace("\x00", " ")[:MAX_QUERY_LENGTH]

    def search_arguments(self) -> dict:
        """Keyword arguments for search.search() from a valid form."""
        data = self.cleaned_data
        return {
            "section": data["section"],
            "author": data["author"],
            "language": data["language"] or None,
            "date_from": data["since"],
            "date_to": data["until"],
        }

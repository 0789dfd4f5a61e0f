"""Readers' form widgets, rendered without a template, are Django's widgets to the byte."""

import pytest
from django import forms

from dateline.comments.forms import CommentForm
from dateline.core.forms import reader_form_renderer, widget_html


class Everything(forms.Form):
    default_renderer = reader_form_renderer

    text = forms.CharField(max_length=20, help_text="Help", widget=forms.TextInput({"a": "<x>"}))
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    number = forms.IntegerField(min_value=1, required=False)
    flag = forms.BooleanField(required=False)
    hidden = forms.IntegerField(required=False, widget=forms.HiddenInput)
    area = forms.CharField(widget=forms.Textarea({"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)  # not inlined


@pytest.mark.parametrize(
    "form",
    [
        Everything(),
        Everything(initial={"text": 'a "quoted" <b>', "flag": True, "hidden": 7, "area": "x"}),
        Everything({"text": "", "email": "nope", "number": "0", "flag": "on", "area": "<i>"}),
        Everything({"text": "x" * 30, "url": "javascript:alert(1)", "hidden": "'"}),
        CommentForm(),
        CommentForm(initial={"parent": 3}),
        CommentForm(
            {"comment": "Hi <b>", "name": "", "email": "bad", "website": "x", "remember": "1"}
        ),
    ],
)
def test_inlined_widgets_match_djangos_rendering(form):
    form.is_bound and form.is_valid()
    for field in form:
        assert str(widget_html(field)) == str(field.as_widget()), field.name

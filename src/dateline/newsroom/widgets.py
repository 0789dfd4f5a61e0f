"""The article body's editor widget: a textarea that a static script enhances."""

from django import forms
from django.urls import reverse_lazy


class RichTextarea(forms.Textarea):
    """Clean HTML in a textarea; newsroom/editor.js adds a toolbar and an editable area.

    No inline script or style (the CSP forbids both); without JavaScript the textarea
    works as it is. The server cleans whatever arrives (dateline.core.html.clean_html).
    """

    class Media:
        css = {"all": ["newsroom/editor.css"]}
        js = ["newsroom/editor.js"]

    def __init__(self, attrs=None):
        super().__init__(
            {
                "rows": 20,
                "class": "rich-text",
                # the image button's picker lists the media library from here
                "data-media-picker": reverse_lazy("newsroom:media-picker"),
                **(attrs or {}),
            }
        )

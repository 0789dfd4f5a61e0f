"""The reader's reply form under every article."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator

from dateline.comments.defence import form_age
from dateline.comments.text import clean_text, links_in
from dateline.core.forms import reader_form_renderer

COMMENT_MAX_LENGTH = 5000  # the default; DATELINE_COMMENTS_MAX_LENGTH sets it
REMEMBER_LABEL = "Save my name, email, and website in this browser for the next time I comment."
HONEYPOT = "subject"
TOKEN = "ts"  # noqa: S105 - the name of the form-timestamp field, not a secret


class PlainTextField(forms.CharField):
    """Text with control characters and bidi overrides dropped before validation."""

    def to_python(self, value):
        return super().to_python(clean_text(value) if isinstance(value, str) else value)


class CommentForm(forms.Form):
    default_renderer = reader_form_renderer

    comment = PlainTextField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 45}),
        error_messages={
            "required": "Please enter your comment!",
            "max_length": "Please keep your comment under %(limit_value)d characters.",
        },
    )
    name = PlainTextField(
        label="Name",
        max_length=100,
        error_messages={
            "required": "Please enter your name here",
            "max_length": "Please keep your name under %(limit_value)d characters.",
        },
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="Never shown.",
        error_messages={
            "required": "Please enter your email address here",
            "invalid": "You have entered an incorrect email address!",
            "max_length": "You have entered an incorrect email address!",
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={
            "invalid": "Please enter a web address starting with http:// or https://",
            "max_length": "Please keep the web address under %(limit_value)d characters.",
        },
    )
    remember = forms.BooleanField(label=REMEMBER_LABEL, required=False)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.COMMENTS_MAX_LENGTH
        comment = self.fields["comment"]
        comment.max_length = limit
        comment.validators = [
            *(v for v in comment.validators if not isinstance(v, MaxLengthValidator)),
            MaxLengthValidator(limit),
        ]
        # Each input names the element that shows its error, for screen readers.
        for name, field in self.fields.items():
            if not field.widget.is_hidden and name != "remember":
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}_error"
        comment.widget.attrs.update(placeholder="Comment:", maxlength=str(limit))
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.token = self.data.get(TOKEN, "") if self.is_bound else ""

    def clean_website(self) -> str:
        url = self.cleaned_data["website"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(self.fields["website"].error_messages["invalid"])
        return url

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"]
        limit = settings.COMMENTS_MAX_LINKS
        if len(links_in(text)) > limit:
            raise forms.ValidationError(
                f"Please include no more than {limit} links in a comment.", code="links"
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise forms.ValidationError(
                "Your comment could not be accepted. Please leave the field "
                "“Leave this field empty” empty.",
                code="honeypot",
            )
        age = form_age(self.token)
        if age is None or age > settings.COMMENTS_FORM_MAX_AGE:
            self.token = ""  # a fresh one is shown with the form
            raise forms.ValidationError(
                "This form was open for too long. Please check your comment and send it again.",
                code="expired",
            )
        if age < settings.COMMENTS_MIN_SECONDS:
            raise forms.ValidationError(
                "That was quick! Please check your comment and send it again.", code="too_fast"
            )
        return cleaned

    def visible_text_fields(self):
        return [self[name] for name in ("comment", "name", "email", "website")]

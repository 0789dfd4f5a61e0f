"""The reader's reply form under every article."""

from django import forms

COMMENT_MAX_LENGTH = 5000


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 45}),
        error_messages={
            "required": "Please enter your comment!",
            "max_length": "Please keep your comment under %(limit_value)d characters.",
        },
    )
    name = forms.CharField(
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
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": "Please enter a web address starting with http:// or https://"},
    )

    def clean_website(self) -> str:
        url = self.cleaned_data["website"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(self.fields["website"].error_messages["invalid"])
        return url

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each input names the element that shows its error, for screen readers.
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}_error"
        self.fields["comment"].widget.attrs["placeholder"] = "Comment:"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

"""The reader's reply: validated here, answered on the article page."""

from django.http import HttpRequest, HttpResponse

from dateline.comments.forms import CommentForm


def post_comment(request: HttpRequest, article) -> HttpResponse:
    from dateline.public.views import render_article  # the page this form lives on

    form = CommentForm(request.POST)
    # Storing comments arrives with moderation; until then a valid form is answered
    # honestly and the reader keeps what they typed.
    received = form.is_valid()
    return render_article(request, article, extra={"form": form, "comment_received": received})

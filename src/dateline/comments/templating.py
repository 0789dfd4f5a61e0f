"""Template helpers for comments: the thread under an article and counts on cards."""

import functools

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from jinja2 import pass_context
from markupsafe import Markup

from dateline.comments.forms import CommentForm
from dateline.comments.render import render_thread
from dateline.core import pagecache

FIELDS_TEMPLATE = "comments/_form_fields.html"


@pass_context
def comment_thread(context, comments):
    """The comments as nested <li> items (see dateline.comments.render)."""
    return render_thread(
        comments, article_url=context["article_url"], is_open=context.get("comments_open")
    )


def comment_count_link(item) -> str:
    """ " · 3 comments" on a card whose list has counts
    (comments.selectors.with_comment_counts() gave `item` a count); nothing otherwise.

    A card showing a count is purged from the page cache when the count changes."""
    count = getattr(item, "comment_count", None)
    if count is None:
        return ""
    pagecache.add_keys(f"comments:{item.pk}")
    if not count:
        return ""
    try:
        url = item.get_absolute_url()
    except NoReverseMatch:
        return ""
    label = ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count}
    return format_html(' · <a href="{}#comments">{}</a>', url, label)


@pass_context
def reply_form_fields(context, form) -> Markup:
    """The reply form's fields: `form` with its values and errors after a post, or, with
    no form, the empty form every article shows (answering `reply_to` if there is one).

    The empty form's markup depends on code and settings only, never on stored data,
    so each process renders it once per language (a tenth of an article render).
    """
    template = context.environment.get_template(FIELDS_TEMPLATE)
    if form:
        return Markup(template.render(form=form))  # noqa: S704 - autoescaped template output
    reply_to = context.get("reply_to")
    parent = reply_to.pk if reply_to else None
    if parent is not None or settings.DEBUG:  # a no-JavaScript reply link; templates may change
        return Markup(template.render(form=CommentForm(initial={"parent": parent})))  # noqa: S704
    return _empty_form_fields(template, get_language(), settings.COMMENTS_MAX_LENGTH)


@functools.lru_cache(maxsize=64)
def _empty_form_fields(template, language: str, max_length: int) -> Markup:
    return Markup(template.render(form=CommentForm()))  # noqa: S704 - autoescaped output

"""Template helpers for comments: the thread under an article and counts on cards."""

from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import ngettext
from jinja2 import pass_context

from dateline.comments.render import render_thread
from dateline.core import pagecache


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

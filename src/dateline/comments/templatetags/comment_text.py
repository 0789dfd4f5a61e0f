from django import template

from dateline.comments.render import render_thread
from dateline.comments.text import render_plain_text

register = template.Library()


@register.filter
def plain_text(value: str):
    """A comment's text as paragraphs with nofollow links; reader markup is escaped."""
    return render_plain_text(value or "")


@register.simple_tag(takes_context=True)
def comment_thread(context, comments):
    """The comments as nested <li> items (see dateline.comments.render)."""
    return render_thread(
        comments, article_url=context["article_url"], is_open=context.get("comments_open")
    )

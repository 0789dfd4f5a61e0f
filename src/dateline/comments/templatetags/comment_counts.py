"""`{% comment_count_link item %}`: " · 3 comments" on a card whose list has counts."""

from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import ngettext

from dateline.core import pagecache

register = template.Library()


@register.simple_tag
def comment_count_link(item) -> str:
    """Renders nothing unless comments.selectors.with_comment_counts() gave `item` a count.

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

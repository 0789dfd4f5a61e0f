from django import template

from dateline.newsroom import media

register = template.Library()


@register.filter
def srcset(image) -> str:
    """The renditions of an image as a srcset value ("" until the worker made them)."""
    return media.srcset(image) if image else ""

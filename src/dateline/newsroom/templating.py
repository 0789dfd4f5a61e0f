"""Template helpers for newsroom media."""

from dateline.newsroom import media


def srcset(image) -> str:
    """The renditions of an image as a srcset value ("" until the worker made them)."""
    return media.srcset(image) if image else ""

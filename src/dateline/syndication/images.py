"""The picture that goes with an article in feeds, sitemaps and social cards.

An article's own featured image when it has one; otherwise the site's default card, so
that every share and every NewsArticle carries an image.
"""

import mimetypes
from dataclasses import dataclass

from dateline.core.urls import cached_static

LOGO_PATH = "syndication/logo.png"
LOGO_SIZE = (600, 60)
CARD_PATH = "syndication/card.png"
CARD_SIZE = (1200, 630)


@dataclass(frozen=True)
class Picture:
    url: str  # absolute
    width: int | None = None
    height: int | None = None
    mime_type: str = "image/png"
    length: int = 0  # bytes, 0 when unknown
    alt: str = ""
    is_featured: bool = False


def _file_of(image):
    """The FieldFile behind a featured image: an ImageField itself, or a Media row's file."""
    for name in ("image", "file", "original"):
        candidate = getattr(image, name, None)
        if candidate is not None and hasattr(candidate, "url"):
            return candidate
    return image if hasattr(image, "url") else None


def featured_picture(article, *, site_url: str) -> Picture | None:
    """The article's featured image, if the content model has one and it is set."""
    image = getattr(article, "featured_image", None)
    file = _file_of(image) if image else None
    if not file:
        return None
    try:
        url = file.url
    except ValueError:  # a file field without a file
        return None
    try:
        length = file.size
    except (OSError, ValueError):
        length = 0
    alt = getattr(image, "alt_text", "") or getattr(image, "alt", "") or ""
    return Picture(
        url=url if url.startswith("http") else site_url + url,
        # The model's stored dimensions; reading them from the file would open it.
        width=getattr(image, "width", None) or None,
        height=getattr(image, "height", None) or None,
        mime_type=mimetypes.guess_type(file.name)[0] or "image/jpeg",
        length=length,
        alt=str(alt),
        is_featured=True,
    )


def default_card(*, site_url: str) -> Picture:
    width, height = CARD_SIZE
    return Picture(url=site_url + cached_static(CARD_PATH), width=width, height=height)


def logo(*, site_url: str) -> Picture:
    width, height = LOGO_SIZE
    return Picture(url=site_url + cached_static(LOGO_PATH), width=width, height=height)


def picture_for(article, *, site_url: str) -> Picture:
    """The featured image, or the site's default card."""
    return featured_picture(article, site_url=site_url) or default_card(site_url=site_url)

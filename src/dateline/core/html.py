"""The one place where rich text from outside becomes HTML we are willing to serve.

Besides the allow-list, two things: iframes survive only as embeds of allowed providers
(YouTube without cookies, Vimeo), sandboxed; and the markup Word and Google Docs put on
the clipboard is turned into plain tags (their bold/italic spans) before cleaning.
"""

import re
from urllib.parse import parse_qs, urlsplit

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "figure", "figcaption", "img",
    "hr", "code", "pre", "abbr", "table", "thead", "tbody", "tr", "th", "td", "iframe",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Hosts an embed's iframe may load from (the CSP's frame-src lists the same).
EMBED_HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")
_IFRAME_SET = {"sandbox": "allow-scripts allow-same-origin allow-popups", "loading": "lazy"}

_GDOCS_WRAPPER = re.compile(r'<b\b[^>]*id="docs-internal-guid-[^"]*"[^>]*>(.*)</b>', re.S | re.I)
_EMPTY_IFRAME = re.compile(r"<iframe\b(?![^>]*\bsrc=)[^>]*>\s*</iframe>", re.I)
_STYLED_SPAN = re.compile(r'<span\b[^>]*style="([^"]*)"[^>]*>([^<]*)</span>', re.I)


def _office_span(match: re.Match) -> str:
    style, text = match.group(1).replace(" ", "").lower(), match.group(2)
    if re.search(r"font-weight:(bold|[6-9]00)", style):
        text = f"<strong>{text}</strong>"
    if "font-style:italic" in style:
        text = f"<em>{text}</em>"
    return text


def _from_office(html: str) -> str:
    """Google Docs' bold wrapper goes; its and Word's styled spans become strong/em."""
    return _STYLED_SPAN.sub(_office_span, _GDOCS_WRAPPER.sub(r"\1", html))


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "iframe" and name == "src":
        parts = urlsplit(value)
        return value if parts.scheme == "https" and parts.hostname in EMBED_HOSTS else None
    return value


def clean_html(html: str) -> str:
    """Return `html` reduced to the article allow-list; scripts, styles and events go."""
    cleaned = nh3.clean(
        _from_office(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "xml", "title", "head"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        set_tag_attribute_values={"iframe": _IFRAME_SET},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_IFRAME.sub("", cleaned)  # an embed from elsewhere lost its src: drop it


def embed_src(url: str) -> str | None:
    """The iframe address for a YouTube or Vimeo page address, or None (not allowed)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video = None
    if host == "youtube.com" and parts.path == "/watch":
        video = parse_qs(parts.query).get("v", [None])[0]
    elif host == "youtu.be":
        video = parts.path.strip("/")
    if video and re.fullmatch(r"[\w-]{6,20}", video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    if host == "vimeo.com" and re.fullmatch(r"/\d+", parts.path):
        return f"https://player.vimeo.com/video{parts.path}"
    return None

"""Comment text is plain text: shown as paragraphs with links, never as reader markup."""

import re
import unicodedata
from html import escape

from django.utils.safestring import SafeString, mark_safe

URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""
# C0/C1 control characters other than tab and newline, and the bidi overrides that let
# a name or comment rearrange the text around it.
_UNWANTED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """Normalize line ends, drop control characters, NFC-normalize."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNWANTED.sub("", value))


def links_in(text: str) -> list[str]:
    return [_trim(match.group(0)) for match in URL_RE.finditer(text)]


def _trim(url: str) -> str:
    while url and url[-1] in TRAILING:
        url = url[:-1]
    return url


def _linkify(line: str) -> str:
    out, position = [], 0
    for match in URL_RE.finditer(line):
        url = _trim(match.group(0))
        out.append(escape(line[position : match.start()]))
        out.append(f'<a href="{escape(url)}" rel="nofollow ugc">{escape(url)}</a>')
        position = match.start() + len(url)
    out.append(escape(line[position:]))
    return "".join(out)


def render_plain_text(text: str) -> SafeString:
    """Paragraphs on blank lines, <br> on single newlines, http(s) URLs as nofollow links.

    Everything else is escaped, so reader markup shows as the characters typed.
    """
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip())]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    return mark_safe(html)  # noqa: S308 - every piece above is escaped

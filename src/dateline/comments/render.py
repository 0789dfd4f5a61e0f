"""The thread under an article as HTML, built in Python: one page may show hundreds of
comments, and a template include per comment costs about 0.6 ms each. Every value from
a reader goes through escape() (names, links) or render_plain_text() (the text)."""

from html import escape

from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe

from dateline.comments.text import render_plain_text
from dateline.core.requestlocals import localtime

REMOVED = "This comment was removed by a moderator."
ERASED = "This comment was erased at its author’s request."


def render_thread(comments, *, article_url: str, is_open: bool) -> SafeString:
    out: list[str] = []
    months = {number: str(name) for number, name in MONTHS.items()}  # translated once
    _render(comments, out, escape(article_url), is_open, months)
    return mark_safe("".join(out))  # noqa: S308 - built from escaped parts only


def _render(comments, out: list[str], article_url: str, is_open: bool, months: dict) -> None:
    for comment in comments:
        own = getattr(comment, "is_own", False)
        out.append(
            f'<li class="comment-item">\n  <article id="comment-{comment.pk}" '
            f'class="comment{" comment-own" if own else ""}">\n'
        )
        if comment.status == "removed":
            out.append(
                f'    <p class="comment-removed">{ERASED if comment.is_erased else REMOVED}</p>\n'
            )
        else:
            _render_comment(comment, out, article_url, is_open and not own, own, months)
        out.append("  </article>\n")
        if comment.thread:
            out.append('  <ol class="comment-replies">\n')
            _render(comment.thread, out, article_url, is_open, months)
            out.append("  </ol>\n")
        out.append("</li>\n")


def _render_comment(comment, out, article_url: str, can_reply: bool, own: bool, months: dict):
    name = escape(comment.author_name)
    author = (
        f'<a href="{escape(comment.author_url)}" rel="nofollow ugc external">{name}</a>'
        if comment.author_url
        else name
    )
    created = localtime(comment.created_at)
    out.append(
        f'    <header class="comment-meta">\n      <span class="comment-author">{author}</span>\n'
        f'      <a class="comment-permalink" href="{article_url}#comment-{comment.pk}">'
        f'<time datetime="{created.isoformat()}">'
        f"{months[created.month]} {created.day}, {created.year} at {created:%H:%M}</time></a>\n"
        "    </header>\n"
    )
    if own:
        out.append(
            '    <p class="notice comment-awaiting" role="status">'
            "Your comment is awaiting moderation.</p>\n"
        )
    out.append(f'    <div class="comment-body">{render_plain_text(comment.body)}</div>\n')
    if can_reply:
        out.append(
            f'    <p class="comment-reply"><a href="?replytocom={comment.pk}#respond" '
            f'data-reply-to="{comment.pk}" data-reply-name="{name}">Reply'
            f'<span class="visually-hidden"> to {name}</span></a></p>\n'
        )

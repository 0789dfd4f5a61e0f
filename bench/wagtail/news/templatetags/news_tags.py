"""JSON-LD for the article page's head, as Dateline's page carries it."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def article_json_ld(context, page, url):
    site = context["site"]
    home = f"{url.split('/', 3)[0]}//{url.split('/', 3)[2]}/"
    section = context["section"]
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.standfirst,
        "inLanguage": "en",
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.date).isoformat(),
        "articleSection": section.title if section else "",
        "keywords": [tag.name for tag in context["tags"]],
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [{"@type": "Person", "name": author.name} for author in context["authors"]],
        "publisher": {"@type": "Organization", "name": site.site_name, "url": home},
        "isAccessibleForFree": True,
    }
    crumbs = [(site.site_name, home), (page.title, url)]
    if section:
        crumbs.insert(1, (section.title, section.get_full_url(context["request"])))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": item}
            for n, (name, item) in enumerate(crumbs, 1)
        ],
    }
    return mark_safe(  # noqa: S308 - JSON with <, > and & escaped
        "\n".join(
            f'<script type="application/ld+json">{json.dumps(data).translate(_ESCAPES)}</script>'
            for data in (article, breadcrumbs)
        )
    )

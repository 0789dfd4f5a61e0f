"""schema.org data for search engines and news apps, as plain dicts (rendered as JSON-LD)."""

from django.urls import reverse

from dateline.newsroom.selectors import site_settings
from dateline.syndication import images
from dateline.syndication.selectors import page_url_of


def person(author, *, site_url: str) -> dict:
    """An author as a schema.org Person; `url` is their page (or their feed before one exists)."""
    path = page_url_of(author) or reverse("syndication:author-atom", kwargs={"slug": author.slug})
    return {"@type": "Person", "name": author.name, "url": site_url + path}


def organization(*, site_url: str) -> dict:
    logo = images.logo(site_url=site_url)
    return {
        "@type": "Organization",
        "name": site_settings().site_name,
        "url": site_url + "/",
        "logo": {
            "@type": "ImageObject",
            "url": logo.url,
            "width": logo.width,
            "height": logo.height,
        },
    }


def image_object(picture: images.Picture) -> dict:
    data = {"@type": "ImageObject", "url": picture.url}
    if picture.width and picture.height:
        data |= {"width": picture.width, "height": picture.height}
    return data


def news_article(article, *, url: str, authors: list, tags: list, site_url: str) -> dict:
    """NewsArticle for `article` at absolute `url`, authors in byline order, tags by name."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.standfirst,
        "image": [image_object(images.picture_for(article, site_url=site_url))],
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [person(author, site_url=site_url) for author in authors],
        "publisher": organization(site_url=site_url),
        "isAccessibleForFree": True,
    }
    if article.license_url:
        data["license"] = article.license_url
    if article.source_url:
        data["isBasedOn"] = article.source_url
    return data


def breadcrumb_list(article, *, url: str, site_url: str) -> dict:
    """Home > Section > Article, as Google shows it above the result."""
    trail = [
        (site_settings().site_name, site_url + "/"),
        (article.section.name, site_url + article.section.get_absolute_url()),
        (article.headline, url),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": item}
            for n, (name, item) in enumerate(trail, start=1)
        ],
    }

"""schema.org data for search engines and news apps, as plain dicts (rendered as JSON-LD)."""

from django.conf import settings


def news_article(article, *, url: str, authors: list, site_url: str) -> dict:
    """NewsArticle for `article` at absolute `url`, authors in byline order."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.standfirst,
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [{"@type": "Person", "name": author.name} for author in authors],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": site_url},
        "isAccessibleForFree": True,
    }
    if article.license_url:
        data["license"] = article.license_url
    if article.source_url:
        data["isBasedOn"] = article.source_url
    return data

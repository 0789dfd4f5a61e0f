"""Who may do what to an article: the rules every service checks (the UI only mirrors them)."""

from dateline.newsroom.models import Article

OWN_EDITABLE = {Article.Status.DRAFT, Article.Status.IN_REVIEW}


def is_own(user, article: Article) -> bool:
    """Whether `user` started the article or is one of its bylined authors."""
    if user is None or not user.is_authenticated or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.byline_set.filter(author__user=user).exists()


def can_create(user) -> bool:
    return user is not None and user.is_active and user.has_perm("newsroom.add_article")


def can_edit(user, article: Article) -> bool:
    """Editors edit everything; authors their own; contributors their own drafts."""
    if user is None or not user.is_active or not user.has_perm("newsroom.change_article"):
        return False
    if user.has_perm("newsroom.edit_any_article"):
        return True
    if not is_own(user, article):
        return False
    return article.status in OWN_EDITABLE or user.has_perm("newsroom.publish_own_article")


def can_publish(user, article: Article) -> bool:
    """Publish, schedule, unpublish and mark corrections."""
    if user is None or not user.is_active:
        return False
    if user.has_perm("newsroom.publish_article"):
        return True
    return user.has_perm("newsroom.publish_own_article") and is_own(user, article)


def can_delete(user, article: Article) -> bool:
    return user is not None and user.is_active and user.has_perm("newsroom.delete_article")

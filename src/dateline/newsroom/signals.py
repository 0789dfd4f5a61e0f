"""Signals the newsroom sends, and the receivers that audit role changes made anywhere.

`article_published` and `article_unpublished` are sent after the transaction commits,
with `article_id`: other domain apps (discovery, caches) listen instead of being called.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import Signal, receiver

from dateline.newsroom import audit

article_published = Signal()  # kwargs: article_id
article_unpublished = Signal()  # kwargs: article_id
# Sent inside an import's transaction once its articles are written (demo content):
# listeners queue one bulk job instead of one per article.
articles_imported = Signal()  # kwargs: count

User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="newsroom.audit_roles")
def audit_role_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Every change of a user's groups, from the admin, a service or the shell."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    verb = {"post_add": "added to", "post_remove": "removed from", "post_clear": "removed from"}
    names = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    detail = f"{verb[action]} {', '.join(names) or 'all roles'}"
    audit.record(audit.Action.ROLE_CHANGE, instance, by=audit.current_actor(), detail=detail)

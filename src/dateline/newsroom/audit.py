"""The audit log: one row per publish, unpublish, delete or role change."""

import contextlib
import contextvars

from dateline.newsroom.models import AuditEntry

Action = AuditEntry.Action

# Who is acting, for writes that reach us through signals (a user's groups changed in
# the admin): set by acting_as() around the write.
_actor: contextvars.ContextVar = contextvars.ContextVar("newsroom_actor", default=None)


@contextlib.contextmanager
def acting_as(user):
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    return _actor.get()


def record(action: str, obj, *, by=None, detail: str = "") -> AuditEntry:
    """Write one audit entry about `obj` (by=None: the system, e.g. the worker)."""
    return AuditEntry.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        detail=detail,
    )

"""The newsroom's roles: groups of permissions, kept in step with this module.

`sync_roles()` runs after every `migrate` (see apps.py): it creates the groups and sets
their permissions to exactly what is listed here. A permission whose app is not
installed or not migrated yet is left out, and granted by the next run.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CONTRIBUTOR = "Contributor"
AUTHOR = "Author"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"

_CONTRIBUTOR = [
    "newsroom.view_article", "newsroom.add_article", "newsroom.change_article",
    "newsroom.view_revision", "newsroom.view_section", "newsroom.view_tag",
    "newsroom.add_tag", "newsroom.view_author", "newsroom.view_image",
    "newsroom.add_image", "newsroom.change_image",
]  # fmt: skip
_AUTHOR = [*_CONTRIBUTOR, "newsroom.publish_own_article"]
_EDITOR = [
    *_AUTHOR, "newsroom.publish_article", "newsroom.edit_any_article",
    "newsroom.delete_article", "newsroom.add_section", "newsroom.change_section",
    "newsroom.delete_section", "newsroom.change_tag", "newsroom.delete_tag",
    "newsroom.add_author", "newsroom.change_author", "newsroom.delete_image",
    "comments.moderate_comment", "comments.view_comment", "comments.change_comment",
]  # fmt: skip
_ADMINISTRATOR = [
    *_EDITOR, "auth.view_user", "auth.add_user", "auth.change_user", "auth.delete_user",
    "auth.view_group", "newsroom.view_auditentry", "newsroom.view_sitesettings",
    "newsroom.add_sitesettings", "newsroom.change_sitesettings", "otp_totp.view_totpdevice",
    "otp_totp.add_totpdevice",
    "otp_totp.change_totpdevice", "otp_totp.delete_totpdevice",
]  # fmt: skip

ROLES: dict[str, list[str]] = {
    CONTRIBUTOR: _CONTRIBUTOR,
    AUTHOR: _AUTHOR,
    EDITOR: _EDITOR,
    ADMINISTRATOR: _ADMINISTRATOR,
}


def _permissions(names: list[str]) -> list[Permission]:
    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))


def sync_roles() -> dict[str, Group]:
    """Create each role's group and give it exactly its permissions (idempotent)."""
    groups = {}
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(permissions))
        groups[name] = group
    return groups

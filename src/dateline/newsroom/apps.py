from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The apps whose permissions the roles use: roles are synced after each of them migrates,
# so a permission defined later (comments.moderate_comment) is granted once it exists.
_ROLE_APPS = {"auth", "newsroom", "comments", "otp_totp"}


def _sync_roles(sender, **kwargs) -> None:
    if sender.label not in _ROLE_APPS:
        return
    from dateline.newsroom.roles import sync_roles

    sync_roles()


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from dateline.newsroom import signals  # noqa: F401 - connects the audit receivers

        post_migrate.connect(_sync_roles, dispatch_uid="dateline.newsroom.sync_roles")

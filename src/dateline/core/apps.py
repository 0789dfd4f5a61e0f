from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dateline.core"
    label = "core"

    def ready(self) -> None:
        from dateline.core import invalidation

        invalidation.connect()

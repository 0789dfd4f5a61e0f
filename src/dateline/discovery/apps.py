from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _index_if_empty(sender, using="default", **kwargs) -> None:
    if sender.label == "discovery":
        from dateline.discovery.search import index_if_empty

        index_if_empty(using=using)


class DiscoveryConfig(AppConfig):
    name = "dateline.discovery"
    label = "discovery"

    def ready(self) -> None:
        # Keep stored related lists and the search index in step with the newsroom.
        from dateline.discovery import related_receivers, search_receivers  # noqa: F401

        post_migrate.connect(_index_if_empty, dispatch_uid="dateline.discovery.index_if_empty")

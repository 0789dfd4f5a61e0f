from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "dateline.discovery"
    label = "discovery"

    def ready(self) -> None:
        # Keep stored related lists and the search index in step with the newsroom.
        from dateline.discovery import related_receivers, search_receivers  # noqa: F401

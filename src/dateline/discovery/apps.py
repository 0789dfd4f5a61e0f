from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "dateline.discovery"
    label = "discovery"

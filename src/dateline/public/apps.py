from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "dateline.public"
    label = "public"

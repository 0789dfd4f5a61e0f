"""Addresses for most-read counting."""

urlpatterns: list = []

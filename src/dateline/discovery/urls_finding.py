"""Addresses for archives (tag, author, date) and search."""

urlpatterns: list = []

"""Addresses for most-read counting: the reading beacon (views_reading.py)."""

from django.urls import path

from dateline.discovery import views_reading

urlpatterns = [
    path("read/<int:article_id>/", views_reading.read_beacon, name="read"),
]

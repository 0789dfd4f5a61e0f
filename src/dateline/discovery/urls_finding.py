"""Addresses for archives (tag, author, date) and search.

Date archives stop at the day: /2024/09/21/<slug>/ stays the article (public app).
"""

from django.urls import path, re_path

from dateline.discovery import views

YEAR, MONTH, DAY = r"(?P<year>[0-9]{4})", r"(?P<month>0[1-9]|1[0-2])", r"(?P<day>[0-3][0-9])"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("tag/<str:slug>/", views.tag_detail, name="tag-detail"),
    path("author/<str:slug>/", views.author_detail, name="author-detail"),
    re_path(rf"^{YEAR}/$", views.date_archive, name="archive-year"),
    re_path(rf"^{YEAR}/{MONTH}/$", views.date_archive, name="archive-month"),
    re_path(rf"^{YEAR}/{MONTH}/{DAY}/$", views.date_archive, name="archive-day"),
]

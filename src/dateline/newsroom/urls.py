from django.urls import path

from dateline.newsroom import views

app_name = "newsroom"

urlpatterns = [
    path("articles/<int:pk>/revisions/", views.revision_list, name="article-revisions"),
    path(
        "articles/<int:pk>/revisions/<int:revision_id>/",
        views.revision_diff,
        name="revision-diff",
    ),
    path(
        "articles/<int:pk>/revisions/<int:revision_id>/restore/",
        views.revision_restore,
        name="revision-restore",
    ),
    path("articles/<int:pk>/preview/", views.preview_link, name="article-preview"),
    path("preview/<str:token>/", views.preview_article, name="preview"),
    path("media/picker/", views.media_picker, name="media-picker"),
    *[
        path(
            f"articles/<int:pk>/{action}/",
            views.article_action,
            {"action": action},
            name=f"article-{action}",
        )  # fmt: skip
        for action in views.ACTIONS
    ],
]

from django.urls import path

from dateline.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.section_detail, name="section-detail"),
    path(
        "<int:year>/<int:month>/<int:day>/<str:slug>/",
        views.article_detail,
        name="article-detail",
    ),
]

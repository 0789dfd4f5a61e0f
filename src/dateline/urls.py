from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("newsroom/", admin.site.urls),
    path("", include("dateline.public.urls")),
]

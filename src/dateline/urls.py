from django.contrib import admin
from django.urls import include, path

from dateline.newsroom.views import serve_media

# Each app owns its addresses; the reader site's catch-all article pattern comes last.
urlpatterns = [
    path("newsroom/", include("dateline.newsroom.urls")),
    path("newsroom/", admin.site.urls),
    path("media/<path:path>", serve_media, name="media"),
    path("api/", include("dateline.api.urls")),
    path("", include("dateline.syndication.urls")),
    path("", include("dateline.comments.urls")),
    path("", include("dateline.discovery.urls")),
    path("", include("dateline.public.urls")),
]

from django.urls import path

from dateline.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/form-token/", views.fresh_form_token, name="form-token"),
]

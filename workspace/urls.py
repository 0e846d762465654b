from django.urls import path

from workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("count.json", views.inbox_count_json, name="count"),
]

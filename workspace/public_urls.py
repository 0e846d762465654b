"""Staff pages of the public documents, mounted at /publications/ (namespace
"publications"). The citizens' pages are in portal/urls.py at /cong-khai/."""

from django.urls import path

from workspace import public_views

app_name = "publications"
urlpatterns = [
    path("", public_views.publication_list, name="list"),
    path("publish/<str:kind>/<int:pk>/", public_views.publication_new, name="new"),
    path("<int:pk>/unpublish/", public_views.publication_unpublish, name="unpublish"),
    path("<int:pk>/poster.pdf", public_views.publication_poster, name="poster"),
    path("feedback-poster.pdf", public_views.feedback_poster, name="feedback_poster"),
]

# The public pages, for the root URLconf (no namespace: short, stable names).
public_urlpatterns = [
    path("cong-khai/", public_views.public_list, name="public_documents"),
    path("cong-khai/<str:token>/", public_views.public_document, name="public_document"),
    path(
        "cong-khai/<str:token>/van-ban.pdf",
        public_views.public_document_pdf,
        name="public_document_pdf",
    ),
]

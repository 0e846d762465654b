"""The root URLconf with the messaging pages, until portal/urls.py includes them."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("tin-nhan/", include("messaging.urls")),
    *portal_urlpatterns,
]

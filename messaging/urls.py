from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.message_list, name="message_list"),
    path("<int:pk>/send-again/", views.message_resend, name="message_resend"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]

from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("new/", views.letter_new, name="new"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/edit/", views.letter_edit, name="edit"),
    path("<int:pk>/letter.pdf", views.letter_pdf, name="pdf"),
    path("<int:pk>/sign/", views.letter_sign, name="sign"),
    path("<int:pk>/deliver/", views.letter_deliver, name="deliver"),
    path("<int:pk>/delete/", views.letter_delete, name="delete"),
]

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("sets/", views.set_list, name="set_list"),
    path("sets/import/", views.set_import, name="set_import"),
    path("sets/template.xlsx", views.set_template, name="set_template"),
    path("sets/<int:pk>/", views.set_detail, name="set_detail"),
    path("sets/<int:pk>/copy/", views.set_copy, name="set_copy"),
    path("sets/<int:set_pk>/rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/assign/", views.round_assign, name="round_assign"),
    path("rounds/<int:pk>/step/<str:action>/", views.round_step, name="round_step"),
    path("rounds/<int:pk>/report.pdf", views.round_pdf, name="round_pdf"),
    path("rounds/<int:pk>/scores.xlsx", views.round_xlsx, name="round_xlsx"),
    path("comparison/", views.comparison, name="comparison"),
    path("mine/", views.my_items, name="my_items"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/score/", views.item_score, name="item_score"),
    path("items/<int:pk>/review/", views.item_review, name="item_review"),
    path("items/<int:pk>/evidence/remove/", views.evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]

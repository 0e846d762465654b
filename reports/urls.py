from django.urls import path

from reports import views
from reports.services import REPORT_STEPS

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/delete/", views.report_delete, name="delete"),
    path("<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="xlsx"),
    # One URL per workflow step (submit, approve, return, issue), all from the table.
    *[
        path(f"<int:pk>/{name}/", views.report_step, {"step": name}, name=name)
        for name in REPORT_STEPS
    ],
]

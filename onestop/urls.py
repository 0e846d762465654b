from django.urls import path

from onestop import views

app_name = "onestop"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases.xlsx", views.case_book_xlsx, name="case_book_xlsx"),
    path("receive/", views.case_receive, name="case_receive"),
    path("stats/", views.case_stats, name="case_stats"),
    path("stats.xlsx", views.case_stats_xlsx, name="case_stats_xlsx"),
    path("procedures/", views.procedure_list, name="procedure_list"),
    path("procedures/import/", views.procedure_import, name="procedure_import"),
    path("procedures/template.xlsx", views.procedure_template_xlsx, name="procedure_template"),
    path("apology/", views.apology_list, name="apology_list"),
    path("apology/<int:pk>/", views.apology_detail, name="apology_detail"),
    path("apology/<int:pk>/sign/", views.apology_sign, name="apology_sign"),
    path("apology/<int:pk>/deliver/", views.apology_deliver, name="apology_deliver"),
    path("apology/<int:pk>/letter.pdf", views.apology_pdf, name="apology_pdf"),
    path("<str:code>/", views.case_detail, name="case_detail"),
    path("<str:code>/papers/<int:pk>/scan/", views.case_paper_scan, name="case_paper_scan"),
    path(
        "<str:code>/papers/<int:pk>/scan/file",
        views.case_paper_scan_file,
        name="case_paper_scan_file",
    ),
    path("<str:code>/e-auth/", views.case_e_auth, name="case_e_auth"),
    path("<str:code>/forward/", views.case_step, {"action": "forward"}, name="case_forward"),
    path(
        "<str:code>/supplement/", views.case_step, {"action": "supplement"}, name="case_supplement"
    ),
    path(
        "<str:code>/supplement-received/",
        views.case_step,
        {"action": "supplement_received"},
        name="case_supplement_received",
    ),
    path("<str:code>/approve/", views.case_step, {"action": "approve"}, name="case_approve"),
    path("<str:code>/refuse/", views.case_step, {"action": "refuse"}, name="case_refuse"),
    path("<str:code>/return/", views.case_step, {"action": "return"}, name="case_return"),
    path("<str:code>/stop/", views.case_step, {"action": "stop"}, name="case_stop"),
    path("<str:code>/withdraw/", views.case_step, {"action": "withdraw"}, name="case_withdraw"),
    path("<str:code>/stop-notice.pdf", views.case_stop_notice_pdf, name="case_stop_notice_pdf"),
    path("<str:code>/receipt.pdf", views.case_receipt_pdf, name="case_receipt_pdf"),
    path("<str:code>/supplement.pdf", views.case_supplement_pdf, name="case_supplement_pdf"),
    path("<str:code>/refusal.pdf", views.case_refusal_pdf, name="case_refusal_pdf"),
    path(
        "<str:code>/control-sheet.pdf", views.case_control_sheet_pdf, name="case_control_sheet_pdf"
    ),
]

from django.urls import path

from plans import io_views, review_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/submit/", views.plan_step, {"action": "submit"}, name="plan_submit"),
    path("<int:pk>/approve/", views.plan_step, {"action": "approve"}, name="plan_approve"),
    path("<int:pk>/return/", views.plan_return, name="plan_return"),
    path("<int:pk>/issue/", views.plan_step, {"action": "issue"}, name="plan_issue"),
    path("<int:pk>/revise/", views.plan_step, {"action": "revise"}, name="plan_revise"),
    path("<int:pk>/copy/", views.plan_step, {"action": "copy"}, name="plan_copy"),
    path("<int:pk>/sections/new/", views.section_edit, name="section_new"),
    path("sections/<int:section_pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:section_pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:section_pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:section_pk>/tasks/new/", views.task_edit, name="task_new"),
    path("tasks/<int:task_pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_pk>/move/", views.task_move, name="task_move"),
    path("tasks/<int:task_pk>/delete/", views.task_delete, name="task_delete"),
    # Follow-up of the tasks of issued plans.
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/report/", views.task_report, name="task_report"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    # Excel: the tracking table, a plan's task table out and in.
    path("tasks/export.xlsx", io_views.task_list_export, name="task_list_export"),
    path("<int:pk>/tasks.xlsx", io_views.plan_tasks_export, name="plan_tasks_export"),
    path("<int:pk>/tasks/import/", io_views.plan_tasks_import, name="plan_tasks_import"),
    path(
        "<int:pk>/tasks/template.xlsx",
        io_views.plan_tasks_template,
        name="plan_tasks_template",
    ),
    # The quarterly review (kiểm điểm hàng quý).
    path("review/", review_views.review, name="review"),
    path("review/<int:year>.pdf", review_views.review_pdf, name="review_pdf"),
]

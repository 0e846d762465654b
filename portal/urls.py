from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dialogues import public_answers as dialogues_public_answers
from dialogues import views as dialogues_views
from onestop import liveboard
from onestop import views as onestop_views
from portal import export_job_views, person_request_views, views
from portal.forms_auth import LoginForm
from surveys import public as surveys_public
from workspace import public_urls as workspace_public_urls
from workspace import views as workspace_views

admin.site.site_header = _("Ward portal administration")
admin.site.site_title = _("Ward portal")
admin.site.index_title = _("Reference data and accounts")

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", workspace_views.dashboard, name="dashboard"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("calendar/", views.working_calendar, name="working_calendar"),
    path(
        "calendar/<int:year>/confirm/",
        views.calendar_year_confirm,
        name="calendar_year_confirm",
    ),
    path("documents/registry/", views.document_registry, name="document_registry"),
    path("audit/", views.audit_log, name="audit_log"),
    path("exports/<int:pk>/", export_job_views.export_job_detail, name="export_job"),
    path(
        "exports/<int:pk>/status.json",
        export_job_views.export_job_status,
        name="export_job_status",
    ),
    path(
        "exports/<int:pk>/download",
        export_job_views.export_job_download,
        name="export_job_download",
    ),
    path("exports/<int:pk>/rerun/", export_job_views.export_job_rerun, name="export_job_rerun"),
    path("documents/sample.pdf", views.sample_document_pdf, name="sample_document_pdf"),
    path(
        "du-lieu-ca-nhan/",
        include(
            [
                path("", person_request_views.person_request_list, name="person_request_list"),
                path("new/", person_request_views.person_request_new, name="person_request_new"),
                path(
                    "<int:pk>/",
                    person_request_views.person_request_detail,
                    name="person_request_detail",
                ),
                path(
                    "<int:pk>/letter.pdf",
                    person_request_views.person_request_pdf,
                    name="person_request_pdf",
                ),
                path(
                    "<int:pk>/records.xlsx",
                    person_request_views.person_request_xlsx,
                    name="person_request_xlsx",
                ),
                path(
                    "<int:pk>/records/<str:source>/<int:record_pk>/correct/",
                    person_request_views.person_request_correct,
                    name="person_request_correct",
                ),
                path(
                    "<int:pk>/records/<str:source>/<int:record_pk>/anonymise/",
                    person_request_views.person_request_anonymise,
                    name="person_request_anonymise",
                ),
                path(
                    "<int:pk>/anonymise-all/",
                    person_request_views.person_request_anonymise_all,
                    name="person_request_anonymise_all",
                ),
                path(
                    "<int:pk>/close/",
                    person_request_views.person_request_close,
                    name="person_request_close",
                ),
            ]
        ),
    ),
    path("onestop/", include("onestop.urls")),
    path("dialogues/", include("dialogues.urls")),
    path("plans/", include("plans.urls")),
    path("assessments/", include("assessments.urls")),
    path("letters/", include("letters.urls")),
    path("tin-nhan/", include("messaging.urls")),
    path("gop-y/", dialogues_views.feedback, name="feedback"),
    path("y-kien-da-tra-loi/", dialogues_public_answers.public_answers, name="public_answers"),
    path("publications/", include("workspace.public_urls")),
    *workspace_public_urls.public_urlpatterns,  # /cong-khai/, /cong-khai/<token>/, its PDF
    path("surveys/", include("surveys.urls")),
    path("reports/", include("reports.urls")),
    path("viec-cho-toi/", include("workspace.urls")),
    path("ks/<slug:code>/", surveys_public.survey_form, name="survey_public"),
    path("tra-cuu/", onestop_views.lookup, name="case_lookup"),
    path("bang-tin/", liveboard.live_board, name="live_board"),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"

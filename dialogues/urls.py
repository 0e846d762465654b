from django.urls import path

from dialogues import public_answers, views

app_name = "dialogues"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("plans/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/groups/<int:group_pk>/", views.group_people, name="group_people"),
    path(
        "plans/<int:pk>/groups/<int:group_pk>/fill/",
        views.group_people_fill,
        name="group_people_fill",
    ),
    path(
        "plans/<int:pk>/groups/<int:group_pk>/people/<int:person_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("plans/<int:plan_pk>/sessions/new/", views.session_edit, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(
        "sessions/<int:pk>/invite-groups/",
        views.session_invite_groups,
        name="session_invite_groups",
    ),
    path("sessions/<int:pk>/attendees/add/", views.attendee_add, name="attendee_add"),
    path(
        "sessions/<int:pk>/attendees/<int:attendee_pk>/edit/",
        views.attendee_edit,
        name="attendee_edit",
    ),
    path(
        "sessions/<int:pk>/attendees/<int:attendee_pk>/remove/",
        views.attendee_remove,
        name="attendee_remove",
    ),
    path("sessions/<int:pk>/checkin/", views.session_checkin, name="session_checkin"),
    path(
        "sessions/<int:pk>/attendees/<int:attendee_pk>/toggle/",
        views.attendee_toggle,
        name="attendee_toggle",
    ),
    path("sessions/<int:pk>/minutes/", views.session_minutes, name="session_minutes"),
    path("sessions/<int:pk>/held/", views.session_held, name="session_held"),
    path(
        "sessions/<int:pk>/invitations/number/",
        views.session_invitations_issue,
        name="session_invitations_issue",
    ),
    path(
        "sessions/<int:pk>/minutes/number/",
        views.session_minutes_issue,
        name="session_minutes_issue",
    ),
    path(
        "sessions/<int:pk>/attendance.xlsx",
        views.session_attendance_xlsx,
        name="session_attendance_xlsx",
    ),
    path("sessions/<int:pk>/<str:kind>.pdf", views.session_pdf, name="session_pdf"),
    path("coverage/", views.coverage, name="coverage"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions.xlsx", views.opinions_xlsx, name="opinions_xlsx"),
    path("opinions/new/", views.opinion_add, name="opinion_add"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/classify/", views.opinion_classify, name="opinion_classify"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
    path("opinions/<int:pk>/approve/", views.opinion_approve, name="opinion_approve"),
    path("opinions/<int:pk>/return/", views.opinion_return_answer, name="opinion_return_answer"),
    path("opinions/<int:pk>/spot/", views.opinion_answer_on_the_spot, name="opinion_spot"),
    path("opinions/<int:pk>/sent/", views.opinion_mark_sent, name="opinion_mark_sent"),
    path("opinions/<int:pk>/answer.pdf", views.opinion_letter_pdf, name="opinion_letter_pdf"),
]

# The office publishes answered opinions on the public page (dialogues/public_answers.py).
urlpatterns += [
    path(
        "opinions/<int:pk>/publication/",
        public_answers.opinion_publication,
        name="opinion_publication",
    ),
    path(
        "opinions/<int:pk>/unpublish/",
        public_answers.opinion_unpublish,
        name="opinion_unpublish",
    ),
]

from django.urls import path

from surveys import counter, public, results, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    # The rating at the counter, on the desk officer's tablet.
    path("quay/", counter.counter_home, name="counter_home"),
    path("quay/hoi/", counter.counter_ask, name="counter_ask"),
    path("quay/<uuid:token>/", counter.counter_rate, name="counter_rate"),
    path("quay/ket-qua/", counter.counter_results, name="counter_results"),
    path("quay/<int:pk>/thanh-y-kien/", counter.counter_to_opinion, name="counter_to_opinion"),
    path("new/", views.survey_new, name="survey_new"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/questions/new/", views.question_edit, name="question_new"),
    path("<int:pk>/questions/<int:qpk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:qpk>/move/", views.question_move, name="question_move"),
    path("<int:pk>/questions/<int:qpk>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/paper/", views.paper_entry, name="paper_entry"),
    path("<int:pk>/ballots/", views.ballot_list, name="ballot_list"),
    path("<int:pk>/ballots/<int:bpk>/", views.ballot_edit, name="ballot_edit"),
    path("<int:pk>/corrections/", views.ballot_corrections, name="ballot_corrections"),
    path("<int:pk>/import/", views.ballot_import, name="ballot_import"),
    path(
        "<int:pk>/import/template.xlsx", views.ballot_import_template, name="ballot_import_template"
    ),
    path("<int:pk>/texts/", views.free_texts, name="free_texts"),
    path(
        "<int:pk>/texts/<int:apk>/opinion/", views.free_text_to_opinion, name="free_text_to_opinion"
    ),
    path("<int:pk>/results/", results.results_page, name="results"),
    path("<int:pk>/results.xlsx", results.results_xlsx, name="results_xlsx"),
    path("<int:pk>/results.pdf", results.results_pdf, name="results_pdf"),
    path("<int:pk>/ballots.xlsx", results.ballots_xlsx, name="ballots_xlsx"),
    path("<int:pk>/poster.pdf", public.poster_pdf, name="poster_pdf"),
    path("<int:pk>/qr.svg", public.qr_svg, name="qr_svg"),
]

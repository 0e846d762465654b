"""The rating at the counter: asked by the officer on his tablet, answered once by the
citizen, counted by officer and department, an unhappy comment made an opinion."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogues.models import Opinion
from onestop.models import Case
from surveys.counter import rating_ask, rating_give, rating_summary
from surveys.models import DeskRating
from tests.onestop.conftest import procedure, receive  # noqa: F401 - fixtures


@pytest.fixture
def returned_case(receive, procedure):  # noqa: F811
    case = receive(procedure)
    Case.objects.filter(pk=case.pk).update(returned_at=timezone.now(), status=Case.Status.APPROVED)
    case.refresh_from_db()
    return case


def test_the_desk_asks_on_its_tablet_and_the_citizen_answers_once(client, desk, returned_case):
    client.force_login(desk)
    page = client.get("/surveys/quay/").content.decode()
    assert returned_case.receipt_code in page  # returned today, waiting for a rating
    response = client.post("/surveys/quay/hoi/", {"receipt_code": returned_case.receipt_code})
    rating = DeskRating.objects.get()
    assert response.url == f"/surveys/quay/{rating.token}/"
    assert rating.officer == desk and rating.case == returned_case
    assert rating.department == returned_case.department
    client.post(response.url, {"level": "very_satisfied", "comment": "Cán bộ nhiệt tình."})
    # A second tap, or a second answer, changes nothing.
    client.post(response.url, {"level": "unsatisfied", "comment": "khác"})
    rating.refresh_from_db()
    assert rating.level == "very_satisfied" and rating.comment == "Cán bộ nhiệt tình."
    # Asking again for the same dossier reuses the rating; it no longer waits on the tablet.
    client.post("/surveys/quay/hoi/", {"receipt_code": returned_case.receipt_code})
    assert DeskRating.objects.count() == 1
    assert returned_case.receipt_code not in client.get("/surveys/quay/").content.decode()


def test_another_transaction_has_no_dossier_and_an_unknown_code_is_refused(client, desk):
    client.force_login(desk)
    response = client.post("/surveys/quay/hoi/", {"receipt_code": "000000-XXXXXX"}, follow=True)
    assert not DeskRating.objects.exists() and response.status_code == 200
    client.post("/surveys/quay/hoi/")
    rating = DeskRating.objects.get()
    assert rating.case is None and rating.officer == desk


def test_only_the_officer_who_asked_opens_the_rating(client, desk, officer, office):
    rating = rating_ask(officer=desk)
    client.force_login(officer)
    assert client.get(f"/surveys/quay/{rating.token}/").status_code == 404
    client.force_login(office)  # not a counter role
    assert client.get(f"/surveys/quay/{rating.token}/").status_code == 403
    client.logout()
    assert client.get(f"/surveys/quay/{rating.token}/").status_code == 302


def test_results_by_officer_and_department(desk, officer, returned_case):
    rating_give(rating=rating_ask(officer=desk, case=returned_case), level="satisfied")
    rating_give(rating=rating_ask(officer=desk), level="unsatisfied", comment="Chờ lâu.")
    rating_give(rating=rating_ask(officer=officer), level="very_satisfied")
    rating_ask(officer=officer)  # asked, never answered: not counted
    today = timezone.localdate()
    summary = rating_summary(today - dt.timedelta(days=1), today)
    assert summary["total"].total == 3 and summary["total"].rate == pytest.approx(66.67)
    by_officer = {r.key: r for r in summary["by_officer"]}
    assert by_officer[desk.pk].total == 2 and by_officer[desk.pk].rate == 50.0
    assert by_officer[officer.pk].rate == 100.0


def test_an_unhappy_comment_becomes_an_opinion_in_one_click(client, office, desk, leader):
    rating = rating_ask(officer=desk)
    rating_give(rating=rating, level="unsatisfied", comment="Phải chờ quá lâu.")
    client.force_login(leader)
    assert client.post(f"/surveys/quay/{rating.pk}/thanh-y-kien/").status_code == 403
    client.force_login(office)
    page = client.get("/surveys/quay/ket-qua/").content.decode()
    assert "Phải chờ quá lâu." in page
    response = client.post(f"/surveys/quay/{rating.pk}/thanh-y-kien/")
    opinion = Opinion.objects.get()
    assert response.url == f"/dialogues/opinions/{opinion.pk}/"
    assert "Phải chờ quá lâu." in opinion.content and opinion.status == Opinion.Status.NEW
    client.post(f"/surveys/quay/{rating.pk}/thanh-y-kien/")  # twice: still one opinion
    assert Opinion.objects.count() == 1


def test_results_page_queries_do_not_grow(client, office, desk, officer):
    client.force_login(office)
    rating_give(rating=rating_ask(officer=desk), level="unsatisfied", comment="x")
    with CaptureQueriesContext(connection) as few:
        client.get("/surveys/quay/ket-qua/")
    for user in (desk, officer) * 6:
        rating_give(rating=rating_ask(officer=user), level="unsatisfied", comment="y")
    with CaptureQueriesContext(connection) as many:
        client.get("/surveys/quay/ket-qua/")
    assert len(many) == len(few)


def test_the_report_and_the_chairmans_dashboard_quote_the_counter(
    client, leader, desk, returned_case
):
    import io

    import pdfplumber

    from reports.documents import render_report_pdf
    from reports.services import report_create, report_figures_of

    rating_give(rating=rating_ask(officer=desk, case=returned_case), level="very_satisfied")
    rating_give(rating=rating_ask(officer=desk), level="unsatisfied", comment="Chờ lâu.")
    today = timezone.localdate()
    report, _created = report_create(start=today.replace(day=1), end=today)
    with pdfplumber.open(io.BytesIO(render_report_pdf(report, report_figures_of(report)))) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert (
        "người dân đánh giá 2 lượt sau khi giao dịch: 1 rất hài lòng, 0 hài lòng, "
        "1 không hài lòng (tỷ lệ hài lòng 50,00%)"
    ) in text
    client.force_login(leader)
    row = client.get("/dashboard/").content.decode().split('id="counter-rating-row"')[1]
    assert "50%" in row.split("</tr>")[0]

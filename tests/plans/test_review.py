"""The quarterly review of the plans' tasks: states and lateness, the summary, who sees
what, the printed annex, and a query count that does not grow with the tasks."""

import datetime as dt
import io

import pdfplumber
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import review, services
from plans.models import Task, TaskReport, TaskTiming
from tests.onestop.conftest import at


def _month(plan) -> Task:
    return plan.tasks.get(timing=TaskTiming.MONTH)  # due 30/06/2026, lead: Tư pháp


def _quarterly(plan) -> Task:
    task = plan.tasks.get(timing=TaskTiming.QUARTERLY)  # lead: Địa chính
    Task.objects.filter(pk=task.pk).update(due_date=dt.date(2026, 9, 30))
    task.refresh_from_db()
    return task


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def _cells(response) -> list[str]:
    """Every table cell of the PDF, its text without spaces (cells wrap anywhere)."""
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return [
            "".join((cell or "").split())
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
            for cell in row
        ]


def _squash(text: str) -> str:
    return "".join(text.split())


def _row(result, task) -> review.ReviewRow:
    return next(r for r in result.rows if r.task_id == task.pk)


def test_states_and_lateness_follow_the_day_of_the_review(issued_plan, office):
    month, quarterly = _month(issued_plan), _quarterly(issued_plan)

    before = review.quarterly_review(2026, 2, today=dt.date(2026, 6, 20))
    assert [r.task_id for r in before.rows] == [month.pk, quarterly.pk]
    assert _row(before, month).state == review.OPEN and _row(before, month).late_days is None
    row = _row(before, month)
    assert row.plan_number == "01/KH-UBND"
    assert row.lead == "Tư pháp - Hộ tịch"
    assert row.time == "Hoàn thành trong tháng 6/2026"
    assert row.deadline == dt.date(2026, 6, 30)
    assert before.label == "Quý II/2026"

    after = review.quarterly_review(2026, 3, today=dt.date(2026, 7, 5))
    assert _row(after, month).state == review.LATE and _row(after, month).late_days == 5
    assert after.summary == review.ReviewSummary(
        tasks=2, done=0, done_on_time=0, late_open=1, late_done=0, unreported=2
    )

    with time_machine.travel(at(2026, 7, 10), tick=False):
        services.task_mark_done(task=month, actor=office)
    with time_machine.travel(at(2026, 8, 1), tick=False):
        services.task_mark_done(task=quarterly, actor=office)
    done = review.quarterly_review(2026, 3, today=dt.date(2026, 10, 1))
    assert _row(done, month).state == review.DONE_LATE and _row(done, month).late_days == 10
    assert _row(done, quarterly).state == review.DONE and _row(done, quarterly).late_days is None
    assert done.summary == review.ReviewSummary(
        tasks=2, done=2, done_on_time=1, late_open=0, late_done=1, unreported=0
    )
    assert review.state_words(review.DONE_LATE, 10) == "Hoàn thành chậm 10 ngày"


def test_a_report_in_the_quarter_counts_as_reported(issued_plan, office):
    month, quarterly = _month(issued_plan), _quarterly(issued_plan)
    with time_machine.travel(at(2026, 8, 3), tick=False):
        services.task_report(task=month, actor=office, text="Đã khảo sát 5 cụm loa.", percent=40)
    q3 = review.quarterly_review(2026, 3, today=dt.date(2026, 8, 5))
    assert _row(q3, month).reported_this_quarter
    assert _row(q3, month).last_report == "Đã khảo sát 5 cụm loa."
    assert _row(q3, month).percent == 40 and _row(q3, month).report_count == 1
    assert not _row(q3, quarterly).reported_this_quarter
    assert q3.summary.unreported == 1
    q4 = review.quarterly_review(2026, 4, today=dt.date(2026, 10, 5))
    assert not _row(q4, month).reported_this_quarter and q4.summary.unreported == 2


def test_other_years_and_unissued_plans_are_left_out(issued_plan, draft_plan):
    assert review.quarterly_review(2025, 4, today=dt.date(2026, 1, 5)).rows == []
    assert len(review.quarterly_review(2026, 4, today=dt.date(2026, 10, 5)).rows) == 2


def test_the_page_shows_the_tasks_and_the_summary(client, issued_plan, leader):
    _month(issued_plan), _quarterly(issued_plan)
    client.force_login(leader)
    with time_machine.travel(at(2026, 10, 5), tick=False):
        response = client.get("/plans/review/", {"year": 2026, "quarter": 3})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở" in body
    assert "Kiểm điểm, đánh giá từng tiêu chí" in body
    assert "01/KH-UBND" in body and "30/06/2026" in body
    assert 'data-figure="tasks">2<' in body
    assert 'data-figure="late_open">2<' in body  # 30/06 and 30/09 both passed on 05/10
    assert 'href="/plans/review/2026.pdf?quarter=3"' in body
    assert 'href="/plans/tasks/"' in body
    assert response.context["review"].label == "Quý III/2026"


def test_a_department_sees_only_its_tasks(client, issued_plan, officer):
    client.force_login(officer)  # Tư pháp: leads the month task only
    response = client.get("/plans/review/", {"year": 2026, "quarter": 2})
    assert response.status_code == 200
    assert [r.task_id for r in response.context["rows"]] == [_month(issued_plan).pk]
    assert response.context["summary"].tasks == 1
    cells = _cells(client.get("/plans/review/2026.pdf", {"quarter": 2}))
    assert _squash("Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở") in cells
    assert _squash("Kiểm điểm, đánh giá từng tiêu chí") not in cells


def test_organisations_are_refused_and_strangers_sent_to_log_in(
    client, issued_plan, organisation_user
):
    response = client.get("/plans/review/")
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.get("/plans/review/2026.pdf")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(organisation_user)
    assert client.get("/plans/review/").status_code == 403
    assert client.get("/plans/review/2026.pdf").status_code == 403


def test_the_annex_prints_the_tasks_and_escapes_them(client, issued_plan, office):
    month = _month(issued_plan)
    Task.objects.filter(pk=month.pk).update(text="Rà soát <b>đài</b> truyền thanh & loa")
    client.force_login(office)
    with time_machine.travel(at(2026, 10, 5), tick=False):
        response = client.get("/plans/review/2026.pdf", {"quarter": 3})
    assert response.status_code == 200
    text = _pdf_text(response)
    assert "PHỤ LỤC" in text
    assert "Kết quả thực hiện nhiệm vụ các kế hoạch năm 2026" in text
    assert "Kiểm điểm Quý III/2026 (số liệu tính đến ngày 05/10/2026)" in text
    cells = _cells(response)
    assert _squash("Rà soát <b>đài</b> truyền thanh & loa") in cells
    assert _squash("Kiểm điểm, đánh giá từng tiêu chí") in cells
    assert "01/KH-UBND" in cells and "30/06/2026" in cells
    assert _squash("Chậm 97 ngày") in cells  # 30/06 → 05/10
    assert "Các kế hoạch năm 2026 giao 2 nhiệm vụ" in text
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        page = pdf.pages[0]
        assert page.width > page.height  # A4 landscape


def test_a_bad_year_is_not_found(client, office):
    client.force_login(office)
    assert client.get("/plans/review/99999.pdf").status_code == 404
    assert client.get("/plans/review/", {"year": "x", "quarter": "9"}).status_code == 200


@pytest.mark.parametrize("path", ["/plans/review/", "/plans/review/2026.pdf"])
def test_query_count_does_not_grow_with_the_tasks(client, issued_plan, office, path):
    section = issued_plan.sections.get(heading="Công tác rà soát các tiêu chí:")
    month = _month(issued_plan)
    client.force_login(office)
    client.get(path, {"year": 2026, "quarter": 3})
    with CaptureQueriesContext(connection) as few:
        client.get(path, {"year": 2026, "quarter": 3})
    for n in range(18):
        task = Task.objects.create(
            plan=issued_plan,
            section=section,
            order=10 + n,
            text=f"Nhiệm vụ bổ sung {n}",
            lead=month.lead,
            timing=TaskTiming.DATE,
            due_date=dt.date(2026, 9, 1 + n),
        )
        TaskReport.objects.create(task=task, department=month.lead, text="Đang làm")
    assert issued_plan.tasks.count() == 20
    with CaptureQueriesContext(connection) as many:
        response = client.get(path, {"year": 2026, "quarter": 3})
    assert response.status_code == 200
    assert len(many) == len(few)

"""The follow-up of an issued plan's tasks: who sees and reports what, evidence files
kept private, the lead unit closing, reminders sent once, the tracking table."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import services
from plans.models import Task, TaskReminder, TaskStatus, TaskTiming
from portal import roles
from tests.factories import DepartmentFactory, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def partner_officer(other_department):
    return make_user(
        "diachinh", roles.DEPARTMENT, full_name="Vũ Văn Hải", department=other_department
    )


@pytest.fixture
def dated_task(issued_plan):
    return issued_plan.tasks.get(timing=TaskTiming.MONTH)


def test_a_department_sees_the_tasks_it_leads_or_co_operates_on(
    client, officer, partner_officer, issued_plan, dated_task
):
    quarterly = issued_plan.tasks.get(timing=TaskTiming.QUARTERLY)
    client.force_login(officer)  # leads the dated task only
    page = client.get("/plans/tasks/").content.decode()
    assert dated_task.text in page and quarterly.text not in page
    assert client.get(f"/plans/tasks/{quarterly.pk}/").status_code == 404
    client.force_login(partner_officer)  # leads the quarterly one, co-operates on the other
    page = client.get("/plans/tasks/").content.decode()
    assert dated_task.text in page and quarterly.text in page


def test_report_with_evidence_then_the_lead_marks_done(
    client, officer, partner_officer, dated_task, django_capture_on_commit_callbacks
):
    client.force_login(partner_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/plans/tasks/{dated_task.pk}/report/",
            {
                "text": "Đã rà soát 12/15 tiêu chí.",
                "percent": "80",
                "files": [SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")],
            },
        )
    assert response.status_code == 302
    dated_task.refresh_from_db()
    assert dated_task.percent == 80 and dated_task.status == TaskStatus.OPEN
    report = dated_task.reports.get()
    assert report.department == partner_officer.department
    evidence = report.files.get()
    # Stored outside any served folder, read back only through the access check.
    assert "/private/" in evidence.file.path and evidence.file.read() == PDF
    response = client.get(f"/plans/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    # A partner cannot close the task; the lead unit can.
    assert (
        "Đánh dấu hoàn thành" not in client.get(f"/plans/tasks/{dated_task.pk}/").content.decode()
    )
    assert client.post(f"/plans/tasks/{dated_task.pk}/done/").status_code == 403
    client.force_login(officer)
    response = client.post(f"/plans/tasks/{dated_task.pk}/done/", follow=True)
    assert "Đã đánh dấu hoàn thành nhiệm vụ" in response.content.decode()
    dated_task.refresh_from_db()
    assert dated_task.status == TaskStatus.DONE and dated_task.percent == 100


def test_evidence_is_refused_to_whoever_may_not_see_the_task(
    client, partner_officer, dated_task, ward, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.task_report(
            task=dated_task,
            actor=partner_officer,
            text="Đã rà soát.",
            files=[services.Upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)],
        )
    evidence = dated_task.reports.get().files.get()
    stranger = make_user(
        "vanhoa", roles.DEPARTMENT, department=DepartmentFactory(name="Văn hóa", code="van-hoa")
    )
    client.force_login(stranger)
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code in (403, 404)
    client.logout()
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 302


def test_bad_evidence_keeps_the_text_and_saves_nothing(client, officer, dated_task):
    client.force_login(officer)
    response = client.post(
        f"/plans/tasks/{dated_task.pk}/report/",
        {
            "text": "Đã họp triển khai.",
            "files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")],
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "không phải PDF, ảnh, Word hay Excel" in body and "Đã họp triển khai." in body
    assert not dated_task.reports.exists()
    response = client.post(f"/plans/tasks/{dated_task.pk}/report/", {"text": "x", "percent": "120"})
    assert response.status_code == 400 and not dated_task.reports.exists()


def test_a_quarterly_report_moves_the_deadline_to_the_next_quarter(partner_officer, issued_plan):
    task = issued_plan.tasks.get(timing=TaskTiming.QUARTERLY)
    first = task.due_date
    services.task_report(task=task, actor=partner_officer, text="Đã kiểm điểm quý.")
    task.refresh_from_db()
    report = task.reports.get()
    assert report.quarter == dt.date(first.year, first.month - 2, 1)
    assert task.due_date > first and (task.due_date - first).days in range(89, 93)


def test_reminders_go_to_the_lead_once_before_and_once_after_the_deadline(
    officer, dated_task, issued_plan
):
    due = dated_task.due_date  # 30/06/2026
    assert services.reminders_send(today=due - dt.timedelta(days=30)) == 0
    assert services.reminders_send(today=due - dt.timedelta(days=1)) >= 1
    assert services.reminders_send(today=due - dt.timedelta(days=1)) == 0  # a rerun
    assert services.reminders_send(today=due + dt.timedelta(days=3)) >= 1
    assert services.reminders_send(today=due + dt.timedelta(days=4)) == 0
    kinds = set(TaskReminder.objects.filter(task=dated_task).values_list("kind", flat=True))
    assert kinds == {"soon", "late"}
    messages = list(officer.notifications.values_list("message", flat=True))
    assert any("Nhiệm vụ quá hạn từ 30/06/2026" in m for m in messages)
    assert any("Nhiệm vụ đến hạn ngày 30/06/2026" in m for m in messages)
    # A task done is not reminded.
    services.task_mark_done(task=dated_task, actor=officer)
    Task.objects.filter(pk=dated_task.pk).update(due_date=due + dt.timedelta(days=60))
    assert services.reminders_send(today=due + dt.timedelta(days=58)) == 0


def test_tracking_table_filters_late_tasks_and_keeps_its_query_count(
    client, office, issued_plan, dated_task, time_machine
):
    client.force_login(office)
    time_machine.move_to(dt.datetime(2026, 7, 10, 9, 0))
    page = client.get("/plans/tasks/", {"status": "overdue"}).content.decode()
    assert dated_task.text in page and "Chậm 10 ngày" in page
    with CaptureQueriesContext(connection) as few:
        client.get("/plans/tasks/")
    section = issued_plan.sections.last()
    for n in range(20):
        Task.objects.create(
            plan=issued_plan, section=section, text=f"Việc {n}", lead=dated_task.lead,
            timing=TaskTiming.DATE, due_date=dt.date(2026, 8, 1),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get("/plans/tasks/")
    assert len(many) == len(few)


def test_evidence_over_the_request_limit_is_refused_with_a_message():
    big = [SimpleUploadedFile(f"anh{n}.pdf", PDF + b"0" * (3 * 1024 * 1024)) for n in (1, 2)]
    with pytest.raises(ValidationError) as refused:
        services.evidence_check(big)
    assert "5 MB" in " ".join(refused.value.messages)
    many = [SimpleUploadedFile(f"anh{n}.pdf", PDF) for n in range(6)]
    with pytest.raises(ValidationError):
        services.evidence_check(many)
    assert [u.name for u in services.evidence_check(many[:2])] == ["anh0.pdf", "anh1.pdf"]

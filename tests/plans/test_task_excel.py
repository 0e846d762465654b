"""Excel in and out of the plans' tasks: a plan's task table, the tracking table (also as
a background job) and the import of a plan's tasks from the template."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import services
from plans.models import Plan, Task, TaskStatus, TaskTiming
from portal.models import ExportJob
from tests.factories import DepartmentFactory, MassOrganizationFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _rows(response, header_row: int) -> tuple[list, list[tuple]]:
    """The header and the data rows (after `header_row` lines), with the cells."""
    book = openpyxl.load_workbook(io.BytesIO(_body(response)))
    rows = list(book.active.iter_rows())
    header = [c.value for c in rows[header_row - 1]]
    return header, [tuple(rows_) for rows_ in rows[header_row:]]


def _values(row) -> list:
    return [c.value for c in row]


def _xlsx(
    rows, header=("Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue(), content_type=XLSX)


# --- A plan's task table ------------------------------------------------------------------


def test_plan_export_lists_the_tasks_with_real_dates_and_text_kept_as_text(
    client, office, draft_plan, department
):
    section = draft_plan.sections.get(heading="Công tác rà soát các tiêu chí:")
    services.task_add(
        section=section,
        text="=SUM(A1)",
        lead=department,
        lead_label="Công chức Tư pháp - Hộ tịch",
        partners_text="Công an phường",
        timing=TaskTiming.DATE,
        due_date=dt.date(2026, 9, 15),
    )
    client.force_login(office)
    response = client.get(reverse("plans:plan_tasks_export", args=[draft_plan.pk]))
    assert response["Content-Type"] == XLSX
    header, rows = _rows(response, header_row=3)
    assert len(header) == 11 and len(rows) == 3
    first = _values(rows[0])
    assert first[0] == 1
    assert first[1] == "1. Công tác rà soát các tiêu chí:"  # numbered as the plan prints it
    assert first[2] == "Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở"
    assert first[3] == "Tư pháp - Hộ tịch"
    assert first[4] == "Địa chính - Xây dựng"
    assert first[5] == "Hoàn thành trong tháng 6/2026"
    assert rows[0][6].is_date and rows[0][6].value.date() == dt.date(2026, 6, 30)
    quarterly = _values(rows[1])
    assert quarterly[5] == "Định kỳ hàng quý" and quarterly[6] is None
    formula = rows[2]
    assert formula[2].data_type == "s" and formula[2].value == "=SUM(A1)"
    assert formula[3].value == "Công chức Tư pháp - Hộ tịch"  # the printed label wins
    assert formula[4].value == "Công an phường"
    assert formula[6].value.date() == dt.date(2026, 9, 15)


def test_a_department_reads_issued_plans_only(client, officer, draft_plan):
    client.force_login(officer)
    url = reverse("plans:plan_tasks_export", args=[draft_plan.pk])
    assert client.get(url).status_code == 404


def test_a_department_reads_an_issued_plan(client, officer, issued_plan):
    client.force_login(officer)
    response = client.get(reverse("plans:plan_tasks_export", args=[issued_plan.pk]))
    _header, rows = _rows(response, header_row=3)
    assert len(rows) == 2


def test_anonymous_users_go_to_the_login(client, issued_plan):
    for url in (
        reverse("plans:plan_tasks_export", args=[issued_plan.pk]),
        reverse("plans:task_list_export"),
        reverse("plans:plan_tasks_import", args=[issued_plan.pk]),
        reverse("plans:plan_tasks_template", args=[issued_plan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


# --- The tracking table -------------------------------------------------------------------


def test_tracking_export_shows_a_department_its_tasks_only(
    client, officer, leader, issued_plan, department
):
    client.force_login(officer)
    response = client.get(reverse("plans:task_list_export"))
    assert response["Content-Type"] == XLSX
    header, rows = _rows(response, header_row=3)
    assert len(header) == 13
    assert [_values(r)[2] for r in rows] == ["Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở"]
    row = rows[0]
    assert row[0].value == issued_plan.number.symbol
    assert row[1].value == issued_plan.title
    assert row[5].is_date and row[5].value.date() == dt.date(2026, 6, 30)
    assert row[8].value == 0 and row[9].value == 0  # reports, evidence: numbers

    client.force_login(leader)
    _header, rows = _rows(client.get(reverse("plans:task_list_export")), header_row=3)
    assert len(rows) == 2


def test_tracking_export_follows_the_list_filters_and_counts_days_late(
    client, leader, issued_plan, other_department
):
    task = issued_plan.tasks.get(timing=TaskTiming.MONTH)
    task.reports.create(department=task.lead, text="Đã rà soát 5 cụm loa", percent=40)
    Task.objects.filter(pk=task.pk).update(percent=40, due_date=dt.date(2020, 1, 31))
    client.force_login(leader)
    url = reverse("plans:task_list_export")
    _header, rows = _rows(client.get(url, {"status": "overdue"}), header_row=3)
    assert len(rows) == 1
    row = _values(rows[0])
    assert row[7] == pytest.approx(0.4)
    assert row[8] == 1 and row[9] == 0
    assert row[11] == "Đã rà soát 5 cụm loa"
    assert isinstance(row[12], int) and row[12] > 0
    _header, rows = _rows(client.get(url, {"department": other_department.pk}), header_row=3)
    assert len(rows) == 2  # leads one, co-operates on the other
    _header, rows = _rows(client.get(url, {"status": "done"}), header_row=3)
    assert rows == []


def test_tracking_export_reads_in_a_fixed_number_of_queries(client, leader, issued_plan):
    client.force_login(leader)
    url = reverse("plans:task_list_export")
    with CaptureQueriesContext(connection) as few:
        _body(client.get(url))
    section = issued_plan.sections.get(heading="Công tác rà soát các tiêu chí:")
    for n in range(10):
        task = Task.objects.create(
            plan=issued_plan, section=section, text=f"Việc {n}", timing=TaskTiming.REGULAR
        )
        task.partners.set([DepartmentFactory()])
        task.partner_organisations.set([MassOrganizationFactory()])
    with CaptureQueriesContext(connection) as many:
        _header, rows = _rows(client.get(url), header_row=3)
    assert len(rows) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_big_tracking_export_is_a_background_job(
    client, officer, issued_plan, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_EXPORT_BACKGROUND_ROWS = 0
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("plans:task_list_export"), {"status": "open"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.kind == "plans.task_list" and job.params == {"status": "open"}
    assert job.state == ExportJob.State.DONE, job.error
    assert (job.rows_done, job.rows_total) == (1, 1)  # the officer's one task, checked again
    download = client.get(f"/exports/{job.pk}/download")
    _header, rows = _rows(download, header_row=3)
    assert [_values(r)[2] for r in rows] == ["Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở"]


def test_the_job_checks_the_user_again(officer, issued_plan):
    from django.core.exceptions import PermissionDenied

    from plans.exports import task_list_export
    from portal import roles

    roles.assign_roles(officer, [])
    with pytest.raises(PermissionDenied):
        task_list_export({}, officer)


# --- Import -------------------------------------------------------------------------------


def test_import_page_offers_the_sections_and_the_template(client, office, draft_plan):
    client.force_login(office)
    response = client.get(reverse("plans:plan_tasks_import", args=[draft_plan.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("plans:plan_tasks_template", args=[draft_plan.pk]) in page
    assert reverse("plans:plan_detail", args=[draft_plan.pk]) in page
    last_top = draft_plan.sections.get(heading="NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:")
    assert response.context["form"]["section"].value() == last_top.pk
    template = client.get(reverse("plans:plan_tasks_template", args=[draft_plan.pk]))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    header = [c.value for c in book.active[1]]
    assert header == [
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
    ]
    assert book.active.max_row == 2  # an example row
    assert book.active.data_validations.dataValidation  # the lead's drop-down list


def test_a_department_cannot_import(client, officer, draft_plan):
    client.force_login(officer)
    assert client.get(reverse("plans:plan_tasks_import", args=[draft_plan.pk])).status_code == 403


def test_a_clean_file_creates_every_task(client, office, draft_plan, department, other_department):
    front = MassOrganizationFactory(
        name="Ủy ban Mặt trận Tổ quốc Việt Nam phường", short_name="UB MTTQ"
    )
    section = draft_plan.sections.get(heading="Công tác rà soát các tiêu chí:")
    before = Task.objects.filter(section=section).count()
    upload = _xlsx(
        [
            (
                "Tuyên truyền Bộ tiêu chí",
                "tu phap ho tich",
                "DIA-CHINH, ub mttq; Công an phường",
                "Hoàn thành trong tháng 6/2026",
            ),
            ("Tổ chức tiếp công dân", "dia-chinh", "", "trước ngày 15/9/2026"),
            ("Giữ vững an ninh trật tự", "Tư pháp - Hộ tịch", None, "Thường xuyên"),
            ("Kiểm điểm tiến độ", "Địa chính - Xây dựng", "", "định kỳ hàng quý"),
        ]
    )
    client.force_login(office)
    url = reverse("plans:plan_tasks_import", args=[draft_plan.pk])
    response = client.post(url, {"file": upload, "section": section.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:plan_detail", args=[draft_plan.pk])
    assert [str(m) for m in response.context["messages"]] == ["Đã nhập 4 nhiệm vụ"] or [
        str(m) for m in response.context["messages"]
    ] == ["Imported 4 tasks."]
    tasks = list(Task.objects.filter(section=section).order_by("order", "pk"))[before:]
    assert [t.text for t in tasks] == [
        "Tuyên truyền Bộ tiêu chí",
        "Tổ chức tiếp công dân",
        "Giữ vững an ninh trật tự",
        "Kiểm điểm tiến độ",
    ]
    first, second, third, fourth = tasks
    assert first.lead == department
    assert list(first.partners.all()) == [other_department]
    assert list(first.partner_organisations.all()) == [front]
    assert first.partners_text == "Công an phường"
    assert (first.timing, first.due_date) == (TaskTiming.MONTH, dt.date(2026, 6, 30))
    assert second.lead == other_department
    assert (second.timing, second.due_date) == (TaskTiming.DATE, dt.date(2026, 9, 15))
    assert (third.timing, third.due_date) == (TaskTiming.REGULAR, None)
    assert (fourth.timing, fourth.due_date) == (TaskTiming.QUARTERLY, None)
    assert all(t.status == TaskStatus.OPEN and t.plan_id == draft_plan.pk for t in tasks)


def test_a_file_with_two_bad_rows_saves_nothing_and_names_both(client, office, draft_plan):
    section = draft_plan.sections.get(heading="Công tác rà soát các tiêu chí:")
    before = Task.objects.count()
    upload = _xlsx(
        [
            ("Việc đúng", "Tư pháp - Hộ tịch", "", "Thường xuyên"),
            ("Việc sai đơn vị", "Phòng Không Có", "", "Thường xuyên"),
            ("Việc đúng nữa", "dia-chinh", "", "trước ngày 1/1/2027"),
            ("Việc sai thời gian", "dia-chinh", "", "sớm nhất có thể"),
        ]
    )
    client.force_login(office)
    url = reverse("plans:plan_tasks_import", args=[draft_plan.pk])
    response = client.post(url, {"file": upload, "section": section.pk})
    assert response.status_code == 200
    assert Task.objects.count() == before
    errors = response.context["result"].errors
    assert [e.row for e in errors] == [3, 5]
    assert "Phòng Không Có" in errors[0].message and "sớm nhất có thể" in errors[1].message
    page = response.content.decode()
    assert "Phòng Không Có" in page and "<td>3</td>" in page and "<td>5</td>" in page
    assert response.context["form"]["section"].value() in (section.pk, str(section.pk))


def test_a_wrong_header_or_file_type_is_refused(client, office, draft_plan):
    client.force_login(office)
    url = reverse("plans:plan_tasks_import", args=[draft_plan.pk])
    section = draft_plan.sections.first()
    csv = SimpleUploadedFile("nhiem-vu.csv", b"a,b,c\n", content_type="text/csv")
    response = client.post(url, {"file": csv, "section": section.pk})
    assert response.status_code == 200
    assert ".xlsx" in " ".join(response.context["form"].errors["file"])
    fake = SimpleUploadedFile("nhiem-vu.xlsx", b"not a zip", content_type=XLSX)
    response = client.post(url, {"file": fake, "section": section.pk})
    assert [e.row for e in response.context["result"].errors] == [0]
    wrong = _xlsx([("Việc", "dia-chinh", "", "Thường xuyên")], header=("Việc", "Chủ trì"))
    response = client.post(url, {"file": wrong, "section": section.pk})
    assert {e.row for e in response.context["result"].errors} == {1}
    assert Task.objects.filter(plan=draft_plan).count() == 2


def test_an_issued_plan_takes_no_import(client, office, issued_plan):
    client.force_login(office)
    url = reverse("plans:plan_tasks_import", args=[issued_plan.pk])
    section = issued_plan.sections.first()
    upload = _xlsx([("Việc thêm", "dia-chinh", "", "Thường xuyên")])
    response = client.post(url, {"file": upload, "section": section.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[issued_plan.pk])
    assert client.get(url).status_code == 302
    assert Task.objects.filter(plan=issued_plan).count() == 2


def test_a_section_of_another_plan_is_refused(client, office, draft_plan):
    other = Plan.objects.create(year=2026, title="Kế hoạch khác", created_by=office)
    foreign = services.section_add(plan=other, heading="NHIỆM VỤ:")
    client.force_login(office)
    url = reverse("plans:plan_tasks_import", args=[draft_plan.pk])
    upload = _xlsx([("Việc thêm", "dia-chinh", "", "Thường xuyên")])
    response = client.post(url, {"file": upload, "section": foreign.pk})
    assert response.status_code == 200 and response.context["form"].errors["section"]
    assert not foreign.tasks.exists()

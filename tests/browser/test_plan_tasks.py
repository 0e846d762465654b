"""The journey of a task plan: the office drafts it, a leader approves it, the office
issues it, a department reports progress with a file, the task goes late and shows on
the chairman's dashboard and in the quarterly review."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from plans.models import Plan, Task, TaskStatus
from tests.browser.helpers import login, logout
from tests.plans.conftest import draft_plan, issued_plan  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_task_plan_from_draft_to_a_late_task_on_the_chairmans_dashboard(
    page, ward, office, officer, department, plan_type, tmp_path, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0), tick=True)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "vanphong")
    page.goto("/plans/new/")
    page.get_by_label("Trích yếu").fill("Xây dựng chính quyền thân thiện năm 2026")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã tạo kế hoạch.")
    plan = Plan.objects.get(title="Xây dựng chính quyền thân thiện năm 2026")
    page.get_by_role("link", name="Thêm mục lớn").click()
    page.get_by_role("textbox", name="Tiêu đề").fill("NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm nhiệm vụ vào mục này").click()
    page.get_by_role("textbox", name="Nhiệm vụ").fill(
        "Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở"
    )
    page.locator("#id_lead").select_option(label=department.name)
    page.locator("#id_timing").select_option(value="date")
    page.get_by_label("Thời hạn").fill("31/03/2026")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã lưu nhiệm vụ.")
    assert "I. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:" in page.content()
    page.get_by_role("button", name="Trình duyệt").click()
    page.wait_for_selector("text=Đã trình lãnh đạo duyệt.")
    logout(page)

    login(page, "chutich")
    page.goto("/viec-cho-toi/")
    page.get_by_role("link", name="Xây dựng chính quyền thân thiện năm 2026").first.click()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_selector("text=Đã duyệt kế hoạch.")
    logout(page)

    login(page, "vanphong")
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("button", name="Ban hành").click()
    page.wait_for_selector("text=Đã ban hành kế hoạch số 01/KH-UBND")
    logout(page)

    task = Task.objects.get(plan=plan)
    login(page, "tuphap")
    page.goto("/plans/tasks/")
    page.get_by_role("link", name="Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở").click()
    page.get_by_label("Kết quả đã thực hiện").fill("Đã khảo sát 5/8 cụm loa.")
    page.get_by_label("Tiến độ (%)").fill("60")
    evidence = tmp_path / "bien-ban-khao-sat.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_selector("text=Đã gửi báo cáo tiến độ.")
    assert "bien-ban-khao-sat.pdf" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="bien-ban-khao-sat.pdf").click()
    assert download.value.suggested_filename == "bien-ban-khao-sat.pdf"
    logout(page)

    # Three weeks after the deadline the task is late: on the chairman's dashboard, in
    # his inbox, and in the quarterly review.
    time_machine.move_to(dt.datetime(2026, 4, 21, 9, 0), tick=True)
    login(page, "chutich")
    page.goto("/dashboard/")
    assert page.locator("#tasks-late").inner_text().strip() == "1"
    assert "Rà soát, nâng cấp hệ thống đài truyền thanh" in page.content()
    page.goto("/plans/review/?year=2026&quarter=1")
    row = page.get_by_role("row", name="Rà soát, nâng cấp hệ thống đài truyền thanh")
    assert "Đã khảo sát 5/8 cụm loa." in row.inner_text()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.percent == 60


def test_too_large_evidence_is_refused_before_upload(page, issued_plan, officer, tmp_path):  # noqa: F811
    """The text typed stays: the file is refused in the browser, not by a 413 page."""
    task = issued_plan.tasks.get(lead=officer.department)
    login(page, "tuphap")
    page.goto(f"/plans/tasks/{task.pk}/")
    page.get_by_label("Kết quả đã thực hiện").fill("Đã họp triển khai.")
    big = tmp_path / "ban-scan.pdf"
    big.write_bytes(PDF + b"0" * (6 * 1024 * 1024))
    page.get_by_label("Tệp minh chứng").set_input_files(str(big))
    expect(page.locator("#id_files-too-big")).to_be_visible()
    assert page.locator("#id_files").evaluate("input => input.files.length") == 0
    assert page.get_by_label("Kết quả đã thực hiện").input_value() == "Đã họp triển khai."

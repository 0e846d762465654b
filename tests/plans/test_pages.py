"""The plan's pages as the office and the leaders use them: the editor one section or
task at a time, the workflow's buttons, the print."""

import io

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import services
from plans.models import Plan, PlanStatus, Section, Task, TaskTiming


def _pdf_text(response) -> str:
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def test_office_creates_a_plan_then_adds_sections_and_tasks(client, office, department, ward):
    client.force_login(office)
    response = client.post("/plans/new/", {"year": "2026", "title": "", "signer_authority": "TM"})
    assert response.status_code == 200 and "Kiểm tra các ô đánh dấu đỏ." in (
        response.content.decode()
    )
    response = client.post(
        "/plans/new/",
        {"year": "2026", "title": "Kế hoạch thử nghiệm năm 2026", "signer_authority": "TM"},
    )
    plan = Plan.objects.get(title="Kế hoạch thử nghiệm năm 2026")
    assert response.url == f"/plans/{plan.pk}/"
    client.post(f"/plans/{plan.pk}/sections/new/", {"heading": "MỤC ĐÍCH, YÊU CẦU"})
    top = Section.objects.get(plan=plan)
    response = client.post(
        f"/plans/{plan.pk}/sections/new/",
        {"parent": top.pk, "heading": "Mục đích", "body": "Đoạn một.\n- Ý thứ nhất"},
    )
    child = Section.objects.get(plan=plan, parent=top)
    assert response.url.endswith(f"#section-{child.pk}")
    # A task with a month deadline is due at the end of that month; the error keeps input.
    response = client.post(
        f"/plans/sections/{child.pk}/tasks/new/",
        {"text": "Rà soát tiêu chí", "lead": department.pk, "timing": "month", "due_date": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Rà soát tiêu chí" in body
    client.post(
        f"/plans/sections/{child.pk}/tasks/new/",
        {
            "text": "Rà soát tiêu chí",
            "lead": department.pk,
            "timing": "month",
            "due_date": "10/06/2026",
            "print_text": "on",
            "print_details": "on",
        },
    )
    task = Task.objects.get(plan=plan)
    assert str(task.due_date) == "2026-06-30" and task.lead == department
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "I. MỤC ĐÍCH, YÊU CẦU" in page and "1. Mục đích" in page and "Rà soát tiêu chí" in page


def test_a_section_cannot_go_inside_itself(client, office, draft_plan):
    client.force_login(office)
    top = draft_plan.sections.get(heading="MỤC ĐÍCH, YÊU CẦU:")
    child = top.children.get()
    response = client.post(
        f"/plans/sections/{top.pk}/edit/", {"heading": top.heading, "parent": child.pk}
    )
    assert response.status_code == 200
    assert "Không thể đặt một mục vào trong chính nó." in response.content.decode()


def test_move_and_delete_keep_the_numbering(client, office, draft_plan):
    client.force_login(office)
    second = draft_plan.sections.get(heading="NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:")
    client.post(f"/plans/sections/{second.pk}/move/", {"direction": "up"})
    page = client.get(f"/plans/{draft_plan.pk}/").content.decode()
    assert page.index("I. NHIỆM VỤ") < page.index("II. MỤC ĐÍCH")
    client.post(f"/plans/sections/{second.pk}/delete/")
    assert not Task.objects.filter(plan=draft_plan).exists()  # its tasks went with it
    assert "I. MỤC ĐÍCH" in client.get(f"/plans/{draft_plan.pk}/").content.decode()


def test_print_numbers_by_level_and_prints_the_task_lines(client, office, draft_plan):
    client.force_login(office)
    text = _pdf_text(client.get(f"/plans/{draft_plan.pk}/plan.pdf"))
    for expected in (
        "KẾ HOẠCH",
        "Xây dựng chính quyền thân thiện năm 2026",
        "I. MỤC ĐÍCH, YÊU CẦU:",
        "1. Mục đích:",
        "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:",
        "1. Công tác rà soát các tiêu chí:",
        "Bộ phận chủ trì, tổng hợp: Tư pháp - Hộ tịch.",
        "Bộ phận phối hợp thực hiện: Địa chính - Xây dựng.",
        "Thời gian thực hiện: Hoàn thành trong tháng 6/2026.",
        "Thời gian thực hiện: Định kỳ hàng quý.",
        "/KH-UBND",
    ):
        assert expected in text, expected
    assert "01/KH-UBND" not in text  # a draft takes no number
    # print_text is off for the first task: its text is not printed twice.
    assert "Rà soát, nâng cấp hệ thống đài truyền thanh" not in text


def test_leader_approves_or_returns_with_a_comment(client, office, leader, draft_plan):
    services.plan_submit(plan=draft_plan, actor=office)
    client.force_login(leader)
    page = client.get(f"/plans/{draft_plan.pk}/").content.decode()
    assert "Trả lại kèm ý kiến" in page
    client.post(f"/plans/{draft_plan.pk}/return/", {"comment": "Bổ sung thời gian thực hiện."})
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.DRAFT
    client.force_login(office)
    assert "Bổ sung thời gian thực hiện." in client.get(f"/plans/{draft_plan.pk}/").content.decode()


def test_only_the_office_edits_and_only_a_leader_approves(
    client, officer, leader, office, draft_plan
):
    client.force_login(officer)
    assert client.get(f"/plans/{draft_plan.pk}/").status_code == 404  # a draft is not theirs
    assert client.get(f"/plans/{draft_plan.pk}/edit/").status_code == 403
    client.force_login(leader)
    assert client.post(f"/plans/{draft_plan.pk}/issue/").status_code == 403
    assert client.get(f"/plans/sections/{draft_plan.sections.first().pk}/edit/").status_code == 403
    client.force_login(office)
    services.plan_submit(plan=draft_plan, actor=office)
    assert client.post(f"/plans/{draft_plan.pk}/approve/").status_code == 403


def test_issue_through_the_page_says_the_number(client, office, leader, draft_plan):
    services.plan_submit(plan=draft_plan, actor=office)
    services.plan_approve(plan=draft_plan, actor=leader)
    client.force_login(office)
    response = client.post(f"/plans/{draft_plan.pk}/issue/", follow=True)
    assert "Đã ban hành kế hoạch số 01/KH-UBND" in response.content.decode()
    response = client.post(
        f"/plans/{draft_plan.pk}/sections/new/", {"heading": "Thêm"}, follow=True
    )
    assert "không sửa được" in response.content.decode()


def test_plan_list_search_without_accents_and_constant_queries(client, office, draft_plan):
    client.force_login(office)
    assert (
        draft_plan.title in client.get("/plans/", {"q": "chinh quyen than thien"}).content.decode()
    )
    with CaptureQueriesContext(connection) as few:
        client.get("/plans/")
    for _ in range(10):
        services.plan_copy(plan=draft_plan, actor=office)
    with CaptureQueriesContext(connection) as many:
        client.get("/plans/")
    assert len(many) == len(few)


@pytest.mark.parametrize("sections", [2, 12])
def test_plan_page_queries_do_not_grow_with_the_plan(
    client, office, draft_plan, sections, department
):
    top = draft_plan.sections.get(heading="NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:")
    for n in range(sections):
        s = services.section_add(plan=draft_plan, parent=top, heading=f"Mục {n}")
        services.task_add(section=s, text=f"Việc {n}", lead=department, timing=TaskTiming.REGULAR)
    client.force_login(office)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/plans/{draft_plan.pk}/").status_code == 200
    test_plan_page_queries_do_not_grow_with_the_plan.counts[sections] = len(queries)
    if len(test_plan_page_queries_do_not_grow_with_the_plan.counts) == 2:
        counts = test_plan_page_queries_do_not_grow_with_the_plan.counts
        assert counts[2] == counts[12]


test_plan_page_queries_do_not_grow_with_the_plan.counts = {}

"""A ward plan with two tasks, built through the services as the office would."""

import datetime as dt

import pytest

from plans import services
from plans.models import Plan, TaskTiming


@pytest.fixture
def draft_plan(ward, office, department, other_department, plan_type):
    plan = Plan.objects.create(
        year=2026,
        title="Xây dựng chính quyền thân thiện năm 2026",
        legal_basis="Căn cứ Kế hoạch số 44-KH/TU ngày 23/02/2026 của UBND thành phố;",
        introduction="UBND phường xây dựng Kế hoạch, cụ thể như sau:",
        closing="Trên đây là Kế hoạch xây dựng chính quyền thân thiện năm 2026./.",
        recipients="TT Đảng ủy, HĐND, UBND phường;\nLưu: VT, VP.",
        created_by=office,
    )
    aims = services.section_add(plan=plan, heading="MỤC ĐÍCH, YÊU CẦU:")
    services.section_add(
        plan=plan, parent=aims, heading="Mục đích:", body="Nâng cao đạo đức công vụ."
    )
    tasks = services.section_add(plan=plan, heading="NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:")
    review = services.section_add(
        plan=plan, parent=tasks, heading="Công tác rà soát các tiêu chí:", body="Rà soát tiêu chí."
    )
    services.task_add(
        section=review,
        text="Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở",
        lead=department,
        partners=[other_department],
        timing=TaskTiming.MONTH,
        due_date=dt.date(2026, 6, 30),
        print_text=False,
    )
    services.task_add(
        section=review,
        text="Kiểm điểm, đánh giá từng tiêu chí",
        lead=other_department,
        timing=TaskTiming.QUARTERLY,
    )
    return plan


@pytest.fixture
def issued_plan(draft_plan, office, leader):
    services.plan_submit(plan=draft_plan, actor=office)
    services.plan_approve(plan=draft_plan, actor=leader)
    return services.plan_issue(plan=draft_plan, actor=office)

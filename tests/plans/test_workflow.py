import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Plan, PlanStatus, Task, TaskTiming


def test_issue_numbers_the_plan_and_starts_the_follow_up(issued_plan):
    assert issued_plan.status == PlanStatus.ISSUED
    assert issued_plan.number.symbol == "01/KH-UBND"
    quarterly = issued_plan.tasks.get(timing=TaskTiming.QUARTERLY)
    # A quarterly task awaits the report of the quarter the plan was issued in.
    assert quarterly.due_date is not None and quarterly.due_date.month in (3, 6, 9, 12)


def test_return_needs_a_comment_and_the_office_sees_it(draft_plan, office, leader):
    services.plan_submit(plan=draft_plan, actor=office)
    with pytest.raises(ValidationError):
        services.plan_return(plan=draft_plan, actor=leader, comment="  ")
    plan = services.plan_return(plan=draft_plan, actor=leader, comment="Bổ sung thời gian.")
    assert plan.status == PlanStatus.DRAFT and plan.return_comment == "Bổ sung thời gian."
    assert office.notifications.filter(message__contains="Bổ sung thời gian.").exists()


def test_an_issued_plan_is_read_only(issued_plan):
    section = issued_plan.sections.first()
    with pytest.raises(ValidationError):
        services.section_add(plan=issued_plan, heading="Thêm")
    with pytest.raises(ValidationError):
        services.task_add(section=section, text="Thêm việc", timing=TaskTiming.REGULAR)


def test_copy_moves_the_year_and_the_deadlines(issued_plan, office):
    copy = services.plan_copy(plan=issued_plan, actor=office)
    assert copy.year == 2027 and copy.status == PlanStatus.DRAFT
    assert copy.title == "Xây dựng chính quyền thân thiện năm 2027"
    assert copy.legal_basis == issued_plan.legal_basis  # cited documents keep their dates
    dated = copy.tasks.get(timing=TaskTiming.MONTH)
    assert dated.due_date == dt.date(2027, 6, 30)
    assert list(dated.partners.all()) == list(
        issued_plan.tasks.get(timing=TaskTiming.MONTH).partners.all()
    )
    assert copy.tasks.get(timing=TaskTiming.QUARTERLY).due_date is None
    assert [s.heading for s in copy.sections.order_by("pk")] == [
        s.heading for s in issued_plan.sections.order_by("pk")
    ]
    child = copy.sections.get(heading="Mục đích:")
    assert child.parent.plan_id == copy.pk


def test_revision_supersedes_on_issue(issued_plan, office, leader):
    revision = services.plan_revise(plan=issued_plan, actor=office)
    services.plan_submit(plan=revision, actor=office)
    services.plan_approve(plan=revision, actor=leader)
    services.plan_issue(plan=revision, actor=office)
    issued_plan.refresh_from_db()
    assert issued_plan.status == PlanStatus.SUPERSEDED
    # Only the issued revision's tasks are followed up now.
    from plans.selectors import tracked_tasks

    assert set(tracked_tasks().values_list("plan_id", flat=True)) == {revision.pk}
    assert Plan.objects.get(pk=revision.pk).number.number == 2
    assert Task.objects.filter(plan=revision).count() == 2

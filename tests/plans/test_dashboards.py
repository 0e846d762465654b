"""Late and due-soon plan tasks on the dashboards and in the inboxes, at a fixed cost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Task, TaskTiming


def _late_tasks(plan, lead, n):
    section = plan.sections.last()
    Task.objects.bulk_create(
        Task(plan=plan, section=section, text=f"Việc trễ {i}", lead=lead,
             timing=TaskTiming.DATE, due_date=dt.date(2026, 5, 1))
        for i in range(n)
    )  # fmt: skip


@pytest.mark.parametrize("who", ["leader", "office", "officer"])
def test_late_tasks_show_and_the_pages_cost_the_same(
    client, request, who, issued_plan, department, time_machine
):
    time_machine.move_to(dt.datetime(2026, 7, 10, 9, 0))
    user = request.getfixturevalue(who)
    client.force_login(user)
    _late_tasks(issued_plan, department, 2)
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as few:
        body = client.get("/dashboard/").content.decode()
    with CaptureQueriesContext(connection) as few_inbox:
        client.get("/viec-cho-toi/")
    # The dated task of the plan (due 30/06) and the two added are late.
    assert '<div class="display-6 text-danger" id="tasks-late">3</div>' in body
    assert "Việc trễ 0" in body  # in the inbox tray on the dashboard
    _late_tasks(issued_plan, department, 18)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/dashboard/").content.decode()
    with CaptureQueriesContext(connection) as many_inbox:
        client.get("/viec-cho-toi/")
    assert 'id="tasks-late">21</div>' in body
    assert len(many) == len(few) and len(many_inbox) == len(few_inbox)

"""Reads on ward plans and their tasks, fitted to who asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from plans.models import Plan, PlanStatus, Task, TaskEvidence, TaskReport, TaskStatus
from portal import roles
from portal.calendar import WorkingCalendar
from portal.search import search_terms

SOON_WORKING_DAYS = 5  # "due soon" on the dashboards and the tracking table
PLAN_READERS = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT)
TRACKERS = (roles.LEADER, roles.OFFICE)


def plans_visible_to(user) -> QuerySet[Plan]:
    """Leaders and the office see every plan; departments the issued ones."""
    qs = Plan.objects.all()
    if roles.has_role(user, *TRACKERS):
        return qs
    if roles.has_role(user, roles.DEPARTMENT):
        return qs.filter(status__in=(PlanStatus.ISSUED, PlanStatus.SUPERSEDED))
    return qs.none()


def plan_for_user(user, pk: int) -> Plan:
    try:
        return plans_visible_to(user).select_related("number", "signer", "supersedes").get(pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def tracked_tasks() -> QuerySet[Task]:
    """The tasks followed up: those of issued plans."""
    return Task.objects.filter(plan__status=PlanStatus.ISSUED)


def tasks_visible_to(user) -> QuerySet[Task]:
    """Leaders and the office follow every task; a department the tasks it leads or
    co-operates on."""
    qs = tracked_tasks()
    if roles.has_role(user, *TRACKERS):
        return qs
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        mine = Task.partners.through.objects.filter(department_id=user.department_id)
        return qs.filter(Q(lead_id=user.department_id) | Q(pk__in=mine.values("task_id")))
    return qs.none()


def task_for_user(user, pk: int) -> Task:
    try:
        return (
            tasks_visible_to(user)
            .select_related("plan__number", "section", "lead", "done_by")
            .get(pk=pk)
        )
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def soon_limit(today: dt.date) -> dt.date:
    return WorkingCalendar.load().add_working_days(today, SOON_WORKING_DAYS)


@dataclass(frozen=True)
class TaskFilter:
    q: str = ""
    plan_id: int | None = None
    department_id: int | None = None
    status: str = ""  # open, done, overdue, soon
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    year: int | None = None


def tasks_filtered(qs: QuerySet[Task], f: TaskFilter, today: dt.date) -> QuerySet[Task]:
    if f.q:
        qs = qs.filter(text__fold__contains=search_terms(f.q))
    if f.plan_id:
        qs = qs.filter(plan_id=f.plan_id)
    if f.year:
        qs = qs.filter(plan__year=f.year)
    if f.department_id:
        partner = Task.partners.through.objects.filter(department_id=f.department_id)
        qs = qs.filter(Q(lead_id=f.department_id) | Q(pk__in=partner.values("task_id")))
    if f.status == "open":
        qs = qs.filter(status=TaskStatus.OPEN)
    elif f.status == "done":
        qs = qs.filter(status=TaskStatus.DONE)
    elif f.status == "overdue":
        qs = qs.filter(status=TaskStatus.OPEN, due_date__lt=today)
    elif f.status == "soon":
        qs = qs.filter(status=TaskStatus.OPEN, due_date__gte=today, due_date__lte=soon_limit(today))
    if f.due_from:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_date__lte=f.due_to)
    return qs


def with_follow_up(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Each task with its plan, lead, report and evidence counts and its last report's
    text: the tracking table's row in one query."""
    last = TaskReport.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk")
    evidence = (
        TaskEvidence.objects.filter(report__task=OuterRef("pk"))
        .order_by()
        .values("report__task")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reports = (
        TaskReport.objects.filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related("plan__number", "lead").annotate(
        report_count=Subquery(reports),
        evidence_count=Subquery(evidence),
        last_report=Subquery(last.values("text")[:1]),
    )


def lateness(task: Task, today: dt.date) -> int | None:
    """Days past the deadline of an open task (calendar days, as the review says 'chậm
    N ngày'); a done task, how late it was done; None when not late."""
    if task.due_date is None:
        return None
    end = task.done_at.date() if task.status == TaskStatus.DONE and task.done_at else today
    days = (end - task.due_date).days
    return days if days > 0 else None


@dataclass(frozen=True)
class TaskCounts:
    overdue: int
    soon: int
    open: int


def task_counts(user, today: dt.date) -> TaskCounts:
    """Overdue, due-soon and open tasks the user follows, in one query."""
    qs = tasks_visible_to(user).filter(status=TaskStatus.OPEN)
    row = qs.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon_limit(today))),
        open=Count("pk"),
    )
    return TaskCounts(**row)


def review_tasks(year: int) -> QuerySet[Task]:
    """The quarterly review (kiểm điểm hàng quý): every task of the year's issued plans."""
    return with_follow_up(
        tracked_tasks()
        .filter(plan__year=year)
        .order_by("plan__number__number", "plan_id", "order", "pk")
    )

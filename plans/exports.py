"""Spreadsheets of the ward plans: a plan's task table, and the tracking table of the
tasks of issued plans (a background export kind above the threshold)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import selectors
from plans.documents import lead_name, outline, partner_names
from plans.models import Plan, Section, Task
from plans.timing import timing_text
from portal import export_jobs, roles
from portal.exports import Sheet, export_rows, percentage

TASK_LIST_KIND = "plans.task_list"
TASK_READERS = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT)
PLAN_WIDTHS = [6, 40, 60, 26, 40, 26, 12, 14, 10, 16, 50]
TRACKING_WIDTHS = [16, 40, 60, 26, 40, 12, 14, 10, 10, 10, 16, 50, 10]


# --- The sections as printed -------------------------------------------------------------


def sections_in_print_order(plan: Plan) -> list[tuple[Section, str]]:
    """Each section of the plan, depth-first as the plan prints it, with its printed
    number ("I.", "1.", "1.1.", "a/", or "" for an unnumbered one)."""
    children: dict[int | None, list[Section]] = {}
    for section in plan.sections.order_by("order", "pk"):
        children.setdefault(section.parent_id, []).append(section)
    ordered: list[Section] = []

    def walk(parent_id: int | None) -> None:
        for section in children.get(parent_id, []):
            ordered.append(section)
            walk(section.pk)

    walk(None)
    blocks = outline(plan)  # the same walk, numbered as the plan prints it
    return [(s, b.number) for s, b in zip(ordered, blocks, strict=True)]


def section_label(section: Section, number: str) -> str:
    return f"{number} {section.heading}".strip()


# --- A plan's task table ------------------------------------------------------------------


def plan_tasks_filename(plan: Plan) -> str:
    name = plan.number.symbol.replace("/", "-") if plan.number_id else f"du-thao-{plan.pk}"
    return f"nhiem-vu-ke-hoach-{name}.xlsx"


def plan_tasks_sheet(plan: Plan) -> Sheet:
    """The plan's tasks in the order it prints them, with their follow-up."""
    sections = sections_in_print_order(plan)
    place = {s.pk: i for i, (s, _number) in enumerate(sections)}
    labels = {s.pk: section_label(s, number) for s, number in sections}
    tasks = sorted(
        selectors.with_follow_up(Task.objects.filter(plan=plan))
        .prefetch_related("partners", "partner_organisations")
        .order_by("order", "pk"),
        key=lambda t: place.get(t.section_id, len(place)),  # stable: order, pk kept
    )
    number = plan.number.symbol if plan.number_id else _("draft, not yet issued")
    header = [
        _("No."), _("Section"), _("Task"), _("Lead unit"), _("Co-operating units"),
        _("Implementation time"), _("Deadline"), _("Status"), _("Progress (%)"), _("Last reported"),
        _("Last report"),
    ]  # fmt: skip
    rows = [
        [
            i,
            labels.get(task.section_id, ""),
            task.text,
            lead_name(task),
            partner_names(task),
            timing_text(task.timing, task.due_date),
            task.due_date,
            task.get_status_display(),
            percentage(task.percent),
            task.last_report_at,
            task.last_report or "",
        ]
        for i, task in enumerate(tasks, start=1)
    ]
    return Sheet(
        title=_("Plan tasks"),
        preamble=[
            _("Tasks of the plan: %(title)s") % {"title": plan.title},
            _("Plan number: %(number)s") % {"number": number},
        ],
        header=header,
        rows=rows,
        widths=PLAN_WIDTHS,
    )


# --- The tracking table -------------------------------------------------------------------


def _tracking_filename(params: dict) -> str:
    return f"theo-doi-nhiem-vu-{timezone.localdate():%Y%m%d}.xlsx"


def task_filter(params: dict | None) -> selectors.TaskFilter:
    """The tracking table's filters (a query string, or a background job's params)."""
    from plans.forms import TaskFilterForm

    return TaskFilterForm(params or None).criteria()


@export_jobs.kind(TASK_LIST_KIND, filename=_tracking_filename)
def task_list_export(params: dict, user) -> tuple[list[Sheet], int]:
    """The tracking table of the tasks the list shows with these filters, as `user`
    follows them now (checked again when a background job builds it)."""
    if not roles.has_role(user, *TASK_READERS):
        raise PermissionDenied
    today = timezone.localdate()
    qs = selectors.tasks_filtered(selectors.tasks_visible_to(user), task_filter(params), today)
    return [tracking_sheet(qs, today)], qs.count()


def tracking_sheet(qs: QuerySet[Task], today: dt.date) -> Sheet:
    header = [
        _("Plan number"), _("Plan"), _("Task"), _("Lead unit"), _("Co-operating units"),
        _("Deadline"), _("Status"), _("Progress (%)"), _("Reports"), _("Evidence files"),
        _("Last reported"), _("Last report"), _("Days late"),
    ]  # fmt: skip
    return Sheet(
        title=_("Task follow-up"),
        preamble=[
            _("Task follow-up"),
            _("As of %(date)s") % {"date": f"{today:%d/%m/%Y}"},
        ],
        header=header,
        rows=_tracking_rows(qs, today),
        widths=TRACKING_WIDTHS,
    )


def _tracking_rows(qs: QuerySet[Task], today: dt.date) -> Iterator[list]:
    qs = (
        selectors.with_follow_up(qs)
        .prefetch_related("partners", "partner_organisations")
        .order_by("status", "due_date", "plan_id", "pk")
    )
    for task in export_rows(qs):
        plan = task.plan
        yield [
            plan.number.symbol if plan.number_id else "",
            plan.title,
            task.text,
            lead_name(task),
            partner_names(task),
            task.due_date,
            task.get_status_display(),
            percentage(task.percent),
            task.report_count or 0,
            task.evidence_count or 0,
            task.last_report_at,
            task.last_report or "",
            selectors.lateness(task, today),
        ]

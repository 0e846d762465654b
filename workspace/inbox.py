"""Việc chờ tôi: what waits for this user, by role, each tray with its count, its first
items and the list that holds them all. Two queries a tray (one for the menu's count),
whatever the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from assessments.models import Item as AssessmentItem
from assessments.selectors import overdue_items
from dialogues.models import DialoguePlan, Opinion
from dialogues.selectors import opinions_visible_to
from onestop.models import ApologyLetter, Case
from onestop.selectors import apology_letters_visible_to, cases_visible_to
from plans.models import Plan, Task, TaskStatus
from plans.selectors import soon_limit, tasks_visible_to
from portal import roles
from reports.models import Report

SHOWN = 5
COUNT_TTL = 60  # seconds the menu's count may lag behind


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    day: dt.date | None = None
    note: str = ""
    late: bool = False


@dataclass
class Tray:
    key: str
    title: str | Promise
    url: str
    count: int = 0
    items: list[Item] = field(default_factory=list)


def _list(name: str, **params) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


def _case(case: Case, today: dt.date) -> Item:
    return Item(
        label=f"{case.receipt_code} · {case.applicant_name}",
        url=reverse("onestop:case_detail", args=[case.receipt_code]),
        day=case.due_date,
        note=case.procedure.name,
        late=case.is_open and case.due_date < today,
    )


def _letter(letter: ApologyLetter, today: dt.date) -> Item:
    return Item(
        label=f"{letter.case.receipt_code} · {letter.case.applicant_name}",
        url=reverse("onestop:apology_detail", args=[letter.pk]),
        day=letter.missed_due_date,
        note=letter.department.name if letter.department_id else "",
    )


def _opinion(opinion: Opinion, today: dt.date) -> Item:
    return Item(
        label=Truncator(opinion.content).chars(90),
        url=reverse("dialogues:opinion_detail", args=[opinion.pk]),
        day=opinion.due_date or timezone.localdate(opinion.created_at),
        note=opinion.citizen_name,
        late=bool(opinion.due_date and opinion.due_date < today),
    )


def _plan(plan: DialoguePlan, today: dt.date) -> Item:
    return Item(label=plan.title, url=reverse("dialogues:plan_detail", args=[plan.pk]))


def _ward_plan(plan: Plan, today: dt.date) -> Item:
    return Item(label=plan.title, url=reverse("plans:plan_detail", args=[plan.pk]))


def _task(task: Task, today: dt.date) -> Item:
    return Item(
        label=Truncator(task.text).chars(90),
        url=reverse("plans:task_detail", args=[task.pk]),
        day=task.due_date,
        note=task.lead_label or (task.lead.name if task.lead_id else ""),
        late=bool(task.due_date and task.due_date < today),
    )


def _assessment_item(item: AssessmentItem, today: dt.date) -> Item:
    return Item(
        label=f"{item.sub.code} {Truncator(item.sub.text).chars(80)}",
        url=reverse("assessments:item_detail", args=[item.pk]),
        day=item.round.departments_due if item.self_score is None else item.round.office_due,
        late=True,
    )


def _report(report: Report, today: dt.date) -> Item:
    return Item(label=report.subject, url=reverse("reports:detail", args=[report.pk]))


def _fill(tray: Tray, qs: QuerySet, item, today: dt.date, items: bool) -> Tray:
    tray.count = qs.count()
    if items:  # even when empty: the page's queries stay the same whatever the data
        tray.items = [item(obj, today) for obj in qs[:SHOWN]]
    return tray


def inbox(user, *, today: dt.date | None = None, items: bool = True) -> list[Tray]:
    """The trays of every role the user holds, in a fixed order (`items=False`: the
    counts only, one query a tray)."""
    today = today or timezone.localdate()
    trays: list[Tray] = []
    cases = cases_visible_to(user).select_related("procedure").order_by("due_date", "pk")
    letters = apology_letters_visible_to(user).order_by("missed_due_date", "pk")
    opinions = opinions_visible_to(user).order_by("due_date", "created_at", "pk")
    # Open tasks due within a few working days or late, the most urgent first.
    tasks_due = (
        tasks_visible_to(user)
        .filter(status=TaskStatus.OPEN, due_date__lte=soon_limit(today))
        .select_related("lead")
        .order_by("due_date", "pk")
    )

    def add(key, title, url, qs, item):
        trays.append(_fill(Tray(key, title, url), qs, item, today, items))

    if roles.has_role(user, roles.LEADER):
        add(
            "plans_to_approve",
            _("Plans to approve"),
            _list("dialogues:plan_list", status=DialoguePlan.Status.SUBMITTED),
            DialoguePlan.objects.filter(status=DialoguePlan.Status.SUBMITTED).order_by("pk"),
            _plan,
        )
        add(
            "ward_plans_to_approve",
            _("Ward plans to approve"),
            _list("plans:plan_list", status=Plan.Status.SUBMITTED),
            Plan.objects.filter(status=Plan.Status.SUBMITTED).order_by("pk"),
            _ward_plan,
        )
        add(
            "letters_to_sign",
            _("Apology letters to sign"),
            _list("onestop:apology_list", status="to_sign"),
            letters.filter(status=ApologyLetter.Status.DRAFT).exclude(reason=""),
            _letter,
        )
        add(
            "answers_to_approve",
            _("Answers to approve"),
            _list("dialogues:opinion_list", status=Opinion.Status.DRAFTED),
            opinions.filter(status=Opinion.Status.DRAFTED),
            _opinion,
        )
        add(
            "reports_to_approve",
            _("Reports to approve"),
            _list("reports:list", status=Report.Status.SUBMITTED),
            Report.objects.filter(status=Report.Status.SUBMITTED).order_by("pk"),
            _report,
        )
    if roles.has_role(user, roles.OFFICE):
        add(
            "opinions_to_classify",
            _("Opinions to classify"),
            _list("dialogues:opinion_list", status=Opinion.Status.NEW),
            opinions.filter(status=Opinion.Status.NEW),
            _opinion,
        )
        add(
            "plans_to_issue",
            _("Approved plans to issue"),
            _list("dialogues:plan_list", status=DialoguePlan.Status.APPROVED),
            DialoguePlan.objects.filter(status=DialoguePlan.Status.APPROVED).order_by("pk"),
            _plan,
        )
        add(
            "ward_plans_to_finish",
            _("Ward plans approved to issue, or returned"),
            _list("plans:plan_list"),
            Plan.objects.filter(
                Q(status=Plan.Status.APPROVED) | Q(status=Plan.Status.DRAFT) & ~Q(return_comment="")
            ).order_by("pk"),
            _ward_plan,
        )
        add(
            "reports_back",
            _("Reports returned or approved, to finish"),
            _list("reports:list"),
            Report.objects.filter(
                status__in=(Report.Status.RETURNED, Report.Status.APPROVED)
            ).order_by("pk"),
            _report,
        )
    if roles.has_role(user, roles.LEADER, roles.OFFICE):
        add(
            "tasks_late",
            _("Plan tasks late or due soon"),
            _list("plans:task_list", status="overdue"),
            tasks_due,
            _task,
        )
    if roles.has_role(user, roles.OFFICE, roles.DEPARTMENT):
        add(
            "assessment_overdue",
            _("Self-assessment items past their deadline"),
            _list("assessments:my_items", todo="1"),
            overdue_items(user, today=today),
            _assessment_item,
        )
    if roles.has_role(user, roles.DESK):
        add(
            "to_forward",
            _("Dossiers to forward"),
            _list("onestop:case_list", status=Case.Status.RECEIVED),
            cases.filter(status=Case.Status.RECEIVED),
            _case,
        )
        add(
            "to_return",
            _("Results to return"),
            _list("onestop:case_list", status=Case.Status.APPROVED),
            cases.filter(
                status__in=(Case.Status.APPROVED, Case.Status.REFUSED), returned_at__isnull=True
            ),
            _case,
        )
        add(
            "letters_to_deliver",
            _("Apology letters to deliver"),
            _list("onestop:apology_list", status=ApologyLetter.Status.SIGNED),
            letters.filter(status=ApologyLetter.Status.SIGNED),
            _letter,
        )
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        add(
            "to_process",
            _("Dossiers to process"),
            _list("onestop:case_list", status=Case.Status.IN_PROGRESS),
            cases.filter(status=Case.Status.IN_PROGRESS, department_id=user.department_id),
            _case,
        )
        add(
            "opinions_to_answer",
            _("Opinions to answer"),
            _list("dialogues:opinion_list", status=Opinion.Status.ASSIGNED),
            opinions.filter(status=Opinion.Status.ASSIGNED, department_id=user.department_id),
            _opinion,
        )
        add(
            "tasks_due",
            _("Plan tasks due"),
            _list("plans:task_list", status="open"),
            tasks_due,
            _task,
        )
        add(
            "letters_need_reason",
            _("Apology letters needing a reason"),
            _list("onestop:apology_list", status=ApologyLetter.Status.DRAFT),
            letters.filter(
                status=ApologyLetter.Status.DRAFT, reason="", department_id=user.department_id
            ),
            _letter,
        )
    return trays


def inbox_count(user) -> int:
    """The menu's badge: everything waiting, cached a minute per user."""
    key = f"workspace:inbox-count:{user.pk}"
    count = cache.get(key)
    if count is None:
        count = sum(t.count for t in inbox(user, items=False))
        cache.set(key, count, COUNT_TTL)
    return count

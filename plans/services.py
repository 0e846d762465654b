"""Writes on ward plans: drafting the tree, the approval workflow, issuing, and the
follow-up of the tasks (progress reports, evidence, done, reminders)."""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import (
    Plan,
    PlanStatus,
    Section,
    Task,
    TaskEvidence,
    TaskReminder,
    TaskReport,
    TaskStatus,
    TaskTiming,
)
from plans.timing import first_deadline, quarter_end, quarter_start
from portal import roles
from portal.calendar import WorkingCalendar
from portal.document_types import document_type
from portal.files import file_save_on_commit
from portal.services import document_number_issue, notify

REMIND_WORKING_DAYS = 3  # the lead unit is reminded this many working days before
# The files of one report together: they travel in one request, which staff may make up
# to PORTAL_STAFF_MAX_BODY (6 MB, nginx's limit too) with the form around them.
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_MAX_FILES = 5
# Evidence a ward keeps: PDF, images, Word and Excel. Checked by extension and by the
# file's first bytes, so a renamed executable is refused.
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}


def move_year(text: str, old: int, new: int) -> str:
    """'năm 2024' becomes 'năm 2025', '6/2024' becomes '6/2025'; the dates of cited
    documents (27/02/2024) stay."""
    text = re.sub(rf"(năm\s+){old}\b", rf"\g<1>{new}", text, flags=re.IGNORECASE)
    return re.sub(rf"(tháng\s+\d{{1,2}}\s*/\s*){old}\b", rf"\g<1>{new}", text, flags=re.IGNORECASE)


def _shift_date(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Drafting ---------------------------------------------------------------------------


def _editable(plan: Plan) -> None:
    if not plan.editable:
        raise ValidationError(
            _("An issued or approved plan is read-only; start a revision instead.")
        )


def _next_order(qs) -> int:
    return (qs.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def section_add(
    *, plan: Plan, heading: str, parent: Section | None = None, body: str = "", **fields
) -> Section:
    _editable(plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(_("That section belongs to another plan."))
    siblings = Section.objects.filter(plan=plan, parent=parent)
    section = Section(
        plan=plan, parent=parent, heading=heading, body=body, order=_next_order(siblings), **fields
    )
    section.full_clean()
    section.save()
    return section


def section_move(*, section: Section, up: bool) -> None:
    """Swap a section with its neighbour among its siblings."""
    _editable(section.plan)
    siblings = list(Section.objects.filter(plan_id=section.plan_id, parent_id=section.parent_id))
    _swap(siblings, section, up)


def task_move(*, task: Task, up: bool) -> None:
    _editable(task.plan)
    _swap(list(Task.objects.filter(section_id=task.section_id)), task, up)


def _swap(rows: list, row, up: bool) -> None:
    at = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(rows):
        rows[at], rows[other] = rows[other], rows[at]
    with transaction.atomic():
        for position, r in enumerate(rows, start=1):
            if r.order != position:
                type(r).objects.filter(pk=r.pk).update(order=position)


def section_delete(*, section: Section) -> None:
    """A section goes with its subsections and tasks."""
    _editable(section.plan)
    section.delete()


@transaction.atomic
def task_add(
    *,
    section: Section,
    text: str,
    partners=(),
    partner_organisations=(),
    **fields,
) -> Task:
    _editable(section.plan)
    task = Task(
        plan_id=section.plan_id,
        section=section,
        text=text,
        order=_next_order(Task.objects.filter(section=section)),
        **fields,
    )
    task.full_clean()
    task.save()
    task.partners.set(partners)
    task.partner_organisations.set(partner_organisations)
    return task


def task_delete(*, task: Task) -> None:
    _editable(task.plan)
    task.delete()


# --- Workflow -----------------------------------------------------------------------


# The workflow of every plan (plans.models.PlanDocument): a ward plan and a dialogue plan
# (dialogues.services) take these steps alike.


def transition(plan, allowed: tuple[str, ...], action: str):
    """The plan locked for the step, or a message when its state does not allow it."""
    plan = type(plan).objects.select_for_update().get(pk=plan.pk)
    if plan.status not in allowed:
        raise ValidationError(
            _("Cannot %(action)s a plan that is %(status)s.")
            % {"action": action, "status": plan.get_status_display()}
        )
    return plan


def _leader_only(actor) -> None:
    if not roles.has_role(actor, roles.LEADER):
        raise ValidationError(_("Only the chairman or a vice-chairman can approve a plan."))


@transaction.atomic
def plan_submit(*, plan: Plan, actor) -> Plan:
    plan = transition(plan, (PlanStatus.DRAFT,), _("submit"))
    if not plan.title.strip() or not plan.sections.exists():
        raise ValidationError(_("A plan needs at least its subject and one section."))
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_approve(*, plan, actor):
    _leader_only(actor)
    plan = transition(plan, (PlanStatus.SUBMITTED,), _("approve"))
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.return_comment = ""
    if plan.signer is None:
        plan.signer = actor
    plan.save()
    return plan


@transaction.atomic
def plan_return(*, plan, actor, comment: str):
    """A leader sends a submitted plan back to the office, saying what to change."""
    _leader_only(actor)
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what should be changed."))
    plan = transition(plan, (PlanStatus.SUBMITTED,), _("return"))
    plan.status = PlanStatus.DRAFT
    plan.return_comment = comment
    plan.save(update_fields=["status", "return_comment", "updated_at"])
    notify(
        recipients=[plan.created_by] if plan.created_by else [],
        message=_("Plan returned: %(title)s. %(comment)s")
        % {"title": plan.title, "comment": comment},
        url=plan.get_absolute_url(),
    )
    return plan


def issue_number(plan, actor):
    """Number and date an approved plan (inside the caller's transaction); from now on it
    is read-only, and an issued plan it revises is superseded."""
    if not roles.has_role(actor, roles.OFFICE):
        raise PermissionDenied
    plan = transition(plan, (PlanStatus.APPROVED,), _("issue"))
    plan.number = document_number_issue(
        doc_type=document_type("KH"), subject=plan.title, issued_by=actor
    )
    plan.issued_on = plan.number.issued_on
    plan.status = PlanStatus.ISSUED
    plan.save()
    if plan.supersedes_id:
        type(plan).objects.filter(pk=plan.supersedes_id).update(status=PlanStatus.SUPERSEDED)
    return plan


@transaction.atomic
def plan_issue(*, plan: Plan, actor) -> Plan:
    """Issue the plan; its tasks are followed up from now on, and the open tasks of the
    plan it revises are not any more."""
    plan = issue_number(plan, actor)
    # Every quarterly task awaits the report of the quarter the plan is issued in.
    Task.objects.filter(plan=plan, timing=TaskTiming.QUARTERLY).update(
        due_date=first_deadline(TaskTiming.QUARTERLY, None, plan.issued_on)
    )
    leads = {t.lead_id for t in plan.tasks.all() if t.lead_id}
    notify(
        recipients=_department_users(leads),
        message=_("Plan %(number)s issued: your unit leads tasks in it.")
        % {"number": plan.number.symbol},
        url=reverse("plans:task_list"),
    )
    return plan


@transaction.atomic
def plan_copy(*, plan: Plan, actor, year: int | None = None) -> Plan:
    """A new draft holding everything `plan` holds, its year, texts and deadlines moved
    to `year` (default: the next year). The legal basis cites earlier documents by their
    own dates and is copied as it is."""
    year = year or plan.year + 1
    shift = year - plan.year
    new = Plan.objects.create(
        year=year,
        title=move_year(plan.title, plan.year, year),
        legal_basis=plan.legal_basis,
        introduction=move_year(plan.introduction, plan.year, year),
        closing=move_year(plan.closing, plan.year, year),
        recipients=plan.recipients,
        signer=plan.signer,
        signer_authority=plan.signer_authority,
        copied_from=plan,
        created_by=actor,
    )
    sections: dict[int, Section] = {}
    # A parent is copied before its children: rounds until every section is placed.
    pending = list(Section.objects.filter(plan=plan).order_by("order", "pk"))
    while pending:
        rest = []
        for section in pending:
            if section.parent_id and section.parent_id not in sections:
                rest.append(section)
                continue
            old_pk = section.pk
            section.pk = None
            section.plan = new
            section.parent = sections.get(section.parent_id)
            section.heading = move_year(section.heading, plan.year, year)
            section.body = move_year(section.body, plan.year, year)
            section.save()
            sections[old_pk] = section
        pending = rest
    for task in Task.objects.filter(plan=plan).prefetch_related(
        "partners", "partner_organisations"
    ):
        partners, organisations = list(task.partners.all()), list(task.partner_organisations.all())
        copy = Task.objects.create(
            plan=new,
            section=sections[task.section_id],
            order=task.order,
            text=move_year(task.text, plan.year, year),
            lead=task.lead,
            lead_label=task.lead_label,
            partners_text=task.partners_text,
            timing=task.timing,
            due_date=None
            if task.timing in (TaskTiming.QUARTERLY, TaskTiming.REGULAR)
            else _shift_date(task.due_date, shift),
            print_text=task.print_text,
            print_details=task.print_details,
        )
        copy.partners.set(partners)
        copy.partner_organisations.set(organisations)
    return new


@transaction.atomic
def plan_revise(*, plan: Plan, actor) -> Plan:
    """Start a revision of an issued plan: a new draft that will supersede it."""
    if plan.status != PlanStatus.ISSUED:
        raise ValidationError(_("Only an issued plan can be revised."))
    if plan.revisions.exclude(status=PlanStatus.SUPERSEDED).exists():
        raise ValidationError(_("A revision of this plan is already being prepared."))
    new = plan_copy(plan=plan, actor=actor, year=plan.year)
    new.supersedes = plan
    new.save(update_fields=["supersedes"])
    return new


# --- Follow-up ----------------------------------------------------------------------


def _department_users(department_ids) -> list:
    from portal.models import User

    return list(
        User.objects.filter(
            department_id__in=list(department_ids),
            groups__name=roles.DEPARTMENT,
            is_active=True,
        ).distinct()
    )


def task_units(task: Task) -> set[int]:
    """The departments that may report on a task: its lead and its partners."""
    units = {d.pk for d in task.partners.all()}
    if task.lead_id:
        units.add(task.lead_id)
    return units


def may_report(user, task: Task) -> bool:
    if task.plan.status != PlanStatus.ISSUED or task.status == TaskStatus.DONE:
        return False
    if roles.has_role(user, roles.OFFICE):
        return True
    return (
        roles.has_role(user, roles.DEPARTMENT)
        and user.department_id is not None
        and user.department_id in task_units(task)
    )


def may_close(user, task: Task) -> bool:
    """The lead unit marks its task done (the office for a task without a lead)."""
    if task.plan.status != PlanStatus.ISSUED or task.status == TaskStatus.DONE:
        return False
    if roles.has_role(user, roles.OFFICE):
        return True
    return (
        roles.has_role(user, roles.DEPARTMENT)
        and task.lead_id is not None
        and user.department_id == task.lead_id
    )


@dataclass
class Upload:
    name: str
    content: bytes


def evidence_check(uploads: list) -> list[Upload]:
    """The uploaded files, read and checked: at most EVIDENCE_MAX_FILES, each at most
    EVIDENCE_MAX_BYTES, of a kind a ward keeps (by extension and first bytes)."""
    if len(uploads) > EVIDENCE_MAX_FILES:
        raise ValidationError(
            _("Attach at most %(n)d files.") % {"n": EVIDENCE_MAX_FILES}, code="files"
        )
    if sum(upload.size for upload in uploads) > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The files together are larger than %(mb)d MB; send fewer or smaller files.")
            % {"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
    checked = []
    for upload in uploads:
        name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "file"
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(
                _("%(name)s is larger than %(mb)d MB.")
                % {"name": name, "mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}
            )
        extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        content = upload.read()
        signatures = EVIDENCE_TYPES.get(extension)
        if not signatures or not content.startswith(signatures):
            raise ValidationError(
                _("%(name)s is not a PDF, image, Word or Excel file.") % {"name": name}
            )
        checked.append(Upload(name=name, content=content))
    return checked


@transaction.atomic
def task_report(
    *,
    task: Task,
    actor,
    text: str,
    percent: int | None = None,
    done: bool = False,
    files: list[Upload] = (),
    today: dt.date | None = None,
) -> TaskReport:
    """A unit reports progress on a task. A quarterly task's report answers the quarter
    awaited, and the next quarter is awaited from then on."""
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if not may_report(actor, task):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what has been done.")})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Enter a percentage from 0 to 100.")})
    today = today or timezone.localdate()
    department_id = actor.department_id
    if department_id not in task_units(task):
        department_id = task.lead_id or actor.department_id
    if department_id is None:
        raise ValidationError(_("This task has no lead unit to report for."))
    quarter = None
    if task.timing == TaskTiming.QUARTERLY and task.due_date:
        quarter = quarter_start(task.due_date)
    report = TaskReport.objects.create(
        task=task,
        department_id=department_id,
        quarter=quarter,
        text=text,
        percent=100 if done else percent,
        done=done,
        created_by=actor,
    )
    for upload in files:
        evidence = TaskEvidence.objects.create(
            report=report,
            name=upload.name,
            size=len(upload.content),
            content_type=mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
        )
        # Written once the report commits: a rolled-back report leaves no file behind.
        file_save_on_commit(evidence, "file", upload.name, upload.content)
    fields = ["last_report_at"]
    task.last_report_at = report.created_at
    if report.percent is not None:
        task.percent = report.percent
        fields.append("percent")
    if quarter is not None:
        task.due_date = quarter_end(quarter + dt.timedelta(days=100))
        fields.append("due_date")
    task.save(update_fields=fields)
    if done and may_close(actor, task):
        _close(task, actor)
    elif done and task.lead_id:
        notify(
            recipients=_department_users([task.lead_id]),
            message=_("A unit reports a task done: %(task)s") % {"task": task.text[:200]},
            url=reverse("plans:task_detail", args=[task.pk]),
        )
    return report


def _close(task: Task, actor) -> None:
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.done_by = actor
    task.percent = 100
    task.save(update_fields=["status", "done_at", "done_by", "percent"])


@transaction.atomic
def task_mark_done(*, task: Task, actor) -> Task:
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if not may_close(actor, task):
        raise PermissionDenied
    _close(task, actor)
    return task


@transaction.atomic
def task_reopen(*, task: Task, actor) -> Task:
    """The office re-opens a task marked done by mistake."""
    if not roles.has_role(actor, roles.OFFICE):
        raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.status = TaskStatus.OPEN
    task.done_at = None
    task.done_by = None
    task.save(update_fields=["status", "done_at", "done_by"])
    return task


def reminders_send(today: dt.date | None = None) -> int:
    """Remind each lead unit of its open tasks of issued plans: once a few working days
    before the deadline, once when it is past. One row per task, kind and deadline makes
    a repeated run send nothing twice."""
    today = today or timezone.localdate()
    soon = WorkingCalendar.load().add_working_days(today, REMIND_WORKING_DAYS)
    open_tasks = Task.objects.filter(
        plan__status=PlanStatus.ISSUED,
        status=TaskStatus.OPEN,
        due_date__isnull=False,
        lead__isnull=False,
        due_date__lte=soon,
    ).select_related("plan__number")
    sent = 0
    for task in open_tasks.iterator():
        kind = TaskReminder.Kind.LATE if task.due_date < today else TaskReminder.Kind.SOON
        try:
            with transaction.atomic():
                TaskReminder.objects.create(task=task, kind=kind, due_date=task.due_date)
                if kind == TaskReminder.Kind.LATE:
                    message = _("Task late since %(date)s: %(task)s")
                else:
                    message = _("Task due on %(date)s: %(task)s")
                notify(
                    recipients=_department_users([task.lead_id]),
                    message=message
                    % {"date": f"{task.due_date:%d/%m/%Y}", "task": task.text[:200]},
                    url=reverse("plans:task_detail", args=[task.pk]),
                )
        except IntegrityError:
            continue  # sent by an earlier run
        sent += 1
    return sent

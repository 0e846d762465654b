"""Ward plans: the list, the plan with its outline, the editor by section and task, the
workflow steps, and the follow-up of the tasks of issued plans."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import selectors, services
from plans.documents import outline, render_plan
from plans.forms import PlanForm, ReportForm, ReturnForm, SectionForm, TaskFilterForm, TaskForm
from plans.models import Plan, PlanStatus, Section, Task, TaskEvidence
from portal import roles
from portal.documents import pdf_response
from portal.files import private_file_response
from portal.forms import errors_onto, year_param
from portal.search import search_terms

PLAN_READERS = selectors.PLAN_READERS
TASK_READERS = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT)


# --- Plans -----------------------------------------------------------------------------


@roles.role_required(*PLAN_READERS)
def plan_list(request):
    q = request.GET.get("q", "").strip()
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    qs = selectors.plans_visible_to(request.user).select_related("number")
    if q:
        qs = qs.filter(title__fold__contains=search_terms(q))
    if year_param(year):
        qs = qs.filter(year=year_param(year))
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "q": q,
            "year": year,
            "status": status,
            "statuses": PlanStatus.choices,
            "query": query.urlencode(),
            "can_edit": roles.has_role(request.user, roles.OFFICE),
        },
    )


@roles.role_required(roles.OFFICE)
def plan_new(request):
    form = PlanForm(
        request.POST or None,
        initial={"year": timezone.localdate().year, "recipients": "Lưu: VT."},
    )
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        messages.success(request, _("Plan created. Now add its sections and tasks."))
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


def _editable_plan(request, pk) -> Plan:
    plan = get_object_or_404(Plan, pk=pk)
    if not plan.editable:
        raise ValidationError(
            _("An issued or approved plan is read-only; start a revision instead.")
        )
    return plan


def _refused(request, exc: ValidationError, plan_pk: int):
    messages.error(request, " ".join(exc.messages))
    return redirect("plans:plan_detail", pk=plan_pk)


@roles.role_required(roles.OFFICE)
def plan_edit(request, pk):
    try:
        plan = _editable_plan(request, pk)
    except ValidationError as exc:
        return _refused(request, exc, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved: %(part)s.") % {"part": _("the plan's general part")})
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@roles.role_required(*PLAN_READERS)
def plan_detail(request, pk):
    plan = selectors.plan_for_user(request.user, pk)
    user = request.user
    blocks = outline(plan)
    sections = {s.pk: s for s in plan.sections.all()}
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("lead")
        .prefetch_related("partners", "partner_organisations")
        .order_by("order", "pk")
    )
    by_section: dict[int, list[Task]] = {}
    for task in tasks:
        by_section.setdefault(task.section_id, []).append(task)
    # The outline as the editor shows it: each printed block with its section and tasks.
    ordered = _sections_in_print_order(sections)
    rows = [
        {"block": block, "section": section, "tasks": by_section.get(section.pk, [])}
        for block, section in zip(blocks, ordered, strict=True)
    ]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "task_count": len(tasks),
            "is_office": roles.has_role(user, roles.OFFICE),
            "is_leader": roles.has_role(user, roles.LEADER),
        },
    )


def _sections_in_print_order(sections: dict[int, Section]) -> list[Section]:
    children: dict[int | None, list[Section]] = {}
    for section in sorted(sections.values(), key=lambda s: (s.order, s.pk)):
        children.setdefault(section.parent_id, []).append(section)
    out: list[Section] = []

    def walk(parent_id):
        for section in children.get(parent_id, []):
            out.append(section)
            walk(section.pk)

    walk(None)
    return out


@roles.role_required(*PLAN_READERS)
def plan_pdf(request, pk):
    plan = selectors.plan_for_user(request.user, pk)
    name = plan.number.symbol.replace("/", "-") if plan.number else f"du-thao-{plan.pk}"
    return pdf_response(render_plan(plan), f"ke-hoach-{name}.pdf")


# One view for the workflow's buttons: who may, what it calls, what it says.
PLAN_STEPS = {
    "submit": (roles.OFFICE, services.plan_submit, _("Submitted to the leaders for approval.")),
    "approve": (roles.LEADER, services.plan_approve, _("Plan approved.")),
    "issue": (roles.OFFICE, services.plan_issue, _("Plan issued and numbered.")),
    "revise": (
        roles.OFFICE,
        services.plan_revise,
        _("A revision was started; once issued it supersedes the plan."),
    ),
    "copy": (
        roles.OFFICE,
        services.plan_copy,
        _("A new draft was made from this plan, with its dates moved to the next year."),
    ),
}


@require_POST
@roles.role_required(roles.OFFICE, roles.LEADER)
def plan_step(request, pk, action):
    role, call, success = PLAN_STEPS[action]
    if not roles.has_role(request.user, role):
        raise PermissionDenied
    plan = get_object_or_404(Plan, pk=pk)
    try:
        result = call(plan=plan, actor=request.user)
    except ValidationError as exc:
        return _refused(request, exc, plan.pk)
    if action == "issue":
        success = _("Plan issued as %(number)s; its tasks are now followed up.") % {
            "number": result.number.symbol
        }
    messages.success(request, success)
    return redirect("plans:plan_detail", pk=result.pk)


@require_POST
@roles.role_required(roles.LEADER)
def plan_return(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should be changed."))
        return redirect("plans:plan_detail", pk=plan.pk)
    try:
        services.plan_return(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        return _refused(request, exc, plan.pk)
    messages.success(request, _("Plan returned to the office with your comment."))
    return redirect("plans:plan_detail", pk=plan.pk)


# --- The editor: one section or one task at a time -------------------------------------


def _section_anchor(plan_pk: int, section_pk: int | None) -> str:
    url = reverse("plans:plan_detail", args=[plan_pk])
    return f"{url}#section-{section_pk}" if section_pk else url


@roles.role_required(roles.OFFICE)
def section_edit(request, pk=None, section_pk=None):
    section = get_object_or_404(Section, pk=section_pk) if section_pk else None
    plan_pk = section.plan_id if section else pk
    try:
        plan = _editable_plan(request, plan_pk)
    except ValidationError as exc:
        return _refused(request, exc, plan_pk)
    initial = {}
    if section is None and (parent := request.GET.get("parent", "")).isdigit():
        initial["parent"] = parent
    form = SectionForm(request.POST or None, instance=section, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if section is None:
                section = services.section_add(
                    plan=plan,
                    parent=data["parent"],
                    heading=data["heading"],
                    body=data["body"],
                    numbering=data["numbering"],
                    inline=data["inline"],
                )
            else:
                moved = section.parent_id != (data["parent"].pk if data["parent"] else None)
                saved = form.save(commit=False)
                if moved:  # the end of its new siblings
                    saved.order = services._next_order(
                        Section.objects.filter(plan=plan, parent=data["parent"])
                    )
                saved.save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved: %(part)s.") % {"part": section.heading})
            return redirect(_section_anchor(plan.pk, section.pk))
    return render(
        request, "plans/section_form.html", {"form": form, "plan": plan, "section": section}
    )


@require_POST
@roles.role_required(roles.OFFICE)
def section_move(request, section_pk):
    section = get_object_or_404(Section.objects.select_related("plan"), pk=section_pk)
    try:
        services.section_move(section=section, up=request.POST.get("direction") == "up")
    except ValidationError as exc:
        return _refused(request, exc, section.plan_id)
    return redirect(_section_anchor(section.plan_id, section.pk))


@require_POST
@roles.role_required(roles.OFFICE)
def section_delete(request, section_pk):
    section = get_object_or_404(Section.objects.select_related("plan"), pk=section_pk)
    try:
        services.section_delete(section=section)
    except ValidationError as exc:
        return _refused(request, exc, section.plan_id)
    messages.success(request, _("Section deleted: %(heading)s.") % {"heading": section.heading})
    return redirect("plans:plan_detail", pk=section.plan_id)


@roles.role_required(roles.OFFICE)
def task_edit(request, section_pk=None, task_pk=None):
    task = (
        get_object_or_404(Task.objects.select_related("section"), pk=task_pk) if task_pk else None
    )
    section = task.section if task else get_object_or_404(Section, pk=section_pk)
    try:
        plan = _editable_plan(request, section.plan_id)
    except ValidationError as exc:
        return _refused(request, exc, section.plan_id)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if task is None:
            fields = {
                k: v for k, v in data.items() if k not in ("partners", "partner_organisations")
            }
            task = services.task_add(
                section=section,
                partners=data["partners"],
                partner_organisations=data["partner_organisations"],
                **fields,
            )
        else:
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.due_date = data["due_date"]
                saved.save()
                form.save_m2m()
        messages.success(request, _("Task saved."))
        return redirect(_section_anchor(plan.pk, section.pk))
    return render(
        request,
        "plans/task_form.html",
        {"form": form, "plan": plan, "section": section, "task": task},
    )


@require_POST
@roles.role_required(roles.OFFICE)
def task_move(request, task_pk):
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_pk)
    try:
        services.task_move(task=task, up=request.POST.get("direction") == "up")
    except ValidationError as exc:
        return _refused(request, exc, task.plan_id)
    return redirect(_section_anchor(task.plan_id, task.section_id))


@require_POST
@roles.role_required(roles.OFFICE)
def task_delete(request, task_pk):
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_pk)
    try:
        services.task_delete(task=task)
    except ValidationError as exc:
        return _refused(request, exc, task.plan_id)
    messages.success(request, _("Task deleted."))
    return redirect(_section_anchor(task.plan_id, task.section_id))


# --- Follow-up -------------------------------------------------------------------------


@roles.role_required(*TASK_READERS)
def task_list(request):
    """The tracking table: every task the user follows, with its last progress."""
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None)
    qs = selectors.tasks_filtered(selectors.tasks_visible_to(request.user), form.criteria(), today)
    qs = selectors.with_follow_up(qs).order_by(
        "status", F("due_date").asc(nulls_last=True), "plan_id", "pk"
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    for task in page:
        task.late_days = selectors.lateness(task, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/task_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "counts": selectors.task_counts(request.user, today),
        },
    )


def _task_page(request, task: Task, form: ReportForm, status: int = 200):
    reports = task.reports.select_related("department", "created_by").prefetch_related("files")
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "reports": reports,
            "partners": task.partners.all(),
            "organisations": task.partner_organisations.all(),
            "late_days": selectors.lateness(task, timezone.localdate()),
            "form": form,
            "may_report": services.may_report(request.user, task),
            "may_close": services.may_close(request.user, task),
            "is_office": roles.has_role(request.user, roles.OFFICE),
            "max_files": services.EVIDENCE_MAX_FILES,
            "max_mb": services.EVIDENCE_MAX_BYTES // (1024 * 1024),
            "max_bytes": services.EVIDENCE_MAX_BYTES,
        },
        status=status,
    )


@roles.role_required(*TASK_READERS)
def task_detail(request, pk):
    return _task_page(request, selectors.task_for_user(request.user, pk), ReportForm())


@require_POST
@roles.role_required(*TASK_READERS)
def task_report(request, pk):
    """A progress report; on an error the page comes back with what was typed."""
    task = selectors.task_for_user(request.user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            files = services.evidence_check(request.FILES.getlist("files"))
            services.task_report(
                task=task,
                actor=request.user,
                text=form.cleaned_data["text"],
                percent=form.cleaned_data["percent"],
                done=form.cleaned_data["done"],
                files=files,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("plans:task_detail", pk=task.pk)
    return _task_page(request, task, form, status=400)


@require_POST
@roles.role_required(*TASK_READERS)
def task_done(request, pk):
    task = selectors.task_for_user(request.user, pk)
    services.task_mark_done(task=task, actor=request.user)
    messages.success(request, _("Task marked done: %(task)s") % {"task": task.text[:120]})
    return redirect("plans:task_detail", pk=task.pk)


@require_POST
@roles.role_required(roles.OFFICE)
def task_reopen(request, pk):
    task = selectors.task_for_user(request.user, pk)
    services.task_reopen(task=task, actor=request.user)
    messages.success(request, _("Task re-opened."))
    return redirect("plans:task_detail", pk=task.pk)


@roles.role_required(*TASK_READERS)
def evidence_download(request, pk):
    """An evidence file, to those who may see its task."""
    evidence = get_object_or_404(TaskEvidence.objects.select_related("report"), pk=pk)
    selectors.task_for_user(request.user, evidence.report.task_id)  # 404 unless allowed
    return private_file_response(evidence.file, evidence.name, evidence.content_type)

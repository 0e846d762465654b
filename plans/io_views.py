"""Excel in and out of the ward plans' tasks: the tracking table and a plan's task table
as spreadsheets, and the import of a plan's tasks from a filled-in template."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import exports, selectors
from plans.imports import plan_tasks_import as import_tasks
from plans.imports import plan_tasks_template as template_bytes
from plans.models import Plan
from portal import roles
from portal.export_jobs import export_respond
from portal.exports import XLSX_TYPE, xlsx_response
from portal.imports import MAX_FILE_SIZE, MAX_FILE_SIZE_MB

PLAN_READERS = selectors.PLAN_READERS


class TaskImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    section = forms.TypedChoiceField(label=gettext_lazy("Put the tasks in the section"), coerce=int)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        sections = exports.sections_in_print_order(plan)
        self.sections = {s.pk: s for s, _number in sections}
        self.fields["section"].choices = [
            (s.pk, ("\u00a0\u00a0" * _depth(s, self.sections)) + exports.section_label(s, n))
            for s, n in sections
        ]
        top = [s for s, _number in sections if s.parent_id is None]
        if top:
            self.fields["section"].initial = top[-1].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                _("Only Excel .xlsx files can be imported; save the file as .xlsx and try again.")
            )
        if upload.size is not None and upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB.") % {"max": MAX_FILE_SIZE_MB}
            )
        return upload

    def clean_section(self):
        return self.sections[self.cleaned_data["section"]]


def _depth(section, sections) -> int:
    depth, node = 0, section
    while node.parent_id is not None and node.parent_id in sections:
        depth, node = depth + 1, sections[node.parent_id]
    return depth


@transaction.non_atomic_requests  # a long read must not hold the SQLite write lock
@roles.role_required(*exports.TASK_READERS)
def task_list_export(request):
    # Streamed at once, or built in the background above PORTAL_EXPORT_BACKGROUND_ROWS.
    return export_respond(request, kind_key=exports.TASK_LIST_KIND, params=request.GET.dict())


@roles.role_required(*PLAN_READERS)
def plan_tasks_export(request, pk):
    plan = selectors.plan_for_user(request.user, pk)
    return xlsx_response([exports.plan_tasks_sheet(plan)], exports.plan_tasks_filename(plan))


def _editable_or_back(request, plan: Plan):
    if plan.editable:
        return None
    messages.error(request, _("An issued or approved plan is read-only; start a revision instead."))
    return redirect("plans:plan_detail", pk=plan.pk)


@roles.role_required(roles.OFFICE)
def plan_tasks_import(request, pk):
    plan = selectors.plan_for_user(request.user, pk)
    if (back := _editable_or_back(request, plan)) is not None:
        return back
    form = TaskImportForm(request.POST or None, request.FILES or None, plan=plan)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_tasks(section=form.cleaned_data["section"], file=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("Imported %(n)d tasks.") % {"n": result.created})
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/task_import.html",
        {"form": form, "plan": plan, "result": result, "has_sections": bool(form.sections)},
    )


@roles.role_required(roles.OFFICE)
def plan_tasks_template(request, pk):
    plan = selectors.plan_for_user(request.user, pk)
    response = HttpResponse(template_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhiem-vu-ke-hoach-{plan.pk}.xlsx"'
    return response

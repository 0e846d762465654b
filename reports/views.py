"""The office's pages for the periodic report: list, draft, check the figures, and the
workflow steps (submit, approve, return, issue) read from `services.REPORT_STEPS`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import roles
from portal.documents import pdf_response
from portal.exports import xlsx_response
from portal.forms import year_param
from portal.selectors import unique_name_pks
from portal.text import search_terms
from reports import services
from reports.documents import render_report_pdf
from reports.exports import report_sheets
from reports.forms import ReportForm, ReportNewForm
from reports.models import Report

REPORT_ROLES = (roles.LEADER, roles.OFFICE)


def _report(pk: int, *, lock: bool = False) -> Report:
    qs = Report.objects.select_related(
        "number", "signer", "issued_by", "created_by", "approved_by", "returned_by"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    return get_object_or_404(qs, pk=pk)


def _filename(report: Report, ext: str) -> str:
    return f"bao-cao-{report.period_start.isoformat()}-{report.period_end.isoformat()}.{ext}"


# --- List and new ----------------------------------------------------------------------


@roles.role_required(*REPORT_ROLES)
def report_list(request):
    get = request.GET
    year = get.get("year", "").strip()
    kind = get.get("kind", "")
    status = get.get("status", "")
    q = get.get("q", "").strip()
    qs = Report.objects.select_related("number")
    if (number := year_param(year)) is not None:
        qs = qs.filter(Q(period_start__year=number) | Q(period_end__year=number))
    if kind in Report.Kind.values:
        qs = qs.filter(kind=kind)
    if status in Report.Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(subject__fold__contains=search_terms(q))
    page = Paginator(qs.order_by("-period_end", "-period_start", "-pk"), 25).get_page(
        get.get("page")
    )
    query = get.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/report_list.html",
        {
            "page": page,
            "year": year,
            "kind": kind,
            "status": status,
            "q": q,
            "kinds": Report.Kind.choices,
            "statuses": Report.Status.choices,
            "query": query.urlencode(),
        },
    )


@roles.role_required(*REPORT_ROLES)
def report_new(request):
    form = ReportNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = services.report_create(
                start=form.cleaned_data["start"], end=form.cleaned_data["end"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(
                    request,
                    _("Draft report created. Check its figures, then write the assessment."),
                )
            else:
                messages.info(request, _("A report for this period already exists: here it is."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_new.html", {"form": form})


# --- Detail ----------------------------------------------------------------------------


def _with_query(url: str, **params) -> str:
    return f"{url}?{urlencode(params)}"


def _figure_links(report: Report, figures: dict) -> dict:
    """Where each headline figure can be checked: the same list, filtered on the period."""
    start, end = f"{report.period_start:%d/%m/%Y}", f"{report.period_end:%d/%m/%Y}"
    cases = reverse("onestop:case_list")
    opinions = reverse("dialogues:opinion_list")
    received = {"received_from": start, "received_to": end}
    return {
        "cases": _with_query(cases, **received),
        "cases_late": _with_query(cases, **received, due="late_finished"),
        "cases_overdue": _with_query(cases, **received, due="overdue"),
        "case_stats": _with_query(reverse("onestop:case_stats"), date_from=start, date_to=end),
        "opinions": _with_query(opinions, **received),
        "opinions_answered": _with_query(opinions, **received, status="answered"),
        "opinions_out_of_scope": _with_query(opinions, **received, classification="complaint"),
        "opinions_overdue": _with_query(opinions, **received, overdue="1"),
        "coverage": [
            (year, _with_query(reverse("dialogues:coverage"), year=year))
            for year in range(report.period_start.year, report.period_end.year + 1)
        ],
    }


def _rows_with_links(rows: list[dict], pks: dict[str, int], url: str, param: str, extra: dict):
    """Each row of a table by department or field, with a link to the list filtered on it
    (when its name still names exactly one department or field)."""
    return [
        {
            **row,
            "url": _with_query(url, **extra, **{param: pks[row["name"]]})
            if row.get("name") in pks
            else "",
        }
        for row in rows
    ]


def _detail_tables(report: Report, figures: dict) -> dict:
    from portal.models import Department, ProcedureField
    from surveys.models import Survey

    start, end = f"{report.period_start:%d/%m/%Y}", f"{report.period_end:%d/%m/%Y}"
    received = {"received_from": start, "received_to": end}
    cases = reverse("onestop:case_list")
    onestop = figures["onestop"]
    departments = unique_name_pks(Department.objects.all())
    fields = unique_name_pks(ProcedureField.objects.all())
    rounds = Survey.objects.filter(
        opens_on__lte=report.period_end, closes_on__gte=report.period_start
    ).values_list("pk", "title", "opens_on")
    round_pks = {(title, f"{opens_on:%d/%m/%Y}"): pk for pk, title, opens_on in rounds}
    due = figures["sessions"]["coverage"]["due"]
    return {
        "coverage_rows": [
            {"name": row["name"], "cells": list(zip(row["counts"], due, strict=False))}
            for row in figures["sessions"]["coverage"]["rows"]
        ],
        "case_departments": _rows_with_links(
            onestop["by_department"], departments, cases, "department", received
        ),
        "case_fields": _rows_with_links(onestop["by_field"], fields, cases, "field", received),
        "opinion_fields": _rows_with_links(
            figures["opinions"]["by_field"],
            fields,
            reverse("dialogues:opinion_list"),
            "field",
            received,
        ),
        "survey_rounds": [
            {
                **row,
                "url": reverse("surveys:results", args=[round_pks[key]])
                if (key := (row["name"], row["opens_on"])) in round_pks
                else "",
            }
            for row in figures["surveys"]["rounds"]
        ],
    }


def _render_detail(request, report: Report, *, bound: dict | None = None):
    """The detail page; `bound` holds a step's form posted with errors, by step name."""
    figures = services.report_figures_of(report)
    steps = services.report_steps_for(report, request.user)
    bound = bound or {}
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "figures": figures,
            "links": _figure_links(report, figures),
            "tables": _detail_tables(report, figures),
            "period": services.period_label(report.period_start, report.period_end),
            "period_over": report.period_end < timezone.localdate(),
            "is_office": roles.has_role(request.user, roles.OFFICE),
            "buttons": [step for step in steps if step.form is None],
            "step_forms": [
                (step, bound.get(step.name) or step.form_class(auto_id=f"{step.name}_%s"))
                for step in steps
                if step.form is not None
            ],
            "narrative": [
                (Report._meta.get_field(name).verbose_name, getattr(report, name))
                for name in (
                    "introduction",
                    "assessment",
                    "shortcomings",
                    "next_tasks",
                    "recommendations",
                )
            ],
        },
    )


@roles.role_required(*REPORT_ROLES)
def report_detail(request, pk):
    return _render_detail(request, _report(pk))


# --- Changes ---------------------------------------------------------------------------


def _refuse_unless_editable(request, report: Report):
    try:
        services.check_editable(report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:detail", pk=report.pk)
    return None


@roles.role_required(*REPORT_ROLES)
def report_edit(request, pk):
    report = _report(pk, lock=request.method == "POST")
    if refused := _refuse_unless_editable(request, report):
        return refused
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Report saved."))
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form, "report": report})


@require_POST
@roles.role_required(*REPORT_ROLES)
def report_step(request, pk, step: str):
    """Any step of the workflow: the table says who, from where, with which form and
    which service."""
    declared = services.REPORT_STEPS[step]
    if not roles.has_role(request.user, declared.role):
        raise PermissionDenied
    report = _report(pk)
    data = {}
    if declared.form_class is not None:
        form = declared.form_class(request.POST, auto_id=f"{step}_%s")
        if form.is_valid():
            data = form.cleaned_data
        elif report.status in declared.sources:
            messages.error(request, _("Check the fields marked in red."))
            return _render_detail(request, report, bound={step: form})
        else:  # from the wrong state: the service says so before looking at the form
            data = dict.fromkeys(form.fields, "")
    try:
        report = declared.service(report=report, actor=request.user, **data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        symbol = report.number.symbol if report.number_id else ""
        messages.success(request, declared.done % {"symbol": symbol})
    return redirect("reports:detail", pk=report.pk)


@roles.role_required(*REPORT_ROLES)
def report_delete(request, pk):
    report = _report(pk, lock=request.method == "POST")
    if refused := _refuse_unless_editable(request, report):
        return refused
    if request.method == "POST":
        try:
            services.report_delete(report=report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports:detail", pk=report.pk)
        messages.success(request, _("Draft report deleted."))
        return redirect("reports:list")
    return render(
        request,
        "reports/report_confirm_delete.html",
        {
            "report": report,
            "period": services.period_label(report.period_start, report.period_end),
        },
    )


# --- Documents -------------------------------------------------------------------------


@transaction.non_atomic_requests  # a long read must not hold the SQLite write lock
@roles.role_required(*REPORT_ROLES)
def report_pdf(request, pk):
    report = _report(pk)
    content = render_report_pdf(report, services.report_figures_of(report))
    return pdf_response(content, _filename(report, "pdf"))


@transaction.non_atomic_requests  # a long read must not hold the SQLite write lock
@roles.role_required(*REPORT_ROLES)
def report_xlsx(request, pk):
    report = _report(pk)
    sheets = report_sheets(report, services.report_figures_of(report))
    return xlsx_response(sheets, _filename(report, "xlsx"))

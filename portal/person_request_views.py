"""Yêu cầu của chủ thể dữ liệu: the office's pages for a person's requests about his own
data. Thin views over portal/person_requests.py; the records come through the
personal-data registry only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import person_requests as services
from portal import roles
from portal.calendar import WorkingCalendar
from portal.documents import pdf_response
from portal.exports import xlsx_response
from portal.forms import (
    PersonRecordCorrectionForm,
    PersonRequestCloseForm,
    PersonRequestFilterForm,
    PersonRequestForm,
)
from portal.models import PersonRequest
from portal.personal_data import mask_id_number

office_required = roles.role_required(roles.OFFICE)


def _request_for(pk: int) -> PersonRequest:
    """The one access helper: the office (checked by the decorator) sees every request."""
    return get_object_or_404(PersonRequest.objects.select_related("created_by"), pk=pk)


def _record_for(person_request: PersonRequest, source: str, record_pk: int):
    try:
        return services.person_record_get(request=person_request, source_key=source, pk=record_pk)
    except services.RecordNotFound as exc:
        raise Http404 from exc


@office_required
def person_request_list(request):
    filters = PersonRequestFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    qs = services.person_requests_filtered(
        q=criteria.get("q", ""), status=criteria.get("status", ""), kind=criteria.get("kind", "")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "obj": obj,
            "id_number": mask_id_number(obj.id_number),
            "overdue": services.person_request_is_overdue(obj, today=today),
        }
        for obj in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/person_request_list.html",
        {"filters": filters, "page": page, "rows": rows, "query": query.urlencode()},
    )


@office_required
def person_request_new(request):
    form = PersonRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.person_request_create(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Request recorded; to be carried out by %(day)s.")
                % {"day": f"{obj.respond_by:%d/%m/%Y}"},
            )
            return redirect("person_request_detail", pk=obj.pk)
    return render(
        request,
        "portal/person_request_new.html",
        {"form": form, "deadlines": _deadline_rows()},
    )


def _deadline_rows() -> list[tuple[str, int]]:
    return [
        (label, services.DEADLINE_WORKING_DAYS[value])
        for value, label in PersonRequest.Kind.choices
    ]


def _detail_context(request, obj: PersonRequest, **overrides) -> dict:
    today = timezone.localdate()
    cal = WorkingCalendar.load()
    groups = services.person_search(request=obj)
    if obj.status == PersonRequest.Status.OPEN and request.method == "GET":
        services.person_request_searched(request=obj, groups=groups, actor=request.user)
    is_open = obj.status == PersonRequest.Status.OPEN
    context = {
        "obj": obj,
        "id_number": mask_id_number(obj.id_number),
        "is_open": is_open,
        "overdue": services.person_request_is_overdue(obj, today=today),
        "acknowledge_by": services.person_request_acknowledge_by(request=obj, calendar=cal),
        "deadline_days": services.DEADLINE_WORKING_DAYS.get(obj.kind),
        "answer_time": services.person_request_answer_time(request=obj, calendar=cal),
        "groups": services.groups_for_staff(groups, obj),
        "records_count": services.records_count(groups),
        "steps": list(services.person_request_steps(obj)),
        "close_form": PersonRequestCloseForm() if is_open else None,
    }
    context.update(overrides)
    return context


@office_required
def person_request_detail(request, pk):
    obj = _request_for(pk)
    return render(request, "portal/person_request_detail.html", _detail_context(request, obj))


def _selection(request) -> set[tuple[str, int]] | None:
    """The records ticked on the request page ("source:pk"; the page's form says pick=1,
    so unticking every record selects none); None for a plain link: every record."""
    if "pick" not in request.GET:
        return None
    selected = set()
    for value in request.GET.getlist("r"):
        key, _sep, pk = value.rpartition(":")
        if key and pk.isascii() and pk.isdigit() and len(pk) <= 12:
            selected.add((key, int(pk)))
    return selected


@office_required
def person_request_pdf(request, pk):
    obj = _request_for(pk)
    groups = services.person_export_groups(request=obj, selected=_selection(request))
    content = services.render_person_data_letter(request=obj, groups=groups)
    services.person_request_exported(
        request=obj, groups=groups, what=_("Letter (PDF)"), actor=request.user
    )
    return pdf_response(content, f"du-lieu-ca-nhan-{obj.pk}.pdf", inline=False)


@office_required
def person_request_xlsx(request, pk):
    obj = _request_for(pk)
    groups = services.person_export_groups(request=obj, selected=_selection(request))
    sheets = services.person_data_sheets(request=obj, groups=groups)
    services.person_request_exported(
        request=obj, groups=groups, what=_("Spreadsheet (Excel)"), actor=request.user
    )
    return xlsx_response(sheets, f"du-lieu-ca-nhan-{obj.pk}.xlsx")


@office_required
def person_request_correct(request, pk, source, record_pk):
    obj = _request_for(pk)
    if obj.status != PersonRequest.Status.OPEN:
        messages.error(request, _("This request is closed; it can no longer be changed."))
        return redirect("person_request_detail", pk=obj.pk)
    record = _record_for(obj, source, record_pk)
    fields = services.person_record_correction_fields(source_key=source, pk=record_pk)
    if not fields:
        messages.error(request, _("Nothing in this record can be corrected here."))
        return redirect("person_request_detail", pk=obj.pk)
    form = PersonRecordCorrectionForm(request.POST or None, fields=fields)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_record_correct(
                request=obj,
                source_key=source,
                pk=record_pk,
                changes=form.cleaned_data,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("The record is corrected."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("person_request_detail", pk=obj.pk)
    return render(
        request,
        "portal/person_request_correct.html",
        {"obj": obj, "record": record, "form": form},
    )


@require_POST
@office_required
def person_request_anonymise(request, pk, source, record_pk):
    obj = _request_for(pk)
    _record_for(obj, source, record_pk)
    try:
        outcome = services.person_record_anonymise(
            request=obj, source_key=source, pk=record_pk, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if outcome.done:
            messages.success(request, _("The record's personal data is anonymised."))
        elif outcome.kept_reason:
            messages.warning(
                request,
                _("Not anonymised: %(reason)s The refusal is recorded in the steps.")
                % {"reason": outcome.kept_reason},
            )
        else:
            messages.info(request, _("This record is already anonymised."))
    return redirect("person_request_detail", pk=obj.pk)


@require_POST
@office_required
def person_request_anonymise_all(request, pk):
    obj = _request_for(pk)
    try:
        done, kept = services.person_records_anonymise_all(request=obj, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Records anonymised: %(done)d; kept for a retention period: %(kept)d.")
            % {"done": done, "kept": kept},
        )
    return redirect("person_request_detail", pk=obj.pk)


@require_POST
@office_required
def person_request_close(request, pk):
    obj = _request_for(pk)
    form = PersonRequestCloseForm(request.POST)
    if form.is_valid():
        try:
            services.person_request_close(
                request=obj,
                status=form.cleaned_data["status"],
                result=form.cleaned_data["result"],
                actor=request.user,
            )
        except ValidationError as exc:
            if obj.status != PersonRequest.Status.OPEN:
                messages.error(request, " ".join(exc.messages))
                return redirect("person_request_detail", pk=obj.pk)
            form.add_error(None, exc)
        else:
            messages.success(request, _("The request is closed."))
            return redirect("person_request_detail", pk=obj.pk)
    return render(
        request,
        "portal/person_request_detail.html",
        _detail_context(request, obj, close_form=form),
    )

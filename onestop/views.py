from urllib.parse import urlencode

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from messaging.models import Consent
from onestop import documents, exports, selectors, services
from onestop.forms import (
    ApologyProposeForm,
    ApproveForm,
    CaseFilterForm,
    CaseReceiveForm,
    CloseForm,
    EAuthForm,
    ForwardForm,
    LookupForm,
    NoteForm,
    PaperFormSet,
    PeriodForm,
    ProcedureImportForm,
    RefuseForm,
    ScanForm,
    SupplementForm,
    paper_rows_for,
)
from onestop.models import ApologyLetter, Case, CaseEvent, CasePaper, Procedure
from onestop.steps import STEPS, Who, steps_allowed
from portal import roles
from portal.calendar import WorkingCalendar
from portal.documents import pdf_response
from portal.export_jobs import export_respond
from portal.exports import xlsx_response
from portal.files import private_file_response
from portal.forms import errors_onto, int_param
from portal.models import Department, Organization, ProcedureField
from portal.pagination import CappedPaginator
from portal.personal_data import mask_id_number
from portal.privacy import privacy_notice_current
from portal.selectors import unique_name_pks
from portal.text import search_terms

DESK_ROLES = (roles.DESK,)
CASE_ROLES = (roles.LEADER, roles.OFFICE, roles.DESK, roles.DEPARTMENT)


def _filter_from(request) -> tuple[CaseFilterForm, selectors.CaseFilter]:
    return exports.case_filter(request.GET)


@roles.role_required(*CASE_ROLES)
def case_list(request):
    # A scanner types the receipt's code (or its QR's look-up address) and Enter: the
    # dossier opens.
    code = selectors.scanned_code(request.GET.get("q", ""))
    if code and selectors.cases_visible_to(request.user).filter(receipt_code=code).exists():
        return redirect("onestop:case_detail", code=code)
    form, criteria = _filter_from(request)
    qs = selectors.cases_filtered(selectors.cases_visible_to(request.user), criteria)
    page = CappedPaginator(
        selectors.case_list_rows(qs).order_by("-received_at", "-pk"), 25
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onestop/case_list.html",
        {
            "filters": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_receive": roles.has_role(request.user, roles.DESK),
        },
    )


@transaction.non_atomic_requests  # a long read must not hold the SQLite write lock
@roles.role_required(*CASE_ROLES)
def case_book_xlsx(request):
    # Streamed at once, or built in the background above PORTAL_EXPORT_BACKGROUND_ROWS.
    return export_respond(request, kind_key="onestop.case_book", params=request.GET.dict())


def _paper_formset(procedure, *, data=None, extra_rows: int = 0):
    """The paper rows: bound to what was posted, or built from the procedure's list."""
    if data is not None:
        return PaperFormSet(data, prefix="papers")
    initial = paper_rows_for(procedure, blank_rows=2 + extra_rows)
    return PaperFormSet(initial=initial, prefix="papers")


def _posted_rows(papers) -> list[dict]:
    """The posted paper rows as initial data, for a form shown again (one more row, or
    another procedure's list) without its errors."""
    rows = []
    for form in papers.forms:
        form.is_valid()
        rows.append({k: v for k, v in form.cleaned_data.items()})
    return rows


@roles.role_required(*DESK_ROLES)
def case_receive(request):
    """Receive a dossier. Choosing the procedure fills the paper rows from its list
    (the page comes back with what was typed, nothing saved); the desk ticks what was
    handed in and may add rows."""
    procedure_id = int_param(request.POST.get("procedure") or request.GET.get("procedure"))
    procedure = (
        Procedure.objects.filter(pk=procedure_id, is_active=True).prefetch_related("papers").first()
        if procedure_id
        else None
    )
    if request.method != "POST":
        form = CaseReceiveForm(initial={"procedure": procedure})
        return _receive_page(request, form, _paper_formset(procedure), procedure)
    papers_for = int_param(request.POST.get("papers_for"))
    if (
        # The paper rows shown were another procedure's: show this one's list first.
        (papers_for is not None and papers_for != (procedure.pk if procedure else None))
        or "add_row" in request.POST
        or "load_papers" in request.POST
    ):
        # Not a submission: the procedure changed, or the desk asked for one more row.
        initial = {k: v for k, v in request.POST.items() if not k.startswith("papers")}
        form = CaseReceiveForm(initial=initial)
        if "add_row" in request.POST:
            rows = _posted_rows(PaperFormSet(request.POST, prefix="papers"))
            rows.append({"count": 1, "kind": CasePaper.Kind.ORIGINAL})
            papers = PaperFormSet(initial=rows[:40], prefix="papers")
        else:
            papers = _paper_formset(procedure)
        return _receive_page(request, form, papers, procedure)
    form = CaseReceiveForm(request.POST)
    papers = _paper_formset(procedure, data=request.POST)
    if form.is_valid() and papers.is_valid():
        data = form.cleaned_data
        handed = [
            services.Paper(name=p["name"], count=p["count"], kind=p["kind"], listed=p.get("listed"))
            for p in papers.cleaned_data
            if p.get("name") and (p.get("handed") or not p.get("listed"))
        ]
        try:
            case = services.case_receive(
                procedure=data["procedure"],
                applicant_name=data["applicant_name"],
                applicant_id_number=data["applicant_id_number"],
                applicant_phone=data["applicant_phone"],
                applicant_email=data["applicant_email"],
                applicant_address=data["applicant_address"],
                channel=data["channel"],
                sets_count=data["sets_count"],
                delivery=data["delivery"],
                delivery_address=data["delivery_address"],
                papers=handed,
                papers_note=data["papers_note"],
                received_by=request.user,
                e_authenticated=data["e_authenticated"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            form.consent_save(obj=case, source=Consent.Source.DOSSIER_RECEIPT, actor=request.user)
            messages.success(
                request,
                _("Dossier %(code)s received. Appointment date: %(date)s.")
                % {"code": case.receipt_code, "date": f"{case.due_date:%d/%m/%Y}"},
            )
            return redirect("onestop:case_detail", code=case.receipt_code)
    return _receive_page(request, form, papers, procedure)


def _receive_page(request, form, papers, procedure):
    return render(
        request,
        "onestop/case_receive.html",
        {
            "form": form,
            "papers": papers,
            "procedure": procedure,
            "privacy_notice": privacy_notice_current(),
        },
    )


def _detail_context(request, case: Case, *, id_shown: bool = False, **overrides) -> dict:
    number = case.applicant_id_number
    context = {
        "case": case,
        # Masked unless the officer asked to see it (case_detail logs that).
        "id_number": number if id_shown else mask_id_number(number),
        "id_shown": id_shown,
        "actions": steps_allowed(request.user, case),
        "papers": list(case.papers.all()),
        "events": list(case.events.select_related("actor")),
        "letters": list(case.apology_letters.all()),
        "forward_form": ForwardForm(case=case),
        "supplement_form": SupplementForm(),
        "note_form": NoteForm(),
        "approve_form": ApproveForm(),
        "refuse_form": RefuseForm(),
        "stop_form": CloseForm(),
        "withdraw_form": CloseForm(),
        "overdue": case.is_open and case.due_date < timezone.localdate(),
        # Digitisation and electronic authentication (the desk's service targets).
        "can_scan": roles.has_role(request.user, roles.DESK),
        "e_auth_form": EAuthForm(initial={"e_authenticated": case.e_authenticated}),
    }
    context.update(overrides)
    return context


@roles.role_required(*CASE_ROLES)
def case_detail(request, code):
    """The dossier. Its CCCD number shows masked; in full only after the officer asks
    (`?cccd=1`), and each full view is in the system log (Luật Bảo vệ dữ liệu cá nhân
    2025: only what the task needs, and who saw it)."""
    case = selectors.case_for_user(request.user, code)
    reveal = request.GET.get("cccd") == "1" and bool(case.applicant_id_number)
    if reveal:
        accessed.send(sender=Case, instance=case)
    return render(
        request, "onestop/case_detail.html", _detail_context(request, case, id_shown=reveal)
    )


@require_POST
@roles.role_required(*CASE_ROLES)
def case_step(request, code, action: str):
    """Take one workflow step (onestop/steps.py) from its posted form. A refusal shows
    the dossier again with the form as typed and the error by its field."""
    case = selectors.case_for_user(request.user, code)
    step = STEPS[action]
    if not step.may(Who.of(request.user, case), case):
        raise PermissionDenied
    form = step.form(request.POST, **({"case": case} if step.form is ForwardForm else {}))
    if form.is_valid():
        try:
            case = step.call(case, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, step.done(case))
            return redirect("onestop:case_detail", code=case.receipt_code)
    messages.error(request, _("The step was not saved: check the form below."))
    form_key = step.form_key or f"{action}_form"
    context = _detail_context(request, case, **{form_key: form, "open_action": action})
    return render(request, "onestop/case_detail.html", context, status=400)


def _paper_of(request, code, pk) -> tuple[Case, CasePaper]:
    """A paper of a dossier the user may see (404 otherwise)."""
    case = selectors.case_for_user(request.user, code)
    return case, get_object_or_404(CasePaper, case=case, pk=pk)


@require_POST
@roles.role_required(*DESK_ROLES)
def case_paper_scan(request, code, pk):
    """The desk attaches (or replaces) the scan of a received paper."""
    case, paper = _paper_of(request, code, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("onestop:case_detail", code=case.receipt_code)
    try:
        services.case_paper_scan_attach(
            paper=paper, actor=request.user, upload=form.cleaned_data["scan"]
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("The scan of %(paper)s is saved.") % {"paper": paper.name})
    return redirect(f"{reverse('onestop:case_detail', args=[case.receipt_code])}#papers")


@roles.role_required(*CASE_ROLES)
def case_paper_scan_file(request, code, pk):
    """A paper's scan, to those who may see the dossier; each download is in the
    system log (the scan holds personal data)."""
    case, paper = _paper_of(request, code, pk)
    if not paper.scan:
        raise Http404
    accessed.send(sender=Case, instance=case)
    filename = paper.scan_name or paper.scan.name.rsplit("/", 1)[-1]
    return private_file_response(paper.scan, filename, paper.scan_content_type)


@require_POST
@roles.role_required(*DESK_ROLES)
def case_e_auth(request, code):
    """The desk records whether an online dossier's applicant was authenticated
    electronically."""
    case = selectors.case_for_user(request.user, code)
    form = EAuthForm(request.POST)
    form.is_valid()  # a lone optional checkbox: always valid
    try:
        services.case_e_auth_set(
            case=case,
            actor=request.user,
            authenticated=form.cleaned_data.get("e_authenticated", False),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Electronic authentication recorded."))
    return redirect("onestop:case_detail", code=case.receipt_code)


def lookup_url(request, case: Case) -> str:
    """The public look-up with the dossier's code filled in (nothing personal)."""
    return (
        request.build_absolute_uri(reverse("case_lookup"))
        + "?"
        + urlencode({"ma": case.receipt_code})
    )


@roles.role_required(*CASE_ROLES)
def case_receipt_pdf(request, code):
    case = selectors.case_for_user(request.user, code)
    content = documents.render_receipt_slip(case, lookup_url=lookup_url(request, case))
    return pdf_response(content, f"tiep-nhan-{case.receipt_code}.pdf")


@roles.role_required(*CASE_ROLES)
def case_stop_notice_pdf(request, code):
    case = selectors.case_for_user(request.user, code)
    if not case.is_closed:
        raise Http404
    return pdf_response(documents.render_stop_notice(case), f"dung-{case.receipt_code}.pdf")


@roles.role_required(*CASE_ROLES)
def case_supplement_pdf(request, code):
    case = selectors.case_for_user(request.user, code)
    event = (
        case.events.filter(action=CaseEvent.Action.SUPPLEMENT_REQUEST)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        raise Http404
    return pdf_response(
        documents.render_supplement_request(case, event), f"bo-sung-{case.receipt_code}.pdf"
    )


@roles.role_required(*CASE_ROLES)
def case_refusal_pdf(request, code):
    case = selectors.case_for_user(request.user, code)
    if case.status != Case.Status.REFUSED:
        raise Http404
    return pdf_response(documents.render_refusal(case), f"tu-choi-{case.receipt_code}.pdf")


@roles.role_required(*CASE_ROLES)
def case_control_sheet_pdf(request, code):
    case = selectors.case_for_user(request.user, code)
    return pdf_response(documents.render_control_sheet(case), f"kiem-soat-{case.receipt_code}.pdf")


# --- Apology letters -------------------------------------------------------------------


@roles.role_required(*CASE_ROLES)
def apology_list(request):
    qs = selectors.apology_letters_visible_to(request.user)
    status = request.GET.get("status", "")
    if status == "to_sign":
        qs = qs.filter(status=ApologyLetter.Status.DRAFT).exclude(reason="")
    elif status in ApologyLetter.Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(case__receipt_code__icontains=q) | qs.filter(
            case__applicant_name__fold__contains=search_terms(q)
        )
    page = Paginator(qs.order_by("-created_at", "-pk"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onestop/apology_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "query": query.urlencode(),
            "statuses": ApologyLetter.Status.choices,
        },
    )


def _letter_for(request, pk) -> ApologyLetter:
    return get_object_or_404(selectors.apology_letters_visible_to(request.user), pk=pk)


def _can_propose(user, letter) -> bool:
    return letter.status == ApologyLetter.Status.DRAFT and (
        roles.has_role(user, roles.DESK)
        or (roles.has_role(user, roles.DEPARTMENT) and user.department_id == letter.department_id)
    )


@roles.role_required(*CASE_ROLES)
def apology_detail(request, pk):
    letter = _letter_for(request, pk)
    can_propose = _can_propose(request.user, letter)
    form = None
    if can_propose:
        initial = {"reason": letter.reason, "officer": letter.officer_id}
        if letter.new_due_date:
            initial["extra_working_days"] = max(
                WorkingCalendar.load().working_days_between(
                    timezone.localdate(), letter.new_due_date
                ),
                1,
            )
        form = ApologyProposeForm(request.POST or None, letter=letter, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.apology_letter_propose(
                    letter=letter,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    extra_working_days=form.cleaned_data["extra_working_days"],
                    officer=form.cleaned_data["officer"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Saved. The letter now waits for a leader's signature.")
                )
                return redirect("onestop:apology_detail", pk=letter.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "onestop/apology_detail.html",
        {
            "letter": letter,
            "form": form,
            "can_sign": roles.has_role(request.user, roles.LEADER) and letter.ready_to_sign,
            "can_deliver": roles.has_role(request.user, roles.DESK)
            and letter.status == ApologyLetter.Status.SIGNED,
        },
    )


@require_POST
@roles.role_required(roles.LEADER)
def apology_sign(request, pk):
    letter = _letter_for(request, pk)
    try:
        services.apology_letter_sign(letter=letter, signer=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Letter signed. The desk can print and deliver it."))
    return redirect("onestop:apology_detail", pk=letter.pk)


@require_POST
@roles.role_required(roles.DESK)
def apology_deliver(request, pk):
    letter = _letter_for(request, pk)
    try:
        services.apology_letter_deliver(letter=letter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as delivered."))
    return redirect("onestop:apology_detail", pk=letter.pk)


@roles.role_required(*CASE_ROLES)
def apology_pdf(request, pk):
    letter = _letter_for(request, pk)
    if letter.pdf:
        with letter.pdf.open("rb") as stored:
            content = stored.read()
    else:
        content = documents.render_apology_letter(letter)
    return pdf_response(content, f"xin-loi-{letter.case.receipt_code}-{letter.round}.pdf")


# --- Statistics and catalogue ----------------------------------------------------------


def _stats_period(request) -> tuple[PeriodForm, dict]:
    today = timezone.localdate()
    initial = {"date_from": today.replace(month=1, day=1), "date_to": today}
    form = PeriodForm(request.GET if "date_from" in request.GET else None, initial=initial)
    return form, form.cleaned_data if form.is_bound and form.is_valid() else initial


def _stats(period: dict) -> dict:
    today = timezone.localdate()
    qs = selectors.received_between(Case.objects.all(), period["date_from"], period["date_to"])
    by_department = selectors.case_stats(qs, group_by="department", today=today)
    by_field = selectors.case_stats(qs, group_by="field", today=today)
    return {
        "by_department": by_department,
        "by_field": by_field,
        "totals": selectors.stats_totals(by_department),
    }


# Each column of the statistics and the dossier-list filter that lists its dossiers.
STATS_LINKS = {
    "received": {},
    "early": {"due": "early"},
    "on_time": {"due": "on_time"},
    "late": {"due": "late_finished"},
    "in_progress": {"due": "unsettled"},
    "overdue": {"due": "overdue"},
    "stopped": {"status": Case.Status.STOPPED},
    "withdrawn": {"status": Case.Status.WITHDRAWN},
    "supplement_breaches": {"due": "supplement_breach"},
}


def _stats_rows(rows: list[dict], param: str, pks: dict[str, int], period: dict) -> list[dict]:
    """Each row with its on-time % and, for every count, the URL of the dossier list
    filtered on the same period, unit and column (when its name names one unit)."""
    base = reverse("onestop:case_list")
    dates = {
        "received_from": f"{period['date_from']:%d/%m/%Y}",
        "received_to": f"{period['date_to']:%d/%m/%Y}",
    }
    out = []
    for row in rows:
        unit = {param: pks[row["name"]]} if param and row.get("name") in pks else {}
        links = (
            {
                k: f"{base}?{urlencode({**unit, **dates, **extra})}"
                for k, extra in STATS_LINKS.items()
            }
            if unit or not param
            else {}
        )
        out.append({**row, "on_time_percent": selectors.on_time_percent(row), "links": links})
    return out


@roles.role_required(roles.LEADER, roles.OFFICE, roles.DESK)
def case_stats(request):
    form, period = _stats_period(request)
    stats = _stats(period)
    totals = stats["totals"]
    return render(
        request,
        "onestop/stats.html",
        {
            "form": form,
            "period": period,
            "targets": selectors.service_targets(period["date_from"], period["date_to"]),
            "by_department": _stats_rows(
                stats["by_department"], "department", unique_name_pks(Department.objects), period
            ),
            "by_field": _stats_rows(
                stats["by_field"], "field", unique_name_pks(ProcedureField.objects), period
            ),
            "totals": {
                **totals,
                "on_time_percent": selectors.on_time_percent(totals) if totals else None,
                "links": _stats_rows([totals], "", {}, period)[0]["links"] if totals else {},
            },
            "xlsx_url": f"{reverse('onestop:case_stats_xlsx')}?{request.GET.urlencode()}",
        },
    )


@roles.role_required(roles.LEADER, roles.OFFICE, roles.DESK)
def case_stats_xlsx(request):
    _form, period = _stats_period(request)
    stats = _stats(period)
    targets = selectors.service_targets(period["date_from"], period["date_to"])
    sheets = exports.stats_sheets(period=period, **stats, targets=targets)
    name = f"thong-ke-mot-cua-{period['date_from']:%Y%m%d}-{period['date_to']:%Y%m%d}.xlsx"
    return xlsx_response(sheets, name)


@roles.role_required(*CASE_ROLES)
def procedure_list(request):
    from django.db.models import Count

    qs = Procedure.objects.select_related("field", "department")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__fold__contains=search_terms(q)) | qs.filter(code__icontains=q)
    if (field := int_param(request.GET.get("field", ""))) is not None:
        qs = qs.filter(field_id=field)
    org = Organization.objects.order_by("pk").first() or Organization()
    cut = request.GET.get("cut", "")
    if cut == "short":
        # The service target's shortfall: procedures in use not yet cut enough.
        qs = qs.filter(
            pk__in=selectors.procedures_measured()
            .exclude(selectors.procedures_cut(org.processing_cut_target))
            .values("pk")
        )
    qs = qs.annotate(paper_count=Count("papers")).order_by("field__order", "name")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    from portal.models import ProcedureField

    return render(
        request,
        "onestop/procedure_list.html",
        {
            "page": page,
            "q": q,
            "field": field,
            "fields": ProcedureField.objects.all(),
            "query": query.urlencode(),
            "can_import": roles.has_role(request.user, roles.OFFICE),
            "cut": cut,
            "cut_target": org.processing_cut_target,
        },
    )


@roles.role_required(roles.OFFICE)
def procedure_import(request):
    from onestop.imports import procedure_catalogue_import

    form = ProcedureImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = procedure_catalogue_import(file=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Catalogue imported: %(created)s new, %(updated)s updated procedures.")
                % {"created": result.created, "updated": result.updated},
            )
            if result.paper_procedures:
                messages.success(
                    request,
                    _("Lists of papers replaced for %(procedures)s procedures (%(papers)s papers).")
                    % {"procedures": result.paper_procedures, "papers": result.papers},
                )
            return redirect("onestop:procedure_list")
    return render(request, "onestop/procedure_import.html", {"form": form, "result": result})


@roles.role_required(roles.OFFICE)
def procedure_template_xlsx(request):
    from django.http import HttpResponse

    from onestop.imports import procedure_catalogue_template
    from portal.exports import XLSX_TYPE

    response = HttpResponse(procedure_catalogue_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-muc-tthc.xlsx"'
    return response


# --- Citizen look-up -------------------------------------------------------------------


@ratelimit(key="ip", rate="10/m", method="POST", block=False)
def lookup(request):
    """Public: receipt code + last 4 digits of the phone. A wrong code and wrong digits
    get the same answer, and an address gets 10 tries a minute."""
    if request.method == "POST":
        form = LookupForm(request.POST)
    else:
        # The receipt's QR code opens the look-up with the code filled in.
        code = request.GET.get("ma", "").strip().upper()[:20]
        form = LookupForm(initial={"receipt_code": code} if code else None)
    case = None
    letters = []
    not_found = False
    limited = getattr(request, "limited", False)
    if request.method == "POST" and not limited and form.is_valid():
        case = (
            Case.objects.select_related("procedure")
            .filter(receipt_code=form.cleaned_data["receipt_code"])
            .first()
        )
        if case is None or not case.applicant_phone.endswith(form.cleaned_data["phone_last4"]):
            case = None
            not_found = True
        else:
            letters = list(
                case.apology_letters.filter(
                    status__in=[ApologyLetter.Status.SIGNED, ApologyLetter.Status.DELIVERED]
                ).order_by("round")
            )
    return render(
        request,
        "onestop/lookup.html",
        {
            "form": form,
            "case": case,
            "letters": letters,
            "not_found": not_found,
            "limited": limited,
        },
        status=429 if limited else 200,
    )

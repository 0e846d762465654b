"""Pages of the self-assessments: criteria sets, rounds, a unit's items, the office's
review, the leader's approval, the PDF report, the scoring table and the comparison."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import exports, selectors, services
from assessments.forms import (
    AssignForm,
    ComparisonForm,
    ReviewForm,
    RoundForm,
    SelfScoreForm,
    SetCopyForm,
    SetFilterForm,
    SetImportForm,
)
from assessments.models import CriteriaSet, ItemFile, LinkKind, RoundStatus
from assessments.rules import RULES
from plans.services import EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, evidence_check
from portal import roles
from portal.documents import pdf_response
from portal.files import private_file_response
from portal.forms import errors_onto

READERS = selectors.READERS
OFFICE = (roles.OFFICE,)


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- Criteria sets ---------------------------------------------------------------------


@roles.role_required(roles.LEADER, roles.OFFICE)
def set_list(request):
    form = SetFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.sets_filtered(q=data.get("q") or "", year=data.get("year"))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/set_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@roles.role_required(roles.LEADER, roles.OFFICE)
def set_detail(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    criteria = criteria_set.criteria.prefetch_related("subs")
    return render(
        request,
        "assessments/set_detail.html",
        {
            "set": criteria_set,
            "criteria": criteria,
            "thresholds": criteria_set.thresholds.all(),
            "max_total": services.set_max_total(criteria_set),
            "rounds": criteria_set.rounds.all(),
            "copy_form": SetCopyForm(initial={"year": criteria_set.year + 1}),
            "round_form": RoundForm(
                initial={"year": criteria_set.year},
                prefix="round",
            ),
            "rules": RULES,
            "is_office": roles.has_role(request.user, roles.OFFICE),
        },
    )


@roles.role_required(*OFFICE)
def set_import(request):
    from assessments.imports import criteria_set_import

    form = SetImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = criteria_set_import(
            file=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            legal_source=form.cleaned_data["legal_source"],
            year=form.cleaned_data["year"],
            thresholds=form.cleaned_data["thresholds"],
        )
        if result.ok:
            messages.success(
                request,
                _("Set imported: %(criteria)s criteria, %(subs)s sub-criteria.")
                % {"criteria": result.criteria, "subs": result.subs},
            )
            return redirect("assessments:set_detail", pk=result.criteria_set.pk)
    return render(request, "assessments/set_import.html", {"form": form, "result": result})


@roles.role_required(*OFFICE)
def set_template(request):
    from assessments.imports import criteria_set_template
    from portal.exports import XLSX_TYPE

    response = HttpResponse(criteria_set_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-bo-tieu-chi.xlsx"'
    return response


@require_POST
@roles.role_required(*OFFICE)
def set_copy(request, pk):
    source = get_object_or_404(CriteriaSet, pk=pk)
    form = SetCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a year from 2000 to 2100."))
        return redirect("assessments:set_detail", pk=pk)
    try:
        copy = services.criteria_set_copy(source=source, year=form.cleaned_data["year"])
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("assessments:set_detail", pk=pk)
    messages.success(request, _("Set copied to %(year)s.") % {"year": copy.year})
    return redirect("assessments:set_detail", pk=copy.pk)


# --- Rounds ----------------------------------------------------------------------------


@roles.role_required(*READERS)
def round_list(request):
    qs = selectors.rounds_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in RoundStatus.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        from portal.search import search_terms

        qs = qs.filter(criteria_set__name__fold__contains=search_terms(q))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/round_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "q": q,
            "status": status,
            "statuses": RoundStatus.choices,
            "is_office": roles.has_role(request.user, roles.OFFICE),
        },
    )


@require_POST
@roles.role_required(*OFFICE)
def round_new(request, set_pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=set_pk)
    form = RoundForm(request.POST, prefix="round")
    if form.is_valid():
        try:
            round_ = services.round_create(
                criteria_set=criteria_set,
                year=form.cleaned_data["year"],
                departments_due=form.cleaned_data["departments_due"],
                office_due=form.cleaned_data["office_due"],
                default_department=form.cleaned_data["default_department"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
            return redirect("assessments:set_detail", pk=set_pk)
        messages.success(request, _("Round created; assign the items, then open it."))
        return redirect("assessments:round_detail", pk=round_.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("assessments:set_detail", pk=set_pk)


@roles.role_required(*READERS)
def round_detail(request, pk):
    round_ = selectors.round_for_user(request.user, pk)
    department_id = None if selectors.sees_all(request.user) else request.user.department_id
    table = selectors.round_table(round_, department_id=department_id)
    return render(
        request,
        "assessments/round_detail.html",
        {
            "round": round_,
            "table": table,
            "steps": services.steps_for(request.user, round_),
            "is_office": roles.has_role(request.user, roles.OFFICE),
            "sees_all": selectors.sees_all(request.user),
            "may_assign": roles.has_role(request.user, roles.OFFICE)
            and round_.status in (RoundStatus.DRAFT, RoundStatus.OPEN),
        },
    )


@roles.role_required(*OFFICE)
def round_assign(request, pk):
    round_ = selectors.round_for_user(request.user, pk)
    items = list(round_.items.select_related("sub__criterion", "department"))
    form = AssignForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.items_assign(
                round_=round_, actor=request.user, assignments=form.assignments()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("%(n)s items reassigned.") % {"n": n})
            return redirect("assessments:round_detail", pk=pk)
    rows = [(item, form[f"item-{item.pk}"]) for item in items]
    return render(
        request, "assessments/round_assign.html", {"round": round_, "form": form, "rows": rows}
    )


@require_POST
@roles.role_required(roles.LEADER, roles.OFFICE)
def round_step(request, pk, action):
    round_ = selectors.round_for_user(request.user, pk)
    try:
        services.round_step(round_=round_, actor=request.user, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": services.STEPS[action].label})
    return redirect("assessments:round_detail", pk=pk)


@roles.role_required(*READERS)
def round_pdf(request, pk):
    from assessments.documents import render_assessment_pdf

    round_ = selectors.round_for_user(request.user, pk)
    if not selectors.sees_all(request.user):
        raise PermissionDenied
    return pdf_response(render_assessment_pdf(round_), f"tu-danh-gia-{round_.year}.pdf")


@roles.role_required(roles.LEADER, roles.OFFICE)
def round_xlsx(request, pk):
    round_ = selectors.round_for_user(request.user, pk)
    return exports.round_xlsx_response(round_)


@roles.role_required(roles.LEADER, roles.OFFICE)
def comparison(request):
    form = ComparisonForm(request.GET or None)
    data = None
    if form.is_bound and form.is_valid():
        data = selectors.comparison(form.cleaned_data["criteria_set"])
    return render(request, "assessments/comparison.html", {"form": form, "data": data})


# --- Items -----------------------------------------------------------------------------


@roles.role_required(roles.OFFICE, roles.DEPARTMENT)
def my_items(request):
    qs = selectors.my_items(request.user)
    if request.GET.get("todo"):
        qs = qs.filter(self_score__isnull=True, round__status=RoundStatus.OPEN)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/my_items.html",
        {
            "page": page,
            "query": query.urlencode(),
            "todo": bool(request.GET.get("todo")),
            "today": timezone.localdate(),
        },
    )


def _item_page(request, item, *, score_form=None, review_form=None, status=200):
    from assessments.rules import propose

    initial_score = {"score": item.self_score, "explanation": item.self_explanation}
    proposal = propose(item.sub, item.round.year) if not item.round.frozen else None
    if proposal and proposal.score is not None and item.self_score is None:
        initial_score["score"] = proposal.score
    return render(
        request,
        "assessments/item_detail.html",
        {
            "item": item,
            "round": item.round,
            "proposal": proposal,
            "files": item.files.all(),
            "links": item.links.all(),
            "may_score": services.may_self_score(request.user, item),
            "may_review": services.may_review(request.user, item),
            "score_form": score_form or SelfScoreForm(initial=initial_score),
            "review_form": review_form
            or ReviewForm(
                initial={
                    "score": item.reviewed_score
                    if item.reviewed_score is not None
                    else item.self_score,
                    "reason": item.review_reason,
                }
            ),
            "link_kinds": LinkKind,
            "max_files": EVIDENCE_MAX_FILES,
            "max_mb": EVIDENCE_MAX_BYTES // (1024 * 1024),
            "max_bytes": EVIDENCE_MAX_BYTES,
        },
        status=status,
    )


@roles.role_required(*READERS)
def item_detail(request, pk):
    return _item_page(request, selectors.item_for_user(request.user, pk))


@require_POST
@roles.role_required(roles.OFFICE, roles.DEPARTMENT)
def item_score(request, pk):
    item = selectors.item_for_user(request.user, pk)
    form = SelfScoreForm(request.POST)
    if form.is_valid():
        try:
            files = evidence_check(request.FILES.getlist("files"))
            services.item_self_score(
                item=item,
                actor=request.user,
                score=form.cleaned_data["score"],
                explanation=form.cleaned_data["explanation"],
                files=files,
                links=form.links(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Self-score saved."))
            return redirect("assessments:item_detail", pk=pk)
    return _item_page(request, item, score_form=form, status=400)


@require_POST
@roles.role_required(*OFFICE)
def item_review(request, pk):
    item = selectors.item_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.item_review(
                item=item,
                actor=request.user,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Reviewed score saved."))
            return redirect("assessments:round_detail", pk=item.round_id)
    return _item_page(request, item, review_form=form, status=400)


@require_POST
@roles.role_required(roles.OFFICE, roles.DEPARTMENT)
def evidence_remove(request, pk):
    item = selectors.item_for_user(request.user, pk)
    try:
        services.evidence_remove(
            item=item,
            actor=request.user,
            file_id=int(request.POST.get("file") or 0) or None,
            link_id=int(request.POST.get("link") or 0) or None,
        )
    except ValueError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect("assessments:item_detail", pk=pk)


@roles.role_required(*READERS)
def evidence_download(request, pk):
    """An evidence file, to those who may see its item."""
    evidence = get_object_or_404(ItemFile, pk=pk)
    selectors.item_for_user(request.user, evidence.item_id)  # 404 unless allowed
    return private_file_response(evidence.file, evidence.name, evidence.content_type)

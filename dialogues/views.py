import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from dialogues import exports, selectors, services
from dialogues.forms import (
    PLAN_LINE_FIELDS,
    AnswerForm,
    AttendeeForm,
    ClassifyForm,
    GroupFormSet,
    MinutesForm,
    OpinionForm,
    ParticipantForm,
    PlanForm,
    PlanGeneralForm,
    ProgrammeFormSet,
    PublicFeedbackForm,
    ResponsibilityFormSet,
    ReturnAnswerForm,
    SessionForm,
    TopicFormSet,
)
from dialogues.models import (
    Attendee,
    DialoguePlan,
    DialogueSession,
    Opinion,
    PlanParticipant,
    PlanParticipantGroup,
    by_category,
)
from messaging.models import Consent
from portal import roles
from portal.calendar import non_working_day_warning
from portal.documents import pdf_response
from portal.exports import xlsx_response
from portal.forms import MAX_DATE, MIN_DATE, errors_onto, int_param, year_param
from portal.privacy import privacy_notice_current

PLAN_READERS = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION, roles.DESK)
OPINION_ROLES = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION)


def _documents():
    from dialogues import documents

    return documents


# --- Plans -----------------------------------------------------------------------------


@roles.role_required(*PLAN_READERS)
def plan_list(request):
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.plans_filtered(q=q, year=year_param(year), status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dialogues/plan_list.html",
        {
            "page": page,
            "q": q,
            "year": year,
            "status": status,
            "statuses": DialoguePlan.Status.choices,
            "query": query.urlencode(),
            "can_edit": roles.has_role(request.user, roles.OFFICE),
        },
    )


def _plan_formsets(data=None, instance=None):
    return {
        "topics": TopicFormSet(data, instance=instance, prefix="topics"),
        "groups": GroupFormSet(data, instance=instance, prefix="groups"),
        "programme": ProgrammeFormSet(data, instance=instance, prefix="programme"),
        "responsibilities": ResponsibilityFormSet(data, instance=instance, prefix="resp"),
    }


# The parts of the plan editor, each edited and saved on its own (README, "Dialogues").
PLAN_PARTS = {
    "general": gettext_lazy("General and the plan's text"),
    "legal_basis": gettext_lazy("Legal basis"),
    "purposes": gettext_lazy("Purposes"),
    "recipients": gettext_lazy("Recipients"),
    "topics": gettext_lazy("Content topics"),
    "groups": gettext_lazy("Participant groups"),
    "programme": gettext_lazy("Programme"),
    "responsibilities": gettext_lazy("Responsibilities"),
}


def _move(rows: list[tuple[int, object]], move: str) -> None:
    """Swap the row whose page index `move` names ("<index>:up" or "<index>:down") with
    its neighbour, in place; rows are (page index, row) pairs in their order."""
    index, _sep, direction = move.partition(":")
    at = next((n for n, (i, _row) in enumerate(rows) if str(i) == index), None)
    if at is not None:
        other = at - 1 if direction == "up" else at + 1
        if 0 <= other < len(rows):
            rows[at], rows[other] = rows[other], rows[at]


def _save_in_order(formset, move: str = "") -> None:
    """Save a plan list with its rows numbered 1, 2, 3… in their order on the page, the
    row named by `move` ("<index>:up" or "<index>:down") first swapped with its
    neighbour; deleted rows and untouched blank rows left out."""
    rows = [
        (i, f)
        for i, f in enumerate(formset.forms)
        if (f.instance.pk or f.has_changed()) and not formset._should_delete_form(f)
    ]
    rows.sort(key=lambda row: (row[1].cleaned_data.get("order") or 10_000, row[0]))
    _move(rows, move)
    for position, (_i, form) in enumerate(rows, start=1):
        form.instance.order = position  # the instance was built when the form was checked
    formset.save()
    # A row only moved is not "changed" to the formset, which then skips it: write the
    # new place of those rows alone.
    for position, (_i, form) in enumerate(rows, start=1):
        if form.initial.get("order") != position and not form.has_changed():
            type(form.instance).objects.filter(pk=form.instance.pk).update(order=position)


@roles.role_required(roles.OFFICE)
def plan_edit(request, pk=None):
    plan = get_object_or_404(DialoguePlan, pk=pk) if pk else None
    if plan is not None and not plan.editable:
        messages.error(
            request, _("An issued or approved plan is read-only; start a revision instead.")
        )
        return redirect("dialogues:plan_detail", pk=plan.pk)
    if plan is not None:
        return _plan_part_edit(request, plan)
    # A new plan starts with its general part alone; its lists are then added one part
    # at a time in the editor (README, "Dialogues").
    initial = {"year": timezone.localdate().year, "recipients": "Lưu: VT."}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.created_by = request.user
        saved.save()
        messages.success(request, _("Plan created. Now add its topics, groups and programme."))
        return redirect(f"{reverse('dialogues:plan_edit', args=[saved.pk])}?part=topics")
    return render(request, "dialogues/plan_form.html", {"form": form, "plan": None})


def _plan_part_edit(request, plan):
    """One part of an existing plan: its form alone, saved on its own, with the plan's
    outline beside it so that every other part is one click away."""
    part = request.POST.get("part") or request.GET.get("part") or "general"
    if part not in PLAN_PARTS:
        part = "general"
    data = request.POST if request.method == "POST" else None
    form = formset = lines = None
    if part == "general":
        form = PlanGeneralForm(data, instance=plan)
        valid = data is not None and form.is_valid()
    elif part in PLAN_LINE_FIELDS:
        lines = [line for line in getattr(plan, part).splitlines() if line.strip()]
        valid = data is not None
    else:
        formset = _plan_formsets(data, instance=plan)[part]
        valid = data is not None and formset.is_valid()
    if valid:
        with transaction.atomic():
            if form is not None:
                form.save()
            elif lines is not None:
                lines = _lines_posted(request.POST)
                DialoguePlan.objects.filter(pk=plan.pk).update(**{part: "\n".join(lines)})
            else:
                _save_in_order(formset, request.POST.get("move", ""))
        messages.success(request, _("Saved: %(part)s.") % {"part": PLAN_PARTS[part]})
        return redirect(f"{reverse('dialogues:plan_edit', args=[plan.pk])}?part={part}")
    counts = {
        "topics": plan.topics.count(),
        "groups": plan.participant_groups.count(),
        "programme": plan.programme.count(),
        "responsibilities": plan.responsibilities.count(),
        **{
            f: len([x for x in getattr(plan, f).splitlines() if x.strip()])
            for f in PLAN_LINE_FIELDS
        },
    }
    return render(
        request,
        "dialogues/plan_parts.html",
        {
            "plan": plan,
            "part": part,
            "part_title": PLAN_PARTS[part],
            "parts": [(key, title, counts.get(key)) for key, title in PLAN_PARTS.items()],
            "form": form,
            "formset": formset,
            "lines": lines,
        },
    )


def _lines_posted(post) -> list[str]:
    """A line list as posted by its table: the rows' texts in order, the ticked ones
    dropped, the row named by `move` ("<index>:up|down") swapped with its neighbour, the
    blank row added when filled."""
    rows = [
        (i, " ".join(text.split()))
        for i, text in enumerate(post.getlist("line"))
        if str(i) not in post.getlist("delete")
    ]
    rows = [(i, text) for i, text in rows if text]
    _move(rows, post.get("move", ""))
    return [text for _i, text in rows]


@roles.role_required(*PLAN_READERS)
def plan_detail(request, pk):
    plan = get_object_or_404(
        DialoguePlan.objects.select_related("number", "signer", "supersedes"), pk=pk
    )
    user = request.user
    return render(
        request,
        "dialogues/plan_detail.html",
        {
            "plan": plan,
            "topics": plan.topics.select_related("field"),
            "groups": plan.participant_groups.all(),
            "programme": plan.programme.all(),
            "responsibilities": plan.responsibilities.all(),
            "sessions": plan.sessions.select_related("neighborhood"),
            "is_office": roles.has_role(user, roles.OFFICE),
            "is_leader": roles.has_role(user, roles.LEADER),
        },
    )


def _plan_action(request, pk, call, success):
    plan = get_object_or_404(DialoguePlan, pk=pk)
    try:
        result = call(plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("dialogues:plan_detail", pk=plan.pk)
    messages.success(request, success)
    return redirect("dialogues:plan_detail", pk=result.pk)


@require_POST
@roles.role_required(roles.OFFICE)
def plan_copy(request, pk):
    return _plan_action(
        request, pk, lambda p: services.plan_copy(plan=p, actor=request.user),
        _("A new draft was made from this plan, with its dates moved to the next year."),
    )  # fmt: skip


@require_POST
@roles.role_required(roles.OFFICE)
def plan_submit(request, pk):
    return _plan_action(
        request, pk, lambda p: services.plan_submit(plan=p, actor=request.user),
        _("Submitted to the leaders for approval."),
    )  # fmt: skip


@require_POST
@roles.role_required(roles.LEADER)
def plan_approve(request, pk):
    return _plan_action(
        request,
        pk,
        lambda p: services.plan_approve(plan=p, actor=request.user),
        _("Plan approved."),
    )


@require_POST
@roles.role_required(roles.LEADER)
def plan_return(request, pk):
    """Back to the office with the leader's comment (plans.services.plan_return)."""
    comment = request.POST.get("comment", "")
    return _plan_action(
        request, pk, lambda p: services.plan_return(plan=p, actor=request.user, comment=comment),
        _("Plan returned to the office with your comment."),
    )  # fmt: skip


@require_POST
@roles.role_required(roles.OFFICE)
def plan_issue(request, pk):
    return _plan_action(
        request, pk, lambda p: services.plan_issue(plan=p, actor=request.user),
        _("Plan issued and numbered."),
    )  # fmt: skip


@require_POST
@roles.role_required(roles.OFFICE)
def plan_revise(request, pk):
    return _plan_action(
        request, pk, lambda p: services.plan_revise(plan=p, actor=request.user),
        _("A revision was started; once issued it supersedes the plan."),
    )  # fmt: skip


@roles.role_required(*PLAN_READERS)
def plan_pdf(request, pk):
    plan = get_object_or_404(DialoguePlan.objects.select_related("number", "signer"), pk=pk)
    name = plan.number.symbol.replace("/", "-") if plan.number else f"du-thao-{plan.pk}"
    return pdf_response(_documents().render_plan(plan), f"ke-hoach-{name}.pdf")


# --- The people of a plan's participant groups -------------------------------------------


def _group_for_office(pk, group_pk) -> PlanParticipantGroup:
    return get_object_or_404(
        PlanParticipantGroup.objects.select_related("plan"), pk=group_pk, plan_id=pk
    )


@roles.role_required(roles.OFFICE)
def group_people(request, pk, group_pk):
    """The people a group invites, each row its own form; a POST saves one row (the
    `participant` field names it; empty: a new row). A row with errors comes back as
    typed, by its fields."""
    group = _group_for_office(pk, group_pk)
    people = list(group.people.all())
    bound_pk, bound = None, None
    if request.method == "POST":
        bound_pk = int_param(request.POST.get("participant", ""))
        person = next((p for p in people if p.pk == bound_pk), None)
        if bound_pk is not None and person is None:
            raise Http404
        bound = ParticipantForm(
            request.POST,
            instance=person or PlanParticipant(group=group),
            prefix=f"p{bound_pk}" if person else "new",
        )
        if bound.is_valid():
            try:
                services.participant_save(group=group, participant=person, **bound.cleaned_data)
            except ValidationError as exc:
                bound.add_error(None, exc)
            else:
                messages.success(
                    request,
                    (
                        _("Participant saved: %(name)s.")
                        if person
                        else _("Participant added: %(name)s.")
                    )
                    % {"name": (person or bound.instance).delegate_name},
                )
                return redirect("dialogues:group_people", pk=pk, group_pk=group_pk)
    rows = [
        (p, bound if bound_pk == p.pk else ParticipantForm(instance=p, prefix=f"p{p.pk}"))
        for p in people
    ]
    new_form = bound if bound is not None and bound_pk is None else ParticipantForm(prefix="new")
    return render(
        request,
        "dialogues/group_people.html",
        {
            "plan": group.plan,
            "group": group,
            "rows": rows,
            "new_form": new_form,
            "suggested": [] if people else services.group_people(group),
        },
        status=400 if bound is not None and bound.errors else 200,
    )


@require_POST
@roles.role_required(roles.OFFICE)
def group_people_fill(request, pk, group_pk):
    group = _group_for_office(pk, group_pk)
    added = services.group_people_fill(group=group)
    messages.success(request, _("%(n)s participants taken from the group's lines.") % {"n": added})
    return redirect("dialogues:group_people", pk=pk, group_pk=group_pk)


@require_POST
@roles.role_required(roles.OFFICE)
def participant_remove(request, pk, group_pk, person_pk):
    group = _group_for_office(pk, group_pk)
    person = get_object_or_404(PlanParticipant, pk=person_pk, group=group)
    services.participant_remove(participant=person)
    messages.success(request, _("Participant removed: %(name)s.") % {"name": person.delegate_name})
    return redirect("dialogues:group_people", pk=pk, group_pk=group_pk)


# --- Sessions ----------------------------------------------------------------------------


def _warn_if_day_off(request, day: dt.date) -> None:
    """Saved anyway: a session or a deadline on a day off is allowed, but rarely meant."""
    warning = non_working_day_warning(day)
    if warning:
        messages.warning(request, warning)


@roles.role_required(roles.OFFICE)
def session_edit(request, plan_pk=None, pk=None):
    session = get_object_or_404(DialogueSession, pk=pk) if pk else None
    plan = session.plan if session else get_object_or_404(DialoguePlan, pk=plan_pk)
    form = SessionForm(request.POST or None, instance=session, initial={"venue": plan.venue})
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.plan = plan
        saved.save()
        messages.success(request, _("Session saved."))
        _warn_if_day_off(request, timezone.localtime(saved.starts_at).date())
        return redirect("dialogues:session_detail", pk=saved.pk)
    return render(
        request, "dialogues/session_form.html", {"form": form, "plan": plan, "session": session}
    )


@roles.role_required(*PLAN_READERS)
def session_detail(request, pk):
    session = get_object_or_404(
        DialogueSession.objects.select_related(
            "plan", "neighborhood", "invitation_number", "minutes_number"
        ),
        pk=pk,
    )
    user = request.user
    is_office = roles.has_role(user, roles.OFFICE)
    attendees = by_category(session.attendees.all())
    # The opinions of the session that this user may open, by the same rule as the list.
    opens_opinions = roles.has_role(user, *OPINION_ROLES)
    opinions = (
        list(selectors.opinions_visible_to(user).filter(session=session)) if opens_opinions else []
    )
    return render(
        request,
        "dialogues/session_detail.html",
        {
            "session": session,
            "attendees": attendees,
            "attended": sum(a.attended for a in attendees),
            "opens_opinions": opens_opinions,
            "sees_every_opinion": selectors.sees_every_opinion(user),
            "opinions": opinions,
            "can_read_minutes": selectors.session_minutes_readable_by(user, session),
            "attendee_form": AttendeeForm(),
            "is_office": is_office,
            "can_change_delegates": is_office
            and services.attendee_changes_refusal(session) is None,
            "can_number_invitations": is_office
            and services.session_invitations_refusal(session) is None,
            "can_number_minutes": is_office and services.session_minutes_refusal(session) is None,
        },
    )


@require_POST
@roles.role_required(roles.OFFICE)
def session_invite_groups(request, pk):
    session = get_object_or_404(DialogueSession, pk=pk)
    added = services.plan_invite_from_groups(session=session)
    messages.success(
        request, _("%(n)s delegates added from the plan's participant groups.") % {"n": added}
    )
    return redirect("dialogues:session_detail", pk=pk)


@require_POST
@roles.role_required(roles.OFFICE)
def attendee_add(request, pk):
    session = get_object_or_404(DialogueSession, pk=pk)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        attendee = form.save(commit=False)
        attendee.session = session
        if attendee.attended:
            attendee.checked_in_at = timezone.now()
        attendee.save()
        messages.success(request, _("Delegate added."))
    else:
        messages.error(request, _("Enter at least the delegate's name and category."))
    target = (
        "dialogues:session_checkin"
        if request.POST.get("next") == "checkin"
        else "dialogues:session_detail"
    )
    return redirect(target, pk=pk)


def _attendee_for_office(pk, attendee_pk) -> Attendee:
    return get_object_or_404(
        Attendee.objects.select_related("session__invitation_number"),
        pk=attendee_pk,
        session_id=pk,
    )


@roles.role_required(roles.OFFICE)
def attendee_edit(request, pk, attendee_pk):
    attendee = _attendee_for_office(pk, attendee_pk)
    refusal = services.attendee_changes_refusal(attendee.session)
    if refusal is not None:
        messages.error(request, " ".join(refusal.messages))
        return redirect("dialogues:session_detail", pk=pk)
    form = AttendeeForm(request.POST or None, instance=attendee)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendee_update(attendee=attendee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Delegate saved: %(name)s.") % {"name": attendee.name})
            return redirect("dialogues:session_detail", pk=pk)
    return render(
        request,
        "dialogues/attendee_form.html",
        {"form": form, "attendee": attendee, "session": attendee.session},
    )


@require_POST
@roles.role_required(roles.OFFICE)
def attendee_remove(request, pk, attendee_pk):
    attendee = _attendee_for_office(pk, attendee_pk)
    try:
        services.attendee_remove(attendee=attendee)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Delegate removed: %(name)s.") % {"name": attendee.name})
    return redirect("dialogues:session_detail", pk=pk)


@roles.role_required(roles.OFFICE)
def session_checkin(request, pk):
    """A tablet at the door: big buttons, search as you type, one tap per delegate."""
    session = get_object_or_404(DialogueSession, pk=pk)
    return render(
        request,
        "dialogues/session_checkin.html",
        {
            "session": session,
            "attendees": by_category(session.attendees.all()),
            "attendee_form": AttendeeForm(),
        },
    )


@require_POST
@roles.role_required(roles.OFFICE)
def attendee_toggle(request, pk, attendee_pk):
    attendee = get_object_or_404(Attendee, pk=attendee_pk, session_id=pk)
    attendee = services.attendee_check_in(attendee=attendee, present=not attendee.attended)
    if request.headers.get("x-requested-with") == "fetch":
        from django.http import JsonResponse

        return JsonResponse({"attended": attendee.attended})
    return redirect("dialogues:session_checkin", pk=pk)


@roles.role_required(roles.OFFICE)
def session_minutes(request, pk):
    session = get_object_or_404(DialogueSession, pk=pk)
    form = MinutesForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Minutes saved."))
        return redirect("dialogues:session_detail", pk=pk)
    return render(request, "dialogues/session_minutes.html", {"form": form, "session": session})


@require_POST
@roles.role_required(roles.OFFICE)
def session_held(request, pk):
    session = get_object_or_404(DialogueSession, pk=pk)
    try:
        services.session_mark_held(session=session, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Session marked as held."))
    return redirect("dialogues:session_detail", pk=pk)


def _session_number_action(request, pk, call, success):
    session = get_object_or_404(DialogueSession, pk=pk)
    try:
        session = call(session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success(session))
    return redirect("dialogues:session_detail", pk=pk)


@require_POST
@roles.role_required(roles.OFFICE)
def session_invitations_issue(request, pk):
    return _session_number_action(
        request, pk, lambda s: services.session_invitations_issue(session=s, actor=request.user),
        lambda s: _("Number %(symbol)s issued for the invitations.")
        % {"symbol": s.invitation_number.symbol},
    )  # fmt: skip


@require_POST
@roles.role_required(roles.OFFICE)
def session_minutes_issue(request, pk):
    return _session_number_action(
        request, pk, lambda s: services.session_minutes_issue(session=s, actor=request.user),
        lambda s: _("Number %(symbol)s issued for the minutes.")
        % {"symbol": s.minutes_number.symbol},
    )  # fmt: skip


@roles.role_required(*PLAN_READERS)
def session_pdf(request, pk, kind):
    session = get_object_or_404(
        DialogueSession.objects.select_related("plan", "invitation_number", "minutes_number"),
        pk=pk,
    )
    documents = _documents()
    render_fn = {
        "invitations": documents.render_invitations,
        "attendance": documents.render_attendance_sheet,
        "minutes": documents.render_minutes,
    }.get(kind)
    if render_fn is None:
        raise Http404
    # The minutes print every opinion raised, with the citizens' names.
    if kind == "minutes" and not selectors.session_minutes_readable_by(request.user, session):
        raise PermissionDenied
    return pdf_response(render_fn(session), f"{kind}-{session.pk}.pdf")


@transaction.non_atomic_requests  # a long read must not hold the SQLite write lock
@roles.role_required(*PLAN_READERS)
def session_attendance_xlsx(request, pk):
    session = get_object_or_404(DialogueSession, pk=pk)
    return xlsx_response([exports.attendance_sheet(session)], f"dai-bieu-{session.pk}.xlsx")


@roles.role_required(*PLAN_READERS)
def coverage(request):
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = year_param(year) or today.year
    current_quarter = (
        (today.month - 1) // 3 + 1 if year == today.year else (5 if year < today.year else 0)
    )
    return render(
        request,
        "dialogues/coverage.html",
        {
            "year": year,
            "years": range(today.year - 2, today.year + 2),
            "rows": selectors.coverage(year),
            "current_quarter": current_quarter,
        },
    )


# --- Opinions ----------------------------------------------------------------------------


def _opinion_filters(request):
    get = request.GET
    return {
        "q": get.get("q", "").strip(),
        "status": get.get("status", ""),
        "classification": get.get("classification")
        if get.get("classification") is not None and get.get("classification") != "all"
        else None,
        "department_id": int_param(get.get("department", "")),
        "session_id": int_param(get.get("session", "")),
        "field_id": int_param(get.get("field", "")),
        "overdue": get.get("overdue") == "1",
        "received_from": _day(get.get("received_from", "")),
        "received_to": _day(get.get("received_to", "")),
    }


def _day(value: str):
    """A date typed as dd/mm/yyyy or sent by a date input (yyyy-mm-dd); None otherwise."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        return day if MIN_DATE <= day <= MAX_DATE else None
    return None


@roles.role_required(*OPINION_ROLES)
def opinion_list(request):
    from portal.models import Department, ProcedureField

    filters = _opinion_filters(request)
    qs = selectors.opinions_filtered(selectors.opinions_visible_to(request.user), **filters)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dialogues/opinion_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": [
                *Opinion.Status.choices,
                (selectors.ANSWERED_FILTER, _("Answered (in writing or at a session)")),
            ],
            "classifications": Opinion.Classification.choices,
            "departments": Department.objects.all(),
            "fields": ProcedureField.objects.all(),
            "today": timezone.localdate(),
            "can_add": roles.has_role(request.user, roles.OFFICE, roles.ORGANISATION),
        },
    )


@transaction.non_atomic_requests  # a long read must not hold the SQLite write lock
@roles.role_required(*OPINION_ROLES)
def opinions_xlsx(request):
    from portal.export_jobs import export_respond

    # Streamed at once, or built in the background above PORTAL_EXPORT_BACKGROUND_ROWS.
    params = exports.opinion_filters_as_params(_opinion_filters(request))
    return export_respond(request, kind_key="dialogues.opinions", params=params)


@roles.role_required(roles.OFFICE, roles.ORGANISATION)
def opinion_add(request):
    is_org = not roles.has_role(request.user, roles.OFFICE)
    initial = (
        {"source": Opinion.Source.ORGANISATION} if is_org else {"source": Opinion.Source.FLOOR}
    )
    if (session_pk := int_param(request.GET.get("session", ""))) is not None:
        initial["session"] = session_pk
    form = OpinionForm(request.POST or None, initial=initial)
    if is_org:
        form.fields["source"].disabled = True
        form.fields["organisation"].disabled = True
        form.initial["organisation"] = request.user.mass_organization_id
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if is_org:
            data["source"] = Opinion.Source.ORGANISATION
            data["organisation"] = request.user.mass_organization
        try:
            opinion = services.opinion_create(actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Opinion recorded."))
            if request.POST.get("another"):
                return redirect(f"{request.path}?session={opinion.session_id or ''}")
            return redirect("dialogues:opinion_detail", pk=opinion.pk)
    return render(
        request,
        "dialogues/opinion_form.html",
        {"form": form, "privacy_notice": privacy_notice_current()},
    )


def _opinion_page(request, opinion, **bound):
    """The opinion's page; `bound` holds a form sent back with its errors (classify,
    answer_form), which then keeps everything the officer chose or typed."""
    user = request.user
    is_office = roles.has_role(user, roles.OFFICE)
    can_answer = opinion.status in (Opinion.Status.ASSIGNED, Opinion.Status.DRAFTED) and (
        is_office
        or (roles.has_role(user, roles.DEPARTMENT) and user.department_id == opinion.department_id)
    )
    classify = None
    if is_office and opinion.status != Opinion.Status.APPROVED:
        classify = bound.get("classify") or ClassifyForm(
            initial={
                "classification": opinion.classification or Opinion.Classification.PROCEDURE,
                "field": opinion.field_id,
                "department": opinion.department_id,
                "officer": opinion.officer_id,
                "due_date": opinion.due_date,
                "routed_note": opinion.routed_note,
            }
        )
    can_approve = roles.has_role(user, roles.LEADER) and opinion.status == Opinion.Status.DRAFTED
    answer_form = None
    if can_answer:
        answer_form = bound.get("answer_form") or AnswerForm(initial={"answer": opinion.answer})
    return render(
        request,
        "dialogues/opinion_detail.html",
        {
            "opinion": opinion,
            "classify": classify,
            "answer_form": answer_form,
            "can_approve": can_approve,
            "return_form": (bound.get("return_form") or ReturnAnswerForm())
            if can_approve
            else None,
            "can_answer_on_the_spot": is_office
            and opinion.session_id is not None
            and opinion.status in (Opinion.Status.NEW, Opinion.Status.ASSIGNED)
            and not opinion.out_of_scope,
            "can_mark_sent": is_office
            and opinion.status == Opinion.Status.APPROVED
            and not opinion.letter_sent_at,
            "can_write_letter": is_office,
            "today": timezone.localdate(),
        },
    )


@roles.role_required(*OPINION_ROLES)
def opinion_detail(request, pk):
    return _opinion_page(request, selectors.opinion_for_user(request.user, pk))


def _opinion_step(request, pk, form_class, call, success, *, form_key: str = ""):
    """Run one step of an opinion. A step with a form (`form_key`: its name on the page)
    that fails — the form's own checks or the service's — shows the page again with the
    form as sent and each error by its field; a step without one reports in a message."""
    opinion = selectors.opinion_for_user(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _opinion_page(request, opinion, **{form_key: form})
    try:
        call(opinion, form.cleaned_data if form else {})
    except ValidationError as exc:
        if form is None or not form_key:
            messages.error(request, " ".join(exc.messages))
            return redirect("dialogues:opinion_detail", pk=pk)
        errors_onto(form, exc)
        opinion.refresh_from_db()
        return _opinion_page(request, opinion, **{form_key: form})
    messages.success(request, success)
    return redirect("dialogues:opinion_detail", pk=pk)


@require_POST
@roles.role_required(roles.OFFICE)
def opinion_classify(request, pk):
    def classify(opinion, data):
        opinion = services.opinion_classify(opinion=opinion, actor=request.user, **data)
        if data.get("due_date") and opinion.due_date:  # a date staff chose, not the default
            _warn_if_day_off(request, opinion.due_date)

    return _opinion_step(
        request, pk, ClassifyForm, classify, _("Opinion classified."), form_key="classify"
    )


@require_POST
@roles.role_required(roles.OFFICE, roles.DEPARTMENT)
def opinion_answer(request, pk):
    return _opinion_step(
        request, pk, AnswerForm,
        lambda o, d: services.opinion_draft_answer(opinion=o, actor=request.user, answer=d["answer"]),
        _("Answer saved; it now waits for a leader's approval."), form_key="answer_form",
    )  # fmt: skip


@require_POST
@roles.role_required(roles.OFFICE)
def opinion_answer_on_the_spot(request, pk):
    return _opinion_step(
        request, pk, AnswerForm,
        lambda o, d: services.opinion_answer_on_the_spot(
            opinion=o, actor=request.user, answer=d["answer"]
        ),
        _("Answer given at the session recorded; it appears in the minutes."),
        form_key="answer_form",
    )  # fmt: skip


@require_POST
@roles.role_required(roles.LEADER)
def opinion_approve(request, pk):
    return _opinion_step(
        request, pk, None, lambda o, d: services.opinion_approve(opinion=o, actor=request.user),
        _("Answer approved and numbered; the citizen is told by email when an address is known."),
    )  # fmt: skip


@require_POST
@roles.role_required(roles.LEADER)
def opinion_return_answer(request, pk):
    return _opinion_step(
        request, pk, ReturnAnswerForm,
        lambda o, d: services.opinion_return_answer(
            opinion=o, actor=request.user, comment=d["comment"]
        ),
        _("Answer returned with your comment; the department revises it."),
        form_key="return_form",
    )  # fmt: skip


@require_POST
@roles.role_required(roles.OFFICE)
def opinion_mark_sent(request, pk):
    return _opinion_step(
        request, pk, None, lambda o, d: services.opinion_mark_sent(opinion=o, actor=request.user),
        _("Marked as sent."),
    )  # fmt: skip


@roles.role_required(*OPINION_ROLES)
def opinion_letter_pdf(request, pk):
    opinion = selectors.opinion_for_user(request.user, pk)
    # A drafted answer prints as the draft a leader approves (no number yet, DỰ THẢO).
    preview = opinion.status == Opinion.Status.DRAFTED and roles.has_role(
        request.user, roles.LEADER, roles.OFFICE
    )
    if opinion.status != Opinion.Status.APPROVED and not preview:
        raise PermissionDenied
    return pdf_response(_documents().render_answer_letter(opinion), f"tra-loi-{opinion.pk}.pdf")


@ratelimit(key="ip", rate="5/m", method="POST", block=False)
def feedback(request):
    """Public: a citizen sends an opinion on administrative procedures."""
    form = PublicFeedbackForm(request.POST or None)
    limited = getattr(request, "limited", False)
    if request.method == "POST" and not limited and form.is_valid():
        data = form.cleaned_data
        opinion = services.opinion_create(
            source=Opinion.Source.FEEDBACK,
            content=data["content"],
            citizen_name=data["citizen_name"],
            citizen_phone=data["citizen_phone"],
            citizen_email=data["citizen_email"],
        )
        form.consent_save(obj=opinion, source=Consent.Source.OPINION_FORM)
        return render(request, "dialogues/feedback_thanks.html")
    return render(
        request,
        "dialogues/feedback.html",
        {"form": form, "limited": limited, "privacy_notice": privacy_notice_current()},
        status=429 if limited else 200,
    )

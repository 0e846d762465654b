"""Staff pages of the surveys app: rounds, questions, paper ballots, free-text answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import roles
from portal.forms import int_param
from portal.models import MassOrganization, ProcedureField
from portal.text import search_terms
from surveys import imports, services
from surveys.forms import BallotImportForm, QuestionForm, SurveyForm
from surveys.models import Answer, Ballot, BallotEdit, Question, Survey

STAFF = (roles.OFFICE, roles.LEADER)
ENTRY = (roles.OFFICE, roles.ORGANISATION)


def answers_from(data, survey: Survey) -> dict[int, object]:
    """{question id: value} from a POSTed ballot form (fields q<id>)."""
    out: dict[int, object] = {}
    for q in survey.questions.all():
        key = f"q{q.pk}"
        out[q.pk] = data.getlist(key) if q.kind == Question.Kind.MULTIPLE else data.get(key, "")
    return out


@roles.role_required(*STAFF, roles.ORGANISATION)
def survey_list(request):
    q = request.GET.get("q", "").strip()
    qs = Survey.objects.all()
    if q:
        qs = qs.filter(title__fold__contains=search_terms(q))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/survey_list.html",
        {"page": page, "q": q, "query": query.urlencode(), "today": timezone.localdate(),
         "can_create": roles.has_role(request.user, roles.OFFICE)},
    )  # fmt: skip


@roles.role_required(roles.OFFICE)
def survey_new(request):
    today = timezone.localdate()
    form = SurveyForm(
        request.POST or None, initial={"opens_on": today, "closes_on": today.replace(day=28)}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        from_template = data.pop("from_template")
        try:
            survey = services.survey_create(actor=request.user, from_template=from_template, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey round created."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form})


@roles.role_required(*STAFF, roles.ORGANISATION)
def survey_detail(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    counts = {c: 0 for c in Ballot.Channel.values}
    counts.update(
        dict(
            survey.ballots.values_list("channel")
            .annotate(n=Count("id"))
            .values_list("channel", "n")
        )
    )
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "frozen": services.questions_frozen(survey),
            "counts": counts,
            "public_url": request.build_absolute_uri(reverse("survey_public", args=[survey.code])),
            "is_office": roles.has_role(request.user, roles.OFFICE),
            "is_staff_reader": roles.has_role(request.user, *STAFF),
        },
    )


@roles.role_required(roles.OFFICE)
def question_edit(request, pk, qpk=None):
    survey = get_object_or_404(Survey, pk=pk)
    question = (
        get_object_or_404(Question, pk=qpk, survey=survey) if qpk else Question(survey=survey)
    )
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        if not question.pk:
            last = survey.questions.order_by("-order").first()
            question.order = (last.order + 1) if last else 1
        try:
            services.question_save(question=question)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys:survey_detail", pk=pk)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": question},
    )


def _question_action(request, pk, qpk, call, success):
    question = get_object_or_404(Question, pk=qpk, survey_id=pk)
    try:
        call(question)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("surveys:survey_detail", pk=pk)


@require_POST
@roles.role_required(roles.OFFICE)
def question_move(request, pk, qpk):
    up = request.POST.get("direction") == "up"
    return _question_action(
        request, pk, qpk, lambda q: services.question_move(question=q, up=up), _("Order changed.")
    )


@require_POST
@roles.role_required(roles.OFFICE)
def question_delete(request, pk, qpk):
    return _question_action(
        request, pk, qpk, lambda q: services.question_delete(question=q), _("Question deleted.")
    )


def _posted_values(posted, key: str) -> list[str]:
    """The values typed for one question: a form's (several for a multiple choice) or a
    saved ballot's (see _posted_from)."""
    if posted is None:
        return []
    if hasattr(posted, "getlist"):
        return [v for v in posted.getlist(key) if v]
    value = posted.get(key, [])
    return list(value) if isinstance(value, list | tuple) else [value]


def _entry_rows(survey, posted, errors) -> list[dict]:
    rows = []
    for q in survey.questions.all():
        values = _posted_values(posted, f"q{q.pk}")
        rows.append(
            {
                "q": q,
                "value": values[0] if values else "",
                "chosen": values,
                "error": (errors or {}).get(q.pk, ""),
            }
        )
    return rows


def _entry_context(request, survey, **extra):
    is_org = not roles.has_role(request.user, roles.OFFICE)
    return {
        "survey": survey,
        "rows": _entry_rows(survey, extra.get("posted"), extra.get("errors")),
        "fields": ProcedureField.objects.all(),
        "organisations": MassOrganization.objects.filter(is_active=True),
        "fixed_organisation": request.user.mass_organization if is_org else None,
        "entered": survey.ballots.filter(channel=Ballot.Channel.PAPER).count(),
        "entered_by_me": survey.ballots.filter(
            channel=Ballot.Channel.PAPER, entered_by=request.user
        ).count(),
        **extra,
    }


def _entry_choices(request):
    """Organisation and field from the entry form; an organisation user enters for its own."""
    if roles.has_role(request.user, roles.OFFICE):
        org_id = int_param(request.POST.get("organisation", ""))
        organisation = MassOrganization.objects.filter(pk=org_id).first() if org_id else None
    else:
        organisation = request.user.mass_organization
        if organisation is None:
            raise PermissionDenied
    field_id = int_param(request.POST.get("field", ""))
    field = ProcedureField.objects.filter(pk=field_id).first() if field_id else None
    return organisation, field


@roles.role_required(*ENTRY)
def paper_entry(request, pk):
    """Keyboard-only entry of paper ballots: serial, digits 1-5, Enter saves and starts
    the next one."""
    survey = get_object_or_404(Survey, pk=pk)
    if request.method == "POST":
        organisation, field = _entry_choices(request)
        try:
            ballot = services.ballot_submit(
                survey=survey,
                channel=Ballot.Channel.PAPER,
                answers=answers_from(request.POST, survey),
                serial=request.POST.get("serial", ""),
                organisation=organisation,
                field=field,
                entered_by=request.user,
            )
        except services.BallotError as exc:
            return render(
                request,
                "surveys/paper_entry.html",
                _entry_context(
                    request,
                    survey,
                    errors=exc.question_errors,
                    general=exc.general,
                    posted=request.POST,
                ),
                status=400,
            )
        messages.success(request, _("Ballot %(serial)s saved.") % {"serial": ballot.serial})
        response = redirect("surveys:paper_entry", pk=pk)
        # Keep the organisation and field chosen for the next ballot of the same pile.
        response["Location"] += (
            f"?organisation={organisation.pk if organisation else ''}&field={field.pk if field else ''}"
        )
        return response
    return render(
        request, "surveys/paper_entry.html", _entry_context(request, survey, posted=request.GET)
    )


@roles.role_required(*ENTRY)
def ballot_list(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    qs = survey.ballots.select_related("organisation", "field", "entered_by")
    if not roles.has_role(request.user, roles.OFFICE):
        qs = qs.filter(organisation=request.user.mass_organization)
    serial = request.GET.get("serial", "").strip()
    if serial:
        qs = qs.filter(serial__icontains=serial)
    channel = request.GET.get("channel", "")
    if channel in Ballot.Channel.values:
        qs = qs.filter(channel=channel)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/ballot_list.html",
        {
            "survey": survey,
            "page": page,
            "serial": serial,
            "channel": channel,
            "query": query.urlencode(),
        },
    )


@roles.role_required(roles.LEADER, roles.OFFICE, roles.ORGANISATION)
def ballot_corrections(request, pk):
    """The log of corrections to the round's ballots: who changed what, and when. Leaders
    and the office read all of it; an organisation reads its own ballots'."""
    survey = get_object_or_404(Survey, pk=pk)
    qs = BallotEdit.objects.filter(ballot__survey=survey).select_related("ballot", "edited_by")
    if not roles.has_role(request.user, roles.LEADER, roles.OFFICE):
        qs = qs.filter(ballot__organisation=request.user.mass_organization)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "surveys/ballot_corrections.html", {"survey": survey, "page": page})


@roles.role_required(*ENTRY)
def ballot_edit(request, pk, bpk):
    survey = get_object_or_404(Survey, pk=pk)
    ballot = get_object_or_404(Ballot, pk=bpk, survey=survey, channel=Ballot.Channel.PAPER)
    if (
        not roles.has_role(request.user, roles.OFFICE)
        and ballot.organisation_id != request.user.mass_organization_id
    ):
        raise PermissionDenied
    errors, general = {}, []
    if request.method == "POST":
        organisation, field = _entry_choices(request)
        try:
            services.ballot_update(
                ballot=ballot, answers=answers_from(request.POST, survey), actor=request.user,
                field=field, organisation=organisation,
            )  # fmt: skip
        except services.BallotError as exc:
            errors, general = exc.question_errors, exc.general
            posted = request.POST
        else:
            messages.success(request, _("Ballot corrected; the change is logged."))
            return redirect("surveys:ballot_list", pk=pk)
    else:
        posted = _posted_from(ballot)
    return render(
        request,
        "surveys/paper_entry.html",
        _entry_context(
            request,
            survey,
            errors=errors,
            general=general,
            posted=posted,
            ballot=ballot,
            edits=list(ballot.edits.select_related("edited_by")),
        ),  # fmt: skip
    )


def _posted_from(ballot: Ballot) -> dict:
    posted = {
        "serial": ballot.serial,
        "organisation": str(ballot.organisation_id or ""),
        "field": str(ballot.field_id or ""),
    }
    for a in ballot.answers.all():
        if a.score:
            posted[f"q{a.question_id}"] = [str(a.score)]
        elif a.choice:
            posted[f"q{a.question_id}"] = a.choice.split("\n")
        else:
            posted[f"q{a.question_id}"] = [a.text]
    return posted


@roles.role_required(roles.OFFICE)
def ballot_import(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = BallotImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.ballots_import(
            survey=survey, file=form.cleaned_data["file"], actor=request.user
        )
        if result.ok:
            messages.success(request, _("%(n)s paper ballots imported.") % {"n": result.created})
            return redirect("surveys:survey_detail", pk=pk)
    return render(
        request, "surveys/ballot_import.html", {"survey": survey, "form": form, "result": result}
    )


@roles.role_required(roles.OFFICE)
def ballot_import_template(request, pk):
    from portal.exports import XLSX_TYPE

    survey = get_object_or_404(Survey, pk=pk)
    response = HttpResponse(imports.ballots_template(survey), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-phieu-{survey.code}.xlsx"'
    return response


@roles.role_required(*STAFF)
def free_texts(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    qs = (
        Answer.objects.filter(ballot__survey=survey)
        .exclude(text="")
        .select_related("question", "ballot__organisation", "opinion")
        .order_by("-ballot__submitted_at", "-pk")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/free_texts.html",
        {
            "survey": survey,
            "page": page,
            "query": "",
            "can_write_letter": roles.has_role(request.user, roles.OFFICE),
        },
    )


@require_POST
@roles.role_required(roles.OFFICE)
def free_text_to_opinion(request, pk, apk):
    answer = get_object_or_404(Answer, pk=apk, ballot__survey_id=pk)
    try:
        with transaction.atomic():
            opinion = services.answer_to_opinion(answer=answer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("surveys:free_texts", pk=pk)
    messages.success(request, _("Added to the dialogue's opinions for classification."))
    return redirect("dialogues:opinion_detail", pk=opinion.pk)

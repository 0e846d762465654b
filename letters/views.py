"""Pages of the committee's letters: the list, a new letter (blank, from an opinion or
from a survey's written answer), a letter's page with its PDF, and its steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.selectors import opinion_for_user
from letters import documents, selectors, services
from letters.forms import DeliverForm, LetterFilterForm, LetterForm
from letters.models import Letter
from letters.steps import allowed, may
from portal import roles
from portal.documents import pdf_response
from portal.forms import errors_onto, int_param
from surveys.models import Answer

PAGE_SIZE = 25


@roles.role_required(*selectors.READ_ROLES)
def letter_list(request):
    form = LetterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.letters_filtered(
        selectors.letters_visible_to(request.user),
        q=filters.get("q") or "",
        kind=filters.get("kind") or "",
        status=filters.get("status") or "",
        year=filters.get("year"),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "letters/letter_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_draft": roles.has_role(request.user, roles.OFFICE),
        },
    )


def _origin(request) -> tuple[object | None, Answer | None, dict]:
    """The opinion or written survey answer a new letter starts from (?opinion=, ?answer=),
    and what the form takes from it."""
    initial: dict = {"kind": Letter.Kind.THANKS}
    if request.GET.get("kind") in Letter.Kind.values:
        initial["kind"] = request.GET["kind"]
    opinion_pk = int_param(request.GET.get("opinion"), minimum=1)
    if opinion_pk is not None:
        opinion = opinion_for_user(request.user, opinion_pk)
        return opinion, None, {**initial, **selectors.initial_from_opinion(opinion)}
    answer_pk = int_param(request.GET.get("answer"), minimum=1)
    if answer_pk is not None:
        answer = get_object_or_404(
            Answer.objects.select_related("ballot", "question").exclude(text=""), pk=answer_pk
        )
        return None, answer, {**initial, **selectors.initial_from_answer(answer)}
    return None, None, initial


@roles.role_required(roles.OFFICE)
def letter_new(request):
    opinion, answer, initial = _origin(request)
    form = LetterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_draft(
                actor=request.user, opinion=opinion, survey_answer=answer, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Letter drafted. A leader can now read and sign it."))
            return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/letter_form.html",
        {"form": form, "opinion": opinion, "answer": answer, "letter": None},
    )


@roles.role_required(roles.OFFICE)
def letter_edit(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    if not may(request.user, letter, "edit"):
        raise PermissionDenied
    form = LetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.letter_update(
                letter=letter,
                actor=request.user,
                kind=data.pop("kind"),
                addressee_kind=data.pop("addressee_kind"),
                **data,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/letter_form.html",
        {
            "form": form,
            "opinion": letter.opinion,
            "answer": letter.survey_answer,
            "letter": letter,
        },
    )


@roles.role_required(*selectors.READ_ROLES)
def letter_detail(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "letter": letter,
            "can": allowed(request.user, letter),
            "deliver_form": DeliverForm(),
            "answer_url": reverse(
                "surveys:free_texts", args=[letter.survey_answer.ballot.survey_id]
            )
            if letter.survey_answer_id
            else "",
        },
    )


@roles.role_required(*selectors.READ_ROLES)
def letter_pdf(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    if letter.pdf and not letter.is_draft:
        with letter.pdf.open("rb") as f:
            content = f.read()
    else:
        content = documents.render_letter(letter)
    return pdf_response(content, documents.letter_filename(letter))


@require_POST
@roles.role_required(roles.LEADER)
def letter_sign(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    try:
        letter = services.letter_sign(letter=letter, signer=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if letter.addressee_email:
            messages.success(
                request,
                _("Letter signed as %(number)s; it is being emailed to the addressee.")
                % {"number": letter.number.symbol},
            )
        else:
            messages.success(
                request,
                _("Letter signed as %(number)s. The office can print and deliver it.")
                % {"number": letter.number.symbol},
            )
    return redirect("letters:detail", pk=letter.pk)


@require_POST
@roles.role_required(roles.OFFICE)
def letter_deliver(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    form = DeliverForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("letters:detail", pk=letter.pk)
    try:
        services.letter_deliver(
            letter=letter,
            actor=request.user,
            delivery=form.cleaned_data["delivery"],
            delivered_on=form.cleaned_data["delivered_on"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as delivered."))
    return redirect("letters:detail", pk=letter.pk)


@require_POST
@roles.role_required(roles.OFFICE)
def letter_delete(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    try:
        services.letter_delete(letter=letter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("letters:detail", pk=letter.pk)
    messages.success(request, _("Draft letter deleted."))
    return redirect("letters:list")


def new_letter_url(*, opinion=None, answer=None, kind: str = "") -> str:
    """The new-letter page starting from an opinion or a written answer."""
    params = {}
    if opinion is not None:
        params["opinion"] = opinion.pk
    if answer is not None:
        params["answer"] = answer.pk
    if kind:
        params["kind"] = kind
    url = reverse("letters:new")
    return f"{url}?{urlencode(params)}" if params else url

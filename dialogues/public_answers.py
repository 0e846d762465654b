"""The public page "Ý kiến đã được trả lời" and the office's publication of an opinion."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from dialogues import publication, selectors
from portal import roles
from portal.forms import ChoicePlaceholders, errors_onto, int_param, year_param
from portal.models import ProcedureField

PER_PAGE = 20
MAX_QUERY_CHARS = 100


class PublicationForm(ChoicePlaceholders, forms.Form):
    content = forms.CharField(
        label=gettext_lazy("Opinion as published"),
        max_length=publication.MAX_PUBLISHED_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Shorten it if needed and remove every name, phone number, address and "
            "identity card number."
        ),
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer as published"),
        max_length=publication.MAX_PUBLISHED_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Taken from the approved answer; remove officials' names too."),
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Field shown to the public"), queryset=ProcedureField.objects.all()
    )


def _publication_page(request, opinion, form=None, *, status=200):
    can_publish = roles.has_role(request.user, roles.OFFICE) and publication.publishable(opinion)
    if can_publish and form is None:
        form = PublicationForm(initial=publication.publication_initial(opinion))
    refusal = publication.publication_refusal(opinion)
    return render(
        request,
        "dialogues/public_answers_publication.html",
        {
            "opinion": opinion,
            "form": form if can_publish else None,
            "can_unpublish": roles.has_role(request.user, roles.OFFICE)
            and opinion.published_at is not None,
            "refusal": " ".join(refusal.messages) if refusal else "",
        },
        status=status,
    )


@roles.role_required(roles.LEADER, roles.OFFICE)
def opinion_publication(request, pk):
    """Leaders see whether and how an opinion is published; the office publishes it."""
    opinion = selectors.opinion_for_user(request.user, pk)
    if request.method != "POST":
        return _publication_page(request, opinion)
    if not roles.has_role(request.user, roles.OFFICE):
        return _publication_page(request, opinion, status=403)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        return _publication_page(request, opinion, form, status=400)
    try:
        publication.opinion_publish(opinion=opinion, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        errors_onto(form, exc)
        opinion.refresh_from_db()
        return _publication_page(request, opinion, form, status=400)
    messages.success(request, _("Published on the page of answered opinions."))
    return redirect("dialogues:opinion_publication", pk=pk)


@require_POST
@roles.role_required(roles.OFFICE)
def opinion_unpublish(request, pk):
    opinion = selectors.opinion_for_user(request.user, pk)
    try:
        publication.opinion_unpublish(opinion=opinion, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Withdrawn from the page of answered opinions."))
    return redirect("dialogues:opinion_publication", pk=pk)


@ratelimit(key="ip", rate="60/m", method="GET", block=False)
def public_answers(request):
    """Public, no login: opinions the ward answered and published, with their answers."""
    if getattr(request, "limited", False):
        return render(request, "dialogues/public_answers.html", {"limited": True}, status=429)
    get = request.GET
    filters = {
        "q": get.get("q", "").strip()[:MAX_QUERY_CHARS],
        "field_id": int_param(get.get("field", "")),
        "year": year_param(get.get("year", "")),
    }
    page = Paginator(publication.published_opinions(**filters), PER_PAGE).get_page(
        int_param(get.get("page", "")) or 1
    )
    # The links keep the filters as understood, not whatever else the address carried.
    query = urlencode(
        {
            key: value
            for key, value in (
                ("q", filters["q"]),
                ("field", filters["field_id"]),
                ("year", filters["year"]),
            )
            if value
        }
    )
    return render(
        request,
        "dialogues/public_answers.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "fields": publication.published_fields(),
            "years": publication.published_years(),
        },
    )

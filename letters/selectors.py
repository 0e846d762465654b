"""Reads on the committee's letters: who sees them, the list's filters, the report's
counts, and what a new letter takes from the opinion or survey answer it answers."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from letters.models import Letter
from portal import roles
from portal.personal_data import ANONYMISED
from portal.search import search_terms

# Who reads the letters (list, page, PDF); the office writes them, a leader signs.
READ_ROLES = (roles.LEADER, roles.OFFICE)

SENT = (Letter.Status.SIGNED, Letter.Status.DELIVERED)


def letters_visible_to(user) -> QuerySet[Letter]:
    """The one access rule: leaders and the office see every letter, nobody else any."""
    qs = Letter.objects.select_related("number", "signed_by", "created_by")
    if not roles.has_role(user, *READ_ROLES):
        return qs.none()
    return qs


def letter_for_user(user, pk: int) -> Letter:
    try:
        return letters_visible_to(user).select_related("opinion", "survey_answer").get(pk=pk)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc


def letters_filtered(
    qs: QuerySet[Letter], *, q: str = "", kind: str = "", status: str = "", year: int | None = None
) -> QuerySet[Letter]:
    """The list's filters. `q` matches the addressee, the content or the number, without
    accents; `year` is the year the letter was drafted, or signed once it has a number."""
    terms = search_terms(q)
    if terms:
        qs = qs.filter(
            Q(addressee_name__fold__contains=terms)
            | Q(body__fold__contains=terms)
            | Q(number__symbol__fold__contains=terms)
        )
    if kind in Letter.Kind.values:
        qs = qs.filter(kind=kind)
    if status in Letter.Status.values:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(
            Q(number__isnull=False, number__year=year)
            | Q(number__isnull=True, created_at__year=year)
        )
    return qs.order_by("-created_at", "-pk")


def letters_counts(start: dt.date, end: dt.date) -> dict:
    """Letters sent (signed: dated and numbered) between `start` and `end`, both included:
    {"thanks": n, "apologies": n, "total": n}. The list filtered by kind and by signing
    year shows the same letters. JSON types only, for a report's frozen figures."""
    row = Letter.objects.filter(
        status__in=SENT, number__issued_on__gte=start, number__issued_on__lte=end
    ).aggregate(
        thanks=Count("id", filter=Q(kind=Letter.Kind.THANKS)),
        apologies=Count("id", filter=Q(kind=Letter.Kind.APOLOGY)),
    )
    thanks, apologies = row["thanks"] or 0, row["apologies"] or 0
    return {"thanks": thanks, "apologies": apologies, "total": thanks + apologies}


def _kept(value: str) -> str:
    """A contact value, or "" where it was anonymised."""
    value = (value or "").strip()
    return "" if value == ANONYMISED else value


def initial_from_opinion(opinion) -> dict:
    """A new letter answering an opinion: its author (a citizen, or the organisation that
    brought it) as the addressee, and its text as the starting content."""
    name = _kept(opinion.citizen_name)
    addressee_kind = Letter.AddresseeKind.CITIZEN
    if not name and opinion.organisation_id:
        name = opinion.organisation.name
        addressee_kind = Letter.AddresseeKind.ORGANISATION
    return {
        "addressee_kind": addressee_kind,
        "addressee_name": name,
        "addressee_address": _kept(opinion.citizen_address),
        "addressee_email": _kept(opinion.citizen_email),
        "addressee_phone": _kept(opinion.citizen_phone),
        "body": opinion.content,
    }


def initial_from_answer(answer) -> dict:
    """A ballot is anonymous: only its written answer is taken as the starting content;
    the office enters who the letter goes to."""
    return {"body": answer.text}

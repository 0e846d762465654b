"""Reads on plans, sessions and opinions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dialogues.models import DialoguePlan, DialogueSession, Opinion
from onestop.selectors import local_day_start
from portal import roles
from portal.models import Neighborhood, User
from portal.text import search_terms

OPEN_OPINION = (Opinion.Status.NEW, Opinion.Status.ASSIGNED, Opinion.Status.DRAFTED)
# Answered: in writing (the answer approved) or at the session itself.
ANSWERED_OPINION = (Opinion.Status.APPROVED, Opinion.Status.ANSWERED_ON_THE_SPOT)
ANSWERED_FILTER = "answered"


def sees_every_opinion(user) -> bool:
    return roles.has_role(user, roles.LEADER, roles.OFFICE)


def opinions_visible_to(user) -> QuerySet[Opinion]:
    """The one access rule for opinions, wherever they are listed or opened (the list, the
    register, an opinion's page and letter, a session's page, the dashboards): leaders and
    the office see every opinion; a department those assigned to it; an organisation those
    it submitted; anyone else (the desk) none."""
    qs = Opinion.objects.select_related("department", "field", "session", "organisation")
    if sees_every_opinion(user):
        return qs
    visible = Q(pk__in=[])
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        visible |= Q(department_id=user.department_id)
    if roles.has_role(user, roles.ORGANISATION) and user.mass_organization_id:
        visible |= Q(organisation_id=user.mass_organization_id)
    return qs.filter(visible)


def opinion_for_user(user, pk: int) -> Opinion:
    try:
        return opinions_visible_to(user).select_related("number", "approved_by").get(pk=pk)
    except Opinion.DoesNotExist as exc:
        raise Http404 from exc


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def session_minutes_readable_by(user, session: DialogueSession) -> bool:
    """The minutes are the record and print every opinion raised, with the citizens'
    names: only leaders, the office and the session's own chair and secretary read them.

    The chair and secretary are typed names, not accounts, so a user counts as one when
    their full name is the name typed (spacing and case aside) and no other active account
    bears that name: a namesake in another department identifies no one."""
    if sees_every_opinion(user):
        return True
    name = (getattr(user, "full_name", "") or "").strip()
    if not name or not any(_same_name(name, typed) for typed in (session.chair, session.secretary)):
        return False
    namesakes = User.objects.filter(is_active=True).exclude(pk=user.pk)
    return not any(
        _same_name(name, other) for other in namesakes.values_list("full_name", flat=True)
    )


def opinions_filtered(
    qs: QuerySet[Opinion],
    *,
    q: str = "",
    status: str = "",
    classification: str | None = None,
    department_id: int | None = None,
    session_id: int | None = None,
    field_id: int | None = None,
    overdue: bool = False,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    today: dt.date | None = None,
) -> QuerySet[Opinion]:
    """`status` may also be "answered" (in writing or at a session); the received dates
    are local days, both included."""
    today = today or timezone.localdate()
    if q:
        terms = search_terms(q)
        qs = qs.filter(Q(content__fold__contains=terms) | Q(citizen_name__fold__contains=terms))
    if status == ANSWERED_FILTER:
        qs = qs.filter(status__in=ANSWERED_OPINION)
    elif status:
        qs = qs.filter(status=status)
    if classification is not None:
        qs = qs.filter(classification=classification)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if session_id:
        qs = qs.filter(session_id=session_id)
    if field_id:
        qs = qs.filter(field_id=field_id)
    if overdue:
        qs = qs.filter(status__in=OPEN_OPINION, due_date__lt=today)
    if received_from:
        qs = qs.filter(created_at__gte=local_day_start(received_from))
    if received_to:
        qs = qs.filter(created_at__lt=local_day_start(received_to + dt.timedelta(days=1)))
    return qs


def overdue_opinions_count(user, *, today: dt.date | None = None) -> int:
    return opinions_filtered(opinions_visible_to(user), overdue=True, today=today).count()


def coverage(year: int) -> list[dict]:
    """Per neighbourhood and quarter: how many sessions were held (seed 002: at least one
    per neighbourhood per quarter). One query."""
    held = (
        DialogueSession.objects.filter(
            status=DialogueSession.Status.HELD,
            neighborhood__isnull=False,
            starts_at__year=year,
        )
        .values("neighborhood_id", "starts_at__quarter")
        .annotate(n=Count("id"))
    )
    counts = {(r["neighborhood_id"], r["starts_at__quarter"]): r["n"] for r in held}
    rows = []
    for nb in Neighborhood.objects.filter(is_active=True):
        quarters = [counts.get((nb.pk, q), 0) for q in (1, 2, 3, 4)]
        rows.append({"neighborhood": nb, "quarters": quarters})
    return rows


def coverage_gaps(year: int, *, today: dt.date | None = None) -> int:
    """Neighbourhood-quarters already over (or current) with no session held."""
    today = today or timezone.localdate()
    last_quarter = (
        4 if year < today.year else (0 if year > today.year else (today.month - 1) // 3 + 1)
    )
    return sum(
        1
        for row in coverage(year)
        for q, n in enumerate(row["quarters"], start=1)
        if q <= last_quarter and n == 0
    )


def plans_filtered(
    *, q: str = "", year: int | None = None, status: str = ""
) -> QuerySet[DialoguePlan]:
    qs = DialoguePlan.objects.select_related("number")
    if q:
        qs = qs.filter(title__fold__contains=search_terms(q))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


def dialogue_summary(user, *, today: dt.date | None = None) -> dict:
    """Dashboard figures: opinions to classify, to answer, past due; upcoming sessions."""
    today = today or timezone.localdate()
    counts = opinions_visible_to(user).aggregate(
        to_classify=Count("id", filter=Q(status=Opinion.Status.NEW)),
        to_answer=Count("id", filter=Q(status=Opinion.Status.ASSIGNED)),
        to_approve=Count("id", filter=Q(status=Opinion.Status.DRAFTED)),
        overdue=Count("id", filter=Q(status__in=OPEN_OPINION, due_date__lt=today)),
    )
    upcoming = list(
        DialogueSession.objects.filter(
            status=DialogueSession.Status.PLANNED, starts_at__date__gte=today
        ).order_by("starts_at")[:3]
    )
    return {**counts, "upcoming": upcoming}

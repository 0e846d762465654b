"""Reads on self-assessments: who may see what, the round's table, overdue items, the
year-on-year comparison."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from assessments import rules
from assessments.models import CriteriaSet, Criterion, Item, Round, RoundStatus
from assessments.services import rating_of
from portal import roles
from portal.search import search_terms

READERS = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT)
MANAGERS = (roles.OFFICE,)


def sees_all(user) -> bool:
    return roles.has_role(user, roles.LEADER, roles.OFFICE)


def sets_filtered(*, q: str = "", year: int | None = None) -> QuerySet[CriteriaSet]:
    qs = CriteriaSet.objects.annotate(
        n_criteria=Count("criteria", distinct=True),
        n_subs=Count("criteria__subs", distinct=True),
        max_total=Sum("criteria__subs__max_points"),
    )
    if q:
        qs = qs.filter(name__fold__contains=search_terms(q))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "name", "pk")


def rounds_visible_to(user) -> QuerySet[Round]:
    qs = Round.objects.select_related("criteria_set", "approved_by")
    if sees_all(user):
        return qs
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        return (
            qs.exclude(status=RoundStatus.DRAFT)
            .filter(items__department_id=user.department_id)
            .distinct()
        )
    return qs.none()


def round_for_user(user, pk: int) -> Round:
    try:
        return rounds_visible_to(user).get(pk=pk)
    except Round.DoesNotExist as error:
        raise Http404 from error


def items_visible_to(user) -> QuerySet[Item]:
    qs = Item.objects.select_related("round__criteria_set", "sub__criterion", "department")
    if sees_all(user):
        return qs
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        return qs.exclude(round__status=RoundStatus.DRAFT).filter(department_id=user.department_id)
    return qs.none()


def item_for_user(user, pk: int) -> Item:
    try:
        return items_visible_to(user).get(pk=pk)
    except Item.DoesNotExist as error:
        raise Http404 from error


def my_items(user) -> QuerySet[Item]:
    """The items the user's unit scores (the office: those it keeps), of open rounds
    first."""
    qs = Item.objects.select_related("round__criteria_set", "sub__criterion").annotate(
        n_files=Count("files", distinct=True), n_links=Count("links", distinct=True)
    )
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        mine = Q(department_id=user.department_id)
        if roles.has_role(user, roles.OFFICE):
            mine |= Q(department__isnull=True)
    elif roles.has_role(user, roles.OFFICE):
        mine = Q(department__isnull=True)
    else:
        return qs.none()
    return (
        qs.filter(mine)
        .exclude(round__status=RoundStatus.DRAFT)
        .order_by("-round__year", "round_id", "sub__criterion__order", "sub__order", "pk")
    )


def overdue_count(user, *, today: dt.date | None = None) -> int:
    """How many items wait for this user past their deadline (one query)."""
    return overdue_items(user, today=today).count()


def overdue_items(user, *, today: dt.date | None = None) -> QuerySet[Item]:
    """Assessment items waiting for this user past their deadline: for a unit's staff,
    its items of open rounds not self-scored after the units' deadline; for the office,
    those it keeps likewise, plus the items not reviewed after the office's deadline."""
    today = today or timezone.localdate()
    conditions = Q(pk__in=[])
    late_self = Q(self_score__isnull=True, round__departments_due__lt=today)
    if roles.has_role(user, roles.DEPARTMENT) and user.department_id:
        conditions |= late_self & Q(department_id=user.department_id)
    if roles.has_role(user, roles.OFFICE):
        conditions |= late_self & Q(department__isnull=True)
        conditions |= Q(reviewed_score__isnull=True, round__office_due__lt=today)
    return (
        Item.objects.filter(conditions, round__status=RoundStatus.OPEN)
        .select_related("sub", "round")
        .order_by("round__departments_due", "sub__code", "pk")
    )


@dataclass
class CriterionGroup:
    criterion: Criterion
    items: list = field(default_factory=list)
    max_points: Decimal = Decimal(0)
    self_total: Decimal = Decimal(0)
    score_total: Decimal = Decimal(0)


def round_table(round_: Round, *, department_id: int | None = None) -> dict:
    """The round's items grouped by criterion, with evidence counts, proposals and totals.
    A constant number of queries whatever the number of items (and one per rule used)."""
    items = (
        round_.items.select_related("sub__criterion", "department")
        .annotate(n_files=Count("files", distinct=True), n_links=Count("links", distinct=True))
        .order_by("sub__criterion__order", "sub__criterion_id", "sub__order", "sub_id")
    )
    if department_id is not None:
        items = items.filter(department_id=department_id)
    groups: dict[int, CriterionGroup] = {}
    cache: dict = {}
    total = self_total = max_total = Decimal(0)
    scored = reviewed = count = 0
    for item in items:
        group = groups.setdefault(
            item.sub.criterion_id, CriterionGroup(criterion=item.sub.criterion)
        )
        item.proposal = rules.propose(item.sub, round_.year, cache) if not round_.frozen else None
        group.items.append(item)
        group.max_points += item.sub.max_points
        group.self_total += item.self_score or 0
        group.score_total += item.score or 0
        count += 1
        scored += item.self_score is not None
        reviewed += item.reviewed_score is not None
    for group in groups.values():
        total += group.score_total
        self_total += group.self_total
        max_total += group.max_points
    thresholds = list(round_.criteria_set.thresholds.all())
    return {
        "groups": list(groups.values()),
        "total": total,
        "self_total": self_total,
        "max_total": max_total,
        "rating": rating_of(total, thresholds),
        "thresholds": thresholds,
        "count": count,
        "scored": scored,
        "reviewed": reviewed,
    }


def lineage(criteria_set: CriteriaSet) -> list[CriteriaSet]:
    """The set and those it was copied from or to (the same criteria over the years),
    oldest year first."""
    sets = {criteria_set.pk: criteria_set}
    frontier = [criteria_set.pk]
    while frontier:
        found = CriteriaSet.objects.filter(
            Q(pk__in=CriteriaSet.objects.filter(pk__in=frontier).values("copied_from"))
            | Q(copied_from__in=frontier)
        ).exclude(pk__in=list(sets))
        frontier = []
        for s in found:
            sets[s.pk] = s
            frontier.append(s.pk)
    return sorted(sets.values(), key=lambda s: (s.year, s.pk))


def comparison(criteria_set: CriteriaSet) -> dict:
    """Per criterion code, each year's score and maximum over the rounds of the set's
    lineage; the totals and ratings per year."""
    sets = lineage(criteria_set)
    rounds = list(
        Round.objects.filter(criteria_set__in=sets)
        .select_related("criteria_set")
        .prefetch_related("criteria_set__thresholds")
        .order_by("year", "pk")
    )
    scores = (
        Item.objects.filter(round__in=rounds)
        .values("round_id", "sub__criterion__code", "sub__criterion__name")
        .annotate(
            max_points=Sum("sub__max_points"),
            reviewed=Sum("reviewed_score"),
            own=Sum("self_score"),
            n_reviewed=Count("reviewed_score"),
        )
    )
    rows: dict[str, dict] = {}
    for row in scores:
        code = row["sub__criterion__code"]
        entry = rows.setdefault(
            code, {"code": code, "name": row["sub__criterion__name"], "cells": {}}
        )
        score = row["reviewed"] if row["n_reviewed"] else row["own"]
        entry["cells"][row["round_id"]] = {"score": score, "max": row["max_points"]}
    totals = {}
    for r in rounds:
        total = sum(
            (e["cells"].get(r.pk, {}).get("score") or Decimal(0) for e in rows.values()),
            Decimal(0),
        )
        totals[r.pk] = {"total": total, "rating": rating_of(total, r.criteria_set.thresholds.all())}

    def order(code: str):
        return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split(".")]

    table = []
    for code in sorted(rows, key=order):
        entry = rows[code]
        table.append({**entry, "by_round": [entry["cells"].get(r.pk) for r in rounds]})
    return {"rounds": rounds, "rows": table, "totals": [totals[r.pk] for r in rounds]}

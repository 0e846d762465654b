"""Reads across the domain apps for the dashboards: this quarter's on-time rate and the
survey rounds' satisfaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from onestop.models import Case
from onestop.selectors import case_stats, received_between, stats_totals
from portal.calendar import quarter_bounds, quarter_of
from surveys.models import Survey
from surveys.results import percent, satisfaction_target


def on_time_summary(*, start: dt.date, end: dt.date, today: dt.date) -> dict:
    """Dossiers received in [start, end], decided early / on time / late, per department:
    the desk statistics page's numbers for the same dates (two grouped queries whose rows
    are bounded by the departments)."""
    rows = case_stats(
        received_between(Case.objects.all(), start, end),
        group_by="department",
        today=today,
        letters=False,
    )
    totals = stats_totals(rows)
    decided = totals["early"] + totals["on_time"] + totals["late"]
    in_time = totals["early"] + totals["on_time"]
    return {
        "start": start,
        "end": end,
        "quarter": quarter_of(start),
        "rows": rows,
        "totals": totals,
        "decided": decided,
        "in_time": in_time,
        "rate": percent(in_time, decided),
    }


def _round_counts(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        n_ballots=Count("ballots"),
        n_answers=Sum("ballots__scale_answers"),
        n_satisfied=Sum("ballots__satisfied_answers"),
    )


def satisfaction_rounds(*, today: dt.date, limit: int = 4) -> list[Survey]:
    """The rounds open today with their ballot and answer counts, the one with the most
    ballots first (ties: the latest opened), so that a new round with a handful of ballots
    never takes the place of the year's round; when none is open, the one that closed
    last. One query, two when none is open."""
    rounds = list(
        _round_counts(Survey.objects.filter(opens_on__lte=today, closes_on__gte=today)).order_by(
            "-n_ballots", "-opens_on", "-pk"
        )[:limit]
    )
    if not rounds:
        rounds = list(
            _round_counts(Survey.objects.filter(opens_on__lte=today)).order_by("-closes_on", "-pk")[
                :1
            ]
        )
    return rounds


def current_survey_round(*, today: dt.date) -> Survey | None:
    """The main round: of those open today the one with the most ballots, else the one
    that closed last."""
    rounds = satisfaction_rounds(today=today, limit=1)
    return rounds[0] if rounds else None


def _round_rate(survey: Survey, target: Decimal) -> dict:
    answers, satisfied = survey.n_answers or 0, survey.n_satisfied or 0
    rate = percent(satisfied, answers)
    return {
        "survey": survey,
        "ballots": survey.n_ballots,
        "answers": answers,
        "satisfied": satisfied,
        "rate": rate,
        "meets_target": rate is not None and rate >= target,
    }


def satisfaction_summary(*, today: dt.date) -> dict:
    """The main round's overall satisfaction rate against the ward's target (the
    results page's "All ballots", from the ballots' own answer counts), and the other
    rounds open today with their ballot counts and rates."""
    target: Decimal = satisfaction_target()
    rounds = satisfaction_rounds(today=today)
    if not rounds:
        return {"survey": None, "target": target, "others": []}
    main, *others = rounds
    return {
        **_round_rate(main, target),
        "is_open": main.is_open_on(today),
        "target": target,
        "others": [_round_rate(r, target) for r in others],
    }


def leader_summary(*, today: dt.date | None = None) -> dict:
    """What the leaders' dashboard adds to the desk and dialogue figures: this quarter's
    on-time rate (per department too) and the current survey round's satisfaction rate.
    At most five queries, whatever the number of dossiers and ballots."""
    today = today or timezone.localdate()
    return {
        "on_time": on_time_summary(
            start=quarter_bounds(today.year, quarter_of(today))[0], end=today, today=today
        ),
        "satisfaction": satisfaction_summary(today=today),
    }

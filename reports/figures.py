"""The figures of a periodic report, computed from the same selectors as the lists.

Every number here is what a list shows for the same period, by construction:

- one-stop desk: dossiers *received* in the period, counted by `onestop.selectors.case_stats`
  (the statistics page with the same dates; the dossier list filtered on the received
  dates, with "late" = `due=late_finished`, "overdue" = `due=overdue`);
- opinions: opinions *received* in the period (the opinion list with the same received
  dates; "answered" = approved answers + answered at a session, "out of scope" = the
  complaint classification, "overdue" = the list's "past due" filter on the day the
  figures were taken);
- dialogue sessions: sessions *held* with a start in the period; coverage per
  neighbourhood and quarter is `dialogues.selectors.coverage` (the coverage page);
- surveys: every round open during the period, with all its ballots (each round's
  figures are its results page);
- plans: the tasks of the issued plans of the period's last year, as the quarterly review
  of the period's last quarter shows them (`plans.review.quarterly_review`, the review
  page with the same year and quarter).

The result holds only JSON types (numbers, strings, lists, dicts): an issued report keeps
it as it was on the day of issue, and a draft and an issued report print the same way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from dialogues.models import DialogueSession, Opinion
from dialogues.selectors import ANSWERED_OPINION, OPEN_OPINION, coverage
from letters.selectors import letters_counts
from onestop.models import Case
from onestop.selectors import (
    case_stats,
    local_day_start,
    received_between,
    service_targets,
    stats_totals,
)
from plans.review import quarterly_review
from portal.calendar import quarter_of
from surveys.counter import rating_summary
from surveys.models import Ballot, Question, Survey
from surveys.results import (
    answer_groups,
    ballot_groups,
    percent,
    rates_by_criterion,
    rates_by_field,
    rates_by_question,
    satisfaction_target,
    score_counts,
)

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _rate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _share(part: int, whole: int) -> float | None:
    return _rate(percent(part, whole))


def window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[local midnight of start, local midnight after end)."""
    return local_day_start(start), local_day_start(end + dt.timedelta(days=1))


def quarters_in(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter the period touches, in order."""
    out = []
    year, quarter = start.year, quarter_of(start)
    while (year, quarter) <= (end.year, quarter_of(end)):
        out.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


# --- One-stop desk ---------------------------------------------------------------------


def _case_row(row: dict) -> dict:
    decided = row["early"] + row["on_time"] + row["late"]
    return {
        "name": row.get("name") or "",
        "received": row["received"],
        "decided": decided,
        "early": row["early"],
        "on_time": row["on_time"],
        "late": row["late"],
        "in_progress": row["in_progress"],
        "overdue": row["overdue"],
        "supplement_breaches": row["supplement_breaches"],
        "stopped": row["stopped"],
        "withdrawn": row["withdrawn"],
        "apology_letters": row["apology_letters"],
        "on_time_rate": _share(row["early"] + row["on_time"], decided),
    }


def counter_figures(start: dt.date, end: dt.date) -> dict:
    """The ratings given at the counter in the period (surveys.counter), as JSON types."""
    total = rating_summary(start, end)["total"]
    return {
        "very": total.very,
        "satisfied": total.satisfied,
        "unsatisfied": total.unsatisfied,
        "total": total.total,
        "rate": _rate(total.rate),
    }


def target_figures(start: dt.date, end: dt.date) -> list[dict]:
    """The one-stop service targets (digitisation, electronic authentication, processing
    time cut), as JSON types; satisfaction is the surveys' figures."""
    return [
        {
            "key": row.key,
            "rate": _rate(row.percent),
            "target": _rate(row.target),
            "threshold": _rate(row.threshold),
            "met": row.met,
            "numerator": row.numerator,
            "denominator": row.denominator,
        }
        for row in service_targets(start, end)
    ]


def onestop_figures(start: dt.date, end: dt.date, today: dt.date) -> dict:
    qs = received_between(Case.objects.all(), start, end)
    by_department = case_stats(qs, group_by="department", today=today)
    by_field = case_stats(qs, group_by="field", today=today)
    return {
        "totals": _case_row(stats_totals(by_department)),
        "by_department": [_case_row(r) for r in by_department],
        "by_field": [_case_row(r) for r in by_field],
        "targets": target_figures(start, end),
    }


# --- Opinions --------------------------------------------------------------------------


def _opinion_counts(today: dt.date) -> dict:
    return {
        "received": Count("id"),
        "answered": Count("id", filter=Q(status__in=ANSWERED_OPINION)),
        "in_progress": Count("id", filter=Q(status__in=OPEN_OPINION)),
        "overdue": Count("id", filter=Q(status__in=OPEN_OPINION, due_date__lt=today)),
        "out_of_scope": Count("id", filter=Q(classification=Opinion.Classification.COMPLAINT)),
    }


def opinion_figures(start: dt.date, end: dt.date, today: dt.date) -> dict:
    low, high = window(start, end)
    qs = Opinion.objects.filter(created_at__gte=low, created_at__lt=high)
    totals = qs.aggregate(**_opinion_counts(today))
    by_source = {
        r["source"]: r
        for r in qs.values("source").annotate(**_opinion_counts(today)).order_by("source")
    }
    by_field = list(
        qs.values("field__name", "field__order")
        .annotate(**_opinion_counts(today))
        .order_by("field__order", "field__name")
    )
    empty = dict.fromkeys(_opinion_counts(today), 0)
    return {
        "totals": totals,
        "answered_rate": _share(totals["answered"], totals["received"] - totals["out_of_scope"]),
        "by_source": [
            {"name": str(label), **{k: by_source.get(value, empty)[k] for k in empty}}
            for value, label in Opinion.Source.choices
        ],
        "by_field": [
            {"name": r["field__name"] or "", **{k: r[k] for k in empty}} for r in by_field
        ],
    }


# --- Dialogue sessions and coverage ----------------------------------------------------


def session_figures(start: dt.date, end: dt.date, today: dt.date) -> dict:
    low, high = window(start, end)
    sessions = (
        DialogueSession.objects.filter(
            status=DialogueSession.Status.HELD, starts_at__gte=low, starts_at__lt=high
        )
        .select_related("neighborhood")
        .annotate(
            present=Count("attendees", filter=Q(attendees__attended=True), distinct=True),
            opinions_n=Count("opinions", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    rows = [
        {
            "date": _date(timezone.localtime(s.starts_at).date()),
            "title": s.title,
            "venue": s.venue,
            "neighborhood": s.neighborhood.name if s.neighborhood else "",
            "attendees": s.present,
            "opinions": s.opinions_n,
        }
        for s in sessions
    ]
    quarters = quarters_in(start, end)
    per_year = {year: coverage(year) for year in sorted({y for y, _ in quarters})}
    current = (today.year, quarter_of(today))
    cover_rows: dict[int, dict] = {}
    for year, quarter in quarters:
        for row in per_year[year]:
            nb = row["neighborhood"]
            entry = cover_rows.setdefault(nb.pk, {"name": nb.name, "counts": []})
            entry["counts"].append(row["quarters"][quarter - 1])
    covered = [(y, q) <= current for y, q in quarters]
    gaps = sum(
        1
        for entry in cover_rows.values()
        for n, due in zip(entry["counts"], covered, strict=True)
        if due and n == 0
    )
    return {
        "held": len(rows),
        "rows": rows,
        "attendees": sum(r["attendees"] for r in rows),
        "opinions": sum(r["opinions"] for r in rows),
        "coverage": {
            "quarters": [f"{ROMAN_QUARTERS[q]}/{y}" for y, q in quarters],
            # per quarter: already begun on the day of the figures (a 0 there is a gap)
            "due": covered,
            "rows": list(cover_rows.values()),
            "neighborhoods": len(cover_rows),
            "covered": sum(1 for e in cover_rows.values() if any(e["counts"])),
            "gaps": gaps,
        },
    }


# --- Surveys ---------------------------------------------------------------------------


def _rate_row(row: dict, **extra) -> dict:
    return {
        "name": str(row["label"]),
        "answers": row["answers"],
        "satisfied": row["satisfied"],
        "rate": _rate(row["rate"]),
        "meets_target": row["meets_target"],
        **extra,
    }


def survey_figures(start: dt.date, end: dt.date, target: Decimal) -> dict:
    rounds = list(
        Survey.objects.filter(opens_on__lte=end, closes_on__gte=start).order_by("opens_on", "pk")
    )
    ids = [s.pk for s in rounds]
    sums = {
        r["survey_id"]: r
        for r in Ballot.objects.filter(survey_id__in=ids)
        .values("survey_id")
        .annotate(
            n=Count("*"),
            online=Count("id", filter=Q(channel=Ballot.Channel.ONLINE)),
            n_answers=Sum("scale_answers"),
            n_satisfied=Sum("satisfied_answers"),
        )
        .order_by()
    }
    round_rows = []
    for s in rounds:
        r = sums.get(s.pk, {})
        answers, satisfied = r.get("n_answers") or 0, r.get("n_satisfied") or 0
        rate = percent(satisfied, answers)
        round_rows.append(
            {
                "name": s.title,
                "opens_on": _date(s.opens_on),
                "closes_on": _date(s.closes_on),
                "ballots": r.get("n", 0),
                "online": r.get("online", 0),
                "paper": r.get("n", 0) - r.get("online", 0),
                "answers": answers,
                "satisfied": satisfied,
                "rate": _rate(rate),
                "meets_target": rate is not None and rate >= target,
            }
        )
    answers = sum(r["answers"] for r in round_rows)
    satisfied = sum(r["satisfied"] for r in round_rows)
    rate = percent(satisfied, answers)
    questions = list(
        Question.objects.filter(survey_id__in=ids, kind=Question.Kind.SCALE).order_by(
            "survey_id", "order", "pk"
        )
    )
    by_question = rates_by_question(questions, target, score_counts(answer_groups(questions)))
    by_criterion = rates_by_criterion(by_question, target)
    field_answers, field_ballots = ballot_groups(Ballot.objects.filter(survey_id__in=ids))
    by_field = rates_by_field(field_answers, field_ballots, target)
    return {
        "rounds": round_rows,
        "ballots": sum(r["ballots"] for r in round_rows),
        "answers": answers,
        "satisfied": satisfied,
        "rate": _rate(rate),
        "meets_target": rate is not None and rate >= target,
        "by_criterion": [_rate_row(r) for r in by_criterion],
        "by_field": [_rate_row(r, ballots=r["ballots"]) for r in by_field],
    }


# --- Plans' tasks ------------------------------------------------------------------------


def plan_figures(end: dt.date, today: dt.date) -> dict:
    """The quarterly review of the quarter the period ends in: every task of that year's
    issued plans, with the review's summary."""
    return quarterly_review(end.year, quarter_of(end), None, today=today).as_json()


def report_figures(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> dict:
    """Every table of the report for [start, end], as JSON types."""
    today = today or timezone.localdate()
    target = satisfaction_target()
    return {
        "start": _date(start),
        "end": _date(end),
        "as_of": _date(today),
        "target": _rate(target),
        "sessions": session_figures(start, end, today),
        "opinions": opinion_figures(start, end, today),
        "surveys": survey_figures(start, end, target),
        "onestop": onestop_figures(start, end, today),
        "plans": plan_figures(end, today),
        "letters": letters_counts(start, end),
        "counter": counter_figures(start, end),
    }

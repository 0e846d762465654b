"""Automatic rules: figures the portal already knows, from which it proposes a score.

`RULES` maps a key to a `Rule` whose `figure(year)` returns `(figure, url)`: a
percentage (Decimal, or None when there is nothing to count yet) and the page that
shows it. Another app adds a rule with one line, e.g. in its AppConfig.ready():

    RULES["digitisation"] = Rule(_("Share of dossiers digitised (%)"), digitisation_figure)

The proposal is all or nothing, as the provinces' scales score these sub-criteria
("đạt 100% ... được 2 điểm; không đạt: 0 điểm"): full points when the figure reaches the
sub-criterion's threshold, else 0. No figure, no proposal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

Figure = tuple[Decimal | None, str]


@dataclass(frozen=True)
class Rule:
    label: str
    figure: Callable[[int], Figure]


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def satisfaction(year: int) -> Figure:
    """Satisfied answers of all answers on the scale, over the survey rounds opened in
    the year (the results pages' "All ballots"); the link goes to the largest round."""
    from surveys.models import Survey

    rounds = list(
        Survey.objects.filter(opens_on__year=year)
        .annotate(
            n_ballots=Count("ballots"),
            n_answers=Sum("ballots__scale_answers"),
            n_satisfied=Sum("ballots__satisfied_answers"),
        )
        .order_by("-n_ballots", "-opens_on", "-pk")
    )
    answers = sum(r.n_answers or 0 for r in rounds)
    satisfied = sum(r.n_satisfied or 0 for r in rounds)
    url = reverse("surveys:results", args=[rounds[0].pk]) if rounds else ""
    return _percent(satisfied, answers), url


def on_time(year: int) -> Figure:
    """Dossiers of the year decided early or on time, of those decided."""
    from onestop.models import Case
    from onestop.selectors import case_stats, on_time_percent, received_between, stats_totals

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = case_stats(
        received_between(Case.objects.all(), start, end), group_by="department", letters=False
    )
    totals = stats_totals(rows) if rows else {"early": 0, "on_time": 0, "late": 0}
    query = urlencode({"date_from": f"{start:%d/%m/%Y}", "date_to": f"{end:%d/%m/%Y}"})
    return on_time_percent(totals), f"{reverse('onestop:case_stats')}?{query}"


def sessions_per_neighbourhood(year: int) -> Figure:
    """Neighbourhood-quarters (up to the current quarter) in which a session was held,
    of all of them: 100 when every neighbourhood held one every quarter."""
    from dialogues.selectors import coverage

    today = timezone.localdate()
    last = 4 if year < today.year else (0 if year > today.year else (today.month - 1) // 3 + 1)
    rows = coverage(year)
    whole = len(rows) * last
    held = sum(1 for row in rows for q, n in enumerate(row["quarters"], 1) if q <= last and n)
    return _percent(held, whole), f"{reverse('dialogues:coverage')}?year={year}"


def opinions_on_time(year: int) -> Figure:
    """Opinions due in the year (up to today) answered by their due date, of those due."""
    from dialogues.models import Opinion

    today = timezone.localdate()
    counts = Opinion.objects.filter(due_date__year=year, due_date__lte=today).aggregate(
        due=Count("pk"),
        in_time=Count("pk", filter=Q(answered_at__date__lte=F("due_date"))),
    )
    return _percent(counts["in_time"], counts["due"]), reverse("dialogues:opinion_list")


def digitisation(year: int) -> Figure:
    """Paper dossiers of the year received with every paper scanned at the desk
    (onestop.selectors.service_targets, the seed 004 target)."""
    from onestop.selectors import service_targets

    today = timezone.localdate()
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    row = next(r for r in service_targets(start, end) if r.key == "digitisation")
    return row.percent, row.url


RULES: dict[str, Rule] = {
    "satisfaction": Rule(_("Satisfaction rate of the year's surveys (%)"), satisfaction),
    "on_time": Rule(_("One-stop dossiers decided on time (%)"), on_time),
    "sessions_per_neighbourhood": Rule(
        _("Neighbourhood-quarters with a dialogue session held (%)"), sessions_per_neighbourhood
    ),
    "opinions_on_time": Rule(_("Opinions answered by their due date (%)"), opinions_on_time),
    "digitisation": Rule(_("New dossiers digitised at the desk (%)"), digitisation),
}


def rule_choices() -> list[tuple[str, str]]:
    return [("", _("— none —")), *((key, rule.label) for key, rule in RULES.items())]


@dataclass(frozen=True)
class Proposal:
    figure: Decimal | None
    url: str
    score: Decimal | None
    label: str


def propose(sub, year: int, cache: dict | None = None) -> Proposal | None:
    """The score the portal proposes for a sub-criterion, or None without a rule. A
    `cache` shared over a page computes each rule's figure once."""
    rule = RULES.get(sub.rule)
    if rule is None:
        return None
    cache = {} if cache is None else cache
    if sub.rule not in cache:
        cache[sub.rule] = rule.figure(year)
    figure, url = cache[sub.rule]
    score = None
    if figure is not None and sub.rule_threshold is not None:
        score = sub.max_points if figure >= sub.rule_threshold else Decimal(0)
    return Proposal(figure=figure, url=url, score=score, label=str(rule.label))

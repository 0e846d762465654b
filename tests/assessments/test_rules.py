"""Proposed scores from the figures the portal knows."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from assessments import rules
from assessments.models import SubCriterion
from assessments.selectors import round_table
from dialogues.models import Opinion
from onestop.models import Case
from tests.onestop.conftest import at

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _decide(case, *, due: dt.date, decided: dt.date):
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.RETURNED,
        legal_due_date=due,
        decided_on=decided,
    )


def test_on_time_rule_proposes_full_points_at_the_threshold(open_round, procedure, receive):
    cases = [receive(procedure, when=at(2026, 3, 2)) for _ in range(4)]
    for case in cases[:3]:
        _decide(case, due=dt.date(2026, 3, 10), decided=dt.date(2026, 3, 9))
    _decide(cases[3], due=dt.date(2026, 3, 10), decided=dt.date(2026, 3, 12))
    figure, url = rules.on_time(2026)
    assert figure == Decimal("75.00")
    assert "date_from=01%2F01%2F2026" in url
    sub = SubCriterion.objects.get(code="1.2")
    assert rules.propose(sub, 2026).score == Decimal(0)  # 75% < 98%
    sub.rule_threshold = Decimal(75)
    assert rules.propose(sub, 2026).score == sub.max_points


def test_no_figure_no_proposal(open_round):
    table = round_table(open_round)
    proposed = [i.proposal for g in table["groups"] for i in g.items if i.proposal]
    assert len(proposed) == 1
    assert proposed[0].figure is None and proposed[0].score is None


def test_opinions_answered_by_their_due_date(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ))
    due = dt.date(2026, 5, 10)
    Opinion.objects.create(
        source="feedback", content="a", due_date=due, answered_at=dt.datetime(2026, 5, 9, tzinfo=TZ)
    )
    Opinion.objects.create(
        source="feedback",
        content="b",
        due_date=due,
        answered_at=dt.datetime(2026, 5, 20, tzinfo=TZ),
    )
    Opinion.objects.create(source="feedback", content="c", due_date=due)
    Opinion.objects.create(source="feedback", content="d", due_date=dt.date(2026, 7, 1))  # not due
    figure, _url = rules.opinions_on_time(2026)
    assert figure == Decimal("33.33")


def test_sessions_rule_without_neighbourhoods_has_no_figure(db):
    assert rules.sessions_per_neighbourhood(2026)[0] is None


def test_satisfaction_rule_without_rounds_has_no_figure(db):
    assert rules.satisfaction(2026) == (None, "")


def test_a_rule_is_added_with_one_line(open_round, monkeypatch):
    monkeypatch.setitem(
        rules.RULES, "digitisation", rules.Rule("Số hóa (%)", lambda year: (Decimal(100), "/x/"))
    )
    sub = SubCriterion.objects.get(code="2.1")
    sub.rule, sub.rule_threshold = "digitisation", Decimal(100)
    proposal = rules.propose(sub, 2026)
    assert (proposal.score, proposal.url) == (sub.max_points, "/x/")


@pytest.mark.parametrize("key", sorted(rules.RULES))
def test_every_rule_answers_on_an_empty_ward(db, key):
    figure, url = rules.RULES[key].figure(2026)
    assert figure is None

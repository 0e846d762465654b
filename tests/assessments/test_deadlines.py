"""Deadline reminders (once each) and the overdue count for the dashboards."""

import datetime as dt

from assessments import selectors, services
from assessments.models import RoundReminder
from assessments.tasks import assessment_reminders
from portal.models import Notification
from tests.assessments.conftest import item


def test_units_are_reminded_before_their_deadline_once(officer, open_round, office):
    Notification.objects.all().delete()
    # 15/09/2026 is a Tuesday: three working days before is Thursday 10/09.
    assert services.reminders_send(dt.date(2026, 9, 1)) == 0
    sent = services.reminders_send(dt.date(2026, 9, 10))
    assert sent == 2  # the two units with items to score
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert services.reminders_send(dt.date(2026, 9, 11)) == 0  # a rerun sends nothing twice
    assert assessment_reminders("2026-09-14") == 0
    assert RoundReminder.objects.filter(kind="departments").count() == 2


def test_a_unit_that_scored_everything_is_not_reminded(officer, open_round):
    for code in ("1.1", "1.2"):
        services.item_self_score(
            item=item(open_round, code), actor=officer, score="1", explanation="x"
        )
    Notification.objects.all().delete()
    assert services.reminders_send(dt.date(2026, 9, 14)) == 1
    assert not Notification.objects.filter(recipient=officer).exists()


def test_the_office_is_reminded_before_its_deadline(office, open_round):
    Notification.objects.all().delete()
    assert services.reminders_send(dt.date(2026, 9, 28)) == 1
    assert Notification.objects.filter(recipient=office).count() == 1
    assert services.reminders_send(dt.date(2026, 9, 29)) == 0
    assert RoundReminder.objects.get().target == "office"


def test_overdue_counts_for_units_and_the_office(officer, office, open_round, other_department):
    assert selectors.overdue_count(officer, today=dt.date(2026, 9, 15)) == 0
    assert selectors.overdue_count(officer, today=dt.date(2026, 9, 16)) == 2
    services.item_self_score(
        item=item(open_round, "1.1"), actor=officer, score="1", explanation="x"
    )
    assert selectors.overdue_count(officer, today=dt.date(2026, 9, 16)) == 1
    assert selectors.overdue_count(office, today=dt.date(2026, 9, 30)) == 0
    assert selectors.overdue_count(office, today=dt.date(2026, 10, 1)) == 3  # none reviewed


def test_a_draft_round_is_never_overdue(officer, draft_round):
    assert selectors.overdue_count(officer, today=dt.date(2027, 1, 1)) == 0

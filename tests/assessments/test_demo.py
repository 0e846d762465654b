import datetime as dt

from assessments.demo import seed_assessments_demo
from assessments.models import CriteriaSet, Item, Round, RoundStatus


def test_demo_is_shaped_like_seed_004_and_idempotent(office, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0))
    seed_assessments_demo()
    seed_assessments_demo()
    assert CriteriaSet.objects.count() == 2
    friendly = Round.objects.get(criteria_set__name__contains="thân thiện")
    assert friendly.status == RoundStatus.OPEN
    assert (friendly.departments_due, friendly.office_due) == (
        dt.date(2026, 9, 15),
        dt.date(2026, 9, 30),
    )
    assert [t.label for t in friendly.criteria_set.thresholds.all()] == ["5 sao", "4 sao", "3 sao"]
    assert Item.objects.filter(round=friendly, department__isnull=False).exists()
    assert Round.objects.get(criteria_set__name__contains="cải cách").status == RoundStatus.DRAFT

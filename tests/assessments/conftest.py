"""A friendly-government criteria set with a round, built through the services as the
office would."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments import services
from assessments.models import Criterion, SubCriterion
from tests.plans.conftest import draft_plan, issued_plan  # noqa: F401 - fixtures


@pytest.fixture
def criteria_set(db):
    s = services.criteria_set_create(
        name="Bộ tiêu chí Chính quyền thân thiện năm 2026",
        legal_source="Quyết định số 710/QĐ-UBND ngày 17/4/2024 của UBND tỉnh",
        year=2026,
        thresholds=[("5 sao", Decimal(95)), ("4 sao", Decimal(85)), ("3 sao", Decimal(70))],
    )
    open_ = Criterion.objects.create(criteria_set=s, code="1", name="Công khai, minh bạch", order=1)
    serve = Criterion.objects.create(criteria_set=s, code="2", name="Thái độ phục vụ", order=2)
    SubCriterion.objects.create(
        criterion=open_, code="1.1", text="Niêm yết công khai TTHC", max_points=Decimal(40), order=1
    )
    SubCriterion.objects.create(
        criterion=open_,
        code="1.2",
        text="Hồ sơ giải quyết đúng hạn",
        max_points=Decimal(30),
        rule="on_time",
        rule_threshold=Decimal(98),
        order=2,
    )
    SubCriterion.objects.create(
        criterion=serve, code="2.1", text="Đeo thẻ, đồng phục", max_points=Decimal(30), order=1
    )
    return s


@pytest.fixture
def draft_round(criteria_set, office):
    return services.round_create(
        criteria_set=criteria_set,
        year=2026,
        departments_due=dt.date(2026, 9, 15),
        office_due=dt.date(2026, 9, 30),
        actor=office,
    )


def item(round_, code):
    return round_.items.get(sub__code=code)


@pytest.fixture
def open_round(draft_round, office, department, other_department):
    services.items_assign(
        round_=draft_round,
        actor=office,
        assignments={
            item(draft_round, "1.1").pk: department.pk,
            item(draft_round, "1.2").pk: department.pk,
            item(draft_round, "2.1").pk: other_department.pk,
        },
    )
    return services.round_step(round_=draft_round, actor=office, action="open")

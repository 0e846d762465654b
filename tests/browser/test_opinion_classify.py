"""Classifying an opinion: the officials listed are those of the department chosen."""

import pytest

from dialogues import services
from dialogues.models import Opinion
from tests.browser.helpers import login
from tests.dialogues.conftest import other_officer, plan  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_a_department_lists_only_its_officials(
    page,
    plan,  # noqa: F811
    office,
    officer,
    other_officer,  # noqa: F811
    department,
):
    opinion = services.opinion_create(
        source=Opinion.Source.FLOOR, session=plan.sessions.get(), content="Đề nghị thêm ghế chờ"
    )
    login(page, "vanphong")
    page.goto(f"/dialogues/opinions/{opinion.pk}/")
    officials = page.locator("select[name=officer] option:not([hidden])")
    assert officials.count() == 3  # the empty choice and both officials
    page.select_option("select[name=department]", str(department.pk))
    assert officials.all_inner_texts()[1:] == [officer.display_name]
    page.select_option("select[name=officer]", str(officer.pk))
    page.select_option("select[name=department]", str(other_officer.department_id))
    assert page.input_value("select[name=officer]") == ""  # the choice no longer fits

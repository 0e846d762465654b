import datetime as dt

import pytest
from django.utils import timezone

from surveys.models import Ballot, Question
from surveys.services import survey_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_answers_the_survey_on_a_360px_phone(page, ward, office):
    today = timezone.localdate()
    survey = survey_create(
        title="Khảo sát sự hài lòng quý I/2026",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        actor=office,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/ks/{survey.code}/")
    assert page.get_by_role("heading", name=survey.title).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    for i, q in enumerate(survey.questions.filter(required=True)):
        if q.kind == Question.Kind.SCALE:
            page.locator(f'label[for="q{q.pk}_{i % 5 + 1}"]').click()
        else:
            page.locator(f'label[for="q{q.pk}_c1"]').click()
    text = survey.questions.get(kind=Question.Kind.TEXT)
    page.locator(f"#q{text.pk}").fill("Phục vụ rất tận tình")
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(f"**/ks/{survey.code}/?sent=1")
    assert page.get_by_role("heading", name="Cảm ơn Ông/Bà").is_visible()

    assert Ballot.objects.filter(survey=survey).count() == 1
    ballot = Ballot.objects.get(survey=survey)
    assert ballot.answers.count() == survey.questions.count()

"""The demo round lets a leader see a weak criterion and a weak organisation."""

import io

import pytest
from django.core.management import call_command

from surveys.models import Ballot, Survey
from surveys.results import survey_results


@pytest.mark.django_db
def test_the_demo_round_shows_a_weak_criterion_and_a_weak_organisation():
    call_command("seed_demo", stdout=io.StringIO())
    survey = Survey.objects.get(title__startswith="Khảo sát sự hài lòng của người dân")
    results = survey_results(survey)

    rates = {row["label"]: row["rate"] for row in results["by_question"]}
    weakest = min(rates, key=rates.get)
    assert weakest.startswith("Địa điểm, nơi ngồi chờ")
    assert max(rates.values()) - min(rates.values()) >= 15  # percentage points
    assert not all(row["meets_target"] for row in results["by_question"])

    by_org = {row["label"]: row["rate"] for row in results["by_organisation"] if row["rate"]}
    assert len(by_org) >= 4
    assert min(by_org, key=by_org.get) == "Hội Cựu chiến binh phường"
    assert max(by_org.values()) - min(by_org.values()) >= 5

    # The ballots' stored counts agree with their answers (the overall rate reads them).
    ballot = Ballot.objects.filter(survey=survey, satisfied_answers__lt=9).first()
    scores = list(ballot.answers.exclude(score=None).values_list("score", flat=True))
    assert ballot.satisfied_answers == sum(1 for s in scores if s >= 4)

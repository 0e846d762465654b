"""The report's figures: definitions checked by hand, and reconciled with the lists on the
demo data (every figure equals what the corresponding list shows for the same period)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.models import DialoguePlan, DialogueSession, Opinion
from dialogues.selectors import coverage
from onestop.models import Case
from portal.models import Neighborhood, User
from reports.figures import quarters_in, report_figures, window
from surveys.models import Survey
from tests.factories import ProcedureFieldFactory


def _aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_quarters_a_period_touches():
    assert quarters_in(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == [
        (2026, 1),
        (2026, 2),
        (2026, 3),
        (2026, 4),
    ]
    assert quarters_in(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [(2025, 4), (2026, 1)]


def test_the_window_is_local_days_both_included(settings):
    low, high = window(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert timezone.localtime(low) == timezone.make_aware(dt.datetime(2026, 7, 1))
    assert timezone.localtime(high) == timezone.make_aware(dt.datetime(2026, 10, 1))
    # 23:30 on 30/09 in Hà Nội is 16:30 UTC: inside; 00:10 on 01/10 local is outside.
    assert low <= _aware(dt.date(2026, 9, 30), 23) < high
    assert not _aware(dt.date(2026, 10, 1), 0) < high


@pytest.mark.django_db
def test_opinions_counted_by_hand(ward, office):
    from dialogues.services import opinion_create

    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    made = []
    for content in ("một", "hai", "ba", "bốn", "năm"):
        made.append(opinion_create(actor=office, source=Opinion.Source.FEEDBACK, content=content))
    # received on 15/08 local time, except the last (received the day after the quarter)
    for o in made[:4]:
        Opinion.objects.filter(pk=o.pk).update(created_at=_aware(dt.date(2026, 8, 15)))
    Opinion.objects.filter(pk=made[4].pk).update(created_at=_aware(dt.date(2026, 10, 1), 0))
    Opinion.objects.filter(pk=made[0].pk).update(status=Opinion.Status.APPROVED)
    Opinion.objects.filter(pk=made[1].pk).update(status=Opinion.Status.ANSWERED_ON_THE_SPOT)
    Opinion.objects.filter(pk=made[2].pk).update(
        status=Opinion.Status.ASSIGNED, due_date=dt.date(2026, 9, 1)
    )
    Opinion.objects.filter(pk=made[3].pk).update(
        status=Opinion.Status.ROUTED, classification=Opinion.Classification.COMPLAINT
    )
    figures = report_figures(start, end, today=dt.date(2026, 10, 5))["opinions"]
    assert figures["totals"] == {
        "received": 4,
        "answered": 2,
        "in_progress": 1,
        "overdue": 1,
        "out_of_scope": 1,
    }
    # answered among those in scope: 2 of 3
    assert figures["answered_rate"] == 66.67
    feedback = next(r for r in figures["by_source"] if r["received"])
    assert feedback["received"] == 4


@pytest.mark.django_db
def test_sessions_and_coverage_gaps(ward, office):
    plan = DialoguePlan.objects.create(title="Kế hoạch đối thoại 2026", year=2026)
    a = Neighborhood.objects.create(name="Tổ dân phố số 1", order=1)
    Neighborhood.objects.create(name="Tổ dân phố số 2", order=2)
    held = DialogueSession.objects.create(
        plan=plan,
        title="Đối thoại quý III",
        starts_at=_aware(dt.date(2026, 8, 10), 19),
        venue="Nhà văn hóa",
        neighborhood=a,
        status=DialogueSession.Status.HELD,
    )
    held.attendees.create(name="Nguyễn Văn A", category="resident", attended=True)
    held.attendees.create(name="Nguyễn Văn B", category="resident", attended=False)
    DialogueSession.objects.create(  # planned, not held: not counted
        plan=plan,
        title="Đối thoại dự kiến",
        starts_at=_aware(dt.date(2026, 9, 10), 19),
        venue="Nhà văn hóa",
        neighborhood=a,
    )
    figures = report_figures(
        dt.date(2026, 7, 1), dt.date(2026, 12, 31), today=dt.date(2026, 11, 23)
    )
    sessions = figures["sessions"]
    assert sessions["held"] == 1
    assert sessions["attendees"] == 1
    assert sessions["rows"][0]["date"] == "10/08/2026"
    cover = sessions["coverage"]
    assert cover["quarters"] == ["III/2026", "IV/2026"]
    assert cover["rows"] == [
        {"name": "Tổ dân phố số 1", "counts": [1, 0]},
        {"name": "Tổ dân phố số 2", "counts": [0, 0]},
    ]
    # Q3 of TDP 2, and Q4 (current) of both: 3 gaps
    assert cover["gaps"] == 3
    assert cover["covered"] == 1


@pytest.mark.django_db
def test_survey_rounds_overlapping_the_period(ward, office):
    from surveys.models import Ballot, Question
    from surveys.services import ballot_submit, survey_create

    field = ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")
    inside = survey_create(
        title="Đợt quý III",
        opens_on=dt.date(2026, 7, 1),
        closes_on=dt.date(2026, 7, 31),
        actor=office,
    )
    survey_create(
        title="Đợt năm trước", opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 3, 1)
    )
    scales = list(inside.questions.filter(kind=Question.Kind.SCALE))
    single = inside.questions.get(kind=Question.Kind.SINGLE)
    for n, score in enumerate((5, 4, 2)):
        ballot_submit(
            survey=inside,
            channel=Ballot.Channel.PAPER,
            serial=f"P{n}",
            answers={**{q.pk: str(score) for q in scales}, single.pk: "Chưa"},
            field=field if n < 2 else None,
        )
    figures = report_figures(dt.date(2026, 7, 1), dt.date(2026, 9, 30))["surveys"]
    assert [r["name"] for r in figures["rounds"]] == ["Đợt quý III"]
    per_ballot = len(scales)
    assert figures["ballots"] == 3
    assert figures["answers"] == 3 * per_ballot
    assert figures["satisfied"] == 2 * per_ballot
    assert figures["rate"] == 66.67
    assert figures["meets_target"] is False
    assert {r["name"]: r["rate"] for r in figures["by_field"]}["Hộ tịch"] == 100.0
    assert all(r["rate"] == 66.67 for r in figures["by_criterion"])


# --- Reconciliation on the demo data ----------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def _count(client, name, **params) -> int:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "period",
    [
        "year",
        "quarter III",
        "last 60 days",
    ],
)
def test_every_figure_equals_its_list(demo, django_db_blocker, period):
    today = timezone.localdate()
    if period == "year":
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    elif period == "quarter III":
        start, end = dt.date(today.year, 7, 1), dt.date(today.year, 9, 30)
    else:
        start, end = today - dt.timedelta(days=60), today
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(User.objects.get(username="chutich"))
        f = report_figures(start, end, today=today)
        dates = {"received_from": start.isoformat(), "received_to": end.isoformat()}

        # One-stop desk: the statistics page and the dossier list.
        stats = client.get(
            reverse("onestop:case_stats"),
            {"date_from": start.isoformat(), "date_to": end.isoformat()},
        ).context
        one = f["onestop"]
        for key in ("received", "early", "on_time", "late", "in_progress", "overdue"):
            assert one["totals"][key] == stats["totals"][key], key
        for key in ("supplement_breaches", "apology_letters"):
            assert one["totals"][key] == stats["totals"][key], key
        assert [(r["name"], r["received"], r["late"]) for r in one["by_department"]] == [
            (r["name"], r["received"], r["late"]) for r in stats["by_department"]
        ]
        assert [(r["name"], r["received"], r["early"]) for r in one["by_field"]] == [
            (r["name"], r["received"], r["early"]) for r in stats["by_field"]
        ]
        assert one["totals"]["received"] == _count(client, "onestop:case_list", **dates)
        assert one["totals"]["late"] == _count(
            client, "onestop:case_list", due="late_finished", **dates
        )
        assert one["totals"]["overdue"] == _count(
            client, "onestop:case_list", due="overdue", **dates
        )
        if period == "year":
            assert (
                one["totals"]["received"]
                == Case.objects.filter(received_at__year=today.year).count()
            )
            assert one["totals"]["late"] > 0 and one["totals"]["apology_letters"] > 0

        # Opinions: the opinion list with the same received dates.
        op = f["opinions"]["totals"]
        assert op["received"] == _count(client, "dialogues:opinion_list", **dates)
        assert op["answered"] == _count(
            client, "dialogues:opinion_list", status="answered", **dates
        )
        assert op["out_of_scope"] == _count(
            client, "dialogues:opinion_list", classification="complaint", **dates
        )
        assert op["overdue"] == _count(client, "dialogues:opinion_list", overdue="1", **dates)
        if period != "last 60 days":
            assert op["received"] > 0 and op["answered"] > 0 and op["out_of_scope"] > 0

        # Sessions: the coverage page of each year the period touches.
        sessions = f["sessions"]
        for (year, quarter), column in zip(
            quarters_in(start, end),
            zip(*[r["counts"] for r in sessions["coverage"]["rows"]], strict=True),
            strict=True,
        ):
            page = client.get(reverse("dialogues:coverage"), {"year": year}).context["rows"]
            assert list(column) == [row["quarters"][quarter - 1] for row in page]
        in_neighbourhoods = sum(
            r["quarters"][q - 1] for y, q in quarters_in(start, end) for r in coverage(y)
        )
        if period != "last 60 days":  # whole quarters: every held session is in the grid
            assert sessions["held"] == in_neighbourhoods > 0

        # Surveys: each round's line is its results page.
        for row in f["surveys"]["rounds"]:
            survey = Survey.objects.get(title=row["name"])
            page = client.get(reverse("surveys:results", args=[survey.pk])).context["overall"]
            assert (row["ballots"], row["answers"], row["satisfied"]) == (
                page["ballots"],
                page["answers"],
                page["satisfied"],
            )
            assert row["rate"] == float(page["rate"])
        assert f["surveys"]["ballots"] > 0

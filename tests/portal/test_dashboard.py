"""The dashboard: the leaders' quarter on-time rate, satisfaction against the target and
per-department chart; the desk's and departments' dossiers due today; a query count that
does not grow with the data."""

import datetime as dt
import json
import re
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onestop.models import Case, Procedure
from portal import roles
from surveys.models import Ballot, Question
from surveys.results import survey_results
from surveys.services import ballot_submit, survey_create
from tests.factories import DepartmentFactory, ProcedureFieldFactory, make_user
from workspace import selectors

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 5, 20)  # a Wednesday in quarter II: the quarter starts on 01/04/2026
NOW = dt.datetime(2026, 5, 20, 9, 0, tzinfo=HCM)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HCM)


@pytest.fixture
def procedures(ward, department, other_department):
    field = ProcedureFieldFactory(name="Hộ tịch", code="ho-tich")
    land = ProcedureFieldFactory(name="Đất đai", code="dat-dai")
    return (
        Procedure.objects.create(
            code="1.001", name="Đăng ký kết hôn", field=field, department=department,
            processing_days=3,
        ),
        Procedure.objects.create(
            code="1.002", name="Hòa giải tranh chấp đất đai", field=land,
            department=other_department, processing_days=10,
        ),
    )  # fmt: skip


_codes = iter(range(1, 10**6))


def dossier(procedure, *, received: dt.date, due: dt.date, decided=None, status=None) -> Case:
    if status is None:
        status = Case.Status.RETURNED if decided else Case.Status.IN_PROGRESS
    return Case.objects.create(
        receipt_code=f"260401-T{next(_codes):05d}",
        procedure=procedure,
        department_id=procedure.department_id,
        applicant_name="Nguyễn Văn An",
        applicant_id_number="001090012345",
        applicant_phone="0912345678",
        applicant_address="Số 5 phố Phú La",
        received_at=at(received),
        processing_days=procedure.processing_days,
        clock_started_on=received,
        legal_due_date=due,
        due_date=due,
        status=status,
        decided_on=decided,
    )


@pytest.fixture
def quarter(procedures):
    """Dossiers received this quarter: 2 early, 1 on time (justice), 1 late (land), one
    still in progress; and one decided late in the previous quarter, which does not count."""
    justice, land = procedures
    d = dt.date
    return {
        "early": [
            dossier(justice, received=d(2026, 4, 6), due=d(2026, 4, 9), decided=d(2026, 4, 8)),
            dossier(justice, received=d(2026, 5, 4), due=d(2026, 5, 7), decided=d(2026, 5, 5)),
        ],
        "on_time": [
            dossier(justice, received=d(2026, 4, 13), due=d(2026, 4, 16), decided=d(2026, 4, 16))
        ],
        "late": [dossier(land, received=d(2026, 4, 1), due=d(2026, 4, 15), decided=d(2026, 4, 20))],
        "open": [dossier(land, received=d(2026, 5, 18), due=d(2026, 6, 1))],
        "previous_quarter": [
            dossier(land, received=d(2026, 3, 2), due=d(2026, 3, 16), decided=d(2026, 3, 30))
        ],
    }


def _get(client, user, path="/dashboard/"):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(path)


def _json_script(body: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', body)
    assert match, element_id
    return json.loads(unescape(match.group(1)))


def _href(body: str, element_id: str) -> str:
    match = re.search(rf'<a [^>]*href="([^"]+)"[^>]*id="{element_id}"', body)
    assert match, element_id
    return unescape(match.group(1))


# --- The leaders' dashboard ------------------------------------------------------------


def test_leader_sees_the_quarter_on_time_rate_of_the_statistics_page(client, leader, quarter):
    response = _get(client, leader)
    on_time = response.context["leader"]["on_time"]
    assert (on_time["start"], on_time["end"]) == (dt.date(2026, 4, 1), TODAY)
    assert on_time["totals"]["received"] == 5  # the previous quarter's dossier is left out
    assert (on_time["totals"]["early"], on_time["totals"]["on_time"]) == (2, 1)
    assert on_time["totals"]["late"] == 1
    assert (on_time["in_time"], on_time["decided"]) == (3, 4)
    assert on_time["rate"] == Decimal("75.00")
    body = response.content.decode()
    assert re.search(r'id="on-time-rate">75%<', body)

    # The card opens the statistics page on the same period, with the same numbers.
    link = _href(body, "on-time-card")
    assert link == "/onestop/stats/?date_from=01%2F04%2F2026&date_to=20%2F05%2F2026"
    stats = _get(client, leader, link)
    assert stats.status_code == 200
    assert stats.context["form"].is_valid()
    assert stats.context["period"]["date_from"] == dt.date(2026, 4, 1)
    assert stats.context["period"]["date_to"] == TODAY
    # (the dashboard leaves out the apology-letter count, and its query; the page adds
    # its on-time rate and links)
    extra = ("apology_letters", "on_time_percent", "links")
    assert {k: v for k, v in stats.context["totals"].items() if k not in extra} == (
        on_time["totals"]
    )


def test_the_chart_shows_the_per_department_counts(client, leader, quarter):
    body = _get(client, leader).content.decode()
    chart = _json_script(body, "on-time-data")
    series = {s["key"]: dict(zip(chart["labels"], s["data"], strict=True)) for s in chart["series"]}
    assert series == {
        "early": {"Địa chính - Xây dựng": 0, "Tư pháp - Hộ tịch": 2},
        "on_time": {"Địa chính - Xây dựng": 0, "Tư pháp - Hộ tịch": 1},
        "late": {"Địa chính - Xây dựng": 1, "Tư pháp - Hộ tịch": 0},
    }
    # The same numbers are in the table under the chart (for screen readers and print).
    table = re.search(r'<table[^>]*id="on-time-table">(.*?)</table>', body, re.S).group(1)
    rows = re.findall(r"<tr><th[^>]*>([^<]+)</th>((?:<td[^>]*>\d+</td>)+)</tr>", table)
    cells = {name: [int(n) for n in re.findall(r">(\d+)<", tds)] for name, tds in rows}
    assert cells == {"Địa chính - Xây dựng": [0, 0, 1, 2], "Tư pháp - Hộ tịch": [2, 1, 0, 3]}
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in body
    assert 'src="/static/portal/dashboard_chart.js"' in body
    assert 'id="on-time-chart" role="img"' in body


def test_office_sees_the_leaders_picture_and_the_desk_does_not(client, office, desk, quarter):
    body = _get(client, office).content.decode()
    assert 'id="on-time-card"' in body and 'id="satisfaction-card"' in body
    body = _get(client, desk).content.decode()
    assert 'id="on-time-card"' not in body and 'id="on-time-data"' not in body
    assert "chart.umd.min.js" not in body


def test_leader_links_to_the_reports_list(client, leader):
    body = _get(client, leader).content.decode()
    assert _href(body, "reports-link") == "/reports/"


def _submit(survey, scores: list[int], serial: str) -> Ballot:
    questions = list(survey.questions.all())
    scale = [q for q in questions if q.kind == Question.Kind.SCALE]
    answers = {q.pk: str(s) for q, s in zip(scale, scores, strict=True)}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    answers[single.pk] = single.choice_list[0]
    return ballot_submit(
        survey=survey, channel=Ballot.Channel.PAPER, answers=answers, serial=serial, today=TODAY
    )


@pytest.fixture
def rounds(ward):
    """Last year's round (all satisfied) and the round open today: 9 + 4 + 7 = 20
    satisfied answers of 27, i.e. 74.07 %."""
    old = survey_create(
        title="Khảo sát năm 2025", opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 12, 31)
    )
    _submit(old, [5] * 9, "C1")
    current = survey_create(
        title="Khảo sát quý II/2026", opens_on=dt.date(2026, 4, 1), closes_on=dt.date(2026, 6, 30)
    )
    _submit(current, [5] * 9, "P1")
    _submit(current, [4, 4, 3, 3, 2, 1, 4, 5, 3], "P2")
    _submit(current, [5, 4, 4, 4, 4, 4, 4, 3, 2], "P3")
    return old, current


@pytest.mark.parametrize(("target", "met"), [("74", True), ("74.07", True), ("80", False)])
def test_leader_sees_the_satisfaction_rate_against_the_target(
    client, leader, ward, rounds, target, met
):
    ward.satisfaction_target = Decimal(target)
    ward.save()
    _old, current = rounds
    response = _get(client, leader)
    sat = response.context["leader"]["satisfaction"]
    assert sat["survey"] == current and sat["is_open"]
    assert (sat["ballots"], sat["satisfied"], sat["answers"]) == (3, 20, 27)
    assert sat["rate"] == Decimal("74.07")
    assert sat["target"] == Decimal(target)
    assert sat["meets_target"] is met
    overall = survey_results(current)["overall"]  # the results page's "All ballots"
    assert (overall["rate"], overall["meets_target"]) == (sat["rate"], met)
    body = response.content.decode()
    assert re.search(r'id="satisfaction-rate">74,07%<', body)
    assert f'data-met="{"yes" if met else "no"}"' in body
    colour = "text-success" if met else "text-danger"
    assert re.search(rf'class="display-6 {colour}" id="satisfaction-rate"', body)
    assert _href(body, "satisfaction-card") == f"/surveys/{current.pk}/results/"


def test_the_current_round_is_the_open_one_else_the_last_closed(ward):
    def make(title, opens, closes):
        return survey_create(title=title, opens_on=opens, closes_on=closes, from_template=False)

    d = dt.date
    assert selectors.current_survey_round(today=TODAY) is None
    old = make("2025", d(2025, 1, 1), d(2025, 12, 31))
    recent = make("Q1", d(2026, 1, 1), d(2026, 3, 31))
    q3 = make("Q3, not open yet", d(2026, 7, 1), d(2026, 9, 30))
    assert old.pk and selectors.current_survey_round(today=TODAY) == recent
    long_open = make("Year 2026", d(2026, 1, 1), d(2026, 12, 31))
    assert selectors.current_survey_round(today=TODAY) == long_open
    latest_open = make("Q2", d(2026, 4, 1), d(2026, 6, 30))
    assert selectors.current_survey_round(today=TODAY) == latest_open
    assert selectors.current_survey_round(today=d(2026, 7, 1)) == q3
    # After every round has closed: the one that closed last.
    assert selectors.current_survey_round(today=d(2027, 2, 1)) == long_open


# --- What the desk and the departments have to do today ---------------------------------


@pytest.fixture
def due_today(procedures):
    justice, land = procedures
    d = dt.date
    return {
        "justice": dossier(justice, received=d(2026, 5, 15), due=TODAY),
        "land": dossier(land, received=d(2026, 5, 6), due=TODAY, status=Case.Status.RECEIVED),
        # Not due today: decided already, waiting for a supplement, due tomorrow or late.
        "decided": dossier(justice, received=d(2026, 5, 15), due=TODAY, decided=d(2026, 5, 19)),
        "paused": dossier(
            justice, received=d(2026, 5, 15), due=TODAY, status=Case.Status.SUPPLEMENT
        ),
        "tomorrow": dossier(justice, received=d(2026, 5, 18), due=d(2026, 5, 21)),
        "late": dossier(land, received=d(2026, 5, 1), due=d(2026, 5, 19)),
    }


def test_desk_sees_the_dossiers_due_today_and_the_link_lists_them(client, desk, due_today):
    response = _get(client, desk)
    assert response.context["desk"]["due_today"] == 2
    body = response.content.decode()
    assert re.search(r'id="due-today-card"><div class="card-body"><div class="display-6">2<', body)
    link = _href(body, "due-today-card")
    assert link == "/onestop/?due=today"
    listed = _get(client, desk, link)
    codes = {c.receipt_code for c in listed.context["page"].object_list}
    assert codes == {due_today["justice"].receipt_code, due_today["land"].receipt_code}


def test_a_department_officer_sees_only_his_departments_counts(client, officer, due_today):
    response = _get(client, officer)
    desk = response.context["desk"]
    assert desk["due_today"] == 1  # the justice dossier, not the land one
    assert desk["overdue"] == 0  # the late dossier is the land department's
    assert desk["soon"] == 2  # due today and tomorrow, both justice
    listed = _get(client, officer, "/onestop/?due=today")
    codes = {c.receipt_code for c in listed.context["page"].object_list}
    assert codes == {due_today["justice"].receipt_code}
    other = make_user("diachinh", roles.DEPARTMENT, department=DepartmentFactory(code="dia-chinh"))
    desk = _get(client, other).context["desk"]
    assert (desk["due_today"], desk["overdue"]) == (1, 1)


# --- Cost ------------------------------------------------------------------------------


def _data(procedures, survey, n: int, start: int) -> None:
    justice, land = procedures
    d = dt.date
    for i in range(start, start + n):
        procedure = justice if i % 2 else land
        received = d(2026, 4, 1) + dt.timedelta(days=i % 40)
        due = received + dt.timedelta(days=5)
        decided = received + dt.timedelta(days=i % 8) if i % 3 else None
        dossier(procedure, received=received, due=due, decided=decided)
    Ballot.objects.bulk_create(
        Ballot(
            survey=survey,
            channel=Ballot.Channel.PAPER,
            serial=f"Q{i}",
            scale_answers=9,
            satisfied_answers=i % 10,
        )
        for i in range(start, start + n)
    )


@pytest.mark.parametrize("role", ["leader", "office", "desk", "officer", "organisation_user"])
def test_dashboard_queries_do_not_depend_on_the_data(client, request, procedures, role):
    user = request.getfixturevalue(role)
    survey = survey_create(
        title="Khảo sát quý II/2026", opens_on=dt.date(2026, 4, 1), closes_on=dt.date(2026, 6, 30)
    )
    _data(procedures, survey, 3, 0)
    _get(client, user)  # warm caches (calendar, sessions)
    with CaptureQueriesContext(connection) as few:
        assert _get(client, user).status_code == 200
    _data(procedures, survey, 27, 3)
    with CaptureQueriesContext(connection) as many:
        response = _get(client, user)
    assert response.status_code == 200
    if role == "leader":
        assert response.context["leader"]["on_time"]["totals"]["received"] == 30
        assert response.context["leader"]["satisfaction"]["ballots"] == 30
    assert len(many) == len(few)


def test_a_small_new_round_does_not_take_the_place_of_the_years_round(client, leader, ward):
    year = survey_create(
        title="Khảo sát năm 2026", opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31)
    )
    for n in range(4):
        _submit(year, [5] * 9, f"Y{n}")
    new = survey_create(
        title="Khảo sát nhanh quý II", opens_on=dt.date(2026, 5, 1), closes_on=dt.date(2026, 6, 30)
    )
    _submit(new, [4, 4, 3, 3, 2, 1, 4, 5, 3], "N1")

    response = _get(client, leader)
    sat = response.context["leader"]["satisfaction"]
    assert sat["survey"] == year and sat["ballots"] == 4 and sat["rate"] == Decimal("100")
    assert [(o["survey"], o["ballots"]) for o in sat["others"]] == [(new, 1)]
    body = response.content.decode()
    assert _href(body, "satisfaction-card") == f"/surveys/{year.pk}/results/"
    others = body[body.index('id="satisfaction-others"') :][:600]
    assert "Khảo sát nhanh quý II" in others and "1 phiếu" in others and "44,44%" in others


def test_the_desk_receives_from_its_dashboard_and_its_menu(client, desk, leader):
    body = _get(client, desk).content.decode()
    assert 'id="receive-button"' in body and body.count('href="/onestop/receive/"') >= 2
    body = _get(client, leader).content.decode()
    assert 'href="/onestop/receive/"' not in body

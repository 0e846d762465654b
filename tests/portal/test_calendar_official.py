"""The government's announced days off shipped with the portal (2024-2026), the office's
yearly confirmation of the calendar, and the warnings for dates chosen on a day off."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues.models import DialoguePlan, DialogueSession, Opinion
from portal.calendar import (
    WorkingCalendar,
    _public_calendar,
    add_working_days,
    appointment_date,
    non_working_day_warning,
)
from portal.calendar_data import OFFICIAL_DAYS
from portal.models import CalendarOverride, CalendarYear, OfficialCalendarDay

pytestmark = pytest.mark.django_db
D = dt.date
HCM = ZoneInfo("Asia/Ho_Chi_Minh")

OFF, WORK = False, True
LAW = "45/2019/QH14"
# Every shipped arrangement, with the document that announced it (research of 02/12/2026).
ARRANGEMENTS = [
    # 2024
    (D(2024, 1, 1), OFF, LAW),
    (D(2024, 2, 8), OFF, "5015/TB-LĐTBXH ngày 22/11/2023"),
    (D(2024, 2, 9), OFF, "5015/TB-LĐTBXH ngày 22/11/2023"),
    (D(2024, 2, 12), OFF, "5015/TB-LĐTBXH ngày 22/11/2023"),
    (D(2024, 2, 13), OFF, "5015/TB-LĐTBXH ngày 22/11/2023"),
    (D(2024, 2, 14), OFF, "5015/TB-LĐTBXH ngày 22/11/2023"),
    (D(2024, 4, 18), OFF, LAW),
    (D(2024, 4, 29), OFF, "2450/VPCP-KGVX ngày 12/04/2024"),
    (D(2024, 4, 30), OFF, LAW),
    (D(2024, 5, 1), OFF, LAW),
    (D(2024, 5, 4), WORK, "2450/VPCP-KGVX ngày 12/04/2024"),
    (D(2024, 9, 2), OFF, LAW),
    (D(2024, 9, 3), OFF, "5015/TB-LĐTBXH ngày 22/11/2023"),
    # 2025
    (D(2025, 1, 1), OFF, LAW),
    (D(2025, 1, 27), OFF, "8726/VPCP-KGVX ngày 26/11/2024"),
    (D(2025, 1, 28), OFF, "8726/VPCP-KGVX ngày 26/11/2024"),
    (D(2025, 1, 29), OFF, "6150/TB-BLĐTBXH"),
    (D(2025, 1, 30), OFF, "6150/TB-BLĐTBXH"),
    (D(2025, 1, 31), OFF, "6150/TB-BLĐTBXH"),
    (D(2025, 4, 7), OFF, LAW),
    (D(2025, 4, 26), WORK, "6150/TB-BLĐTBXH"),
    (D(2025, 4, 30), OFF, LAW),
    (D(2025, 5, 1), OFF, LAW),
    (D(2025, 5, 2), OFF, "6150/TB-BLĐTBXH"),
    (D(2025, 9, 1), OFF, "6150/TB-BLĐTBXH"),
    (D(2025, 9, 2), OFF, LAW),
    # 2026
    (D(2026, 1, 1), OFF, LAW),
    (D(2026, 1, 2), OFF, "12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"),
    (D(2026, 1, 10), WORK, "12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"),
    (D(2026, 2, 16), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 2, 17), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 2, 18), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 2, 19), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 2, 20), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 4, 27), OFF, "Điều 111 khoản 3"),  # Giỗ Tổ on Sunday 26/04: nghỉ bù
    (D(2026, 4, 30), OFF, LAW),
    (D(2026, 5, 1), OFF, LAW),
    (D(2026, 8, 22), WORK, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 8, 31), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 9, 1), OFF, "9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"),
    (D(2026, 9, 2), OFF, LAW),
    (D(2026, 11, 24), OFF, "Nghị quyết số 28/2026/QH16"),
]


@pytest.mark.parametrize(("day", "working", "document"), ARRANGEMENTS, ids=str)
def test_each_shipped_arrangement_is_what_the_calendar_says(day, working, document):
    row = OfficialCalendarDay.objects.get(date=day)
    assert row.is_working_day is working
    assert document in row.source and row.note
    cal = WorkingCalendar.load()
    assert cal.is_working_day(day) is working
    assert cal.day_note(day) == row.note


def test_the_shipped_data_is_exactly_the_listed_arrangements():
    assert {(d.date, d.is_working_day) for d in OFFICIAL_DAYS} == {
        (d, w) for d, w, _ in ARRANGEMENTS
    }
    assert OfficialCalendarDay.objects.count() == len(ARRANGEMENTS)
    # The undecided 2026 proposal (swap 23/11 for 28/11) is not shipped.
    assert not OfficialCalendarDay.objects.filter(date__in=[D(2026, 11, 23), D(2026, 11, 28)])
    assert WorkingCalendar.load().is_working_day(D(2026, 11, 23))


def test_the_packages_make_up_days_are_those_of_the_year_asked():
    for year in (2024, 2025, 2026):
        assert {d.year for d in _public_calendar(year)[1]} == {year}


def test_both_tables_load_in_one_query():
    CalendarOverride.objects.create(date=D(2027, 3, 10), is_working_day=False, note="Nghỉ bù")
    with CaptureQueriesContext(connection) as queries:
        cal = WorkingCalendar.load()
    assert len(queries) == 1
    assert cal.overrides == {D(2027, 3, 10): False}
    assert len(cal.official) == len(ARRANGEMENTS)


# --- Appointment dates around the arrangements --------------------------------------------


def test_two_working_days_from_new_years_eve_2025_skip_the_swapped_friday():
    # 01/01/2026 holiday, Friday 02/01 swapped off, 03-04/01 the weekend.
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert add_working_days(D(2025, 12, 31), 2) == D(2026, 1, 6)
    received = dt.datetime(2025, 12, 31, 9, 0, tzinfo=HCM)
    assert appointment_date(received, 2) == D(2026, 1, 6)


def test_the_make_up_saturday_10_01_2026_counts():
    assert add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
    received = dt.datetime(2026, 1, 9, 17, 30, tzinfo=HCM)  # after the cut-off
    assert WorkingCalendar.load().receipt_date(received) == D(2026, 1, 10)
    assert appointment_date(received, 1) == D(2026, 1, 12)


def test_a_staff_override_wins_over_the_official_days():
    CalendarOverride.objects.create(date=D(2026, 1, 10), is_working_day=False, note="Trụ sở sửa")
    CalendarOverride.objects.create(date=D(2026, 1, 2), is_working_day=True, note="Trực")
    cal = WorkingCalendar.load()
    assert not cal.is_working_day(D(2026, 1, 10)) and cal.day_note(D(2026, 1, 10)) == "Trụ sở sửa"
    assert cal.is_working_day(D(2026, 1, 2))
    assert cal.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 12)
    assert cal.add_working_days(D(2025, 12, 31), 2) == D(2026, 1, 5)


def test_the_calendar_page_lists_the_swap_of_new_year_2026(client, desk):
    client.force_login(desk)
    body = client.get("/calendar/", {"year": 2026}).content.decode()
    assert "02/01/2026" in body and "Nghỉ hoán đổi Tết Dương lịch 2026" in body
    assert "10/01/2026" in body and "Làm bù cho ngày 02/01/2026" in body
    assert 'id="official-calendar"' not in body  # the sources table is the office's


# --- calendar_refresh -------------------------------------------------------------------


def test_calendar_refresh_is_idempotent():
    OfficialCalendarDay.objects.filter(date=D(2026, 1, 2)).delete()
    OfficialCalendarDay.objects.filter(date=D(2026, 1, 10)).update(note="cũ")
    OfficialCalendarDay.objects.create(
        date=D(2023, 1, 2), is_working_day=False, note="không còn", source="x"
    )
    out = io.StringIO()
    call_command("calendar_refresh", stdout=out)
    assert "1 added, 1 changed, 1 removed" in out.getvalue()
    snapshot = list(OfficialCalendarDay.objects.values_list("date", "is_working_day", "note"))
    out = io.StringIO()
    call_command("calendar_refresh", stdout=out)
    assert "0 added, 0 changed, 0 removed" in out.getvalue()
    assert list(OfficialCalendarDay.objects.values_list("date", "is_working_day", "note")) == (
        snapshot
    )
    assert OfficialCalendarDay.objects.get(date=D(2026, 1, 10)).note == "Làm bù cho ngày 02/01/2026"


# --- The office confirms next year's calendar -------------------------------------------

NOV_1 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=HCM)
OCT_31 = dt.datetime(2026, 10, 31, 23, 0, tzinfo=HCM)
WARNING = 'id="calendar-confirmation-warning"'


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["leader", "desk", "officer"])
def test_only_the_office_confirms_a_calendar(client, request, role):
    client.force_login(request.getfixturevalue(role))
    with time_machine.travel(NOV_1, tick=False):
        assert client.post("/calendar/2027/confirm/").status_code == 403
    assert not CalendarYear.objects.exists()


def test_the_confirmation_is_a_post(client, office):
    client.force_login(office)
    assert client.get("/calendar/2027/confirm/").status_code == 405


def test_the_warning_appears_from_1_november_for_office_and_leaders(client, office, leader, desk):
    with time_machine.travel(OCT_31, tick=False):
        assert WARNING not in _dashboard(client, office)
        assert WARNING not in _dashboard(client, leader)
    with time_machine.travel(NOV_1, tick=False):
        body = _dashboard(client, office)
        assert WARNING in body and "/calendar/?year=2027" in body
        assert "chưa có lịch nghỉ chính thức năm 2027" in body  # none shipped yet
        assert WARNING in _dashboard(client, leader)
        assert WARNING not in _dashboard(client, desk)


def test_a_year_with_shipped_arrangements_does_not_say_it_has_none(client, office):
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, 0, tzinfo=HCM), tick=False):
        body = _dashboard(client, office)
    assert WARNING in body and "/calendar/?year=2026" in body
    assert "chưa có lịch nghỉ chính thức" not in body


def test_confirming_removes_the_warning(client, office, leader):
    with time_machine.travel(NOV_1, tick=False):
        client.force_login(office)
        page = client.get("/calendar/", {"year": 2027}).content.decode()
        assert 'id="no-official-days"' in page
        assert 'action="/calendar/2027/confirm/"' in page and "data-confirm=" in page
        assert "Xác nhận lịch năm 2027" in page
        response = client.post("/calendar/2027/confirm/")
        assert response.status_code == 302 and response["Location"] == "/calendar/?year=2027"
        confirmed = CalendarYear.objects.get(year=2027)
        assert confirmed.confirmed_by == office
        assert WARNING not in _dashboard(client, office)
        assert WARNING not in _dashboard(client, leader)
        page = client.get("/calendar/", {"year": 2027}).content.decode()
        assert 'id="calendar-confirmed"' in page


def test_the_office_sees_the_years_arrangements_with_their_sources(client, office):
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, 0, tzinfo=HCM), tick=False):
        client.force_login(office)
        page = client.get("/calendar/", {"year": 2026}).content.decode()
    assert 'id="official-calendar"' in page
    assert "Văn bản số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ" in page
    assert "Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ" in page
    assert "Xác nhận lịch năm 2026" in page


def test_a_past_year_cannot_be_confirmed(client, office):
    client.force_login(office)
    with time_machine.travel(NOV_1, tick=False):
        response = client.post("/calendar/2024/confirm/", follow=True)
    assert not CalendarYear.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


# --- Warnings for dates chosen on a day off ---------------------------------------------


def test_the_warning_names_the_day_and_why():
    warning = non_working_day_warning(D(2026, 2, 17))
    assert "17/02/2026" in warning and "Tết Nguyên đán" in warning
    assert non_working_day_warning(D(2026, 1, 10)) is None  # make-up Saturday
    assert "07/02/2026" in non_working_day_warning(D(2026, 2, 7))  # a Saturday


@pytest.fixture
def plan(ward, office, leader):
    return DialoguePlan.objects.create(
        year=2026,
        kind=DialoguePlan.Kind.NEIGHBOURHOOD,
        title="Đối thoại với nhân dân năm 2026",
        venue="Nhà văn hóa",
        signer=leader,
        created_by=office,
    )


def _session_post(client, plan, starts_at: str):
    return client.post(
        f"/dialogues/plans/{plan.pk}/sessions/new/",
        {"title": "Đối thoại tổ dân phố số 6", "starts_at": starts_at, "venue": "Nhà văn hóa"},
        follow=True,
    )


def test_planning_a_session_on_a_day_off_warns_but_saves(client, office, plan):
    client.force_login(office)
    response = _session_post(client, plan, "17/02/2026 19:30")
    assert response.status_code == 200
    assert DialogueSession.objects.filter(plan=plan).count() == 1
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "17/02/2026" in warnings[0] and "Tết Nguyên đán Bính Ngọ" in warnings[0]


def test_planning_a_session_on_a_working_day_does_not_warn(client, office, plan):
    client.force_login(office)
    response = _session_post(client, plan, "12/02/2026 19:30")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_an_answer_deadline_on_a_day_off_warns(client, office, plan, department):
    from dialogues import services

    session = DialogueSession.objects.create(
        plan=plan, title="Đối thoại", starts_at=dt.datetime(2026, 8, 7, 19, 30, tzinfo=HCM)
    )
    opinion = services.opinion_create(
        source=Opinion.Source.FLOOR, session=session, content="Đề nghị", citizen_name="An"
    )
    client.force_login(office)
    data = {"classification": "procedure", "department": department.pk, "due_date": "02/09/2026"}
    response = client.post(f"/dialogues/opinions/{opinion.pk}/classify/", data, follow=True)
    levels = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [tag for tag, _ in levels] == ["warning", "success"]
    assert "02/09/2026" in levels[0][1] and "Quốc khánh" in levels[0][1]
    opinion.refresh_from_db()
    assert opinion.due_date == D(2026, 9, 2)


# --- The demo plans its sessions on working days -----------------------------------------


def test_every_demo_session_is_on_a_working_day():
    call_command("seed_demo", stdout=io.StringIO())
    cal = WorkingCalendar.load()
    sessions = list(DialogueSession.objects.all())
    assert len(sessions) == 20  # the two 2025 conferences and 18 neighbourhood sessions
    off = [
        (s.title, non_working_day_warning(s.starts_at.astimezone(HCM).date(), cal))
        for s in sessions
        if not cal.is_working_day(s.starts_at.astimezone(HCM).date())
    ]
    assert off == []

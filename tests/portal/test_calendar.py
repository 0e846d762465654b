"""Working days against the real Vietnamese calendars of 2024-2026."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from portal.calendar import (
    WorkingCalendar,
    add_working_days,
    appointment_date,
    is_working_day,
    working_days_between,
)
from portal.models import CalendarOverride

pytestmark = pytest.mark.django_db
D = dt.date
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (D(2024, 2, 8), D(2024, 2, 14)),  # Tết Giáp Thìn: 29 Tết to mùng 5
        (D(2025, 1, 27), D(2025, 1, 31)),  # Tết Ất Tỵ: weekdays of 25/01 - 02/02
        (D(2026, 2, 16), D(2026, 2, 20)),  # Tết Bính Ngọ: weekdays of 14/02 - 22/02
    ],
)
def test_tet_weekdays_are_days_off(first, last):
    day = first
    while day <= last:
        assert not is_working_day(day), day
        day += dt.timedelta(days=1)
    assert is_working_day(first - dt.timedelta(days=1)) or first.weekday() == 0


def test_dossier_received_before_tet_2024_is_due_after_it():
    # Received Wednesday 07/02/2024, one working day: Tết closes 08-14/02.
    assert add_working_days(D(2024, 2, 7), 1) == D(2024, 2, 15)


def test_dossier_received_before_tet_2025_is_due_after_it():
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)


def test_dossier_received_before_tet_2026_is_due_after_it():
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


@pytest.mark.parametrize(
    "day",
    [D(2024, 4, 18), D(2025, 4, 7), D(2026, 4, 27)],  # 10/3 lunar; 2026 falls on Sunday 26/04
)
def test_hung_kings_day_is_off(day):
    assert not is_working_day(day)


def test_hung_kings_2026_on_sunday_moves_to_monday():
    assert is_working_day(D(2026, 4, 28))
    assert add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_reunification_and_labour_day_2024_with_swapped_days():
    # 2024: Monday 29/04 off in exchange for Saturday 04/05, then 30/04 and 01/05.
    for day in (D(2024, 4, 29), D(2024, 4, 30), D(2024, 5, 1)):
        assert not is_working_day(day)
    assert is_working_day(D(2024, 5, 4))  # make-up Saturday
    assert add_working_days(D(2024, 4, 26), 1) == D(2024, 5, 2)
    assert add_working_days(D(2024, 4, 26), 3) == D(2024, 5, 4)


def test_reunification_and_labour_day_2025_with_swapped_days():
    # 2025: Friday 02/05 off in exchange for Saturday 26/04.
    assert is_working_day(D(2025, 4, 26))
    for day in (D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2)):
        assert not is_working_day(day)
    assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_national_day_2025_and_2026():
    assert not is_working_day(D(2025, 9, 1))
    assert not is_working_day(D(2025, 9, 2))
    assert is_working_day(D(2025, 9, 3))
    # 2026: Monday 31/08 off, made up on Saturday 22/08.
    for day in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)):
        assert not is_working_day(day)
    assert is_working_day(D(2026, 8, 22))
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_culture_day_24_november_is_off_from_2026_only():
    assert is_working_day(D(2025, 11, 24))  # a Monday, still a working day
    assert not is_working_day(D(2026, 11, 24))
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)


def test_weekends_are_not_counted_and_start_day_is_not_counted():
    # Received Friday 06/03/2026; 1 working day -> Monday 09/03.
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 2), 5) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)


def test_staff_override_beats_the_holidays_package():
    assert is_working_day(D(2027, 3, 10))
    CalendarOverride.objects.create(date=D(2027, 3, 10), is_working_day=False, note="Nghỉ bù")
    CalendarOverride.objects.create(date=D(2027, 3, 13), is_working_day=True, note="Làm bù")
    assert not is_working_day(D(2027, 3, 10))
    assert is_working_day(D(2027, 3, 13))
    # Tuesday 09/03 + 1 skips Wednesday 10/03; + 3 lands on Saturday 13/03.
    assert add_working_days(D(2027, 3, 9), 1) == D(2027, 3, 11)
    assert add_working_days(D(2027, 3, 9), 3) == D(2027, 3, 13)
    # An override can also reopen a public holiday.
    CalendarOverride.objects.create(date=D(2026, 11, 24), is_working_day=True, note="Trực")
    assert is_working_day(D(2026, 11, 24))


def test_working_days_between_is_the_inverse_of_add():
    cal = WorkingCalendar.load()
    start = D(2026, 1, 30)
    for n in range(0, 40):
        assert cal.working_days_between(start, cal.add_working_days(start, n)) == n
    assert working_days_between(D(2026, 2, 23), D(2026, 2, 13)) == -1
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 13)) == 0


def test_receipt_after_cutoff_counts_from_next_working_day(settings):
    settings.PORTAL_OFFICE_CUTOFF = "17:00"
    before = dt.datetime(2026, 3, 2, 16, 59, tzinfo=HCM)  # Monday
    after = dt.datetime(2026, 3, 2, 17, 0, tzinfo=HCM)
    assert appointment_date(before, 1) == D(2026, 3, 3)
    assert appointment_date(after, 1) == D(2026, 3, 4)


def test_receipt_on_sunday_counts_from_monday():
    sunday = dt.datetime(2026, 3, 8, 9, 0, tzinfo=HCM)
    assert WorkingCalendar.load().receipt_date(sunday) == D(2026, 3, 9)
    assert appointment_date(sunday, 1) == D(2026, 3, 10)


def test_receipt_time_is_read_in_vietnam_time():
    # 09:30 UTC is 16:30 in Hà Nội: before the cut-off.
    utc = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert appointment_date(utc, 1) == D(2026, 3, 3)
    # 10:30 UTC is 17:30 in Hà Nội: after it.
    assert appointment_date(utc.replace(hour=10), 1) == D(2026, 3, 4)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)


def test_calendar_page_lists_days_off_and_computes_a_date(client, desk):
    client.force_login(desk)
    response = client.get("/calendar/", {"year": 2026, "start": "13/02/2026", "days": 1})
    body = response.content.decode()
    assert response.status_code == 200
    assert "24/11/2026" in body and "Ngày Văn hóa Việt Nam" in body
    assert "22/08/2026" in body  # make-up Saturday
    assert "hẹn trả kết quả <strong>Thứ 2, ngày 23/02/2026</strong>" in body


def test_calendar_form_error_keeps_what_was_typed(client, desk):
    client.force_login(desk)
    response = client.get("/calendar/", {"start": "31/02/2026", "days": "3"})
    body = response.content.decode()
    assert 'value="31/02/2026"' in body
    assert "Nhập một ngày hợp lệ" in body

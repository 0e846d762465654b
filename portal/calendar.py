"""Vietnamese working days.

A day is a working day when it is Monday to Friday and not a public holiday, or a
make-up Saturday (làm bù). Three sources answer, the first that knows the date wins:
a `CalendarOverride` row entered by staff, an `OfficialCalendarDay` shipped with the
portal (the government's announced arrangements, portal/calendar_data.py), then the
`holidays` package (country VN).

Deadline rule: a dossier received on day `start` with a legal time of `n` working days
is due on the n-th working day after `start` (the day of receipt is not counted).
A dossier received at or after the office cut-off (settings.PORTAL_OFFICE_CUTOFF), or on
a day that is not a working day, counts as received on the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@lru_cache(maxsize=64)
def _public_calendar(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Holidays with their Vietnamese names and the make-up working weekend days of a year."""
    vn = holidays.country_holidays("VN", years=year, language="vi")
    # weekend_workdays also holds other years' cross-year swaps (27/12/2014, 05/01/2019).
    return dict(vn.items()), frozenset(d for d in vn.weekend_workdays if d.year == year)


@dataclass
class WorkingCalendar:
    """The working-day rules with the staff overrides and the official days loaded once.

    Build one with `WorkingCalendar.load()` and reuse it for many dates; the module-level
    helpers below build a fresh one per call (one query).
    """

    overrides: dict[dt.date, bool] = field(default_factory=dict)
    override_notes: dict[dt.date, str] = field(default_factory=dict)
    official: dict[dt.date, bool] = field(default_factory=dict)
    official_notes: dict[dt.date, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> WorkingCalendar:
        """Both tables in one query (a UNION ALL with a column saying which table)."""
        from portal.models import CalendarOverride, OfficialCalendarDay

        columns = ("date", "is_working_day", "note", "official")
        overrides = (
            CalendarOverride.objects.order_by().annotate(official=Value(0)).values_list(*columns)
        )
        official = (
            OfficialCalendarDay.objects.order_by().annotate(official=Value(1)).values_list(*columns)
        )
        cal = cls()
        for day, working, note, is_official in overrides.union(official, all=True):
            if is_official:
                cal.official[day], cal.official_notes[day] = working, note
            else:
                cal.overrides[day], cal.override_notes[day] = working, note
        return cal

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day in self.official:
            return self.official[day]
        public_holidays, weekend_workdays = _public_calendar(day.year)
        if day in weekend_workdays:
            return True
        return day.weekday() < 5 and day not in public_holidays

    def day_note(self, day: dt.date) -> str:
        """Why a day is what it is: the override note, the official note or the holiday's
        name."""
        if day in self.override_notes:
            return self.override_notes[day]
        if day in self.official_notes:
            return self.official_notes[day]
        public_holidays, weekend_workdays = _public_calendar(day.year)
        if day in public_holidays:
            return public_holidays[day]
        if day in weekend_workdays:
            return _("Make-up working day")
        return ""

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (start itself not counted).

        With days == 0 the answer is `start` if it is a working day, else the next one.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        if days == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative when end < start.

        The inverse of add_working_days: working_days_between(s, add_working_days(s, n)) == n.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: dt.date) -> dt.date:
        return self.add_working_days(day, 1)

    def receipt_date(self, received_at: dt.datetime) -> dt.date:
        """The day from which a deadline counts, applying the office cut-off."""
        local = timezone.localtime(received_at) if timezone.is_aware(received_at) else received_at
        cutoff = office_cutoff()
        day = local.date()
        if local.time() >= cutoff or not self.is_working_day(day):
            return self.next_working_day(day)
        return day

    def non_working_weekdays(self, year: int) -> list[tuple[dt.date, str]]:
        """Monday-to-Friday days off in a year, with why."""
        return [
            (d, self.day_note(d))
            for d in _days_of_year(year)
            if d.weekday() < 5 and not self.is_working_day(d)
        ]

    def working_weekend_days(self, year: int) -> list[tuple[dt.date, str]]:
        return [
            (d, self.day_note(d))
            for d in _days_of_year(year)
            if d.weekday() >= 5 and self.is_working_day(d)
        ]

    def has_official_days(self, year: int) -> bool:
        """Whether the portal ships the government's arrangements for `year`."""
        return any(d.year == year for d in self.official)


def non_working_day_warning(day: dt.date, calendar: WorkingCalendar | None = None) -> str | None:
    """A sentence for a date someone chose (a session, a deadline) that is not a working
    day, naming the day and why; None on a working day. Non-blocking: callers show it
    with `messages.warning` and keep what was saved."""
    cal = calendar or WorkingCalendar.load()
    if cal.is_working_day(day):
        return None
    return _("%(day)s is not a working day (%(reason)s). Check that this date is intended.") % {
        "day": f"{day:%d/%m/%Y}",
        "reason": cal.day_note(day) or date_format(day, "l"),
    }


def _days_of_year(year: int) -> Iterable[dt.date]:
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


def office_cutoff() -> dt.time:
    hours, _, minutes = settings.PORTAL_OFFICE_CUTOFF.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar.load().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return WorkingCalendar.load().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return WorkingCalendar.load().working_days_between(start, end)


def appointment_date(received_at: dt.datetime, days: int) -> dt.date:
    """Appointment date for a dossier received at `received_at` with `days` working days."""
    cal = WorkingCalendar.load()
    return cal.add_working_days(cal.receipt_date(received_at), days)


# --- Calendar quarters (reports, dashboards, coverage) ----------------------------------


def quarter_of(day: dt.date) -> int:
    """1-4."""
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    first = dt.date(year, 3 * (quarter - 1) + 1, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, following - dt.timedelta(days=1)

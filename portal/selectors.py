"""Reads on the shared models."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.calendar import WorkingCalendar
from portal.models import BackupRun, CalendarYear, DocumentNumber, OfficialCalendarDay
from portal.text import search_terms


def document_numbers_filtered(*, q: str = "", year: int | None = None, doc_type=None) -> QuerySet:
    qs = DocumentNumber.objects.select_related("doc_type", "issued_by")
    if q:
        qs = qs.filter(Q(subject__fold__contains=search_terms(q)) | Q(symbol__icontains=q))
    if year:
        qs = qs.filter(year=year)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    return qs


def document_counts_by_type(*, year: int) -> list[dict]:
    return list(
        DocumentNumber.objects.filter(year=year, voided=False)
        .values("doc_type__name", "doc_type__code")
        .annotate(total=Count("id"))
        .order_by("doc_type__name")
    )


def upcoming_days_off(*, today: dt.date, calendar: WorkingCalendar, limit: int = 5):
    """The next weekday holidays or announced days off, with their names."""
    found: list[tuple[dt.date, str]] = []
    day = today
    horizon = today + dt.timedelta(days=400)
    while day < horizon and len(found) < limit:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not calendar.is_working_day(day):
            found.append((day, calendar.day_note(day)))
    return found


# From this day of a year the office confirms the next year's working-day calendar.
CALENDAR_CONFIRMATION_FROM = (11, 1)


def calendar_year_to_confirm(*, today: dt.date, calendar: WorkingCalendar) -> dict | None:
    """From 1 November, next year's calendar until the office confirms it: the year and
    whether the portal ships its official arrangements. None before 1 November and once
    confirmed (one query, from 1 November only)."""
    if (today.month, today.day) < CALENDAR_CONFIRMATION_FROM:
        return None
    year = today.year + 1
    if CalendarYear.objects.filter(year=year).exists():
        return None
    return {"year": year, "has_official_days": calendar.has_official_days(year)}


def official_days_of_year(year: int) -> QuerySet:
    return OfficialCalendarDay.objects.filter(date__year=year).order_by("date")


# --- Leaders' dashboard ----------------------------------------------------------------


def backup_status(*, now: dt.datetime | None = None) -> dict:
    """For the office dashboard: the last run, the last good backup and its age, and
    whether to warn (no good backup, older than PORTAL_BACKUP_MAX_AGE_HOURS, or the last
    run failed or never finished). One or two queries."""
    now = now or timezone.now()
    last = BackupRun.objects.first()
    good = last if last is not None and last.ok else BackupRun.objects.filter(ok=True).first()
    limit = dt.timedelta(hours=settings.PORTAL_BACKUP_MAX_AGE_HOURS)
    age = now - good.finished_at if good and good.finished_at else None
    failed = last is not None and (
        last.ok is False or (last.ok is None and now - last.started_at > limit)
    )
    return {
        "last": last,
        "good": good,
        "age_hours": int(age.total_seconds() // 3600) if age is not None else None,
        "too_old": age is None or age > limit,
        "failed": failed,
        "warn": failed or age is None or age > limit,
        "max_age_hours": settings.PORTAL_BACKUP_MAX_AGE_HOURS,
    }


def unique_name_pks(qs) -> dict[str, int]:
    """{name: pk} of the names that name exactly one row (a link filtered on a name
    shown in a table is only given when the name says which row it is)."""
    seen: dict[str, int | None] = {}
    for pk, name in qs.values_list("pk", "name"):
        seen[name] = None if name in seen else pk
    return {name: pk for name, pk in seen.items() if pk is not None}

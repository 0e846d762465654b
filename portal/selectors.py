"""Reads on the shared models."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from portal.calendar import WorkingCalendar
from portal.models import DocumentNumber


def document_numbers_filtered(*, q: str = "", year: int | None = None, doc_type=None) -> QuerySet:
    qs = DocumentNumber.objects.select_related("doc_type", "issued_by")
    if q:
        qs = qs.filter(Q(subject__icontains=q) | Q(symbol__icontains=q))
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

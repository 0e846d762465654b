"""Bring the official calendar table to the day-off arrangements shipped with this release
(portal/calendar_data.py). Safe to run any number of times; `migrate` does the same."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.calendar_data import SHIPPED_YEARS, official_calendar_sync
from portal.models import OfficialCalendarDay


class Command(BaseCommand):
    help = "Load the government's announced days off and make-up days shipped with the portal."

    def handle(self, *args, **options):
        with transaction.atomic():
            added, changed, removed = official_calendar_sync(OfficialCalendarDay)
        years = ", ".join(str(y) for y in sorted(SHIPPED_YEARS))
        self.stdout.write(
            self.style.SUCCESS(
                f"Official calendar days ({years}): {added} added, {changed} changed, "
                f"{removed} removed."
            )
        )

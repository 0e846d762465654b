"""Background jobs of the self-assessments. Safe to run again or to lose."""

import datetime as dt

from celery import shared_task
from django.utils.translation import override

from assessments.services import reminders_send


@shared_task(time_limit=300, soft_time_limit=270)
def assessment_reminders(today: str | None = None) -> int:
    """Remind the units and the office of the round's deadlines; a repeated run sends
    nothing twice (RoundReminder). `today` (ISO date) replays a day."""
    with override("vi"):
        return reminders_send(dt.date.fromisoformat(today) if today else None)

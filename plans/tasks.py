"""Background jobs of the ward plans. Safe to run again or to lose."""

import datetime as dt

from celery import shared_task
from django.utils.translation import override

from plans.services import reminders_send


@shared_task(time_limit=300, soft_time_limit=270)
def task_reminders(today: str | None = None) -> int:
    """Remind the lead units of deadlines near and past; a repeated run sends nothing
    twice (TaskReminder). `today` (ISO date) replays a day, as after an outage."""
    with override("vi"):
        return reminders_send(dt.date.fromisoformat(today) if today else None)

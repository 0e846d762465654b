"""Background jobs of the reports. Safe to run again or to lose."""

import datetime as dt

from celery import shared_task
from django.utils.translation import override

from reports.services import quarter_report_draft


@shared_task(time_limit=300, soft_time_limit=270)
def quarter_report(today: str | None = None) -> int | None:
    """Draft the quarter's report on its last day (or in the days after, if the job could
    not run then) and tell the office; a second run finds the draft and does nothing.
    `today` (ISO date) replays the job as of that day, as an administrator would after an
    outage; beat passes nothing."""
    with override("vi"):
        report = quarter_report_draft(today=dt.date.fromisoformat(today) if today else None)
    return report.pk if report else None

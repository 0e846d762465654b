"""Background jobs of the reports. Safe to run again or to lose."""

from celery import shared_task
from django.utils.translation import override

from reports.services import quarter_report_draft


@shared_task(time_limit=300, soft_time_limit=270)
def quarter_report() -> int | None:
    """Draft the quarter's report on its last day (or in the days after, if the job could
    not run then) and tell the office; a second run finds the draft and does nothing."""
    with override("vi"):
        report = quarter_report_draft()
    return report.pk if report else None

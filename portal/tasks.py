"""Periodic housekeeping. Safe to run any number of times."""

from datetime import timedelta

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(time_limit=300, soft_time_limit=270)
def housekeeping() -> dict:
    """Drop expired sessions, lockout counters older than 30 days, system-log entries
    older than PORTAL_AUDIT_RETENTION_DAYS (2 years by default) and background exports
    (with their files) older than a day."""
    from axes.models import AccessAttempt

    from portal.audit import audit_prune
    from portal.export_jobs import export_jobs_prune

    now = timezone.now()
    cutoff = now - timedelta(days=30)
    deleted_sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    deleted_attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return {
        "sessions": deleted_sessions,
        "attempts": deleted_attempts,
        "log_entries": audit_prune(now=now),
        "export_jobs": export_jobs_prune(now=now),
    }


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
    default_retry_delay=300,
    time_limit=120,
    soft_time_limit=100,
    ignore_result=True,
)
def outbox_deliver(self, message_id: int) -> bool:
    """Deliver one outbox message. Redelivered after a worker died, it claims it again
    (same task id); a message already sent is never sent twice."""
    from portal.outbox import outbox_deliver_message

    try:
        return outbox_deliver_message(message_id=message_id, token=self.request.id or "")
    except Exception as exc:
        raise self.retry(exc=exc) from exc


@shared_task(time_limit=120, soft_time_limit=100, ignore_result=True)
def outbox_sweep() -> int:
    """Queue again what a Redis outage or a lost worker left in the outbox."""
    from portal.outbox import outbox_sweep as sweep

    return sweep()


@shared_task(time_limit=6 * 3600, soft_time_limit=6 * 3600 - 60, ignore_result=True)
def backup_nightly() -> bool:
    """The nightly backup. A failure is recorded (dashboard, system log) and not retried:
    a second dump racing the first helps nobody, and tomorrow's run comes anyway."""
    from portal.backup import BackupError, backup_run
    from portal.models import BackupRun

    try:
        backup_run(trigger=BackupRun.Trigger.NIGHTLY)
    except BackupError:
        return False
    return True


@shared_task(time_limit=3600, soft_time_limit=3540, ignore_result=True)
def personal_data_retention() -> dict:
    """Anonymise personal data past its retention period. Safe to rerun: what is already
    anonymised is not counted again."""
    from portal.retention import retention_run

    return retention_run(trigger="nightly").counts


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=1800,
    soft_time_limit=1740,
    ignore_result=True,
)
def export_job_build(self, job_id: int) -> bool:
    """Build one background export (portal/export_jobs.py). Redelivered, it claims the job
    again (same task id); a job already done is not rebuilt."""
    from portal.export_jobs import export_job_run

    return export_job_run(job_id=job_id, token=self.request.id or "")


@shared_task(time_limit=120, soft_time_limit=100, ignore_result=True)
def export_jobs_sweep() -> int:
    """Queue again the exports a Redis outage or a lost worker left queued."""
    from portal.export_jobs import export_jobs_sweep as sweep

    return sweep()

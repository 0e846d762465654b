"""Periodic housekeeping. Safe to run any number of times."""

from datetime import timedelta

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(time_limit=300, soft_time_limit=270)
def housekeeping() -> dict:
    """Drop expired sessions and login attempts older than 30 days."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = timezone.now()
    cutoff = now - timedelta(days=30)
    deleted_sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    deleted_attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return {"sessions": deleted_sessions, "attempts": deleted_attempts}

"""The retention job: personal data kept past its period is anonymised (Luật Bảo vệ dữ
liệu cá nhân số 91/2025/QH15; README, "Dữ liệu cá nhân").

Each registered source (`portal/personal_data.py`) knows its own rule: a one-stop
dossier keeps the applicant's data PORTAL_RETENTION_CASE_YEARS after it was closed, an
opinion keeps the citizen's contact PORTAL_RETENTION_OPINION_YEARS after it was
answered. This module only asks every source, each in its own transaction, and records
what each anonymised as a `RetentionRun` (shown in the system log), also when nothing
was due. The rule is a query on the data, not on when the job last ran: a second run
the same day finds nothing, and a missed night is caught up by the next.

Ground module: it imports no app; the sources register themselves.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from portal import personal_data
from portal.models import RetentionRun

log = logging.getLogger(__name__)


def retention_today() -> dt.date:
    """Today in the ward's time zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def retention_run(
    *, trigger: str = "nightly", today: dt.date | None = None, dry_run: bool = False
) -> RetentionRun | dict[str, int]:
    """Anonymise what every source holds past its retention period before `today`.

    Returns the recorded run, whose `counts` are {source key: records anonymised}. With
    `dry_run`, returns those counts as they would be and writes nothing.

    A source that fails is rolled back alone: the others' work stays, the run is
    recorded with the failing source under "errors", and the first error is raised
    again so that the beat job shows as failed.
    """
    today = today or retention_today()
    if dry_run:
        return {s.key: s.expired_count(today=today) for s in personal_data.sources()}
    now = timezone.now()
    counts: dict[str, int] = {}
    errors: dict[str, str] = {}
    first_error: Exception | None = None
    for source in personal_data.sources():
        try:
            with transaction.atomic():
                counts[source.key] = source.anonymise_expired(today=today, now=now)
        except Exception as exc:  # noqa: BLE001 - recorded, then raised again below
            log.exception("Retention: source %s failed", source.key)
            errors[source.key] = f"{type(exc).__name__}: {exc}"[:500]
            first_error = first_error or exc
    recorded = dict(counts)
    if errors:
        recorded["errors"] = errors
    run = RetentionRun.objects.create(trigger=trigger, counts=recorded)
    if first_error is not None:
        raise first_error
    return run


def retention_total(counts: dict) -> int:
    """How many records a run's counts add up to (its "errors" left out)."""
    return sum(n for key, n in counts.items() if key != "errors" and isinstance(n, int))

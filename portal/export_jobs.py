"""Long exports as background work: a spreadsheet too big for one request is built by a
Celery task while the user watches a progress bar, then downloaded by its requester only.

An app registers each export kind (`@export_jobs.kind("onestop.case_book", ...)` in a
module its AppConfig imports); the ground imports no app. The kind's function takes the
job's parameters (the list's filters) and the user, re-checks what that user may see, and
returns the sheets (rows are lazy iterators) with the number of data rows they hold. The
same function serves a small export, streamed at once, and a large one, built as a job:
`export_respond` picks by the row count (settings.PORTAL_EXPORT_BACKGROUND_ROWS).

Reruns are harmless (README, "Công việc nền"): the task claims the job with a
conditional update for its task id, so a redelivered message (acks_late) claims it again
while a second message waits; a job already done is never rebuilt; a failed one can be
run again and replaces any earlier file. A job that could not be queued (Redis down)
stays queued and `export_jobs_sweep` (Celery beat, every minute) queues it again.
Files are private (MEDIA_ROOT/private, no URL) and deleted a day later by housekeeping.
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as KombuOperationalError

from portal.exports import Sheet, write_xlsx, xlsx_response
from portal.models import ExportJob

log = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=1)
# A queued job older than this was not queued (broker down) or was lost: queue it again.
SWEEP_GRACE = timedelta(minutes=1)
# A running job claimed longer ago than this belongs to a worker that died (the build
# task's hard time limit is 30 minutes).
CLAIM_LEASE = timedelta(minutes=35)
PROGRESS_EVERY = 1000

Builder = Callable[[dict, object], tuple[Iterable[Sheet], int]]


@dataclass(frozen=True)
class Kind:
    key: str
    build: Builder
    filename: Callable[[dict], str]


_kinds: dict[str, Kind] = {}


def kind(key: str, *, filename: Callable[[dict], str]):
    """Register an export kind: the decorated function takes (params, user) and returns
    (sheets, data rows); it raises PermissionDenied when the user may no longer see it."""

    def register(func: Builder) -> Builder:
        _kinds[key] = Kind(key=key, build=func, filename=filename)
        return func

    return register


def kind_get(key: str) -> Kind:
    return _kinds[key]


def background_threshold() -> int:
    return int(getattr(settings, "PORTAL_EXPORT_BACKGROUND_ROWS", 5000))


def export_respond(request, *, kind_key: str, params: dict) -> HttpResponse:
    """The export the user asked for: streamed at once when small, else a job whose page
    shows its progress."""
    export = kind_get(kind_key)
    sheets, total = export.build(params, request.user)
    if total <= background_threshold():
        return xlsx_response(sheets, export.filename(params))
    job = export_job_start(user=request.user, kind_key=kind_key, params=params, total=total)
    return redirect("export_job", pk=job.pk)


def export_job_start(*, user, kind_key: str, params: dict, total: int = 0) -> ExportJob:
    """Record the job and queue its build once the row commits."""
    export = kind_get(kind_key)
    job = ExportJob(
        requested_by=user,
        kind=kind_key,
        params=params,
        rows_total=total,
        filename=export.filename(params),
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: export_job_dispatch(job.pk))
    return job


def export_job_dispatch(job_id: int) -> bool:
    """Queue the build; when the broker cannot be reached the job stays queued for the
    sweep. In the embedded default (eager Celery) this builds the file there and then."""
    from portal.tasks import export_job_build

    try:
        export_job_build.apply_async((job_id,), retry=False, ignore_result=True)
    except (KombuOperationalError, OSError):
        log.warning("Broker unreachable: export job %s left to the sweep", job_id)
        return False
    except Exception:  # noqa: BLE001 - an eager run that failed: the job says so
        log.exception("Export job %s could not be built", job_id)
        return False
    return True


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """Queue a failed job again (its requester asked)."""
    updated = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.FAILED).update(
        state=ExportJob.State.QUEUED, error="", claim_token="", claimed_at=None
    )
    if updated:
        transaction.on_commit(lambda: export_job_dispatch(job.pk))
    job.refresh_from_db()
    return job


def _claim(job_id: int, token: str, now) -> bool:
    claimable = (
        Q(state__in=(ExportJob.State.QUEUED, ExportJob.State.FAILED))
        | Q(state=ExportJob.State.RUNNING, claim_token=token)
        | Q(state=ExportJob.State.RUNNING, claimed_at__lt=now - CLAIM_LEASE)
    )
    return bool(
        ExportJob.objects.filter(Q(pk=job_id) & claimable).update(
            state=ExportJob.State.RUNNING,
            claim_token=token,
            claimed_at=now,
            rows_done=0,
            error="",
        )
    )


class _Progress:
    """Writes rows_done every PROGRESS_EVERY rows so the page's bar moves.

    On PostgreSQL the export reads inside a transaction of its own (portal.exports.
    export_rows), where an update would stay invisible until the last row: progress then
    goes through a second connection that commits at once."""

    def __init__(self, job_id: int, token: str):
        self.job_id, self.token, self.done = job_id, token, 0
        self._conn = None
        if connection.vendor == "postgresql":
            self._conn = connections.create_connection(DEFAULT_DB_ALIAS)

    def count(self, rows: Iterable) -> Iterator:
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.write()

    def write(self) -> None:
        if self._conn is None:
            ExportJob.objects.filter(pk=self.job_id, claim_token=self.token).update(
                rows_done=self.done
            )
            return
        with self._conn.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ExportJob._meta.db_table} SET rows_done = %s"  # noqa: S608 - our table
                " WHERE id = %s AND claim_token = %s",
                [self.done, self.job_id, self.token],
            )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def _build(job: ExportJob, progress: _Progress) -> None:
    """Write the job's workbook to its file, replacing the file of an earlier run."""
    sheets, total = kind_get(job.kind).build(job.params, job.requested_by)
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total)
    counted = [
        Sheet(
            title=s.title,
            header=s.header,
            rows=progress.count(s.rows),
            widths=s.widths,
            preamble=s.preamble,
        )
        for s in sheets
    ]
    old = job.file.name
    with tempfile.TemporaryFile() as spool:
        write_xlsx(counted, spool)
        spool.seek(0)
        job.file.save(job.filename, File(spool), save=False)
    if old and old != job.file.name:
        job.file.storage.delete(old)


def export_job_run(*, job_id: int, token: str) -> bool:
    """Build one job's file. False when there was nothing to do (done already, or another
    worker holds it); a failure is recorded on the job, which may be run again."""
    now = timezone.now()
    token = token or uuid.uuid4().hex
    if not _claim(job_id, token, now):
        return False
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    progress = _Progress(job_id, token)
    started = time.monotonic()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _build(job, progress)
    except Exception as exc:
        log.exception("Export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id, claim_token=token).update(
            state=ExportJob.State.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return False
    finally:
        progress.close()
    updated = ExportJob.objects.filter(pk=job_id, claim_token=token).update(
        state=ExportJob.State.DONE,
        file=job.file.name,
        rows_done=progress.done,
        rows_total=progress.done,
        finished_at=timezone.now(),
    )
    if not updated:  # another worker took it over meanwhile: its file is the one kept
        job.file.storage.delete(job.file.name)
    log.info("Export job %s: %s rows in %.1f s", job_id, progress.done, time.monotonic() - started)
    return bool(updated)


def export_jobs_sweep(*, now=None) -> int:
    """Queue again the jobs a Redis outage or a lost worker left behind."""
    now = now or timezone.now()
    pending = ExportJob.objects.filter(
        Q(state=ExportJob.State.QUEUED, created_at__lt=now - SWEEP_GRACE)
        | Q(state=ExportJob.State.RUNNING, claimed_at__lt=now - CLAIM_LEASE)
    ).values_list("pk", flat=True)[:100]
    return sum(export_job_dispatch(pk) for pk in list(pending))


def export_jobs_prune(*, now=None) -> int:
    """Delete the jobs, and their files, asked for more than a day ago."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(created_at__lt=now - KEEP_FOR)
    for name in old.exclude(file="").values_list("file", flat=True):
        ExportJob._meta.get_field("file").storage.delete(name)
    deleted, _ = old.delete()
    return deleted


def export_job_expired(job: ExportJob, *, now=None) -> bool:
    return job.created_at < (now or timezone.now()) - KEEP_FOR


def export_job_for_user(user, pk: int) -> ExportJob:
    """The one access helper: a job is its requester's only, and gone after a day."""
    from django.http import Http404

    job = ExportJob.objects.filter(pk=pk, requested_by=user).first()
    if job is None or export_job_expired(job):
        raise Http404
    return job

"""The page of a background export, its status for the progress bar, and its file.
Only the requester reaches any of them (others get 404), for a day."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.export_jobs import export_job_for_user, export_job_retry
from portal.exports import XLSX_TYPE
from portal.models import ExportJob


def _status(job: ExportJob) -> dict:
    done = job.state == ExportJob.State.DONE
    return {
        "state": job.state,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "url": reverse("export_job_download", args=[job.pk]) if done else None,
    }


@login_required
def export_job_detail(request, pk: int):
    job = export_job_for_user(request.user, pk)
    return render(request, "portal/export_job.html", {"job": job, "status": _status(job)})


@login_required
def export_job_status(request, pk: int):
    job = export_job_for_user(request.user, pk)
    response = JsonResponse(_status(job))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_job_download(request, pk: int):
    job = export_job_for_user(request.user, pk)
    if job.state != ExportJob.State.DONE or not job.file:
        return redirect("export_job", pk=job.pk)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_TYPE
    )


@require_POST
@login_required
def export_job_rerun(request, pk: int):
    job = export_job_retry(job=export_job_for_user(request.user, pk))
    return redirect("export_job", pk=job.pk)

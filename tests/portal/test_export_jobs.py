import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from portal import export_jobs, roles
from portal.exports import Sheet
from portal.models import ExportJob
from portal.tasks import export_job_build, housekeeping
from tests.factories import make_user
from tests.surveys.test_results import data  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _book(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def three_cases(procedure, receive):
    return [receive(procedure, applicant_name=f"Người {i}") for i in range(3)]


@pytest.fixture
def numbers_kind():
    """An export kind of its own: `rows` numbered rows; `fail` makes the next build fail."""
    state = {"rows": 2500, "fail": 0, "builds": 0}

    def build(params, user):
        if not roles.has_role(user, roles.DESK):
            raise PermissionDenied
        state["builds"] += 1
        if state["fail"]:
            state["fail"] -= 1
            raise RuntimeError("disk full")
        rows = ([i, f"dòng {i}"] for i in range(state["rows"]))
        return [Sheet(title="Số", header=["#", "Dòng"], rows=rows)], state["rows"]

    export_jobs.kind("tests.numbers", filename=lambda params: "so.xlsx")(build)
    yield state
    export_jobs._kinds.pop("tests.numbers")


def _job(user, **kwargs) -> ExportJob:
    return ExportJob.objects.create(
        requested_by=user, kind="tests.numbers", filename="so.xlsx", **kwargs
    )


def _private_files(settings) -> list[Path]:
    return [p for p in (Path(settings.MEDIA_ROOT) / "private").rglob("*") if p.is_file()]


def test_a_book_under_the_threshold_streams_as_before(client, desk, three_cases, settings):
    settings.PORTAL_EXPORT_BACKGROUND_ROWS = 3
    client.force_login(desk)
    response = client.get("/onestop/cases.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


def test_a_book_over_the_threshold_is_a_job_built_at_once_in_the_embedded_default(
    client, desk, three_cases, settings, django_capture_on_commit_callbacks
):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    settings.PORTAL_EXPORT_BACKGROUND_ROWS = 2
    client.force_login(desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/onestop/cases.xlsx", {"status": "received"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.pk}/"
    assert job.kind == "onestop.case_book"
    assert job.params == {"status": "received"}
    assert job.state == ExportJob.State.DONE
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert job.filename.startswith("so-theo-doi-ho-so-")

    page = client.get(response["Location"])
    assert f'href="/exports/{job.pk}/download"' in page.content.decode()
    assert "portal/export_job.js" in page.content.decode()
    status = client.get(f"/exports/{job.pk}/status.json").json()
    assert status == {
        "state": "done",
        "rows_done": 3,
        "rows_total": 3,
        "url": f"/exports/{job.pk}/download",
    }
    download = client.get(status["url"])
    assert download.status_code == 200
    assert job.filename in download["Content-Disposition"]
    names = [row[5] for row in _book(download).active.iter_rows(values_only=True)]
    assert sorted(n for n in names if n and n.startswith("Người")) == [
        "Người 0",
        "Người 1",
        "Người 2",
    ]


def test_the_file_is_private_under_media_root(desk, numbers_kind, settings):
    job = _job(desk)
    export_job_build.delay(job.pk)
    job.refresh_from_db()
    path = Path(job.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018 - no URL serves it


def test_progress_is_written_every_thousand_rows(desk, numbers_kind, monkeypatch):
    seen = []
    write = export_jobs._Progress.write

    def spy(self):
        write(self)
        seen.append(self.done)
        if connection.vendor == "sqlite":  # on PostgreSQL a second connection writes it
            assert ExportJob.objects.get(pk=self.job_id).rows_done == self.done

    monkeypatch.setattr(export_jobs._Progress, "write", spy)
    job = _job(desk)
    assert export_jobs.export_job_run(job_id=job.pk, token="t1")
    job.refresh_from_db()
    assert seen == [1000, 2000]
    assert (job.state, job.rows_done, job.rows_total) == ("done", 2500, 2500)
    rows = list(openpyxl.load_workbook(job.file.path).active.iter_rows(values_only=True))
    assert len(rows) == 2501


def test_only_the_requester_sees_the_job_and_its_file(client, desk, numbers_kind):
    job = _job(desk)
    export_job_build.delay(job.pk)
    other_desk = make_user("motcua2", roles.DESK)
    client.force_login(other_desk)
    for url in (f"/exports/{job.pk}/", f"/exports/{job.pk}/status.json"):
        assert client.get(url).status_code == 404
    assert client.get(f"/exports/{job.pk}/download").status_code == 404
    assert client.post(f"/exports/{job.pk}/rerun/").status_code == 404
    client.force_login(desk)
    assert client.get(f"/exports/{job.pk}/download").status_code == 200
    client.logout()
    assert client.get(f"/exports/{job.pk}/status.json").status_code == 302  # to the login


def test_the_access_is_checked_again_when_the_job_is_built(desk, numbers_kind):
    job = _job(desk)
    desk.groups.clear()
    export_job_build.delay(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert "PermissionDenied" in job.error
    assert not job.file


def test_the_file_is_kept_a_day_then_housekeeping_deletes_it(client, desk, numbers_kind, settings):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        job = _job(desk)
        export_job_build.delay(job.pk)
        client.force_login(desk)
        assert len(_private_files(settings)) == 1
        traveller.shift(dt.timedelta(hours=23))
        assert housekeeping()["export_jobs"] == 0
        client.force_login(desk)  # the session itself has timed out
        assert client.get(f"/exports/{job.pk}/download").status_code == 200
        traveller.shift(dt.timedelta(hours=2))
        client.force_login(desk)
        assert client.get(f"/exports/{job.pk}/download").status_code == 404  # before the sweep
        assert housekeeping()["export_jobs"] == 1
    assert not ExportJob.objects.exists()
    assert _private_files(settings) == []


def test_a_failed_job_runs_again_and_keeps_one_file(
    client, desk, numbers_kind, settings, django_capture_on_commit_callbacks
):
    numbers_kind["fail"] = 1
    job = _job(desk)
    export_job_build.delay(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert "disk full" in job.error
    client.force_login(desk)
    page = client.get(f"/exports/{job.pk}/")
    assert "Try again" in page.content.decode() or "Thử lại" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/exports/{job.pk}/rerun/")  # eager: built again there and then
    job.refresh_from_db()
    assert (job.state, job.error, job.rows_done) == ("done", "", 2500)
    # Run a third time (a redelivered message): done already, nothing is rebuilt.
    assert export_jobs.export_job_run(job_id=job.pk, token="late") is False
    export_job_build.delay(job.pk)
    assert numbers_kind["builds"] == 2
    assert len(_private_files(settings)) == 1


def test_a_rebuild_replaces_the_earlier_file(desk, numbers_kind, settings):
    job = _job(desk)
    assert export_jobs.export_job_run(job_id=job.pk, token="a")
    first = ExportJob.objects.get(pk=job.pk).file.name
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED)
    assert export_jobs.export_job_run(job_id=job.pk, token="b")
    second = ExportJob.objects.get(pk=job.pk).file.name
    assert second != first
    assert [p.name for p in _private_files(settings)] == [Path(second).name]


def test_a_redelivered_task_claims_its_job_again_and_a_second_one_waits(desk, numbers_kind):
    job = _job(desk, state=ExportJob.State.RUNNING, claim_token="task-1")
    ExportJob.objects.filter(pk=job.pk).update(claimed_at=timezone.now())
    assert export_jobs.export_job_run(job_id=job.pk, token="task-2") is False
    assert export_jobs.export_job_run(job_id=job.pk, token="task-1") is True
    assert numbers_kind["builds"] == 1


def test_a_job_queued_while_redis_is_down_is_queued_again_by_the_sweep(
    client, desk, three_cases, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PORTAL_EXPORT_BACKGROUND_ROWS = 2

    def broker_down(*args, **kwargs):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(export_job_build, "apply_async", broker_down)
    client.force_login(desk)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/onestop/cases.xlsx")
        assert response.status_code == 302
        job = ExportJob.objects.get()
        assert job.state == ExportJob.State.QUEUED
        assert client.get(f"/exports/{job.pk}/status.json").json()["state"] == "queued"
        monkeypatch.undo()
        assert export_jobs.export_jobs_sweep() == 0  # too recent: its task may be on its way
        traveller.shift(dt.timedelta(minutes=2))
        assert export_jobs.export_jobs_sweep() == 1
    job.refresh_from_db()
    assert (job.state, job.rows_done) == ("done", 3)


def test_the_sweep_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["export-jobs-sweep"]
    assert entry["task"] == "portal.tasks.export_jobs_sweep"
    assert entry["schedule"] <= 60


@pytest.mark.django_db(transaction=True)
def test_progress_shows_while_the_book_is_read_in_its_own_transaction(
    desk, three_cases, monkeypatch
):
    """On PostgreSQL the book is read inside a transaction (SET LOCAL
    cursor_tuple_fraction); its progress must still be visible to the status page."""
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    seen = []
    write = export_jobs._Progress.write

    # What the status page would read: another connection, outside the export's transaction.
    reader = connections.create_connection("default") if connection.vendor == "postgresql" else None

    def spy(self):
        write(self)
        if reader is None:
            seen.append(ExportJob.objects.get(pk=self.job_id).rows_done)
            return
        with reader.cursor() as cursor:
            cursor.execute("SELECT rows_done FROM portal_exportjob WHERE id = %s", [self.job_id])
            seen.append(cursor.fetchone()[0])

    monkeypatch.setattr(export_jobs._Progress, "write", spy)
    job = ExportJob.objects.create(
        requested_by=desk, kind="onestop.case_book", filename="so.xlsx", params={}
    )
    export_job_build.delay(job.pk)
    job.refresh_from_db()
    if reader is not None:
        reader.close()
    assert seen == [1, 2, 3]
    assert (job.state, job.rows_done, job.rows_total) == ("done", 3, 3)


def test_the_ballots_and_the_opinions_register_go_to_the_background_too(
    client,
    office,
    data,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    from dialogues import services as dialogue_services
    from dialogues.models import Opinion

    for i in range(3):
        dialogue_services.opinion_create(source="feedback", content=f"Ý kiến {i}")
    survey = data["survey"]
    settings.PORTAL_EXPORT_BACKGROUND_ROWS = 2
    client.force_login(office)
    for url, kind, rows in [
        (f"/surveys/{survey.pk}/ballots.xlsx", "surveys.ballots", 5),
        ("/dialogues/opinions.xlsx?received_from=01/01/2020", "dialogues.opinions", 0),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url)
        job = ExportJob.objects.get(kind=kind)
        rows = rows or Opinion.objects.count()
        assert response["Location"] == f"/exports/{job.pk}/"
        assert (job.state, job.rows_done) == ("done", rows), job.error
        download = client.get(f"/exports/{job.pk}/download")
        assert len(list(_book(download).active.values)) == 1 + rows
    assert ExportJob.objects.get(kind="surveys.ballots").filename == (
        f"phieu-khao-sat-{survey.code}.xlsx"
    )
    assert ExportJob.objects.get(kind="dialogues.opinions").params["received_from"] == (
        "2020-01-01"
    )

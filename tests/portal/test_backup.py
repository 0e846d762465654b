"""Backups and their restore (README, "Sao lưu và phục hồi"), on the suite's database."""

import datetime as dt
import io
import json
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from onestop.models import Case
from portal import backup
from portal.backup import BackupError
from portal.models import BackupRun
from portal.selectors import backup_status
from portal.tasks import backup_nightly
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def letter(settings):
    """A signed apology letter's PDF among the media files."""
    path = Path(settings.MEDIA_ROOT) / "apology" / "2026" / "signed.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7 signed letter \x00\xff" * 100)
    return path


@pytest.fixture
def target(tmp_path):
    """An empty database of the suite's engine to restore into, dropped afterwards."""
    if not ON_POSTGRES:
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        return
    import psycopg

    db = dict(connection.settings_dict, NAME=f"restore_{uuid.uuid4().hex[:12]}")
    with backup._pg_connect(dict(db, NAME="postgres")) as conn:
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    yield db
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or None,
        user=db["USER"],
        dbname="postgres",
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')


def _applicants(db) -> list[str]:
    if ON_POSTGRES:
        with backup._pg_connect(db) as conn:
            rows = conn.execute("SELECT applicant_name FROM onestop_case ORDER BY id").fetchall()
    else:
        with sqlite3.connect(db["NAME"]) as conn:
            rows = conn.execute("SELECT applicant_name FROM onestop_case ORDER BY id").fetchall()
    return [r[0] for r in rows]


def test_backup_then_restore_gives_the_same_rows_and_files(
    receive, procedure, letter, target, tmp_path
):
    receive(procedure, applicant_name="Trần Thị Hoa")
    receive(procedure, applicant_name="Lê Văn Bình")
    run = backup.backup_run(directory=tmp_path / "backups")

    assert run.ok is True and run.size > 0 and run.finished_at
    folder = tmp_path / "backups" / run.name
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert manifest["counts"]["onestop_case"] == 2
    assert manifest["migrations"]["onestop"]
    assert manifest["version"] and manifest["media_files"] == 1
    assert not list((tmp_path / "backups").glob(".*partial"))

    restored_media = tmp_path / "restored-media"
    backup.backup_restore(folder, db=target, media_root=restored_media)

    assert _applicants(target) == ["Trần Thị Hoa", "Lê Văn Bình"]
    copy = restored_media / "apology" / "2026" / "signed.pdf"
    assert copy.read_bytes() == letter.read_bytes()


def test_restore_refuses_a_damaged_backup_and_writes_nothing(receive, procedure, target, tmp_path):
    receive(procedure)
    run = backup.backup_run(directory=tmp_path / "b")
    folder = tmp_path / "b" / run.name
    dump = folder / json.loads((folder / "manifest.json").read_text())["database_file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="không khớp với mã kiểm tra"):
        call_command("restore", str(folder), "--check")
    with pytest.raises(BackupError):
        backup.backup_restore(folder, db=target, media_root=tmp_path / "m")
    assert backup._target_tables(target) == []
    assert not (tmp_path / "m").exists()


def test_restore_refuses_a_backup_of_a_newer_version(receive, procedure, target, tmp_path):
    receive(procedure)
    run = backup.backup_run(directory=tmp_path / "b")
    folder = tmp_path / "b" / run.name
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"]["onestop"].append("0099_from_the_future")
    manifest["version"] = "9.0.0"
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(BackupError, match="phiên bản mới hơn.*9.0.0.*0099_from_the_future"):
        backup.backup_restore(folder, db=target, media_root=tmp_path / "m")
    assert backup._target_tables(target) == []


def test_restore_refuses_another_engine_and_a_non_empty_target(receive, procedure, tmp_path):
    receive(procedure)
    run = backup.backup_run(directory=tmp_path / "b")
    folder = tmp_path / "b" / run.name
    other = (
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
        if ON_POSTGRES
        else dict(connection.settings_dict, ENGINE="django.db.backends.postgresql")
    )
    with pytest.raises(BackupError, match="cơ sở dữ liệu đích là"):
        backup.backup_restore(folder, db=other, media_root=tmp_path / "m")

    # The running database is not empty: restore never writes over it.
    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(folder), "--media-root", str(tmp_path / "m2"))
    assert Case.objects.count() == 1


def test_restore_refuses_a_media_archive_that_writes_outside_its_directory(
    receive, procedure, target, tmp_path
):
    receive(procedure)
    run = backup.backup_run(directory=tmp_path / "b")
    folder = tmp_path / "b" / run.name
    with tarfile.open(folder / "media.tar", "w") as tar:
        info = tarfile.TarInfo("../../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["media.tar"] = {
        "size": (folder / "media.tar").stat().st_size,
        "sha256": backup._sha256(folder / "media.tar"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(BackupError, match="tệp đa phương tiện"):
        backup.backup_restore(folder, db=target, media_root=tmp_path / "m" / "media")
    assert not (tmp_path / "escaped.txt").exists()


def test_a_failed_backup_is_recorded_warned_and_not_retried(client, office, settings, tmp_path):
    assert backup_nightly.run() is True
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.PORTAL_BACKUP_DIR = blocker
    assert backup_nightly.run() is False

    last = BackupRun.objects.first()
    assert last.ok is False and last.trigger == "nightly" and last.error
    client.force_login(office)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Lần sao lưu gần nhất" in page and "bị lỗi" in page


def test_the_dashboard_warns_when_the_last_good_backup_is_too_old(client, office, settings):
    now = timezone.now()
    client.force_login(office)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-backup-status="warn"' in page and "Chưa có bản sao lưu nào" in page

    BackupRun.objects.create(
        started_at=now - dt.timedelta(hours=27, minutes=5),
        finished_at=now - dt.timedelta(hours=27),
        trigger="nightly",
        ok=True,
        name="portal-x",
        size=5 * 1024 * 1024,
    )
    page = client.get(reverse("dashboard")).content.decode()
    assert "27 giờ trước" in page and "5,0\xa0MB" in page
    assert "cũ hơn 26 giờ" in page and 'data-backup-status="warn"' in page

    BackupRun.objects.create(
        started_at=now - dt.timedelta(hours=2, minutes=1),
        finished_at=now - dt.timedelta(hours=2),
        trigger="nightly",
        ok=True,
        name="portal-y",
        size=10,
    )
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-backup-status="ok"' in page and "2 giờ trước" in page
    assert "cũ hơn 26 giờ" not in page


def test_a_run_that_never_finished_counts_as_failed_once_too_old():
    now = timezone.now()
    BackupRun.objects.create(started_at=now - dt.timedelta(hours=1), trigger="nightly", ok=None)
    assert backup_status(now=now)["failed"] is False
    assert backup_status(now=now + dt.timedelta(hours=30))["failed"] is True


def _fake_backups(directory: Path, stamps: list[dt.datetime]) -> None:
    for at in stamps:
        folder = directory / f"portal-{at:%Y%m%d-%H%M%S}"
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("{}")


def test_rotation_keeps_7_daily_4_weekly_12_monthly(settings, tmp_path):
    settings.PORTAL_BACKUP_KEEP_DAILY = 7
    settings.PORTAL_BACKUP_KEEP_WEEKLY = 4
    settings.PORTAL_BACKUP_KEEP_MONTHLY = 12
    start = dt.datetime(2025, 1, 1, 1, 30)
    nightly = [start + dt.timedelta(days=n) for n in range(500)]
    extra = [nightly[-1] + dt.timedelta(hours=5)]  # a second backup on the last day
    _fake_backups(tmp_path, nightly + extra)
    (tmp_path / ".portal-20260101-000000.partial").mkdir()  # never counted as a backup

    backup.backups_rotate(tmp_path)

    kept = sorted(s.at for s in backup.backups_list(tmp_path))
    newest = extra[0]
    days = {d.date() for d in kept}
    assert newest in kept and nightly[-1] not in kept  # newest of its day only
    assert all((newest.date() - dt.timedelta(days=n)) in days for n in range(7))
    assert len({d.isocalendar()[:2] for d in kept}) >= 4
    months = {(d.year, d.month) for d in kept}
    assert len(months) == 12 and (2025, 4) not in months
    assert len(kept) <= 7 + 4 + 12
    # A second rotation removes nothing more.
    assert backup.backups_rotate(tmp_path) == []


def test_the_backup_command_reports_in_vietnamese(tmp_path, capsys):
    call_command("backup", "--directory", str(tmp_path))
    out = capsys.readouterr().out
    assert "Đã sao lưu" in out and str(tmp_path) in out
    assert BackupRun.objects.get().trigger == "manual"


def test_the_nightly_backup_is_scheduled_but_not_sped_up_for_drills(settings):
    import importlib

    import portal.settings.base as base

    assert settings.CELERY_BEAT_SCHEDULE["backup-nightly"]["task"] == backup_nightly.name
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PORTAL_BEAT_EVERY_SECONDS", "2")
        fast = importlib.reload(base).CELERY_BEAT_SCHEDULE
    importlib.reload(base)
    assert fast["personal-data-retention"]["schedule"] == 2.0
    assert (
        fast["backup-nightly"]["schedule"]
        == settings.CELERY_BEAT_SCHEDULE["backup-nightly"]["schedule"]
    )

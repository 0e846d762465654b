"""Health check, production settings, demo data, periodic jobs."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from portal import roles
from portal.models import Department, Organization, User
from portal.tasks import housekeeping
from tests.conftest import requires_redis

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "-production-secret-key-for-the-check-only-0123456789"


def _manage(*args, env_extra=None, env_drop=()):
    drop = {*env_drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_healthz_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_503_when_the_database_fails(client):
    with mock.patch("portal.views.connection.cursor", side_effect=Exception("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.django_db
def test_healthz_503_when_redis_is_configured_but_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "error"


@requires_redis
@pytest.mark.django_db
def test_healthz_checks_the_real_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "phuong.example.gov.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
}


def test_production_refuses_to_start_without_secret_key_or_hosts():
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS"):
        env = {k: v for k, v in PROD_ENV.items() if k != missing}
        result = _manage("check", env_extra=env, env_drop=(missing,))
        assert result.returncode != 0
        assert missing in result.stderr


def test_production_passes_the_deploy_check_with_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_every_demo_account_logs_in(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # signed letters' PDFs
        call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Department.objects.count(), Organization.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        User.objects.count(),
        Department.objects.count(),
        Organization.objects.count(),
    ) == counts
    request = RequestFactory().post("/accounts/login/")
    for username in (
        "admin",
        "chutich",
        "phochutich",
        "vanphong",
        "motcua",
        "tuphap",
        "diachinh",
        "mttq",
    ):
        assert authenticate(request, username=username, password="matkhau123"), username
    assert roles.has_role(User.objects.get(username="motcua"), roles.DESK)
    assert User.objects.get(username="tuphap").department.name == "Tư pháp - Hộ tịch"
    org = Organization.objects.get()
    assert org.chairman.username == "chutich"
    from onestop.models import ApologyLetter, Case, CaseEvent

    assert Case.objects.count() >= 200
    assert set(Case.objects.values_list("status", flat=True)) >= {
        "in_progress",
        "returned",
        "refused",
    }
    assert ApologyLetter.objects.filter(status="draft").exists()
    assert ApologyLetter.objects.filter(status="signed").exclude(pdf="").exists()
    assert CaseEvent.objects.filter(note__startswith="Hẹn trả kết quả ngày").exists()  # Vietnamese
    from surveys.models import Ballot

    assert Ballot.objects.filter(channel="paper").count() > 1000
    assert Ballot.objects.filter(channel="online").count() > 500
    assert list(org.vice_chairmen.values_list("username", flat=True)) == ["phochutich"]


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_settings(settings):
    settings.PORTAL_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_housekeeping_drops_expired_sessions_only():
    now = timezone.now()
    Session.objects.create(
        session_key="a" * 32, session_data="x", expire_date=now - dt.timedelta(hours=1)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="x", expire_date=now + dt.timedelta(hours=1)
    )
    result = housekeeping.delay().get()
    assert result["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert housekeeping.delay().get()["sessions"] == 0  # a rerun is harmless


def test_housekeeping_is_on_the_beat_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["housekeeping"]
    assert entry["task"] == "portal.tasks.housekeeping"


@requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_housekeeping_through_redis():
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    Session.objects.create(
        session_key="c" * 32, session_data="x", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            result = housekeeping.delay().get(timeout=30)
    finally:
        app.conf.task_always_eager = True
    assert result["sessions"] == 1
    assert not Session.objects.exists()


def test_dates_are_dd_mm_yyyy_in_vietnam_time():
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 2, 5), "SHORT_DATE_FORMAT") == "05/02/2026"
    assert django_settings.TIME_ZONE == "Asia/Ho_Chi_Minh"

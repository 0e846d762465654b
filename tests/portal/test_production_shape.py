"""The production shape's rules that can be tested in-process: the client's address
behind the proxy, Redis going away, the outbox, request limits, headers, the 503 page.
`make prod-smoke` drills the same rules through nginx with real processes."""

import datetime as dt
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from dialogues.models import Opinion
from portal import outbox
from portal.models import OutboxMessage
from portal.net import client_ip
from tests.portal.test_ops import PROD_ENV, _manage

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "matkhau123"
DOWN_REDIS = {
    "default": {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def _request(remote, forwarded=None, real=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return RequestFactory().get("/", **meta)


# --- the client's address --------------------------------------------------------------


def test_forwarded_headers_are_ignored_unless_the_proxy_is_trusted(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.5/32"]
    assert client_ip(_request("203.0.113.7", "10.1.1.1", "10.1.1.1")) == "203.0.113.7"


def test_behind_the_trusted_proxy_the_client_is_the_rightmost_untrusted_hop(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The client wrote "1.2.3.4" himself; nginx appended the address it saw.
    assert client_ip(_request("10.0.0.5", "1.2.3.4, 198.51.100.20")) == "198.51.100.20"
    # Two trusted proxies in a row.
    assert client_ip(_request("10.0.0.5", "198.51.100.20, 10.0.0.9")) == "198.51.100.20"
    # Only X-Real-IP, or nothing usable.
    assert client_ip(_request("10.0.0.5", real="198.51.100.30")) == "198.51.100.30"
    assert client_ip(_request("10.0.0.5", "not-an-address")) == "10.0.0.5"


def _login(client, username, password, **meta):
    return client.post("/accounts/login/", {"username": username, "password": password}, **meta)


@pytest.mark.django_db
def test_a_stranger_behind_the_proxy_never_locks_out_the_real_user(client, leader, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    stranger = {**proxy, "HTTP_X_FORWARDED_FOR": "10.1.1.1, 198.51.100.66"}  # spoofed left part
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        locked = _login(client, "chutich", "sai-mat-khau", **stranger)
    assert locked.status_code == 429
    real = _login(client, "chutich", PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert real.status_code == 302 and real["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_the_rate_limit_counts_each_client_behind_the_proxy(client, ward, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32"]
    for _ in range(6):
        response = client.post(
            "/gop-y/",
            {"content": "Lặp"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    assert response.status_code == 429
    other = client.post(
        "/gop-y/",
        {"content": "Ý kiến khác"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other.status_code == 200
    assert Opinion.objects.filter(content="Ý kiến khác").count() == 1


# --- Redis away ------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_forms_work_and_stay_rate_limited_while_redis_is_down(client, ward, settings):
    settings.CACHES = DOWN_REDIS
    ok = client.post("/gop-y/", {"content": "Nên có bãi đỗ xe"}, REMOTE_ADDR="198.51.100.3")
    assert ok.status_code == 200
    assert Opinion.objects.filter(content="Nên có bãi đỗ xe").exists()
    for _ in range(6):
        response = client.post("/gop-y/", {"content": "Lặp"}, REMOTE_ADDR="198.51.100.4")
    # Counted in the process's memory instead of Redis: still limited, never a 500.
    assert response.status_code == 429
    assert Opinion.objects.filter(content="Lặp").count() == 5
    lookup = client.post("/tra-cuu/", {"receipt_code": "X", "phone_last4": "1234"})
    assert lookup.status_code == 200


def test_the_cache_tries_redis_again_after_a_pause(settings):
    from portal.cache import ResilientRedisCache

    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {})
    with mock.patch("portal.cache.time.monotonic", return_value=1000.0):
        cache.set("k", 1)
        assert cache.get("k") == 1  # from memory
        assert cache._redis_down_until == 1000.0 + 5.0
    with (
        mock.patch.object(
            ResilientRedisCache.__mro__[1], "get", return_value="from redis"
        ) as redis_get,
        mock.patch("portal.cache.time.monotonic", return_value=1006.0),
    ):
        assert cache.get("k") == "from redis"
        redis_get.assert_called_once()


# --- the outbox ------------------------------------------------------------------------


@pytest.fixture
def recorded(db):
    """A throwaway outbox topic whose handler records what it was given."""
    calls = []

    @outbox.handler("tests.recorded")
    def handle(object_id):
        calls.append(object_id)

    yield calls
    outbox._handlers.pop("tests.recorded", None)


def test_work_queued_while_the_broker_is_down_is_sent_once_by_the_sweep(
    recorded, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerDown

    outbox._broker_down_until = 0.0
    with (
        mock.patch(
            "portal.tasks.outbox_deliver.apply_async", side_effect=BrokerDown("refused")
        ) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.outbox_put(topic="tests.recorded", object_id=7)
        outbox.outbox_put(topic="tests.recorded", object_id=7)  # same object: one row
    assert publish.call_count == 1
    assert OutboxMessage.objects.get().sent_at is None and recorded == []
    outbox._broker_down_until = 0.0
    assert outbox.outbox_sweep() == 0  # too fresh: its task may be on the way
    _age(OutboxMessage.objects.all(), created=60)
    assert outbox.outbox_sweep() == 1
    assert recorded == [7]
    assert OutboxMessage.objects.get().sent_at is not None
    assert outbox.outbox_sweep() == 0 and recorded == [7]


def _age(messages, *, created=0, claimed=None):
    """Move the messages' timestamps `created` / `claimed` seconds into the past."""
    now = timezone.now()
    changes = {"created_at": now - dt.timedelta(seconds=created)}
    if claimed is not None:
        changes["claimed_at"] = now - dt.timedelta(seconds=claimed)
    messages.update(**changes)


def test_a_redelivered_task_claims_its_message_again_but_another_waits(recorded):
    message = OutboxMessage.objects.create(topic="tests.recorded", object_id=3)
    # The first task claimed it, then its worker was killed before the handler returned.
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=message.created_at, claim_token="task-1"
    )
    assert outbox.outbox_deliver_message(message_id=message.pk, token="task-2") is False
    assert outbox.outbox_deliver_message(message_id=message.pk, token="task-1") is True
    assert recorded == [3]
    assert outbox.outbox_deliver_message(message_id=message.pk, token="task-1") is False
    assert recorded == [3]


def test_a_claim_left_by_a_dead_worker_expires(recorded):
    OutboxMessage.objects.create(topic="tests.recorded", object_id=4, claim_token="lost")
    lease = outbox.CLAIM_LEASE.total_seconds()
    _age(OutboxMessage.objects.all(), created=lease * 2, claimed=lease - 10)
    assert outbox.outbox_sweep() == 0  # its worker may still be at it
    _age(OutboxMessage.objects.all(), created=lease * 2, claimed=lease + 1)
    assert outbox.outbox_sweep() == 1
    assert recorded == [4]


def test_a_failing_handler_leaves_the_message_for_the_next_try(db):
    @outbox.handler("tests.failing")
    def handle(object_id):
        raise ConnectionRefusedError("SMTP down")

    try:
        message = OutboxMessage.objects.create(topic="tests.failing", object_id=1)
        with pytest.raises(ConnectionRefusedError):
            outbox.outbox_deliver_message(message_id=message.pk, token="t")
        message.refresh_from_db()
        assert message.sent_at is None and message.claimed_at is None
        assert "SMTP down" in message.last_error and message.attempts == 1
    finally:
        outbox._handlers.pop("tests.failing", None)


def test_an_answer_approved_while_redis_is_down_is_emailed_once_later(
    opinion_drafted, leader, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerDown

    from dialogues import services

    outbox._broker_down_until = 0.0
    with (
        mock.patch("portal.tasks.outbox_deliver.apply_async", side_effect=BrokerDown("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.opinion_approve(opinion=opinion_drafted, actor=leader)
    assert mail.outbox == []
    outbox._broker_down_until = 0.0
    _age(OutboxMessage.objects.all(), created=60)
    outbox.outbox_sweep()
    outbox.outbox_sweep()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.com"]


@pytest.fixture
def opinion_drafted(db, ward, department, officer):
    from dialogues import services

    opinion = services.opinion_create(
        source="feedback", content="Rút ngắn thời gian", citizen_email="an@example.com"
    )
    Opinion.objects.filter(pk=opinion.pk).update(
        status=Opinion.Status.DRAFTED, department=department, answer="Đã rút ngắn."
    )
    opinion.refresh_from_db()
    return opinion


# --- request size, headers, errors -----------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_public_post_gets_the_vietnamese_413_and_saves_nothing(client, ward):
    response = client.post("/gop-y/", {"content": "x" * 70_000})
    assert response.status_code == 413
    assert "Dữ liệu gửi quá lớn" in response.content.decode()
    assert not Opinion.objects.exists()


@pytest.mark.django_db
def test_staff_may_post_more_than_the_public_limit(client, office, settings):
    client.force_login(office)
    settings.PORTAL_PUBLIC_MAX_BODY = 100
    response = client.post("/documents/registry/", {"subject": "x" * 500})
    assert response.status_code != 413
    settings.PORTAL_STAFF_MAX_BODY = 200
    assert client.post("/documents/registry/", {"subject": "x" * 500}).status_code == 413


@pytest.mark.django_db
def test_pages_and_documents_are_not_stored_and_scripts_come_from_static_only(client, office):
    client.force_login(office)
    for path in ("/dashboard/", "/documents/sample.pdf"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        policy = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in policy
            and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_handler():
    """The CSP forbids them: an inline script or onclick would silently stop working."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
    assert offenders == []


@pytest.mark.django_db
def test_a_database_outage_gets_the_vietnamese_503_page(client, ward):
    client.raise_request_exception = False
    with mock.patch("surveys.models.Survey.objects.filter", side_effect=OperationalError("gone")):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()


@pytest.mark.django_db
def test_media_files_have_no_public_url(client, ward, settings, tmp_path):
    (Path(settings.MEDIA_ROOT) / "apology").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "apology" / "xin-loi-1.pdf").write_bytes(b"%PDF-")
    assert client.get("/media/apology/xin-loi-1.pdf").status_code == 404


def test_production_refuses_an_empty_database_url():
    result = _manage("check", env_extra={**PROD_ENV, "DATABASE_URL": ""})
    assert result.returncode != 0
    assert "Set DATABASE_URL to a PostgreSQL database" in result.stderr
    assert "KeyError" not in result.stderr


def test_docker_compose_and_the_image_run_the_smoke_tested_commands():
    compose = (ROOT / "docker-compose.yml").read_text()
    for process in ("migrate", "web", "worker", "beat"):
        assert (
            f"scripts/serve.sh {process}" in compose
            or f'"scripts/serve.sh", "{process}"' in compose
        )
    assert "portal.conf.template" in compose and "TRUSTED_PROXIES" in compose
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "scripts/serve.sh build" in dockerfile and '"scripts/serve.sh", "web"' in dockerfile
    smoke = (ROOT / "scripts" / "prod_smoke.py").read_text()
    assert '"scripts/serve.sh", "build"' in smoke and "portal.conf.template" in smoke

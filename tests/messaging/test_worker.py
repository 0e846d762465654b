"""Against a real Celery worker and Redis (skipped without REDIS_URL)."""

import time

import pytest
from django.db import transaction

from messaging import services as messaging
from messaging.models import Message
from tests.conftest import requires_redis


@requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_message_once_after_commit(sms, case):
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    messaging.consent_record(phone="0912345678", obj=case, source="dossier_receipt")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            with transaction.atomic():
                message = messaging.citizen_notify(event="result_ready", obj=case)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                message.refresh_from_db()
                if message.state == Message.State.SENT:
                    break
                time.sleep(0.1)
            # The same message queued again (a sweep racing the first task) sends nothing.
            assert messaging.dispatch(message.pk)
            time.sleep(1)
    finally:
        app.conf.task_always_eager = True
    assert message.state == Message.State.SENT
    assert len(sms.requests) == 1

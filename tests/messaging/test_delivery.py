"""One row per message, sent once after commit, retried with a growing delay."""

import datetime as dt
from unittest import mock

import time_machine
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from messaging import services as messaging
from messaging.models import Consent, Message
from tests.messaging.conftest import CCCD


def _notify(case, capture, event="result_ready", **extra):
    with capture(execute=True):
        return messaging.citizen_notify(event=event, obj=case, **extra)


def test_a_failure_is_retried_with_growing_delays_then_failed_and_listed(
    sms, consented, django_capture_on_commit_callbacks
):
    sms.replies = [(500, {}), (500, {}), (500, {})]
    start = timezone.now()
    message = _notify(consented, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.attempts == 1
    first_delay = (message.next_attempt_at - start).total_seconds()
    assert 60 <= first_delay < 70
    # Not due yet: the sweep leaves it alone.
    assert messaging.messages_sweep() == 0 and len(sms.requests) == 1

    second_try = message.next_attempt_at + dt.timedelta(seconds=31)
    with time_machine.travel(second_try, tick=False):
        assert messaging.messages_sweep() == 1
    message.refresh_from_db()
    assert message.attempts == 2 and message.state == "pending"
    # Twice the delay after the second failure.
    assert (message.next_attempt_at - second_try).total_seconds() == 120
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=31), tick=False):
        messaging.messages_sweep()
    message.refresh_from_db()
    # The third attempt was the last (MESSAGING_MAX_ATTEMPTS = 3): failed, not retried.
    assert message.attempts == 3 and message.state == Message.State.FAILED
    assert message.failed_at is not None and "HTTP 500" in message.last_error
    assert len(sms.requests) == 3
    far = timezone.now() + dt.timedelta(days=1)
    assert messaging.messages_sweep(now=far) == 0 and len(sms.requests) == 3
    assert [messaging.retry_delay(n) for n in (1, 2, 3)] == [60, 120, 240]


def test_a_redelivered_task_after_success_sends_nothing(
    sms, consented, django_capture_on_commit_callbacks
):
    message = _notify(consented, django_capture_on_commit_callbacks)
    assert len(sms.requests) == 1
    Message.objects.filter(pk=message.pk).update(claim_token="task-1")
    assert messaging.message_deliver(message_id=message.pk, token="task-1") is False
    assert messaging.message_deliver(message_id=message.pk, token="task-2") is False
    assert messaging.messages_sweep(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert len(sms.requests) == 1


def test_the_same_happening_makes_one_message(sms, consented, django_capture_on_commit_callbacks):
    first = _notify(consented, django_capture_on_commit_callbacks)
    again = _notify(consented, django_capture_on_commit_callbacks)
    assert first.pk == again.pk and Message.objects.count() == 1 and len(sms.requests) == 1


def test_a_claim_held_by_a_live_worker_is_not_taken(sms, consented):
    message = messaging.citizen_notify(event="result_ready", obj=consented)
    Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now(), claim_token="a")
    assert messaging.message_deliver(message_id=message.pk, token="b") is False
    # The same task redelivered (acks_late, its worker killed) takes it again.
    assert messaging.message_deliver(message_id=message.pk, token="a") is True
    assert len(sms.requests) == 1


def test_without_consent_nothing_is_sent(sms, case, django_capture_on_commit_callbacks):
    assert _notify(case, django_capture_on_commit_callbacks) is None
    assert Message.objects.count() == 0 and sms.requests == []


def test_a_consent_for_another_number_or_dossier_does_not_count(
    sms, case, procedure, desk, django_capture_on_commit_callbacks
):
    messaging.consent_record(phone="0987654321", obj=case, source="dossier_receipt")
    assert _notify(case, django_capture_on_commit_callbacks) is None
    assert sms.requests == []


def test_no_channel_configured_sends_nothing(
    settings, sms, consented, django_capture_on_commit_callbacks
):
    settings.MESSAGING_CHANNELS = []
    assert _notify(consented, django_capture_on_commit_callbacks) is None
    assert sms.requests == []


def test_a_consent_withdrawn_before_sending_cancels_the_message(sms, consented):
    message = messaging.citizen_notify(event="result_ready", obj=consented)
    assert messaging.consent_withdraw(obj=consented) == 1
    message.refresh_from_db()
    assert message.state == Message.State.CANCELLED
    assert messaging.message_deliver(message_id=message.pk, token="t") is False
    assert sms.requests == []
    assert Consent.objects.get().withdrawn_at is not None


def test_while_the_broker_is_down_the_message_waits_for_the_sweep(
    sms, consented, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "messaging.tasks.message_send.apply_async", side_effect=BrokerDown("refused")
        ) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = messaging.citizen_notify(event="result_ready", obj=consented)
    assert publish.call_count == 1 and sms.requests == []
    assert Message.objects.get().state == "pending"
    messaging._broker_down_until = 0.0
    assert messaging.messages_sweep() == 0  # too fresh: its task may be on the way
    Message.objects.update(next_attempt_at=timezone.now() - dt.timedelta(minutes=1))
    assert messaging.messages_sweep() == 1
    message.refresh_from_db()
    assert message.state == "sent" and len(sms.requests) == 1
    assert messaging.messages_sweep() == 0 and len(sms.requests) == 1


def test_texts_never_carry_a_cccd_number(sms, consented, django_capture_on_commit_callbacks):
    message = _notify(
        consented,
        django_capture_on_commit_callbacks,
        "supplement_requested",
        missing=f"Bản sao CCCD số {CCCD} bị mờ; CMND cũ 012345678",
    )
    assert CCCD not in message.text and "012345678" not in message.text
    assert CCCD not in str(message.data)
    assert CCCD not in str(sms.requests[0]["json"])
    assert consented.receipt_code in message.text and "0912345678" not in message.text


def test_result_ready_says_how_the_result_is_collected(sms, consented, desk):
    consented.delivery = "post"
    consented.save(update_fields=["delivery"])
    message = messaging.citizen_notify(event="result_ready", obj=consented)
    assert "bưu chính công ích" in message.text
    assert message.reference == consented.receipt_code


def test_sms_templates_in_settings_replace_the_default_text(settings, sms, consented):
    settings.SMS_TEMPLATES = {"result_ready": "KQ {ma_ho_so} san sang"}
    message = messaging.citizen_notify(event="result_ready", obj=consented)
    assert message.text == f"KQ {consented.receipt_code} san sang"
    # A template naming an unknown parameter falls back to the default text.
    settings.SMS_TEMPLATES = {"apology_letter": "{khong_co}"}
    assert "{khong_co}" not in messaging.message_text(
        "apology_letter", {"don_vi": "UBND", "ma_ho_so": "H1", "ngay_hen_moi": "01/04/2026"}
    )

"""The outbox: background work that must survive Redis or a worker going away.

A service that causes work for the worker (an email to a citizen) calls `outbox_put`
inside its transaction. The row commits with the user's action; after the commit the
delivery task is queued without waiting for a broker that is down. Whatever was not
queued, or was lost with a worker, is queued again by `outbox_sweep` (Celery beat, every
minute). Delivery claims the row with a conditional update: the claim belongs to one task
id, so the same message redelivered after its worker was killed (acks_late) claims it
again, while a second message for the same row waits for the claim to expire. `sent_at`
is written once the handler returns: no row is handled twice after it succeeded.

Handlers live with their domain (`@outbox.handler("onestop.apology_letter_email")` in
the app's tasks module); this module imports no app.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from portal.models import OutboxMessage

log = logging.getLogger(__name__)

# A claim older than this is taken to belong to a worker that died (the delivery task's
# hard time limit is 120 s).
CLAIM_LEASE = timedelta(minutes=5)
# The sweep leaves alone what was created in the last seconds: its task is on its way.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500

_handlers: dict[str, Callable[[int], None]] = {}


def handler(topic: str):
    """Register the function that does the work of a topic; it takes the object's id."""

    def register(func: Callable[[int], None]) -> Callable[[int], None]:
        _handlers[topic] = func
        return func

    return register


def outbox_put(*, topic: str, object_id: int) -> OutboxMessage:
    """Record the work in the current transaction and queue it once that commits."""
    if topic not in _handlers:
        raise LookupError(f"No outbox handler for {topic!r}")
    message, _created = OutboxMessage.objects.get_or_create(topic=topic, object_id=object_id)
    if message.sent_at is None:
        transaction.on_commit(lambda: dispatch(message.pk))
    return message


# After a failed publish this process does not try the broker again for a while: one
# request pays the (1 s at most) connect attempt, the next ones none.
BROKER_RETRY_AFTER = 15.0
_broker_down_until = 0.0


def dispatch(message_id: int) -> bool:
    """Queue the delivery; when the broker cannot be reached, leave it to the sweep."""
    global _broker_down_until
    from portal.tasks import outbox_deliver

    if time.monotonic() < _broker_down_until:
        return False
    try:
        outbox_deliver.apply_async((message_id,), retry=False, ignore_result=True)
    except (KombuOperationalError, OSError):
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        log.warning("Broker unreachable: outbox message %s left to the sweep", message_id)
        return False
    except Exception:  # noqa: BLE001 - an eager run that failed: the row stays unsent
        log.exception("Outbox message %s failed; the sweep will try it again", message_id)
        return False
    return True


def outbox_deliver_message(*, message_id: int, token: str) -> bool:
    """Claim one message for `token`, run its handler, mark it sent. False if not ours."""
    now = timezone.now()
    claimable = (
        Q(claimed_at__isnull=True) | Q(claim_token=token) | Q(claimed_at__lt=now - CLAIM_LEASE)
    )
    claimed = OutboxMessage.objects.filter(
        Q(pk=message_id, sent_at__isnull=True) & claimable
    ).update(claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _handlers[message.topic](message.object_id)
    except Exception as exc:
        OutboxMessage.objects.filter(pk=message_id, claim_token=token).update(
            claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    OutboxMessage.objects.filter(pk=message_id).update(sent_at=timezone.now(), last_error="")
    return True


def outbox_sweep(*, now=None) -> int:
    """Queue again every unsent message that nobody holds; safe to run any number of times."""
    now = now or timezone.now()
    pending = (
        OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lt=now - SWEEP_GRACE)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(dispatch(pk) for pk in list(pending))

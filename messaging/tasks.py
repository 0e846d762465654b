"""Sending messages to citizens. Each task is safe to run again or to lose."""

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=120,
    soft_time_limit=100,
    ignore_result=True,
)
def message_send(self, message_id: int) -> bool:
    """Send one message. Redelivered after its worker died it claims it again (same task
    id); a message already sent is never sent twice. A failure is not retried here: the
    row records when the next attempt is due and queues it (services.message_deliver)."""
    from messaging.services import message_deliver

    return message_deliver(message_id=message_id, token=self.request.id or "")


@shared_task(time_limit=120, soft_time_limit=100, ignore_result=True)
def messages_sweep() -> int:
    """Queue again what a Redis outage or a lost worker left pending, and retries due."""
    from messaging.services import messages_sweep as sweep

    return sweep()

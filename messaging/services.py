"""Telling citizens by SMS or Zalo: consents, messages, their delivery.

A domain service calls `citizen_notify(event=..., obj=...)` inside its transaction; the
message row commits with the action and goes out after the commit (tasks.message_send).
Nothing is sent without the citizen's consent about that record.

Delivery follows portal/outbox.py (claim with a conditional update; a claim belongs to
one task id; what a Redis outage left behind is queued again by a sweep) but keeps its
own rows: the outbox tries a failing message every minute without end and holds one row
per (topic, object), while a message here has its state for the desk to see, a growing
delay between attempts, a last attempt after which it is failed and listed, and a
"send again".
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from messaging import wording
from messaging.channels import SENDERS, SendError, channel_ready
from messaging.models import Consent, Message
from portal.validators import normalise_phone

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=5)
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500
# A retry queued with a countdown may be picked up a moment early on another host.
CLOCK_SLACK = timedelta(seconds=5)


# --- Consent -----------------------------------------------------------------------------


def consent_record(
    *,
    phone: str,
    obj: models.Model,
    source: str,
    sms: bool = True,
    zalo: bool = True,
    purpose: str = "",
    actor=None,
    given_at=None,
) -> Consent:
    """Record that the citizen agreed to be told about `obj` on `phone`."""
    phone = normalise_phone(phone or "")
    if not phone:
        raise ValidationError({"phone": _("A phone number is needed to receive notifications.")})
    if not purpose:
        purpose = wording.CONSENT_PURPOSE.get(source, wording.CONSENT_PURPOSE["other"]).format(
            ma_ho_so=getattr(obj, "receipt_code", "")
        )
    consent = Consent(
        phone=phone,
        sms=sms,
        zalo=zalo,
        purpose=purpose,
        given_at=given_at or timezone.now(),
        source=source,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(
    *, obj: models.Model | None = None, consent: Consent | None = None, phone: str = "", now=None
) -> int:
    """The citizen no longer wants messages about `obj` (or under one `consent`): his
    consents end and what is still pending is cancelled. Returns how many ended."""
    now = now or timezone.now()
    consents = Consent.objects.filter(withdrawn_at__isnull=True)
    if consent is not None:
        consents = consents.filter(pk=consent.pk)
    else:
        consents = consents.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    if phone:
        consents = consents.filter(phone=normalise_phone(phone))
    ids = list(consents.values_list("pk", flat=True))
    Message.objects.filter(consent_id__in=ids, state=Message.State.PENDING).update(
        state=Message.State.CANCELLED, last_error="consent withdrawn"
    )
    return Consent.objects.filter(pk__in=ids).update(withdrawn_at=now)


def consent_active(*, subject: models.Model, phone: str) -> Consent | None:
    return (
        Consent.objects.filter(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            phone=normalise_phone(phone or ""),
            withdrawn_at__isnull=True,
        )
        .order_by("-given_at", "-pk")
        .first()
    )


# --- What each event says ---------------------------------------------------------------


@dataclass
class Notice:
    subject: models.Model  # the record the citizen consented about
    phone: str
    reference: str
    key: str
    params: dict[str, str] = field(default_factory=dict)
    id_numbers: tuple[str, ...] = ()


def _key(subject: models.Model, *parts) -> str:
    return ":".join([subject._meta.label_lower, str(subject.pk), *map(str, parts)])


def _case_notice(case, *parts, **params) -> Notice:
    return Notice(
        subject=case,
        phone=case.applicant_phone,
        reference=case.receipt_code,
        key=_key(case, *parts),
        params={"ma_ho_so": case.receipt_code, **params},
        id_numbers=(case.applicant_id_number,),
    )


def _result_ready(case, **extra) -> Notice:
    collect = wording.COLLECT.get(case.delivery, wording.COLLECT["desk"])
    return _case_notice(case, "result_ready", noi_nhan=collect)


def _supplement_requested(case, *, missing: str = "", **extra) -> Notice:
    missing = " ".join(missing.split())
    if len(missing) > 120:
        missing = missing[:119] + "…"
    return _case_notice(
        case, "supplement", case.supplement_requests, noi_dung=missing or "giấy tờ còn thiếu"
    )


def _apology_letter(letter, **extra) -> Notice:
    notice = _case_notice(
        letter.case, "apology", letter.pk, ngay_hen_moi=f"{letter.new_due_date:%d/%m/%Y}"
    )
    return notice


def _answer_approved(opinion, **extra) -> Notice:
    number = getattr(opinion, "number", None)
    reference = number.symbol if number else f"#{opinion.pk}"
    return Notice(
        subject=opinion,
        phone=opinion.citizen_phone,
        reference=reference,
        key=_key(opinion, "answer"),
        params={"ma_ho_so": reference},
    )


def _generic(obj, *, subject=None, phone: str = "", reference: str = "", **params) -> Notice:
    """For another app's record (a thank-you letter): it says whom and what."""
    subject = subject or obj
    return Notice(
        subject=subject,
        phone=phone,
        reference=reference,
        key=_key(obj, "notice"),
        params={"ma_ho_so": reference, "ve_viec": "", **{k: str(v) for k, v in params.items()}},
    )


EVENTS = {
    Message.Event.RESULT_READY: _result_ready,
    Message.Event.SUPPLEMENT_REQUESTED: _supplement_requested,
    Message.Event.APOLOGY_LETTER: _apology_letter,
    Message.Event.ANSWER_APPROVED: _answer_approved,
    Message.Event.THANK_YOU_LETTER: _generic,
}

# A 9-digit CMND or a 12-digit CCCD typed into a free text ("missing: bản sao CCCD 0010…").
_ID_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")


def scrub_id_numbers(text: str, known: tuple[str, ...] = ()) -> str:
    for value in known:
        if value and len(value) >= 6:
            text = text.replace(value, "***")
    return _ID_NUMBER.sub("***", text)


def _ward_name() -> str:
    from portal.models import Organization

    org = Organization.objects.order_by("pk").only("name").first()
    return org.name if org else "UBND"


def message_text(event: str, params: dict[str, str]) -> str:
    template = settings.SMS_TEMPLATES.get(event) or wording.SMS_TEMPLATES[event]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("SMS_TEMPLATES[%r] names an unknown parameter; the default is used", event)
        return wording.SMS_TEMPLATES[event].format(**params)


def citizen_notify(*, event: str, obj: models.Model, **extra) -> Message | None:
    """Tell the citizen about `obj` by the first configured channel his consent allows.

    Call it inside the transaction of the action; the message goes out after the commit.
    Returns None when nothing is to be sent (no consent, no channel configured, no
    phone). Called twice for the same happening it returns the first message.
    """
    notice = EVENTS[event](obj, **extra)
    phone = normalise_phone(notice.phone or "")
    if not phone:
        return None
    consent = consent_active(subject=notice.subject, phone=phone)
    if consent is None:
        return None
    channel = next(
        (
            c
            for c in settings.MESSAGING_CHANNELS
            if c in SENDERS and consent.allows(c) and channel_ready(c, event)
        ),
        None,
    )
    if channel is None:
        return None
    params = {"don_vi": _ward_name(), **notice.params}
    params = {k: scrub_id_numbers(str(v), notice.id_numbers) for k, v in params.items()}
    text = scrub_id_numbers(message_text(event, params), notice.id_numbers)
    message, created = Message.objects.get_or_create(
        key=notice.key,
        defaults={
            "phone": phone,
            "channel": channel,
            "event": event,
            "reference": notice.reference[:60],
            "text": text,
            "data": params,
            "template_id": str(settings.ZALO_TEMPLATES.get(event, "")) if channel == "zalo" else "",
            "content_type": ContentType.objects.get_for_model(notice.subject),
            "object_id": notice.subject.pk,
            "consent": consent,
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        transaction.on_commit(lambda: dispatch(message.pk))
    return message


# --- Delivery ---------------------------------------------------------------------------

BROKER_RETRY_AFTER = 15.0
_broker_down_until = 0.0


def dispatch(message_id: int, *, countdown: int | None = None) -> bool:
    """Queue the send; when the broker cannot be reached, leave it to the sweep."""
    global _broker_down_until
    from messaging.tasks import message_send

    if time.monotonic() < _broker_down_until:
        return False
    try:
        message_send.apply_async(
            (message_id,), countdown=countdown, retry=False, ignore_result=True
        )
    except (KombuOperationalError, OSError):
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        log.warning("Broker unreachable: message %s left to the sweep", message_id)
        return False
    except Exception:  # noqa: BLE001 - an eager run that failed: the row stays pending
        log.exception("Message %s failed; the sweep will try it again", message_id)
        return False
    return True


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt after `attempts` failed ones: 1, 2, 4, 8 x base."""
    return settings.MESSAGING_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)


def message_deliver(*, message_id: int, token: str) -> bool:
    """Claim one pending message for `token`, send it, record the outcome.

    False when it is not ours to send (already sent, failed, not yet due, or held by a
    live claim). A redelivered task after a success sends nothing.
    """
    now = timezone.now()
    claimable = (
        Q(claimed_at__isnull=True) | Q(claim_token=token) | Q(claimed_at__lt=now - CLAIM_LEASE)
    )
    claimed = Message.objects.filter(
        Q(pk=message_id, state=Message.State.PENDING, next_attempt_at__lte=now + CLOCK_SLACK)
        & claimable
    ).update(claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = Message.objects.select_related("consent").get(pk=message_id)
    mine = Message.objects.filter(pk=message_id, claim_token=token)
    if not message.consent.allows(message.channel):
        mine.update(state=Message.State.CANCELLED, claimed_at=None, last_error="consent withdrawn")
        return False
    try:
        reference = SENDERS[message.channel](message)
    except SendError as exc:
        error = str(exc)[:2000]
        finished = timezone.now()
        if exc.permanent or message.attempts >= settings.MESSAGING_MAX_ATTEMPTS:
            mine.update(
                state=Message.State.FAILED, failed_at=finished, claimed_at=None, last_error=error
            )
            log.warning("Message %s failed for good: %s", message_id, error)
            return False
        delay = retry_delay(message.attempts)
        mine.update(
            claimed_at=None,
            last_error=error,
            next_attempt_at=finished + timedelta(seconds=delay),
        )
        transaction.on_commit(lambda: dispatch(message_id, countdown=delay))
        return False
    mine.update(
        state=Message.State.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="",
        provider_ref=reference[:100],
    )
    return True


def messages_sweep(*, now=None) -> int:
    """Queue every pending message that is due and that nobody holds; safe to rerun."""
    now = now or timezone.now()
    due = (
        Message.objects.filter(state=Message.State.PENDING, next_attempt_at__lt=now - SWEEP_GRACE)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(dispatch(pk) for pk in list(due))


@transaction.atomic
def message_resend(*, message: Message, actor) -> Message:
    """The desk sends a failed message again (after correcting the gateway or the
    number's Zalo account); its attempts start over."""
    message = Message.objects.select_for_update().select_related("consent").get(pk=message.pk)
    if message.state != Message.State.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    if not message.consent.allows(message.channel):
        raise ValidationError(_("The citizen has withdrawn the consent to notifications."))
    message.state = Message.State.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.failed_at = None
    message.claimed_at = None
    message.resent_at = timezone.now()
    message.resent_by = actor
    message.save()
    transaction.on_commit(lambda: dispatch(message.pk))
    return message

"""The phone numbers in consents and messages (portal/personal_data.py)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from messaging.models import Consent, Message
from portal import personal_data
from portal.personal_data import ANONYMISED, Record, years_before
from portal.validators import normalise_phone

BATCH = 1000


def _list_url(query: str = "") -> str:
    try:
        return reverse("messaging:message_list") + query
    except NoReverseMatch:  # the pages are not mounted (portal/urls.py)
        return ""


DONE = (Message.State.SENT, Message.State.FAILED, Message.State.CANCELLED)


def messages_anonymise(pks: list[int]) -> int:
    """The phone and the text go; the row stays (that a message was sent, and when).
    A pending message has no number to go to any more: it is cancelled."""
    with transaction.atomic():
        rows = Message.objects.filter(pk__in=pks).exclude(phone=ANONYMISED)
        rows.filter(state=Message.State.PENDING).update(state=Message.State.CANCELLED)
        return rows.update(phone=ANONYMISED, text=ANONYMISED, data={}, last_error="")


def consents_anonymise(pks: list[int], *, now: dt.datetime) -> int:
    """The number goes and the consent counts as withdrawn; its purpose and dates stay
    as the record that consent was asked for."""
    with transaction.atomic():
        rows = Consent.objects.filter(pk__in=pks).exclude(phone=ANONYMISED)
        Message.objects.filter(consent__in=rows, state=Message.State.PENDING).update(
            state=Message.State.CANCELLED
        )
        rows.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        return rows.update(phone=ANONYMISED)


def subjects_anonymise(model, pks, *, now: dt.datetime) -> int:
    """A domain anonymised these records (retention, or the person's request): their
    consents and messages lose the phone too, and nothing more is sent about them.
    Called from the domain's own anonymisation, in its transaction."""
    from django.contrib.contenttypes.models import ContentType

    about = {"content_type": ContentType.objects.get_for_model(model), "object_id__in": list(pks)}
    messages_anonymise(list(Message.objects.filter(**about).values_list("pk", flat=True)))
    return consents_anonymise(
        list(Consent.objects.filter(**about).values_list("pk", flat=True)), now=now
    )


def expired_messages(*, today: dt.date):
    cutoff = timezone.make_aware(dt.datetime.combine(today, dt.time.min)) - timedelta(
        days=settings.MESSAGING_RETENTION_DAYS
    )
    return Message.objects.filter(state__in=DONE, created_at__lt=cutoff).exclude(phone=ANONYMISED)


def expired_consents(*, today: dt.date):
    """Consents withdrawn more than the period ago, and every consent older than the
    dossiers' retention period (the record it was about is anonymised by then)."""
    cutoff = timezone.make_aware(dt.datetime.combine(today, dt.time.min)) - timedelta(
        days=settings.MESSAGING_RETENTION_DAYS
    )
    old = timezone.make_aware(
        dt.datetime.combine(years_before(today, settings.PORTAL_RETENTION_CASE_YEARS), dt.time.min)
    )
    return (
        Consent.objects.exclude(phone=ANONYMISED)
        .filter(Q(withdrawn_at__lt=cutoff) | Q(given_at__lt=old))
        .exclude(messages__state=Message.State.PENDING)
    )


@personal_data.source
class MessageSource(personal_data.Source):
    key = "messaging.message"
    label = gettext_lazy("Message to a citizen")
    correctable = ()  # a record of what was sent; a corrected number takes a new consent

    def record(self, message: Message) -> Record:
        return Record(
            source=self.key,
            pk=message.pk,
            label=str(self.label),
            title=f"{message.reference} · {message.get_event_display()}",
            url=_list_url(f"?q={message.reference}&state="),
            on=timezone.localdate(message.created_at),
            data=[(_("phone"), message.phone), (_("text"), message.text)],
            anonymised=message.phone == ANONYMISED,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        if not phone:
            return []
        qs = Message.objects.filter(phone=normalise_phone(phone)).order_by("-created_at")
        return [self.record(m) for m in qs[:200]]

    def get(self, pk: int) -> Message:
        return Message.objects.get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        return {}

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        return messages_anonymise([pk]) == 1

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        done = 0
        while pks := list(expired_messages(today=today).values_list("pk", flat=True)[:BATCH]):
            done += messages_anonymise(pks)
        return done

    def expired_count(self, *, today: dt.date) -> int:
        return expired_messages(today=today).count()


@personal_data.source
class ConsentSource(personal_data.Source):
    key = "messaging.consent"
    label = gettext_lazy("Consent to notifications")
    correctable = ()

    def record(self, consent: Consent) -> Record:
        return Record(
            source=self.key,
            pk=consent.pk,
            label=str(self.label),
            title=consent.purpose[:120],
            url=_list_url(),
            on=timezone.localdate(consent.given_at),
            data=[(_("phone"), consent.phone)],
            anonymised=consent.phone == ANONYMISED,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        if not phone:
            return []
        qs = Consent.objects.filter(phone=normalise_phone(phone)).order_by("-given_at")
        return [self.record(c) for c in qs[:200]]

    def get(self, pk: int) -> Consent:
        return Consent.objects.get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        return {}

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        return consents_anonymise([pk], now=now) == 1

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        done = 0
        while pks := list(expired_consents(today=today).values_list("pk", flat=True)[:BATCH]):
            done += consents_anonymise(pks, now=now)
        return done

    def expired_count(self, *, today: dt.date) -> int:
        return expired_consents(today=today).count()

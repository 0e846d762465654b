"""The citizen's contact data in opinions (portal/personal_data.py)."""

from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import Opinion
from messaging.personal_data import subjects_anonymise
from portal import personal_data
from portal.models import DocumentNumber
from portal.personal_data import (
    ANONYMISED,
    Record,
    redact_audit_entries,
    redact_outbox,
    years_before,
)
from portal.validators import normalise_phone, phone_validator

PERSONAL_FIELDS = ("citizen_name", "citizen_address", "citizen_phone", "citizen_email")
BATCH = 1000
# The outbox topic of the written answer's email (dialogues/tasks.py).
ANSWER_EMAIL_TOPIC = "dialogues.opinion_answer_email"
S = Opinion.Status
ANSWERED = (S.APPROVED, S.ANSWERED_ON_THE_SPOT)


def expired_opinions(*, today: dt.date):
    """Opinions answered (or routed to citizen reception) more than the retention period
    ago that still hold contact data."""
    cutoff = years_before(today, settings.PORTAL_RETENTION_OPINION_YEARS)
    cutoff_at = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    has_contact = ~Q(citizen_name="", citizen_address="", citizen_phone="", citizen_email="")
    return Opinion.objects.filter(has_contact, anonymised_at__isnull=True).filter(
        Q(status__in=ANSWERED, answered_at__lt=cutoff_at)
        | Q(status=S.ROUTED, created_at__lt=cutoff_at)
    )


def opinions_anonymise(pks: list[int], *, now: dt.datetime) -> int:
    """Remove the citizen's contact data; the opinion, its answer and its counts stay.

    The registry entry of an answer letter says "Trả lời ý kiến của <name>": the entry
    and its number stay, the name in its subject goes (and from its admin-edit history).
    The letter itself is printed from the opinion, so it prints the anonymised opinion.
    """
    with transaction.atomic(), disable_auditlog():
        named = Opinion.objects.filter(pk__in=pks, anonymised_at__isnull=True)
        letters = named.exclude(citizen_name="").filter(number__isnull=False)
        number_pks = list(letters.values_list("number_id", flat=True))
        if number_pks:
            # Written again whole rather than the name replaced: the name may have been
            # corrected since the number was taken.
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Answer to the opinion of %(name)s") % {"name": ANONYMISED}
            DocumentNumber.objects.filter(pk__in=number_pks).update(subject=subject)
            redact_audit_entries(DocumentNumber, number_pks, ["subject"])
        todo = list(named.values_list("pk", flat=True))
        named.exclude(citizen_name="").update(citizen_name=ANONYMISED)
        done = named.update(
            citizen_address="", citizen_phone="", citizen_email="", anonymised_at=now
        )
        redact_outbox(ANSWER_EMAIL_TOPIC, todo)
        subjects_anonymise(Opinion, todo, now=now)  # consents and SMS/Zalo messages
        redact_audit_entries(Opinion, todo, PERSONAL_FIELDS)
    return done


@personal_data.source
class OpinionSource(personal_data.Source):
    key = "dialogues.opinion"
    label = gettext_lazy("Opinion")
    correctable = (
        ("citizen_name", gettext_lazy("citizen")),
        ("citizen_phone", gettext_lazy("phone")),
        ("citizen_email", gettext_lazy("email")),
        ("citizen_address", gettext_lazy("address")),
    )

    def record(self, opinion: Opinion) -> Record:
        return Record(
            source=self.key,
            pk=opinion.pk,
            label=str(self.label),
            title=opinion.content[:120],
            url=reverse("dialogues:opinion_detail", args=[opinion.pk]),
            on=timezone.localdate(opinion.created_at),
            data=[
                (_("citizen"), opinion.citizen_name),
                (_("phone"), opinion.citizen_phone),
                (_("email"), opinion.citizen_email),
                (_("address"), opinion.citizen_address),
            ],
            # No law keeps a citizen's contact with his opinion: on his request it goes,
            # and the office can no longer send him the written answer.
            anonymised=opinion.anonymised_at is not None,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        if not phone:
            return []
        qs = Opinion.objects.filter(citizen_phone=normalise_phone(phone)).order_by("-created_at")
        return [self.record(o) for o in qs[:200]]

    def get(self, pk: int) -> Opinion:
        return Opinion.objects.get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        """Raises ValidationError keyed by field (a phone that is not one, a broken email)
        and saves nothing: the same checks as the forms that took the opinion."""
        with transaction.atomic():
            opinion = Opinion.objects.select_for_update().get(pk=pk)
            changed = self.changes_apply(opinion, changes, phone_fields=["citizen_phone"])
            if changed:
                others = [f.name for f in Opinion._meta.fields if f.name not in changed]
                opinion.clean_fields(exclude=others)
                if opinion.citizen_phone and "citizen_phone" in changed:
                    try:
                        phone_validator(opinion.citizen_phone)
                    except ValidationError as exc:
                        raise ValidationError({"citizen_phone": exc.messages}) from exc
                opinion.save(update_fields=list(changed))
        return changed

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        return opinions_anonymise([pk], now=now) == 1

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        done = 0
        while pks := list(expired_opinions(today=today).values_list("pk", flat=True)[:BATCH]):
            done += opinions_anonymise(pks, now=now)
        return done

    def expired_count(self, *, today: dt.date) -> int:
        return expired_opinions(today=today).count()


@personal_data.source
class AnswerLetterSource(personal_data.Source):
    """Công văn trả lời ý kiến: numbered when a leader approves the answer, printed from
    the opinion with the citizen's name and address, its registry subject naming him. It
    goes with its opinion (`opinions_anonymise`)."""

    key = "dialogues.answer_letter"
    label = gettext_lazy("Answer letter to an opinion")
    correctable = ()  # corrected on the opinion; the letter is printed from it

    def record(self, opinion: Opinion) -> Record:
        number = opinion.number
        return Record(
            source=self.key,
            pk=opinion.pk,
            label=str(self.label),
            title=f"{number.symbol} · {opinion.content[:100]}",
            url=reverse("dialogues:opinion_letter_pdf", args=[opinion.pk]),
            on=number.issued_on,
            data=[
                (_("addressee"), opinion.citizen_name),
                (_("address"), opinion.citizen_address),
                (_("subject in the document registry"), number.subject),
            ],
            keep_reason=_("Anonymised only together with its opinion."),
            anonymised=opinion.anonymised_at is not None,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        if not phone:
            return []
        qs = (
            Opinion.objects.filter(citizen_phone=normalise_phone(phone), number__isnull=False)
            .select_related("number")
            .order_by("-number__issued_on", "-pk")
        )
        return [self.record(o) for o in qs[:200]]

    def get(self, pk: int) -> Opinion:
        return Opinion.objects.select_related("number").get(pk=pk, number__isnull=False)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        return {}

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        return False

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        # OpinionSource.anonymise_expired clears the registry subject with the opinion.
        return 0

    def expired_count(self, *, today: dt.date) -> int:
        return 0

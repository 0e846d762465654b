"""The citizen's contact data in opinions (portal/personal_data.py)."""

from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import Opinion
from portal import personal_data
from portal.personal_data import ANONYMISED, Record, redact_audit_entries, years_before
from portal.validators import normalise_phone

PERSONAL_FIELDS = ("citizen_name", "citizen_address", "citizen_phone", "citizen_email")
BATCH = 1000
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
    """Remove the citizen's contact data; the opinion, its answer and its counts stay."""
    with transaction.atomic(), disable_auditlog():
        named = Opinion.objects.filter(pk__in=pks, anonymised_at__isnull=True)
        named.exclude(citizen_name="").update(citizen_name=ANONYMISED)
        done = named.update(
            citizen_address="", citizen_phone="", citizen_email="", anonymised_at=now
        )
        redact_audit_entries(Opinion, pks, PERSONAL_FIELDS)
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
        allowed = {name for name, _label in self.correctable}
        with transaction.atomic():
            opinion = Opinion.objects.select_for_update().get(pk=pk)
            changed = {}
            for name, value in changes.items():
                if name in allowed and getattr(opinion, name) != value:
                    changed[name] = (getattr(opinion, name), value)
                    setattr(opinion, name, value)
            if changed:
                opinion.save(update_fields=list(changed))
        return changed

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        return opinions_anonymise([pk], now=now) == 1

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        done = 0
        while pks := list(expired_opinions(today=today).values_list("pk", flat=True)[:BATCH]):
            done += opinions_anonymise(pks, now=now)
        return done

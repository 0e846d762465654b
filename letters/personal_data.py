"""The addressee's data in the committee's letters (portal/personal_data.py).

A letter to a citizen holds his name, address, email and phone, prints them, and names
him in its registry subject ("Thư cảm ơn Nguyễn Văn A"). A letter to a business or an
organisation names no natural person: it is found by phone like the others, but the
retention rule leaves it alone.
"""

from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from letters.models import Letter
from letters.services import EMAIL_TOPIC, SUBJECTS
from portal import personal_data
from portal.models import DocumentNumber
from portal.personal_data import (
    ANONYMISED,
    Record,
    audit_values,
    redact_audit_entries,
    redact_outbox,
    scrub,
    years_before,
)
from portal.validators import normalise_phone, phone_validator

PERSONAL_FIELDS = ("addressee_name", "addressee_address", "addressee_email", "addressee_phone")
BATCH = 1000
# The letters keep the citizen's data this many years after they were signed (or, a draft
# never signed, drafted). settings.PORTAL_RETENTION_LETTER_YEARS overrides it.
DEFAULT_RETENTION_YEARS = 5


def retention_years() -> int:
    return getattr(settings, "PORTAL_RETENTION_LETTER_YEARS", DEFAULT_RETENTION_YEARS)


def expired_letters(*, today: dt.date):
    cutoff = years_before(today, retention_years())
    cutoff_at = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    return Letter.objects.filter(
        addressee_kind=Letter.AddresseeKind.CITIZEN, anonymised_at__isnull=True
    ).filter(Q(signed_at__lt=cutoff_at) | Q(signed_at__isnull=True, created_at__lt=cutoff_at))


def letters_anonymise(pks: list[int], *, now: dt.datetime) -> int:
    """Remove the addressee's data: the letter, its number, kind and dates stay (and its
    counts in the reports); his name goes from its content, its registry subject and its
    admin-edit history, and the stored PDF that printed them is deleted (printed again,
    the letter prints the anonymised data)."""
    with transaction.atomic(), disable_auditlog():
        letters = list(
            Letter.objects.select_for_update().filter(pk__in=pks, anonymised_at__isnull=True)
        )
        if not letters:
            return 0
        history = audit_values(Letter, [x.pk for x in letters], PERSONAL_FIELDS)
        for letter in letters:
            values = {getattr(letter, f) for f in PERSONAL_FIELDS} | history.get(letter.pk, set())
            if letter.number_id:
                DocumentNumber.objects.filter(pk=letter.number_id).update(
                    subject=SUBJECTS[letter.kind].format(name=ANONYMISED)
                )
            storage, name = letter.pdf.storage, letter.pdf.name
            letter.addressee_name = ANONYMISED
            letter.addressee_address = letter.addressee_email = letter.addressee_phone = ""
            letter.body = scrub(letter.body, values)
            letter.remedy = scrub(letter.remedy, values)
            letter.pdf = ""
            letter.anonymised_at = now
            letter.save(update_fields=[*PERSONAL_FIELDS, "body", "remedy", "pdf", "anonymised_at"])
            if name:
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        done = [x.pk for x in letters]
        numbers = [x.number_id for x in letters if x.number_id]
        redact_audit_entries(DocumentNumber, numbers, ["subject"])
        redact_outbox(EMAIL_TOPIC, done)
        redact_audit_entries(Letter, done, PERSONAL_FIELDS, history)
    return len(done)


@personal_data.source
class LetterSource(personal_data.Source):
    key = "letters.letter"
    label = gettext_lazy("Thank-you or apology letter")
    correctable = (
        ("addressee_name", gettext_lazy("addressee")),
        ("addressee_phone", gettext_lazy("phone")),
        ("addressee_email", gettext_lazy("email")),
        ("addressee_address", gettext_lazy("address")),
    )

    def record(self, letter: Letter) -> Record:
        number = letter.number.symbol if letter.number_id else _("draft")
        on = letter.signed_at or letter.created_at
        return Record(
            source=self.key,
            pk=letter.pk,
            label=str(self.label),
            title=f"{number} · {letter.get_kind_display()}",
            url=reverse("letters:detail", args=[letter.pk]),
            on=timezone.localdate(on) if on else None,
            data=[
                (_("addressee"), letter.addressee_name),
                (_("phone"), letter.addressee_phone),
                (_("email"), letter.addressee_email),
                (_("address"), letter.addressee_address),
                (_("stored PDF copy"), _("yes") if letter.pdf else _("no")),
            ],
            anonymised=letter.anonymised_at is not None,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        if not phone:
            return []
        qs = (
            Letter.objects.filter(addressee_phone=normalise_phone(phone))
            .select_related("number")
            .order_by("-created_at", "-pk")
        )
        return [self.record(x) for x in qs[:200]]

    def get(self, pk: int) -> Letter:
        return Letter.objects.select_related("number").get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        """The same checks as the letter form; a signed letter's stored PDF is dropped so
        that it prints again with the corrected data."""
        with transaction.atomic():
            letter = Letter.objects.select_for_update().get(pk=pk)
            changed = self.changes_apply(letter, changes, phone_fields=["addressee_phone"])
            if changed:
                others = [f.name for f in Letter._meta.fields if f.name not in changed]
                letter.clean_fields(exclude=others)
                if letter.addressee_phone and "addressee_phone" in changed:
                    try:
                        phone_validator(letter.addressee_phone)
                    except ValidationError as exc:
                        raise ValidationError({"addressee_phone": exc.messages}) from exc
                fields = list(changed)
                if letter.pdf:
                    storage, name = letter.pdf.storage, letter.pdf.name
                    letter.pdf = ""
                    fields.append("pdf")
                    transaction.on_commit(lambda: storage.delete(name))
                letter.save(update_fields=fields)
                if letter.number_id and "addressee_name" in changed:
                    DocumentNumber.objects.filter(pk=letter.number_id).update(
                        subject=SUBJECTS[letter.kind].format(name=letter.addressee_name)
                    )
        return changed

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        return letters_anonymise([pk], now=now) == 1

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        done = 0
        while pks := list(expired_letters(today=today).values_list("pk", flat=True)[:BATCH]):
            done += letters_anonymise(pks, now=now)
        return done

    def expired_count(self, *, today: dt.date) -> int:
        return expired_letters(today=today).count()

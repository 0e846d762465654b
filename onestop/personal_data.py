"""The applicant's personal data in one-stop dossiers and their apology letters
(portal/personal_data.py)."""

from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from messaging.personal_data import subjects_anonymise
from onestop.models import ApologyLetter, Case, CaseEvent, CasePaper
from portal import personal_data
from portal.personal_data import (
    ANONYMISED,
    Record,
    audit_values,
    mask_id_number,
    redact_audit_entries,
    redact_outbox,
    scrub,
    years_before,
)
from portal.validators import normalise_phone

# Form fields whose value the correction form hands over as typed: stored normalised.
PHONE_FIELDS = ("applicant_phone",)

PERSONAL_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "delivery_address",
)
BATCH = 1000
# The outbox topic of a signed apology letter's email (onestop/tasks.py).
LETTER_EMAIL_TOPIC = "onestop.apology_letter_email"


def case_closed_on(case: Case) -> dt.date | None:
    """The day the ward was done with the dossier: result handed back, refusal decided,
    stopped or withdrawn. None while it is open or its result waits at the desk."""
    if case.status == Case.Status.RETURNED and case.returned_at:
        return timezone.localdate(case.returned_at)
    if case.status == Case.Status.REFUSED:
        return timezone.localdate(case.returned_at) if case.returned_at else case.decided_on
    if case.status in Case.CLOSED:
        return case.closed_on
    return None


def case_keep_until(case: Case) -> dt.date | None:
    """The last day the retention rule keeps the dossier's personal data; None while
    the dossier is not closed (it is kept in any case)."""
    from django.conf import settings

    closed = case_closed_on(case)
    if closed is None:
        return None
    return years_before(closed, -settings.PORTAL_RETENTION_CASE_YEARS)


def expired_cases(*, today: dt.date):
    """Closed dossiers past the retention period whose data is still there."""
    from django.conf import settings

    cutoff = years_before(today, settings.PORTAL_RETENTION_CASE_YEARS)
    cutoff_at = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    S = Case.Status
    return Case.objects.filter(anonymised_at__isnull=True).filter(
        Q(status=S.RETURNED, returned_at__lt=cutoff_at)
        | Q(status=S.REFUSED, returned_at__lt=cutoff_at)
        | Q(status=S.REFUSED, returned_at__isnull=True, decided_on__lt=cutoff)
        | Q(status__in=Case.CLOSED, closed_on__lt=cutoff)
    )


# Free texts of the dossier and of its process log that may quote the applicant: the
# desk writes his name as "handed over to" on return, an admin correction quotes the
# values before and after, an officer may name him in a note.
CASE_TEXTS = ("result", "refusal_reason", "papers_note", "close_reason")
EVENT_TEXTS = ("from_unit", "to_unit", "note", "reason")


def _fit(model, name: str, value: str) -> str:
    """A scrubbed text may be longer than the original: cut it to its column."""
    length = model._meta.get_field(name).max_length
    return value[:length] if length else value


def cases_anonymise(pks: list[int], *, now: dt.datetime) -> int:
    """Remove the applicant's data from these dossiers, from the texts of the dossier
    and its process log that quote it, from their letters' PDF copies (which print his
    name and address), their emails waiting in the outbox and their admin-edit history;
    keep everything counted (status, dates, the log's steps)."""
    with transaction.atomic(), disable_auditlog():
        rows = list(
            Case.objects.select_for_update()
            .filter(pk__in=pks, anonymised_at__isnull=True)
            .values("pk", *PERSONAL_FIELDS, *CASE_TEXTS)
        )
        todo = [row["pk"] for row in rows]
        if not todo:
            return 0
        history = audit_values(Case, todo, PERSONAL_FIELDS)
        values = {
            row["pk"]: {row[f] for f in PERSONAL_FIELDS} | history.get(row["pk"], set())
            for row in rows
        }
        for row in rows:
            texts = {f: _fit(Case, f, scrub(row[f], values[row["pk"]])) for f in CASE_TEXTS}
            Case.objects.filter(pk=row["pk"]).update(
                applicant_name=ANONYMISED,
                applicant_id_number="",
                applicant_phone="",
                applicant_email="",
                applicant_address=ANONYMISED,
                delivery_address="",
                anonymised_at=now,
                **texts,
            )
        events = CaseEvent.objects.filter(case_id__in=todo).only("case_id", "action", *EVENT_TEXTS)
        for event in events.iterator():
            before = [getattr(event, f) for f in EVENT_TEXTS]
            for f in EVENT_TEXTS:
                setattr(
                    event, f, _fit(CaseEvent, f, scrub(getattr(event, f), values[event.case_id]))
                )
            if event.action == CaseEvent.Action.RETURN:
                event.to_unit = ANONYMISED  # the name as it was when the result went back
            if [getattr(event, f) for f in EVENT_TEXTS] != before:
                event.save(update_fields=list(EVENT_TEXTS))
        letters = ApologyLetter.objects.filter(case_id__in=todo)
        for letter in letters.iterator():
            reason = scrub(letter.reason, values[letter.case_id])
            if letter.pdf or reason != letter.reason:
                storage, name = letter.pdf.storage, letter.pdf.name
                letter.pdf, letter.reason = "", reason
                letter.save(update_fields=["pdf", "reason"])
                if name:
                    transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        # The papers' scans (a copy of the CCCD, the applicant's forms) go; the dossier
        # still counts as digitised (scanned_at stays).
        scans = CasePaper.objects.filter(case_id__in=todo).exclude(scan="")
        for paper in scans.only("pk", "scan").iterator():
            storage, name = paper.scan.storage, paper.scan.name
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        scans.update(scan="", scan_name="")
        redact_outbox(LETTER_EMAIL_TOPIC, letters.values_list("pk", flat=True))
        subjects_anonymise(Case, todo, now=now)  # consents and SMS/Zalo messages
        redact_audit_entries(Case, todo, PERSONAL_FIELDS, values)
    return len(todo)


@personal_data.source
class CaseSource(personal_data.Source):
    key = "onestop.case"
    label = gettext_lazy("One-stop dossier")
    correctable = (
        ("applicant_name", gettext_lazy("applicant")),
        ("applicant_id_number", gettext_lazy("citizen ID number")),
        ("applicant_phone", gettext_lazy("phone")),
        ("applicant_email", gettext_lazy("email")),
        ("applicant_address", gettext_lazy("address")),
    )

    def _query(self, *, id_number: str, phone: str):
        q = Q(pk__in=[])
        if id_number:
            q |= Q(applicant_id_number=id_number.strip())
        if phone:
            q |= Q(applicant_phone=normalise_phone(phone))
        return Case.objects.filter(q).select_related("procedure").order_by("-received_at")

    def record(self, case: Case) -> Record:
        keep_until = case_keep_until(case)
        today = timezone.localdate()
        return Record(
            source=self.key,
            pk=case.pk,
            label=str(self.label),
            title=f"{case.receipt_code} · {case.procedure.name}",
            url=reverse("onestop:case_detail", args=[case.receipt_code]),
            on=timezone.localdate(case.received_at),
            data=[
                (_("applicant"), case.applicant_name),
                (_("citizen ID number"), mask_id_number(case.applicant_id_number)),
                (_("phone"), case.applicant_phone),
                (_("email"), case.applicant_email),
                (_("address"), case.applicant_address),
            ],
            keep_until=keep_until if keep_until is None or keep_until >= today else None,
            keep_reason=(
                _("The dossier is still being handled.")
                if keep_until is None
                else _("Kept as the dossier's record until %(day)s.")
                % {"day": f"{keep_until:%d/%m/%Y}"}
                if keep_until >= today
                else ""
            ),
            anonymised=case.anonymised_at is not None,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        return [self.record(c) for c in self._query(id_number=id_number, phone=phone)[:200]]

    def get(self, pk: int) -> Case:
        return Case.objects.get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        """Raises ValidationError keyed by field (a CCCD of 11 digits) and saves nothing."""
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=pk)
            changed = self.changes_apply(case, changes, phone_fields=PHONE_FIELDS)
            if changed:
                case.full_clean(exclude=["procedure", "department", "officer", "received_by"])
                case.save(update_fields=[*changed, "updated_at"])
        return changed

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        case = self.get(pk)
        if case.anonymised_at or self.record(case).keep_reason:
            return False
        return cases_anonymise([pk], now=now) == 1

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        done = 0
        while pks := list(expired_cases(today=today).values_list("pk", flat=True)[:BATCH]):
            done += cases_anonymise(pks, now=now)
        return done

    def expired_count(self, *, today: dt.date) -> int:
        return expired_cases(today=today).count()


@personal_data.source
class ApologyLetterSource(personal_data.Source):
    """Apology letters (form 04) print the applicant's name and address, and a signed
    one keeps its PDF. They are found through the dossiers matching the person and go
    with their dossier: `cases_anonymise` removes the stored PDF, and a letter printed
    again afterwards prints the anonymised dossier."""

    key = "onestop.apology_letter"
    label = gettext_lazy("Apology letter")
    correctable = ()  # corrected on the dossier; a signed letter is what was sent

    def _query(self, *, id_number: str, phone: str):
        q = Q(pk__in=[])
        if id_number:
            q |= Q(case__applicant_id_number=id_number.strip())
        if phone:
            q |= Q(case__applicant_phone=normalise_phone(phone))
        return (
            ApologyLetter.objects.filter(q)
            .select_related("case", "case__procedure", "number")
            .order_by("-created_at")
        )

    def record(self, letter: ApologyLetter) -> Record:
        case = letter.case
        number = letter.number.symbol if letter.number_id else _("draft")
        on = letter.signed_at or letter.created_at
        return Record(
            source=self.key,
            pk=letter.pk,
            label=str(self.label),
            title=f"{number} · {case.receipt_code} · {case.procedure.name}",
            url=reverse("onestop:apology_detail", args=[letter.pk]),
            on=timezone.localdate(on) if on else None,
            data=[
                (_("addressee"), case.applicant_name),
                (_("address"), case.applicant_address),
                (_("stored PDF copy"), _("yes") if letter.pdf else _("no")),
            ],
            keep_reason=_("Anonymised only together with its dossier %(code)s.")
            % {"code": case.receipt_code},
            anonymised=case.anonymised_at is not None,
        )

    def find(self, *, id_number: str = "", phone: str = "") -> list[Record]:
        qs = self._query(id_number=id_number, phone=phone)[:200]
        return [self.record(letter) for letter in qs]

    def get(self, pk: int) -> ApologyLetter:
        return ApologyLetter.objects.select_related("case").get(pk=pk)

    def correct(self, pk: int, changes: dict[str, str]) -> dict[str, tuple[str, str]]:
        return {}

    def anonymise(self, pk: int, *, now: dt.datetime) -> bool:
        # Never on its own: the dossier's anonymisation removes the letter's copy.
        return False

    def anonymise_expired(self, *, today: dt.date, now: dt.datetime) -> int:
        # CaseSource.anonymise_expired removes the letters of the dossiers it anonymises.
        return 0

    def expired_count(self, *, today: dt.date) -> int:
        return 0

"""Writes on the shared models."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.document_types import number_text
from portal.models import CalendarYear, DocumentNumber, DocumentType, Notification, Organization


def organization_current() -> Organization:
    org = Organization.objects.order_by("pk").first()
    if org is None:
        raise ValidationError(_("The ward profile has not been set up yet."))
    return org


@transaction.atomic
def document_number_issue(
    *, doc_type: DocumentType, subject: str, issued_by=None, issued_on: dt.date | None = None
) -> DocumentNumber:
    """Take the next number of the year for a document type: 41/KH-UBND.

    The document type row is locked for the rest of the transaction, so two officers
    issuing at once queue; the number is max + 1 of the year, so a rolled-back issue
    leaves no gap, and the unique constraint makes a duplicate impossible.
    """
    if not doc_type.numbered:
        raise ValidationError(_("Documents of this type do not take a registry number."))
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": _("Enter the document's subject.")})
    issued_on = issued_on or timezone.localdate()
    DocumentType.objects.select_for_update().get(pk=doc_type.pk)
    last = DocumentNumber.objects.filter(doc_type=doc_type, year=issued_on.year).aggregate(
        n=Max("number")
    )["n"]
    number = (last or 0) + 1
    org = organization_current()
    record = DocumentNumber(
        doc_type=doc_type,
        year=issued_on.year,
        number=number,
        symbol=doc_type.symbol_format.replace("{number}", number_text(number))
        .replace("{code}", doc_type.code)
        .replace("{abbreviation}", org.abbreviation),
        subject=subject,
        issued_on=issued_on,
        issued_by=issued_by,
    )
    record.full_clean()
    record.save()
    return record


def calendar_year_confirm(*, year: int, actor, today: dt.date | None = None) -> CalendarYear:
    """The office has checked `year`'s working days (the official arrangements and its
    own overrides). This year's or next year's only; confirming again records the latest
    confirmation."""
    today = today or timezone.localdate()
    if year not in (today.year, today.year + 1):
        raise ValidationError(_("Only this year's and next year's calendars can be confirmed."))
    confirmation, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"confirmed_by": actor, "confirmed_at": timezone.now()}
    )
    return confirmation


def notify(*, recipients, message: str, url: str = "") -> int:
    """Leave the same message for several users in one query."""
    rows = [Notification(recipient=u, message=message[:500], url=url) for u in recipients]
    Notification.objects.bulk_create(rows)
    return len(rows)


def leaders() -> list:
    """The chairman and vice-chairmen: active users holding the leader role."""
    from portal import roles
    from portal.models import User

    return list(User.objects.filter(groups__name=roles.LEADER, is_active=True).distinct())

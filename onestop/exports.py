"""The case tracking book (sổ theo dõi hồ sơ) as a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.models import Case, timeliness_of
from portal.exports import Sheet

COLUMNS = [
    "receipt_code",
    "procedure__name",
    "procedure__field__name",
    "applicant_name",
    "applicant_address",
    "applicant_phone",
    "department__name",
    "received_at",
    "due_date",
    "legal_due_date",
    "decided_on",
    "returned_at",
    "status",
    "supplement_requests",
]


def tracking_book(qs: QuerySet[Case]) -> Sheet:
    header = [
        _("No."),
        _("Receipt code"),
        _("Procedure"),
        _("Procedure field"),
        _("Applicant"),
        _("Address"),
        _("Phone"),
        _("Department"),
        _("Received"),
        _("Appointment date"),
        _("Decided on"),
        _("Returned on"),
        _("Status"),
        _("Timeliness"),
        _("Supplement requests"),
    ]
    return Sheet(
        title=_("Tracking book"),
        header=header,
        rows=_rows(qs),
        widths=[6, 16, 50, 22, 26, 34, 13, 26, 17, 13, 13, 13, 18, 12, 10],
    )


def _rows(qs: QuerySet[Case]) -> Iterator[list]:
    statuses = {value: str(label) for value, label in Case.Status.choices}
    words = {None: "", "early": _("early"), "on_time": _("on time"), "late": _("late")}
    tz = timezone.get_current_timezone()
    values = qs.order_by("received_at", "pk").values_list(*COLUMNS)
    for n, row in enumerate(values.iterator(chunk_size=2000), start=1):
        (
            code,
            procedure,
            field,
            name,
            address,
            phone,
            department,
            received,
            due,
            legal_due,
            decided,
            returned,
            status,
            supplements,
        ) = row
        timeliness = timeliness_of(decided, legal_due)
        yield [
            n,
            code,
            procedure,
            field,
            name,
            address,
            phone,
            department,
            received,
            due,
            decided,
            timezone.localdate(returned, tz) if returned else None,
            statuses[status],
            words[timeliness],
            supplements,
        ]

"""Spreadsheets of the dialogues app: the opinions register and the attendance list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import DialogueSession, Opinion, by_category
from portal import export_jobs, roles
from portal.exports import Sheet

OPINION_ROLES = (roles.LEADER, roles.OFFICE, roles.DEPARTMENT, roles.ORGANISATION)
DATE_FILTERS = ("received_from", "received_to")


def opinion_filters_as_params(filters: dict) -> dict:
    """The opinion list's filters as a background job keeps them (JSON: dates as ISO)."""
    return {k: v.isoformat() if k in DATE_FILTERS and v else v for k, v in filters.items()}


def _register_filename(params: dict) -> str:
    return f"so-y-kien-{timezone.localdate():%Y%m%d}.xlsx"


@export_jobs.kind("dialogues.opinions", filename=_register_filename)
def opinions_export(params: dict, user) -> tuple[list[Sheet], int]:
    """The opinions register of the list's filters, as `user` may see it now."""
    from dialogues import selectors

    if not roles.has_role(user, *OPINION_ROLES):
        raise PermissionDenied
    filters = {
        k: dt.date.fromisoformat(v) if k in DATE_FILTERS and v else v for k, v in params.items()
    }
    qs = selectors.opinions_filtered(selectors.opinions_visible_to(user), **filters)
    return [opinions_register(qs)], qs.count()


def opinions_register(qs: QuerySet[Opinion]) -> Sheet:
    header = [
        _("No."), _("Received"), _("Source"), _("Session"), _("Organisation"), _("Citizen"),
        _("Procedure field"), _("Opinion"), _("Classification"), _("Department"), _("Answer due by"),
        _("Status"), _("Answer"), _("Letter number"), _("Written answer sent"),
    ]  # fmt: skip
    return Sheet(
        title=_("Opinions register"),
        header=header,
        rows=_opinion_rows(qs),
        widths=[6, 12, 18, 30, 22, 22, 20, 60, 24, 24, 12, 20, 60, 14, 12],
    )


def _opinion_rows(qs: QuerySet[Opinion]) -> Iterator[list]:
    qs = qs.select_related("session", "organisation", "field", "department", "number").order_by(
        "created_at", "pk"
    )
    for n, o in enumerate(qs.iterator(chunk_size=1000), start=1):
        yield [
            n,
            timezone.localdate(o.created_at),
            str(o.get_source_display()),
            o.session.title if o.session else "",
            o.organisation.name if o.organisation else "",
            o.citizen_name,
            o.field.name if o.field else "",
            o.content,
            str(o.get_classification_display()),
            o.department.name if o.department else "",
            o.due_date,
            str(o.get_status_display()),
            o.answer,
            o.number.symbol if o.number else "",
            timezone.localdate(o.letter_sent_at) if o.letter_sent_at else None,
        ]


def attendance_sheet(session: DialogueSession) -> Sheet:
    def rows():
        for n, a in enumerate(by_category(session.attendees.all()), start=1):
            yield [
                n, a.name, a.position, a.organisation, str(a.get_category_display()),
                _("yes") if a.confirmed else "", _("yes") if a.attended else "",
                timezone.localtime(a.checked_in_at).time() if a.checked_in_at else None,
            ]  # fmt: skip

    return Sheet(
        title=_("Delegates"),
        header=[
            _("No."),
            _("Full name"),
            _("Position"),
            _("Organisation"),
            _("Category"),
            _("Confirmed"),
            _("Attended"),
            _("Checked in"),
        ],  # fmt: skip
        rows=rows(),
        widths=[6, 28, 28, 34, 28, 12, 12, 10],
    )

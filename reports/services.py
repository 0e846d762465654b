"""Writes on periodic reports: drafting (by hand or by the quarterly job), issuing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.calendar import quarter_bounds, quarter_of
from portal.models import DocumentType, User
from portal.services import document_number_issue, notify
from reports.figures import ROMAN_QUARTERS, report_figures
from reports.models import Report

# Fixed wording of the document (Vietnamese, not UI).
SUBJECT = "Kết quả thực hiện công tác cải cách hành chính {period}"
INTRODUCTION = (
    "Ủy ban nhân dân phường báo cáo kết quả thực hiện công tác cải cách hành chính, "
    "đối thoại với Nhân dân về thủ tục hành chính, khảo sát sự hài lòng và giải quyết "
    "thủ tục hành chính tại Bộ phận Một cửa {period} (từ ngày {start} đến ngày {end}) "
    "như sau:"
)
RECIPIENTS = (
    "UBND Thành phố (qua Phòng Nội vụ);\n"
    "TT Đảng ủy, TT HĐND phường;\n"
    "Chủ tịch, các PCT UBND phường;\n"
    "Lưu: VT."
)
# A quarter's report is drafted on its last day, or within this many days after it if
# the job could not run then (server down).
CATCH_UP_DAYS = 10


def period_bounds(kind: str, year: int, part: int = 1) -> tuple[dt.date, dt.date]:
    """The dates of quarter `part` (1-4), half `part` (1-2) or the whole year."""
    if kind == Report.Kind.QUARTER:
        return quarter_bounds(year, part)
    if kind == Report.Kind.HALF:
        return (
            (dt.date(year, 1, 1), dt.date(year, 6, 30))
            if part == 1
            else (
                dt.date(year, 7, 1),
                dt.date(year, 12, 31),
            )
        )
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_kind(start: dt.date, end: dt.date) -> str:
    """The kind a date range is: a calendar quarter, half, year, or any other range."""
    for quarter in (1, 2, 3, 4):
        if (start, end) == quarter_bounds(start.year, quarter):
            return Report.Kind.QUARTER
    if (start, end) in (period_bounds("half", start.year, 1), period_bounds("half", start.year, 2)):
        return Report.Kind.HALF
    if (start, end) == period_bounds("year", start.year):
        return Report.Kind.YEAR
    return Report.Kind.RANGE


def period_label(start: dt.date, end: dt.date) -> str:
    """'quý III năm 2026', '6 tháng đầu năm 2026', 'năm 2026', 'từ ngày … đến ngày …'."""
    kind = period_kind(start, end)
    if kind == Report.Kind.QUARTER:
        return f"quý {ROMAN_QUARTERS[quarter_of(start)]} năm {start.year}"
    if kind == Report.Kind.HALF:
        half = "6 tháng đầu năm" if start.month == 1 else "6 tháng cuối năm"
        return f"{half} {start.year}"
    if kind == Report.Kind.YEAR:
        return f"năm {start.year}"
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def report_create(
    *, start: dt.date, end: dt.date, actor=None, auto: bool = False
) -> tuple[Report, bool]:
    """The report of [start, end]: the existing one, or a new draft. Never two."""
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    existing = Report.objects.filter(period_start=start, period_end=end).first()
    if existing:
        return existing, False
    label = period_label(start, end)
    report = Report(
        kind=period_kind(start, end),
        period_start=start,
        period_end=end,
        subject=SUBJECT.format(period=label),
        introduction=INTRODUCTION.format(
            period=label, start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"
        ),
        recipients=RECIPIENTS,
        auto_drafted=auto,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # drafted at the same moment by someone else (or the job)
        return Report.objects.get(period_start=start, period_end=end), False
    return report, True


def _check_draft(report: Report) -> None:
    if not report.is_draft:
        raise ValidationError(_("This report has been issued: it can no longer be changed."))


def report_figures_of(report: Report, *, today: dt.date | None = None) -> dict:
    """As issued, or live for a draft."""
    if report.figures is not None:
        return report.figures
    return report_figures(report.period_start, report.period_end, today=today)


def _report_type() -> DocumentType:
    doc_type, _created = DocumentType.objects.get_or_create(
        code="BC", defaults={"name": "Báo cáo", "title": "BÁO CÁO"}
    )
    return doc_type


@transaction.atomic
def report_issue(*, report: Report, actor, today: dt.date | None = None) -> Report:
    """Number and date the report from the registry, and freeze its figures."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_draft(report)
    today = today or timezone.localdate()
    missing = [
        str(Report._meta.get_field(name).verbose_name)
        for name in ("introduction", "assessment")
        if not getattr(report, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Write these paragraphs before issuing: %(names)s.") % {"names": ", ".join(missing)}
        )
    if report.signer_id is None:
        raise ValidationError(_("Choose who signs the report before issuing it."))
    if report.period_end > today:
        raise ValidationError(
            _("The period is not over yet: issue the report after %(day)s.")
            % {"day": f"{report.period_end:%d/%m/%Y}"}
        )
    report.figures = report_figures(report.period_start, report.period_end, today=today)
    report.figures_as_of = today
    report.number = document_number_issue(
        doc_type=_report_type(), subject=report.subject, issued_by=actor
    )
    report.issued_on = report.number.issued_on
    report.issued_by = actor
    report.status = Report.Status.ISSUED
    report.save()
    return report


def report_delete(*, report: Report) -> None:
    _check_draft(report)
    report.delete()


def office_users() -> list[User]:
    return list(User.objects.filter(groups__name=roles.OFFICE, is_active=True).distinct())


def last_completed_quarter(today: dt.date) -> tuple[int, int]:
    """(year, quarter) of the last quarter that ended before today's."""
    quarter = quarter_of(today)
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def quarter_to_draft(today: dt.date) -> tuple[int, int] | None:
    """The quarter whose report is due to be drafted today: the current one on its last
    day, or the previous one during the catch-up days after it ended."""
    quarter = quarter_of(today)
    if today == quarter_bounds(today.year, quarter)[1]:
        return today.year, quarter
    year, previous = last_completed_quarter(today)
    ended = quarter_bounds(year, previous)[1]
    if (today - ended).days <= CATCH_UP_DAYS:
        return year, previous
    return None


def quarter_report_draft(*, today: dt.date | None = None) -> Report | None:
    """The quarterly job: draft the quarter's report once and tell the office."""
    today = today or timezone.localdate()
    due = quarter_to_draft(today)
    if due is None:
        return None
    start, end = quarter_bounds(*due)
    report, created = report_create(start=start, end=end, auto=True)
    if created:
        notify(
            recipients=office_users(),
            message=_(
                "The report of %(period)s has been drafted: check its figures and write its assessment."
            )
            % {"period": period_label(start, end)},
            url=reverse("reports:detail", args=[report.pk]),
        )
    return report

"""Writes on periodic reports: drafting (by hand or by the quarterly job), and the
workflow that ends in issuing: the office submits, a leader approves or returns with a
comment, the office issues and numbers. The workflow is the table REPORT_STEPS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import roles
from portal.calendar import quarter_bounds, quarter_of
from portal.document_types import document_type
from portal.models import DocumentType, User
from portal.services import document_number_issue, notify, organization_current
from reports.figures import ROMAN_QUARTERS, report_figures
from reports.models import Report

# Fixed wording of the document (Vietnamese, not UI).
SUBJECT = "Kết quả thực hiện công tác cải cách hành chính {period}"
INTRODUCTION = (
    "{committee} báo cáo kết quả thực hiện công tác cải cách hành chính, "
    "đối thoại với Nhân dân về thủ tục hành chính, khảo sát sự hài lòng và giải quyết "
    "thủ tục hành chính tại Bộ phận Một cửa {period} (từ ngày {start} đến ngày {end}) "
    "như sau:"
)
RECIPIENTS = (
    "UBND Thành phố (qua Phòng Nội vụ);\n"
    "TT Đảng ủy, TT HĐND {unit};\n"
    "Chủ tịch, các PCT {committee};\n"
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
    org = organization_current()
    report = Report(
        kind=period_kind(start, end),
        period_start=start,
        period_end=end,
        subject=SUBJECT.format(period=label),
        introduction=INTRODUCTION.format(
            committee=org.committee_full,
            period=label,
            start=f"{start:%d/%m/%Y}",
            end=f"{end:%d/%m/%Y}",
        ),
        recipients=RECIPIENTS.format(unit=org.unit_word, committee=org.committee_short),
        auto_drafted=auto,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # drafted at the same moment by someone else (or the job)
        return Report.objects.get(period_start=start, period_end=end), False
    return report, True


def check_editable(report: Report) -> None:
    if report.is_issued:
        raise ValidationError(_("This report has been issued: it can no longer be changed."))
    if not report.editable:
        raise ValidationError(
            _(
                "This report is %(status)s: it can be changed only as a draft or once a "
                "leader has returned it."
            )
            % {"status": report.get_status_display()}
        )


def report_figures_of(report: Report, *, today: dt.date | None = None) -> dict:
    """As issued, or live until then."""
    if report.figures is not None:
        return report.figures
    return report_figures(report.period_start, report.period_end, today=today)


def _report_type() -> DocumentType:
    return document_type("BC")


# --- Workflow --------------------------------------------------------------------------


def _begin(report: Report, actor, step: str) -> Report:
    """Check that `actor` may take `step` and that the report, locked, is in one of the
    states the step starts from (both read from REPORT_STEPS)."""
    declared = REPORT_STEPS[step]
    if not roles.has_role(actor, declared.role):
        raise ValidationError(str(declared.refused))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in declared.sources:
        raise ValidationError(
            _("Cannot %(action)s a report that is %(status)s.")
            % {"action": declared.action, "status": report.get_status_display()}
        )
    return report


def _is_leader(user) -> bool:
    """The chairman or a vice-chairman: an active member of the leaders' group (a
    superuser is not a signer)."""
    return user.is_active and roles.LEADER in roles.user_roles(user)


def _check_complete(report: Report) -> None:
    """What the leader reads and signs: the opening, the assessment, a leader as signer."""
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
    if not _is_leader(report.signer):
        raise ValidationError(
            _("%(name)s is not the chairman or a vice-chairman: choose a leader to sign.")
            % {"name": report.signer.display_name}
        )


@transaction.atomic
def report_submit(*, report: Report, actor) -> Report:
    """The office hands a complete draft (or a returned report) to the leaders."""
    report = _begin(report, actor, "submit")
    _check_complete(report)
    report.status = Report.Status.SUBMITTED
    report.approved_by, report.approved_at = None, None
    report.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return report


@transaction.atomic
def report_approve(*, report: Report, actor) -> Report:
    """A leader approves the submitted report; its figures stay live until it is issued."""
    report = _begin(report, actor, "approve")
    _check_complete(report)  # the signer may have left the leaders since
    report.status = Report.Status.APPROVED
    report.approved_by = actor
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return report


@transaction.atomic
def report_return(*, report: Report, actor, comment: str) -> Report:
    """A leader sends the report back to the office with what to change; it is editable
    again and must be submitted again (an approval given before is withdrawn)."""
    report = _begin(report, actor, "return")
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write what the office should change.")})
    report.status = Report.Status.RETURNED
    report.return_comment = comment
    report.returned_by = actor
    report.returned_at = timezone.now()
    report.approved_by, report.approved_at = None, None
    report.save()
    return report


@transaction.atomic
def report_issue(*, report: Report, actor, today: dt.date | None = None) -> Report:
    """The office numbers and dates the approved report from the registry, and freezes
    its figures. The number is taken here and nowhere else."""
    report = _begin(report, actor, "issue")
    today = today or timezone.localdate()
    _check_complete(report)
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


@dataclass(frozen=True)
class ReportStep:
    """One step of the workflow: from which states, who, which form, which service, and
    how its button reads. The views, the detail page's buttons and the services all read
    this table."""

    name: str
    sources: tuple[str, ...]
    role: str
    service: Callable[..., Report]
    action: Promise  # the verb of the "cannot … a report that is …" message
    refused: Promise  # said to someone without the role
    label: Promise
    done: Promise  # may use %(symbol)s, the number once issued
    style: str = "btn-primary"
    icon: str = ""
    confirm: Promise | None = None  # asked before an irreversible step
    form: str | None = None  # dotted path of the form posted with the step, if any

    @property
    def form_class(self):
        return import_string(self.form) if self.form else None


_S = Report.Status
_OFFICE_ONLY = gettext_lazy("Only the office submits and issues reports.")
_LEADER_ONLY = gettext_lazy("Only the chairman or a vice-chairman can approve or return a report.")

REPORT_STEPS: dict[str, ReportStep] = {
    step.name: step
    for step in (
        ReportStep(
            name="submit",
            sources=(_S.DRAFT, _S.RETURNED),
            role=roles.OFFICE,
            service=report_submit,
            action=gettext_lazy("submit"),
            refused=_OFFICE_ONLY,
            label=gettext_lazy("Submit for approval"),
            done=gettext_lazy("Submitted to the leaders for approval."),
            icon="bi-send",
        ),
        ReportStep(
            name="approve",
            sources=(_S.SUBMITTED,),
            role=roles.LEADER,
            service=report_approve,
            action=gettext_lazy("approve"),
            refused=_LEADER_ONLY,
            label=gettext_lazy("Approve"),
            done=gettext_lazy("Report approved: the office can now issue it."),
            style="btn-success",
            icon="bi-check2",
        ),
        ReportStep(
            name="return",
            sources=(_S.SUBMITTED, _S.APPROVED),
            role=roles.LEADER,
            service=report_return,
            action=gettext_lazy("return"),
            refused=_LEADER_ONLY,
            label=gettext_lazy("Return for changes"),
            done=gettext_lazy("Report returned to the office for changes."),
            style="btn-outline-danger",
            icon="bi-arrow-return-left",
            form="reports.forms.ReportReturnForm",
        ),
        ReportStep(
            name="issue",
            sources=(_S.APPROVED,),
            role=roles.OFFICE,
            service=report_issue,
            action=gettext_lazy("issue"),
            refused=_OFFICE_ONLY,
            label=gettext_lazy("Issue and number"),
            done=gettext_lazy("Report issued as number %(symbol)s; its figures are now frozen."),
            style="btn-success",
            icon="bi-check2-circle",
            confirm=gettext_lazy(
                "Issue the report? It takes the next number of the registry, is dated today "
                "and its figures are frozen; a number cannot be taken back."
            ),
        ),
    )
}


def report_steps_for(report: Report, user) -> list[ReportStep]:
    """What `user` may do with `report` now: the steps that start from its state and
    that his role takes."""
    return [
        step
        for step in REPORT_STEPS.values()
        if report.status in step.sources and roles.has_role(user, step.role)
    ]


def report_delete(*, report: Report) -> None:
    check_editable(report)
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

"""The case tracking book (Sổ theo dõi hồ sơ, form 07 of Thông tư 03/2025/TT-VPCP) as a
spreadsheet: the form's columns in its order, then columns for analysis."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onestop import selectors
from onestop.documents import DELIVERY_WORDS
from onestop.forms import CaseFilterForm
from onestop.models import Case, timeliness_of
from onestop.selectors import on_time_percent
from portal import export_jobs, roles
from portal.document_types import document_type
from portal.exports import Sheet, export_rows, percentage

COLUMNS = [
    "book_number",
    "book_year",
    "receipt_code",
    "procedure__name",
    "sets_count",
    "applicant_name",
    "applicant_address",
    "applicant_phone",
    "department__name",
    "received_at",
    "due_date",
    "forwarded_at",
    "decided_on",
    "returned_at",
    "delivery",
    "delivery_address",
    "status",
    "result",
    "refusal_reason",
    "close_reason",
    "legal_due_date",
    "procedure__field__name",
    "supplement_requests",
]

# The book's columns (document text, as the form prints them).
HEADER = [
    "Số thứ tự",
    "Quyển số",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Hình thức nhận kết quả",
    "Ký nhận",
    "Ghi chú",
    # For analysis, after the form's own columns.
    "Lĩnh vực",
    "Tình trạng",
    "Kết quả so với hạn",
    "Số lần yêu cầu bổ sung",
]
WIDTHS = [8, 8, 16, 50, 9, 24, 40, 26, 17, 12, 17, 12, 17, 22, 12, 36, 22, 18, 12, 10]
TIMELINESS = {None: "", "early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
STATUS_WORDS = {
    Case.Status.RECEIVED: "Mới tiếp nhận",
    Case.Status.IN_PROGRESS: "Đang giải quyết",
    Case.Status.SUPPLEMENT: "Chờ bổ sung",
    Case.Status.APPROVED: "Có kết quả, chờ trả",
    Case.Status.REFUSED: "Từ chối giải quyết",
    Case.Status.RETURNED: "Đã trả kết quả",
    Case.Status.STOPPED: "Dừng giải quyết",
    Case.Status.WITHDRAWN: "Người nộp rút hồ sơ",
}


def tracking_book(qs: QuerySet[Case]) -> Sheet:
    doc_type = document_type("STD")
    return Sheet(
        title=doc_type.title or "Sổ theo dõi hồ sơ",
        preamble=[line for line in (doc_type.legal_citation, doc_type.title) if line],
        header=HEADER,
        rows=_rows(qs),
        widths=WIDTHS,
    )


CASE_ROLES = (roles.LEADER, roles.OFFICE, roles.DESK, roles.DEPARTMENT)


def case_filter(data) -> tuple[CaseFilterForm, selectors.CaseFilter]:
    """The dossier list's filters (a query string, or a background job's params)."""
    form = CaseFilterForm(data or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return form, selectors.CaseFilter(
        q=cleaned.get("q", ""),
        status=cleaned.get("status", ""),
        department_id=cleaned["department"].pk if cleaned.get("department") else None,
        field_id=cleaned["field"].pk if cleaned.get("field") else None,
        due=cleaned.get("due", ""),
        received_from=cleaned.get("received_from"),
        received_to=cleaned.get("received_to"),
    )


def _book_filename(params: dict) -> str:
    return f"so-theo-doi-ho-so-{timezone.localdate():%Y%m%d}.xlsx"


@export_jobs.kind("onestop.case_book", filename=_book_filename)
def case_book_export(params: dict, user) -> tuple[list[Sheet], int]:
    """The tracking book of the dossiers the list shows with these filters, as `user`
    sees them now (checked again when a background job builds it)."""
    if not roles.has_role(user, *CASE_ROLES):
        raise PermissionDenied
    _form, criteria = case_filter(params)
    qs = selectors.cases_filtered(selectors.cases_visible_to(user), criteria)
    return [tracking_book(qs)], qs.count()


def _note(status, result, refusal, close_reason) -> str:
    if status in Case.CLOSED:
        return f"{STATUS_WORDS[status]}: {close_reason}"
    if status == Case.Status.REFUSED:
        return f"Từ chối: {refusal}"
    return result or ""


def _rows(qs: QuerySet[Case]) -> Iterator[list]:
    tz = timezone.get_current_timezone()
    values = qs.order_by("received_at", "pk").values_list(*COLUMNS)
    for row in export_rows(values):
        (
            number,
            volume,
            code,
            procedure,
            sets,
            name,
            address,
            phone,
            department,
            received,
            due,
            forwarded,
            decided,
            returned,
            delivery,
            delivery_address,
            status,
            result,
            refusal,
            close_reason,
            legal_due,
            field,
            supplements,
        ) = row
        how = DELIVERY_WORDS.get(delivery, "")
        if delivery_address and delivery in (Case.Delivery.POST, Case.Delivery.HOME):
            how = f"{how}: {delivery_address}"
        yield [
            number,
            volume,
            code,
            procedure,
            sets,
            name,
            f"{address}; {phone}",
            department,
            received,
            due,
            timezone.localdate(forwarded, tz) if forwarded else None,
            decided,
            timezone.localdate(returned, tz) if returned else None,
            how,
            "",  # signed by the applicant on the printed book
            _note(status, result, refusal, close_reason),
            field,
            STATUS_WORDS.get(status, status),
            TIMELINESS[timeliness_of(decided, legal_due)],
            supplements,
        ]


STATS_COLUMNS = [
    gettext_lazy("Received dossiers"),
    gettext_lazy("Early"),
    gettext_lazy("On time"),
    gettext_lazy("Late"),
    gettext_lazy("On time (%)"),
    gettext_lazy("In progress"),
    gettext_lazy("Overdue now"),
    gettext_lazy("Stopped"),
    gettext_lazy("Withdrawn"),
    gettext_lazy("Apology letters"),
    gettext_lazy("Supplement breaches"),
]


def _stats_line(name: str, row: dict) -> list:
    rate = on_time_percent(row)
    return [
        name,
        row["received"],
        row["early"],
        row["on_time"],
        row["late"],
        percentage(rate),
        row["in_progress"],
        row["overdue"],
        row["stopped"],
        row["withdrawn"],
        row["apology_letters"],
        row["supplement_breaches"],
    ]


def stats_sheets(
    *, period: dict, by_department: list, by_field: list, totals: dict, targets: list = ()
) -> list:
    """The statistics page as a workbook: one sheet by department (with the total), one
    by procedure field, and the service targets when given; the period above each."""
    heading = _("Dossiers received from %(start)s to %(end)s") % {
        "start": f"{period['date_from']:%d/%m/%Y}",
        "end": f"{period['date_to']:%d/%m/%Y}",
    }
    header = [str(c) for c in STATS_COLUMNS]
    department_rows = [_stats_line(r["name"], r) for r in by_department]
    if by_department:
        department_rows.append(_stats_line(_("Total"), totals))
    widths = [34, *[14] * len(header)]
    return [
        Sheet(
            title=_("By department"),
            preamble=[_("Desk statistics"), heading],
            header=[_("Department"), *header],
            rows=department_rows,
            widths=widths,
        ),
        Sheet(
            title=_("By procedure field"),
            preamble=[_("Desk statistics"), heading],
            header=[_("Procedure field"), *header],
            rows=[_stats_line(r["name"], r) for r in by_field],
            widths=widths,
        ),
        *(
            [
                Sheet(
                    title=_("Service targets"),
                    preamble=[_("Desk statistics"), heading],
                    header=[_("Target"), _("Achieved (%)"), _("Target (%)"), _("Count"), _("Of")],
                    rows=[
                        [
                            t.name,
                            percentage(t.percent),
                            percentage(t.target),
                            t.numerator,
                            t.denominator,
                        ]
                        for t in targets
                    ],
                    widths=[60, 14, 14, 10, 10],
                )
            ]
            if targets
            else []
        ),
    ]

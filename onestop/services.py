"""Writes on dossiers: every step of the one-stop workflow is a function here.

Each step checks the case is in a state that allows it, changes it, and records a
CaseEvent; an invalid step raises ValidationError with a message for the officer.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.services import citizen_notify
from onestop.models import ApologyLetter, Case, CaseEvent, CasePaper, Procedure
from plans.services import EVIDENCE_MAX_BYTES, Upload, evidence_check
from portal import outbox, roles
from portal.calendar import WorkingCalendar
from portal.document_types import document_type
from portal.documents import leader_signer_block
from portal.files import file_save_on_commit
from portal.models import User
from portal.services import document_number_issue, leaders, notify, organization_current
from portal.validators import normalise_phone

# The registry subject of a signed apology letter (document data, in Vietnamese).
APOLOGY_SUBJECT = "Xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ {code}"

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes


@dataclass
class Paper:
    """A paper handed in. `listed` is the id of the procedure's required paper it is
    (None: a paper the procedure's list does not name)."""

    name: str
    count: int = 1
    kind: str = CasePaper.Kind.ORIGINAL
    listed: int | None = None


def missing_required_papers(procedure: Procedure, papers: list[Paper]) -> list[str]:
    """The names of the procedure's required papers not among those handed in."""
    handed = {p.listed for p in papers if p.listed is not None and p.name.strip()}
    return [
        paper.name for paper in procedure.papers.all() if paper.required and paper.pk not in handed
    ]


def _next_book_number(year: int) -> int:
    """The next line of the year's tracking book (one volume a year, from 1)."""
    last = Case.objects.filter(book_year=year).aggregate(n=Max("book_number"))["n"]
    return (last or 0) + 1


def _new_receipt_code(day: dt.date) -> str:
    suffix = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))
    return f"{day:%y%m%d}-{suffix}"


def _log(
    case: Case,
    action: str,
    actor,
    *,
    from_status: str = "",
    note: str = "",
    from_unit: str = "",
    to_unit: str = "",
    at=None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor,
        at=at or timezone.now(),
        from_status=from_status,
        to_status=case.status,
        from_unit=from_unit,
        to_unit=to_unit,
        note=note,
    )


def case_admin_corrected(*, case: Case, actor, changes: dict[str, tuple]) -> CaseEvent | None:
    """An administrator corrected the dossier's data in admin: the control sheet says so,
    field by field ({label: (before, after)})."""
    if not changes:
        return None
    note = "; ".join(
        f"{label}: «{before}» → «{after}»" for label, (before, after) in changes.items()
    )
    return _log(case, CaseEvent.Action.ADMIN_EDIT, actor, from_status=case.status, note=note[:1000])


def _require(case: Case, *allowed: str, action: str) -> None:
    if case.status not in allowed:
        raise ValidationError(
            _("Cannot %(action)s a dossier that is %(status)s.")
            % {"action": action, "status": case.get_status_display()}
        )


def _locked(case: Case) -> Case:
    """Re-read the case under a row lock so two officers cannot move it at once."""
    return (
        Case.objects.select_for_update().select_related("department", "procedure").get(pk=case.pk)
    )


@transaction.atomic
def case_receive(
    *,
    procedure: Procedure,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str,
    applicant_address: str,
    applicant_email: str = "",
    channel: str = Case.Channel.IN_PERSON,
    papers: list[Paper] | None = None,
    papers_note: str = "",
    sets_count: int = 1,
    delivery: str = Case.Delivery.DESK,
    delivery_address: str = "",
    received_by=None,
    received_at: dt.datetime | None = None,
    e_authenticated: bool = False,
) -> Case:
    """Receive a dossier, compute its appointment date, issue a receipt code and enter
    it in the year's tracking book.

    A required paper of the procedure that was not handed in needs a note saying why
    (the desk may still receive, e.g. a paper the applicant shows but keeps)."""
    if not procedure.is_active:
        raise ValidationError(_("This procedure is no longer in use."))
    papers = [p for p in (papers or []) if p.name.strip()]
    papers_note = papers_note.strip()
    missing = missing_required_papers(procedure, papers)
    if missing and not papers_note:
        raise ValidationError(
            {
                "papers_note": _(
                    "Required papers not handed in: %(papers)s. Note why before receiving."
                )
                % {"papers": "; ".join(missing)}
            }
        )
    if delivery in (Case.Delivery.POST, Case.Delivery.HOME) and not (
        delivery_address.strip() or applicant_address.strip()
    ):
        raise ValidationError({"delivery_address": _("Enter the address to deliver to.")})
    listed = set(procedure.papers.values_list("pk", flat=True))
    received_at = received_at or timezone.now()
    cal = WorkingCalendar.load()
    start = cal.receipt_date(received_at)
    due = cal.add_working_days(start, procedure.processing_days)
    case = Case(
        procedure=procedure,
        department=procedure.department,
        applicant_name=applicant_name.strip(),
        applicant_id_number=applicant_id_number.strip(),
        applicant_phone=normalise_phone(applicant_phone),
        applicant_email=applicant_email.strip(),
        applicant_address=applicant_address.strip(),
        channel=channel,
        # Only an online submission can be authenticated electronically.
        e_authenticated=bool(e_authenticated) and channel == Case.Channel.ONLINE,
        sets_count=sets_count,
        delivery=delivery,
        delivery_address=delivery_address.strip(),
        papers_note=papers_note,
        received_at=received_at,
        received_by=received_by,
        processing_days=procedure.processing_days,
        clock_started_on=start,
        legal_due_date=due,
        due_date=due,
    )
    local_day = timezone.localtime(received_at).date()
    case.receipt_code = _new_receipt_code(local_day)
    case.book_year = local_day.year
    case.book_number = _next_book_number(local_day.year)
    case.full_clean()
    # A clash on the receipt code (random) or on the book line (two desks at once)
    # is retried with a fresh code and the next free line.
    for _attempt in range(8):
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            case.pk = None
            case.receipt_code = _new_receipt_code(local_day)
            case.book_number = _next_book_number(local_day.year)
    else:  # pragma: no cover - 32^6 codes a day
        raise ValidationError(_("Could not issue a receipt code; please try again."))
    CasePaper.objects.bulk_create(
        CasePaper(
            case=case,
            name=paper.name.strip(),
            count=paper.count,
            kind=paper.kind,
            on_list=paper.listed in listed,
        )
        for paper in papers
    )
    _log(
        case,
        CaseEvent.Action.RECEIVE,
        received_by,
        at=received_at,
        to_unit=_("One-stop desk"),
        note=_("Appointment date %(date)s") % {"date": f"{due:%d/%m/%Y}"},
    )
    return case


# --- Service targets: digitisation and electronic authentication -----------------------

# A scan of a received paper: PDF or an image, checked by plans.services.evidence_check
# (size, extension and first bytes) after this narrower list of extensions.
SCAN_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
SCAN_MAX_BYTES = EVIDENCE_MAX_BYTES  # 5 MB: under the staff request limit (6 MB)


def scan_check(upload) -> Upload:
    """The uploaded scan, read and checked: a PDF, JPG or PNG file of at most 5 MB."""
    name = os.path.basename(upload.name or "")
    if os.path.splitext(name)[1].lower() not in SCAN_EXTENSIONS:
        raise ValidationError(
            {"scan": _("%(name)s is not a PDF or image file (JPG, PNG).") % {"name": name}}
        )
    if upload.size > SCAN_MAX_BYTES:
        raise ValidationError(
            {
                "scan": _("%(name)s is larger than %(mb)d MB.")
                % {"name": name, "mb": SCAN_MAX_BYTES // (1024 * 1024)}
            }
        )
    try:
        (checked,) = evidence_check([upload])
    except ValidationError as exc:
        raise ValidationError({"scan": exc.messages}) from exc
    return checked


@transaction.atomic
def case_paper_scan_attach(*, paper: CasePaper, actor, upload) -> CasePaper:
    """Attach (or replace) the scan of a received paper. The file is written once the
    transaction commits; a replaced scan's file is removed after it."""
    checked = scan_check(upload)
    paper = CasePaper.objects.select_for_update().get(pk=paper.pk)
    previous = paper.scan.name if paper.scan else ""
    paper.scan_name = checked.name
    paper.scan_size = len(checked.content)
    paper.scan_content_type = mimetypes.guess_type(checked.name)[0] or "application/octet-stream"
    paper.scanned_at = timezone.now()
    paper.scanned_by = actor
    paper.save(
        update_fields=["scan_name", "scan_size", "scan_content_type", "scanned_at", "scanned_by"]
    )
    file_save_on_commit(paper, "scan", checked.name, checked.content)
    if previous:
        storage = paper.scan.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return paper


@transaction.atomic
def case_e_auth_set(*, case: Case, actor, authenticated: bool) -> Case:
    """The desk records whether the applicant of an online dossier was authenticated
    electronically (VNeID / Cổng Dịch vụ công)."""
    case = _locked(case)
    if case.channel != Case.Channel.ONLINE:
        raise ValidationError(_("Only an online dossier can be authenticated electronically."))
    case.e_authenticated = bool(authenticated)
    case.save(update_fields=["e_authenticated", "updated_at"])
    return case


@transaction.atomic
def case_forward(*, case: Case, actor, officer=None, note: str = "") -> Case:
    """The desk hands the dossier to the department that processes it."""
    case = _locked(case)
    _require(case, Case.Status.RECEIVED, action=_("forward"))
    if officer is not None and officer.department_id != case.department_id:
        raise ValidationError(_("The officer does not belong to the dossier's department."))
    previous = case.status
    case.status = Case.Status.IN_PROGRESS
    case.officer = officer
    case.forwarded_at = timezone.now()
    case.save(update_fields=["status", "officer", "forwarded_at", "updated_at"])
    _log(
        case,
        CaseEvent.Action.TRANSFER,
        actor,
        from_status=previous,
        from_unit=_("One-stop desk"),
        to_unit=case.department.name,
        note=note,
    )
    return case


@transaction.atomic
def case_request_supplement(
    *, case: Case, actor, missing: str, justification: str = "", reason: str = ""
) -> Case:
    """Ask the applicant for missing papers; the deadline stops until they arrive.

    A second request for the same dossier breaks "không bổ sung hồ sơ quá 1 lần" and
    is refused unless a justification is recorded.
    """
    case = _locked(case)
    _require(
        case, Case.Status.RECEIVED, Case.Status.IN_PROGRESS, action=_("request a supplement for")
    )
    missing = missing.strip()
    if not missing:
        raise ValidationError({"missing": _("List what is missing and why.")})
    justification = justification.strip()
    if case.supplement_requests >= 1 and not justification:
        raise ValidationError(
            {
                "justification": _(
                    "This dossier already had a supplement request. A second one breaks the "
                    "rule of at most one request: record the justification."
                )
            }
        )
    cal = WorkingCalendar.load()
    today = timezone.localdate()
    previous = case.status
    case.days_used += max(cal.working_days_between(case.clock_started_on, today), 0)
    case.supplement_requests += 1
    case.paused_on = today
    case.status = Case.Status.SUPPLEMENT
    case.save(
        update_fields=["days_used", "supplement_requests", "paused_on", "status", "updated_at"]
    )
    note = missing if not justification else f"{missing}\n{_('Justification')}: {justification}"
    event = _log(case, CaseEvent.Action.SUPPLEMENT_REQUEST, actor, from_status=previous, note=note)
    if reason.strip():
        event.reason = reason.strip()
        event.save(update_fields=["reason"])
    citizen_notify(event="supplement_requested", obj=case, missing=missing)
    return case


@transaction.atomic
def case_receive_supplement(*, case: Case, actor, note: str = "", received_at=None) -> Case:
    """The missing papers arrived: the deadline runs again for the days that were left."""
    case = _locked(case)
    _require(case, Case.Status.SUPPLEMENT, action=_("record a supplement for"))
    cal = WorkingCalendar.load()
    start = cal.receipt_date(received_at or timezone.now())
    remaining = max(case.processing_days - case.days_used, 0)
    due = cal.add_working_days(start, remaining)
    previous = case.status
    case.clock_started_on = start
    case.legal_due_date = due
    case.due_date = due
    case.paused_on = None
    case.status = Case.Status.IN_PROGRESS
    case.save(
        update_fields=[
            "clock_started_on",
            "legal_due_date",
            "due_date",
            "paused_on",
            "status",
            "updated_at",
        ]
    )
    text = _("New appointment date %(date)s (%(days)s working days left)") % {
        "date": f"{due:%d/%m/%Y}",
        "days": remaining,
    }
    _log(
        case,
        CaseEvent.Action.SUPPLEMENT_RECEIVED,
        actor,
        from_status=previous,
        note=f"{note.strip()}\n{text}".strip(),
    )
    return case


@transaction.atomic
def case_approve(*, case: Case, actor, result: str) -> Case:
    case = _locked(case)
    _require(case, Case.Status.IN_PROGRESS, action=_("approve"))
    result = result.strip()
    if not result:
        raise ValidationError({"result": _("Describe the result (the paper issued).")})
    previous = case.status
    case.status = Case.Status.APPROVED
    case.result = result
    case.decided_on = timezone.localdate()
    case.officer = case.officer or actor
    case.save(update_fields=["status", "result", "decided_on", "officer", "updated_at"])
    _log(
        case,
        CaseEvent.Action.APPROVE,
        actor,
        from_status=previous,
        from_unit=case.department.name,
        to_unit=_("One-stop desk"),
        note=result,
    )
    citizen_notify(event="result_ready", obj=case)
    return case


@transaction.atomic
def case_refuse(*, case: Case, actor, reason: str) -> Case:
    case = _locked(case)
    _require(case, Case.Status.RECEIVED, Case.Status.IN_PROGRESS, action=_("refuse"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("State the reason for refusing.")})
    previous = case.status
    case.status = Case.Status.REFUSED
    case.refusal_reason = reason
    case.decided_on = timezone.localdate()
    case.save(update_fields=["status", "refusal_reason", "decided_on", "updated_at"])
    _log(case, CaseEvent.Action.REFUSE, actor, from_status=previous, note=reason)
    return case


@transaction.atomic
def case_return(*, case: Case, actor, note: str = "") -> Case:
    """The desk hands the result (or the refusal slip and papers) back to the applicant."""
    case = _locked(case)
    if case.returned_at is not None:
        raise ValidationError(_("The result of this dossier has already been returned."))
    _require(case, Case.Status.APPROVED, Case.Status.REFUSED, action=_("return the result of"))
    previous = case.status
    if case.status == Case.Status.APPROVED:
        case.status = Case.Status.RETURNED
    case.returned_at = timezone.now()
    case.save(update_fields=["status", "returned_at", "updated_at"])
    _log(
        case,
        CaseEvent.Action.RETURN,
        actor,
        from_status=previous,
        from_unit=_("One-stop desk"),
        to_unit=case.applicant_name,
        note=note,
    )
    return case


@transaction.atomic
def case_stop(*, case: Case, actor, reason: str) -> Case:
    """The ward stops processing the dossier (Thông báo dừng giải quyết hồ sơ, form 05).
    A stopped dossier is closed without a result and is never late."""
    return _close(case, actor, reason, Case.Status.STOPPED, CaseEvent.Action.STOP, _("stop"))


@transaction.atomic
def case_withdraw(*, case: Case, actor, reason: str) -> Case:
    """The applicant withdraws the dossier (rút hồ sơ): closed without a result, never
    late."""
    return _close(
        case, actor, reason, Case.Status.WITHDRAWN, CaseEvent.Action.WITHDRAW, _("withdraw")
    )


def _close(case: Case, actor, reason: str, status: str, action: str, verb: str) -> Case:
    case = _locked(case)
    _require(case, *Case.OPEN, Case.Status.SUPPLEMENT, action=verb)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("State the reason.")})
    today = timezone.localdate()
    previous = case.status
    if previous in Case.OPEN:
        cal = WorkingCalendar.load()
        case.days_used += max(cal.working_days_between(case.clock_started_on, today), 0)
    case.status = status
    case.closed_on = today
    case.close_reason = reason
    case.paused_on = None
    case.save(
        update_fields=[
            "status",
            "closed_on",
            "close_reason",
            "paused_on",
            "days_used",
            "updated_at",
        ]
    )
    _log(case, action, actor, from_status=previous, note=reason)
    return case


# --- Apology letters -------------------------------------------------------------------

_DRAFT_LATE_LETTERS_SQL = """
INSERT INTO {letter} (case_id, round, missed_due_date, status, reason, department_id,
                      officer_id, signer_authority, pdf, created_at)
SELECT c.id,
       (SELECT COUNT(*) FROM {letter} a WHERE a.case_id = c.id) + 1,
       c.due_date, %s, '', c.department_id, c.officer_id, '', '', %s
FROM {case} c
WHERE c.status IN (%s, %s)
  AND c.due_date < %s
  AND NOT EXISTS (
      SELECT 1 FROM {letter} b WHERE b.case_id = c.id AND b.missed_due_date = c.due_date
  )
ON CONFLICT DO NOTHING
"""


def apology_letters_draft_overdue(*, today: dt.date | None = None) -> int:
    """Draft one apology letter for every dossier past its appointment date, once.

    One INSERT ... SELECT: a dossier gets a letter for each appointment date it misses
    (round 1 for the legal date, round 2 once the new date of letter 1 is missed, ...).
    The unique constraints on (case, round) and (case, missed date) make a second
    letter impossible, however many workers run the scan at once. While a letter is
    unsigned the case keeps its missed date, so no further round is drafted. Returns
    the number of letters drafted by this run.
    """
    today = today or timezone.localdate()
    sql = _DRAFT_LATE_LETTERS_SQL.format(
        letter=ApologyLetter._meta.db_table, case=Case._meta.db_table
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                ApologyLetter.Status.DRAFT,
                timezone.now(),
                Case.Status.RECEIVED,
                Case.Status.IN_PROGRESS,
                today,
            ],
        )
        return max(cursor.rowcount, 0)


def apology_letters_notify_new() -> int:
    """Tell each department about its newly drafted letters, and the leaders about all.

    Claims the letters first (a conditional update stamped with this run's time), so a
    rerun or a second worker never notifies twice. Query count does not depend on the
    number of letters.
    """
    stamp = timezone.now()
    with transaction.atomic():
        claimed = ApologyLetter.objects.filter(notified_at__isnull=True).update(notified_at=stamp)
        if not claimed:
            return 0
        per_department = dict(
            ApologyLetter.objects.filter(notified_at=stamp)
            .values_list("department")
            .annotate(n=Count("id"))
            .values_list("department", "n")
        )
        members = User.objects.filter(
            department__in=per_department.keys(), groups__name=roles.DEPARTMENT, is_active=True
        ).distinct()
        url = "/onestop/apology/"
        by_department: dict[int, list] = {}
        for user in members:
            by_department.setdefault(user.department_id, []).append(user)
        for department_id, users in by_department.items():
            notify(
                recipients=users,
                message=_(
                    "%(n)s late dossier(s) of your department need an apology letter: "
                    "enter the reason and the new appointment date."
                )
                % {"n": per_department[department_id]},
                url=url,
            )
        notify(
            recipients=leaders(),
            message=_("%(n)s dossier(s) became late; their apology letters are being drafted.")
            % {"n": claimed},
            url=url,
        )
    return claimed


@transaction.atomic
def apology_letter_propose(
    *, letter: ApologyLetter, actor, reason: str, extra_working_days: int, officer=None
) -> ApologyLetter:
    """The department states why the dossier is late and proposes the new date,
    counted in working days from today (so never in the past)."""
    letter = ApologyLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != ApologyLetter.Status.DRAFT:
        raise ValidationError(_("This letter has already been signed; it cannot change."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("State the reason for the delay.")})
    if not 1 <= extra_working_days <= 60:
        raise ValidationError(
            {"extra_working_days": _("The new date must be 1 to 60 working days from today.")}
        )
    letter.reason = reason
    letter.new_due_date = WorkingCalendar.load().add_working_days(
        timezone.localdate(), extra_working_days
    )
    if officer is not None:
        letter.officer = officer
    letter.full_clean()
    letter.save()
    return letter


@transaction.atomic
def apology_letter_sign(*, letter: ApologyLetter, signer) -> ApologyLetter:
    """The chairman or a vice-chairman signs; the dossier takes the new appointment
    date, the PDF is stored, and the applicant is emailed when an email is known."""
    from onestop import documents

    if not roles.has_role(signer, roles.LEADER):
        raise ValidationError(_("Only the chairman or a vice-chairman can sign apology letters."))
    letter = ApologyLetter.objects.select_for_update().select_related("case").get(pk=letter.pk)
    if letter.status != ApologyLetter.Status.DRAFT:
        raise ValidationError(_("This letter has already been signed."))
    if not letter.ready_to_sign:
        raise ValidationError(
            _("The department has not yet entered the reason and the new appointment date.")
        )
    if letter.new_due_date < timezone.localdate():
        raise ValidationError(
            _("The proposed date has passed; the department must propose a new one.")
        )
    block = leader_signer_block(signer, organization_current())
    doc_type = document_type("PXL")
    if doc_type.numbered:
        letter.number = document_number_issue(
            doc_type=doc_type,
            subject=APOLOGY_SUBJECT.format(code=letter.case.receipt_code),
            issued_by=signer,
        )
    letter.status = ApologyLetter.Status.SIGNED
    letter.signed_by = signer
    letter.signer_authority = block.authority
    letter.signed_at = timezone.now()
    letter.save()
    case = Case.objects.select_for_update().get(pk=letter.case_id)
    case.due_date = letter.new_due_date
    case.save(update_fields=["due_date", "updated_at"])
    _log(
        case,
        CaseEvent.Action.APOLOGY,
        signer,
        from_status=case.status,
        note=_("Apology letter %(round)s: new appointment date %(date)s")
        % {"round": letter.round, "date": f"{letter.new_due_date:%d/%m/%Y}"},
    )
    content = documents.render_apology_letter(letter)
    file_save_on_commit(letter, "pdf", f"xin-loi-{case.receipt_code}-{letter.round}.pdf", content)
    if case.applicant_email:
        outbox.outbox_put(topic="onestop.apology_letter_email", object_id=letter.pk)
    citizen_notify(event="apology_letter", obj=letter)
    return letter


@transaction.atomic
def apology_letter_deliver(*, letter: ApologyLetter, actor) -> ApologyLetter:
    """The desk has printed the signed letter and handed or sent it to the applicant."""
    letter = ApologyLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != ApologyLetter.Status.SIGNED:
        raise ValidationError(
            _("Only a signed letter that has not been delivered can be delivered.")
        )
    letter.status = ApologyLetter.Status.DELIVERED
    letter.delivered_at = timezone.now()
    letter.save(update_fields=["status", "delivered_at"])
    return letter

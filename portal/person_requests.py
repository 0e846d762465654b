"""A person's requests about his own data, handled by Văn phòng (Luật Bảo vệ dữ liệu cá
nhân số 91/2025/QH15, Nghị định số 356/2025/NĐ-CP; README, "Dữ liệu cá nhân", "Requests
from a person").

A ground module: the person search, the corrections, the anonymisations and the exports
go through the personal-data registry (portal/personal_data.py) only, so every app that
registers a source is searched without this module importing it. Every step is kept
(`PersonRequestStep`) with who and when.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal import personal_data
from portal.calendar import WorkingCalendar
from portal.documents import OfficialDocument, leader_signer_block, render_pdf
from portal.documents.parts import draft_number_suffix
from portal.exports import Sheet
from portal.models import Organization, PersonRequest, PersonRequestStep
from portal.personal_data import Record, mask_id_number, mask_phone
from portal.services import organization_current
from portal.text import search_terms
from portal.validators import normalise_phone, phone_validator

Kind = PersonRequest.Kind
Status = PersonRequest.Status
Action = PersonRequestStep.Action

# Nghị định 356/2025/NĐ-CP: the controller answers a request (says it was received and how
# it will be carried out) within 2 working days of receiving it. Shown on the request page.
ACKNOWLEDGE_WORKING_DAYS = 2

# The time to carry out each kind of request, in working days after the day it was
# received (respond_by). Sources, README "Requests from a person":
# - withdraw consent, restrict, object: 15 days when the ward processes the data itself
#   (20 when a processor or third party has to stop; one extension of at most 15 days):
#   Frasers Law Company, "The Next Chapter in Data Protection: New Decree Guiding the
#   Personal Data Protection Law" (19/01/2026), and CDLAF, "Rights of personal data
#   subjects ... under Decree No. 356/2025/ND-CP";
# - see or receive a copy, correct: 10; delete: 20: a secondary summary only
#   (ThomasMoreAI/legal-skills-open, vn-pdpl, decree-356-implementation.md), consistent
#   with CDLAF's "within 10 to 20 days"; not checked against the decree's text.
# The law firms write "days"; whether the decree means working or calendar days is not
# verified (README). Change the numbers here only.
DEADLINE_WORKING_DAYS: dict[str, int] = {
    Kind.ACCESS: 10,
    Kind.CORRECTION: 10,
    Kind.DELETION: 20,
    Kind.RESTRICTION: 15,
    Kind.CONSENT: 15,
}

# A request due within this many working days shows on the office dashboard.
DUE_SOON_WORKING_DAYS = 2


# --- Deadlines -----------------------------------------------------------------------


def person_request_respond_by(
    *, kind: str, received_on: dt.date, calendar: WorkingCalendar | None = None
) -> dt.date:
    """The day a request of this kind must be carried out by (calendar.py's rule: the day
    of receipt is not counted)."""
    cal = calendar or WorkingCalendar.load()
    return cal.add_working_days(received_on, DEADLINE_WORKING_DAYS[kind])


def person_request_acknowledge_by(
    *, request: PersonRequest, calendar: WorkingCalendar | None = None
) -> dt.date:
    cal = calendar or WorkingCalendar.load()
    return cal.add_working_days(request.received_on, ACKNOWLEDGE_WORKING_DAYS)


def person_request_is_overdue(request: PersonRequest, *, today: dt.date) -> bool:
    return request.status == Status.OPEN and request.respond_by < today


@dataclass(frozen=True)
class AnswerTime:
    calendar_days: int
    working_days: int
    on_time: bool


def person_request_answer_time(
    *, request: PersonRequest, calendar: WorkingCalendar | None = None
) -> AnswerTime | None:
    """How long a closed request took, and whether it was closed by respond_by."""
    if request.closed_on is None:
        return None
    cal = calendar or WorkingCalendar.load()
    return AnswerTime(
        calendar_days=(request.closed_on - request.received_on).days,
        working_days=cal.working_days_between(request.received_on, request.closed_on),
        on_time=request.closed_on <= request.respond_by,
    )


# --- Writes --------------------------------------------------------------------------


def _clean_id_number(value: str) -> str:
    return "".join((value or "").split())


def person_request_step(
    *, request: PersonRequest, action: str, actor=None, detail: str = ""
) -> PersonRequestStep:
    step = PersonRequestStep(request=request, action=action, user=actor, detail=detail)
    step.full_clean(exclude=["request", "user"])
    step.save()
    return step


@transaction.atomic
def person_request_create(
    *,
    kind: str,
    requester_name: str,
    id_number: str = "",
    phone: str = "",
    received_on: dt.date,
    details: str = "",
    actor=None,
    today: dt.date | None = None,
) -> PersonRequest:
    """Record a request received at the office; respond_by from the kind's deadline."""
    today = today or timezone.localdate()
    id_number = _clean_id_number(id_number)
    phone = normalise_phone(phone or "")
    if not id_number and not phone:
        raise ValidationError(_("Enter the person's citizen ID number, phone number or both."))
    if id_number and not (id_number.isascii() and id_number.isdigit() and len(id_number) == 12):
        raise ValidationError({"id_number": _("A citizen ID (CCCD) number has exactly 12 digits.")})
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    if received_on > today:
        raise ValidationError({"received_on": _("The day of receipt cannot be in the future.")})
    if kind not in DEADLINE_WORKING_DAYS:
        raise ValidationError({"kind": _("Choose what the person asks for.")})
    request = PersonRequest(
        kind=kind,
        requester_name=" ".join(requester_name.split()),
        id_number=id_number,
        phone=phone,
        received_on=received_on,
        respond_by=person_request_respond_by(kind=kind, received_on=received_on),
        details=details.strip(),
        created_by=actor,
    )
    request.full_clean(exclude=["created_by"])
    request.save()
    person_request_step(
        request=request,
        action=Action.RECEIVED,
        actor=actor,
        detail=_("Received on %(day)s; to be carried out by %(due)s.")
        % {"day": f"{received_on:%d/%m/%Y}", "due": f"{request.respond_by:%d/%m/%Y}"},
    )
    return request


def _locked_open(request: PersonRequest) -> PersonRequest:
    """The request row, locked for the transaction; ValidationError once it is closed."""
    locked = PersonRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != Status.OPEN:
        raise ValidationError(_("This request is closed; it can no longer be changed."))
    return locked


@transaction.atomic
def person_request_close(
    *,
    request: PersonRequest,
    status: str,
    result: str,
    actor=None,
    today: dt.date | None = None,
) -> PersonRequest:
    """Done or refused, with what was done or why not; a closed request is read-only."""
    request = _locked_open(request)
    if status not in (Status.DONE, Status.REFUSED):
        raise ValidationError({"status": _("Choose done or refused.")})
    result = result.strip()
    if not result:
        raise ValidationError({"result": _("Say what was done for the person, or why not.")})
    request.status = status
    request.result = result
    request.closed_on = today or timezone.localdate()
    request.full_clean(exclude=["created_by"])
    request.save(update_fields=["status", "result", "closed_on"])
    person_request_step(
        request=request,
        action=Action.CLOSED,
        actor=actor,
        detail=f"{capfirst(request.get_status_display())}: {result}",
    )
    return request


# --- The person search ---------------------------------------------------------------


@dataclass
class RecordGroup:
    """The records of one source holding the person's data."""

    key: str
    label: str
    correctable: bool
    records: list[Record] = field(default_factory=list)


def person_search(*, request: PersonRequest) -> list[RecordGroup]:
    """Every registered source asked for the request's CCCD number and phone, grouped
    by source (in the order the apps registered them). Records anonymised earlier no
    longer carry the number or the phone, so they are not found: the steps list them."""
    groups = []
    for source in personal_data.sources():
        records = source.find(id_number=request.id_number, phone=request.phone)
        if records:
            groups.append(
                RecordGroup(
                    key=source.key,
                    label=str(source.label),
                    correctable=bool(source.correctable),
                    records=records,
                )
            )
    return groups


def records_count(groups: list[RecordGroup]) -> int:
    return sum(len(g.records) for g in groups)


def _masked_text(value: str, request: PersonRequest) -> str:
    """A free text (a ballot answer) with the person's CCCD number masked in it."""
    if request.id_number and request.id_number in value:
        return value.replace(request.id_number, mask_id_number(request.id_number))
    return value


def groups_for_staff(groups: list[RecordGroup], request: PersonRequest) -> list[RecordGroup]:
    """What the staff page shows: the sources mask the CCCD in their fields; a free text
    that carries the person's number gets it masked too."""
    return [
        dataclasses.replace(
            g,
            records=[
                dataclasses.replace(
                    r, data=[(label, _masked_text(value, request)) for label, value in r.data]
                )
                for r in g.records
            ],
        )
        for g in groups
    ]


def _day_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


@transaction.atomic
def person_request_searched(
    *,
    request: PersonRequest,
    groups: list[RecordGroup],
    actor=None,
    today: dt.date | None = None,
) -> PersonRequestStep | None:
    """The `searched` step, once a day per request (the page searches on every view):
    None when today's is already there or the request is closed."""
    locked = PersonRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != Status.OPEN:
        return None
    start, end = _day_window(today or timezone.localdate())
    if locked.steps.filter(action=Action.SEARCHED, at__gte=start, at__lt=end).exists():
        return None
    count = records_count(groups)
    detail = _("Records found: %(count)d.") % {"count": count}
    if groups:
        per_source = "; ".join(f"{g.label}: {len(g.records)}" for g in groups)
        detail = f"{detail} {per_source}"
    return person_request_step(request=locked, action=Action.SEARCHED, actor=actor, detail=detail)


class RecordNotFound(Exception):
    """No such source, or the record is not one of this person's."""


def person_record_get(*, request: PersonRequest, source_key: str, pk: int) -> Record:
    """One of the person's records, as the search finds it: a record that does not
    carry the request's CCCD or phone cannot be corrected or anonymised from here."""
    try:
        source = personal_data.source_get(source_key)
    except KeyError as exc:
        raise RecordNotFound(source_key) from exc
    for record in source.find(id_number=request.id_number, phone=request.phone):
        if record.pk == pk:
            return record
    raise RecordNotFound(f"{source_key}:{pk}")


def _shown(name: str, value: str) -> str:
    """A value as a step's detail keeps it: CCCD and phone numbers masked."""
    if not value:
        return "—"
    if "id_number" in name:
        return mask_id_number(value)
    if "phone" in name:
        return mask_phone(value)
    return value


def _record_line(record: Record) -> str:
    line = f"{record.label} · {record.title}"
    return line if len(line) <= 200 else line[:199] + "…"


def person_record_correction_fields(*, source_key: str, pk: int) -> list[tuple]:
    """What the correction form asks: [(field name, label, model field, current value)]
    for each of the source's correctable fields, the values read through `source.get`."""
    source = personal_data.source_get(source_key)
    instance = source.get(pk)
    return [
        (name, str(label), instance._meta.get_field(name), getattr(instance, name))
        for name, label in source.correctable
    ]


@transaction.atomic
def person_record_correct(
    *,
    request: PersonRequest,
    source_key: str,
    pk: int,
    changes: dict[str, str],
    actor=None,
) -> dict[str, tuple[str, str]]:
    """Write the person's corrections to one record through its source; the model's
    checks raise ValidationError keyed by field and nothing is saved."""
    request = _locked_open(request)
    record = person_record_get(request=request, source_key=source_key, pk=pk)
    source = personal_data.source_get(source_key)
    changed = source.correct(pk, changes)
    if changed:
        labels = {name: str(label) for name, label in source.correctable}
        what = "; ".join(
            f"{labels.get(name, name)}: {_shown(name, old)} → {_shown(name, new)}"
            for name, (old, new) in changed.items()
        )
        person_request_step(
            request=request,
            action=Action.CORRECTED,
            actor=actor,
            detail=f"{_record_line(record)}: {what}",
        )
    return changed


@dataclass(frozen=True)
class AnonymiseOutcome:
    done: bool
    kept_reason: str = ""  # why a retention period keeps it
    already: bool = False  # nothing left to anonymise


@transaction.atomic
def person_record_anonymise(
    *,
    request: PersonRequest,
    source_key: str,
    pk: int,
    actor=None,
    now: dt.datetime | None = None,
) -> AnonymiseOutcome:
    """Anonymise one record; when a retention period keeps it, the refusal and its
    reason are a `kept` step."""
    request = _locked_open(request)
    record = person_record_get(request=request, source_key=source_key, pk=pk)
    return _anonymise(request=request, record=record, actor=actor, now=now or timezone.now())


def _anonymise(
    *, request: PersonRequest, record: Record, actor, now: dt.datetime
) -> AnonymiseOutcome:
    source = personal_data.source_get(record.source)
    if source.anonymise(record.pk, now=now):
        person_request_step(
            request=request, action=Action.ANONYMISED, actor=actor, detail=_record_line(record)
        )
        return AnonymiseOutcome(done=True)
    if not record.keep_reason:
        return AnonymiseOutcome(done=False, already=True)
    person_request_step(
        request=request,
        action=Action.KEPT,
        actor=actor,
        detail=f"{_record_line(record)}: {record.keep_reason}",
    )
    return AnonymiseOutcome(done=False, kept_reason=record.keep_reason)


@transaction.atomic
def person_records_anonymise_all(
    *, request: PersonRequest, actor=None, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Anonymise every record of the person that no retention period keeps; the kept
    ones get their `kept` step. Returns (anonymised, kept)."""
    request = _locked_open(request)
    now = now or timezone.now()
    done = kept = 0
    for group in person_search(request=request):
        for record in group.records:
            if record.anonymised:
                continue
            outcome = _anonymise(request=request, record=record, actor=actor, now=now)
            if outcome.done:
                done += 1
            elif record.keep_reason:
                kept += 1
    return done, kept


# --- Exports for the person ------------------------------------------------------------


def _selected(groups: list[RecordGroup], selected: set[tuple[str, int]] | None):
    if selected is None:
        return groups
    out = []
    for g in groups:
        records = [r for r in g.records if (r.source, r.pk) in selected]
        if records:
            out.append(dataclasses.replace(g, records=records))
    return out


def _own_id_number_shown(groups: list[RecordGroup], request: PersonRequest) -> None:
    """The export gives the person his own data: a CCCD field holding the very number he
    showed at the office is printed in full. Any other number (a dossier found by a
    family's shared phone) stays masked: it may be someone else's."""
    own = request.id_number
    if not own:
        return
    masked = mask_id_number(own)
    for g in groups:
        source = personal_data.source_get(g.key)
        id_fields = [name for name, _label in source.correctable if "id_number" in name]
        for record in g.records:
            if not any(value == masked for _label, value in record.data):
                continue
            instance = source.get(record.pk)
            if any(getattr(instance, name, "") == own for name in id_fields):
                record.data = [
                    (label, own if value == masked else value) for label, value in record.data
                ]


def person_export_groups(
    *, request: PersonRequest, selected: set[tuple[str, int]] | None = None
) -> list[RecordGroup]:
    """The records for the person's copy, found in Vietnamese (the printed language),
    limited to those the officer ticked (None: all)."""
    with translation.override(settings.LANGUAGE_CODE):
        groups = _selected(person_search(request=request), selected)
        _own_id_number_shown(groups, request)
    return groups


def _record_state(record: Record) -> str:
    if record.anonymised:
        return LETTER_WORDING["state_anonymised"]
    if record.keep_reason:
        return LETTER_WORDING["state_kept"].format(reason=record.keep_reason)
    return LETTER_WORDING["state_free"]


def _search_keys(request: PersonRequest) -> str:
    keys = []
    if request.id_number:
        keys.append(LETTER_WORDING["key_id"].format(value=request.id_number))
    if request.phone:
        keys.append(LETTER_WORDING["key_phone"].format(value=request.phone))
    return LETTER_WORDING["and"].join(keys)


# The letter's words (printed text, in Vietnamese, as the other official documents keep
# theirs; README lists the layout's source, Nghị định 30/2020/NĐ-CP, Phụ lục I).
LETTER_WORDING = {
    "subject": "V/v cung cấp thông tin dữ liệu cá nhân",
    "to": "Kính gửi",
    "citizen": "Ông/Bà {name}",
    "received": "Ngày {date}, {agency} nhận được yêu cầu của Ông/Bà về việc {kind} ({keys}).",
    "basis": (
        "Căn cứ Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP "
        "của Chính phủ, {agency} cung cấp cho Ông/Bà thông tin về dữ liệu cá nhân của "
        "Ông/Bà mà {agency} đang lưu giữ, tra cứu ngày {date}, như sau:"
    ),
    "none": (
        "Qua tra cứu ngày {date}, {agency} không lưu giữ dữ liệu cá nhân nào của Ông/Bà "
        "gắn với {keys}."
    ),
    "head": ["STT", "Loại hồ sơ", "Ngày", "Hồ sơ, văn bản", "Dữ liệu cá nhân", "Tình trạng"],
    "state_anonymised": "Đã ẩn danh",
    "state_kept": "Được lưu giữ: {reason}",
    "state_free": "Có thể xóa (ẩn danh) theo yêu cầu của Ông/Bà",
    "key_id": "số CCCD {value}",
    "key_phone": "số điện thoại {value}",
    "and": " và ",
    "rights": (
        "Trường hợp thông tin chưa chính xác, Ông/Bà có quyền đề nghị chỉnh sửa; Ông/Bà "
        "cũng có quyền đề nghị xóa, hạn chế xử lý hoặc phản đối xử lý dữ liệu cá nhân của "
        "mình theo quy định của pháp luật."
    ),
    "contact": "Mọi thắc mắc, đề nghị Ông/Bà liên hệ Văn phòng {agency}{phone}.",
    "contact_phone": ", số điện thoại {phone}",
    "closing": "{agency} thông tin để Ông/Bà được biết./.",
    "recipients": ["Như trên", "Lưu: VT, VP."],
}


def render_person_data_letter(
    *, request: PersonRequest, groups: list[RecordGroup], today: dt.date | None = None
) -> bytes:
    """Công văn from the ward to the person listing each record and its data (Nghị định
    30/2020 layout). Its number is left for the registry (the document registry page
    issues one for a document prepared outside the portal); the signer signs on paper."""
    today = today or timezone.localdate()
    org: Organization = organization_current()
    agency = org.name
    doc = OfficialDocument.for_organization(
        org,
        doc_title="",
        letter_subject=LETTER_WORDING["subject"],
        number_suffix=draft_number_suffix("CV", org, "{number}/{abbreviation}-VP"),
        date=today,
        year=today.year,
        signer=leader_signer_block(None, org),
        recipients=list(LETTER_WORDING["recipients"]),
    )
    with translation.override(settings.LANGUAGE_CODE):
        kind = request.get_kind_display()
    keys = _search_keys(request)
    rows = []
    for g in groups:
        for record in g.records:
            rows.append(
                {
                    "label": record.label,
                    "on": f"{record.on:%d/%m/%Y}" if record.on else "",
                    "title": record.title,
                    "data": [(label, value) for label, value in record.data if value],
                    "state": _record_state(record),
                }
            )
    phone = LETTER_WORDING["contact_phone"].format(phone=org.phone) if org.phone else ""
    words = {
        "received": LETTER_WORDING["received"].format(
            date=f"{request.received_on:%d/%m/%Y}", agency=agency, kind=kind, keys=keys
        ),
        "basis": LETTER_WORDING["basis"].format(agency=agency, date=f"{today:%d/%m/%Y}"),
        "none": LETTER_WORDING["none"].format(agency=agency, date=f"{today:%d/%m/%Y}", keys=keys),
        "contact": LETTER_WORDING["contact"].format(agency=agency, phone=phone),
        "closing": LETTER_WORDING["closing"].format(agency=agency),
    }
    return render_pdf(
        "portal/person_request_letter.html",
        {
            "doc": doc,
            "w": LETTER_WORDING,
            "words": words,
            "addressee": LETTER_WORDING["citizen"].format(name=request.requester_name),
            "rows": rows,
        },
    )


def person_data_sheets(
    *, request: PersonRequest, groups: list[RecordGroup], today: dt.date | None = None
) -> list[Sheet]:
    """The same records as a spreadsheet: one row per item of data."""
    today = today or timezone.localdate()
    org = organization_current()
    with translation.override(settings.LANGUAGE_CODE):
        header = [
            _("No."),
            _("Kind of record"),
            _("Date"),
            _("Dossier or document"),
            _("Data"),
            _("Value"),
            _("State"),
        ]
        preamble = [
            org.agency_name,
            _("Personal data held about %(name)s") % {"name": request.requester_name},
            _("Searched by %(keys)s") % {"keys": _search_keys(request)},
            _("Exported on %(day)s") % {"day": f"{today:%d/%m/%Y}"},
        ]
        title = _("Personal data")
    rows = []
    n = 0
    for g in groups:
        for record in g.records:
            n += 1
            state = _record_state(record)
            items = [(label, value) for label, value in record.data if value] or [("", "")]
            for label, value in items:
                rows.append([n, record.label, record.on, record.title, label, value, state])
    return [
        Sheet(
            title=title,
            header=header,
            rows=rows,
            widths=(6, 24, 12, 48, 20, 36, 40),
            preamble=preamble,
        )
    ]


def person_request_exported(
    *, request: PersonRequest, groups: list[RecordGroup], what: str, actor=None
) -> PersonRequestStep:
    """The `exported` step: which file, how many records went to the person."""
    return person_request_step(
        request=request,
        action=Action.EXPORTED,
        actor=actor,
        detail=_("%(what)s for the person, %(count)d records.")
        % {"what": what, "count": records_count(groups)},
    )


# --- Reads -----------------------------------------------------------------------------


def person_requests_filtered(
    *, q: str = "", status: str = "", kind: str = ""
) -> QuerySet[PersonRequest]:
    """The list: newest received first; q matches the name, the CCCD or the phone."""
    qs = PersonRequest.objects.order_by("-received_on", "-pk")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    q = " ".join(q.split())
    if q:
        match = Q(requester_name__fold__contains=search_terms(q))
        digits = normalise_phone(q).lstrip("+")
        if len(digits) >= 3 and digits == "".join(q.split()).lstrip("+"):
            match |= Q(id_number__contains=digits) | Q(phone__contains=digits)
        qs = qs.filter(match)
    return qs


def person_request_steps(request: PersonRequest) -> QuerySet[PersonRequestStep]:
    return request.steps.select_related("user").order_by("at", "pk")


def person_requests_due(
    today: dt.date, *, calendar: WorkingCalendar | None = None
) -> QuerySet[PersonRequest]:
    """For the office dashboard: open requests due within DUE_SOON_WORKING_DAYS working
    days, or overdue; the most urgent first (reads the (status, respond_by) index)."""
    cal = calendar or WorkingCalendar.load()
    limit = cal.add_working_days(today, DUE_SOON_WORKING_DAYS)
    return PersonRequest.objects.filter(status=Status.OPEN, respond_by__lte=limit).order_by(
        "respond_by", "pk"
    )

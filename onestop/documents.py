"""The one-stop desk's printed forms (Thông tư số 03/2025/TT-VPCP, Phụ lục I), all through
the one official renderer.

Form titles and their citation lines are DocumentType rows (GTN 01, PBS 02, PTC 03,
PXL 04, TDG 05, PKS 06, STD 07; starting values in portal/document_types.py), editable
in admin because the forms change with the law. The words of each form are the
constants below (document text, in Vietnamese, not UI); README lists each form's source.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from onestop.models import ApologyLetter, Case, CaseEvent, timeliness_of
from portal import roles
from portal.calendar import WorkingCalendar
from portal.document_types import document_type
from portal.documents import OfficialDocument, SignerBlock, leader_signer_block, render_pdf
from portal.privacy import privacy_notice
from portal.services import organization_current

# The desk's own line in the header of forms 01, 02, 03 and 06.
DESK_NAME = "BỘ PHẬN MỘT CỬA"

WORDS = {
    "code": "Mã hồ sơ",
    "desk": "Bộ phận Một cửa {agency}",
    "of": "Tiếp nhận hồ sơ của",
    "dossier_of": "Hồ sơ của",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "email": "Email",
    "request": "Nội dung yêu cầu giải quyết",
    "papers": "1. Thành phần hồ sơ, yêu cầu và số lượng mỗi loại giấy tờ gồm:",
    "papers_head": ["STT", "Tên giấy tờ", "Loại giấy tờ", "Số lượng"],
    "off_list": "(ngoài danh mục)",
    "no_papers": "Không có giấy tờ.",
    "papers_note": "Ghi chú về thành phần hồ sơ",
    "sets": "2. Số lượng hồ sơ: {n} (bộ)",
    "time": "3. Thời gian giải quyết hồ sơ theo quy định là: {days}",
    "same_day": "trong ngày",
    "days": "{n} ngày làm việc",
    "received": "4. Thời gian nhận hồ sơ: {moment}",
    "due": "5. Thời gian trả kết quả giải quyết hồ sơ: {moment}",
    "delivery": "6. Đăng ký nhận kết quả tại: {place}",
    "fee": "7. Phí, lệ phí: {fee}",
    "book": "Vào Sổ theo dõi hồ sơ, Quyển số: {volume}, Số thứ tự: {number}",
    "lookup": "Tra cứu tình trạng hồ sơ tại: {url} (nhập mã hồ sơ và 4 số cuối số điện thoại)",
    "lookup_qr": "Quét mã QR để tra cứu",
    "applicant_sign": "NGƯỜI NỘP HỒ SƠ",
    "receiver_sign": "NGƯỜI TIẾP NHẬN HỒ SƠ",
    "guide_sign": "NGƯỜI HƯỚNG DẪN",
    "sign_hint": "(Ký và ghi rõ họ tên)",
    "notes": "Ghi chú:",
    "receipt_notes": [
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; một liên chuyển "
        "kèm theo Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận Một "
        "cửa; một liên giao cho cá nhân, tổ chức nộp hồ sơ;",
        "Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Bộ phận Một cửa, tại nhà (trụ sở "
        "tổ chức) qua dịch vụ bưu chính công ích hoặc trực tuyến.",
    ],
    # Form 02
    "supplement_intro": "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
    "reason": "Lý do",
    "supplement_round": (
        "Đây là lần yêu cầu bổ sung thứ {n} đối với hồ sơ này. Thời gian bổ sung, hoàn "
        "thiện hồ sơ không tính vào thời hạn giải quyết."
    ),
    "supplement_contact": (
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với {name}, "
        "số điện thoại {phone} để được hướng dẫn./."
    ),
    # Form 03
    "refusal_intro": (
        "Qua xem xét, {agency} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do "
        "cụ thể như sau:"
    ),
    "refusal_end": "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
    # Forms 04 and 05
    "to": "Kính gửi",
    "citizen": "Ông/Bà {name}",
    "received_on": (
        "Ngày {date}, {agency} tiếp nhận giải quyết hồ sơ của Ông/Bà; Mã hồ sơ: {code}; "
        "Nội dung yêu cầu giải quyết: {procedure}."
    ),
    "apology_due": (
        "Thời hạn trả kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả là ngày {date}."
    ),
    "apology_late": (
        "Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời "
        "hạn đã hẹn."
    ),
    "responsible": "Bộ phận chịu trách nhiệm: {department}{officer}.",
    "responsible_officer": ", công chức {name}",
    "apology": (
        "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. {agency} "
        "xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ thêm "
        "{days} ngày làm việc; thời gian trả kết quả hẹn lại vào ngày {date}."
    ),
    "apology_end": (
        "Một lần nữa, {agency} xin lỗi Ông/Bà vì sự chậm trễ này và rất mong được Ông/Bà "
        "thông cảm./."
    ),
    "stop": "{agency} thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày {date}.",
    "withdraw": (
        "Theo đề nghị rút hồ sơ của Ông/Bà, {agency} thông báo dừng giải quyết hồ sơ nêu "
        "trên kể từ ngày {date}."
    ),
    "stop_papers": (
        "Ông/Bà liên hệ Bộ phận Một cửa để nhận lại hồ sơ đã nộp (nếu có). Xin thông báo "
        "để Ông/Bà được biết./."
    ),
    "letter_recipients": ["Như trên", "Bộ phận Một cửa", "Lưu: VT."],
    # Form 06
    "enclosed": "Kèm theo hồ sơ của: {name}",
    "control_received": "Thời gian nhận hồ sơ: {moment}",
    "control_due": "Thời gian trả kết quả giải quyết hồ sơ: {moment}",
    "resolving": "Cơ quan (bộ phận) giải quyết hồ sơ: {department}",
    "cooperating": "Cơ quan phối hợp giải quyết hồ sơ: {units}",
    "control_head": [
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
        "GHI CHÚ",
    ],
    "give": "{n}. Giao: {unit}",
    "take": "{n}. Nhận: {unit}",
    "giver": "Người giao",
    "taker": "Người nhận",
    "timeliness": {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"},
    "other_steps": "Các bước khác:",
    "control_notes": [
        "Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ "
        "và việc ký nhận thể hiện trong hóa đơn của cơ quan bưu chính;",
        "Kết quả giải quyết hồ sơ do bên nhận ghi khi nhận bàn giao hồ sơ.",
    ],
    "applicant": "Người nộp hồ sơ ({name})",
}

# How the result is collected, as the forms and the book write it.
DELIVERY_WORDS = {
    Case.Delivery.DESK: "Bộ phận Một cửa",
    Case.Delivery.POST: "Qua dịch vụ bưu chính công ích",
    Case.Delivery.ONLINE: "Trực tuyến",
    Case.Delivery.HOME: "Tại nhà",
}
KIND_WORDS = {"original": "Bản chính", "certified": "Bản sao chứng thực", "copy": "Bản sao"}


def _vi_date(day: dt.date) -> str:
    """'05 tháng 02 năm 2026', '15 tháng 9 năm 2026': a leading zero on days below 10
    and on months 1 and 2 (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d} tháng {month} năm {day.year}"


def vi_moment(moment: dt.datetime) -> str:
    """'08 giờ 30 phút, ngày 05 tháng 02 năm 2026'."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {_vi_date(moment)}"


def result_time() -> dt.time:
    """The hour printed for the return of results (settings.PORTAL_RESULT_TIME)."""
    hours, minutes = (int(x) for x in settings.PORTAL_RESULT_TIME.split(":"))
    return dt.time(hours, minutes)


def due_moment(case: Case) -> dt.datetime:
    return dt.datetime.combine(case.due_date, result_time())


def delivery_text(case: Case) -> str:
    words = DELIVERY_WORDS.get(case.delivery, "")
    place = case.delivery_place
    return f"{words}: {place}" if place else words


def processing_time_text(days: int) -> str:
    """'05 ngày làm việc'; a same-day procedure is 'trong ngày', never '0 ngày'."""
    if days == 0:
        return WORDS["same_day"]
    return WORDS["days"].format(n=f"{days:02d}")


def _desk_document(code: str, case: Case, **kwargs) -> OfficialDocument:
    """A desk form: the ward's name over the desk's, no registry number (the dossier's
    code prints under the title)."""
    org = organization_current()
    doc_type = document_type(code)
    kwargs.setdefault("date", timezone.localdate())
    return OfficialDocument.for_organization(
        org,
        parent_agency=org.agency_name,
        agency=DESK_NAME,
        doc_title=doc_type.title,
        legal_citation=doc_type.legal_citation,
        show_number=False,
        **kwargs,
    )


def _applicant(case: Case) -> dict:
    return {
        "address": case.applicant_address,
        "phone": case.applicant_phone,
        "email": case.applicant_email,
    }


def qr_data_uri(text: str) -> str:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_receipt_slip(case: Case, *, lookup_url: str = "") -> bytes:
    """Form 01. `lookup_url`: the public look-up with the code filled in; the QR code
    holds only that address (no personal data). The personal data notice prints under
    the notes (portal/privacy.py); the form has no CCCD line, and none is added."""
    received = timezone.localtime(case.received_at)
    doc = _desk_document("GTN", case, date=received.date())
    with translation.override("vi"):  # printed in Vietnamese, like the form
        privacy = privacy_notice(organization_current())
    words = {
        "desk": WORDS["desk"].format(agency=doc.agency_short),
        "sets": WORDS["sets"].format(n=f"{case.sets_count:02d}"),
        "time": WORDS["time"].format(days=processing_time_text(case.processing_days)),
        "received": WORDS["received"].format(moment=vi_moment(received)),
        "due": WORDS["due"].format(moment=vi_moment(due_moment(case))),
        "delivery": WORDS["delivery"].format(place=delivery_text(case)),
        "fee": WORDS["fee"].format(fee=case.procedure.fee) if case.procedure.fee else "",
        "book": WORDS["book"].format(volume=case.book_year or "", number=case.book_number or ""),
        "lookup": WORDS["lookup"].format(url=lookup_url) if lookup_url else "",
    }
    papers = [
        {
            "name": p.name,
            "kind": KIND_WORDS.get(p.kind, p.kind),
            "count": f"{p.count:02d}",
            "off_list": not p.on_list,
        }
        for p in case.papers.all()
    ]
    return render_pdf(
        "documents/onestop/receipt.html",
        {
            "doc": doc,
            "case": case,
            "papers": papers,
            "w": WORDS,
            "words": words,
            "applicant": _applicant(case),
            "qr": qr_data_uri(lookup_url) if lookup_url else "",
            "privacy": privacy,
        },
    )


def render_supplement_request(case: Case, event: CaseEvent) -> bytes:
    """Form 02, for the given supplement request."""
    org = organization_current()
    doc = _desk_document("PBS", case, date=timezone.localtime(event.at).date())
    guide = event.actor
    round_no = (
        case.events.filter(
            action=CaseEvent.Action.SUPPLEMENT_REQUEST, at__lte=event.at, pk__lte=event.pk
        ).count()
        or 1
    )
    words = {
        "desk": WORDS["desk"].format(agency=doc.agency_short),
        "round": WORDS["supplement_round"].format(n=f"{round_no:02d}"),
        "contact": WORDS["supplement_contact"].format(
            name=guide.display_name if guide else "Bộ phận Một cửa",
            phone=(guide.phone if guide and guide.phone else org.phone) or "",
        ),
    }
    return render_pdf(
        "documents/onestop/supplement.html",
        {
            "doc": doc,
            "case": case,
            "event": event,
            "items": [line.strip() for line in event.note.splitlines() if line.strip()],
            "reason": [line.strip() for line in event.reason.splitlines() if line.strip()],
            "w": WORDS,
            "words": words,
            "applicant": _applicant(case),
            "guide": guide.display_name if guide else "",
        },
    )


def render_refusal(case: Case) -> bytes:
    """Form 03."""
    doc = _desk_document("PTC", case, date=case.decided_on)
    words = {
        "desk": WORDS["desk"].format(agency=doc.agency_short),
        "intro": WORDS["refusal_intro"].format(agency=doc.agency_short),
    }
    return render_pdf(
        "documents/onestop/refusal.html",
        {
            "doc": doc,
            "case": case,
            "w": WORDS,
            "words": words,
            "applicant": _applicant(case),
            "reasons": [x.strip() for x in case.refusal_reason.splitlines() if x.strip()],
            "receiver": case.received_by.display_name if case.received_by else "",
        },
    )


def _letter_words(case: Case, agency: str) -> dict:
    return {
        "citizen": WORDS["citizen"].format(name=case.applicant_name),
        "received_on": WORDS["received_on"].format(
            date=f"{timezone.localtime(case.received_at):%d/%m/%Y}",
            agency=agency,
            code=case.receipt_code,
            procedure=case.procedure.name,
        ),
    }


def render_apology_letter(letter: ApologyLetter) -> bytes:
    """Form 04: numbered (PXL) when signed; a draft prints the blanks and DỰ THẢO."""
    case = letter.case
    org = organization_current()
    signer: SignerBlock | None = (
        leader_signer_block(letter.signed_by, org) if letter.signed_by else None
    )
    doc_type = document_type("PXL")
    signed_on = timezone.localtime(letter.signed_at).date() if letter.signed_at else None
    doc = OfficialDocument.for_organization(
        org,
        doc_title=doc_type.title,
        legal_citation=doc_type.legal_citation,
        number=letter.number.symbol if letter.number_id else "",
        number_suffix=f"/PXL-{org.abbreviation}",
        date=signed_on,
        year=timezone.localdate().year,
        signer=signer or leader_signer_block(None, org),
        recipients=list(WORDS["letter_recipients"]),
        draft=letter.status == ApologyLetter.Status.DRAFT,
    )
    agency = doc.agency_short
    extra = ""
    if letter.new_due_date:
        extra = WorkingCalendar.load().working_days_between(
            letter.missed_due_date, letter.new_due_date
        )
    officer = (
        WORDS["responsible_officer"].format(name=letter.officer.display_name)
        if letter.officer
        else ""
    )
    words = {
        **_letter_words(case, agency),
        "due": WORDS["apology_due"].format(date=f"{letter.missed_due_date:%d/%m/%Y}"),
        "late": WORDS["apology_late"].format(agency=agency),
        "responsible": WORDS["responsible"].format(
            department=letter.department.name, officer=officer
        ),
        "apology": WORDS["apology"].format(
            agency=agency,
            days=f"{extra:02d}" if extra != "" else "....",
            date=_vi_date(letter.new_due_date) if letter.new_due_date else "..../..../....",
        ),
        "end": WORDS["apology_end"].format(agency=agency),
    }
    return render_pdf(
        "documents/onestop/apology.html",
        {
            "doc": doc,
            "case": case,
            "letter": letter,
            "w": WORDS,
            "words": words,
            "reasons": [x.strip() for x in letter.reason.splitlines() if x.strip()],
        },
    )


def render_stop_notice(case: Case) -> bytes:
    """Form 05, for a stopped or withdrawn dossier."""
    org = organization_current()
    doc_type = document_type("TDG")
    event = case.events.filter(action__in=[CaseEvent.Action.STOP, CaseEvent.Action.WITHDRAW])
    event = event.select_related("actor").order_by("-at", "-pk").first()
    actor = event.actor if event else None
    leader = actor if actor is not None and roles.has_role(actor, roles.LEADER) else None
    doc = OfficialDocument.for_organization(
        org,
        doc_title=doc_type.title,
        legal_citation=doc_type.legal_citation,
        show_number=False,
        date=case.closed_on,
        signer=leader_signer_block(leader, org),
        recipients=list(WORDS["letter_recipients"]),
    )
    agency = doc.agency_short
    key = "withdraw" if case.status == Case.Status.WITHDRAWN else "stop"
    words = {
        **_letter_words(case, agency),
        "stop": WORDS[key].format(agency=agency, date=f"{case.closed_on:%d/%m/%Y}"),
    }
    return render_pdf(
        "documents/onestop/stop_notice.html",
        {
            "doc": doc,
            "case": case,
            "w": WORDS,
            "words": words,
            "applicant": _applicant(case),
            "reasons": [x.strip() for x in case.close_reason.splitlines() if x.strip()],
        },
    )


@dataclass
class Handover:
    """One row of the control sheet: who handed the dossier to whom, when, and how the
    step stood against the due date."""

    n: int
    giver_unit: str
    taker_unit: str
    moment: str
    give: str
    take: str
    giver: str
    taker: str
    result: str
    note: str


# Steps that hand the dossier (or its result) from one party to another.
HANDOVERS = {
    CaseEvent.Action.RECEIVE,
    CaseEvent.Action.TRANSFER,
    CaseEvent.Action.APPROVE,
    CaseEvent.Action.REFUSE,
    CaseEvent.Action.RETURN,
}


def control_sheet_rows(case: Case, events: list[CaseEvent]) -> tuple[list[Handover], list[str]]:
    """The handovers of the control sheet, and the other steps as notes."""
    applicant = WORDS["applicant"].format(name=case.applicant_name)
    desk = "Bộ phận Một cửa"
    rows, others = [], []
    for event in events:
        at = timezone.localtime(event.at)
        if event.action not in HANDOVERS:
            others.append(f"{at:%d/%m/%Y}: {event.get_action_display()}. {event.note}".strip())
            continue
        giver_unit, taker_unit = event.from_unit, event.to_unit
        giver = event.actor.display_name if event.actor else ""
        taker = ""
        if event.action == CaseEvent.Action.RECEIVE:
            giver_unit, taker_unit = applicant, desk
            giver, taker = case.applicant_name, giver
        elif event.action == CaseEvent.Action.TRANSFER:
            giver_unit, taker_unit = desk, event.to_unit or case.department.name
            taker = case.officer.display_name if case.officer else ""
        elif event.action in (CaseEvent.Action.APPROVE, CaseEvent.Action.REFUSE):
            giver_unit, taker_unit = event.from_unit or case.department.name, desk
        elif event.action == CaseEvent.Action.RETURN:
            giver_unit, taker_unit = desk, applicant
            taker = case.applicant_name
        result = ""
        if event.action != CaseEvent.Action.RECEIVE:
            result = WORDS["timeliness"][timeliness_of(at.date(), case.legal_due_date)]
        rows.append(
            Handover(
                n=len(rows) + 1,
                giver_unit=giver_unit,
                taker_unit=taker_unit,
                moment=vi_moment(at),
                give=WORDS["give"].format(n=1, unit=giver_unit),
                take=WORDS["take"].format(n=2, unit=taker_unit),
                giver=giver,
                taker=taker,
                result=result,
                note=event.note if event.action != CaseEvent.Action.RECEIVE else "",
            )
        )
    return rows, others


def render_control_sheet(case: Case) -> bytes:
    """Form 06: the table of handovers."""
    doc = _desk_document("PKS", case, date=timezone.localtime(case.received_at).date())
    events = list(case.events.select_related("actor"))
    rows, others = control_sheet_rows(case, events)
    received = timezone.localtime(case.received_at)
    words = {
        "enclosed": WORDS["enclosed"].format(name=case.applicant_name),
        "received": WORDS["control_received"].format(moment=vi_moment(received)),
        "due": WORDS["control_due"].format(moment=vi_moment(due_moment(case))),
        "resolving": WORDS["resolving"].format(department=case.department.name),
        "cooperating": WORDS["cooperating"].format(units="Không"),
    }
    return render_pdf(
        "documents/onestop/control_sheet.html",
        {"doc": doc, "case": case, "rows": rows, "others": others, "w": WORDS, "words": words},
    )

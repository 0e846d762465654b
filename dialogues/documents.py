"""The dialogue app's printed documents, all through the one official renderer.

- `render_plan(plan)`: the Kế hoạch, section by section as the ward prints it (seed 000).
- `render_invitations(session)`: one Giấy mời per invited delegate, in one PDF.
- `render_attendance_sheet(session)`: the list of delegates to sign on arrival.
- `render_minutes(session)`: the Biên bản of a session, with the opinions raised there.
- `render_answer_letter(opinion)`: the công văn answering an opinion in writing.

The module-level constants below are the fixed wording of these official forms (section
headings, labels, set phrases), like the national motto in documents/base.html: they are
part of the legal document structure, printed in Vietnamese whatever the interface
language. Everything else comes from the records and is auto-escaped by the templates.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dialogues.models import (
    Attendee,
    DialoguePlan,
    DialogueSession,
    Opinion,
    ParticipantCategory,
)
from plans.models import SignerAuthority
from portal.documents import OfficialDocument, leader_signer_block, render_pdf
from portal.documents.parts import (
    ROMAN,
    document_title,
    draft_number_suffix,
    numbered_headings,
    paragraphs,
    strip_bullet,
    text_lines,
)
from portal.services import organization_current

# --- Fixed wording of the official forms (Vietnamese by law, not interface text) ---------

PLAN_TITLE = "KẾ HOẠCH"

# Kế hoạch: the section headings of the ward's plan (seed 000). Sections are numbered as
# printed; a section the plan leaves empty is left out and the next ones move up.
PLAN_HEADINGS = {
    "aims": "MỤC ĐÍCH, YÊU CẦU",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "content": "NỘI DUNG, THÀNH PHẦN, THỜI GIAN ĐỐI THOẠI",
    "topics": "Nội dung đối thoại",
    "participants": "Thành phần",
    "programme": "Chương trình hội nghị",
    "time_and_place": "Thời gian và địa điểm",
    "format": "Hình thức",
    "implementation": "TỔ CHỨC THỰC HIỆN",
}

# Kế hoạch: set phrases inside the sections.
PLAN_WORDING = {
    "note": "Ghi chú",
    "venue": "Địa điểm",
}

# Signer positions (Nghị định 30/2020, Phụ lục I).

INVITATION_TITLE = "GIẤY MỜI"

# Giấy mời.
INVITATION_WORDING = {
    "to": "Kính gửi",
    "honorific": "Ông/Bà",
    "invite": "{agency} trân trọng kính mời Ông/Bà tới dự:",
    "time": "Thời gian",
    "venue": "Địa điểm",
    "on_time": "Rất mong Ông/Bà thu xếp thời gian đến dự đúng giờ./.",
    "recipients": ["Như trên", "Lưu: VT."],
}

ATTENDANCE_TITLE = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"

# Danh sách đại biểu.
ATTENDANCE_WORDING = {
    "time": "Thời gian",
    "venue": "Địa điểm",
    "no": "STT",
    "name": "Họ và tên",
    "position": "Chức vụ, đơn vị",
    "signature": "Ký tên",
    "empty": "Chưa có đại biểu trong danh sách.",
}

# Delegate groups as the forms name them, in the order they are printed.
CATEGORY_LABELS = {
    ParticipantCategory.UPPER: "Đại biểu cấp trên",
    ParticipantCategory.WARD: "Đại biểu {unit}",
    ParticipantCategory.NEIGHBOURHOOD: "Đại biểu Tổ dân phố",
    ParticipantCategory.CITIZENS: "Đại biểu là nhân dân, doanh nghiệp",
}

MINUTES_TITLE = "BIÊN BẢN"

# Biên bản hội nghị.
MINUTES_HEADINGS = {
    "attendance": "THÀNH PHẦN THAM DỰ",
    "proceedings": "NỘI DUNG HỘI NGHỊ",
    "opinions": "Ý KIẾN, KIẾN NGHỊ CỦA TỔ CHỨC, CÔNG DÂN",
    "conclusion": "KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ",
}
MINUTES_WORDING = {
    "opening": "Hôm nay, vào hồi {hour} giờ {minute} phút, ngày {date}, tại {venue}, {agency} tổ chức {title}.",
    "chair": "Chủ trì hội nghị",
    "secretary": "Thư ký hội nghị",
    "delegates": "Đại biểu tham dự:",
    "per_category": "{label}: có mặt {attended}/{invited} đại biểu được mời",
    "total": "Tổng số đại biểu được mời: {invited}; có mặt: {attended}.",
    "spot_answer": "Trả lời tại hội nghị:",
    "written_answer": "Hội nghị tiếp thu; {committee} sẽ trả lời bằng văn bản.",
    "written_answer_by": "Hội nghị tiếp thu; giao bộ phận {department} tham mưu trả lời bằng văn bản.",
    "routed": (
        "Các nội dung khiếu nại, tố cáo sau không thuộc phạm vi hội nghị đối thoại, "
        "chuyển bộ phận tiếp công dân xử lý theo quy định:"
    ),
    "routed_mark": "chuyển bộ phận tiếp công dân",
    "citizen": "Ông/Bà {name}",
    "anonymous": "Ý kiến",
    "ended": "Hội nghị kết thúc vào hồi {hour} giờ {minute} phút cùng ngày./.",
    "secretary_sign": "THƯ KÝ",
    "chair_sign": "CHỦ TRÌ",
    "sign_hint": "(Ký, ghi rõ họ tên)",
}

# Công văn trả lời ý kiến, kiến nghị.
ANSWER_WORDING = {
    "subject": "V/v trả lời ý kiến, kiến nghị",
    "to": "Kính gửi",
    "citizen": "Ông/Bà {name}",
    "received": "Ngày {date}, {agency} nhận được ý kiến, kiến nghị của {who}{address}{source}, với nội dung:",
    "address": " (địa chỉ: {address})",
    "answer_intro": "Về nội dung này, {agency} trả lời như sau:",
    "closing": "{committee} trả lời để Ông/Bà được biết./.",
    "recipients": ["Như trên", "Lưu: VT."],
}
OPINION_SOURCES = {
    Opinion.Source.BALLOT: " qua phiếu khảo sát ý kiến",
    Opinion.Source.FLOOR: " tại hội nghị đối thoại",
    Opinion.Source.FEEDBACK: " qua điểm tiếp nhận phản ánh, kiến nghị",
    Opinion.Source.ORGANISATION: " qua tổ chức đoàn thể",
}
OPINION_AT_SESSION = " tại {title} ngày {date}"
OPINION_VIA_ORGANISATION = " qua {organisation}"

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

# --- Helpers ---------------------------------------------------------------------------


def _dmy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _when(value: dt.datetime) -> str:
    """'08 giờ 00, Thứ Năm, ngày 12/06/2025'."""
    value = _local(value)
    return f"{value.hour:02d} giờ {value.minute:02d}, {WEEKDAYS[value.weekday()]}, ngày {_dmy(value.date())}"


# --- Kế hoạch --------------------------------------------------------------------------


def _numbered(parts: list[tuple[str, list]], level: int) -> list:
    """The parts that have lines, as outline blocks numbered in order (I., II. at the
    top, 1., 2. below): a part the plan leaves empty is left out and the next ones move
    up. `parts` are (heading key, blocks or lines)."""
    from plans.documents import Block
    from portal.documents.parts import ROMAN

    out, n = [], 0
    for key, content in parts:
        if not content:
            continue
        n += 1
        number = f"{ROMAN[n - 1]}." if level == 0 else f"{n}."
        if level == 0:
            out.append(Block(0, number, PLAN_HEADINGS[key]))
            out += content
        else:
            out.append(Block(level, number, PLAN_HEADINGS[key], lines=content))
    return out


def render_plan(plan: DialoguePlan) -> bytes:
    """The dialogue plan in the section order of seed 000, printed as every ward plan is
    (plans.documents.render_outline): its parts handed over as the plan outline."""
    from plans.documents import Block, Line, PlanPrint, render_outline

    issued = plan.number_id is not None and plan.status in (
        DialoguePlan.Status.ISSUED,
        DialoguePlan.Status.SUPERSEDED,
    )

    def bullets(items) -> list:
        return [Line(item, bullet=True) for item in items]

    topics = bullets(strip_bullet(t.text) for t in plan.topics.all() if t.text.strip())
    note = " ".join(paragraphs(plan.content_note))
    if note and not note.lower().startswith(PLAN_WORDING["note"].lower()):
        note = f"{PLAN_WORDING['note']}: {note}"
    if note:
        topics.append(Line(note, emphasis=True))
    participants = [Line(p) for p in paragraphs(plan.participants_intro)]
    for group in plan.participant_groups.all():
        participants.append(Line(f"* {group.title.strip()}"))
        participants += bullets(text_lines(group.members))
    programme = bullets(strip_bullet(p.text) for p in plan.programme.all() if p.text.strip())
    sessions = [
        f"{s.title}: {_dmy(_local(s.starts_at).date())} {_local(s.starts_at):%H:%M}, {s.venue}"
        for s in plan.sessions.exclude(status=DialogueSession.Status.CANCELLED).order_by(
            "starts_at", "pk"
        )
    ]
    time_and_place = bullets(text_lines(plan.time_and_place)) + bullets(sessions)
    if plan.venue.strip():
        time_and_place.append(Line(f"{PLAN_WORDING['venue']}: {plan.venue.strip()}", bullet=True))
    content = _numbered(
        [
            ("topics", topics),
            ("participants", participants),
            ("programme", programme),
            ("time_and_place", time_and_place),
        ],
        level=1,
    )
    fmt = paragraphs(plan.format)
    if fmt:
        n = sum(1 for b in content if b.level == 1) + 1
        heading = f"{PLAN_HEADINGS['format']}:" if len(fmt) == 1 else PLAN_HEADINGS["format"]
        content.append(
            Block(1, f"{n}.", heading, inline=fmt[0] if len(fmt) == 1 else "",
                  lines=[] if len(fmt) == 1 else [Line(p) for p in fmt])
        )  # fmt: skip
    implementation = []
    for n, r in enumerate(plan.responsibilities.all(), start=1):
        duties = text_lines(r.duties)
        lines = [Line(duties[0])] if len(duties) == 1 else bullets(duties)
        implementation.append(Block(1, f"{n}.", r.unit.strip(), lines=lines))
    aims = _numbered(
        [
            ("purposes", bullets(text_lines(plan.purposes))),
            ("requirements", bullets(text_lines(plan.requirements))),
        ],
        level=1,
    )
    blocks = _numbered(
        [("aims", aims), ("content", content), ("implementation", implementation)], level=0
    )
    return render_outline(
        PlanPrint(
            title=plan.title,
            year=plan.year,
            number_symbol=plan.number.symbol if issued else "",
            issued_on=plan.issued_on,
            issued=issued,
            signer=plan.signer,
            signer_authority=plan.signer_authority,
            recipients=plan.recipients,
            legal_basis=paragraphs(plan.legal_basis),
            introduction=paragraphs(plan.introduction),
            closing=paragraphs(plan.closing),
        ),
        blocks,
    )


# --- Giấy mời, danh sách đại biểu, biên bản -------------------------------------------


def category_labels(org) -> dict[str, str]:
    """The delegate groups' printed names, in the unit's own words (Đại biểu xã)."""
    return {value: label.format(unit=org.unit_word) for value, label in CATEGORY_LABELS.items()}


def _category_order(attendee: Attendee) -> tuple[int, int]:
    order = list(CATEGORY_LABELS)
    rank = order.index(attendee.category) if attendee.category in order else len(order)
    return rank, attendee.pk


REPRESENTATIVE = "Đại diện"  # "Đại diện lãnh đạo <unit>": a unit invited, no Ông/Bà


def _addressee(attendee: Attendee) -> str:
    """ "Ông/Bà <name> — <position>, <unit>" with only the parts present, or
    "Đại diện lãnh đạo <unit>" for a unit."""
    name = attendee.name.strip()
    if name.lower().startswith(REPRESENTATIVE.lower()):
        return name
    details = ", ".join(p.strip() for p in (attendee.position, attendee.organisation) if p.strip())
    name = f"{INVITATION_WORDING['honorific']} {name}"
    return f"{name} — {details}" if details else name


def render_invitations(session: DialogueSession) -> bytes:
    """One invitation per invited delegate, each a page with the full header."""
    org = organization_current()
    plan = session.plan
    starts = _local(session.starts_at)
    number = session.invitation_number
    if number is not None:
        date, year = number.issued_on, number.issued_on.year
    else:  # not numbered yet: today's date up to the session's day, then blanks
        today = timezone.localdate()
        date, year = (today if today <= starts.date() else None), starts.year
    doc = OfficialDocument.for_organization(
        org,
        doc_title=document_title("GM", INVITATION_TITLE),
        number=number.symbol if number else "",
        number_suffix=draft_number_suffix("GM", org),
        date=date,
        year=year,
        signer=leader_signer_block(plan.signer, org, plan.signer_authority),
        recipients=list(INVITATION_WORDING["recipients"]),
    )
    attendees = sorted((a for a in session.attendees.all() if a.invited), key=_category_order)
    addressees = [_addressee(a) for a in attendees] or [""]  # none yet: one blank form
    context = {
        "doc": doc,
        "session": session,
        "words": INVITATION_WORDING,
        "addressees": addressees,
        "invite": INVITATION_WORDING["invite"].format(agency=org.name),
        "when": _when(session.starts_at),
    }
    return render_pdf("documents/dialogues/invitations.html", context)


def _by_category(attendees, org) -> list[dict]:
    groups = []
    for value, label in category_labels(org).items():
        rows = [a for a in attendees if a.category == value]
        if rows:
            groups.append({"label": label, "attendees": rows})
    known = set(CATEGORY_LABELS)
    rest = [a for a in attendees if a.category not in known]
    if rest:
        groups.append({"label": "", "attendees": rest})
    return groups


def render_attendance_sheet(session: DialogueSession) -> bytes:
    org = organization_current()
    starts = _local(session.starts_at)
    doc = OfficialDocument.for_organization(
        org,
        doc_title=ATTENDANCE_TITLE,
        subject=session.title,
        date=starts.date(),
    )
    groups = _by_category(list(session.attendees.all()), org)
    n = 0
    for i, group in enumerate(groups):
        group["heading"] = f"{ROMAN[i]}. {group['label']}" if group["label"] else ""
        group["rows"] = []
        for a in group["attendees"]:
            n += 1
            details = ", ".join(p.strip() for p in (a.position, a.organisation) if p.strip())
            group["rows"].append({"no": n, "name": a.name, "details": details})
    context = {
        "doc": doc,
        "session": session,
        "words": ATTENDANCE_WORDING,
        "when": _when(session.starts_at),
        "groups": groups,
    }
    return render_pdf("documents/dialogues/attendance.html", context)


def _who(opinion: Opinion) -> str:
    if opinion.citizen_name.strip():
        who = MINUTES_WORDING["citizen"].format(name=opinion.citizen_name.strip())
        if opinion.citizen_address.strip():
            who += f" ({opinion.citizen_address.strip()})"
        return who
    if opinion.organisation_id:
        return opinion.organisation.name
    return MINUTES_WORDING["anonymous"]


def render_minutes(session: DialogueSession) -> bytes:
    org = organization_current()
    starts = _local(session.starts_at)
    attendees = list(session.attendees.all())
    per_category = []
    for value, label in category_labels(org).items():
        rows = [a for a in attendees if a.category == value]
        if rows:
            per_category.append(
                MINUTES_WORDING["per_category"].format(
                    label=label,
                    attended=sum(1 for a in rows if a.attended),
                    invited=sum(1 for a in rows if a.invited),
                )
            )
    total = MINUTES_WORDING["total"].format(
        invited=sum(1 for a in attendees if a.invited),
        attended=sum(1 for a in attendees if a.attended),
    )
    opinions = list(
        Opinion.objects.filter(session=session)
        .select_related("organisation", "department")
        .order_by("created_at", "pk")
    )
    raised, routed = [], []
    for opinion in opinions:
        item = {"who": _who(opinion), "content": " ".join(paragraphs(opinion.content))}
        if opinion.out_of_scope or opinion.status == Opinion.Status.ROUTED:
            routed.append(item)
            continue
        if opinion.status == Opinion.Status.ANSWERED_ON_THE_SPOT and opinion.answer.strip():
            item["spot_answer"] = paragraphs(opinion.answer)
        elif opinion.department_id:
            item["follow_up"] = MINUTES_WORDING["written_answer_by"].format(
                department=opinion.department.name
            )
        else:
            item["follow_up"] = MINUTES_WORDING["written_answer"].format(
                committee=org.committee_short
            )
        raised.append(item)
    heads = numbered_headings(
        [
            ("attendance", True),
            ("proceedings", bool(session.agenda.strip() or session.proceedings.strip())),
            ("opinions", bool(opinions)),
            ("conclusion", bool(session.conclusion.strip())),
        ],
        MINUTES_HEADINGS,
        roman=True,
    )
    ended = (
        MINUTES_WORDING["ended"].format(
            hour=f"{session.ended_at.hour:02d}", minute=f"{session.ended_at.minute:02d}"
        )
        if session.ended_at
        else ""
    )
    number = session.minutes_number
    doc = OfficialDocument.for_organization(
        org,
        doc_title=document_title("BB", MINUTES_TITLE),
        subject=session.title,
        number=number.symbol if number else "",
        number_suffix=draft_number_suffix("BB", org),
        date=number.issued_on if number else starts.date(),
        draft=session.status != DialogueSession.Status.HELD,
    )
    context = {
        "doc": doc,
        "session": session,
        "words": MINUTES_WORDING,
        "heads": heads,
        "opening": MINUTES_WORDING["opening"].format(
            hour=f"{starts.hour:02d}",
            minute=f"{starts.minute:02d}",
            date=_dmy(starts.date()),
            venue=session.venue,
            agency=org.name,
            title=session.title,
        ),
        "per_category": per_category,
        "total": total,
        "agenda": text_lines(session.agenda),
        "proceedings": paragraphs(session.proceedings),
        "raised": raised,
        "routed": routed,
        "conclusion": paragraphs(session.conclusion),
        "ended": ended,
    }
    return render_pdf("documents/dialogues/minutes.html", context)


# --- Công văn trả lời ------------------------------------------------------------------


def _source_phrase(opinion: Opinion) -> str:
    if opinion.session_id:
        at = OPINION_AT_SESSION.format(
            title=opinion.session.title, date=_dmy(_local(opinion.session.starts_at).date())
        )
        if opinion.source == Opinion.Source.BALLOT:
            return OPINION_SOURCES[Opinion.Source.BALLOT] + at
        return at
    if opinion.source == Opinion.Source.ORGANISATION and opinion.organisation_id:
        return OPINION_VIA_ORGANISATION.format(organisation=opinion.organisation.name)
    return OPINION_SOURCES.get(opinion.source, "")


def render_answer_letter(opinion: Opinion) -> bytes:
    org = organization_current()
    numbered = opinion.number_id is not None
    name = opinion.citizen_name.strip()
    if name:
        addressee = ANSWER_WORDING["citizen"].format(name=name)
    elif opinion.organisation_id:
        addressee = opinion.organisation.name
    else:
        addressee = ""
    address = opinion.citizen_address.strip()
    received = ANSWER_WORDING["received"].format(
        date=_dmy(_local(opinion.created_at).date()),
        agency=org.name,
        who=addressee or MINUTES_WORDING["anonymous"].lower(),
        address=ANSWER_WORDING["address"].format(address=address) if address else "",
        source=_source_phrase(opinion),
    )
    signer = leader_signer_block(opinion.approved_by, org, SignerAuthority.TM)
    doc = OfficialDocument.for_organization(
        org,
        doc_title="",
        letter_subject=ANSWER_WORDING["subject"],
        number=opinion.number.symbol if numbered else "",
        number_suffix=draft_number_suffix("CV", org, "{number}/{abbreviation}-VP"),
        date=opinion.number.issued_on if numbered else None,
        year=opinion.number.issued_on.year if numbered else timezone.localdate().year,
        signer=signer,
        recipients=list(ANSWER_WORDING["recipients"]),
        draft=not numbered,
    )
    context = {
        "doc": doc,
        "opinion": opinion,
        "words": ANSWER_WORDING,
        "addressee": addressee,
        "received": received,
        "content": " ".join(paragraphs(opinion.content)),
        "answer_intro": ANSWER_WORDING["answer_intro"].format(agency=org.name),
        "closing": ANSWER_WORDING["closing"].format(committee=org.committee_short),
        "answer": paragraphs(opinion.answer),
    }
    return render_pdf("documents/dialogues/answer.html", context)


__all__ = [
    "render_answer_letter",
    "render_attendance_sheet",
    "render_invitations",
    "render_minutes",
    "render_plan",
]

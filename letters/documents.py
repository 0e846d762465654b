"""The committee's letters as printed: a thư cảm ơn or thư xin lỗi in the Nghị định
30/2020/NĐ-CP layout (documents/base.html), numbered TCO / TXL when signed.

WORDING is the fixed text of the letters (Vietnamese, document text, not interface
text); the agency and the unit ("UBND phường Phú La", "phường Phú La") come from the
ward profile. What the office typed (the addressee, the content, the remedy) is printed
auto-escaped, one paragraph per line.
"""

from __future__ import annotations

from django.utils import timezone

from letters.models import Letter
from portal.documents import OfficialDocument, leader_signer_block, render_pdf
from portal.documents.parts import document_title, draft_number_suffix, paragraphs
from portal.services import organization_current

CODES = {Letter.Kind.THANKS: "TCO", Letter.Kind.APOLOGY: "TXL"}
TITLES = {Letter.Kind.THANKS: "THƯ CẢM ƠN", Letter.Kind.APOLOGY: "THƯ XIN LỖI"}

WORDING = {
    "to": "Kính gửi",
    "citizen": "Ông/Bà {name}",
    "address": "Địa chỉ: {address}",
    # How the letter calls its addressee in the running text.
    "you": {
        Letter.AddresseeKind.CITIZEN: "Ông/Bà",
        Letter.AddresseeKind.BUSINESS: "Quý doanh nghiệp",
        Letter.AddresseeKind.ORGANISATION: "Quý đơn vị",
    },
    Letter.Kind.THANKS: {
        "greeting": "{agency} xin gửi tới {you} lời chào trân trọng và lời cảm ơn chân thành nhất.",
        "intro": "{agency} ghi nhận và đánh giá cao những đóng góp của {you}:",
        "meaning": (
            "Những đóng góp của {you} đã góp phần quan trọng vào công cuộc xây dựng và phát "
            "triển {unit} ngày càng giàu đẹp, văn minh."
        ),
        "closing": (
            "Một lần nữa, {agency} trân trọng cảm ơn và kính chúc {you} sức khỏe, hạnh phúc "
            "và thành công./."
        ),
    },
    Letter.Kind.APOLOGY: {
        "greeting": "{agency} xin gửi tới {you} lời chào trân trọng.",
        "intro": (
            "Trong quá trình thực hiện nhiệm vụ, chính quyền {unit} còn để xảy ra khuyết "
            "điểm, tồn tại sau:"
        ),
        "apology": (
            "{agency} thành thật xin lỗi {you} về khuyết điểm, tồn tại nêu trên và những "
            "phiền hà, bất tiện đã gây ra cho {you}."
        ),
        "remedy": "{agency} đã và đang thực hiện các biện pháp khắc phục như sau:",
        "closing": (
            "{agency} rất mong nhận được sự thông cảm, chia sẻ và tiếp tục góp ý của {you} "
            "để chính quyền {unit} phục vụ Nhân dân ngày càng tốt hơn./."
        ),
    },
    "recipients": ["Như trên", "Lưu: VT."],
}

# The file names of the letters (no personal data in them).
FILENAMES = {Letter.Kind.THANKS: "thu-cam-on", Letter.Kind.APOLOGY: "thu-xin-loi"}


def letter_filename(letter: Letter) -> str:
    return f"{FILENAMES[letter.kind]}-{letter.pk}.pdf"


def addressee_line(letter: Letter) -> str:
    if letter.is_citizen:
        return WORDING["citizen"].format(name=letter.addressee_name)
    return letter.addressee_name


def render_letter(letter: Letter) -> bytes:
    """The letter as it was signed (number, date, signer), or a draft with DỰ THẢO, the
    number left blank and the chairman's block unsigned."""
    org = organization_current()
    code = CODES[letter.kind]
    numbered = letter.number_id is not None
    signer = leader_signer_block(letter.signed_by, org, letter.signer_authority or "TM")
    doc = OfficialDocument.for_organization(
        org,
        doc_title=document_title(code, TITLES[letter.kind]),
        number=letter.number.symbol if numbered else "",
        number_suffix=draft_number_suffix(code, org),
        date=letter.number.issued_on if numbered else None,
        year=letter.number.issued_on.year if numbered else timezone.localdate().year,
        signer=signer,
        recipients=list(WORDING["recipients"]),
        draft=letter.is_draft,
    )
    values = {
        "agency": org.name,
        "unit": f"{org.unit_word} {org.place_name}",
        "you": WORDING["you"][letter.addressee_kind],
    }
    words = {key: text.format(**values) for key, text in WORDING[letter.kind].items()}
    return render_pdf(
        "documents/letters/letter.html",
        {
            "doc": doc,
            "letter": letter,
            "w": WORDING,
            "words": words,
            "addressee": addressee_line(letter),
            "address": WORDING["address"].format(address=letter.addressee_address)
            if letter.addressee_address
            else "",
            "body": paragraphs(letter.body),
            "remedy": paragraphs(letter.remedy) if letter.kind == Letter.Kind.APOLOGY else [],
            "is_apology": letter.kind == Letter.Kind.APOLOGY,
        },
    )

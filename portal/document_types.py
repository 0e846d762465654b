"""The document types the portal prints, created by a data migration and after every
migrate (a test database flush included), never on the first print: a GET writes nothing.

The titles and citation lines are only the starting values: staff edit them in admin when
the law changes the forms (they are never overwritten here once the row exists).
"""

from __future__ import annotations

# The one-stop forms of Thông tư số 03/2025/TT-VPCP (15/9/2025), Phụ lục I, guiding
# Nghị định số 118/2025/NĐ-CP: the citation line printed at the top of each form.
FORM_CITATION = "Mẫu số {n} - Thông tư số 03/2025/TT-VPCP"

DEFAULT_TYPES: dict[str, dict] = {
    # Numbered from the registry (Nghị định 30/2020: số/ký hiệu).
    "KH": {"name": "Kế hoạch", "title": "KẾ HOẠCH"},
    "BC": {"name": "Báo cáo", "title": "BÁO CÁO"},
    "GM": {"name": "Giấy mời", "title": "GIẤY MỜI"},
    "BB": {"name": "Biên bản", "title": "BIÊN BẢN"},
    "TB": {"name": "Thông báo", "title": "THÔNG BÁO"},
    "QĐ": {"name": "Quyết định", "title": "QUYẾT ĐỊNH"},
    "CV": {"name": "Công văn", "title": "", "symbol_format": "{number}/{abbreviation}-VP"},
    # Form 04 is a numbered letter of the committee (a PXL number when it is signed).
    "PXL": {
        "name": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        "title": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "legal_citation": FORM_CITATION.format(n="04"),
    },
    # Letters of the committee (letters app): thanking a citizen, business or organisation
    # for a contribution, apologising for a shortcoming of the authority. Nghị định
    # 30/2020 gives thư công no abbreviation; these symbols are editable in admin.
    "TCO": {"name": "Thư cảm ơn", "title": "THƯ CẢM ƠN"},
    "TXL": {"name": "Thư xin lỗi", "title": "THƯ XIN LỖI"},
    # The desk's forms carry the dossier's code instead of a registry number.
    "GTN": {
        "name": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "legal_citation": FORM_CITATION.format(n="01"),
        "numbered": False,
    },
    "PBS": {
        "name": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "title": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "legal_citation": FORM_CITATION.format(n="02"),
        "numbered": False,
    },
    "PTC": {
        "name": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "title": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "legal_citation": FORM_CITATION.format(n="03"),
        "numbered": False,
    },
    "TDG": {
        "name": "Thông báo dừng giải quyết hồ sơ",
        "title": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "legal_citation": FORM_CITATION.format(n="05"),
        "numbered": False,
    },
    "PKS": {
        "name": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "title": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "legal_citation": FORM_CITATION.format(n="06"),
        "numbered": False,
    },
    "STD": {
        "name": "Sổ theo dõi hồ sơ",
        "title": "SỔ THEO DÕI HỒ SƠ",
        "legal_citation": FORM_CITATION.format(n="07"),
        "numbered": False,
    },
}

# What earlier releases created, so the forms' migration can tell an untouched row
# (brought up to the 2025 forms) from one an administrator edited (left alone).
OLD_PXL_TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"


def number_text(number: int) -> str:
    """A registry number as printed: below 10 with a leading zero (01/KH-UBND), as
    Nghị định 30/2020/NĐ-CP, Phụ lục I, II.3.c asks."""
    return f"{number:02d}"


def symbol_padded(symbol: str, number: int) -> str:
    """An old symbol written without the leading zero ("1/KH-UBND"), with it."""
    plain = str(number)
    if (
        number < 10
        and symbol.startswith(plain)
        and not symbol[len(plain) : len(plain) + 1].isdigit()
    ):
        return number_text(number) + symbol[len(plain) :]
    return symbol


def document_types_forms_2025(model) -> int:
    """Bring the one-stop forms created by earlier releases to Thông tư 03/2025: fill an
    empty citation line, and turn the untouched 2018 apology slip into form 04 (a
    numbered letter). A row an administrator edited keeps its words."""
    changed = 0
    for code, fields in DEFAULT_TYPES.items():
        citation = fields.get("legal_citation")
        if citation:
            changed += model.objects.filter(code=code, legal_citation="").update(
                legal_citation=citation
            )
    pxl = DEFAULT_TYPES["PXL"]
    changed += model.objects.filter(code="PXL", title=OLD_PXL_TITLE).update(
        name=pxl["name"], title=pxl["title"], numbered=True
    )
    return changed


def document_types_sync(model) -> int:
    """Create the missing types (model: DocumentType, or its historical version)."""
    existing = set(model.objects.values_list("code", flat=True))
    missing = [
        model(code=code, **fields) for code, fields in DEFAULT_TYPES.items() if code not in existing
    ]
    model.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def document_type(code: str):
    """The type for `code`: read only."""
    from portal.models import DocumentType

    return DocumentType.objects.get(code=code)

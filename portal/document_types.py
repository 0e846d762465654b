"""The document types the portal prints, created by a data migration and after every
migrate (a test database flush included), never on the first print: a GET writes nothing.

The titles and citation lines are only the starting values: staff edit them in admin when
the law changes the forms (they are never overwritten here once the row exists).
"""

from __future__ import annotations

DEFAULT_TYPES: dict[str, dict] = {
    # Numbered from the registry (Nghị định 30/2020: số/ký hiệu).
    "KH": {"name": "Kế hoạch", "title": "KẾ HOẠCH"},
    "BC": {"name": "Báo cáo", "title": "BÁO CÁO"},
    "CV": {"name": "Công văn", "title": "", "symbol_format": "{number}/{abbreviation}-VP"},
    # The one-stop forms carry the dossier's receipt code instead of a registry number.
    "GTN": {
        "name": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "numbered": False,
    },
    "PBS": {
        "name": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "title": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "numbered": False,
    },
    "PTC": {
        "name": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "title": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "numbered": False,
    },
    "PXL": {
        "name": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "title": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "numbered": False,
    },
    "PKS": {
        "name": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "title": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "numbered": False,
    },
}


def number_text(number: int) -> str:
    """A registry number as printed: below 10 with a leading zero (01/KH-UBND), as
    Nghị định 30/2020/NĐ-CP, Phụ lục I, II.3.c asks."""
    return f"{number:02d}"


def symbol_padded(symbol: str, number: int) -> str:
    """An old symbol written without the leading zero ("1/KH-UBND"), with it."""
    plain = str(number)
    if number < 10 and symbol.startswith(plain) and not symbol[len(plain) : len(plain) + 1].isdigit():
        return number_text(number) + symbol[len(plain) :]
    return symbol


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

"""The official layout of Nghị định 30/2020, checked in the PDF itself."""

import datetime as dt
import io

import pdfplumber
import pytest

from portal.documents import (
    OfficialDocument,
    SignerBlock,
    _static_only_fetcher,
    document_date_line,
    render_pdf,
)

MM = 72 / 25.4  # PDF points per millimetre
COLUMN_SPLIT = 93 * MM  # between the agency column and the motto / signer column


def _sample(subject="Tổ chức đối thoại về thủ tục hành chính năm 2024", paragraphs=20, **kwargs):
    doc = OfficialDocument(
        parent_agency="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        agency="ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LA",
        doc_title="KẾ HOẠCH",
        subject=subject,
        place="Phú La",
        number="41/KH-UBND",
        date=dt.date(2024, 2, 5),
        signer=SignerBlock(name="Phan Cao Đăng", position="Chủ tịch", authority="TM"),
        recipients=["UBND thành phố", "TT Đảng ủy phường", "Lưu: VT."],
        **kwargs,
    )
    body = [
        "Thực hiện Kế hoạch số 46/KH-UBND ngày 27/02/2024 của UBND phường về công tác cải "
        "cách hành chính năm 2024, UBND phường xây dựng kế hoạch tổ chức đối thoại như sau."
    ] * paragraphs
    return render_pdf("documents/sample.html", {"doc": doc, "paragraphs": body})


@pytest.fixture(scope="module")
def pdf():
    with pdfplumber.open(io.BytesIO(_sample())) as opened:
        pages = [
            {
                "text": p.extract_text(),
                "chars": p.chars,
                "width": p.width,
                "height": p.height,
                "page": p,
            }
            for p in opened.pages
        ]
        lines = [p.extract_text_lines() for p in opened.pages]
        yield pages, lines


def _line(lines, startswith):
    for line in lines:
        if line["text"].startswith(startswith):
            return line
    raise AssertionError(f"no line starting with {startswith!r}")


def _fonts(line):
    return {c["fontname"].split("+", 1)[-1] for c in line["chars"] if c["text"].strip()}


def test_a4_portrait_and_margins(pdf):
    pages, _ = pdf
    for page in pages:
        assert round(page["width"]) == 595 and round(page["height"]) == 842
        chars = [c for c in page["chars"] if c["text"].strip()]
        body = [c for c in chars if c["top"] > 20 * MM]  # ignore the page number in the margin
        left = min(c["x0"] for c in body)
        right = max(c["x1"] for c in body)
        bottom = max(c["bottom"] for c in body)
        assert 30 * MM - 1 <= left <= 35 * MM, left / MM
        assert right <= page["width"] - 15 * MM + 1, right / MM
        assert bottom <= page["height"] - 20 * MM + 1
    # Full justified lines on page 1 reach the right margin (15-20 mm).
    right_first = max(c["x1"] for c in pages[0]["chars"])
    assert right_first >= pages[0]["width"] - 20 * MM
    first_top = min(c["top"] for c in pages[0]["chars"])
    assert first_top >= 20 * MM - 1


def test_header_number_and_date_line(pdf):
    pages, lines = pdf
    page = pages[0]["page"]
    left = " ".join(page.crop((0, 0, COLUMN_SPLIT, 60 * MM)).extract_text().split())
    assert left.startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LA")
    text = pages[0]["text"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 41/KH-UBND" in text
    date_line = _line(lines[0], "Phú La, ngày 05 tháng 02 năm 2024")
    assert all("Italic" in f for f in _fonts(date_line))
    issuer = [
        ln
        for ln in lines[0]
        if "PHƯỜNG PHÚ LA" in ln["text"] or ln["text"].startswith("ỦY BAN NHÂN DÂN PHƯỜNG")
    ]
    assert issuer and all("Bold" in f for f in _fonts(issuer[0]))
    right = page.crop((COLUMN_SPLIT, 0, page.width, 60 * MM)).extract_text_lines()
    motto = _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert all("Bold" in f for f in _fonts(motto))
    agency_x = min(c["x0"] for c in issuer[0]["chars"])
    assert min(c["x0"] for c in motto["chars"]) > agency_x + 40 * MM  # right column


def test_title_and_subject_are_bold_and_centred(pdf):
    pages, lines = pdf
    title = _line(lines[0], "KẾ HOẠCH")
    assert all("Bold" in f for f in _fonts(title))
    centre = (title["x0"] + title["x1"]) / 2
    text_centre = (30 * MM + pages[0]["width"] - 15 * MM) / 2
    assert abs(centre - text_centre) < 3 * MM


def test_body_is_justified_at_13_to_14_points(pdf):
    _, lines = pdf
    body = [ln for ln in lines[0] if ln["top"] > 80 * MM]
    first_lines = [ln for ln in body if ln["text"].startswith("Thực hiện")]
    inner = [
        ln
        for ln in body
        if not ln["text"].startswith("Thực hiện") and not ln["text"].endswith("sau.")
    ]
    assert first_lines and inner
    assert {round(c["size"]) for ln in body for c in ln["chars"]} <= {13, 14}
    # First line indented about 1.27 cm; the other lines span the whole measure.
    assert abs(first_lines[0]["x0"] - (30 * MM + 12.7 * MM)) < 1.5
    for ln in inner:
        assert abs(ln["x0"] - 30 * MM) < 1
        assert abs(ln["x1"] - (595.28 - 15 * MM)) < 2


def test_signer_block_and_recipients_on_the_last_page(pdf):
    pages, lines = pdf
    page = pages[-1]["page"]
    last = page.crop((0, 0, COLUMN_SPLIT, page.height)).extract_text_lines()
    heading = _line(last, "Nơi nhận:")
    assert all("BoldItalic" in f or "Bold-Italic" in f for f in _fonts(heading))
    assert round(heading["chars"][0]["size"]) == 12
    keep = _line(last, "- Lưu: VT.")
    assert round(keep["chars"][0]["size"]) == 11
    text = pages[-1]["text"]
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Phan Cao Đăng" in text
    signer_column = page.crop((COLUMN_SPLIT, 0, page.width, page.height)).extract_text_lines()
    assert _line(signer_column, "TM. ỦY BAN NHÂN DÂN")
    assert _line(signer_column, "CHỦ TỊCH")
    assert _line(signer_column, "Phan Cao Đăng")


def test_page_numbers_centred_at_top_from_page_two(pdf):
    pages, lines = pdf
    assert len(pages) >= 2
    first_line = lines[0][0]
    assert first_line["text"] != "1"
    top = lines[1][0]
    assert top["text"] == "2"
    assert top["top"] < 20 * MM
    assert abs((top["x0"] + top["x1"]) / 2 - (30 * MM + 595.28 - 15 * MM) / 2) < 3 * MM


def test_fonts_are_embedded_times_compatible(pdf):
    pages, _ = pdf
    names = {c["fontname"] for c in pages[0]["chars"]}
    assert all("+" in n for n in names), names  # subset prefix: the font is embedded
    assert all("Liberation-Serif" in n or "Times" in n or "Tinos" in n for n in names), names


def test_user_text_is_escaped_not_interpreted():
    content = _sample(subject="<b>Đậm?</b> & <img src='file:///etc/passwd'>", paragraphs=1)
    with pdfplumber.open(io.BytesIO(content)) as opened:
        text = opened.pages[0].extract_text()
    assert "<b>Đậm?</b> &" in text
    assert "<img src='file:///etc/passwd'>" in text.replace("\n", "")


def test_renderer_refuses_to_fetch_files_or_network():
    fetcher = _static_only_fetcher()
    for url in ("file:///etc/passwd", "http://example.com/x.png", "https://10.0.0.1/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert b".bg-portal" in fetcher.fetch("portal-static:portal/portal.css").read()
    assert fetcher.fetch("data:text/plain,xin%20chao").read() == b"xin chao"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 2, 5), "Phú La, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 1, 15), "Phú La, ngày 15 tháng 01 năm 2024"),
        (dt.date(2024, 3, 5), "Phú La, ngày 05 tháng 3 năm 2024"),
        (dt.date(2024, 12, 31), "Phú La, ngày 31 tháng 12 năm 2024"),
    ],
)
def test_date_line_leading_zeros(day, expected):
    assert document_date_line("Phú La", day) == expected


def test_draft_date_line_leaves_blanks():
    assert document_date_line("Phú La", None, year=2024) == "Phú La, ngày      tháng      năm 2024"


@pytest.mark.parametrize(
    ("block", "lines"),
    [
        (
            SignerBlock(name="A", position="Chủ tịch", authority="TM"),
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        ),
        (
            SignerBlock(name="A", position="Phó Chủ tịch", authority="TM"),
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        (
            SignerBlock(name="A", position="Phó Chủ tịch", authority="KT"),
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        (SignerBlock(name="A", position="Phó Chủ tịch", authority="Q"), ["Q. CHỦ TỊCH"]),
        (
            SignerBlock(name="A", position="Công chức Văn phòng", authority="TL"),
            ["TL. CHỦ TỊCH", "CÔNG CHỨC VĂN PHÒNG"],
        ),
        (SignerBlock(name="A", position="Chủ tịch", authority=""), ["CHỦ TỊCH"]),
    ],
)
def test_signer_authority_forms(block, lines):
    assert block.lines == lines


@pytest.mark.django_db
def test_specimen_pdf_for_staff_only(client, desk):
    response = client.get("/documents/sample.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(desk)
    response = client.get("/documents/sample.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as opened:
        text = opened.pages[0].extract_text()
        assert len(opened.pages) >= 2
    flat = " ".join(text.split())
    assert "VĂN BẢN MẪU" in flat
    assert "Mẫu trình bày văn bản hành chính (Nghị định số 30/2020" in flat
    assert "Số: /VBM-UBND" in flat
